"""Who an article's people are: what it calls each of them.

An article introduces a person once ("The prime minister, Anders Kolm, ...", "Dario Fennick,
a 19-year-old student, ...", "Health Minister Lucian Varga") and later writes only "Mr Kolm"
or "she". A question asks by the post ("what did the pm tell parliament?"): the quote that
names Mr Kolm, or says "she" right after naming him, holds the post's words too.

``descriptions`` reads an article's introductions; ``People.referents`` finds who a quote speaks of.
General English only: the titles and the shapes of an introduction, never one article's names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# a post written before a name, as its title: "Prime Minister Lena Voskar", "Judge Anna Berg"
# (also what makes a sentence introduce a name it precedes; see ``speakers.introduces``) ...
TITLES = frozenset("""
president judge minister general colonel captain senator mayor governor professor chancellor
commissioner ambassador director chairman chairwoman chief inspector sheriff
""".split())
# ... and the posts an introduction here may end on: "Agriculture minister Raoul Dessaint", "the
# transport minister Pavel Lind", "the board's chief executive"
POSTS = TITLES | frozenset("""
executive head chair spokesman spokeswoman spokesperson secretary prosecutor officer manager
leader founder editor superintendent commander premier deputy treasurer administrator
coordinator
""".split())
POST = "(?i:" + "|".join(sorted(POSTS)) + ")"  # one of them, in any case
# a word before a post that makes it another ("the deputy mayor", "the shadow minister") ...
OTHER_POST = frozenset("deputy vice assistant acting interim shadow".split())
# ... or the post's holder one of the past ("the former prime minister", "then minister")
PAST_HOLDER = frozenset("former ex outgoing previous then late".split())
_NAME = r"[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,2}"  # "Anders Kolm"
_DESCRIBED = (r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]*[\u2019']s)\s+"
              r"[^,.;:()\u201c\u201d\"]{2,70}?")
_AFTER = re.compile(  # "Anders Kolm, the prime minister," / "Kolm, its chief executive, said"
    rf"(?<![\w\u2019'-])(?P<name>{_NAME}),\s+(?P<what>{_DESCRIBED})"
    r"(?=[,.;]|\s+(?:said|says|told|who|which)\b)")
_DOES = re.compile(  # "Jonas Fehr, who runs the village bakery": what someone does
    rf"(?<![\w\u2019'-])(?P<name>{_NAME}),\s+who\s+(?P<what>(?:runs|owns|heads|leads|manages|"
    r"chairs|directs|founded|represents|teaches|coaches|edits|works\s+(?:as|for|at|in))\s+"
    r"[^,.;:()\u201c\u201d\"]{2,60}?)(?=[,.;]|\s+(?:said|says|told)\b)")
_BEFORE = re.compile(  # "the prime minister, Anders Kolm" / "Drovania's foreign minister, X"
    rf"(?:^|(?<=[\s\u2013\u2014(]))(?P<what>{_DESCRIBED}),\s+(?P<name>{_NAME})(?![\w\u2019'-])")
_TITLED = re.compile(  # "Prime Minister Lena Voskar", "the transport minister Pavel Lind"
    rf"(?P<what>(?:[A-Z][\w-]*\s+){{0,2}}{POST}|(?<=\b(?:the|its|his|her) )"
    rf"(?:[a-z][\w-]*\s+){{0,2}}{POST})\s+(?P<name>{_NAME})(?![\w\u2019'-])")
# a name in a sentence's opening phrase of place or time ("In Pellino, the share ...", "In
# the meantime, Velsen ...") is not introduced there; "praised by the minister, X" is
_PREPOSITIONS = frozenset("in on at by from for with since after before until during across to "
                          "of into near outside inside under over".split())
_ADVERBIAL = re.compile(r"(?:^|[.!?\n][\"\u201d\u2019]?\s+)(?i:" + "|".join(sorted(_PREPOSITIONS))
                        + r")\s+[^,.;!?\n]*$")  # a sentence opening on a place or a time
# a verb: the words before or after a name are a clause ("When the lease was signed in 1994,
# Drovania ..."; "the province that includes Pellino, the share wanting closure rose to 44%")
_CLAUSE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|"
                     r"must|should|did|does|do|rose|fell|feels?|felt|seems?|remains?|became|"
                     r"says?|said|told)\b", re.IGNORECASE)
DESCRIPTION_WORDS = 10
# who a sentence speaks of without naming: "she said", "He told reporters", "her ministry"
_PRONOUN = re.compile(r"\b(?:she|he|her|his|him)\b", re.IGNORECASE)


def surname(name: str) -> str:
    """How ``descriptions`` keys a name: its last word, in lower case ("Kolm's": "kolm")."""
    return re.sub(r"[\u2019']s$", "", name.split()[-1]).lower()


def _opens_on_place_or_time(text: str, at: int) -> bool:
    """The sentence ``at`` stands in opens on a phrase of place or time, unbroken up to
    ``at`` (searched from the sentence's start, not the text's: the text is a whole
    article)."""
    start = max(text.rfind(end, 0, at) for end in ".!?\n")
    return _ADVERBIAL.search(text, max(start, 0), at) is not None


def descriptions(text: str, ordinary: Callable[[str], bool]) -> dict[str, str]:
    """Each person (or body, or place) the text introduces, by surname in lower case: the
    phrases it calls them by, joined ("kolm": "the prime minister"). A one-word name that
    is an ``ordinary`` word is not one ("However, the government ...")."""
    found: dict[str, list[str]] = {}
    for pattern in (_AFTER, _DOES, _BEFORE, _TITLED):
        for match in pattern.finditer(text):
            name = match.group("name")
            if (len(name.split()) == 1 and ordinary(name.lower())) or (
                    pattern is not _TITLED and _opens_on_place_or_time(text, match.start())
                    ) or name.split()[0].lower() in _PREPOSITIONS:
                continue  # a place or a time: "In Pellino, ...", "In the meantime, Velsen"
            what = match.group("what").strip()
            if _CLAUSE.search(what) or len(what.split()) > DESCRIPTION_WORDS:
                continue  # a clause before the name, not what it is: "In X, the share rose"
            found.setdefault(surname(name), []).append(what)
    return {name: " ; ".join(whats) for name, whats in found.items()}


class People:
    """An article's people, as ``descriptions`` reads them, and one pattern that finds any
    of their surnames written as a name (capitalised, a word of its own)."""

    def __init__(self, called: dict[str, str]) -> None:
        self.called = called
        self._written = re.compile(r"(?<![\w-])(?:" + "|".join(
            re.escape(name[0].upper()) + "(?i:" + re.escape(name[1:]) + ")" for name in called)
            + r")(?![\w-])") if called else None

    def referents(self, quote: str, before: str) -> list[str]:
        """The people the quote speaks of, by surname: those it names, and, when it names
        none of them but says "she" or "he", the last one named in ``before`` (the text of
        its paragraph before it)."""
        if self._written is None:
            return []
        named = list(dict.fromkeys(m.group().lower() for m in self._written.finditer(quote)))
        if named or not _PRONOUN.search(quote):
            return named
        last = next(reversed(list(self._written.finditer(before))), None)
        return [last.group().lower()] if last else []
