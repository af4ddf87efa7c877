"""End to end: 200 questions arrive at once, from 200 members, and every one gets its quotes.

200 members so that no one is held back by the per-user cooldown; the bot's
handlers for all of them run at the same time (answers in worker threads,
records in one SQLite connection).
"""

from __future__ import annotations

from bot.chat.markup import strip_markup
from bot.kb import Answer
from bot.service import KnowledgeService
from tests.botsim import World, shown_quotes
from tests.conftest import ANSWERED_QUESTIONS

QUESTIONS = ANSWERED_QUESTIONS
# what else people put in a message; none of it may ping anyone
DECORATIONS = ("{m} {q}", "{m} @everyone {q}", "{q} {m}", "{m} {role} {q}", "{m} **{q}**",
               "{m} {q} <@{other}>", "{m} {q} 👍🏽", "{m} @here {q}")
COUNT = 200


class CountingService(KnowledgeService):
    """Counts the questions being answered at the same moment."""

    in_flight = most = 0

    async def answer(self, question: str, context: str | None = None,
                     max_excerpts: int = 3) -> Answer:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            return await super().answer(question, context, max_excerpts)
        finally:
            self.in_flight -= 1


async def test_two_hundred_questions_at_once_are_all_answered_with_quotes(
        world: World, answerer) -> None:
    service = world.bot.service = CountingService(world.bot.service.folder,
                                                  world.bot.service.answerer)
    members = [world.guild.add_member(world.env.create_user(f"asker{i}")) for i in range(COUNT)]
    texts = [DECORATIONS[i % len(DECORATIONS)].format(
        m=world.bot.user.mention, q=QUESTIONS[i % len(QUESTIONS)],
        role=world.moderator_role.mention, other=world.bob.id) for i in range(COUNT)]

    # SimCord's actors settle after each message; the backend delivers them all before the
    # bot has handled any: 200 MESSAGE_CREATE events in one turn of the event loop
    sent = [world.env.backend.create_message(world.general.id, member.id, text)
            for member, text in zip(members, texts, strict=True)]
    # 200 answers take a few seconds; a timeout under the knowledge watcher's 30 s poll, which
    # SimCord would otherwise wait for as bot work due before the deadline. SimCord gives time
    # it advances to a due callback its own default deadline (5 s), which a loaded machine
    # overran once in CI: the same 20 s for that
    world.env.settle_timeout = 20
    await world.env.settle(timeout=20)

    replies = {m.reference.message_id: m for m in world.general.history()
               if m.author.id == world.bot.user.id}
    assert len(replies) == COUNT and world.handled_errors() == []
    assert service.most > COUNT // 2  # handled side by side, not one after the other
    for question, text in zip(sent, texts, strict=True):
        reply = replies[question.id]  # each question has its own reply, referencing it
        (embed,) = reply.embeds
        expected = answerer.answer(strip_markup(text), max_excerpts=3).excerpts
        quotes = shown_quotes(embed)
        assert quotes and quotes == [e.quote for e in expected[:len(quotes)]], text
        assert not reply.mention_everyone and reply.mentions == [] and reply.role_mentions == []
        record = world.bot.store.question_for_reply(reply.id)
        assert record is not None and record.question == strip_markup(text)
    posts = world.requests("POST", rf"/channels/{world.general.id}/messages")
    assert len(posts) == COUNT
    assert all(p.json["allowed_mentions"] == {"parse": [], "replied_user": False} for p in posts)
