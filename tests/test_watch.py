"""The knowledge stamp in the shared database, and the watcher that follows it.

Two "processes" are two KnowledgeServices, each with its own Store connection to one database
file, as two bot processes have.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.kb import Answerer, build_knowledge_base
from bot.service import KnowledgeService
from bot.store import Store
from bot.watch import MAX_BACKOFF_SECONDS, KnowledgeWatcher
from tests.conftest import article_text

TUNNEL = article_text("tunnel", title="The tunnel", body="Relief convoys crossed the Lowari tunnel.")
QUESTION = "Which tunnel did the relief convoys cross?"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingService(KnowledgeService):
    """Counts refreshes, to show that nothing loops."""

    refreshes = 0

    async def refresh(self, by: str | None = None):
        self.refreshes += 1
        return await super().refresh(by)


def service_for(folder: Path) -> CountingService:
    return CountingService(folder, Answerer(build_knowledge_base(folder)))


@pytest.fixture
def database(tmp_path) -> Path:
    return tmp_path / "shared.sqlite3"


@pytest.fixture
def stores(database):
    """Two connections to one database: two processes."""
    opened = [Store(database), Store(database)]
    yield opened
    for store in opened:
        store.close()


def add_tunnel(folder: Path) -> None:
    (folder / "articles" / "tunnel.md").write_text(TUNNEL, encoding="utf-8")


# --- the stamp --------------------------------------------------------------------------------


def test_a_stamp_counts_up_and_is_seen_by_every_connection(stores, database) -> None:
    writer, reader = stores
    assert reader.stamp() is None
    first = writer.write_stamp("aaa", "mod")
    assert (first.version, first.counter, first.by, first.origin) == ("aaa", 1, "mod", "discord")
    second = writer.write_stamp("bbb", "shell:ann", origin="shell")
    assert reader.stamp() == second
    assert (second.counter, second.by, second.origin) == (2, "shell:ann", "shell")
    assert second.at >= first.at
    rows = sqlite3.connect(database).execute("SELECT COUNT(*) FROM knowledge_stamp").fetchone()
    assert rows == (1,)  # one row, rewritten


def test_a_version_2_database_gets_the_stamp_table(tmp_path) -> None:
    from bot.store import MIGRATIONS

    path = tmp_path / "v2.sqlite3"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("INSERT INTO audit (at, actor, action) VALUES (1, 'mod', 'refresh')")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert store.version == 3
        assert store.stamp() is None
        assert store.write_stamp("ccc", "mod").counter == 1
        assert [e.actor for e in store.audit()] == ["mod"]
    finally:
        store.close()


# --- the watcher ------------------------------------------------------------------------------


async def test_a_stamp_from_another_process_is_loaded_once(folder, stores) -> None:
    mine, theirs = stores
    here = service_for(folder)
    watcher = KnowledgeWatcher(here, mine, 30)
    assert await watcher.check() is None  # no stamp yet
    theirs.write_stamp(here.kb.version, "mod")
    assert await watcher.check() is None  # the version served here
    assert here.refreshes == 0

    add_tunnel(folder)  # the other process adds an article, refreshes and stamps
    there = service_for(folder)
    theirs.write_stamp(there.kb.version, "mod")
    assert not (await here.answer(QUESTION)).answered

    report = await watcher.check()
    assert report is not None and report.added == ("tunnel",)
    assert here.kb.version == there.kb.version and here.refreshed_by == "mod"
    assert (await here.answer(QUESTION)).answered
    assert await watcher.check() is None and await watcher.check() is None
    assert here.refreshes == 1
    assert mine.stamp().counter == 2  # a refresh caused by a stamp writes no stamp


async def test_a_failed_refresh_keeps_serving_and_backs_off(folder, stores, caplog) -> None:
    mine, theirs = stores
    here, clock = service_for(folder), Clock()
    watcher = KnowledgeWatcher(here, mine, 30, clock=clock)
    serving = here.kb.version
    add_tunnel(folder)
    version = build_knowledge_base(folder).version
    (folder / "articles" / "bad.md").write_bytes(b"---\nid: bad\n---\n\xff")  # arrives meanwhile
    theirs.write_stamp(version, "mod")

    with caplog.at_level(logging.ERROR, "bot.watch"):
        assert await watcher.check() is None
    assert here.kb.version == serving and here.refreshes == 1
    assert "bad.md" in caplog.text and f"version {serving} keeps serving" in caplog.text
    assert "next try in 60 s" in caplog.text

    for _ in range(3):  # polls within the back-off do not rebuild
        assert await watcher.check() is None
    assert here.refreshes == 1
    clock.now += 60
    assert await watcher.check() is None
    assert here.refreshes == 2 and "next try in 120 s" in caplog.text
    clock.now += 119
    assert await watcher.check() is None and here.refreshes == 2

    # the back-off doubles up to its cap
    for _ in range(10):
        clock.now += MAX_BACKOFF_SECONDS
        await watcher.check()
    assert f"next try in {MAX_BACKOFF_SECONDS:.0f} s" in caplog.records[-1].getMessage()

    (folder / "articles" / "bad.md").unlink()  # fixed: the next try loads the stamped version
    clock.now += MAX_BACKOFF_SECONDS
    report = await watcher.check()
    assert report is not None and here.kb.version == version


async def test_a_new_stamp_is_tried_at_once_even_during_a_back_off(folder, stores) -> None:
    mine, theirs = stores
    here = service_for(folder)
    watcher = KnowledgeWatcher(here, mine, 30, clock=Clock())
    (folder / "articles" / "bad.md").write_bytes(b"---\nid: bad\n---\n\xff")
    theirs.write_stamp("0123456789ab", "mod")
    await watcher.check()
    assert here.refreshes == 1
    (folder / "articles" / "bad.md").unlink()
    add_tunnel(folder)
    theirs.write_stamp(build_knowledge_base(folder).version, "mod")
    assert (await watcher.check()).added == ("tunnel",)


async def test_a_refresh_running_here_is_left_alone(folder, stores) -> None:
    mine, theirs = stores
    here = service_for(folder)
    watcher = KnowledgeWatcher(here, mine, 30)
    add_tunnel(folder)
    theirs.write_stamp(build_knowledge_base(folder).version, "mod")
    running = asyncio.create_task(here.refresh(by="local mod"))
    await asyncio.sleep(0)
    assert here.refreshing
    assert await watcher.check() is None  # RefreshRunning: skipped, no error
    await running
    assert await watcher.check() is None  # now serving the stamped version
    assert here.refreshes == 2 and here.refreshed_by == "local mod"


async def test_a_folder_ahead_of_the_stamp_is_stamped_for_the_others(folder, stores,
                                                                      caplog) -> None:
    # Two moderators at once in two processes: the stamp written last names the older build.
    mine, theirs = stores
    here, there = service_for(folder), service_for(folder)
    add_tunnel(folder)
    theirs.write_stamp("0123456789ab", "mod")  # a version the folder no longer builds to
    with caplog.at_level(logging.WARNING, "bot.watch"):
        report = await KnowledgeWatcher(here, mine, 30, name="shard 1").check()
    assert report is not None and report.added == ("tunnel",)
    stamp = theirs.stamp()
    assert (stamp.version, stamp.by, stamp.origin, stamp.counter) == (
        here.kb.version, "shard 1", "watcher", 2)
    assert "it changed after the stamp" in caplog.text

    # the other process follows the watcher's stamp, without stamping again
    watcher = KnowledgeWatcher(there, theirs, 30, name="shard 0")
    assert (await watcher.check()).added == ("tunnel",)
    assert await watcher.check() is None
    assert theirs.stamp() == stamp and there.kb.version == here.kb.version


def folder_with(path: Path, article_id: str) -> Path:
    (path / "articles").mkdir(parents=True)
    (path / "articles" / f"{article_id}.md").write_text(
        article_text(article_id, body=f"The {article_id} text."), encoding="utf-8")
    return path


async def test_processes_whose_folders_differ_do_not_stamp_back_and_forth(tmp_path, stores,
                                                                          caplog) -> None:
    mine, theirs = stores
    a = service_for(folder_with(tmp_path / "one", "alpha"))
    b = service_for(folder_with(tmp_path / "two", "beta"))
    watch_a = KnowledgeWatcher(a, mine, 30, name="A")
    watch_b = KnowledgeWatcher(b, theirs, 30, name="B")
    mine.write_stamp(a.kb.version, "mod")  # a moderator refreshed in A
    with caplog.at_level(logging.WARNING, "bot.watch"):
        for _ in range(3):
            await watch_b.check()
            await watch_a.check()
    assert (a.refreshes, b.refreshes) == (1, 1)
    assert (mine.stamp().counter, mine.stamp().by) == (2, "B")
    assert "do all processes use the same knowledge_dir?" in caplog.text


async def test_the_loop_polls_off_the_event_loop_and_survives_errors(folder, stores,
                                                                     caplog) -> None:
    mine, theirs = stores
    here = service_for(folder)
    threads: list[bool] = []
    real_stamp = mine.stamp
    calls = 0

    def stamp():
        nonlocal calls
        calls += 1
        threads.append(threading.current_thread() is threading.main_thread())
        if calls == 1:
            raise sqlite3.OperationalError("database is locked")
        if calls == 2:
            raise ValueError("something unexpected")
        return real_stamp()

    mine.stamp = stamp  # type: ignore[method-assign]
    watcher = KnowledgeWatcher(here, mine, 0.05)
    add_tunnel(folder)
    theirs.write_stamp(build_knowledge_base(folder).version, "mod")
    with caplog.at_level(logging.WARNING, "bot.watch"):
        watcher.start()
        try:
            async with asyncio.timeout(10):
                while "tunnel" not in here.kb.articles:
                    await asyncio.sleep(0.05)
        finally:
            await watcher.stop()
    assert calls >= 3 and not any(threads)
    assert "cannot read the knowledge stamp" in caplog.text and "database is locked" in caplog.text
    assert "checking the knowledge stamp failed" in caplog.text
    await watcher.stop()  # twice is fine


def test_an_interval_of_zero_never_starts() -> None:
    watcher = KnowledgeWatcher(None, None, 0)  # type: ignore[arg-type]
    watcher.start()
    assert watcher._task is None


def test_two_processes_migrating_at_once_both_start(tmp_path) -> None:
    # The second read the old schema version before the first finished migrating.
    path = tmp_path / "citebot.sqlite3"
    Store(path).close()

    class Late(Store):
        reads = 0

        @property
        def version(self) -> int:
            self.reads += 1
            return 2 if self.reads == 1 else super().version

    late = Late(path)
    try:
        assert late.version == 3 and late.stamp() is None
    finally:
        late.close()
