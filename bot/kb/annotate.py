"""Annotating a sentence in one pass: its index terms, entities, topics, years and kinds.

Index terms are the tokenizer's terms of the sentence, plus an entity term
("e:ttp") per mention of a glossary entity and a topic term ("t:refugees")
per topic whose keywords the sentence holds. The kinds (a number, a date, a
person, a reason, a question) let an answer prefer the sentence that holds
what the question asks for.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.kb.glossary import Glossary
from bot.kb.text import MONTHS, YEAR, Tokenizer, words

ENTITY_PREFIX = "e:"
TOPIC_PREFIX = "t:"

HAS_NUMBER, HAS_DATE, HAS_PERSON, HAS_REASON, IS_QUESTION, HAS_AMOUNT = 1, 2, 4, 8, 16, 32

_DIGIT = re.compile(r"\d")
_REASON = re.compile(r"\b(because|reasons?|due to|owing to|motivated|in order to|so that|"
                     r"as a result|led to|leads? to|therefore|caused|given that|thanks to|"
                     r"why|for (?:that|this) (?:reason|plan|purpose))\b")
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds thousand thousands million millions billion dozens percent".split())
_MONTHS = frozenset(MONTHS)
# what is a figure but not an amount: a year, the day of a date, a time of day
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_NOT_AMOUNT = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|"
    r"(?:1[5-9]\d\d|20\d\d)s?\b|\d{1,2}:\d\d\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)\b|"
    # "at 11.47 p.m.", "by 2.40", not "2.40 dinars" nor "4.25 billion"
    r"(?:(?<=at )|(?<=by )|(?<=after )|(?<=before )|(?<=until )|(?<=around ))\d{1,2}\.\d\d\b|"
    r"\d{1,2}\.\d\d\s*(?:am|pm|a\.m\.|p\.m\.))",
    re.IGNORECASE)


def is_figure(word: str) -> bool:
    """A figure in digits or in words: "4,117", "52,000-seat", "eleven"."""
    return _DIGIT.search(word) is not None or any(
        part in NUMBER_WORDS for part in word.split("-"))


def figure_kinds(text: str, surface: list[str] | None = None) -> int:
    """HAS_NUMBER, HAS_DATE and HAS_AMOUNT (a figure that is not a year, a day of a date or
    a time of day) of a sentence or a clause (``surface``: its words in lower
    case, when the caller has them)."""
    if surface is None:
        surface = [w.lower() for w in words(text)]
    digit = _DIGIT.search(text) is not None
    counted = any(part in NUMBER_WORDS for word in surface for part in word.split("-"))
    kinds = HAS_NUMBER if digit or counted else 0
    if (digit and YEAR.search(text)) or not _MONTHS.isdisjoint(surface):
        kinds |= HAS_DATE
    if counted or (digit and _DIGIT.search(_NOT_AMOUNT.sub(" ", text))):
        kinds |= HAS_AMOUNT  # "how many crew" is not answered by "built in 1987"
    return kinds


def surface_words(text: str) -> list[str]:
    """A sentence's surface words, as ``Annotator`` records them (the spelling vocabulary)."""
    return [w.lower() for w in words(text, lower=False)]


class SentenceNotes(NamedTuple):
    terms: list[int]  # ids of the index terms, with repeats, entity and topic terms included
    words: list[int]  # the surface words, numbered (the same word, the same number)
    entities: list[str]  # entity ids, once per mention, in order
    topics: list[str]
    years: list[str]
    kinds: int  # HAS_NUMBER | HAS_DATE | ...


class TermTable:
    """Terms numbered as they are first seen: ``terms[i]`` is the term of id i."""

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.ids: dict[str, int] = {}

    @classmethod
    def copy_of(cls, terms: list[str], ids: dict[str, int]) -> TermTable:
        """A table that numbers ``terms`` as a snapshot did, and goes on from there."""
        table = cls()
        table.terms, table.ids = list(terms), dict(ids)
        return table

    def id(self, term: str) -> int:
        i = self.ids.get(term)
        if i is None:
            i = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return i


class Annotator:
    """Annotates sentences against one glossary; each surface word's term ids
    (in ``table``) are worked out once."""

    def __init__(self, glossary: Glossary, tokenizer: Tokenizer,
                 table: TermTable | None = None) -> None:
        self.glossary = glossary
        self.tokenizer = tokenizer
        self.table = table if table is not None else TermTable()  # a snapshot's, to add to it
        self._topics_of: dict[int, list[str]] = {}
        for topic, stems in glossary.topic_stems(tokenizer).items():
            for stem in sorted(stems):  # in a fixed order: term ids are the same in every process
                self._topics_of.setdefault(self._id(stem), []).append(topic)
        self._topic_order = {topic: i for i, topic in enumerate(glossary.topics)}
        self._people = {e.id for e in glossary.entities.values() if e.type == "person"}
        self._word_ids: dict[str, list[int]] = {}
        self._word_numbers: dict[str, int] = {}
        self.words: list[str] = []  # every surface word seen, in the order first seen

    def _id(self, term: str) -> int:
        return self.table.id(term)

    def _ids(self, word: str) -> list[int]:
        ids = self._word_ids[word] = [self._id(t) for t in self.tokenizer.word_terms(word)]
        self._word_numbers[word] = len(self.words)
        self.words.append(word)
        return ids

    def sentence(self, text: str) -> SentenceNotes:
        cased = words(text, lower=False)
        surface = [w.lower() for w in cased]
        cache = self._word_ids
        for word in dict.fromkeys(w for w in surface if w not in cache):  # each new word once
            self._ids(word)
        ids = [i for w in surface for i in cache[w]]
        numbers = self._word_numbers
        word_numbers = [numbers[w] for w in surface]
        entities = [m.entity for m in self.glossary.mentions_in_words(cased, surface)]
        topics_of = self._topics_of
        hits = topics_of.keys() & ids
        topics = sorted({topic for i in hits for topic in topics_of[i]},
                        key=self._topic_order.__getitem__) if hits else []
        years = list(dict.fromkeys(YEAR.findall(text)))
        kinds = figure_kinds(text, surface)
        if entities and not self._people.isdisjoint(entities):
            kinds |= HAS_PERSON
        if _REASON.search(text.lower()):
            kinds |= HAS_REASON
        if text.rstrip("\"'\u201d\u2019) ").endswith("?"):
            kinds |= IS_QUESTION  # a rhetorical question asserts nothing: a poor answer
        ids += [self._id(ENTITY_PREFIX + e) for e in entities]
        ids += [self._id(TOPIC_PREFIX + t) for t in topics]
        return SentenceNotes(ids, word_numbers, entities, topics, years, kinds)
