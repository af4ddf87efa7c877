"""Whether a question's word that the articles lack is a word of English, a name, or a
keyboard mash: the model's vocabulary, with the endings and prefixes English makes words
with ("understaffed", "unpatched"), and the asker's capitals ("Lahore").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (the question's analysis reads its words with ``english_word``)
    from bot.kb.query import QueryWord

# a word as typed ("Karachi", "IS-K"), its capitals kept
_TYPED_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def written_as_name(question: str, word: str) -> bool:
    """The asker writes ``word`` with a capital, not at the start: a name ("Karachi"). (No
    pattern made of the word: the regular-expression cache is not for every word asked.)"""
    typed = _TYPED_WORD.findall(question)
    return any(w[0].isupper() and w.lower() == word for w in typed[1:])


def in_plain_english(question: str, own: list[QueryWord], common: frozenset[str]) -> bool:
    """Every word of the question is the articles' or a word of English (the model's
    vocabulary), and none the articles lack is written as a name ("What's the weather in
    Lahore?"): a paraphrase in words of its own, not a keyboard mash ("asdkj qwpe zzxv")."""
    for w in own:
        if w.known:
            continue
        if not english_word(w.correction or w.surface, common) or written_as_name(
                question, w.surface):
            return False
    return True


# endings and prefixes English makes words of words with, and the least a word they are
# taken off must keep ("bed" is not "b" with an ending)
_ENDINGS = ("ly", "ed", "d", "ing", "er", "ers", "ness", "ment", "ments", "able", "ably", "ity",
            "ise", "ised", "ize", "ized", "ful", "less", "ship")
_PREFIXES = ("un", "under", "over", "re", "non", "mis", "pre", "post", "anti", "out", "co", "de",
             "dis", "sub", "super", "counter", "semi", "self")
MIN_BASE = 4


def english_word(word: str, common: frozenset[str], prefixed: bool = True) -> bool:
    """A word of English (the model's vocabulary), or the plural of one the vocabulary has
    only in the singular, of a form no invented word ends in ("loaves", "batches";
    not "saras", though "sara" is a name the vocabulary knows), or one it makes of a word of
    English with an ending or a prefix English makes words with ("massively", "understaffed",
    "unpatched")."""
    if word in common:
        return True
    singulars = []
    if word.endswith("ves"):
        singulars += [word[:-3] + "f", word[:-3] + "fe"]
    elif word.endswith("ies"):
        singulars.append(word[:-3] + "y")
    elif re.search(r"(?:s|x|z|ch|sh)es$", word):
        singulars.append(word[:-2])
    if any(len(singular) > 2 and singular in common for singular in singulars):
        return True
    for ending in _ENDINGS:
        base = word[:-len(ending)]
        if word.endswith(ending) and len(base) >= MIN_BASE and (
                base in common or base + "e" in common
                or (base[-1] == base[-2] and base[:-1] in common)):  # "patted"
            return True
    return prefixed and any(
        word.startswith(prefix) and len(word) - len(prefix) >= MIN_BASE
        and english_word(word[len(prefix):], common, prefixed=False) for prefix in _PREFIXES)
