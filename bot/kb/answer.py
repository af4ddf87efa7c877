"""Answers: the best sentences of the best passages, quoted exactly, or a decline.

Ranking. BM25 finds candidate passages. Every sentence of those passages is
scored by how much of the question's information (the IDF of each question
word, see ``query``) it contains, with its paragraph as context and a bonus
when it holds what the question asks for (a number, a date, a person).

Quoting. A quote is a sentence as printed. It takes the sentence before it
when it starts by pointing back ("It was drawn..."), and a sentence too long
to read at a glance is cut to the clauses that matter, with an ellipsis
where it was cut. Every quote is a substring of its passage.

Declining. The answer is declined when the best passage holds less than half
of the question's information: the words that were not found are named, so
the rule can be explained to the person who asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.kb.articles import Article
from bot.kb.passages import BODY, Passage
from bot.kb.query import Analyser, Query, QueryWord
from bot.kb.snapshot import KnowledgeBase, SentenceInfo
from bot.kb.text import normalize

CANDIDATES = 12  # passages whose sentences are considered
MIN_COVERAGE = 0.5  # share of the question's information the best passage must hold
MAX_QUOTE = 320  # characters; a longer sentence is cut to its best clauses
MAX_JOINED = 420  # characters; a sentence brings the one before only within this
ELLIPSIS = "…"
CONTEXT_SHARE = 0.35  # weight of the paragraph's match beside the sentence's own
BM25_SHARE = 0.3
ANSWER_TYPE_BONUS = 0.15
MISSING_TYPE_FACTOR = 0.7  # "when"/"how many" asked, and the sentence has no date/number
OUTSIDE_BODY_PENALTY = 0.1  # caption and standfirst summarise; the body says it first
QUESTION_PENALTY = 0.2  # the article's own (rhetorical) questions answer nothing
LENGTH_PENALTY = 0.02  # between equals, the shorter sentence is the more focused
FOLLOWING_EXCERPT_MIN = 0.6  # a further excerpt must score this share of the first
WORD_CACHE = 50_000  # printed words whose terms are remembered for highlighting

_POINTS_BACK = re.compile(
    r"^[\"'\u201c\u2018(]*(?:(?:it|its|he|his|him|she|her|they|their|them|this|that|there|"
    r"the latter|the former|the group|the official|the militant group)\b"
    r"|(?:\w+\s+){0,2}(?:these|those|such)\b)"
    r"|^.{0,60}?\b(?:during|in|after|before|since|from|of|at|by|with|for|under|until) "
    r"(?:this|that|these|those) (?-i:[a-z])", re.IGNORECASE)
_HIGHLIGHT_WORD = re.compile(r"[^\W_]+(?:[-'\u2019/][^\W_]+)*")
_CLAUSE_BREAK = re.compile(r"(?:,|;|:|\s[\u2013\u2014-])\s+")


@dataclass(frozen=True)
class Excerpt:
    passage: Passage
    article: Article
    quote: str
    start: int  # the quote's span in passage.text (ellipses excluded)
    end: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # spans in ``quote`` of matched words

    def to_json(self) -> dict[str, object]:
        return {
            "quote": self.quote, "article": self.article.id,
            "title": self.article.display_title, "paragraph": self.passage.paragraph,
            "url": self.article.url, "score": round(self.score, 4),
            "publication": self.article.publication, "date": self.article.date,
            "author": self.article.author,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    excerpts: tuple[Excerpt, ...] = ()
    reason: str | None = None  # when declined: "small_talk", "empty", "not_covered"
    matched: tuple[str, ...] = ()  # informative question words found in the best passage
    missing: tuple[str, ...] = ()  # informative question words not found there
    coverage: float = 0.0
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """A short explanation for a declined answer."""
        if self.answered:
            return ""
        if self.reason == "small_talk":
            return ("Hi! Ask me about the Taliban and Pakistan, for example: "
                    "\"Why is Pakistan deporting Afghan refugees?\"")
        if self.reason == "empty":
            return "That has no words I can search for. Ask a question in a few words."
        missing = ", ".join(f"\"{w}\"" for w in self.missing[:6]) or "those words"
        found = (f" (found only {', '.join(repr(w) for w in self.matched[:4])})"
                 if self.matched else "")
        return (f"The articles I know do not cover that: nothing on {missing}{found}. "
                "Try other words, or search the passages directly.")

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question, "answered": self.answered,
            "excerpts": [e.to_json() for e in self.excerpts],
            "reason": self.reason, "message": self.message,
            "matched": list(self.matched), "missing": list(self.missing),
            "coverage": round(self.coverage, 3), "corrections": self.corrections,
        }


@dataclass(frozen=True)
class Hit:
    """A whole passage found by a search, with the matched words' spans in its text."""

    passage: Passage
    article: Article
    score: float
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Scored:
    score: float
    passage_index: int
    sentence: int
    first: int  # first sentence of the quote (sentence - 1 when it points back)


def _match(word: QueryWord, terms: frozenset[str]) -> float:
    """How well a set of terms holds a question word: its best present term's weight."""
    return max((w for t, w in word.terms.items() if t in terms), default=0.0)


def _coverage(words: list[QueryWord], terms: frozenset[str]) -> float:
    total = sum(w.info for w in words)
    return sum(w.info * _match(w, terms) for w in words) / total if total else 0.0


def _defines(query: Query, info: SentenceInfo) -> bool:
    """The sentence names an entity of the question twice (name and acronym, say)."""
    return any(info.mentions.count(e) >= 2 for e in query.entities)


def _type_fits(expects: str | None, info: SentenceInfo) -> bool:
    return ((expects == "number" and info.has_number) or (expects == "date" and info.has_date)
            or (expects == "person" and info.has_person)
            or (expects == "reason" and info.has_reason))


class Answerer:
    """Answers questions from one knowledge base snapshot."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.analyser = Analyser(kb)
        self._word_terms: dict[str, list[str]] = {}  # a printed word -> its terms (highlights)

    def answer(self, question: str, context: str | None = None,
               max_excerpts: int = 3) -> Answer:
        query = self.analyser.analyse(question, context)
        if query.small_talk:
            return Answer(question, False, reason="small_talk")
        own = query.own_words
        if not own:
            return Answer(question, False, reason="empty")
        hits = self.kb.index.top(query.weights, CANDIDATES)
        if not hits:
            return Answer(question, False, reason="not_covered",
                          missing=tuple(w.surface for w in own), corrections=query.corrections)
        scored = self._score_sentences(query, hits)
        best = scored[0]
        terms = self.kb.passage_terms(best.passage_index)
        coverage = _coverage(own, terms)
        matched = tuple(w.surface for w in own if _match(w, terms) > 0)
        missing = tuple(w.surface for w in own if _match(w, terms) == 0)
        if coverage < MIN_COVERAGE:
            return Answer(question, False, reason="not_covered", matched=matched,
                          missing=missing, coverage=coverage, corrections=query.corrections)
        excerpts = self._excerpts(query, scored, max_excerpts)
        return Answer(question, True, tuple(excerpts), matched=matched, missing=missing,
                      coverage=coverage, corrections=query.corrections)

    def search(self, text: str, limit: int = 25) -> list[Hit]:
        """Passages ranked by BM25 alone, for browsing; no decline rule."""
        query = self.analyser.analyse(text)
        if query.small_talk or not query.words:
            return []
        hits = []
        for row, score in self.kb.index.top(query.weights, limit):
            passage = self.kb.passages[int(self.kb.rows[row])]
            hits.append(Hit(passage, self.kb.articles[passage.article_id], score,
                            tuple(self.highlight_spans(query, passage.text))))
        return hits

    # --- ranking ----------------------------------------------------------------
    @staticmethod
    def _span(passage: Passage, infos: list[SentenceInfo], j: int) -> tuple[int, frozenset[str]]:
        """First sentence of the quote for sentence j, and the quote's terms.

        A sentence that points back ("It was drawn...") brings the one before.
        """
        terms = infos[j].terms
        if j > 0:
            start, end = passage.sentences[j]
            prev_start = passage.sentences[j - 1][0]
            if _POINTS_BACK.match(passage.text[start:end]) and end - prev_start <= MAX_JOINED:
                return j - 1, terms | infos[j - 1].terms
        return j, terms

    def _score_sentences(self, query: Query, hits: list[tuple[int, float]]) -> list[_Scored]:
        floor = self.kb.index.baseline(query.weights)
        top_bm25 = (hits[0][1] - floor) or 1.0
        words = query.words
        scored = []
        for row, bm25 in hits:
            p = int(self.kb.rows[row])
            passage = self.kb.passages[p]
            infos = self.kb.sentence_info(p)
            context = _coverage(words, frozenset().union(*(info.terms for info in infos)))
            penalty = OUTSIDE_BODY_PENALTY if passage.role != BODY else 0.0
            for j, info in enumerate(infos):
                first, terms = self._span(passage, infos, j)
                own = _coverage(words, terms)
                if own == 0:
                    continue
                relative = (bm25 - floor) / top_bm25
                score = own + CONTEXT_SHARE * context + BM25_SHARE * relative - penalty
                if query.expects in ("number", "date") and not _type_fits(query.expects, info):
                    score *= MISSING_TYPE_FACTOR
                elif _type_fits(query.expects, info) or (
                        query.expects == "definition" and _defines(query, info)):
                    score += ANSWER_TYPE_BONUS
                if info.is_question:
                    score -= QUESTION_PENALTY
                score -= LENGTH_PENALTY * min(info.length, MAX_JOINED) / MAX_JOINED
                scored.append(_Scored(score, p, j, first))
        scored.sort(key=lambda s: -s.score)
        return scored

    def _excerpts(self, query: Query, scored: list[_Scored], limit: int) -> list[Excerpt]:
        chosen: list[Excerpt] = []
        used: dict[int, set[int]] = {}
        for item in scored:
            if len(chosen) >= limit or item.score < FOLLOWING_EXCERPT_MIN * scored[0].score:
                break
            taken = used.setdefault(item.passage_index, set())
            span = set(range(item.first, item.sentence + 1))
            if len(taken) >= 2 or span & taken:
                continue
            taken.update(span)
            chosen.append(self._quote(query, item))
        return chosen

    # --- quoting ----------------------------------------------------------------
    def _quote(self, query: Query, item: _Scored) -> Excerpt:
        passage = self.kb.passages[item.passage_index]
        start = passage.sentences[item.first][0]
        end = passage.sentences[item.sentence][1]
        cut_start = cut_end = False
        if end - start > MAX_QUOTE and item.first == item.sentence:
            start, end, cut_start, cut_end = self._best_window(query, passage.text, start, end)
        quote = (ELLIPSIS if cut_start else "") + passage.text[start:end] + (
            ELLIPSIS if cut_end else "")
        offset = len(ELLIPSIS) if cut_start else 0
        highlights = tuple((s + offset, e + offset)
                           for s, e in self.highlight_spans(query, passage.text[start:end]))
        return Excerpt(passage, self.kb.articles[passage.article_id], quote, start, end,
                       item.score, highlights)

    def _best_window(self, query: Query, text: str, start: int,
                     end: int) -> tuple[int, int, bool, bool]:
        """The run of clauses within [start, end) that holds most of the question."""
        bounds = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)] + [end]
        best = (-1.0, start, end)
        tokenizer = self.kb.tokenizer
        for a in range(len(bounds) - 1):
            for b in range(a + 1, len(bounds)):
                s, e = bounds[a], bounds[b]
                if e - s > MAX_QUOTE:
                    break
                terms = frozenset(tokenizer.terms(text[s:e]))
                value = _coverage(query.words, terms) + (0.01 if s == start else 0.0)
                if value > best[0]:
                    best = (value, s, e)
        _, s, e = best
        if best[0] < 0:  # no clause break short enough: cut at a word boundary
            e = text.rfind(" ", start, start + MAX_QUOTE)
            s, e = start, e if e > start else start + MAX_QUOTE
        while e > s and text[e - 1] in " ,;:-\u2013\u2014":
            e -= 1
        return s, e, s > start, e < end

    def highlight_spans(self, query: Query, text: str) -> list[tuple[int, int]]:
        """Spans (relative to ``text``) of the words that match the question's terms."""
        wanted = {t for w in query.words for t in w.terms}
        spans = []
        known = self._word_terms
        for match in _HIGHLIGHT_WORD.finditer(text):
            word = match.group()
            terms = known.get(word)
            if terms is None:
                if len(known) >= WORD_CACHE:
                    known.clear()
                terms = known[word] = self.kb.tokenizer.terms(normalize(word))
            if not wanted.isdisjoint(terms):
                spans.append((match.start(), match.end()))
        return spans
