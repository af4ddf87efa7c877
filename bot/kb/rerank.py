"""The second ranking: the best few quotes of the first (words and meaning, see ``answer``)
scored again on what each holds of the question and how close it comes, word by word.

The first ranking adds a quote's words' score to its cosine with the question. It finds the
right quote among its best four for nine questions in ten, but puts it first for only about
eight in ten: for "what greeted the first customers who showed up at the haldrun branch", a
caption that shares its words ("Customers queue outside a shuttered ... branch in Haldrun")
beats the sentence that answers it in others ("When Ingrid Haller arrived ..."). The second
looks closer at those four (the fourth being, when one is clearly closer in meaning than
any of the best four, that quote: see ``answer._closest_looked_at``), with what only a few
can afford: how close each word of the question comes to a word piece of the quote, in
context (``closeness``), and how much of what the question asks about, names aside, the
quote holds (``plain_support``).

Its weights are not set by hand. ``bench/fit_ranking.py`` fits them on the blind sets of
batches 1 to 9 (``tests/data/blind``): for each question, the quotes the first ranking puts
in its best four, and which of them the question's expected answer is in; the weights make
the right quote's share of a softmax over the four as large as they can (with a small L2
penalty). Fitted on three quarters of those sets and checked on the rest, the right quote
came first for 0.810 of the questions, against 0.772 in the first ranking's order; with the
whole engine, hit@1 on batch 10, never fitted on, went from 0.792 to 0.819, and on batch 12
from 0.810 to 0.852. Refit them, with that script, when a feature changes. The first
ranking's best stays first unless another beats it by ``MARGIN``: on the first public set,
whose questions use the article's own words, the second ranking was wrong where it was close.
The quote's length is not a feature: fitted, it favoured the longer quote, and the fit was no
better for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

import numpy as np

RERANK = 4  # quotes of the first ranking scored again
MARGIN = 0.25  # ... and the first's best stays first unless another beats it by this much


@dataclass(frozen=True)
class Features:
    """What the second ranking knows of one quote."""

    first: float  # the first ranking's score (words and meaning)
    words: float  # the first ranking's words' score (with its bonuses for the answer's type)
    meaning: float  # cosine of the quote (with the sentence it leans on) and the question
    paragraph: float  # cosine of the paragraph's mean sentence vector and the question
    support: float  # share of the question's information the quote holds, word by word
    plain_support: float  # ... of its ordinary words alone, names aside
    own: float  # share of the question's information among the quote's terms
    context: float  # ... among its paragraph's terms
    holds_asked: float  # 1 when the quote holds the kind of datum asked for (a figure, a date)
    # 1 when it gives just what is asked: "what does X stand for" (X written out), "what is it
    # called" (a name), "who is X" (X introduced: "X, a former minister")
    gives_asked: float
    outside_body: float  # 1 for a caption or a standfirst
    # asked what someone said ("what did X say about Y?"): 1 when the quote reports their words
    says: float
    closeness: float  # mean over the question's words (by information) of their closeness
    closeness_held: float  # ... a word the quote holds counting as close as can be
    # a yes/no question: 1 when the quote has a word that settles one ("not", "denied",
    # "remains", "never", "first")
    settles: float

    def vector(self) -> np.ndarray:
        return np.array(astuple(self), dtype=np.float64)


NAMES = tuple(f.name for f in fields(Features))
# fitted by bench/fit_ranking.py (batches 1 to 9 of tests/data/blind, L2 0.001)
WEIGHTS = np.array([1.028, -0.348, 0.419, 1.270, 0.962, 0.942, -1.634, 1.975, 1.993, 1.820,
                    -1.944, 1.304, 1.712, 1.466, 0.526])
L2 = 1e-3


def score(features: Features, weights: np.ndarray = WEIGHTS) -> float:
    return float(features.vector() @ weights)


def fit(groups: Sequence[tuple[np.ndarray, np.ndarray]], l2: float = L2,
        steps: int = 50) -> np.ndarray:
    """Weights that make each group's right rows likely under a softmax over its rows.

    ``groups``: per question, the candidates' feature rows and a 0/1 label for each (the
    right quote). A group with no right row, or only right rows, teaches nothing and is
    left out. Newton's method on the mean cross-entropy with an L2 penalty: the problem
    is convex and has a dozen weights, so a few steps reach the minimum."""
    kept = [(np.asarray(x, float), np.asarray(y, float) / np.sum(y)) for x, y in groups
            if 0 < np.sum(y) < len(y)]
    if not kept:
        raise ValueError("no question with both a right and a wrong candidate")
    d = kept[0][0].shape[1]
    w = np.zeros(d)
    for _ in range(steps):
        gradient, hessian = 2 * l2 * w, 2 * l2 * np.eye(d)
        for x, y in kept:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            gradient += x.T @ (p - y) / len(kept)
            mean = x.T @ p
            hessian += (x.T @ (x * p[:, None]) - np.outer(mean, mean)) / len(kept)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w
