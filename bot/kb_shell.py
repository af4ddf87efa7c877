"""The moderators' knowledge commands from the server's shell: add, remove, gaps.

The same validation as /kb in Discord; changes are recorded in the audit log
as made by "shell:<login name>". A change that leaves a good folder is stamped in the
database, and running bots load it within discord.knowledge_poll_seconds (bot/watch.py).
The database is checked before the folder is touched: a change that could not be
recorded is not made, unless --no-audit asks for it (and then it says so).
"""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.cli_paths import add_options, config_from, knowledge_dir
from bot.config import Config
from bot.kb import KnowledgeError, build_knowledge_base
from bot.kb.gaps import group_gaps
from bot.kb.library import add_article, remove_article, text_to_markdown
from bot.store import Store, StoreError, unwritable

NO_AUDIT_HINT = "--no-audit makes the change without recording it"


def _actor() -> str:
    try:
        return f"shell:{getpass.getuser()}"
    except (KeyError, OSError):
        return "shell"


def _check_audit_log(config: Config, args: argparse.Namespace) -> None:
    """Before a change: StoreError if the database that will record it cannot be (a SQLite
    file of a known schema, writable). One not there yet is not created here: a change that
    is refused creates nothing. Nothing to check with --no-audit."""
    if args.no_audit:
        return
    path = Path(config.database)
    if path.exists():
        Store(path).close()
    elif problem := unwritable(path):
        raise StoreError(f"database {path}: {problem}")


def _audit(config: Config, args: argparse.Namespace, action: str,
           detail: str) -> tuple[bool, Store | None]:
    """Record the change just made: (recorded, the open database to stamp, or None)."""
    if args.no_audit:
        print("note: not recorded in the audit log, and running bots were not told "
              "(--no-audit)", file=sys.stderr)
        return True, None
    store = None
    try:
        store = Store(config.database)
        store.log_audit(actor=_actor(), action=action, detail=detail)
    except (StoreError, sqlite3.Error) as exc:
        if store is not None:
            store.close()
        print(f"error: the change was made but not recorded in the audit log: {exc}",
              file=sys.stderr)
        return False, None
    return True, store


def _finish(config: Config, folder: Path, audited: tuple[bool, Store | None]) -> int:
    recorded, store = audited
    try:
        return _report_folder(config, folder, store) if recorded else 1
    finally:
        if store is not None:
            store.close()


def cmd_kb_add(args: argparse.Namespace) -> int:
    config = config_from(args)
    folder = knowledge_dir(args, config)
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"error: {path}: cannot be read: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if path.suffix.lower() == ".txt":
        missing = [k for k in ("title", "publication", "date", "url") if not getattr(args, k)]
        if missing:
            print("error: a .txt article also needs " + ", ".join(f"--{k}" for k in missing)
                  + " (write unknown for what is not known)", file=sys.stderr)
            return 2
    elif path.suffix.lower() != ".md":
        print("error: give a .md article (with front matter) or a .txt file", file=sys.stderr)
        return 2
    try:
        if path.suffix.lower() == ".txt":
            raw = text_to_markdown(raw, path.name, title=args.title,
                                   publication=args.publication, date=args.date,
                                   url=args.url, author=args.author, article_id=args.id)
    except KnowledgeError as exc:
        return _not_added(path, exc)
    try:
        _check_audit_log(config, args)
    except StoreError as exc:
        print(f"error: {exc}; {path.name} was not added, nothing was written "
              f"({NO_AUDIT_HINT})", file=sys.stderr)
        return 2
    try:
        change = add_article(folder, raw, path.name, replace=args.replace,
                             replace_option="--replace")
    except KnowledgeError as exc:
        return _not_added(path, exc)
    audited = _audit(config, args, change.action, f"{change.article.id} ({path.name})")
    print(f"{change.action} {change.article.id} -> {change.path}")
    return _finish(config, folder, audited)


def _not_added(path: Path, error: KnowledgeError) -> int:
    print(f"error: {path.name} was not added; nothing was written:\n{error.listing()}",
          file=sys.stderr)
    return 1


def cmd_kb_remove(args: argparse.Namespace) -> int:
    config = config_from(args)
    folder = knowledge_dir(args, config)
    try:
        _check_audit_log(config, args)
    except StoreError as exc:
        print(f"error: {exc}; nothing was removed ({NO_AUDIT_HINT})", file=sys.stderr)
        return 2
    if not args.yes:
        if not sys.stdin.isatty():
            print("error: add --yes to remove without a prompt", file=sys.stderr)
            return 2
        reply = input(f"Remove the article '{args.id}' from {folder}? [y/N] ")
        if reply.strip().lower() not in ("y", "yes"):
            print("cancelled: nothing was removed")
            return 1
    try:
        change = remove_article(folder, args.id)
    except KnowledgeError as exc:
        print(f"error: nothing was removed:\n{exc.listing()}", file=sys.stderr)
        return 1
    audited = _audit(config, args, "removed", args.id)
    print(f"removed {args.id} ({change.path})")
    return _finish(config, folder, audited)


def _report_folder(config: Config, folder: Path, store: Store | None) -> int:
    """Check that the folder still builds, and stamp its version for the running bots."""
    try:
        kb = build_knowledge_base(folder)
    except KnowledgeError as exc:
        print(f"warning: the knowledge folder has problems, so /kb refresh will keep the old "
              f"knowledge base serving until they are fixed:\n{exc.listing()}", file=sys.stderr)
        return 1
    poll = config.discord.knowledge_poll_seconds
    if _stamp(store, kb.version) and poll:
        serve = (f"Running bots load it within {poll:g} s (discord.knowledge_poll_seconds), "
                 f"or at once with /kb refresh in Discord.")
    else:
        serve = "Run /kb refresh in Discord to serve it."
    print(f"ok: {len(kb.articles)} article(s), {kb.searchable_count} "
          f"passages (version {kb.version}). {serve}")
    return 0


def _stamp(store: Store | None, version: str) -> bool:
    """Write the knowledge stamp that running bots poll; False if it was not written."""
    if store is None:
        return False  # --no-audit: the database is left alone
    try:
        store.write_stamp(version, _actor(), origin="shell")
    except sqlite3.Error as exc:
        print(f"warning: running bots were not told of the change (database "
              f"{store.path}: {exc})", file=sys.stderr)
        return False
    return True


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    config = config_from(args)
    if args.days < 1:
        print("error: --days must be 1 or more", file=sys.stderr)
        return 2
    if not Path(config.database).exists():
        if problem := unwritable(Path(config.database)):
            raise StoreError(f"database {config.database}: {problem}")
        print(f"no database at {config.database} yet: nothing has been asked")
        return 0
    kb = build_knowledge_base(knowledge_dir(args, config))
    store = Store(config.database)
    try:
        rows = store.gap_rows(time.time() - args.days * 86400)
    finally:
        store.close()
    groups = group_gaps(rows, kb.tokenizer, limit=args.limit)
    if not groups:
        print(f"no declined or thumbs-down questions in the last {args.days} day(s)")
        return 0
    for n, gap in enumerate(groups, 1):
        last = datetime.fromtimestamp(gap.last_asked, UTC).strftime("%Y-%m-%d")
        print(f"{n}. {gap.question}\n   asked {gap.count}, declined {gap.declined}, "
              f"thumbs down {gap.thumbs_down}, {len(gap.wordings)} wording(s), last {last}")
    return 0


def add_parsers(kb_sub: argparse._SubParsersAction) -> None:
    add = kb_sub.add_parser("add", help="validate an article file and add it to the folder",
                            description="Validate FILE (.md with front matter, or .txt with "
                                        "--title, --publication, --date and --url) and write it "
                                        "into the knowledge folder atomically.")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--replace", action="store_true", help="overwrite the article with its id")
    for option in ("title", "publication", "date", "url"):
        add.add_argument(f"--{option}", help=f"for a .txt file: the article's {option}")
    add.add_argument("--author", default="unknown", help="for a .txt file (default: unknown)")
    add.add_argument("--id", help="for a .txt file: the id (default: made from the title)")
    add.set_defaults(func=cmd_kb_add)

    remove = kb_sub.add_parser("remove", help="remove an article from the folder")
    remove.add_argument("id", metavar="ID", help="the article's id (see `kb list`)")
    remove.add_argument("--yes", action="store_true", help="do not ask to confirm")
    remove.set_defaults(func=cmd_kb_remove)

    gaps = kb_sub.add_parser("gaps", help="questions most often declined or voted down")
    gaps.add_argument("--days", type=int, default=30, help="how far back (default 30)")
    gaps.add_argument("--limit", type=int, default=15, help="groups to show (default 15)")
    gaps.set_defaults(func=cmd_kb_gaps)
    for p in (add, remove):
        p.add_argument("--no-audit", action="store_true",
                       help="make the change without recording it in the database's audit log "
                            "(nor telling running bots: run /kb refresh); without it, a "
                            "database that cannot be written stops the change")
    for p in (add, remove, gaps):
        add_options(p)
