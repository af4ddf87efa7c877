"""Chunking: an article becomes paragraph-level passages with their sentences.

Body paragraphs are numbered as a reader counts them (1, 2, ...). The caption
and the standfirst are passages with a role of their own. A paragraph that
repeats a sentence of the body (a pull quote) is recognised, kept for
reference, numbered neither, and never searched or quoted: the body paragraph
it repeats is quoted instead.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from bot.kb.articles import Article
from bot.kb.glossary import Annotations
from bot.kb.sentences import sentence_spans
from bot.kb.text import words

BODY, CAPTION, STANDFIRST, PULL_QUOTE = "body", "caption", "standfirst", "pull_quote"
PULL_QUOTE_COVERAGE = 0.9  # share of a paragraph's words found, in order, in another
WALK = 512  # paragraphs looked up for one paragraph's rarest words, at most
CANDIDATES = 8  # paragraphs compared word by word with one paragraph, at most


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


def find_pull_quotes(texts: list[str], seqs: list[list[int]] | None = None) -> dict[int, int]:
    """Map index of each pull-quote paragraph -> index of the paragraph it repeats.

    ``seqs``: the paragraphs' words as numbers (the same word, the same number), when the
    caller has them already.

    Linear in the article's size: a paragraph is compared only with the few paragraphs
    that hold its rarest words. Each word of the short one missing from the long one is at
    least one unmatched word, so a paragraph that repeats 90% of another holds at least one
    of its (10% of its length + 1) rarest words; the paragraphs holding them are found
    through an inverted list, at most ``WALK`` entries a paragraph, and at most
    ``CANDIDATES`` of them, the ones sharing the most words, are compared in order.
    """
    if seqs is None:
        numbers: dict[str, int] = {}
        seqs = [[numbers.setdefault(w, len(numbers)) for w in words(t)] for t in texts]
    if len(seqs) < 2:
        return {}
    distinct = [set(seq) for seq in seqs]
    holders: dict[int, list[int]] = defaultdict(list)  # word -> paragraphs holding it
    for i, kinds in enumerate(distinct):
        for word in kinds:
            holders[word].append(i)
    found: dict[int, int] = {}
    for i, short in enumerate(seqs):
        if not short:
            continue
        slack = int((1 - PULL_QUOTE_COVERAGE) * len(short))  # distinct words it may miss
        rarest = sorted(distinct[i], key=lambda w: len(holders[w]))[:slack + 1]
        shared: Counter[int] = Counter()
        walked = 0
        for word in rarest:
            walked += len(holders[word])
            if walked > WALK:  # commoner words still: this paragraph repeats nothing rare
                break
            shared.update(holders[word])
        need = len(distinct[i]) - slack
        longer = [(count, -j) for j, count in shared.items()
                  if j != i and j not in found and len(seqs[j]) > len(short)]
        candidates = sorted(-k for _, k in heapq.nlargest(CANDIDATES, longer)
                            if len(distinct[i] & distinct[-k]) >= need)
        for j in candidates:
            matcher = SequenceMatcher(None, short, seqs[j], autojunk=False)
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
