"""Regression: the development questions must keep the figures issue #2 asks for."""

import json
import subprocess
import sys

from tests.conftest import ROOT, load_questions
from tests.quality import figures

THRESHOLDS = {"hit1": 0.85, "hit3": 0.92, "sure_wrong": 0.10}


def check(figs: dict[str, float]) -> None:
    assert figs["hit1"] >= THRESHOLDS["hit1"], figs
    assert figs["hit3"] >= THRESHOLDS["hit3"], figs
    assert figs["sure_wrong"] <= THRESHOLDS["sure_wrong"], figs  # off topic, never sure
    assert figs["false_abstain"] <= 0.05, figs
    assert figs["quote_median"] <= 300, figs


def test_development_set_through_the_cli_batch_contract():
    on, off = load_questions("dev_questions.yaml")
    questions = [q["q"] for q in on + off]
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], cwd=ROOT,
                            input="\n".join(questions) + "\n", capture_output=True, text=True,
                            timeout=120, check=True)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    check(figures(on, answers[: len(on)], answers[len(on):]))


def test_projects_own_questions_do_not_regress(answerer):
    """Questions written apart from the development set: a guard against memorising it."""
    on, off = load_questions("extra_questions.yaml")
    on_answers = [answerer.answer(q["q"]).to_json() for q in on]
    off_answers = [answerer.answer(q["q"]).to_json() for q in off]
    figs = figures(on, on_answers, off_answers)
    assert figs["hit1"] >= 0.8 and figs["hit3"] >= 0.85, figs
    assert figs["sure_wrong"] <= 0.1 and figs["false_abstain"] <= 0.05, figs
