"""Benchmark: build time, memory and answer latency on a synthetic knowledge base.

    python bench/search.py --passages 100000 [--questions 300] [--json]

Writes a synthetic knowledge folder of N passages (see bench/corpus.py; kept
in the temporary folder and reused by later runs), then measures in a fresh
process, so that the memory figure is the engine's own:

- build_s: the whole first build, as the bot's start does it: the embedding
  model loaded, then load, validate, chunk, annotate, index, sentence
  vectors (none cached: the bench's vector cache is emptied first; see
  bot/kb/semantic.py for what is embedded when), the snapshot written to the
  snapshot cache (emptied first too; see bot/kb/snapshot_cache.py), and the
  answerer's tables;
  second_build_s: the same folder again, as a restart builds it: the snapshot
  read back from the snapshot cache, every article file's bytes checked
  against it (none annotated again), its vectors cached, the answerer's
  tables; second_build_cached: whether it did read the snapshot back;
  snapshot_cache_mb: the size of the folder's snapshot file;
  embedded_at_build: sentences run through MiniLM by the first build;
  vectors_at_build: whether the snapshot holds every sentence's vector (false:
  too many to embed at build, so each answer embeds its best quotes);
- peak_rss_mb: the process's peak resident memory after the build and the
  questions (one snapshot, as a bot serves it); worker_peak_rss_mb: the
  largest of the build's worker processes (they exit when the build ends);
- p50_ms, p99_ms: the whole answer to each question (cleaning, analysis, the
  question's vector, BM25 and semantic candidates, sentence ranking, the
  decision, quoting), over at least 200 questions;
- loop_lag_max_ms: the longest an asyncio event loop was kept from running
  (a task ticking every 10 ms measures its own lateness) while the knowledge
  service rebuilt the same folder and questions kept being asked; with
  answered_during_refresh and refresh_peak_rss_mb (two snapshots alive);
- add_one_refresh_s: one new article (25 paragraphs) added as /kb add's Add button
  does (checked for duplicates against every article, written under the folder's
  lock), then the knowledge service's refresh (the unchanged articles reused from the
  served snapshot); the file is removed afterwards;
- large_article_build_s: a whole build of a folder holding one article of 500 KB of
  short paragraphs (the seed's sentences recombined, so that many paragraphs share
  most of their words: the case pull-quote detection must stay linear in);
- naive_p50_ms: rank-bm25's BM25Okapi.get_scores over the same passages'
  terms, for the same questions' terms, in another process (the reference).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import SEED, large_article, one_article, questions, write_corpus  # noqa: E402

TICK = 0.01


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def corpus_folder(passages: int, seed: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"citebot-bench-{passages}-{seed}"
    marker = folder / "complete"
    if not marker.exists():
        write_corpus(folder, passages, seed)
        marker.write_text("ok\n")
    return folder


async def _refresh_under_load(service, asked: list[str]) -> dict[str, float]:
    """Rebuild while a ticking task measures the loop's lateness and questions are asked."""
    lags: list[float] = []
    answered = 0
    done = asyncio.Event()

    async def tick() -> None:
        while not done.is_set():
            due = time.perf_counter() + TICK
            await asyncio.sleep(TICK)
            lags.append(time.perf_counter() - due)

    async def ask() -> None:
        nonlocal answered
        i = 0
        while not done.is_set():
            await service.answer(asked[i % len(asked)])
            answered += 1
            i += 1

    ticker, asker = asyncio.create_task(tick()), asyncio.create_task(ask())
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    await service.refresh("benchmark")
    seconds = time.perf_counter() - started
    done.set()
    await asyncio.gather(ticker, asker)
    return {"loop_lag_max_ms": round(max(lags) * 1000, 1), "refresh_s": round(seconds, 2),
            "answered_during_refresh": answered}


def measure(folder: Path, count: int, seed: int, refresh: bool = True) -> dict[str, object]:
    from bot.kb import Answerer, build_knowledge_base
    from bot.kb.semantic import SemanticModel
    from bot.service import KnowledgeService

    asked = questions(count, seed + 1)
    cache = folder.parent / f"{folder.name}-vectors"
    snapshots = _snapshot_cache(folder)
    shutil.rmtree(cache, ignore_errors=True)  # the first build finds no vector cached
    shutil.rmtree(snapshots.folder, ignore_errors=True)  # ... and no snapshot
    started = time.perf_counter()
    model = SemanticModel.load(cache)
    load_s = time.perf_counter() - started
    first = build_knowledge_base(folder, semantic=model, snapshots=snapshots)
    Answerer(first)
    build_s = time.perf_counter() - started
    embedded_first = model.embedded
    del first  # one snapshot at a time, as a bot holds it (but during a refresh)
    started = time.perf_counter()
    # the same folder, as a restart builds it: the snapshot and the vectors cached
    kb = build_knowledge_base(folder, semantic=model, snapshots=snapshots)
    answerer = Answerer(kb)
    second_build_s = time.perf_counter() - started
    for question in asked[:20]:  # warm up caches, as a running bot has them
        answerer.answer(question)
    latencies = []
    answered = 0
    for question in asked:
        t = time.perf_counter()
        answer = answerer.answer(question)
        latencies.append((time.perf_counter() - t) * 1000)
        answered += answer.answered
    vectors = kb.vectors
    result: dict[str, object] = {
        "passages": kb.searchable_count, "articles": len(kb.articles),
        "sentences": len(kb.sentence_kinds),
        "build_s": round(build_s, 2), "second_build_s": round(second_build_s, 2),
        "second_build_cached": bool(kb.loaded_from),
        "snapshot_cache_mb": round(snapshots.path_for(folder).stat().st_size / 2**20, 1),
        "model_load_s": round(load_s, 2), "embedded_at_build": embedded_first,
        "vectors_at_build": bool(vectors is not None and not vectors.on_demand),
        "peak_rss_mb": round(_peak_rss_mb()),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(_percentile(latencies, 0.99), 3),
        "questions": len(asked), "answered": answered,
    }
    service = KnowledgeService(folder, answerer)
    if refresh:
        result.update(asyncio.run(_refresh_under_load(service, asked)))
        result["refresh_peak_rss_mb"] = round(_peak_rss_mb())
    result["add_one_refresh_s"] = round(asyncio.run(_add_one(service, folder)), 2)
    del service, answerer, kb
    result["large_article_build_s"] = round(_large_article_build(), 2)
    return result


async def _add_one(service, folder: Path) -> float:
    """Add one new article as /kb add's Add button does (checked against every article for
    duplicates, written under the folder's lock), then refresh; remove it afterwards."""
    from bot.kb.library import add_article

    path = folder / "articles" / "synthetic-9000001.md"
    raw = one_article(9_000_001).encode()  # written out before the clock starts
    try:
        started = time.perf_counter()
        await asyncio.to_thread(add_article, folder, raw, "synthetic-9000001.md", False,
                                service.kb)
        report = await service.refresh("benchmark")
        seconds = time.perf_counter() - started
        if report.added != ("synthetic-9000001",):
            raise SystemExit(f"the refresh did not add the article: {report}")
    finally:
        path.unlink(missing_ok=True)
    return seconds


def _snapshot_cache(folder: Path):
    """The bench's own snapshot cache (a user's is left alone)."""
    from bot.kb.snapshot_cache import SnapshotCache

    return SnapshotCache(folder.parent / f"{folder.name}-snapshots")


def _large_article_build() -> float:
    from bot.kb import Answerer, build_knowledge_base

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "articles").mkdir()
        shutil.copy(SEED / "glossary.yaml", folder / "glossary.yaml")
        (folder / "articles" / "large.md").write_text(large_article(), encoding="utf-8")
        started = time.perf_counter()
        Answerer(build_knowledge_base(folder, snapshots=False))  # a new folder: none cached
        return time.perf_counter() - started


def measure_naive(folder: Path, count: int, seed: int) -> dict[str, object]:
    """rank-bm25's BM25Okapi over the same passages' terms, for the same questions' terms."""
    from rank_bm25 import BM25Okapi

    from bot.kb import build_knowledge_base
    from bot.kb.query import Analyser

    kb = build_knowledge_base(folder, snapshots=_snapshot_cache(folder))
    bounds = kb.sentence_bounds[kb.passage_sentences]
    terms = kb.terms
    corpus = [[terms[t] for t in kb.tokens[bounds[p]:bounds[p + 1]].tolist()]
              for p in kb.rows.tolist()]
    analyser = Analyser(kb)
    asked = [list(analyser.analyse(q).weights) for q in questions(count, seed + 1)]
    del kb
    model = BM25Okapi(corpus)
    del corpus
    latencies = []
    for query in asked:
        t = time.perf_counter()
        model.get_scores(query)
        latencies.append((time.perf_counter() - t) * 1000)
    return {"naive_p50_ms": round(statistics.median(latencies), 2),
            "naive_questions": len(latencies)}


def _in_subprocess(mode: str, folder: Path, count: int, seed: int,
                   refresh: bool = True) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--measure", mode, "--folder", str(folder),
                          "--questions", str(count), "--seed", str(seed),
                          *([] if refresh else ["--no-refresh"])],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{mode} measurement failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--naive-questions", type=int, default=None,
                        help="questions for the rank-bm25 reference (default: as --questions)")
    parser.add_argument("--no-naive", action="store_true", help="skip the rank-bm25 reference")
    parser.add_argument("--no-refresh", action="store_true",
                        help="skip the refresh under load (it holds two snapshots at once)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one line of JSON")
    parser.add_argument("--measure", choices=("engine", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:  # the child process
        if args.measure == "engine":
            result = measure(args.folder, args.questions, args.seed, not args.no_refresh)
        else:
            result = measure_naive(args.folder, args.questions, args.seed)
        print(json.dumps(result))
        return 0
    if args.questions < 200:
        parser.error("--questions must be at least 200")
    folder = corpus_folder(args.passages, args.seed)
    result = _in_subprocess("engine", folder, args.questions, args.seed, not args.no_refresh)
    if not args.no_naive:
        result.update(_in_subprocess("naive", folder, args.naive_questions or args.questions,
                                     args.seed))
    keys = ["passages", "build_s", "peak_rss_mb", "p50_ms", "p99_ms", "naive_p50_ms",
            "loop_lag_max_ms", "add_one_refresh_s", "large_article_build_s"]
    ordered = {k: result.get(k) for k in keys} | {k: v for k, v in result.items() if k not in keys}
    if args.json:
        print(json.dumps(ordered))
    else:
        width = max(len(k) for k in ordered)
        for key, value in ordered.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
