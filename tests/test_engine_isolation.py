"""The engine never imports discord: the CLI and the tests use it without a Discord stack."""

import subprocess
import sys

from tests.conftest import ROOT

PROGRAM = """
import sys
import bot.kb
from bot.kb import Answerer, build_knowledge_base
from bot.terminal import render_answer
answer = Answerer(build_knowledge_base("knowledge")).answer("When was the Durand Line drawn?")
assert answer.answered
render_answer(answer)
leaked = sorted(m for m in sys.modules if m == "discord" or m.startswith("discord."))
print(",".join(leaked) or "clean")
"""


def test_engine_imports_no_discord():
    result = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == "clean"
