"""`python -m bot run --check`: everything `run` needs, checked without connecting to Discord."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

from bot.store import MIGRATIONS, SCHEMA_VERSION, Store
from tests.conftest import KNOWLEDGE, ROOT, article_text

TOKEN = "check-token-Vb8Rn2"


def write_config(tmp_path: Path, **keys: object) -> Path:
    data = {"knowledge_dir": str(KNOWLEDGE), "database": str(tmp_path / "db" / "citebot.sqlite3"),
            **keys}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def check(config: Path | None, token: str | None = TOKEN,
          **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "CITEBOT_CONFIG")}
    if token is not None:
        environ["DISCORD_TOKEN"] = token
    environ.update(env)
    args = ["run", "--check"] + (["--config", str(config)] if config else [])
    # no fake server and no port: a check that tried to connect would fail
    program = ("import sys; from bot.__main__ import main; code = main(sys.argv[1:]); "
               "print('discord imported' if 'discord' in sys.modules else '', end=''); "
               "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", program, *args], cwd=ROOT, env=environ,
                            capture_output=True, text=True, timeout=60, check=False)
    assert "discord imported" not in result.stdout
    assert "Traceback" not in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    return result


def test_ready_exits_0_with_a_summary_and_creates_nothing(tmp_path: Path) -> None:
    config = write_config(tmp_path, health={"heartbeat_file": str(tmp_path / "hb")})
    result = check(config)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert f"config:    {config}" in out
    assert "token:     DISCORD_TOKEN is set" in out
    assert "knowledge: " in out and "1 article(s), 15 passages" in out
    assert "citebot.sqlite3 (will be created)" in out
    assert f"heartbeat: {tmp_path / 'hb'} every 30 s" in out
    assert out.splitlines()[-1].startswith("ok: ready to run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]  # no db, no heartbeat


def test_the_config_named_by_citebot_config_is_used(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    result = check(None, CITEBOT_CONFIG=str(config))
    assert result.returncode == 0, result.stderr
    assert f"config:    {config}" in result.stdout


def test_a_missing_token_exits_2(tmp_path: Path) -> None:
    for token in (None, "  "):
        result = check(write_config(tmp_path), token=token)
        assert result.returncode == 2
        assert result.stdout == ""
        assert "no Discord token: set the environment variable DISCORD_TOKEN" in result.stderr


def test_a_bad_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    config = write_config(tmp_path, answers={"max_excerpt": 2})
    result = check(config)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "answers.max_excerpt" in line and str(config) in line


def test_knowledge_problems_are_listed_as_kb_check_lists_them(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.md").write_text("no front matter\n")
    (folder / "articles" / "b.md").write_text(article_text("b", colour="red"))
    result = check(write_config(tmp_path, knowledge_dir=str(folder)))
    assert result.returncode == 2
    assert "the knowledge base has 2 problem(s)" in result.stderr
    assert "a.md:1: missing front matter" in result.stderr
    assert "b.md:9: colour: unknown key" in result.stderr


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    config = write_config(tmp_path, knowledge_dir=str(tmp_path / "nowhere"),
                          database=str(blocker / "citebot.sqlite3"),
                          health={"heartbeat_file": str(blocker / "hb")})
    result = check(config, token=None)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "error: `run` would not start:"
    assert lines[1:] == [
        "  no Discord token: set the environment variable DISCORD_TOKEN",
        f"  knowledge folder not found: {tmp_path / 'nowhere'}",
        f"  database {blocker / 'citebot.sqlite3'}: {blocker} is not a folder",
        f"  heartbeat file {blocker / 'hb'}: {blocker} is not a folder",
    ]


def test_an_empty_knowledge_folder_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = check(write_config(tmp_path, knowledge_dir=str(tmp_path / "empty")))
    assert result.returncode == 0, result.stderr
    assert "0 article(s)" in result.stdout
    assert result.stderr.startswith(f"warning: no articles in {tmp_path / 'empty' / 'articles'}")


def test_an_existing_database_is_read_not_migrated(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    db = sqlite3.connect(database)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.close()
    before = database.read_bytes()
    result = check(write_config(tmp_path, database=str(database)))
    assert result.returncode == 0, result.stderr
    assert f"{database} (schema v1, will migrate to v{SCHEMA_VERSION})" in result.stdout
    assert database.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml", "old.sqlite3"]

    Store(database).close()
    result = check(write_config(tmp_path, database=str(database)))
    assert f"(schema v{SCHEMA_VERSION}, up to date)" in result.stdout


def test_a_database_from_a_newer_bot_exits_2(tmp_path: Path) -> None:
    database = tmp_path / "new.sqlite3"
    db = sqlite3.connect(database)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    result = check(write_config(tmp_path, database=str(database)))
    assert result.returncode == 2
    assert f"schema v{SCHEMA_VERSION + 1} is newer than this bot" in result.stderr


def test_a_database_path_that_is_a_folder_exits_2(tmp_path: Path) -> None:
    result = check(write_config(tmp_path, database=str(tmp_path)))
    assert result.returncode == 2
    assert f"database {tmp_path}: is a folder" in result.stderr


def test_a_database_in_wal_mode_is_read_without_leaving_wal_or_shm(tmp_path: Path) -> None:
    database = tmp_path / "citebot.sqlite3"
    Store(database).close()  # WAL mode, as the bot leaves it
    before = database.read_bytes()
    result = check(write_config(tmp_path, database=str(database)))
    assert result.returncode == 0, result.stderr
    assert f"(schema v{SCHEMA_VERSION}, up to date)" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["citebot.sqlite3", "config.yaml"]
    assert database.read_bytes() == before


def test_a_database_a_running_bot_holds_open_is_read(tmp_path: Path) -> None:
    database = tmp_path / "citebot.sqlite3"
    running = Store(database)  # its -wal and -shm files exist while it runs
    try:
        running.log_audit(actor="mod", action="added", detail="x")
        result = check(write_config(tmp_path, database=str(database)))
        assert result.returncode == 0, result.stderr
        assert f"(schema v{SCHEMA_VERSION}, up to date)" in result.stdout
    finally:
        running.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["citebot.sqlite3", "config.yaml"]


def test_one_problem_is_one_line(tmp_path: Path) -> None:
    result = check(write_config(tmp_path), token=None)
    assert result.returncode == 2
    assert result.stderr == ("error: `run` would not start: no Discord token: set the "
                             "environment variable DISCORD_TOKEN\n")
