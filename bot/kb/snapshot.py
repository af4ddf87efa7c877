"""A knowledge base snapshot: articles, passages, annotations and index, built once.

A snapshot is never changed after it is built; a refresh builds a new one.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.kb.articles import Article, article_files, load_articles
from bot.kb.glossary import Annotations, Glossary, load_glossary
from bot.kb.index import PassageIndex
from bot.kb.passages import Passage, chunk_article
from bot.kb.text import Tokenizer, words

ENTITY_PREFIX = "e:"
TOPIC_PREFIX = "t:"


@dataclass(frozen=True)
class SentenceInfo:
    terms: frozenset[str]  # index terms, entity terms included
    mentions: tuple[str, ...]  # entity ids, once per mention
    has_number: bool
    has_date: bool
    has_person: bool
    has_reason: bool
    is_question: bool  # a rhetorical question asserts nothing: a poor answer
    length: int


@dataclass(frozen=True)
class KnowledgeBase:
    articles: dict[str, Article]
    passages: list[Passage]
    glossary: Glossary
    tokenizer: Tokenizer
    index: PassageIndex  # row i is passage rows[i]
    rows: list[int]
    sentence_info: list[list[SentenceInfo]]  # per passage, per sentence
    passage_terms: list[frozenset[str]]  # per passage
    vocabulary: dict[str, int]  # surface word -> how often it occurs (spelling correction)
    version: str
    folder: str = ""
    build_seconds: float = 0.0
    built_at: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {(p.article_id, str(p.paragraph)): p
                                             for p in self.passages})
        by_article: dict[str, list[Passage]] = {}
        for p in self.passages:
            if p.searchable:
                by_article.setdefault(p.article_id, []).append(p)
        object.__setattr__(self, "_by_article", by_article)

    @property
    def searchable_count(self) -> int:
        """Passages that can be quoted (pull quotes left out)."""
        return sum(len(found) for found in self._by_article.values())

    def passages_of(self, article_id: str) -> list[Passage]:
        """The article's quotable passages (no pull quotes), in reading order."""
        return self._by_article.get(article_id, [])

    def passage(self, article_id: str, paragraph: int | str) -> Passage | None:
        return self._by_key.get((article_id, str(paragraph)))

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
            "passages": len(self.passages),
            "passages by role": dict(sorted(roles.items())),
            "indexed passages": self.searchable_count,
            "index terms": len(self.index.idf),
            "glossary": self.glossary.stats(),
            "entities mentioned": dict(entity_counts.most_common()),
            "topics": dict(topic_counts.most_common()),
            "years": dict(sorted(years.items())),
            "build seconds": round(self.build_seconds, 3),
        }


def _sentence_info(text: str, tokenizer: Tokenizer, glossary: Glossary,
                   topic_stems: dict[str, set[str]]) -> tuple[SentenceInfo, Annotations, list[str]]:
    annotations = glossary.annotate(text, tokenizer, topic_stems)
    mentions = glossary.mentions(text)
    terms = tokenizer.terms(text)
    extra = [ENTITY_PREFIX + m.entity for m in mentions]
    extra += [TOPIC_PREFIX + t for t in annotations.topics]
    people = {e.id for e in glossary.entities.values() if e.type == "person"}
    surface = words(text)
    info = SentenceInfo(
        terms=frozenset(terms + extra),
        mentions=tuple(m.entity for m in mentions),
        has_number=any(any(c.isdigit() for c in w) for w in surface)
        or any(w in _NUMBER_WORDS for w in surface),
        has_date=bool(annotations.years) or any(w in _MONTHS for w in surface),
        has_person=any(m.entity in people for m in mentions),
        has_reason=bool(_REASON.search(text)),
        is_question=text.rstrip("\"'\u201d\u2019) ").endswith("?"),
        length=len(text),
    )
    return info, annotations, terms + extra


_REASON = re.compile(r"\b(because|reasons?|due to|owing to|motivated|in order to|so that|"
                     r"as a result|led to|leads? to|therefore|caused|given that|thanks to|"
                     r"why|for (?:that|this) (?:reason|plan|purpose))\b", re.IGNORECASE)
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion dozens percent".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    .split())


def _fingerprint(files: list[Path], glossary_path: Path) -> str:
    digest = hashlib.sha256()
    for path in [*files, glossary_path]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_from_articles(articles: list[Article], glossary: Glossary, version: str = "",
                        folder: str = "", started: float | None = None) -> KnowledgeBase:
    """Chunk, annotate and index articles that are already loaded and validated."""
    started = time.perf_counter() if started is None else started
    tokenizer = Tokenizer()
    topic_stems = glossary.topic_stems(tokenizer)
    passages: list[Passage] = []
    sentence_info: list[list[SentenceInfo]] = []
    documents: list[list[str]] = []
    passage_terms: list[frozenset[str]] = []
    rows: list[int] = []
    vocabulary: Counter[str] = Counter()
    for article in articles:
        for passage in chunk_article(article):
            infos, doc = [], []
            for sentence in passage.sentence_texts():
                info, _, terms = _sentence_info(sentence, tokenizer, glossary, topic_stems)
                infos.append(info)
                doc.extend(terms)
            annotations = glossary.annotate(passage.text, tokenizer, topic_stems)
            passage = replace(passage, annotations=annotations)
            passages.append(passage)
            sentence_info.append(infos)
            passage_terms.append(frozenset(doc))
            if passage.searchable:  # pull quotes stay out of the index
                rows.append(len(passages) - 1)
                documents.append(doc)
                vocabulary.update(words(passage.text))
    for word in glossary.alias_words():
        vocabulary[word] += 1
    return KnowledgeBase(
        articles={a.id: a for a in articles}, passages=passages, glossary=glossary,
        tokenizer=tokenizer, index=PassageIndex(documents), rows=rows,
        sentence_info=sentence_info,
        passage_terms=passage_terms, vocabulary=dict(vocabulary), version=version,
        folder=folder, build_seconds=time.perf_counter() - started,
    )


def build_knowledge_base(folder: str | Path) -> KnowledgeBase:
    """Load, validate, chunk, annotate and index a knowledge folder.

    Raises KnowledgeError listing every problem when any file is malformed.
    """
    started = time.perf_counter()
    folder = Path(folder)
    files = article_files(folder)
    glossary = load_glossary(folder)
    articles = load_articles(files)
    return build_from_articles(articles, glossary, _fingerprint(files, folder / "glossary.yaml"),
                               str(folder), started)
