"""Fit the second ranking's weights (bot/kb/rerank.py) on the blind sets.

    python bench/fit_ranking.py [--folds 4] [--json]

For each on-topic question of the fitted sets (batches 1 to 9 of tests/data/blind; see its
README), the engine's first ranking gives its best few quotes with their features
(``Answerer.reranking_candidates``); a quote is right when the question's expected span is
in it as it would be shown. The weights are fitted on every fitted set, and, to say how well
they carry to articles they were not fitted on, once per fold on the other folds' sets (the
sets dealt round-robin into folds) and checked on the fold left out.

Printed: how often the right quote comes first among the candidates, in the first ranking's
order and in the fitted one's, both over the folds left out and on the held-out sets
(batches 10 on, never fitted on), and the weights, as the line to paste into rerank.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.kb import Answerer, build_knowledge_base  # noqa: E402
from bot.kb.rerank import NAMES, WEIGHTS, fit  # noqa: E402
from bot.kb.semantic import SemanticModel  # noqa: E402
from tests.quality import norm  # noqa: E402

BLIND = ROOT / "tests" / "data" / "blind"
FITTED = (  # batches 1 to 9: the sets earlier sessions tuned on
    "river election camp mine raid currency port press quake pipeline fish vaccine grain "
    "campus flood airline border hospital lithium prison ferry drought bank rail breach "
    "museum wildfire strike satellite court trawler mayor locust chipplant dam junta reactor "
    "stadium heatwave fertilizer").split()

Group = tuple[np.ndarray, np.ndarray]  # the candidates' features, and which are right


def groups(folder: Path, model: SemanticModel) -> list[Group]:
    answerer = Answerer(build_knowledge_base(folder, semantic=model))
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    out = []
    for item in questions.get("on_topic", []):
        candidates = answerer.reranking_candidates(item["q"])
        if not candidates:
            continue
        spans = [norm(s) for s in item["expect"]]
        out.append((np.array([f.vector() for f, _ in candidates]),
                    np.array([any(s in norm(q) for s in spans) for _, q in candidates],
                             dtype=float)))
    return out


def first_right(data: list[Group], weights: np.ndarray | None) -> float:
    """Share of the questions whose first candidate is right (by the weights, or as the
    first ranking orders them)."""
    right = [y[int(np.argmax(x @ weights)) if weights is not None else 0] for x, y in data]
    return float(np.mean(right)) if right else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    model = SemanticModel.load()
    held_names = sorted(p.name for p in BLIND.iterdir()
                        if (p / "questions.yaml").is_file() and p.name not in FITTED)
    fitted = {name: groups(BLIND / name, model) for name in FITTED}
    held = [g for name in held_names for g in groups(BLIND / name, model)]
    folds = [FITTED[k::args.folds] for k in range(args.folds)]
    left_out_first, left_out_fitted, n = 0.0, 0.0, 0
    for fold in folds:
        train = [g for name in FITTED if name not in fold for g in fitted[name]]
        test = [g for name in fold for g in fitted[name]]
        weights = fit(train)
        left_out_first += first_right(test, None) * len(test)
        left_out_fitted += first_right(test, weights) * len(test)
        n += len(test)
    everything = [g for name in FITTED for g in fitted[name]]
    weights = fit(everything)
    report = {
        "questions": len(everything), "held_out_questions": len(held),
        "left_out_first_ranking": round(left_out_first / n, 4),
        "left_out_fitted": round(left_out_fitted / n, 4),
        "held_out_first_ranking": round(first_right(held, None), 4),
        "held_out_fitted": round(first_right(held, weights), 4),
        # (None when the features have changed since the shipped weights were fitted)
        "held_out_shipped": (round(first_right(held, WEIGHTS), 4)
                             if len(WEIGHTS) == len(NAMES) else None),
        "weights": dict(zip(NAMES, np.round(weights, 3).tolist(), strict=True)),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            if key != "weights":
                print(f"{key:26s} {value}")
        print("WEIGHTS = np.array([" + ", ".join(f"{w:.3f}" for w in weights) + "])")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
