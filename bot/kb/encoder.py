"""Sentence vectors: all-MiniLM-L6-v2 run in numpy, from weights shipped with the bot.

The model (a 6-layer BERT, 384 dimensions, Apache-2.0) lives in
``bot/kb/models/all-MiniLM-L6-v2``: its tokenizer (``tokenizers``' WordPiece)
and its weights as float16 safetensors, widened to float32 when loaded.
The forward pass is the plain BERT encoder (embeddings, six layers of
self-attention and GELU feed-forward, layer norms), then mean pooling over
the tokens and L2 normalisation, as sentence-transformers does; nothing is
downloaded and no deep-learning framework is needed.

Texts are encoded in batches of similar length, so padding costs little.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "models" / "all-MiniLM-L6-v2"
MODEL_ID = "all-MiniLM-L6-v2/fp16"  # names the vectors in the cache: change it with the weights
DIMENSIONS = 384
MAX_TOKENS = 256  # word pieces a text, as sentence-transformers cuts them
BATCH_TOKENS = 4096  # word pieces (padding included) in one forward pass
# a pass over fewer word pieces (a question) runs its matrix products on one thread: for
# such small products, waking the other threads costs more than they save, and far more
# when the cores are busy
ONE_THREAD_TOKENS = 64
LAYERS = 6
RARE_FROM = 10_000  # the vocabulary's position from which a whole word is rare in English
HEADS = 12
EPS = 1e-12

# erf by Abramowitz and Stegun 7.1.26 (error below 1.5e-7), for the exact GELU
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
_P = 0.3275911


def _erf(x: np.ndarray) -> np.ndarray:
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + _P * a)
    poly = ((((_A[4] * t + _A[3]) * t + _A[2]) * t + _A[1]) * t + _A[0]) * t
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * (1.0 / math.sqrt(2.0))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + EPS) * weight + bias


class _Layer:
    __slots__ = (
        "down_b",
        "down_w",
        "ln1_b",
        "ln1_w",
        "ln2_b",
        "ln2_w",
        "out_b",
        "out_w",
        "qkv_b",
        "qkv_w",
        "up_b",
        "up_w",
    )

    def __init__(self, w: dict[str, np.ndarray], n: int) -> None:
        def get(name: str) -> np.ndarray:
            return w[f"encoder.layer.{n}.{name}"].astype(np.float32)

        # query, key and value in one matrix product
        self.qkv_w = np.concatenate([get(f"attention.self.{k}.weight").T
                                     for k in ("query", "key", "value")], axis=1)
        self.qkv_b = np.concatenate([get(f"attention.self.{k}.bias")
                                     for k in ("query", "key", "value")])
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1_w = get("attention.output.LayerNorm.weight")
        self.ln1_b = get("attention.output.LayerNorm.bias")
        self.up_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.up_b = get("intermediate.dense.bias")
        self.down_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.down_b = get("output.dense.bias")
        self.ln2_w = get("output.LayerNorm.weight")
        self.ln2_b = get("output.LayerNorm.bias")

    def __call__(self, x: np.ndarray, mask_bias: np.ndarray,
                 keep: np.ndarray | None = None) -> np.ndarray:
        """One layer over the word pieces ``x``: (batch, length, width), or, with ``keep``
        (batch, length; True for a word piece, False for padding), only the kept ones, one
        row each (tokens, width): the products that cost most then skip the padding."""
        batch, length = mask_bias.shape[0], mask_bias.shape[-1]
        width = x.shape[-1]
        head = width // HEADS
        qkv = x @ self.qkv_w + self.qkv_b  # (batch, length, 3 * width), or (tokens, ...)
        if keep is not None:
            padded = np.zeros((batch, length, 3 * width), dtype=qkv.dtype)
            padded[keep] = qkv
            qkv = padded
        qkv = qkv.reshape(batch, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, length, head)
        scores = (q @ k.transpose(0, 1, 3, 2)) * (1.0 / math.sqrt(head)) + mask_bias
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        if keep is not None:
            context = context[keep]
        x = _layer_norm(context @ self.out_w + self.out_b + x, self.ln1_w, self.ln1_b)
        hidden = _gelu(x @ self.up_w + self.up_b)
        return _layer_norm(hidden @ self.down_w + self.down_b + x, self.ln2_w, self.ln2_b)


class Encoder:
    """all-MiniLM-L6-v2: texts to unit vectors of 384 float32 numbers."""

    model_id = MODEL_ID
    dimensions = DIMENSIONS

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        weights = load_file(str(model_dir / "model.safetensors"))
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)

        def get(name: str) -> np.ndarray:
            return weights[name].astype(np.float32)

        self._words = get("embeddings.word_embeddings.weight")
        self._positions = get("embeddings.position_embeddings.weight")
        self._type0 = get("embeddings.token_type_embeddings.weight")[0]
        self._ln_w = get("embeddings.LayerNorm.weight")
        self._ln_b = get("embeddings.LayerNorm.bias")
        self._layers = [_Layer(weights, n) for n in range(LAYERS)]
        self._lock = threading.Lock()  # numpy releases the GIL: one pass at a time
        self._threads = ThreadpoolController()
        # whole words of the model's vocabulary: the common words of English; the vocabulary
        # runs from the most frequent word, and past RARE_FROM a word is rare enough in English
        # to be as likely a name ("lena", "tomas", "rudd")
        vocab = self._tokenizer.get_vocab()
        self.vocabulary = frozenset(w for w in vocab if w.isalpha() and w.isascii() and len(w) > 1)
        self.rare_words = frozenset(w for w in self.vocabulary if vocab[w] >= RARE_FROM)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row a text, in the order given."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        start = 0
        while start < len(order):
            longest = len(ids[order[start]])
            end = start
            while end < len(order):
                longest = max(longest, len(ids[order[end]]))
                if (end - start + 1) * longest > BATCH_TOKENS and end > start:
                    break
                end += 1
            chunk = order[start:end]
            out[chunk] = self._forward([ids[i] for i in chunk])
            start = end
        return out

    def token_vectors(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
        """One pass over ``text``: its unit vector (as ``encode`` gives it), each word
        piece's character span in ``text``, and the word pieces' unit vectors in context
        (the last layer's output; the [CLS] and [SEP] markers left out)."""
        return self.token_vectors_many([text])[0]

    def token_vectors_many(self, texts: Sequence[str]) -> list[
            tuple[np.ndarray, list[tuple[int, int]], np.ndarray]]:
        """``token_vectors`` of a few texts, in one pass."""
        encodings = self._tokenizer.encode_batch(list(texts))
        ids, mask = self._padded([e.ids for e in encodings])
        hidden = self._hidden([], ids, mask)
        out = []
        for row, encoding in enumerate(encodings):
            states = hidden[row, :len(encoding.ids)]
            pooled = states.mean(0)
            pieces = states[1:-1]
            norms = np.linalg.norm(pieces, axis=1, keepdims=True)
            out.append((pooled / max(float(np.linalg.norm(pooled)), 1e-12),
                        list(encoding.offsets[1:-1]), pieces / np.maximum(norms, 1e-12)))
        return out

    @staticmethod
    def _padded(batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        length = max(len(t) for t in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, :len(tokens)] = tokens
            mask[row, :len(tokens)] = 1.0
        return ids, mask

    def _hidden(self, batch: list[list[int]], ids: np.ndarray | None = None,
                mask: np.ndarray | None = None) -> np.ndarray:
        """The last layer's output for each word piece of each text."""
        if ids is None or mask is None:
            ids, mask = self._padded(batch)
        length = ids.shape[1]
        threads = 1 if ids.size <= ONE_THREAD_TOKENS else None
        with self._lock, self._threads.limit(limits=threads, user_api="blas"):
            x = self._words[ids] + self._positions[:length] + self._type0
            x = _layer_norm(x, self._ln_w, self._ln_b)
            mask_bias = ((1.0 - mask) * -1e9)[:, None, None, :]
            keep = mask > 0 if not mask.all() else None  # padding: leave it out
            if keep is not None:
                x = x[keep]
            for layer in self._layers:
                x = layer(x, mask_bias, keep)
            if keep is not None:
                padded = np.zeros((*ids.shape, x.shape[-1]), dtype=x.dtype)
                padded[keep] = x
                x = padded
        return x

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        ids, mask = self._padded(batch)
        x = self._hidden(batch, ids, mask)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)
