"""Malformed knowledge folders, configs and databases (tests/faults/): each is refused with
what is wrong, in one line where it is one problem, and nothing is written.

The cases and their expected messages are listed in tests/faults/manifest.yaml.
"""

from __future__ import annotations

import operator
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main
from bot.config import Config, ConfigError, load_config
from bot.kb import Answerer, KnowledgeError, build_knowledge_base
from bot.service import KnowledgeService
from bot.store import Store
from tests.conftest import KNOWLEDGE, NEW_ARTICLE, ROOT

FAULTS = Path(__file__).resolve().parent / "faults"
MANIFEST = yaml.safe_load((FAULTS / "manifest.yaml").read_text(encoding="utf-8"))
KNOWLEDGE_CASES = sorted(MANIFEST["knowledge"])
CONFIG_CASES = sorted(MANIFEST["config"])
DATABASE_CASES = sorted(MANIFEST["database"])
DURAND = "When was the Durand Line drawn?"
SEED = "pakistan-disillusioned-with-taliban"


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
    files = sorted(p.name for p in (FAULTS / "database").iterdir())
    assert files == sorted(c["file"] for c in MANIFEST["database"].values() if "file" in c)


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
def test_an_accepted_config_gives_its_values_and_the_defaults(case: str) -> None:
    config = load_config(FAULTS / "config" / f"{case}.yaml")
    values = MANIFEST["config_accepted"][case]
    assert {key: operator.attrgetter(key)(config) for key in values} == values
    section_defaults = {key.split(".")[0] for key in values}
    for name in Config.__dataclass_fields__:
        if name not in section_defaults:
            assert getattr(config, name) == getattr(Config(), name)


@pytest.mark.parametrize("command", sorted(MANIFEST["config_exit"]))
@pytest.mark.parametrize("case", CONFIG_CASES)
def test_every_faulty_config_ends_run_check_and_health_in_one_line(
        case: str, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = FAULTS / "config" / f"{case}.yaml"
    assert main([*command.split(), "--config", str(path)]) == MANIFEST["config_exit"][command]
    out, err = capsys.readouterr()
    (line,) = (out + err).splitlines()
    prefix = "unhealthy: " if command == "health" else "error: "
    assert line.startswith(f"{prefix}{path}: ")
    for expected in says("config", case):
        assert all(part in line for part in expected)


def limit_memory(megabytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))
    return limit


@pytest.mark.parametrize("command", ["run --check", "run", "health"])
def test_the_alias_bomb_is_refused_at_once_under_a_memory_limit(command: str) -> None:
    """The 645-byte config that grew to gigabytes, in a process that may use 512 MB."""
    path = FAULTS / "config" / "alias-bomb.yaml"
    environ = {k: v for k, v in os.environ.items() if k != "CITEBOT_CONFIG"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "bot", *command.split(), "--config", str(path)],
                            cwd=ROOT, env={**environ, "DISCORD_TOKEN": "bomb-test-token"},
                            capture_output=True, text=True, timeout=120, check=False,
                            preexec_fn=limit_memory(512))
    assert result.returncode == MANIFEST["config_exit"][command], result.stderr
    (line,) = (result.stdout + result.stderr).splitlines()
    assert line.endswith(f"{path}: line 8: more than 10,000 values once aliases are expanded")
    assert time.monotonic() - started < 10  # it used to take 15 s to fail at 1 GB


@pytest.mark.parametrize("case", ["token-in-file", "impossible-date"])
def test_run_with_a_faulty_config_exits_2_before_connecting(case: str) -> None:
    result = run_bot("run", "--config", str(FAULTS / "config" / f"{case}.yaml"))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    for expected in says("config", case):
        assert all(part in line for part in expected)
    assert "hunter2" not in result.stderr + result.stdout


# --- databases ---------------------------------------------------------------------------------


def make_database(case: str, folder: Path, make_read_only) -> Path:
    """The faulty database of ``case`` in ``folder``; its path for the config."""
    spec = MANIFEST["database"][case]
    path = folder / "citebot.sqlite3"
    kind = spec.get("make")
    if "file" in spec:
        shutil.copy(FAULTS / "database" / spec["file"], path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "parent-is-a-file":
        (folder / "blocker").write_text("")
        path = folder / "blocker" / "citebot.sqlite3"
    elif kind in ("read-only", "truncated"):
        store = Store(path)
        store.log_audit(actor="earlier", action="added", detail="an earlier change")
        store.close()
        if kind == "truncated":
            path.write_bytes(path.read_bytes()[:1000])
        else:
            make_read_only(path)
    elif kind in ("newer-schema", "other-program"):
        db = sqlite3.connect(path)
        db.execute("PRAGMA user_version = 99" if kind == "newer-schema"
                   else "CREATE TABLE questions (what TEXT)")
        db.commit()
        db.close()
    else:
        raise AssertionError(f"unknown database case {case}: {spec}")
    return path


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


DATABASE_COMMANDS = {
    "kb add": ["kb", "add", "{upload}"],
    "kb remove": ["kb", "remove", SEED, "--yes"],
    "kb gaps": ["kb", "gaps"],
    "run --check": ["run", "--check"],
    "run": ["run"],
}


@pytest.mark.parametrize("command", sorted(DATABASE_COMMANDS))
@pytest.mark.parametrize("case", DATABASE_CASES)
def test_a_faulty_database_is_one_line_and_nothing_is_written(
        case: str, command: str, tmp_path: Path, make_read_only,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "db").mkdir()
    database = make_database(case, tmp_path / "db", make_read_only)
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    upload = tmp_path / "upload" / "chitral.md"
    upload.parent.mkdir()
    upload.write_text(NEW_ARTICLE, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"knowledge_dir": str(knowledge),
                                      "database": str(database)}), encoding="utf-8")
    args = [a.format(upload=upload) for a in DATABASE_COMMANDS[command]]
    args += ["--config", str(config)]
    before = snapshot(tmp_path)

    if command == "run":  # in its own process: it would set up logging and connect
        environ = {k: v for k, v in os.environ.items() if k != "CITEBOT_CONFIG"}
        result = subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT,
                                env={**environ, "DISCORD_TOKEN": "db-test-token"},
                                capture_output=True, text=True, timeout=60, check=False)
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        monkeypatch.setenv("DISCORD_TOKEN", "db-test-token")
        code = main(args)
        out, err = capsys.readouterr()

    spec = MANIFEST["database"][case]
    assert code == spec["exit"], err
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("error: ") and f"database {database}: " in line
    assert spec["says"] in line
    assert "Traceback" not in err
    assert snapshot(tmp_path) == before
