"""A knowledge base snapshot: articles, passages, annotations and index, built once.

A snapshot is never changed after it is built; a refresh builds a new one.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from bot.kb.annotate import (
    ENTITY_PREFIX,
    HAS_DATE,
    HAS_NUMBER,
    HAS_PERSON,
    HAS_REASON,
    IS_QUESTION,
)
from bot.kb.articles import Article
from bot.kb.glossary import Glossary
from bot.kb.index import PassageIndex
from bot.kb.passages import Passage
from bot.kb.semantic import SentenceVectors
from bot.kb.text import Tokenizer


def passage_count(kb: KnowledgeBase) -> str:
    """How every command counts passages: the quotable ones, pull quotes named apart."""
    pulls = len(kb.passages) - kb.searchable_count
    return f"{kb.searchable_count} passages" + (f" ({pulls} pull quote(s) left out)" if pulls
                                                else "")


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    terms: frozenset[str]  # index terms, entity terms included
    mentions: tuple[str, ...]  # entity ids, once per mention
    kinds: int  # HAS_NUMBER | HAS_DATE | ... (see bot.kb.annotate)
    length: int

    @property
    def has_number(self) -> bool:
        return bool(self.kinds & HAS_NUMBER)

    @property
    def has_date(self) -> bool:
        return bool(self.kinds & HAS_DATE)

    @property
    def has_person(self) -> bool:
        return bool(self.kinds & HAS_PERSON)

    @property
    def has_reason(self) -> bool:
        return bool(self.kinds & HAS_REASON)

    @property
    def is_question(self) -> bool:  # a rhetorical question asserts nothing: a poor answer
        return bool(self.kinds & IS_QUESTION)


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Articles, passages and index. Each passage's sentences are stored as term ids in
    flat arrays (a few bytes a term, not a Python set each), and read back on demand."""

    articles: dict[str, Article]
    passages: list[Passage]
    glossary: Glossary
    tokenizer: Tokenizer
    index: PassageIndex  # row i is passage rows[i]
    rows: np.ndarray
    tokens: np.ndarray  # term ids of every sentence of every passage, one after the other
    sentence_bounds: np.ndarray  # sentence s is tokens[sentence_bounds[s]:sentence_bounds[s + 1]]
    passage_sentences: np.ndarray  # passage p's sentences are passage_sentences[p]:[p + 1]
    sentence_kinds: np.ndarray  # per sentence
    vocabulary: frozenset[str]  # every surface word (spelling correction)
    version: str
    folder: str = ""
    build_seconds: float = 0.0
    built_at: float = field(default_factory=time.time)
    glossary_digest: str = ""  # SHA-256 of the glossary file: a refresh reuses articles only
    # when it is the same (annotations depend on it)
    vectors: SentenceVectors | None = None  # sentence vectors, when a model was given
    loaded_from: str = ""  # the snapshot cache file it was read from, when a whole build
    # found one (see bot.kb.snapshot_cache); empty when built from the article files alone

    def sentence_texts(self) -> list[str]:
        """Every sentence's text, numbered as ``sentence_bounds`` numbers them."""
        return [text for p in self.passages for text in p.sentence_texts()]

    def searchable_sentences(self) -> np.ndarray:
        """Per sentence: whether its passage may be quoted."""
        counts = np.diff(self.passage_sentences)
        return np.repeat(np.fromiter((p.searchable for p in self.passages), dtype=bool,
                                     count=len(self.passages)), counts)

    def __post_init__(self) -> None:
        ranges: dict[str, tuple[int, int]] = {}  # an article's passages are consecutive
        for i, p in enumerate(self.passages):
            start = ranges.get(p.article_id, (i, i))[0]
            ranges[p.article_id] = (start, i + 1)
        object.__setattr__(self, "_ranges", ranges)

    @property
    def searchable_count(self) -> int:
        """Passages that can be quoted (pull quotes left out)."""
        return len(self.rows)

    def article_range(self, article_id: str) -> tuple[int, int]:
        """The article's passages are ``passages[start:end]``."""
        return self._ranges.get(article_id, (0, 0))

    def _of(self, article_id: str) -> list[Passage]:
        start, end = self._ranges.get(article_id, (0, 0))
        return self.passages[start:end]

    def passages_of(self, article_id: str) -> list[Passage]:
        """The article's quotable passages (no pull quotes), in reading order."""
        return [p for p in self._of(article_id) if p.searchable]

    def passage(self, article_id: str, paragraph: int | str) -> Passage | None:
        wanted = str(paragraph)
        return next((p for p in self._of(article_id) if str(p.paragraph) == wanted), None)

    @property
    def terms(self) -> list[str]:
        """Term id -> term (the index's table)."""
        return self.index.terms

    def _sentence_terms(self, s: int) -> list[str]:
        terms = self.terms
        return [terms[i] for i in self.tokens[self.sentence_bounds[s]:
                                              self.sentence_bounds[s + 1]].tolist()]

    def sentence_info(self, p: int) -> list[SentenceInfo]:
        """What the answer ranking needs of each sentence of passage p."""
        first = int(self.passage_sentences[p])
        out = []
        for k, (start, end) in enumerate(self.passages[p].sentences):
            terms = self._sentence_terms(first + k)
            mentions = tuple(t[len(ENTITY_PREFIX):] for t in terms if t.startswith(ENTITY_PREFIX))
            out.append(SentenceInfo(frozenset(terms), mentions,
                                    int(self.sentence_kinds[first + k]), end - start))
        return out

    def passage_terms(self, p: int) -> frozenset[str]:
        lo = self.sentence_bounds[self.passage_sentences[p]]
        hi = self.sentence_bounds[self.passage_sentences[p + 1]]
        terms = self.terms
        return frozenset(terms[i] for i in set(self.tokens[lo:hi].tolist()))

    def stats(self) -> dict[str, object]:
        roles = Counter(p.role for p in self.passages)
        entity_counts: Counter[str] = Counter()
        topic_counts: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for p in self.passages:
            if p.searchable:
                entity_counts.update(p.annotations.entities)
                topic_counts.update(p.annotations.topics)
                years.update(p.annotations.years)
        return {
            "version": self.version,
            "articles": len(self.articles),
            "passages": self.searchable_count,  # the quotable ones, as every command counts
            "passages by role": dict(sorted(roles.items())),  # pull quotes included
            "index terms": self.index.term_count,
            "glossary": self.glossary.stats(),
            "entities mentioned": dict(entity_counts.most_common()),
            "topics": dict(topic_counts.most_common()),
            "years": dict(sorted(years.items())),
            "build seconds": round(self.build_seconds, 3),
        }
