"""``python -m bot run --check``: would ``run`` start? Everything short of connecting.

Reads and validates the config, builds the knowledge base, looks for the token in the
environment (never shows it), and checks that the database and heartbeat files can be
written where the config puts them. Nothing is created, opened for writing or migrated,
and discord.py is not imported.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import textwrap
from pathlib import Path

from bot.config import ConfigError, load_config, token_from_environment
from bot.kb import KnowledgeError, build_knowledge_base
from bot.kb.build import knowledge_warnings
from bot.kb_shell import config_path
from bot.store import SCHEMA_VERSION


def _writable_place(path: Path) -> str | None:
    """Why a file could not be created at ``path`` (its folders are made as needed), or None."""
    if path.is_dir():
        return "is a folder"
    if path.exists():
        return None if os.access(path, os.W_OK) else "is not writable"
    folder = path.parent
    while not folder.exists():  # Store makes the missing folders
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def _schema_version(path: Path) -> int:
    """The database's schema version, read without writing anything."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def check_database(database: str) -> tuple[str | None, str]:
    """(problem or None, summary) for the database file."""
    path = Path(database)
    problem = _writable_place(path)
    if problem:
        return f"database {path}: {problem}", ""
    if not path.exists():
        return None, f"{path} (will be created)"
    try:
        version = _schema_version(path)
    except sqlite3.Error as exc:
        return f"database {path}: cannot be read: {exc}", ""
    if version > SCHEMA_VERSION:
        return (f"database {path}: schema v{version} is newer than this bot "
                f"(v{SCHEMA_VERSION}); upgrade the bot"), ""
    plan = "up to date" if version == SCHEMA_VERSION else f"will migrate to v{SCHEMA_VERSION}"
    return None, f"{path} (schema v{version}, {plan})"


def cmd_run_check(args: argparse.Namespace) -> int:
    """Exit 0 with a summary when ``run`` would start, else 2 listing what stands in the way."""
    path = config_path(args)
    try:
        config = load_config(path)
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
            kb = build_knowledge_base(folder)
        except KnowledgeError as exc:
            problems.append(f"the knowledge base has {len(exc.problems)} problem(s):\n"
                            f"{textwrap.indent(exc.listing(), '  ')}")
        else:
            lines.append(f"knowledge: {folder}: {len(kb.articles)} article(s), "
                         f"{kb.searchable_count} passages (version {kb.version})")
            warnings += knowledge_warnings(kb)

    problem, summary = check_database(config.database)
    if problem:
        problems.append(problem)
    else:
        lines.append(f"database:  {summary}")

    heartbeat = config.health.heartbeat_file.strip()
    if heartbeat:
        problem = _writable_place(Path(heartbeat))
        if problem:
            problems.append(f"heartbeat file {heartbeat}: {problem}")
        else:
            lines.append(f"heartbeat: {heartbeat} every {config.health.heartbeat_seconds:g} s")
    else:
        lines.append("heartbeat: off (health.heartbeat_file is empty)")

    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if problems:
        print("error: `run` would not start:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    print("ok: ready to run (Discord itself was not contacted)")
    return 0
