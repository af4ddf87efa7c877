"""The moderators' knowledge commands from the server's shell: add, remove, gaps.

The same validation as /kb in Discord; changes are recorded in the audit log
as made by "shell:<login name>". A change that leaves a good folder is stamped in the
database, and running bots load it within discord.knowledge_poll_seconds (bot/watch.py).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.config import CONFIG_VARIABLE, DEFAULT_CONFIG, Config, load_config
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
from bot.store import Store


def config_path(args: argparse.Namespace) -> str | None:
    """--config, else $CITEBOT_CONFIG, else ./config.yaml if present; None: the defaults."""
    path = args.config or os.environ.get(CONFIG_VARIABLE, "").strip() or None
    if path is None and Path(DEFAULT_CONFIG).is_file():
        path = DEFAULT_CONFIG
    return path


def config_from(args: argparse.Namespace) -> Config:
    """The config named by --config, else by $CITEBOT_CONFIG, else ./config.yaml if present,
    else the defaults."""
    return load_config(config_path(args))


def _actor() -> str:
    try:
        return f"shell:{getpass.getuser()}"
    except (KeyError, OSError):
        return "shell"


def _audit(config: Config, action: str, detail: str) -> None:
    try:
        store = Store(config.database)
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        print(f"warning: the change was made but not written to the audit log in "
              f"{config.database}: {exc}", file=sys.stderr)
        return
    try:
        store.log_audit(actor=_actor(), action=action, detail=detail)
    finally:
        store.close()


class _Usage(Exception):
    """The command was given the wrong thing: exit code 2."""


def _draft(args: argparse.Namespace, config: Config) -> Draft:
    """The draft article from a link or a file; IngestError or KnowledgeError if it cannot be."""
    source = args.source
    overrides = Overrides(title=args.title, publication=args.publication, author=args.author,
                          date=args.date, url=args.url, language=args.language,
                          article_id=args.id)
    if looks_like_link(source):
        extracted, final = read_link(source,
                                     allow_loopback=config.ingest.allow_private_addresses)
        return prepare(extracted, config.knowledge_dir, final, overrides, args.replace)
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
        return prepare_file(raw, path.name, config.knowledge_dir, args.replace)
    if kind == "text":
        missing = [k for k in ("title", "publication", "date", "url") if not getattr(args, k)]
        if missing:
            raise _Usage("a .txt article also needs " + ", ".join(f"--{k}" for k in missing)
                              + " (write unknown for what is not known)")
        raw = text_to_markdown(raw, path.name, title=args.title, publication=args.publication,
                               date=args.date, url=args.url, author=args.author or "unknown",
                               language=args.language or "en", article_id=args.id)
        return prepare_file(raw, path.name, config.knowledge_dir, args.replace)
    return prepare(extract(raw, kind, args.url), config.knowledge_dir, path.name, overrides,
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
    shown = args.source
    try:
        draft = _draft(args, config)
    except _Usage as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IngestError as exc:
        print(f"error: {shown} was not added; nothing was written: {exc}", file=sys.stderr)
        return 1
    except KnowledgeError as exc:
        print(f"error: {Path(shown).name if not looks_like_link(shown) else shown} was not "
              f"added; nothing was written:\n{exc.listing()}", file=sys.stderr)
        return 1
    print(f"To be added to {config.knowledge_dir}:\n{draft.preview()}")
    answer = _confirmed(args, "Add this article? [y/N] ", "add")
    if answer is None:
        return 2
    if not answer:
        print("cancelled: nothing was written")
        return 1
    try:
        change = commit(draft, config.knowledge_dir)
    except KnowledgeError as exc:
        print(f"error: {draft.name} was not added; nothing was written:\n{exc.listing()}",
              file=sys.stderr)
        return 1
    _audit(config, change.action, f"{change.article.id} ({draft.name})")
    print(f"{change.action} {change.article.id} -> {change.path}")
    return _report_folder(config)


def cmd_kb_remove(args: argparse.Namespace) -> int:
    config = config_from(args)
    answer = _confirmed(args, f"Remove the article '{args.id}' from {config.knowledge_dir}? "
                              "[y/N] ", "remove")
    if answer is None:
        return 2
    if not answer:
        print("cancelled: nothing was removed")
        return 1
    try:
        change = remove_article(config.knowledge_dir, args.id)
    except KnowledgeError as exc:
        print(f"error: nothing was removed:\n{exc.listing()}", file=sys.stderr)
        return 1
    _audit(config, "removed", args.id)
    print(f"removed {args.id} ({change.path})")
    return _report_folder(config)


def _report_folder(config: Config) -> int:
    """Check that the folder still builds, and stamp its version for the running bots."""
    try:
        kb = build_knowledge_base(config.knowledge_dir)
    except KnowledgeError as exc:
        print(f"warning: the knowledge folder has problems, so /kb refresh will keep the old "
              f"knowledge base serving until they are fixed:\n{exc.listing()}", file=sys.stderr)
        return 1
    poll = config.discord.knowledge_poll_seconds
    if _stamp(config, kb.version) and poll:
        serve = (f"Running bots load it within {poll:g} s (discord.knowledge_poll_seconds), "
                 f"or at once with /kb refresh in Discord.")
    else:
        serve = "Run /kb refresh in Discord to serve it."
    print(f"ok: {len(kb.articles)} article(s), {passage_count(kb)} "
          f"(version {kb.version}). {serve}")
    return 0


def _stamp(config: Config, version: str) -> bool:
    """Write the knowledge stamp that running bots poll; False (with a warning) if it fails."""
    try:
        store = Store(config.database)
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        print(f"warning: running bots were not told of the change (database "
              f"{config.database}: {exc})", file=sys.stderr)
        return False
    try:
        store.write_stamp(version, _actor(), origin="shell")
    except sqlite3.Error as exc:
        print(f"warning: running bots were not told of the change (database "
              f"{config.database}: {exc})", file=sys.stderr)
        return False
    finally:
        store.close()
    return True


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    config = config_from(args)
    if args.days < 1:
        print("error: --days must be 1 or more", file=sys.stderr)
        return 2
    if not Path(config.database).is_file():
        print(f"no database at {config.database} yet: nothing has been asked")
        return 0
    kb = build_knowledge_base(config.knowledge_dir)
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
    for p in (add, remove, gaps):
        p.add_argument("--config", metavar="PATH",
                       help=f"config with knowledge_dir and database (default: ${CONFIG_VARIABLE}, "
                            f"else {DEFAULT_CONFIG} if it exists, else the built-in defaults)")



