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
from bot.kb.ingest import (
    Draft,
    IngestError,
    Overrides,
    commit,
    extract,
    kind_of,
    looks_like_link,
    prepare,
    prepare_file,
    read_link,
)
from bot.kb.ingest.fetch import MAX_BYTES
from bot.kb.library import MAX_ARTICLE_BYTES, read_limited, remove_article, text_to_markdown
from bot.kb.snapshot import passage_count
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


def _shell_words(message: str) -> str:
    """The engine's messages name Discord's option; the shell's flag is --replace."""
    return message.replace("add it with replace", "add it with --replace")


class _Usage(Exception):
    """The command was given the wrong thing: exit code 2."""


def _draft(args: argparse.Namespace, config: Config, folder: Path) -> Draft:
    """The draft article from a link or a file; IngestError or KnowledgeError if it cannot be."""
    source = args.source
    overrides = Overrides(title=args.title, publication=args.publication, author=args.author,
                          date=args.date, url=args.url, language=args.language,
                          article_id=args.id)
    if looks_like_link(source):
        extracted, final = read_link(source,
                                     allow_loopback=config.ingest.allow_private_addresses)
        return prepare(extracted, folder, final, overrides, args.replace)
    path = Path(source)
    kind = kind_of(path.name)
    if kind is None:
        raise _Usage("give a link, or a .md, .txt, .html, .htm or .pdf file")
    try:  # its size is checked before it is read: `kb add /dev/urandom` ends at once
        raw = read_limited(path, MAX_ARTICLE_BYTES if kind in ("md", "text") else MAX_BYTES)
    except KnowledgeError as exc:
        raise _Usage(str(exc.problems[0])) from None
    if kind == "md":
        if overrides.given() or args.id:
            print("note: a .md file is added as it is; edit its front matter to change a field",
                  file=sys.stderr)
        return prepare_file(raw, path.name, folder, args.replace)
    if kind == "text":
        missing = [k for k in ("title", "publication", "date", "url") if not getattr(args, k)]
        if missing:
            raise _Usage("a .txt article also needs " + ", ".join(f"--{k}" for k in missing)
                              + " (write unknown for what is not known)")
        raw = text_to_markdown(raw, path.name, title=args.title, publication=args.publication,
                               date=args.date, url=args.url, author=args.author or "unknown",
                               language=args.language or "en", article_id=args.id)
        return prepare_file(raw, path.name, folder, args.replace)
    return prepare(extract(raw, kind, args.url), folder, path.name, overrides,
                   args.replace)


def _confirmed(args: argparse.Namespace, question: str, what: str) -> bool | None:
    """True to go on; False when the moderator said no; None when no prompt is possible."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print(f"error: add --yes to {what} without a prompt", file=sys.stderr)
        return None
    return input(question).strip().lower() in ("y", "yes")


def cmd_kb_add(args: argparse.Namespace) -> int:
    config = config_from(args)
    folder = knowledge_dir(args, config)
    shown = args.source
    try:
        draft = _draft(args, config, folder)
    except _Usage as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IngestError as exc:
        print(f"error: {shown} was not added; nothing was written: {exc}", file=sys.stderr)
        return 1
    except KnowledgeError as exc:
        print(f"error: {Path(shown).name if not looks_like_link(shown) else shown} was not "
              f"added; nothing was written:\n{_shell_words(exc.listing())}", file=sys.stderr)
        return 1
    try:
        _check_audit_log(config, args)
    except StoreError as exc:
        print(f"error: {exc}; {draft.name} was not added, nothing was written "
              f"({NO_AUDIT_HINT})", file=sys.stderr)
        return 2
    print(f"To be added to {folder}:\n{draft.preview()}")
    answer = _confirmed(args, "Add this article? [y/N] ", "add")
    if answer is None:
        return 2
    if not answer:
        print("cancelled: nothing was written")
        return 1
    try:
        change = commit(draft, folder)
    except KnowledgeError as exc:
        print(f"error: {draft.name} was not added; nothing was written:\n"
              f"{_shell_words(exc.listing())}", file=sys.stderr)
        return 1
    audited = _audit(config, args, change.action, f"{change.article.id} ({draft.name})")
    print(f"{change.action} {change.article.id} -> {change.path}")
    return _finish(config, folder, audited)


def cmd_kb_remove(args: argparse.Namespace) -> int:
    config = config_from(args)
    folder = knowledge_dir(args, config)
    try:
        _check_audit_log(config, args)
    except StoreError as exc:
        print(f"error: {exc}; nothing was removed ({NO_AUDIT_HINT})", file=sys.stderr)
        return 2
    answer = _confirmed(args, f"Remove the article '{args.id}' from {folder}? [y/N] ", "remove")
    if answer is None:
        return 2
    if not answer:
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
    print(f"ok: {len(kb.articles)} article(s), {passage_count(kb)} "
          f"(version {kb.version}). {serve}")
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
    add = kb_sub.add_parser(
        "add", help="add an article from a link or a file (shows it first)",
        description="Add an article from SOURCE: a link (http or https; the page or PDF is "
                    "fetched and its text and metadata extracted), or a file: .html, .htm, .pdf, "
                    ".md (with front matter) or .txt (with --title, --publication, --date and "
                    "--url). What is not found is written as unknown; the options set any field. "
                    "Shows what would be added and asks before writing (--yes does not ask).")
    add.add_argument("source", metavar="URL|FILE")
    add.add_argument("--replace", action="store_true",
                     help="overwrite the article with its id, or the one it duplicates")
    add.add_argument("--yes", action="store_true", help="add without asking")
    for option in ("title", "publication", "date", "url", "author", "language"):
        add.add_argument(f"--{option}", help=f"the article's {option} (default: as extracted)")
    add.add_argument("--id", help="the article's id (default: made from the title)")
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
