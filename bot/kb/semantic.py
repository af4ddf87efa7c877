"""The semantic stage: sentence vectors for a snapshot, question vectors, cosine look-ups.

What is embedded when:

- At build, every sentence whose vector is in the on-disk cache is read
  from it; the sentences that are not are embedded then, when there are at
  most ``embed_at_build`` of them (a refresh embeds only its new sentences).
  Vectors of a knowledge base of up to ``MAX_DENSE`` sentences are held as
  one matrix, and the closest sentences to a question are found by one
  matrix product: these are the semantic candidates, beside BM25's.
- Above that, or when more sentences are new than the build may embed (a
  large first build), the sentences a question's candidates need are
  embedded when first asked about, a few at a time, and cached like the
  others; semantic candidates then come from the sentences embedded so far.

The question is embedded once per answer, in one pass with its word pieces'
vectors in context; the best quote's word pieces too, for the decision (the
last few texts' are remembered).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.kb.encoder import DIMENSIONS, Encoder
from bot.kb.vector_cache import VectorCache, default_cache_dir, digest

log = logging.getLogger(__name__)

EMBED_AT_BUILD = 5_000  # new sentences a build embeds before it leaves the rest for later
MAX_DENSE = 100_000  # sentences whose vectors are held as one matrix (150 MB at most)
QUESTION_MEMORY = 64  # texts whose vectors (and word pieces') are remembered
PUT_CHUNK = 256


class SemanticModel:
    """The encoder with its cache; one for the process, shared by every snapshot."""

    def __init__(self, encoder: Encoder | None = None, cache: VectorCache | None = None,
                 embed_at_build: int = EMBED_AT_BUILD) -> None:
        self.encoder = encoder or Encoder()
        self.cache = cache if cache is not None else VectorCache(default_cache_dir())
        self.embed_at_build = embed_at_build
        self.embedded = 0  # texts this process has run through the encoder (for tests, stats)
        self._questions: OrderedDict[str, tuple[np.ndarray, list[tuple[int, int]],
                                                np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.encoder.model_id

    @classmethod
    def load(cls, cache_dir: str | Path | None = None) -> SemanticModel:
        return cls(Encoder(), VectorCache(cache_dir if cache_dir is not None
                                          else default_cache_dir()))

    def question(self, text: str) -> np.ndarray:
        """The text's vector (a question's, or a quote's)."""
        return self.pieces(text)[0]

    def pieces(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
        """The text's vector, its word pieces' spans and their vectors in context, from one
        pass of the model; the last few texts' are remembered."""
        with self._lock:
            found = self._questions.get(text)
            if found is not None:
                self._questions.move_to_end(text)
                return found
        found = self.encoder.token_vectors(text)
        with self._lock:
            self._questions[text] = found
            while len(self._questions) > QUESTION_MEMORY:
                self._questions.popitem(last=False)
        return found

    def forget_texts(self) -> None:
        """Empty the memory of the last texts' vectors (bounded; for memory measurements)."""
        with self._lock:
            self._questions.clear()

    def cached(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        digests = [digest(t) for t in texts]
        found = self.cache.get_many(self.model_id, digests)
        return [found.get(d) for d in digests]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` (not looked up in the cache), then stored in it."""
        vectors = self.encoder.encode(texts)
        self.embedded += len(texts)
        for i in range(0, len(texts), PUT_CHUNK):
            self.cache.put_many(self.model_id, ((digest(t), v) for t, v in zip(
                texts[i:i + PUT_CHUNK], vectors[i:i + PUT_CHUNK], strict=True)))
        return vectors


class SentenceVectors:
    """One vector per sentence of a snapshot (global sentence numbers), some perhaps
    still to be embedded (see the module's notes)."""

    def __init__(self, model: SemanticModel, texts: list[str], searchable: np.ndarray) -> None:
        self.model = model
        self._texts = texts  # kept only while some sentence has no vector yet
        count = len(texts)
        self.dense = count <= MAX_DENSE
        self.matrix = np.zeros((count if self.dense else 0, DIMENSIONS), dtype=np.float32)
        self.have = np.zeros(count, dtype=bool)
        self._sparse: dict[int, np.ndarray] = {}
        self._searchable = searchable  # per sentence: may be a semantic candidate
        self._lock = threading.Lock()
        cached = model.cached(texts)
        missing = [i for i, v in enumerate(cached) if v is None]
        for i, vector in enumerate(cached):
            if vector is not None:
                self._store(i, vector)
        if missing and len(missing) <= model.embed_at_build:
            self._embed(missing)
        elif missing:
            log.info("%d sentences have no vector yet: they are embedded when a question "
                     "needs them", len(missing))
        if self.have.all():
            self._texts = []

    def _store(self, i: int, vector: np.ndarray) -> None:
        if self.dense:
            self.matrix[i] = vector
        else:
            self._sparse[i] = np.asarray(vector, dtype=np.float32)
        self.have[i] = True

    def _embed(self, ids: list[int]) -> None:
        vectors = self.model.embed([self._texts[i] for i in ids])
        for i, vector in zip(ids, vectors, strict=True):
            self._store(i, vector)

    @property
    def complete(self) -> bool:
        return bool(self.have.all())

    def vectors(self, ids: Sequence[int]) -> np.ndarray:
        """The vectors of sentences ``ids``, embedding (and caching) those that lack one."""
        with self._lock:
            missing = [i for i in dict.fromkeys(ids) if not self.have[i]]
            if missing:
                self._embed(missing)
        if self.dense:
            return self.matrix[np.asarray(ids, dtype=np.int64)]
        return np.stack([self._sparse[i] for i in ids]) if len(ids) else np.zeros(
            (0, DIMENSIONS), dtype=np.float32)

    def typical(self, question: np.ndarray) -> float:
        """The mean cosine of the question with the embedded searchable sentences."""
        if not self.dense or not len(self.matrix):
            return 0.0
        mask = self.have & self._searchable
        return float((self.matrix[mask] @ question).mean()) if mask.any() else 0.0

    def nearest(self, question: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k searchable sentences closest to the question (among those embedded)."""
        if not self.dense or not len(self.matrix):
            return []
        scores = self.matrix @ question
        scores[~(self.have & self._searchable)] = -1.0
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > -1.0]
