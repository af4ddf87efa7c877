"""What a sentence gives, in the words articles write it with: a cause ("blamed on"), an
outcome ("ruled that"), what is still to come ("is due to report"), a month or a time, a
size in people ("a town of about 6,000 people"), a measure rather than a count ("40
minutes"), and what settles a yes/no question ("has not", "denied"). General English only.
"""

from __future__ import annotations

import itertools
import re

from bot.kb.annotate import HAS_DATE, figure_kinds, is_figure
from bot.kb.chat import NUMBER_NAME
from bot.kb.text import MONTHS, WEEKDAYS, YEAR, words

SHORT_CLAUSE = 5  # words: "In 2018," before the clause it dates
# a cause given in words: "caused by", "because of", "blamed on", "attributed to", "the result of"
# ("due to" and a verb is a plan: "due to meet")
GIVES_CAUSE = re.compile(
    r"\b(?:because|due to(?! (?:be|meet|start|begin|open|close|take|hold|visit|resume|end|"
    r"report|publish|return|vote|decide|sign|arrive|appear|finish|expire|rule)\b)|owing to|"
    r"thanks to|caused|causing|blamed?|attribut\w*|result(?:ed)? (?:of|from)|as a result|"
    r"stemm\w* from|traced (?:back )?to|triggered|sparked|led to|reasons?|why)\b", re.IGNORECASE)
# an outcome: a ruling, a decision, a finding ("ruled that", "upheld", "the verdict")
GIVES_OUTCOME = re.compile(r"\b(?:ruled|decided|decision|ruling|verdict|concluded|conclusion|"
                           r"found|findings?|upheld|overturned|struck down|dismissed|rejected|"
                           r"judge?ment)\b", re.IGNORECASE)
# what is still to come: "is due to report", "will vote on Thursday", "has yet to rule", "a
# decision is expected by 30 June", "has agreed to hear the case", "still needs the approval"
STILL_TO_COME = re.compile(r"\b(?:is|are) (?:due|expected|scheduled|set) (?:to|for|by)\b|"
                           r"\b(?:has|have) (?:yet to|scheduled)\b|\bis scheduled\b|"
                           r"\bwill (?:vote|rule|decide|report|hear|consider|announce|publish)\b|"
                           r"\bagreed to hear\b|\bstill (?:needs|awaits|has to)\b|\bawaiting\b|"
                           r"\bpending\b", re.IGNORECASE)
# what is to come, in words: a modal, a plan, a promise, a threat, a date ahead ("will", "is
# expected to", "plans", "vowed", "by 2030")
SPEAKS_OF_FUTURE = re.compile(
    r"\b(?:will|would|won't|shall|could|may|might|going to|set to|due (?:to|in|by|for)|"
    r"expected|expects?|plans?|planned|planning|intends?|intended|promise[sd]?|pledge[sd]?|"
    r"vow(?:s|ed)?|threaten(?:s|ed)?|propos(?:e|es|ed|al|als)|aims?|hopes?|wants?|seeks?|"
    r"to be|next|upcoming|scheduled|until|in the coming|by 20\d\d|in 20[3-9]\d|"
    # ... or rules it out: "has ruled out taking the factory back", "no plans to", "has so far
    # resisted calls to suspend the rule"
    r"rul(?:ed|es|ing) out|refus(?:ed|es|ing) to|declin(?:ed|es|ing) to|no (?:plans?|intention)|"
    r"resist(?:s|ed|ing)?)\b",
    re.IGNORECASE)
# ... and what is done: "ruled", "found", "voted 31 to 12"
SPEAKS_OF_DONE = re.compile(r"\b(?:ruled|decided|concluded|found|voted|approved|rejected|upheld|"
                            r"overturned|dismissed|passed|adopted|defeated)\b", re.IGNORECASE)
# how long a state has lasted, or since when: "since the group emerged", "for 61 years"
LASTING = re.compile(r"\b(?:since|(?:for|over|in|during) (?:the (?:past|last) |more than |nearly "
                     r"|almost |over )?(?:\w+ ){0,2}?(?:\d+|[a-z]+(?:-[a-z]+)?) (?:years?|months?|"
                     r"weeks?|days?|decades?|centuries|generations?))\b", re.IGNORECASE)


def written_month(month: str) -> str:
    """A month as the articles write it: "August", "Aug 3", "Sept. 3"."""
    return rf"\b{month.capitalize()}\b|\b{month[:3].capitalize()}t?\.? ?\d"


# a month or a year counted from now: "last month", "the following year"
_COUNTED_FROM_NOW = r"\b(?:this|last|next|that|the same|the following|the previous) "
# a month, named or counted from now ("last month")
GIVES_MONTH = re.compile("|".join(map(written_month, MONTHS)) + rf"|{_COUNTED_FROM_NOW}month\b")
# a year, in figures or counted from now ("last year"): what "what year" asks
GIVES_YEAR = re.compile(rf"{YEAR.pattern}|{_COUNTED_FROM_NOW}year\b", re.IGNORECASE)
# a time a "when" may be answered with, besides a date: "at 11.47 p.m.", "on Thursday",
# "last week", "within days"
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)|\b(?:"
                   + "|".join(WEEKDAYS) + r"|midnight|noon|today|yesterday|"
                   r"tomorrow|days?|weeks?|months?|years?|spring|summer|autumn|winter)\b",
                   re.IGNORECASE)
# what settles a yes/no question: a denial, a refusal, a state that holds or has not changed
SETTLES = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|den(?:y|ies|ied)|"
                     r"declin(?:e|es|ed)|refus(?:e|es|ed)|reject(?:s|ed)?|resist(?:s|ed)?|"
                     r"remain(?:s|ed)?|still|already|yet|ever|first|only)\b|n[\u2019']t\b",
                     re.IGNORECASE)
# a refusal to say, which settles whether someone said something: "declined to comment",
# "would not say whether", "did not respond to requests"
REFUSED_TO_SAY = re.compile(
    r"\b(?:declin\w*|refus\w*) to (?:comment|say|answer|explain|name|discuss|confirm|give|"
    r"reveal|respond|speak|indicate|be interviewed)\b|\b(?:would|could|did|has|have) not "
    r"(?:say|comment|confirm|name|discuss|explain|reveal|respond|reply|answer|return|"
    r"be reached)\b|\bno comment\b|\bhas not (?:said|commented|responded|explained)\b",
    re.IGNORECASE)
FIGURE_WORD = re.compile(r"\d(?:[\d,.]*\d)?\s+([a-z]+)\b")  # "1,940 korvas": the word after a figure
# what a figure measures, not counts: "40 minutes", "140 kilometres" (a share may answer a
# count: "how many support the strike?", "61 per cent")
MEASURE_UNITS = frozenset("""
second seconds minute minutes hour hours day days week weeks month months year years decade
decades km kilometres kilometers metre metres meter meters m cm mm mile miles
kg kilograms kilos tonne tonnes ton tons hectare hectares acre acres degree degrees am pm
a.m p.m
""".split())
_FIGURE_AND_WORD = re.compile(rf"(?:\d[\d,.:]*|\b{NUMBER_NAME}\b)(?:[\s-]+([a-z.%]+))?",
                              re.IGNORECASE)
# a year an article gives from its own date
RELATIVE_YEAR = re.compile(r"\b(last|this|the|next) year\b", re.IGNORECASE)
YEAR_OFFSET = {"last": -1, "this": 0, "the": 0, "next": 1}


def measures_only(quote: str) -> bool:
    """Every figure of the quote is followed by a unit of time, distance or weight."""
    units = [word.lower().rstrip(".") for word in _FIGURE_AND_WORD.findall(quote)]
    return bool(units) and all(unit in MEASURE_UNITS for unit in units)


def gives_date(quote: str) -> bool:
    """The quote gives a date or a time: "in 2019", "on Thursday", "next spring"."""
    return bool(figure_kinds(quote) & HAS_DATE) or _TIME.search(quote) is not None


def in_short_clauses(clauses: list[str], kind: int) -> bool:
    """A figure of ``kind`` in the short clauses at the head of ``clauses``, before a long one
    (", Tobias Ekwendeni, on 11 November,")."""
    for clause in itertools.takewhile(lambda c: len(words(c)) <= SHORT_CLAUSE, clauses):
        if figure_kinds(clause) & kind:
            return True
    return False


# a place's or a body's size in people, given as what it is "of": "a town of about 6,000
# people", "a body of eleven members", "a panel of five judges"
INHABITANTS = frozenset("people persons residents inhabitants citizens souls".split())
MEMBERSHIP = frozenset("member members".split())  # asked of a body, written after its figure
_MEMBERS = INHABITANTS | frozenset("""members staff employees workers judges experts officials
delegates representatives engineers""".split())
_ABOUT = frozenset("about some around roughly nearly almost over under more than fewer less at "
                   "least an estimated just".split())
SIZE_REACH = 3  # words from "a" or "this" to "of": "a small market town of ..."
POPULATION_REACH = 6  # ... and from "population" to its figure: "population, which stands at N"
_SIZE_DETERMINERS = frozenset("a an this that its their".split())


def gives_size(seq: list[str]) -> bool:
    """The words ``seq`` give a place's or a body's size in people: "a town of [about] N
    people" (or members, residents ...), "houses some N refugees", "home to N", "its
    population ... N"."""
    for at, word in enumerate(seq):
        if word == "of" and any(w in _SIZE_DETERMINERS
                                for w in seq[max(0, at - SIZE_REACH):at]):
            k = _figure_after(seq, at + 1)
            if k and any(w in _MEMBERS for w in seq[k:k + 2]):
                return True
        elif word in ("houses", "shelters") or (word == "to" and seq[at - 1:at] == ["home"]):
            if _figure_after(seq, at + 1):
                return True
        elif word == "population" and any(
                is_figure(w) for w in seq[at + 1:at + 1 + POPULATION_REACH]):
            return True
    return False


def _figure_after(seq: list[str], k: int) -> int:
    """Where the words after a figure at ``k`` (after "about", "some" ...) begin; 0 when
    there is no figure there."""
    while k < len(seq) and seq[k] in _ABOUT:
        k += 1
    if k == len(seq) or not is_figure(seq[k]):
        return 0
    while k < len(seq) and is_figure(seq[k]):
        k += 1
    return k
