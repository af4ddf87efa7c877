"""Command line: ask questions, check and inspect the knowledge base, run the bot."""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError
from bot.health import add_parser as health_add_parser
from bot.kb import Answerer, KnowledgeBase, KnowledgeError, build_knowledge_base
from bot.kb.build import knowledge_warnings
from bot.kb.snapshot import passage_count
from bot.kb_shell import add_parsers, config_from
from bot.terminal import render_answer

DEFAULT_KNOWLEDGE = "knowledge"


def _warn(kb: KnowledgeBase) -> None:
    for warning in knowledge_warnings(kb):
        print(f"warning: {warning}", file=sys.stderr)


def cmd_ask(args: argparse.Namespace) -> int:
    kb = build_knowledge_base(args.knowledge)
    _warn(kb)
    answerer = Answerer(kb)
    questions = [" ".join(args.question)] if args.question else None
    if questions is None:
        if sys.stdin.isatty() and not args.json:
            print("Type a question and press Enter (Ctrl-D to finish).", file=sys.stderr)
        questions = (line.rstrip("\n") for line in sys.stdin)
    color = sys.stdout.isatty() and not args.no_color
    for n, question in enumerate(questions):
        answer = answerer.answer(question, context=args.context, max_excerpts=args.excerpts)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            if n:
                print()
            print(render_answer(answer, color=color), flush=True)
    return 0


def cmd_kb_check(args: argparse.Namespace) -> int:
    try:
        kb = build_knowledge_base(args.path)
    except KnowledgeError as exc:
        print(f"{len(exc.problems)} problem(s) in {args.path}:\n{exc.listing()}", file=sys.stderr)
        return 1
    _warn(kb)
    print(f"ok: {len(kb.articles)} article(s), {passage_count(kb)}, "
          f"{len(kb.glossary.entities)} glossary entities (version {kb.version})")
    return 0


def cmd_kb_list(args: argparse.Namespace) -> int:
    kb = build_knowledge_base(args.path)
    for article in kb.articles.values():
        count = len(kb.passages_of(article.id))
        print(f"{article.id}\t{article.date}\t{count} passages\t{article.display_title}")
    return 0


def cmd_kb_stats(args: argparse.Namespace) -> int:
    kb = build_knowledge_base(args.path)
    stats = kb.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    for key, value in stats.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for k, v in value.items():
                print(f"  {k}: {v}")
        else:
            print(f"{key}: {value}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.config import token_from_environment

    if args.check:
        from bot.preflight import cmd_run_check

        return cmd_run_check(args)
    try:
        config = config_from(args)
        token = token_from_environment()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        kb = build_knowledge_base(config.knowledge_dir)
    except KnowledgeError as exc:
        print(f"error: the knowledge base has problems:\n{exc.listing()}", file=sys.stderr)
        return 2
    # imported here so that `ask` and `kb` never load discord.py
    from bot.chat.runner import serve, setup_logging
    from bot.service import KnowledgeService
    from bot.store import Store

    setup_logging(config.log_level)
    try:
        store = Store(config.database, keep_questions=config.records.question_log)
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        print(f"error: database {config.database}: {exc}", file=sys.stderr)
        return 2
    service = KnowledgeService(config.knowledge_dir, Answerer(kb))
    return asyncio.run(serve(config, token, service, store))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="citebot: answers about the Taliban-Pakistan relationship, "
                    "in verbatim quotes with citations.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer a question from the command line",
                         description="Answer questions with quotes from the knowledge base. "
                                     "With no QUESTION, reads one question a line from stdin.")
    ask.add_argument("question", nargs="*", help="the question (quote it in the shell)")
    ask.add_argument("--json", action="store_true",
                     help="print one JSON object a line (question, answered, excerpts)")
    ask.add_argument("--knowledge", default=DEFAULT_KNOWLEDGE, metavar="PATH",
                     help=f"knowledge folder (default: {DEFAULT_KNOWLEDGE})")
    ask.add_argument("--context", metavar="EARLIER_QUESTION",
                     help="an earlier question this one follows up on")
    ask.add_argument("--excerpts", type=int, default=3, choices=range(1, 6), metavar="N",
                     help="at most N quotes per answer (1-5, default 3)")
    ask.add_argument("--no-color", action="store_true", help="plain text, no bold")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="check, inspect and change the knowledge base",
                        description="Check, inspect and change a knowledge folder.")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    check = kb_sub.add_parser("check", help="validate every knowledge file; exit 1 on problems")
    list_ = kb_sub.add_parser("list", help="list the articles")
    stats = kb_sub.add_parser("stats", help="counts, annotations, entities, topics, years")
    stats.add_argument("--json", action="store_true", help="print JSON")
    for p, func in ((check, cmd_kb_check), (list_, cmd_kb_list), (stats, cmd_kb_stats)):
        p.add_argument("path", nargs="?", default=DEFAULT_KNOWLEDGE,
                       help=f"knowledge folder (default: {DEFAULT_KNOWLEDGE})")
        p.set_defaults(func=func)
    add_parsers(kb_sub)
    run = sub.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN)",
                         description="Connect to Discord and answer questions there. The token "
                                     "is read from the environment variable DISCORD_TOKEN.")
    run.add_argument("--config", metavar="PATH",
                     help="YAML config (default: $CITEBOT_CONFIG, else config.yaml if it "
                          "exists, else the built-in defaults; see config.example.yaml)")
    run.add_argument("--check", action="store_true",
                     help="check the config, knowledge base, token and database paths, then "
                          "exit (0: ready, 2: what stands in the way) without connecting")
    run.set_defaults(func=cmd_run)
    health_add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    path = getattr(args, "knowledge", None) or getattr(args, "path", None)
    if path and not Path(path).is_dir():
        print(f"error: knowledge folder not found: {path}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KnowledgeError as exc:
        print(f"error: the knowledge base has problems:\n{exc.listing()}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
