"""The semantic stage: sentence vectors for a snapshot, question vectors, cosine look-ups.

What is embedded when:

- At build, every sentence whose vector is in the on-disk cache is read
  from it; the sentences that are not are embedded then, when there are at
  most ``embed_at_build`` of them (a refresh embeds only its new sentences).
  Vectors of a knowledge base of up to ``MAX_DENSE`` sentences are held as
  one matrix, and the closest sentences to a question are found by one
  matrix product: these are the semantic candidates, beside BM25's.
- Above that, or when more sentences are new than the build may embed (a
  large first build), no sentence is embedded at build: each answer embeds
  its few best quotes by words (``LAZY_SENTENCES``), and candidates come
  from BM25 alone.

The question is embedded once per answer, in one pass with its word pieces'
vectors in context; the best quote's word pieces too, for the decision (the
last few texts' are remembered).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.kb.encoder import DIMENSIONS, MODEL_DIR, Encoder
from bot.kb.vector_cache import VectorCache, default_cache_dir, digest

log = logging.getLogger(__name__)

EMBED_AT_BUILD = 5_000  # new sentences a build embeds before it leaves the rest for later
MAX_DENSE = 100_000  # sentences whose vectors are held as one matrix (150 MB at most)
QUESTION_MEMORY = 64  # texts whose vectors (and word pieces') are remembered
PUT_CHUNK = 256


class ModelError(Exception):
    """The embedding model cannot be loaded."""


def load_encoder() -> Encoder:
    """The shipped model; ModelError, in one line, when it cannot be loaded."""
    try:
        return Encoder(MODEL_DIR)
    except Exception as exc:  # whatever safetensors or tokenizers raise for a bad file
        raise ModelError(f"the embedding model in {MODEL_DIR} cannot be loaded: "
                         f"{type(exc).__name__}: {str(exc)[:200]}") from None


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
        """The shipped model and the vector cache; ModelError when the model's files are
        missing or damaged (an install that left them out, say)."""
        return cls(load_encoder(), VectorCache(cache_dir if cache_dir is not None
                                               else default_cache_dir()))

    def question(self, text: str) -> np.ndarray:
        """The text's vector (a question's, or a quote's)."""
        return self.pieces(text)[0]

    def pieces(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
        """The text's vector, its word pieces' spans and their vectors in context, from one
        pass of the model; the last few texts' are remembered."""
        self.remember([text])
        with self._lock:
            found = self._questions.get(text)
            if found is not None:
                self._questions.move_to_end(text)
                return found
        return self.encoder.token_vectors(text)  # pushed out already by other threads' texts

    def remember(self, texts: Sequence[str]) -> None:
        """Work out the vectors of those ``texts`` not remembered, in one pass."""
        with self._lock:
            new = [t for t in dict.fromkeys(texts) if t not in self._questions]
        if not new:
            return
        found = self.encoder.token_vectors_many(new)
        with self._lock:
            for text, pieces in zip(new, found, strict=True):
                self._questions[text] = pieces
            while len(self._questions) > QUESTION_MEMORY:
                self._questions.popitem(last=False)

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
    """The vectors of every sentence of a snapshot (global sentence numbers, one row each),
    or none at all when the snapshot is too large to embed at build (``on_demand``: the
    answer path then embeds its few best quotes itself; see the module's notes)."""

    def __init__(self, model: SemanticModel, texts: Callable[[], list[str]], count: int,
                 searchable: np.ndarray) -> None:
        self.model = model
        self.matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._searchable = searchable  # per sentence: may be a semantic candidate
        self.on_demand = (count > MAX_DENSE
                          or count - model.cache.count(model.model_id) > model.embed_at_build)
        if self.on_demand:
            log.info("%d sentences, too many new ones to embed now: each answer embeds its "
                     "best quotes", count)
            return
        every = texts()
        cached = model.cached(every)
        missing = [i for i, v in enumerate(cached) if v is None]
        if len(missing) > model.embed_at_build:  # the cache held other texts than these
            self.on_demand = True
            return
        matrix = np.zeros((count, DIMENSIONS), dtype=np.float32)
        for i, vector in enumerate(cached):
            if vector is not None:
                matrix[i] = vector
        if missing:
            matrix[missing] = model.embed([every[i] for i in missing])
        self.matrix = matrix

    def vectors(self, ids: Sequence[int]) -> np.ndarray:
        return self.matrix[np.asarray(ids, dtype=np.int64)]

    def nearest(self, question: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k searchable sentences closest to the question."""
        if self.on_demand or not len(self.matrix):
            return []
        scores = self.matrix @ question
        scores[~self._searchable] = -2.0
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > -2.0]
