"""The knowledge base as the bot serves it: one snapshot at a time, used off the event loop.

A refresh builds a new snapshot in a worker thread (re-annotating only the
article files whose bytes changed, reusing the rest of the old snapshot) and
swaps the reference in one step; questions asked meanwhile are answered from
the old one. A failed build changes nothing. One refresh runs at a time.
No Discord here: the bot, the command line and the tests share it.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.kb import Answer, Answerer, Hit, KnowledgeBase, build_knowledge_base


class RefreshRunning(Exception):
    """A refresh was asked for while another one is running."""


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh changed."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    passages_before: int
    passages_after: int
    version_before: str
    version_after: str
    seconds: float

    @property
    def unchanged(self) -> bool:
        return self.version_before == self.version_after


def compare(old: KnowledgeBase, new: KnowledgeBase, seconds: float) -> RefreshReport:
    changed = tuple(sorted(i for i in old.articles.keys() & new.articles.keys()
                           if old.articles[i] != new.articles[i]))
    return RefreshReport(
        added=tuple(sorted(new.articles.keys() - old.articles.keys())), changed=changed,
        removed=tuple(sorted(old.articles.keys() - new.articles.keys())),
        passages_before=old.searchable_count, passages_after=new.searchable_count,
        version_before=old.version, version_after=new.version, seconds=seconds)


def _rebuild(folder: Path, old: KnowledgeBase, started: float) -> tuple[Answerer, RefreshReport]:
    model = old.vectors.model if old.vectors is not None else None  # vectors cached by text
    new = Answerer(build_knowledge_base(folder, previous=old, semantic=model))  # reuses articles
    # compared here, off the event loop: a large base has many articles to compare
    return new, compare(old, new.kb, time.perf_counter() - started)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Build with Python's cycle collector paused, then set everything built aside from it.

    A snapshot is hundreds of thousands of objects. Left to itself, the
    collector would walk all of them, again and again as the build grows, each
    walk holding the interpreter lock long enough to stall the event loop for
    a fraction of a second. Paused, it walks nothing; frozen afterwards
    (``gc.freeze``), the new snapshot is never walked. An old snapshot holds no
    reference cycles, so it is freed by reference counting when its last
    question is answered, frozen or not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class KnowledgeService:
    """Holds the current snapshot; answering, searching and building run in worker threads."""

    def __init__(self, folder: str | Path, answerer: Answerer) -> None:
        self.folder = Path(folder)
        self._answerer = answerer
        gc.freeze()  # the snapshot at start-up stays out of the collector's walks too
        self._refreshing = asyncio.Lock()
        self.refreshed_at = time.time()
        self.refreshed_by: str | None = None  # a moderator's name; None at start-up

    @staticmethod
    def collect_cycles() -> int:
        """Collect reference cycles among objects set aside at the last freeze.

        Freezing sets aside every object alive at that moment, not only the
        snapshot: one that later dies inside a reference cycle (a cached Discord
        message with its reactions, say) is never collected. The bot calls this
        once a day: one full collection, a short pause, then everything alive is
        set aside again. Returns the number of objects collected.
        """
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        return found

    @property
    def answerer(self) -> Answerer:
        return self._answerer

    @property
    def kb(self) -> KnowledgeBase:
        return self._answerer.kb

    @property
    def refreshing(self) -> bool:
        return self._refreshing.locked()

    async def answer(self, question: str, context: str | None = None,
                     max_excerpts: int = 3) -> Answer:
        answerer = self._answerer  # the snapshot this question is answered from
        return await asyncio.to_thread(answerer.answer, question, context, max_excerpts)

    async def more(self, question: str, earlier: str, context: str | None, shown: int,
                   count: int) -> Answer:
        """The earlier question's further excerpts ("tell me more" in reply to its answer)."""
        answerer = self._answerer
        return await asyncio.to_thread(answerer.more, question, earlier, context, shown, count)

    async def search(self, text: str, limit: int = 25) -> list[Hit]:
        answerer = self._answerer
        return await asyncio.to_thread(answerer.search, text, limit)

    async def refresh(self, by: str | None = None) -> RefreshReport:
        """Rebuild from the folder and swap; KnowledgeError (nothing changed) when it is bad."""
        if self._refreshing.locked():
            raise RefreshRunning("a refresh is already running")
        async with self._refreshing:
            old = self._answerer
            started = time.perf_counter()
            with collector_paused():
                new, report = await asyncio.to_thread(_rebuild, self.folder, old.kb, started)
            self._answerer = new  # one step: every later question sees the whole new snapshot
            self.refreshed_at, self.refreshed_by = time.time(), by
            return report
