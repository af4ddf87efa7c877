"""Chunking: an article becomes paragraph-level passages with their sentences.

Body paragraphs are numbered as a reader counts them (1, 2, ...). The caption
and the standfirst are passages with a role of their own. A paragraph that
repeats a sentence of the body (a pull quote) is recognised, kept for
reference, numbered neither, and never searched or quoted: the body paragraph
it repeats is quoted instead.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from bot.kb.articles import Article
from bot.kb.glossary import Annotations
from bot.kb.sentences import sentence_spans
from bot.kb.text import words

BODY, CAPTION, STANDFIRST, PULL_QUOTE = "body", "caption", "standfirst", "pull_quote"
PULL_QUOTE_COVERAGE = 0.9  # share of a paragraph's words found, in order, in another


def pack_spans(spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> bytes:
    return array("I", [offset for span in spans for offset in span]).tobytes()


@dataclass(frozen=True, slots=True)
class Passage:
    id: str  # "<article id>#<paragraph number or role>"
    article_id: str
    role: str
    number: int | None  # body paragraph number; None for caption, standfirst, pull quote
    utf8: bytes  # the text, encoded (see ``text``)
    spans: bytes  # the sentences' character spans in text, packed (see ``sentences``)
    line: int | None = None
    repeats: int | None = None  # for a pull quote: the body paragraph it repeats
    notes: str = ""  # the annotations, packed (see ``annotations``)

    # A large knowledge base holds a million passages. Packed, the text takes one
    # byte a character (a str with one curly quote in it takes two), the spans
    # tens of bytes instead of hundreds, and the annotations one string.
    @property
    def text(self) -> str:
        return self.utf8.decode()

    @property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each sentence in ``text``."""
        flat = array("I")
        flat.frombytes(self.spans)
        return tuple(zip(flat[::2], flat[1::2], strict=True))

    @property
    def annotations(self) -> Annotations:
        return Annotations.unpack(self.notes)

    @property
    def label(self) -> str:
        """How a citation names the passage: 'paragraph 3', 'caption', ..."""
        return f"paragraph {self.number}" if self.number is not None else self.role.replace("_", " ")

    @property
    def paragraph(self) -> int | str:
        """The paragraph number, or the role for passages outside the body."""
        return self.number if self.number is not None else self.role

    def sentence_texts(self) -> list[str]:
        text = self.text
        return [text[s:e] for s, e in self.sentences]

    @property
    def searchable(self) -> bool:
        return self.role != PULL_QUOTE


def _overlaps(seqs: list[list[int]]) -> np.ndarray:
    """shared[i, j]: how many distinct words paragraphs i and j have in common
    (words given as numbers)."""
    distinct = [np.unique(np.asarray(seq, dtype=np.int64)) for seq in seqs]
    columns = np.unique(np.concatenate(distinct), return_inverse=True)[1]
    incidence = np.zeros((len(seqs), max(int(columns.max(initial=0)) + 1, 1)), dtype=np.int32)
    incidence[np.repeat(np.arange(len(seqs)), [len(d) for d in distinct]), columns] = 1
    return incidence @ incidence.T


def find_pull_quotes(texts: list[str], seqs: list[list[int]] | None = None) -> dict[int, int]:
    """Map index of each pull-quote paragraph -> index of the paragraph it repeats.

    ``seqs``: the paragraphs' words as numbers (one number per distinct word),
    when the caller has them already.
    """
    if seqs is None:
        numbers: dict[str, int] = {}
        seqs = [[numbers.setdefault(w, len(numbers)) for w in words(t)] for t in texts]
    if len(seqs) < 2:
        return {}
    shared = _overlaps(seqs)
    found: dict[int, int] = {}
    for i, short in enumerate(seqs):
        if not short:
            continue
        # each word of the short one missing from the long one is at least one unmatched
        # word, so a paragraph sharing fewer distinct words cannot hold 90% of it
        need = shared[i, i] - (1 - PULL_QUOTE_COVERAGE) * len(short)
        for j in np.flatnonzero(shared[i] >= need).tolist():
            long = seqs[j]
            if i == j or j in found or len(long) <= len(short):
                continue
            matcher = SequenceMatcher(None, short, long, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            if matched / len(short) >= PULL_QUOTE_COVERAGE:
                found[i] = j
                break
    return found


def chunk_article(article: Article, spans: list[tuple[tuple[int, int], ...]] | None = None,
                  seqs: list[list[int]] | None = None) -> list[Passage]:
    """The passages of one article, in reading order.

    ``spans`` and ``seqs``: each paragraph's sentence spans and numbered words, when the
    caller has them already.
    """
    passages: list[Passage] = []
    for role, text in ((CAPTION, article.caption), (STANDFIRST, article.standfirst)):
        if text:
            passages.append(Passage(f"{article.id}#{role}", article.id, role, None, text.encode(),
                                    pack_spans(sentence_spans(text)), None))
    texts = [p.text for p in article.paragraphs]
    if spans is None:
        spans = [tuple(sentence_spans(t)) for t in texts]
    pulls = find_pull_quotes(texts, seqs)
    numbers: dict[int, int] = {}
    for i in range(len(texts)):
        if i not in pulls:
            numbers[i] = len(numbers) + 1
    for i, para in enumerate(article.paragraphs):
        if i in pulls:
            passages.append(Passage(f"{article.id}#pull-{i + 1}", article.id, PULL_QUOTE, None,
                                    para.text.encode(), pack_spans(spans[i]), para.line,
                                    repeats=numbers.get(pulls[i])))
        else:
            passages.append(Passage(f"{article.id}#{numbers[i]}", article.id, BODY, numbers[i],
                                    para.text.encode(), pack_spans(spans[i]), para.line))
    return passages
