"""A word's other spellings in English, British and American ("defence", "defense"), and
the other word one side says for the same thing ("lorry", "truck").

An asker who writes "defense minister", "labor union" or "organization" of an article
that writes "defence", "labour" and "organisation" means the same words, but they share no
stem, and a misspelling's correction keeps the first letter ("enquiry" is never
"inquiry"). ``other_spellings`` gives the ways the same word is written on the other side of
the Atlantic, by the regular differences (-our/-or, -re/-er, -ce/-se, -ise/-ize, -yse/-yze,
-ogue/-og, -elled/-eled, ae and oe/e) and a short list of words that differ otherwise
("tyre", "tire"); the analyser uses one the articles write.

General English only.
"""

from __future__ import annotations

import re

# (a word's ending as one side writes it, as the other does), both ways
_ENDINGS = (
    (r"(?<=[a-z]{2}[^aeiou])our(s|ed|ing|ite|ites|able|ful|less)?$", r"or\1",
     r"(?<=[a-z]{2}[^aeiou])or(s|ed|ing|ite|ites|able|ful|less)?$", r"our\1"),
    (r"(?<=[a-z]{2}[^aeiou])re(s)?$", r"er\1", r"(?<=[a-z]{2}[^aeiou])er(s)?$", r"re\1"),
    (r"(?<=[a-z]{2}[en])ce(s)?$", r"se\1", r"(?<=[a-z]{2}[en])se(s)?$", r"ce\1"),
    (r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1",
     r"(?<=[a-z]{3})iz(e|es|ed|ing|ation|ations|er|ers)$", r"is\1"),
    (r"(?<=[a-z]{2})yse(s|d)?$", r"yze\1", r"(?<=[a-z]{2})yze(s|d)?$", r"yse\1"),
    (r"(?<=[a-z]{3})ogue(s)?$", r"og\1", r"(?<=[a-z]{3})og(s)?$", r"ogue\1"),
    (r"(?<=[a-z]e)ll(ed|ing|er|ers)$", r"l\1", r"(?<=[a-z][^l]e)l(ed|ing|er|ers)$", r"ll\1"),
)
_RULES = tuple((re.compile(a), b) for rule in _ENDINGS for a, b in (rule[:2], rule[2:]))
_DIGRAPH = re.compile(r"(?<=[a-z])(?:ae|oe)(?=[a-z])")  # "paediatric", "manoeuvre"
# words that differ otherwise, British first
_PAIRS = """
tyre:tire tyres:tires aluminium:aluminum grey:gray cheque:check cheques:checks kerb:curb
mould:mold plough:plow sceptic:skeptic sceptical:skeptical judgement:judgment ageing:aging
enquiry:inquiry enquiries:inquiries jewellery:jewelry pyjamas:pajamas draught:draft
programme:program programmes:programs manoeuvre:maneuver manoeuvres:maneuvers
"""


def _both_ways(pairs: str) -> dict[str, str]:
    """Each word of "british:american" pairs, to the other."""
    found = {}
    for pair in pairs.split():
        british, american = pair.split(":")
        found[british], found[american] = american, british
    return found


_OTHER = _both_ways(_PAIRS)
MIN_LETTERS = 5  # a shorter word keeps its spelling: "acre" is no "acer"
# words of one meaning that differ between the two sides, British first ("lorry", "truck"): the
# asker's may be in the articles too, for other things ("a queue of 2,300 lorries" answers
# "how long is the truck queue" of an article that writes "1,400 trucks a day" elsewhere)
_WORDS = """
lorry:truck lorries:trucks petrol:gasoline pavement:sidewalk pavements:sidewalks
motorway:freeway motorways:freeways film:movie films:movies postcode:zipcode rubbish:garbage
nappy:diaper nappies:diapers windscreen:windshield maths:math aubergine:eggplant
courgette:zucchini railway:railroad railways:railroads
"""
_OTHER_WORD = _both_ways(_WORDS)


def other_word(word: str) -> str | None:
    """The word the other side of the Atlantic says for ``word`` ("truck": "lorry"), if it
    says another."""
    return _OTHER_WORD.get(word)


def other_spellings(word: str) -> list[str]:
    """``word`` as the other side of the Atlantic writes it, each way it may ("defense":
    "defence"; "organization": "organisation"; "paediatric": "pediatric")."""
    found = [_OTHER[word]] if word in _OTHER else []
    if len(word) < MIN_LETTERS or not word.isalpha():
        return found
    found += [pattern.sub(replacement, word) for pattern, replacement in _RULES
              if pattern.search(word)]
    if _DIGRAPH.search(word):
        found.append(_DIGRAPH.sub(lambda m: m.group()[1], word))
    return [f for f in dict.fromkeys(found) if f != word]
