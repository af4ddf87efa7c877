"""BM25 over passages: rank-bm25's BM25Plus scores, computed from numpy postings.

Why BM25Plus: rank-bm25's BM25Okapi gives a term found in half of the
passages an IDF of exactly 0, and one found in more than half a floor of a
quarter of the mean IDF. In a knowledge base of one article (about twenty
passages) that silences words like "Taliban" or "border". BM25Plus's IDF,
log((N + 1) / df), is positive for every term, and its delta gives each
matched occurrence a minimum weight.

Why not rank-bm25 itself: its ``get_scores`` walks every passage for every
question term, and its statistics are a Python dict per passage; at 100,000
passages that is over 100 ms a question and gigabytes of memory. Here the
postings are numpy arrays sorted by term (CSR), built in chunks, and a
question walks only the postings of its own terms. The scores are exactly
``BM25Plus.get_scores`` for unit weights (a test compares them on random
corpora): rank-bm25 adds idf * delta for each query term to every passage,
matched or not, a constant that ``scores`` adds too and ``top`` leaves out
of nothing but the choice of candidates: it returns only passages that match
at least one term.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

K1 = 1.5
B = 0.75
DELTA = 1.0
COMMON_SHARE = 0.2  # a term in more than this share of the passages is scored last (top)
COMMON_MIN = 2_000  # ... and in more passages than this
LOOKUP_COST = 16  # a binary search costs about this many postings walked in order
KEEP_CHUNKS_TOKENS = 15_000_000  # up to about 130,000 passages: one count, kept
CHUNK_TOKENS = 1_000_000  # tokens counted at a time while building: bounds the build's memory
UPDATE_CHUNK = 250_000  # postings a refresh's update handles in one step


class PassageIndex:
    """An immutable BM25Plus index over documents given as term ids.

    ``tokens`` holds the documents' term ids one after the other; document i
    is ``tokens[bounds[i]:bounds[i + 1]]``; ``terms[t]`` is the text of id t.
    """

    def __init__(self, tokens: np.ndarray, bounds: np.ndarray, terms: list[str],
                 term_ids: dict[str, int],
                 postings: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
        self.size = len(bounds) - 1 if len(bounds) else 0
        self.terms = terms  # term id -> term
        self.term_ids = term_ids  # term -> term id
        doc_len = np.diff(bounds).astype(np.float64)
        avgdl = float(doc_len.sum()) / self.size if self.size else 0.0
        self._norm = K1 * (1 - B + B * doc_len / (avgdl or 1.0))
        self._docs, self._tfs, df = postings or self._postings_of(tokens, bounds, len(terms))
        self._offsets = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(df, out=self._offsets[1:])
        # each term's largest share of a score before its IDF: bounds what it can add (top)
        self._max_part = np.zeros(len(terms))
        for lo in range(0, len(self._docs), UPDATE_CHUNK):  # in slices: see ``updated``
            hi = min(lo + UPDATE_CHUNK, len(self._docs))
            first, last = np.searchsorted(self._offsets, (lo, hi - 1), "right") - 1
            starts = np.maximum(self._offsets[first:last + 1], lo) - lo
            ends = np.minimum(self._offsets[first + 1:last + 2], hi) - lo
            held = ends > starts  # the terms with postings in this slice, which are contiguous
            found = np.arange(first, last + 1)[held]
            best = np.maximum.reduceat(self._share(lo, hi), starts[held])
            self._max_part[found] = np.maximum(self._max_part[found], best)
        with np.errstate(divide="ignore"):
            self._idf = np.where(df > 0, np.log((self.size + 1) / np.maximum(df, 1)), 0.0)
        self._df = df

    def updated(self, remap: np.ndarray, new_docs: list[tuple[int, np.ndarray]], size: int,
                bounds: np.ndarray, terms: list[str], term_ids: dict[str, int]) -> PassageIndex:
        """This index with documents removed, renumbered and added, without recounting the
        documents it keeps: a refresh that changed a few articles costs their postings and a
        few passes over the arrays, not a new count of every token.

        ``remap[d]``: the new number of document d, or -1 for a removed one (increasing
        over the documents kept); ``new_docs``: (number, term ids) of each new document;
        ``bounds``: every document's token range in the new numbering (for lengths only).
        """
        # the kept postings, in slices: no single step holds the interpreter for long (a
        # refresh runs beside the event loop)
        kept_docs, kept_tfs = [], []
        kept_df = np.zeros(len(terms), dtype=np.int64)
        for lo in range(0, len(self._docs), UPDATE_CHUNK):
            hi = min(lo + UPDATE_CHUNK, len(self._docs))
            moved = remap[self._docs[lo:hi]]
            keep = moved >= 0
            term_of = np.searchsorted(self._offsets, np.arange(lo, hi), "right") - 1
            kept_df += np.bincount(term_of[keep], minlength=len(terms))
            kept_docs.append(moved[keep].astype(np.int32))
            kept_tfs.append(self._tfs[lo:hi][keep])
        old_docs = np.concatenate(kept_docs) if kept_docs else np.zeros(0, dtype=np.int32)
        old_tfs = np.concatenate(kept_tfs) if kept_tfs else np.zeros(0, dtype=np.uint16)
        width = max(size, 1)
        if new_docs:  # the new documents' postings, sorted by term, then document
            flat = np.concatenate([t.astype(np.int64) for _, t in new_docs])
            doc_of = np.repeat(np.array([d for d, _ in new_docs], dtype=np.int64),
                               [len(t) for _, t in new_docs])
            keys, tf = np.unique(flat * width + doc_of, return_counts=True)
        else:
            keys, tf = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        new_terms, new_ids = keys // width, (keys % width).astype(np.int32)
        starts = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(kept_df, out=starts[1:])
        most = max(int(old_tfs.max(initial=0)), int(tf.max(initial=0)))
        kind = np.uint16 if most <= np.iinfo(np.uint16).max else np.uint32
        docs = np.empty(len(old_docs) + len(keys), dtype=np.int32)
        tfs = np.empty(len(docs), dtype=kind)
        done = out = 0  # old postings copied; postings written
        for term, new_id, count in zip(new_terms.tolist(), new_ids.tolist(), tf.tolist(),
                                       strict=True):
            lo, hi = int(starts[term]), int(starts[term + 1])
            at = lo + int(np.searchsorted(old_docs[lo:hi], new_id))
            docs[out:out + at - done] = old_docs[done:at]
            tfs[out:out + at - done] = old_tfs[done:at]
            out += at - done
            docs[out], tfs[out] = new_id, count
            out, done = out + 1, at
        docs[out:] = old_docs[done:]
        tfs[out:] = old_tfs[done:]
        df = kept_df + np.bincount(new_terms, minlength=len(terms))
        return PassageIndex(np.zeros(0, dtype=np.int32), bounds, terms, term_ids,
                            postings=(docs, tfs, df))

    @property
    def postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(documents, term frequencies, document frequencies): what ``postings`` of the
        constructor takes back (a snapshot read from the snapshot cache)."""
        return self._docs, self._tfs, self._df

    @classmethod
    def from_documents(cls, documents: Sequence[Sequence[str]]) -> PassageIndex:
        """An index of documents given as lists of terms (tests and small uses)."""
        term_ids: dict[str, int] = {}
        flat = [term_ids.setdefault(t, len(term_ids)) for doc in documents for t in doc]
        bounds = np.zeros(len(documents) + 1, dtype=np.int64)
        np.cumsum([len(d) for d in documents], out=bounds[1:])
        return cls(np.asarray(flat, dtype=np.int32), bounds, list(term_ids), term_ids)

    def _chunks(self, tokens: np.ndarray, bounds: np.ndarray):
        """(documents, term frequencies, terms) of each distinct term of each document,
        sorted by term then document, a few million tokens at a time."""
        start_doc = 0
        while start_doc < self.size:
            end_doc = int(np.searchsorted(bounds, bounds[start_doc] + CHUNK_TOKENS, "right")) - 1
            end_doc = min(max(end_doc, start_doc + 1), self.size)
            lo, hi = int(bounds[start_doc]), int(bounds[end_doc])
            lengths = np.diff(bounds[start_doc:end_doc + 1])
            doc_of = np.repeat(np.arange(start_doc, end_doc, dtype=np.int64), lengths)
            keys, tf = np.unique(tokens[lo:hi].astype(np.int64) * self.size + doc_of,
                                 return_counts=True)
            yield (keys % self.size).astype(np.int32), tf, (keys // self.size).astype(np.int64)
            start_doc = end_doc

    def _postings_of(self, tokens: np.ndarray, bounds: np.ndarray,
                     n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Postings sorted by term, each term's in document order, and document frequencies.

        Two passes over the tokens (count, then place) keep a large build's memory
        to the postings themselves and one chunk; a small one keeps its counts.
        """
        df = np.zeros(n_terms, dtype=np.int64)
        most = 0
        kept = []  # a small index keeps its chunks for the second pass instead of recounting
        for chunk in self._chunks(tokens, bounds):
            df += np.bincount(chunk[2], minlength=n_terms)
            most = max(most, int(chunk[1].max(initial=0)))
            if len(tokens) <= KEEP_CHUNKS_TOKENS:
                kept.append((chunk[0], chunk[1].astype(np.uint32), chunk[2].astype(np.int32)))
        total = int(df.sum())
        docs = np.empty(total, dtype=np.int32)
        # term frequencies in two bytes each, unless a passage repeats a term more often
        tfs = np.empty(total, dtype=np.uint16 if most <= np.iinfo(np.uint16).max else np.uint32)
        cursor = np.zeros(n_terms, dtype=np.int64)
        np.cumsum(df[:-1], out=cursor[1:])
        for chunk_docs, chunk_tfs, terms in kept or self._chunks(tokens, bounds):
            present, first, count = np.unique(terms, return_index=True, return_counts=True)
            place = cursor[terms] + (np.arange(len(terms)) - np.repeat(first, count))
            docs[place] = chunk_docs
            tfs[place] = chunk_tfs
            cursor[present] += count
        return docs, tfs, df

    # --- statistics -----------------------------------------------------------
    def __contains__(self, term: str) -> bool:
        return self.df(term) > 0

    def _id(self, term: str) -> int | None:
        return self.term_ids.get(term)

    def df(self, term: str) -> int:
        i = self._id(term)
        return 0 if i is None else int(self._df[i])

    def idf(self, term: str) -> float:
        """The term's IDF; 0 for a term no passage holds."""
        i = self._id(term)
        return 0.0 if i is None else float(self._idf[i])

    @property
    def term_count(self) -> int:
        return int(np.count_nonzero(self._df))

    def max_idf(self) -> float:
        """The IDF of a term found in one passage: what an unseen word would weigh."""
        return float(np.log(self.size + 1)) if self.size else 0.0

    # --- scoring --------------------------------------------------------------
    def _postings(self, weights: dict[str, float]) -> list[tuple[float, int]]:
        """(idf * weight, term id) of each weighted term some passage holds."""
        out = []
        for term, weight in weights.items():
            i = self._id(term)
            if i is not None and self._df[i]:
                out.append((float(self._idf[i]) * weight, i))
        return out

    def _share(self, s: int, e: int, at: np.ndarray | None = None) -> np.ndarray:
        """tf * (k1 + 1) / (norm + tf) of postings s:e (or of those ``at`` among them)."""
        docs, tfs = self._docs[s:e], self._tfs[s:e]
        if at is not None:
            docs, tfs = docs[at], tfs[at]
        tf = tfs.astype(np.float64)
        return tf * (K1 + 1) / (self._norm[docs] + tf)

    def _add(self, out: np.ndarray, idf: float, term: int) -> None:
        s, e = self._offsets[term], self._offsets[term + 1]
        out[self._docs[s:e]] += idf * self._share(s, e)

    @staticmethod
    def _shared(postings: list[tuple[float, int]]) -> float:
        """What every passage gets, matching or not: idf * delta for each term."""
        return sum(idf * DELTA for idf, _ in postings)

    def scores(self, weights: dict[str, float]) -> np.ndarray:
        """BM25Plus score of every passage for weighted terms (see the module's notes)."""
        postings = self._postings(weights)
        out = np.zeros(self.size)
        for idf, term in postings:
            self._add(out, idf, term)
        return out + self._shared(postings)

    def baseline(self, weights: dict[str, float]) -> float:
        """The score of a passage that holds none of the terms."""
        return self._shared(self._postings(weights))

    def top(self, weights: dict[str, float], k: int) -> list[tuple[int, float]]:
        """The k best passages that match at least one term, best first.

        Ties keep document order, as a stable sort of all matches would.
        """
        if not self.size or k <= 0:
            return []
        postings = self._postings(weights)
        candidates, values = self._candidates(postings, k)
        if not len(candidates):
            return []
        if len(candidates) > k:
            kth = np.partition(values, len(values) - k)[len(values) - k]
            keep = values >= kth  # every tie of the k-th best stays
            candidates, values = candidates[keep], values[keep]
        order = np.argsort(-values, kind="stable")[:k]  # candidates are in document order
        shared = self._shared(postings)
        return [(int(candidates[i]), float(values[i] + shared)) for i in order]

    def _candidates(self, postings: list[tuple[float, int]],
                    k: int) -> tuple[np.ndarray, np.ndarray]:
        """Passages that may be among the k best, in document order, with their scores
        (without the shared idf * delta), found without walking the longest postings.

        A term found in a large share of the passages (say "pakistan") weighs
        little but costs the most. Terms are scored from the rarest; a term
        left out can add at most idf * its largest share, so once the k-th best
        partial score exceeds what all the terms left out could add, a passage
        matching none of the scored terms cannot be among the k best, nor can
        one whose partial score plus that bound stays below the k-th best. The
        terms left out are then looked up only for the passages left. When the
        rare terms do not settle it, the next term is scored, up to all of them.
        """
        ordered = sorted(postings, key=lambda pair: self._df[pair[1]])
        limit = max(self.size * COMMON_SHARE, COMMON_MIN)
        scored = max(1, sum(1 for _, t in ordered if self._df[t] <= limit))
        partial = np.zeros(self.size)
        for idf, term in ordered[:scored]:
            self._add(partial, idf, term)
        while True:
            candidates = np.flatnonzero(partial > 0)  # (a boolean mask is quicker to scan)
            left = ordered[scored:]
            if not left:
                return candidates, partial[candidates]
            values = partial[candidates]
            if len(candidates) >= k:
                kth = np.partition(values, len(values) - k)[len(values) - k]
                bound = sum(idf * float(self._max_part[t]) for idf, t in left)
                if kth > bound:
                    keep = values + bound >= kth
                    return self._look_up(left, candidates[keep], values[keep])
            idf, term = ordered[scored]
            self._add(partial, idf, term)
            scored += 1

    def _look_up(self, postings: list[tuple[float, int]], candidates: np.ndarray,
                 values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Add the terms' scores to the passages: a few are found by binary search in
        each term's postings; for many, the whole posting list is spread out once."""
        for idf, term in postings:
            s, e = self._offsets[term], self._offsets[term + 1]
            docs = self._docs[s:e]
            if len(candidates) * LOOKUP_COST > len(docs):
                spread = np.zeros(self.size)
                spread[docs] = self._share(s, e)
                values += idf * spread[candidates]  # + 0.0 where the term is absent
                continue
            at = np.minimum(np.searchsorted(docs, candidates), len(docs) - 1)
            hit = docs[at] == candidates
            values[hit] += idf * self._share(s, e, at[hit])
        return candidates, values
