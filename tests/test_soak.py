"""Soak: thousands of questions through the bot's own path without Discord, and no memory growth.

Each question goes the way a chat question goes: KnowledgeService.answer (in a
worker thread) -> the Discord message (render: the answer embed or the decline
line, serialised as it would be sent) -> Store.log_question in a SQLite file ->
Store.set_reply_message; every few questions also a follow-up (the earlier
question found by its reply as context), a "Full paragraph" and a /search page.

The questions come from a pool: templates filled with words of the knowledge
base, misspelt words and hostile decorations (mentions, markdown, zero-width
and right-to-left characters). A warm-up asks every question of the pool once,
so that every cache keyed by what is asked (the tokenizer's stems, the regular
expression cache, SQLite's statements) holds all it will hold, then questions
drawn at random from the pool; after the first eleventh of those, Python's
live heap is sampled ten times with tracemalloc (started halfway through the
warm-up, so that what the warm-up allocated and later replaced is traced).

Bound: after the warm-up, the heap may grow by at most GROWTH_BOUND bytes from
the first sample to the last. Anything kept per question is at least a list
slot and a small object (a str of the question alone is 49 bytes and up, an
Answer with its excerpts about a kilobyte), so a leak of one object per
question over the 1,224 questions between the first and the last sample of
the CI run (14,724 in the full run) exceeds the bound, while what is left
moves by a few kilobytes either way (measured: 10 to 25 KB in the CI run,
still settling; about 3 KB in the full run). Garbage in reference cycles is
collected before each sample: it is freed by the collector, not kept.

CI runs 2,000 questions; CITEBOT_SOAK=full runs 20,000.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import re
import tracemalloc
from dataclasses import replace
from itertools import count
from pathlib import Path

from bot.chat import render
from bot.kb import Answer, Answerer, KnowledgeBase
from bot.service import KnowledgeService
from bot.store import Store

FULL = os.environ.get("CITEBOT_SOAK", "").lower() == "full"
TOTAL = 20_000 if FULL else 2_000
POOL = 2_000 if FULL else 500  # distinct questions; the warm-up asks each once
SAMPLES = 10
GROWTH_BOUND = 64 * 1024  # bytes; see the module's docstring
MAX_EXCERPTS, SHOWN = 6, 3  # as the bot asks: max_excerpts + more_excerpts, 3 shown

TEMPLATES = (
    "What did {a} say about {b}?", "When did {a} happen?", "Why is {a} important for {b}?",
    "Who is {a}?", "How many {a} were there?", "Tell me about {a} and {b}", "{a}?",
    "is {a} related to {b}", "what does {a} mean", "{a} {b} {c}", "where is {a}",
    "Why did Pakistan {a} the {b}?", "How did the Taliban respond to {a}?", "{a}",
)
SMALL_TALK = ("hi", "thanks!", "lol", "good morning bot", "ok", "", "   ", "???")
DECORATIONS = (
    "{q}", "{q}", "{q}", "@everyone {q}", "<@123456789012345678> {q}", "**{q}**", "> {q}",
    "{q} 👍🏽", "\u202e{q}", "{q}\u200b", "```{q}```", "{q} <#123> <@&456>", "# {q}",
    "طالبان {q}", "{q} ||spoiler||",
)


def vocabulary(kb: KnowledgeBase) -> list[str]:
    """Words of the articles' passages and glossary names, through the public API."""
    found: set[str] = set()
    for article_id in kb.articles:
        for passage in kb.passages_of(article_id):
            found.update(w for w in re.findall(r"[A-Za-z][\w'-]+", passage.text) if len(w) > 2)
    for entity in kb.glossary.entities.values():
        found.add(entity.name)
    return sorted(found)


def misspelt(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return rng.choice((word[:i] + word[i + 1:], word[:i] + word[i] + word[i:],
                       word[:i] + word[i + 1] + word[i] + word[i + 2:]))


def question_pool(kb: KnowledgeBase, size: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    words = vocabulary(kb)
    pool: list[str] = []
    while len(pool) < size:
        if rng.random() < 0.05:
            pool.append(rng.choice(SMALL_TALK))
            continue
        picked = [rng.choice(words) for _ in range(3)]
        if rng.random() < 0.15:
            picked[0] = misspelt(picked[0], rng)
        text = rng.choice(TEMPLATES).format(a=picked[0], b=picked[1], c=picked[2])
        pool.append(rng.choice(DECORATIONS).format(q=text))
    return pool


class ChatPath:
    """The chat path of the Ask cog, without Discord: answer, render, record."""

    def __init__(self, service: KnowledgeService, store: Store) -> None:
        self.service, self.store = service, store
        self.message_ids = count(10**17)
        self.answered = 0

    async def ask(self, question: str, context: str | None = None) -> tuple[Answer, int]:
        kb = self.service.kb
        answer = await self.service.answer(question, context, MAX_EXCERPTS)
        top = answer.excerpts[0] if answer.excerpts else None
        qid = await asyncio.to_thread(
            self.store.log_question, kind="chat", question=answer.question,
            answered=answer.answered, context=context, guild_id=1, channel_id=2,
            reason=answer.reason, top_passage=top.passage.id if top else None,
            score=top.score if top else None, kb_version=kb.version)
        if answer.answered:
            self.answered += 1
            embed = render.answer_embed(replace(answer, excerpts=answer.excerpts[:SHOWN]),
                                        kb.glossary, kb.version)
            payload = {"embeds": [embed.to_dict()]}
        else:
            payload = {"content": render.decline_text(answer)}
        payload["allowed_mentions"] = render.NO_MENTIONS.to_dict()
        message_id = next(self.message_ids)
        await asyncio.to_thread(self.store.set_reply_message, qid, message_id)
        return answer, message_id

    async def follow_up(self, message_id: int, question: str) -> None:
        earlier = await asyncio.to_thread(self.store.question_for_reply, message_id)
        assert earlier is not None
        context = f"{earlier.context} {earlier.question}" if earlier.context else earlier.question
        await self.ask(question, context)

    async def full_paragraph(self, answer: Answer) -> None:
        first = answer.excerpts[0]
        for embed in render.passage_embeds(first.passage, first.article, self.service.kb.glossary,
                                           highlights=((first.start, first.end),)):
            embed.to_dict()

    async def search(self, query: str) -> None:
        hits = await self.service.search(query, 15)
        render.search_embed(query, hits, 0, 3, self.service.kb.glossary).to_dict()


async def soak(bot: ChatPath, pool: list[str], total: int, rng: random.Random) -> list[int]:
    """Ask ``total`` questions: the pool once, then at random. The live heap is sampled
    SAMPLES times, from the end of the first of SAMPLES + 1 parts of the random draws."""
    measured = total - len(pool)
    every = max(1, measured // (SAMPLES + 1))
    samples: list[int] = []
    last_message = None
    for n in range(total):
        if n == len(pool) // 2:  # traced from halfway through the warm-up: by its end, what
            tracemalloc.start()  # the first half allocated and later replaced is traced too
        question = pool[n] if n < len(pool) else rng.choice(pool)
        if last_message is not None and n % 5 == 0:
            await bot.follow_up(last_message, question)
        else:
            answer, message_id = await bot.ask(question)
            if answer.answered:
                last_message = message_id
                if n % 7 == 0:
                    await bot.full_paragraph(answer)
            if n % 11 == 0:
                await bot.search(question)
        done = n + 1 - len(pool)
        if done > every and done % every == 0:
            gc.collect()  # garbage in reference cycles is not kept: only what is still reachable
            if bot.service.kb.vectors is not None:  # a bounded memory of the last texts'
                bot.service.kb.vectors.model.forget_texts()  # vectors, not a leak
            re.purge()  # ... as the regular-expression module's cache is (512 patterns)
            samples.append(tracemalloc.get_traced_memory()[0])
    return samples


async def test_thousands_of_questions_leave_no_memory_behind(kb, tmp_path: Path) -> None:
    store = Store(tmp_path / "soak.sqlite3", keep_questions=True)
    bot = ChatPath(KnowledgeService(kb.folder, Answerer(kb)), store)
    pool = question_pool(kb, POOL)
    try:
        samples = await soak(bot, pool, TOTAL, random.Random(11))
    finally:
        tracemalloc.stop()
        store.close()

    growth = samples[-1] - samples[0]
    assert len(samples) >= SAMPLES
    assert growth < GROWTH_BOUND, f"heap grew {growth} bytes; samples {samples}"
    assert bot.answered >= TOTAL // 4  # many are answered with quotes, not just declined
