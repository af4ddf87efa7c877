"""Refreshing the served knowledge base: a whole new snapshot or nothing, one at a time."""

from __future__ import annotations

import asyncio

import pytest

from bot.kb import Answerer, KnowledgeError, build_knowledge_base
from bot.service import KnowledgeService, RefreshRunning
from tests.conftest import article_text, filler

DURAND = "When was the Durand Line drawn?"
NEW = "Which tunnel did the relief convoys cross?"


@pytest.fixture
def service(folder):
    return KnowledgeService(folder, Answerer(build_knowledge_base(folder)))


async def test_a_refresh_reports_what_changed(service, folder) -> None:
    before = service.kb.version
    (folder / "articles" / "tunnel.md").write_text(article_text(
        "tunnel", body="Relief convoys crossed the Lowari tunnel."), encoding="utf-8")
    report = await service.refresh(by="mod")
    assert report.added == ("tunnel",) and report.changed == report.removed == ()
    assert report.passages_after == report.passages_before + 1
    assert (report.version_before, report.version_after) == (before, service.kb.version)
    assert service.refreshed_by == "mod" and not report.unchanged

    (folder / "articles" / "tunnel.md").unlink()
    report = await service.refresh()
    assert report.removed == ("tunnel",)
    assert (await service.refresh()).unchanged


async def test_a_failed_refresh_changes_nothing(service, folder) -> None:
    answerer, version = service.answerer, service.kb.version
    (folder / "articles" / "bad.md").write_bytes(b"---\nid: bad\n---\n\xff")
    with pytest.raises(KnowledgeError) as failure:
        await service.refresh()
    assert "bad.md" in str(failure.value.problems[0])
    assert service.answerer is answerer and service.kb.version == version
    assert (await service.answer(DURAND)).answered


async def test_one_refresh_at_a_time(service) -> None:
    first = asyncio.create_task(service.refresh())
    await asyncio.sleep(0)  # the first refresh has taken the lock
    assert service.refreshing
    with pytest.raises(RefreshRunning):
        await service.refresh()
    await first
    assert not service.refreshing


async def test_questions_during_a_refresh_are_all_answered_from_a_whole_snapshot(
        service, folder) -> None:
    for n in range(25):
        (folder / "articles" / f"report-{n}.md").write_text(filler(n), encoding="utf-8")
    (folder / "articles" / "tunnel.md").write_text(article_text(
        "tunnel", body="Relief convoys crossed the Lowari tunnel with tents."), encoding="utf-8")
    old_version = service.kb.version

    async def ask(question: str):
        return await service.answer(question)

    refresh = asyncio.create_task(service.refresh())
    answers = []
    while not refresh.done():  # keep asking while the new snapshot is being built
        answers += await asyncio.gather(*(ask(q) for q in (DURAND, NEW) * 10))
    answers += await asyncio.gather(*(ask(q) for q in (DURAND, NEW) * 10))
    report = await refresh

    assert report.version_after != old_version and len(report.added) == 26
    durand = [a for a in answers if a.question == DURAND]
    tunnel = [a for a in answers if a.question == NEW]
    assert len(durand) >= 20 and all(a.answered and "1893" in a.excerpts[0].quote for a in durand)
    # the new article's question is declined by the old snapshot, answered by the new one:
    # never an error, never a quote from a half-built index
    assert all(not a.answered or "Lowari tunnel" in a.excerpts[0].quote for a in tunnel)
    assert tunnel[-1].answered
    assert any(not a.answered for a in tunnel), "the refresh finished before any question"
