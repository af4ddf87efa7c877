"""``python -m bot run --check``: would ``run`` start? Everything short of connecting.

Reads and validates the config, builds the knowledge base, looks for the token in the
environment (never shows it), and checks that the database and heartbeat files can be
written where the config puts them (the database: a writable SQLite file of a schema this
bot knows, or a writable place to create one). Nothing is created, opened for writing or
migrated, no -wal or -shm file is left beside the database, and discord.py is not imported.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import textwrap
from pathlib import Path

from bot.cli_paths import config_from, config_path
from bot.config import ConfigError, token_from_environment
from bot.kb import KnowledgeError, build_knowledge_base
from bot.kb.build import knowledge_warnings
from bot.kb.semantic import ModelError, load_encoder
from bot.kb.snapshot_cache import SnapshotCache
from bot.kb.vector_cache import FILE_NAME as CACHE_FILE
from bot.kb.vector_cache import default_cache_dir
from bot.store import SCHEMA_VERSION, describe, schema_problem, unwritable


def _read_only(path: Path) -> sqlite3.Connection:
    """The database opened to read, writing nothing and leaving no file behind.

    A read-only connection to a database in WAL mode makes its -wal and -shm files and
    leaves them; with no -wal file (no bot has it open) the file is read as immutable.
    """
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)


def check_database(database: str) -> tuple[str | None, str]:
    """(problem or None, summary) for the database file: writable, SQLite, a known schema."""
    path = Path(database)
    problem = unwritable(path)
    if problem:
        return f"database {path}: {problem}", ""
    if not path.exists():
        return None, f"{path} (will be created)"
    try:
        db = _read_only(path)
        try:
            problem = schema_problem(db)
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error as exc:
        return f"database {path}: {describe(exc)}", ""
    if problem:
        return f"database {path}: {problem}", ""
    plan = "up to date" if version == SCHEMA_VERSION else f"will migrate to v{SCHEMA_VERSION}"
    return None, f"{path} (schema v{version}, {plan})"


def cmd_run_check(args: argparse.Namespace) -> int:
    """Exit 0 with a summary when ``run`` would start, else 2 listing what stands in the way."""
    path = config_path(args)
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems: list[str] = []
    warnings: list[str] = []
    lines = [f"config:    {path or 'built-in defaults (no config.yaml)'}"]

    try:
        token_from_environment()
    except ConfigError as exc:
        problems.append(str(exc))
    else:
        lines.append("token:     DISCORD_TOKEN is set")

    folder = Path(config.knowledge_dir)
    if not folder.is_dir():
        problems.append(f"knowledge folder not found: {folder}")
    else:
        try:
            # the snapshot cache is read, not written: a check creates nothing
            kb = build_knowledge_base(folder, snapshots=SnapshotCache.default(save=False) or False)
        except KnowledgeError as exc:
            problems.append(f"the knowledge base has {len(exc.problems)} problem(s):\n"
                            f"{textwrap.indent(exc.listing(), '  ')}")
        else:
            lines.append(f"knowledge: {folder}: {len(kb.articles)} article(s), "
                         f"{kb.searchable_count} passages (version {kb.version})")
            warnings += knowledge_warnings(kb)

    try:
        encoder = load_encoder()
    except ModelError as exc:
        problems.append(str(exc))
    else:  # the cache is looked at, not opened: a check creates nothing
        cache = default_cache_dir() / CACHE_FILE
        if problem := unwritable(cache):
            warnings.append(f"sentence vectors cannot be cached in {cache} ({problem}): they "
                            f"are kept in memory and embedded again at every start")
        lines.append(f"model:     {encoder.model_id}, sentence vectors cached in {cache}")

    problem, summary = check_database(config.database)
    if problem:
        problems.append(problem)
    else:
        lines.append(f"database:  {summary}")

    heartbeat = config.health.heartbeat_file.strip()
    if heartbeat:
        problem = unwritable(Path(heartbeat))
        if problem:
            problems.append(f"heartbeat file {heartbeat}: {problem}")
        else:
            lines.append(f"heartbeat: {heartbeat} every {config.health.heartbeat_seconds:g} s")
    else:
        lines.append("heartbeat: off (health.heartbeat_file is empty)")

    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if len(problems) == 1 and "\n" not in problems[0]:
        print(f"error: `run` would not start: {problems[0]}", file=sys.stderr)
        return 2
    if problems:
        print("error: `run` would not start:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    print("ok: ready to run (Discord itself was not contacted)")
    return 0
