"""Verbs with a particle as people say them, and the plain verbs articles write instead.

People ask "is pakistan kicking out the afghans?" of an article that says "Pakistan's
decision to deport millions of Afghans"; "when was the agency set up?" of one that says it
"was established in 2019". The words share nothing, and the embedding model ranks the
sentence on Pakistan and Afghanistan first. So a verb with a particle ("kicking out") that
the articles never write, in any of its forms, is read as the first of its plain verbs the
articles do write, in the same form ("deporting"); a phrasal verb the articles write too
("set up") stays as it is, and so does one none of whose plain verbs they write.

Only verbs of one common sense are read so. Those of several are left to the embedding
model: "come out" (of a lake, or of a report), "run out" (of money, or of a lease), "bring in"
(money, or a rule), "turn up" (at a meeting, or in a search).

General English only: the verbs, the particles and their usual plain verbs, never one
article's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# the plain verbs, in the order they are tried, of a verb with a particle
PLAIN_VERBS = {
    "kick out": ("deport", "expel", "evict", "oust"),
    "wipe out": ("destroy", "kill"),
    "lay off": ("dismiss", "sack"),
    "step down": ("resign",),
    "set up": ("establish", "found", "create", "launch"),
    "call off": ("cancel", "postpone", "suspend"),
    "lock up": ("detain", "jail", "imprison"),
    "back down": ("concede", "retreat", "withdraw"),
    "break out": ("escape",),
    "pull out": ("withdraw", "leave"),
    "set off": ("trigger", "spark", "cause"),
    "go up": ("rise", "increase"),
    "hand over": ("transfer", "surrender", "return"),
    "put off": ("postpone", "delay"),
    "fall out": ("sour", "quarrel", "clash", "split"),  # not "fell out of the boat"
    "send back": ("deport", "return", "repatriate", "expel"),
    "take over": ("seize", "capture", "acquire"),
    "give up": ("surrender", "abandon", "renounce", "quit"),
    "pay back": ("repay", "refund", "reimburse"),
    "sign up": ("register", "enrol", "enroll", "join"),
    "carry out": ("conduct", "perform", "commit"),
}
# the phrasal verbs that are literal before "of": "fell out of the boat"
_LITERAL_BEFORE_OF = frozenset({"fall out"})
# the particle may follow an object pronoun: "kicked them out"
_OBJECT = r"(?:(?:them|it|him|her|everyone|everybody|people)\s+)?"
# the past and the past participle of the verbs above whose past is not "-ed"
_IRREGULAR = {"set": ("set", "set"), "put": ("put", "put"), "lay": ("laid", "laid"),
              "go": ("went", "gone"), "break": ("broke", "broken"), "rise": ("rose", "risen"),
              "withdraw": ("withdrew", "withdrawn"), "leave": ("left", "left"),
              "fall": ("fell", "fallen"), "send": ("sent", "sent"), "take": ("took", "taken"),
              "give": ("gave", "given"), "pay": ("paid", "paid"), "repay": ("repaid", "repaid")}
_DOUBLES = re.compile(r"^[^aeiou]*[aeiou][bdgklmnprt]$")  # "step": "stepped", "stepping"
# a plain verb that is another's past ("found" of "find"): looked for in its other forms only
_ANOTHER_PAST = frozenset({"found"})


def _forms(verb: str) -> dict[str, str]:
    """A verb's forms by name: "go", "goes", "went", "gone", "going"."""
    stem = verb + verb[-1] if _DOUBLES.match(verb) else verb
    if verb.endswith("e") and not verb.endswith("ee"):
        ed, ing = verb + "d", verb[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", verb):
        ed, ing = verb[:-1] + "ied", verb + "ing"
    else:
        ed, ing = stem + "ed", stem + "ing"
    s = (verb + "es" if re.search(r"(?:s|x|z|ch|sh|o)$", verb)
         else verb[:-1] + "ies" if re.search(r"[^aeiou]y$", verb) else verb + "s")
    past, participle = _IRREGULAR.get(verb, (ed, ed))
    return {"base": verb, "s": s, "past": past, "participle": participle, "ing": ing}


def _pattern() -> re.Pattern[str]:
    alternatives = []
    for phrase in PLAIN_VERBS:
        verb, particle = phrase.split()
        forms = "|".join(sorted(set(_forms(verb).values()), key=len, reverse=True))
        literal = r"(?!\s+of\b)" if phrase in _LITERAL_BEFORE_OF else ""
        alternatives.append(rf"(?P<{verb}_{particle}>(?:{forms})\s+{_OBJECT}{particle}\b{literal})")
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_PHRASAL = _pattern()


# "was set up", "has been cut off", "when was the agency set up": a verb whose base and past
# are alike is a participle after one of these, a few words before it at most
_PERFECT_OR_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|has|have|had|get|got|"
                                 r"gets|getting)(?:\s+[\w'-]+){0,5}\s+$", re.IGNORECASE)


def in_plain_verbs(text: str, has_phrase: Callable[[str], bool]) -> str:
    """``text`` with each verb and particle the articles never write read as the first of
    its plain verbs they do write, in the form it was typed in ("kicking out": "deporting";
    "kicked them out": "deported them")."""
    def replace(match: re.Match[str]) -> str:
        phrase = next(k for k, v in match.groupdict().items() if v).replace("_", " ")
        verb, particle = phrase.split()
        forms = _forms(verb)
        if any(has_phrase(f"{form} {particle}") for form in set(forms.values())):
            return match.group()
        typed, *between = match.group().split()[:-1]
        named = [name for name, written in forms.items() if written == typed.lower()]
        form = ("participle" if "participle" in named and _PERFECT_OR_PASSIVE.search(
            text, 0, match.start()) else named[0])
        for plain in PLAIN_VERBS[phrase]:
            written = _forms(plain)
            if any(has_phrase(w) for name, w in written.items()
                   if name != "base" or plain not in _ANOTHER_PAST):
                return " ".join([written[form], *between])
        return match.group()

    return _PHRASAL.sub(replace, text)
