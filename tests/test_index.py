import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi, BM25Plus

from bot.kb.index import PassageIndex


def random_corpus(seed: int, docs: int = 60, vocab: int = 40) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    return [[rng.choice(words) for _ in range(rng.randint(1, 30))] for _ in range(docs)]


@pytest.mark.parametrize("seed", range(5))
def test_scores_are_rank_bm25_bm25plus_scores(seed):
    corpus = random_corpus(seed)
    index, reference = PassageIndex.from_documents(corpus), BM25Plus(corpus)
    query = list(dict.fromkeys(random.Random(seed).choices([f"w{i}" for i in range(45)], k=5)))
    expected = reference.get_scores(query)
    got = index.scores(dict.fromkeys(query, 1.0))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_weights_scale_each_term():
    index = PassageIndex.from_documents([["a", "b"], ["b", "c"], ["c"]])
    both = index.scores({"a": 1.0, "b": 0.5})
    np.testing.assert_allclose(both, index.scores({"a": 1.0}) + 0.5 * index.scores({"b": 1.0}))
    assert index.baseline({"a": 1.0, "b": 0.5, "zzz": 1.0}) == pytest.approx(
        index.scores({"a": 1.0, "b": 0.5})[2])


def test_a_term_in_half_or_more_of_the_passages_still_counts():
    # BM25Okapi would give "common" an IDF of 0 (in exactly half) or a floor (in more)
    corpus = [["common", "x"], ["common", "y"], ["z"], ["w"]]
    assert BM25Okapi(corpus).idf["common"] == 0.0
    index = PassageIndex.from_documents(corpus)
    assert index.idf("common") > 0
    hits = index.top({"common": 1.0}, 4)
    assert [i for i, _ in hits] == [0, 1] and all(score > 0 for _, score in hits)
    everywhere = PassageIndex.from_documents([["t", "a"], ["t", "b"], ["t"]])
    assert everywhere.idf("t") > 0 and len(everywhere.top({"t": 1.0}, 5)) == 3


def test_top_only_returns_matching_passages_best_first():
    index = PassageIndex.from_documents([["a"], ["b", "b"], ["b"], []])
    assert [i for i, _ in index.top({"b": 1.0}, 10)] == [1, 2]
    assert index.top({"nothing": 1.0}, 10) == []


def test_empty_index():
    index = PassageIndex.from_documents([])
    assert index.top({"a": 1.0}, 3) == [] and index.max_idf() == 0.0


def skewed_corpus(seed: int, docs: int = 1500) -> list[list[str]]:
    """A few words in most documents, a long tail of rare ones: as real passages are."""
    rng = random.Random(seed)
    common, rare = [f"c{i}" for i in range(4)], [f"r{i}" for i in range(400)]
    corpus = []
    for _ in range(docs):
        doc = [w for w in common if rng.random() < 0.7]
        doc += [rng.choice(rare) for _ in range(rng.randint(0, 12))]
        corpus.append(doc * rng.randint(1, 2))
    return corpus


def reference_top(corpus: list[list[str]], weights: dict[str, float],
                  k: int) -> list[tuple[int, float]]:
    """The k best by scoring every passage, ties in document order."""
    scores = PassageIndex.from_documents(corpus).scores(weights)
    matched = [i for i, doc in enumerate(corpus) if any(t in weights for t in doc)]
    ranked = sorted(matched, key=lambda i: -scores[i])  # stable: ties in document order
    return [(i, float(scores[i])) for i in ranked[:k]]


@pytest.mark.parametrize("seed", range(6))
def test_top_skips_the_longest_postings_and_finds_the_same_passages(seed, monkeypatch):
    monkeypatch.setattr("bot.kb.index.COMMON_MIN", 50)
    corpus = skewed_corpus(seed)
    index = PassageIndex.from_documents(corpus)
    rng = random.Random(seed)
    skipped = 0
    for _ in range(60):
        words = rng.sample([f"c{i}" for i in range(4)], rng.randint(0, 3))
        words += rng.sample([f"r{i}" for i in range(400)], rng.randint(0, 3))
        weights = {w: rng.choice((1.0, 0.7, 0.5)) for w in words}
        k = rng.choice((1, 3, 12, 25))
        postings = index._postings(weights)
        candidates, _ = index._candidates(postings, k)
        skipped += len(candidates) < sum(1 for doc in corpus if any(t in weights for t in doc))
        got, expected = index.top(weights, k), reference_top(corpus, weights, k)
        assert [i for i, _ in got] == [i for i, _ in expected]
        np.testing.assert_allclose([s for _, s in got], [s for _, s in expected], rtol=1e-12)
    assert skipped > 10  # the shortcut was taken, not only the full scoring


def test_large_corpora_are_indexed_in_chunks(monkeypatch):
    monkeypatch.setattr("bot.kb.index.CHUNK_TOKENS", 37)
    corpus = random_corpus(9, docs=300)
    chunked = PassageIndex.from_documents(corpus)
    query = {"w1": 1.0, "w7": 0.5, "w30": 1.0}
    monkeypatch.setattr("bot.kb.index.CHUNK_TOKENS", 10**9)
    whole = PassageIndex.from_documents(corpus)
    np.testing.assert_array_equal(chunked.scores(query), whole.scores(query))
    unit = dict.fromkeys(query, 1.0)
    np.testing.assert_allclose(chunked.scores(unit), BM25Plus(corpus).get_scores(list(unit)),
                               rtol=1e-12)
