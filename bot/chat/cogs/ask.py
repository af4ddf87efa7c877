"""Asking: mentions, watched channels, DMs, follow-up replies, /ask and the answer's buttons."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import render
from bot.chat.errors import OnCooldown, UserFacingError
from bot.chat.markup import strip_markup
from bot.chat.render import NO_MENTIONS
from bot.chat.views import answer_view
from bot.kb import Answer
from bot.kb.chat import asks_for_more, clean
from bot.kb.query import is_small_talk, looks_like_question
from bot.store import QuestionRecord

if TYPE_CHECKING:
    from bot.chat.client import CitebotBot

MAX_FEEDBACK_MEMORY = 50_000  # (question, user) pairs remembered to count one vote each
COMPLAINT_NOTED = ("Sorry that did not help. I have passed it to the moderators, as a 👎 of "
                   "that answer. Ask again in other words, or `/search` the passages.")
# a question edited or deleted this soon after its answer changes or removes the answer
EDIT_WINDOW = 15 * 60.0  # seconds
MAX_ANSWERED_MEMORY = 10_000  # questions remembered for that, the most recent


def _wants_more(message: str) -> bool:
    """"tell me more", as typed or as the engine reads it ("lol wat else?")."""
    return asks_for_more(message, clean(message).text)


@dataclass(frozen=True)
class _Answered:
    reply_id: int  # the bot's reply
    content: str  # the question as answered
    at: float  # when (time.monotonic())


class Ask(commands.Cog):
    """Answers questions in chat and with /ask; handles the buttons under an answer."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot
        self._votes: OrderedDict[tuple[int, int], int] = OrderedDict()
        self._answered: OrderedDict[int, _Answered] = OrderedDict()  # question message -> reply

    # --- shared by chat and /ask ------------------------------------------------
    async def answer(self, question: str, context: str | None = None) -> Answer:
        """The answer with room for the "More excerpts" button's quotes."""
        answers = self.bot.config.answers
        return await self.bot.service.answer(question, context,
                                             answers.max_excerpts + answers.more_excerpts)

    async def log(self, kind: str, answer: Answer, where: discord.abc.Messageable | Any,
                  guild_id: int | None, context: str | None = None) -> int:
        top = answer.excerpts[0] if answer.excerpts else None
        return await asyncio.to_thread(
            self.bot.store.log_question, kind=kind, question=answer.question,
            answered=answer.answered, context=context, guild_id=guild_id,
            channel_id=getattr(where, "id", None), reason=answer.reason,
            top_passage=top.passage.id if top else None, score=top.score if top else None,
            kb_version=self.bot.service.kb.version)

    async def more(self, question: str, earlier: QuestionRecord) -> Answer:
        """"tell me more" in reply to an answer: the excerpts after those it showed."""
        answers = self.bot.config.answers
        return await self.bot.service.more(question, earlier.question, earlier.context,
                                           answers.max_excerpts,
                                           answers.more_excerpts or answers.max_excerpts)

    def more_payload(self, answer: Answer, earlier: str, qid: int) -> dict[str, Any]:
        """An answer's further excerpts, numbered on from those it showed, under the earlier
        question; without the buttons that would answer "tell me more" again as a question."""
        if not answer.answered or answer.reason != "more":
            return self.reply_payload(answer, qid)
        kb = self.bot.service.kb
        titled = replace(answer, question=f"More on: {earlier}")
        embed = render.answer_embed(titled, kb.glossary, kb.version,
                                    first_number=self.bot.config.answers.max_excerpts + 1)
        return {"embed": embed, "view": answer_view(qid, more=False, paragraph=False),
                "allowed_mentions": NO_MENTIONS}

    def reply_payload(self, answer: Answer, qid: int) -> dict[str, Any]:
        """Message arguments for an answer: an embed and buttons, or a short line."""
        if not answer.answered:
            return {"content": render.decline_text(answer), "allowed_mentions": NO_MENTIONS}
        shown = self.bot.config.answers.max_excerpts
        embed = render.answer_embed(replace(answer, excerpts=answer.excerpts[:shown]),
                                    self.bot.service.kb.glossary, self.bot.service.kb.version)
        return {"embed": embed, "view": answer_view(qid, more=len(answer.excerpts) > shown),
                "allowed_mentions": NO_MENTIONS}

    # --- chat ---------------------------------------------------------------------
    async def _followed_up(self, message: discord.Message) -> QuestionRecord | None:
        """The earlier question, when ``message`` replies to one of the bot's answers."""
        reference = message.reference
        if reference is None or reference.message_id is None:
            return None
        resolved = reference.resolved
        me = self.bot.user
        if isinstance(resolved, discord.Message) and me and resolved.author.id != me.id:
            return None
        return await asyncio.to_thread(self.bot.store.question_for_reply, reference.message_id)

    def _mention_pattern(self, message: discord.Message) -> re.Pattern[str] | None:
        me = self.bot.user
        if me is None:
            return None
        role = message.guild.self_role if message.guild else None
        role_part = rf"|<@&{role.id}>" if role else ""
        return re.compile(rf"<@!?{me.id}>{role_part}")

    def _watched(self, channel: Any) -> bool:
        watched = self.bot.config.discord.watch_channel_ids
        return channel.id in watched or getattr(channel, "parent_id", None) in watched

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self._respond(message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """A question edited soon after it was answered ("wat" -> "what") is answered again,
        in the same reply; an edit that leaves the words as they were (a link's preview
        added) changes nothing."""
        answered = self._recent(payload.message_id)
        if answered is None or payload.message.content == answered.content:
            return
        await self._respond(payload.message, answered)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A question deleted soon after it was answered takes its answer with it."""
        answered = self._recent(payload.message_id)
        if answered is None:
            return
        del self._answered[payload.message_id]
        with contextlib.suppress(discord.NotFound, discord.Forbidden):
            await self.bot.get_partial_messageable(payload.channel_id).get_partial_message(
                answered.reply_id).delete()

    def _recent(self, message_id: int) -> _Answered | None:
        answered = self._answered.get(message_id)
        if answered is None or time.monotonic() - answered.at > EDIT_WINDOW:
            return None
        return answered

    def _remember(self, message: discord.Message, reply_id: int) -> None:
        self._answered[message.id] = _Answered(reply_id, message.content, time.monotonic())
        self._answered.move_to_end(message.id)
        while len(self._answered) > MAX_ANSWERED_MEMORY:
            self._answered.popitem(last=False)

    async def _send(self, message: discord.Message, answered: _Answered | None,
                    payload: dict[str, Any], delete_after: float | None = None) -> int:
        """Reply to ``message``, or, for an edited question, edit the reply it had."""
        fields = {k: v for k, v in payload.items() if k != "allowed_mentions"}
        if answered is not None:  # (an embed replaces a line of text and the reverse)
            try:
                await message.channel.get_partial_message(answered.reply_id).edit(
                    content=fields.get("content"), embed=fields.get("embed"),
                    view=fields.get("view"), allowed_mentions=NO_MENTIONS)
            except discord.NotFound:  # the reply was deleted meanwhile: a new one
                answered = None
        if answered is None:
            sent = await message.reply(**fields, mention_author=False, delete_after=delete_after,
                                       allowed_mentions=NO_MENTIONS)
            reply_id = sent.id
        else:
            reply_id = answered.reply_id
        if delete_after is None:  # (a reply that deletes itself is not there to edit)
            self._remember(message, reply_id)
        return reply_id

    async def _respond(self, message: discord.Message, answered: _Answered | None = None) -> None:
        if message.author.bot or message.webhook_id is not None or self.bot.user is None:
            return
        pattern = self._mention_pattern(message)
        mentioned = bool(pattern and pattern.search(message.content))
        question = strip_markup(message.content)
        earlier = await self._followed_up(message)
        in_dm = message.guild is None and self.bot.config.discord.answer_in_dms
        if not (mentioned or earlier or in_dm
                or (self._watched(message.channel) and looks_like_question(question)
                    and not is_small_talk(question)  # "how's everyone doing?": not for us
                    and not _wants_more(question))):  # "anything else?" to someone else
            return
        try:
            self.bot.check_question(message.author.id, question)
        except (UserFacingError, OnCooldown) as refusal:
            delete_after = refusal.retry_after if isinstance(refusal, OnCooldown) else None
            if answered is None or delete_after is None:  # (an edit on cooldown: left as is)
                await self._send(message, answered, {"content": str(refusal),
                                                     "allowed_mentions": NO_MENTIONS},
                                 delete_after)
            return
        context = None
        if earlier is not None:  # (a request for more adds nothing to what was asked)
            context = (earlier.context if _wants_more(earlier.question) else
                       f"{earlier.context} {earlier.question}" if earlier.context else
                       earlier.question)
        more_of = earlier if earlier is not None and _wants_more(question) else None
        async with message.channel.typing():
            answer = await (self.more(question, more_of) if more_of is not None
                            else self.answer(question, context))
        qid = await self.log("chat", answer, message.channel,
                             message.guild.id if message.guild else None, context)
        payload = (self.reply_payload(answer, qid) if more_of is None
                   else self.more_payload(answer, more_of.question, qid))
        if answer.reason == "complaint" and earlier is not None:  # "that's not what i asked"
            await self._vote(earlier.id, message.author.id, -1)  # in reply: a 👎 of that answer
            payload["content"] = COMPLAINT_NOTED
        reply_id = await self._send(message, answered, payload)
        await asyncio.to_thread(self.bot.store.set_reply_message, qid, reply_id)

    # --- /ask -----------------------------------------------------------------------
    @app_commands.command(name="ask", description="Ask a question; the cited answer is posted here")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        question = strip_markup(question)
        self.bot.check_question(interaction.user.id, question)
        await interaction.response.defer(thinking=True)
        answer = await self.answer(question)
        qid = await self.log("ask", answer, interaction.channel, interaction.guild_id)
        sent = await interaction.followup.send(**self.reply_payload(answer, qid), wait=True)
        await asyncio.to_thread(self.bot.store.set_reply_message, qid, sent.id)

    # --- buttons ----------------------------------------------------------------------
    async def _record(self, qid: int) -> QuestionRecord:
        record = await asyncio.to_thread(self.bot.store.question, qid)
        if record is None:
            raise UserFacingError("That answer is no longer on record; please ask again.")
        return record

    async def _reanswer(self, qid: int) -> Answer:
        record = await self._record(qid)
        answer = await self.answer(record.question, record.context)
        if not answer.answered:
            raise UserFacingError("The knowledge base has changed and no longer answers that "
                                  "question; please ask again.")
        return answer

    async def more_excerpts(self, interaction: discord.Interaction, qid: int) -> None:
        answer = await self._reanswer(qid)
        shown = self.bot.config.answers.max_excerpts
        extra = answer.excerpts[shown:]
        if not extra:
            raise UserFacingError("There are no further excerpts for this question.")
        kb = self.bot.service.kb
        embed = render.answer_embed(replace(answer, excerpts=extra), kb.glossary, kb.version,
                                    first_number=shown + 1)
        await interaction.response.send_message(embed=embed, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)

    async def full_paragraph(self, interaction: discord.Interaction, qid: int) -> None:
        answer = await self._reanswer(qid)
        first = answer.excerpts[0]
        embeds = render.passage_embeds(first.passage, first.article,
                                       self.bot.service.kb.glossary,
                                       highlights=((first.start, first.end),))
        await interaction.response.send_message(embeds=embeds, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)

    async def _vote(self, qid: int, user_id: int, vote: int) -> None:
        """One vote a user on an answer; a changed vote replaces the earlier one."""
        key = (qid, user_id)
        previous = self._votes.get(key)
        self._votes[key] = vote
        self._votes.move_to_end(key)
        if len(self._votes) > MAX_FEEDBACK_MEMORY:
            self._votes.popitem(last=False)
        if previous != vote:
            await asyncio.to_thread(self.bot.store.add_feedback, qid, vote, previous)

    async def feedback(self, interaction: discord.Interaction, qid: int, value: int) -> None:
        await self._record(qid)
        vote = 1 if value else -1
        await self._vote(qid, interaction.user.id, vote)
        text = ("Thanks! Glad it helped." if vote > 0 else
                "Thanks for telling us. The moderators review answers that did not help.")
        await interaction.response.send_message(text, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


async def setup(bot: CitebotBot) -> None:
    await bot.add_cog(Ask(bot))
