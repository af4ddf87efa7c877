"""Command line: ask questions, check and inspect the knowledge base, run the bot."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence

from bot.cli_paths import CONFIG_RULE, KNOWLEDGE_RULE, add_options, config_from, knowledge_dir
from bot.config import ConfigError
from bot.health import add_parser as health_add_parser
from bot.kb import Answerer, KnowledgeBase, KnowledgeError, build_knowledge_base
from bot.kb.build import knowledge_warnings
from bot.kb.semantic import ModelError, SemanticModel
from bot.kb.snapshot import passage_count
from bot.kb_shell import add_parsers
from bot.store import StoreError
from bot.terminal import render_answer


def _warn(kb: KnowledgeBase) -> None:
    for warning in knowledge_warnings(kb):
        print(f"warning: {warning}", file=sys.stderr)


def cmd_ask(args: argparse.Namespace) -> int:
    kb = build_knowledge_base(knowledge_dir(args), semantic=SemanticModel.load())
    _warn(kb)
    answerer = Answerer(kb)
    questions = [" ".join(args.question)] if args.question else None
    if questions is None:
        if sys.stdin.isatty() and not args.json:
            print("Type a question and press Enter (Ctrl-D to finish).", file=sys.stderr)
        questions = (line.rstrip("\n") for line in sys.stdin)
    # https://no-color.org: NO_COLOR set and not empty turns colour off
    color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")
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
    folder = knowledge_dir(args)
    try:
        kb = build_knowledge_base(folder)
    except KnowledgeError as exc:
        print(f"{len(exc.problems)} problem(s) in {folder}:\n{exc.listing()}", file=sys.stderr)
        return 1
    _warn(kb)
    print(f"ok: {len(kb.articles)} article(s), {passage_count(kb)}, "
          f"{len(kb.glossary.entities)} glossary entities (version {kb.version})")
    return 0


def cmd_kb_list(args: argparse.Namespace) -> int:
    kb = build_knowledge_base(knowledge_dir(args))
    for article in kb.articles.values():
        count = len(kb.passages_of(article.id))
        print(f"{article.id}\t{article.date}\t{count} passages\t{article.display_title}")
    return 0


def cmd_kb_stats(args: argparse.Namespace) -> int:
    kb = build_knowledge_base(knowledge_dir(args))
    stats = kb.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    _print_tree(stats)
    return 0


def _print_tree(mapping: dict, indent: str = "") -> None:
    for key, value in mapping.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_tree(value, indent + "  ")
        else:
            print(f"{indent}{key}: {value}")


def cmd_run(args: argparse.Namespace) -> int:
    from bot.config import token_from_environment

    if args.check:
        from bot.preflight import cmd_run_check

        return cmd_run_check(args)
    try:
        config = config_from(args)
        folder = knowledge_dir(args, config)
        token = token_from_environment()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        kb = build_knowledge_base(folder, semantic=SemanticModel.load())
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
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    service = KnowledgeService(folder, Answerer(kb))
    return asyncio.run(serve(config, token, service, store))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="citebot: answers about the Taliban-Pakistan relationship, "
                    "in verbatim quotes with citations.",
        epilog=f"Every command finds its config by the same rule ({CONFIG_RULE}) and its "
               f"knowledge folder by the same rule ({KNOWLEDGE_RULE}).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer a question from the command line",
                         description="Answer questions with quotes from the knowledge base. "
                                     "With no QUESTION, reads one question a line from stdin.")
    ask.add_argument("question", nargs="*", help="the question (quote it in the shell)")
    ask.add_argument("--json", action="store_true",
                     help="print one JSON object a line (question, answered, excerpts)")
    add_options(ask)
    ask.add_argument("--context", metavar="EARLIER_QUESTION",
                     help="an earlier question this one follows up on")
    ask.add_argument("--excerpts", type=int, default=3, choices=range(1, 6), metavar="N",
                     help="at most N quotes per answer (1-5, default 3)")
    ask.add_argument("--no-color", action="store_true",
                     help="plain text, no bold (also when NO_COLOR is set, or not a terminal)")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="check, inspect and change the knowledge base",
                        description="Check, inspect and change a knowledge folder.")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    check = kb_sub.add_parser("check", help="validate every knowledge file; exit 1 on problems")
    list_ = kb_sub.add_parser("list", help="list the articles")
    stats = kb_sub.add_parser("stats", help="counts, annotations, entities, topics, years")
    stats.add_argument("--json", action="store_true", help="print JSON")
    for p, func in ((check, cmd_kb_check), (list_, cmd_kb_list), (stats, cmd_kb_stats)):
        p.add_argument("path", nargs="?", metavar="FOLDER",
                       help="the knowledge folder, as --knowledge")
        add_options(p)
        p.set_defaults(func=func)
    add_parsers(kb_sub)
    run = sub.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN)",
                         description="Connect to Discord and answer questions there. The token "
                                     "is read from the environment variable DISCORD_TOKEN.")
    add_options(run)
    run.add_argument("--check", action="store_true",
                     help="check the config, the knowledge base, the token, the database (a "
                          "writable SQLite file of a known schema, or a place to create one) "
                          "and the heartbeat file, then exit (0: ready, 2: what stands in the "
                          "way) without connecting and without creating or changing a file")
    run.set_defaults(func=cmd_run)
    health_add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KnowledgeError as exc:
        print(f"error: the knowledge base has problems:\n{exc.listing()}", file=sys.stderr)
        return 2
    except (ConfigError, StoreError, ModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`... | head -1`): stop quietly. Standard output points at
        # /dev/null from here on, so that the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0


if __name__ == "__main__":
    sys.exit(main())
