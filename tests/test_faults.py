"""Malformed knowledge folders and configs (tests/faults/): each is refused with what is wrong.

The cases and their expected messages are listed in tests/faults/manifest.yaml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.config import Config, ConfigError, load_config
from bot.kb import Answerer, KnowledgeError, build_knowledge_base
from bot.service import KnowledgeService
from tests.conftest import KNOWLEDGE, ROOT

FAULTS = Path(__file__).resolve().parent / "faults"
MANIFEST = yaml.safe_load((FAULTS / "manifest.yaml").read_text(encoding="utf-8"))
KNOWLEDGE_CASES = sorted(MANIFEST["knowledge"])
CONFIG_CASES = sorted(MANIFEST["config"])
DURAND = "When was the Durand Line drawn?"


def says(kind: str, case: str) -> list[list[str]]:
    """Per expected problem, the substrings its line must hold."""
    return [[e] if isinstance(e, str) else e for e in MANIFEST[kind][case]["says"]]


def run_bot(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot ...`` with no token and no config in the environment."""
    environ = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "CITEBOT_CONFIG")}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60, check=False)


def test_every_case_on_disk_is_in_the_manifest() -> None:
    folders = sorted(p.name for p in (FAULTS / "knowledge").iterdir() if p.is_dir())
    assert folders == KNOWLEDGE_CASES
    configs = sorted(p.stem for p in (FAULTS / "config").glob("*.yaml"))
    assert configs == sorted([*CONFIG_CASES, *MANIFEST["config_accepted"]])


# --- knowledge folders ---------------------------------------------------------------------


@pytest.mark.parametrize("case", KNOWLEDGE_CASES)
def test_a_faulty_knowledge_folder_is_refused_naming_every_problem(case: str) -> None:
    folder = FAULTS / "knowledge" / case
    with pytest.raises(KnowledgeError) as caught:
        build_knowledge_base(folder)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == len(says("knowledge", case)), problems
    for problem, expected in zip(problems, says("knowledge", case), strict=True):
        assert all(part in problem for part in expected), (expected, problem)
        assert problem.startswith(str(folder))  # the file, by its whole path
    assert "\n" not in str(caught.value)  # one line for a log or a Discord reply


@pytest.mark.parametrize("case", ["problems-in-several-files", "impossible-date",
                                  "glossary-bad-entity"])
def test_kb_check_lists_the_problems_and_exits_1(case: str) -> None:
    result = run_bot("kb", "check", str(FAULTS / "knowledge" / case))
    assert result.returncode == 1, result.stderr
    assert f"{len(says('knowledge', case))} problem(s) in" in result.stderr
    for expected in says("knowledge", case):
        assert all(part in result.stderr for part in expected)
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("case", KNOWLEDGE_CASES)
async def test_a_refresh_from_a_faulty_folder_keeps_the_old_snapshot_serving(
        case: str, kb, tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    service = KnowledgeService(folder, Answerer(kb))
    serving, version = service.answerer, service.kb.version
    shutil.rmtree(folder)
    shutil.copytree(FAULTS / "knowledge" / case, folder)

    with pytest.raises(KnowledgeError) as caught:
        await service.refresh(by="mod")

    assert all(part in str(caught.value.problems[0]) for part in says("knowledge", case)[0])
    assert service.answerer is serving and service.kb.version == version
    assert not service.refreshing and service.refreshed_by is None
    answer = await service.answer(DURAND)
    assert answer.answered and "1893" in answer.excerpts[0].quote


# --- configs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CONFIG_CASES)
def test_a_faulty_config_is_refused_in_one_line_naming_the_key(case: str) -> None:
    path = FAULTS / "config" / f"{case}.yaml"
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for expected in says("config", case):
        assert all(part in message for part in expected)
    for secret in MANIFEST["config"][case].get("never", []):
        assert secret not in message


@pytest.mark.parametrize("case", MANIFEST["config_accepted"])
def test_an_empty_config_gives_the_defaults(case: str) -> None:
    assert load_config(FAULTS / "config" / f"{case}.yaml") == Config()


@pytest.mark.parametrize("case", ["token-in-file", "impossible-date"])
def test_run_with_a_faulty_config_exits_2_before_connecting(case: str) -> None:
    result = run_bot("run", "--config", str(FAULTS / "config" / f"{case}.yaml"))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    for expected in says("config", case):
        assert all(part in line for part in expected)
    assert "hunter2" not in result.stderr + result.stdout
