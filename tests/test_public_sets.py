"""The public question sets (../shared/eval), scored by their own script through the command
line's batch contract, as regression guards at the figures this engine reaches.

The figures issue 9 asks for are higher on some sets; the closing note of the change that
added these guards says which, and by how much. Raise a floor when the engine improves.
"""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

EVAL = ROOT.parent / "shared" / "eval"
SETS = {
    # set: (questions, knowledge folder or None for ./knowledge, floors)
    "first": ("questions.yaml", None,
              # issue 9's own thresholds for this set: hit@1 >= 0.95, hit@3 = 1.00
              {"--min-hit1": 0.95, "--min-hit3": 1.0, "--max-sure-wrong": 0.10,
               "--min-sure": 0.91}),
    "discord": ("dev-discord.yaml", None,
                {"--min-hit1": 0.88, "--min-hit3": 0.95, "--max-sure-wrong": 0.10,
                 "--min-sure": 0.85}),
    # the second ranking (eighth session) put the right quote first for two questions whose
    # wrong first quote had been sure, and is not sure of the right one: hit@1 0.80 -> 0.88,
    # sure 0.88 -> 0.80 (issue 9 asks for 0.75)
    "unseen": ("unseen-sample/questions.yaml", EVAL / "unseen-sample",
               {"--min-hit1": 0.84, "--min-hit3": 0.92, "--max-sure-wrong": 0.10,
                "--min-sure": 0.80}),
}


@pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is not beside the project")
@pytest.mark.parametrize("name", sorted(SETS))
def test_public_set_keeps_its_figures(name):
    questions, knowledge, floors = SETS[name]
    command = f"{sys.executable} -m bot ask --json"
    if knowledge is not None:
        command += f" --knowledge {knowledge}"
    args = [sys.executable, str(EVAL / "score.py"), str(EVAL / questions), "--cmd", command,
            "--min-abstain", "0", "--max-false-abstain", "0.03", "--max-quote", "300", "--by-kind"]
    for flag, value in floors.items():
        args += [flag, str(value)]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
