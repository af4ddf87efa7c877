"""The knowledge base as the bot serves it: one snapshot at a time, used off the event loop.

No Discord here: the bot, the command line and the tests share it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.kb import Answer, Answerer, Hit, KnowledgeBase


class KnowledgeService:
    """Holds the current snapshot; answering and searching run in worker threads."""

    def __init__(self, folder: str | Path, answerer: Answerer) -> None:
        self.folder = Path(folder)
        self._answerer = answerer

    @property
    def answerer(self) -> Answerer:
        return self._answerer

    @property
    def kb(self) -> KnowledgeBase:
        return self.answerer.kb

    async def answer(self, question: str, context: str | None = None,
                     max_excerpts: int = 3) -> Answer:
        answerer = self.answerer  # the snapshot this question is answered from
        return await asyncio.to_thread(answerer.answer, question, context, max_excerpts)

    async def search(self, text: str, limit: int = 25) -> list[Hit]:
        answerer = self.answerer
        return await asyncio.to_thread(answerer.search, text, limit)
