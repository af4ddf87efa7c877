"""Every bot process on the same knowledge: a stamp in the shared database, polled.

Several processes (one per set of shards) serve one knowledge folder and one SQLite
database. After every refresh a moderator asks for (/kb refresh, add, remove) and every
shell change (``kb add``, ``kb remove``), the version that the folder builds to is written to
the database as the *stamp* (:meth:`bot.store.Store.write_stamp`). Each bot process polls the
stamp with a :class:`KnowledgeWatcher` and, when it names another version than the one it
serves, refreshes from the folder, in the usual way: built in a worker thread, swapped in one
step.

- A refresh already running here (RefreshRunning) is left alone; the next poll looks again.
- A failed refresh keeps the old snapshot serving. The same stamp is tried again after a
  back-off that doubles from the poll interval up to ten minutes, with an error logged each
  time, so a bad folder is neither hammered nor forgotten.
- A refresh that ends at another version than the stamp's means the folder changed after the
  stamp was written (two moderators at once in two processes, or a hand edit). The watcher
  then stamps the folder's version itself (origin "watcher") so that the others follow.
  It never does so in answer to a watcher's stamp, so processes whose folders really differ
  (a deployment mistake) stop after one round and log a warning instead of stamping back
  and forth.

No Discord here: the bot starts the watcher, the tests drive :meth:`KnowledgeWatcher.check`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sqlite3
import time
from collections.abc import Callable

from bot.kb import KnowledgeError
from bot.service import KnowledgeService, RefreshReport, RefreshRunning
from bot.store import Stamp, Store

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 600.0
WATCHER = "watcher"  # the origin of a stamp a watcher writes


def process_name() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()}"


class KnowledgeWatcher:
    """Polls the store's knowledge stamp and refreshes the service when it names another version."""

    def __init__(self, service: KnowledgeService, store: Store, interval: float, *,
                 name: str | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.service = service
        self.store = store
        self.interval = interval
        self.name = name or process_name()
        self._clock = clock
        self._handled: int | None = None  # the counter of the last stamp acted on
        self._failures = 0  # refreshes failed in a row for the stamp self._failed
        self._failed: int | None = None
        self._retry_at = 0.0
        self._task: asyncio.Task[None] | None = None

    # --- one look -----------------------------------------------------------------------
    async def check(self) -> RefreshReport | None:
        """Look at the stamp once; the refresh's report when it refreshed, else None."""
        stamp = await asyncio.to_thread(self.store.stamp)
        if stamp is None:
            return None
        if stamp.version == self.service.kb.version:
            self._handled, self._failed, self._failures = stamp.counter, None, 0
            return None
        if stamp.counter == self._handled:
            return None
        if stamp.counter == self._failed and self._clock() < self._retry_at:
            return None
        serving = self.service.kb.version
        try:
            report = await self.service.refresh(by=stamp.by)
        except RefreshRunning:
            return None  # a refresh here is running; it stamps its own result
        except Exception as exc:
            self._fail(stamp, serving, exc)
            return None
        self._handled, self._failed, self._failures = stamp.counter, None, 0
        if report.version_after == stamp.version:
            log.info("knowledge refreshed to version %s, stamped #%d by %s (%s): %s",
                     stamp.version, stamp.counter, stamp.by, stamp.origin, _summary(report))
        elif stamp.origin != WATCHER:
            mine = await asyncio.to_thread(self.store.write_stamp, report.version_after,
                                           self.name, WATCHER)
            self._handled = mine.counter
            log.warning("the knowledge stamp #%d by %s names version %s, but the folder now "
                        "builds to version %s (it changed after the stamp): serving it and "
                        "stamping it as #%d so that the other processes follow",
                        stamp.counter, stamp.by, stamp.version, report.version_after,
                        mine.counter)
        else:
            log.warning("the knowledge stamp #%d by %s names version %s, but the folder here "
                        "builds to version %s: do all processes use the same knowledge_dir? "
                        "Serving %s; /kb refresh stamps it for all", stamp.counter, stamp.by,
                        stamp.version, report.version_after, report.version_after)
        return report

    def _fail(self, stamp: Stamp, serving: str, exc: Exception) -> None:
        self._failures = self._failures + 1 if self._failed == stamp.counter else 1
        self._failed = stamp.counter
        delay = min(self.interval * 2 ** self._failures, max(self.interval, MAX_BACKOFF_SECONDS))
        self._retry_at = self._clock() + delay
        what = (f"the folder has problems:\n{exc.listing()}" if isinstance(exc, KnowledgeError)
                else f"{type(exc).__name__}: {exc}")
        log.error("the knowledge stamp #%d by %s asks for version %s, but the refresh failed, so "
                  "version %s keeps serving (next try in %.0f s): %s", stamp.counter, stamp.by,
                  stamp.version, serving, delay, what)

    # --- the loop -----------------------------------------------------------------------
    async def run(self) -> None:
        """Check every ``interval`` seconds until cancelled; nothing stops it but cancelling."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except sqlite3.Error as exc:
                log.warning("cannot read the knowledge stamp in %s: %s", self.store.path, exc)
            except Exception:
                log.exception("checking the knowledge stamp failed")

    def start(self) -> None:
        if self._task is None and self.interval > 0:
            self._task = asyncio.create_task(self.run(), name="knowledge-watcher")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _summary(report: RefreshReport) -> str:
    bits = [f"{label} {', '.join(ids)}" for label, ids in
            (("added", report.added), ("changed", report.changed), ("removed", report.removed))
            if ids]
    return (f"{'; '.join(bits) or 'nothing changed'}; passages {report.passages_before} -> "
            f"{report.passages_after} in {report.seconds:.2f} s")
