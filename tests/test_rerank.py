"""The second ranking (bot/kb/rerank.py): its fitting, its features, and what it changes."""

import functools
from pathlib import Path

import numpy as np
import pytest

from bot.kb import Answerer, build_knowledge_base
from bot.kb.rerank import NAMES, RERANK, WEIGHTS, Features, fit, score


def test_the_weights_are_one_per_feature():
    assert len(WEIGHTS) == len(NAMES)
    features = Features(*range(len(NAMES)))
    assert score(features) == pytest.approx(float(np.arange(len(NAMES)) @ WEIGHTS))


def test_fit_learns_which_feature_marks_the_right_candidate():
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(200):  # the right one of four has the larger first feature, as a rule
        x = rng.normal(size=(RERANK, 3))
        right = int(np.argmax(x[:, 0] + 0.3 * rng.normal(size=RERANK)))
        groups.append((x, np.eye(RERANK)[right]))
    w = fit(groups)
    assert w[0] > 1.0 and abs(w[1]) < 0.5 and abs(w[2]) < 0.5
    chosen = [int(np.argmax(x @ w)) for x, _ in groups]
    assert np.mean([y[c] for c, (_, y) in zip(chosen, groups, strict=True)]) > 0.8


def test_fit_leaves_out_questions_that_teach_nothing():
    x = np.ones((RERANK, 2))
    with pytest.raises(ValueError):
        fit([(x, np.zeros(RERANK)), (x, np.ones(RERANK))])


BLIND = Path(__file__).parent / "data" / "blind"


@pytest.fixture(scope="module")
def blind(semantic):
    """An answerer over a blind set's folder, built once for the module."""
    return functools.cache(lambda name: Answerer(build_knowledge_base(BLIND / name,
                                                                      semantic=semantic)))


@pytest.mark.parametrize(("article", "question", "expected"), [
    # the caption shares the question's words; the answer is said in others
    ("bank", "what greeted the first customers who showed up at the haldrun branch",
     "When Ingrid Haller arrived"),
    # "the law faculty" shares "department"'s meaning; the ledger is what the question is about
    ("campus", "which department shows up the most in the leaked book", "It lists 318 applicants"),
])
def test_the_second_ranking_puts_the_answer_first(blind, article, question, expected):
    answerer = blind(article)
    assert answerer.answer(question).excerpts[0].quote.startswith(expected)
    candidates = answerer.reranking_candidates(question)
    assert 1 < len(candidates) <= RERANK
    assert any(quote.startswith(expected) for _, quote in candidates)
    assert all(isinstance(features, Features) for features, _ in candidates)


def test_a_yes_no_question_prefers_the_quote_that_settles_it(blind):
    # both quotes name Meresk and his wrongdoing; the one that answers denies it
    question = "has meresk admitted to anything"
    candidates = blind("stadium").reranking_candidates(question)
    settles = {quote: features.settles for features, quote in candidates}
    assert any(v == 1.0 for v in settles.values()) and any(v == 0.0 for v in settles.values())
    assert "denies any wrongdoing" in blind("stadium").answer(question).excerpts[0].quote
    # not a yes/no question: the feature is off
    assert all(f.settles == 0.0 for f, _ in blind("stadium").reranking_candidates(
        "what is meresk accused of"))


def test_no_candidates_for_small_talk(blind):
    assert blind("bank").reranking_candidates("thanks, that's all") == []
