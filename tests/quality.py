"""Scoring helpers shared by the regression tests (same rules as shared/eval/score.py)."""

from __future__ import annotations

import re
import statistics

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u2026": "..."})
ELLIPSES = ("\u2026", "...")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip().lower()


def rank_of_hit(excerpts: list[dict], expect: list[str], depth: int = 3) -> int | None:
    spans = [norm(s) for s in expect]
    for rank, excerpt in enumerate(excerpts[:depth], 1):
        if any(span in norm(excerpt["quote"]) for span in spans):
            return rank
    return None


def figures(on: list[dict], on_answers: list[dict], off_answers: list[dict]) -> dict[str, float]:
    ranks = [rank_of_hit(a["excerpts"], item["expect"])
             for item, a in zip(on, on_answers, strict=True)]
    firsts = [len(a["excerpts"][0]["quote"]) for a in on_answers if a["excerpts"]]
    return {
        "hit1": sum(r == 1 for r in ranks) / len(on),
        "hit3": sum(r is not None for r in ranks) / len(on),
        "abstain": sum(not a["answered"] for a in off_answers) / max(1, len(off_answers)),
        # off-topic questions answered as if sure (answered, not marked tentative)
        "sure_wrong": sum(a["answered"] and not a.get("tentative") for a in off_answers)
        / max(1, len(off_answers)),
        "sure": sum(a["answered"] and not a.get("tentative") for a in on_answers) / len(on),
        "false_abstain": sum(not a["answered"] for a in on_answers) / len(on),
        "quote_median": statistics.median(firsts) if firsts else 0,
    }


def strip_ellipses(quote: str) -> str:
    for mark in ELLIPSES:
        quote = quote.removeprefix(mark).removesuffix(mark)
    return quote
