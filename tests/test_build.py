"""Building a snapshot: the same snapshot from one process or several, and every problem found."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import subprocess
import sys
import time
import weakref
from pathlib import Path

import numpy as np
import pytest

from bot.kb import Answerer, KnowledgeError, build_knowledge_base
from bot.kb import build as build_module
from bot.service import KnowledgeService
from tests.conftest import ROOT, filler, seed_with_reports

QUESTIONS = ("When was the Durand Line drawn?", "Why is Pakistan deporting Afghan refugees?",
             "Who is Faiz Hameed?", "What does TTP stand for?")


@pytest.fixture
def library(tmp_path):
    return seed_with_reports(tmp_path, 7)


def test_worker_processes_build_the_same_snapshot(library, monkeypatch):
    monkeypatch.setattr(build_module, "BATCH_FILES", 2)  # several batches for two workers
    alone = build_knowledge_base(library, workers=1)
    shared = build_knowledge_base(library, workers=2)
    assert shared.version == alone.version
    assert shared.passages == alone.passages and shared.articles == alone.articles
    assert shared.terms == alone.terms
    for name in ("tokens", "sentence_bounds", "passage_sentences", "sentence_kinds", "rows"):
        np.testing.assert_array_equal(getattr(shared, name), getattr(alone, name))
    for question in QUESTIONS:
        assert (Answerer(shared).answer(question).to_json()
                == Answerer(alone).answer(question).to_json())


def test_worker_processes_report_every_problem_in_file_order(library, monkeypatch):
    monkeypatch.setattr(build_module, "BATCH_FILES", 2)
    articles = library / "articles"
    (articles / "a-broken.md").write_bytes(b"---\nid: broken\n---\n\xff")
    (articles / "z-twin.md").write_text(filler(3), encoding="utf-8")  # id report-3 again
    problems = []
    for workers in (1, 2):
        with pytest.raises(KnowledgeError) as failure:
            build_knowledge_base(library, workers=workers)
        problems.append([str(p) for p in failure.value.problems])
    assert problems[0] == problems[1]
    assert "a-broken.md" in problems[0][0] and "not valid UTF-8" in problems[0][0]
    assert "z-twin.md" in problems[0][-1] and "duplicate id 'report-3'" in problems[0][-1]


def test_a_large_folder_is_spread_over_the_cpus(library, monkeypatch):
    monkeypatch.setattr(build_module, "PARALLEL_MIN_BYTES", 1)
    files = build_module.article_files(library)
    assert build_module._worker_count(files) == (
        1 if (len(build_module.os.sched_getaffinity(0)) or 1) <= 1
        else len(build_module.os.sched_getaffinity(0)))
    monkeypatch.setattr(build_module, "PARALLEL_MIN_BYTES", 10**12)
    assert build_module._worker_count(files) == 1


async def test_a_replaced_snapshot_is_freed_without_the_cycle_collector(folder):
    """The service freezes snapshots out of the collector's walks: they must hold no cycles."""
    service = KnowledgeService(folder, Answerer(build_knowledge_base(folder)))
    first = weakref.ref(service.kb)
    await service.refresh()
    second = weakref.ref(service.kb)
    await service.answer(QUESTIONS[0])
    await service.refresh()
    enabled = gc.isenabled()
    gc.disable()  # only reference counting may free them
    try:
        for _ in range(100):  # the worker thread lets go of its last job a moment after it ends
            if first() is None and second() is None:
                break
            await asyncio.sleep(0.01)
        assert first() is None and second() is None and service.kb is not None
    finally:
        if enabled:
            gc.enable()


def test_workers_end_when_the_build_is_killed(library, tmp_path):
    """A bot killed mid-refresh must not leave its build's workers behind."""
    script = tmp_path / "build.py"
    script.write_text(
        "import sys\n"
        "from bot.kb import build as b\n"
        "if __name__ == '__main__':\n"
        "    b.BATCH_FILES = 1\n"
        "    b._BatchAnnotator.batch = lambda self, paths: __import__('time').sleep(60)\n"
        "    b.build_knowledge_base(sys.argv[1], workers=2)\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), str(library)], cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        workers: list[int] = []
        for _ in range(100):
            time.sleep(0.1)
            workers = children(process.pid)
            if len(workers) >= 2:
                break
        assert len(workers) >= 2
    finally:
        process.kill()
        process.wait()
    for _ in range(50):  # each worker looks for its parent once a second
        if not any(alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            if f"\nPPid:\t{pid}\n" in status.read_text():
                found.append(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def test_cycles_set_aside_by_a_freeze_are_collected_once_a_day(folder):
    service = KnowledgeService(folder, Answerer(build_knowledge_base(folder)))

    class Node:
        pass

    node = Node()
    node.me = node  # a reference cycle, alive when the service freezes
    gone = weakref.ref(node)
    gc.freeze()
    del node
    gc.collect()
    assert gone() is not None  # frozen: the collector no longer sees it
    service.collect_cycles()
    assert gone() is None and gc.get_freeze_count() > 0


def test_a_word_twice_in_a_new_sentence_keeps_one_number():
    from bot.kb.annotate import Annotator
    from bot.kb.glossary import Glossary
    from bot.kb.text import Tokenizer

    annotator = Annotator(Glossary(), Tokenizer())
    first = annotator.sentence("Convoys crossed and crossed again.").words
    second = annotator.sentence("Trucks waited.").words
    assert first[1] == first[3] and len(set(first + second)) == len(first + second) - 1
