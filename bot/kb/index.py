"""BM25 over passages, with rank-bm25's BM25Plus as the scoring model.

Why BM25Plus: rank-bm25's BM25Okapi gives a term found in half of the
passages an IDF of exactly 0, and one found in more than half a floor of a
quarter of the mean IDF. In a knowledge base of one article (about twenty
passages) that silences words like "Taliban" or "border". BM25Plus's IDF,
log((N + 1) / df), is positive for every term, and its delta gives each
matched occurrence a minimum weight.

rank-bm25 computes the statistics (document frequencies, lengths, IDF);
scoring walks only the postings of the question's terms, with a weight per
term, and gives exactly ``BM25Plus.get_scores`` for unit weights. (rank-bm25
adds idf * delta for each query term to every passage, matched or not: a
constant that does not change the order; ``top`` returns only passages that
match at least one term.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25Plus

K1 = 1.5
B = 0.75
DELTA = 1.0


class PassageIndex:
    """An immutable BM25Plus index; document i is the i-th token list given."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        self.idf: dict[str, float] = {}
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if not documents:
            self._norm = np.zeros(0)
            return
        model = BM25Plus([list(d) for d in documents], k1=K1, b=B, delta=DELTA)
        self.idf = dict(model.idf)
        doc_len = np.asarray(model.doc_len, dtype=np.float64)
        avgdl = model.avgdl or 1.0
        self._norm = K1 * (1 - B + B * doc_len / avgdl)
        rows: dict[str, list[tuple[int, int]]] = {}
        for i, freqs in enumerate(model.doc_freqs):
            for term, tf in freqs.items():
                rows.setdefault(term, []).append((i, tf))
        for term, pairs in rows.items():
            ids = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
            tfs = np.fromiter((p[1] for p in pairs), dtype=np.float64, count=len(pairs))
            self._postings[term] = (ids, tfs)

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def df(self, term: str) -> int:
        posting = self._postings.get(term)
        return 0 if posting is None else len(posting[0])

    def max_idf(self) -> float:
        """The IDF of a term found in one passage: what an unseen word would weigh."""
        return float(np.log(self.size + 1)) if self.size else 0.0

    def scores(self, weights: dict[str, float]) -> np.ndarray:
        """BM25Plus score of every passage for weighted terms (see the module's notes)."""
        out = np.zeros(self.size)
        shared = 0.0
        for term, weight in weights.items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, tfs = posting
            idf = self.idf[term] * weight
            shared += idf * DELTA
            out[ids] += idf * (tfs * (K1 + 1)) / (self._norm[ids] + tfs)
        return out + shared

    def baseline(self, weights: dict[str, float]) -> float:
        """The score of a passage that holds none of the terms."""
        return sum(self.idf[t] * w * DELTA for t, w in weights.items() if t in self.idf)

    def matched(self, weights: dict[str, float]) -> np.ndarray:
        """Passages that contain at least one of the terms."""
        mask = np.zeros(self.size, dtype=bool)
        for term in weights:
            posting = self._postings.get(term)
            if posting is not None:
                mask[posting[0]] = True
        return mask

    def top(self, weights: dict[str, float], k: int,
            allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best passages that match at least one term, best first."""
        if not self.size:
            return []
        scores = self.scores(weights)
        mask = self.matched(weights)
        if allowed is not None:
            mask &= allowed
        candidates = np.flatnonzero(mask)
        if not len(candidates):
            return []
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        return [(int(i), float(scores[i])) for i in order]
