"""/kb: moderators add, remove and refresh articles, and see the questions the bot could not answer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import PurePath
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import render
from bot.chat.cogs.lookup import article_choices
from bot.chat.errors import NotModerator, UserFacingError, handle_interaction_error
from bot.chat.render import NO_MENTIONS
from bot.kb import KnowledgeError
from bot.kb.gaps import group_gaps
from bot.kb.library import MAX_ARTICLE_BYTES, Change, add_article, remove_article, text_to_markdown
from bot.service import RefreshReport, RefreshRunning

if TYPE_CHECKING:
    from bot.chat.client import CitebotBot

log = logging.getLogger(__name__)

CONFIRM_SECONDS = 120
MAX_PROBLEMS_SHOWN = 10


def problems_text(error: KnowledgeError) -> str:
    lines = [f"• {render.escape(str(p))}" for p in error.problems[:MAX_PROBLEMS_SHOWN]]
    if len(error.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"…and {len(error.problems) - MAX_PROBLEMS_SHOWN} more.")
    return "\n".join(lines)


def report_text(report: RefreshReport) -> str:
    if report.unchanged:
        return (f"Nothing changed: version {report.version_after}, "
                f"{report.passages_after} passages (checked in {report.seconds:.2f} s).")
    bits = [f"{label}: {', '.join(f'`{i}`' for i in ids)}"
            for label, ids in (("added", report.added), ("changed", report.changed),
                               ("removed", report.removed)) if ids]
    return (f"Refreshed to version {report.version_after} in {report.seconds:.2f} s. "
            f"{'; '.join(bits) or 'Glossary or file names changed'}. Passages: "
            f"{report.passages_before} → {report.passages_after}.")


class ConfirmRemove(discord.ui.View):
    """Confirm or cancel removing an article; only the moderator who asked can click.

    Unanswered for CONFIRM_SECONDS, the question is edited to say so and loses its buttons,
    so that no late click meets a view that has stopped listening.
    """

    def __init__(self, cog: KnowledgeAdmin, asked: discord.Interaction, article_id: str) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.cog, self.asked, self.article_id = cog, asked, article_id
        self.moderator_id = asked.user.id

    async def on_timeout(self) -> None:
        with contextlib.suppress(discord.HTTPException):  # the message may be dismissed
            await self.asked.edit_original_response(
                content=f"No answer within {CONFIRM_SECONDS} s: `{self.article_id}` was not "
                        "removed. Run /kb remove again to remove it.",
                view=None, allowed_mentions=NO_MENTIONS)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.moderator_id:
            raise UserFacingError("Only the moderator who asked can confirm this.")
        return True

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       item: discord.ui.Item) -> None:
        await handle_interaction_error(interaction, error)

    @discord.ui.button(label="Remove it", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content=f"Removing `{self.article_id}`…", view=None,
                                                allowed_mentions=NO_MENTIONS)
        text = await self.cog.remove_now(interaction, self.article_id)
        await interaction.edit_original_response(content=text, allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Cancelled: nothing was removed.",
                                                view=None, allowed_mentions=NO_MENTIONS)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class KnowledgeAdmin(commands.GroupCog, group_name="kb",
                     group_description="Moderators: keep the knowledge base"):
    """The moderators' commands. Permission is checked at run time for every command."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        member = interaction.user
        roles = set(self.bot.config.discord.moderator_role_ids)
        if isinstance(member, discord.Member) and (
                member.guild_permissions.manage_guild or any(r.id in roles for r in member.roles)):
            return True
        raise NotModerator()

    # --- helpers ------------------------------------------------------------------------
    async def _audit(self, interaction: discord.Interaction, action: str, detail: str) -> None:
        await asyncio.to_thread(self.bot.store.log_audit, actor=interaction.user.name,
                                actor_id=interaction.user.id, action=action, detail=detail,
                                kb_version=self.bot.service.kb.version)

    async def _refresh(self, interaction: discord.Interaction, cause: str) -> str:
        """Refresh and describe the result; a bad folder leaves the old snapshot serving."""
        serving = self.bot.service.kb.version
        try:
            report = await self.bot.service.refresh(by=interaction.user.name)
        except RefreshRunning:
            return "A refresh is already running; try again in a moment."
        except KnowledgeError as error:
            await self._audit(interaction, "refresh failed", f"{cause}: {error}")
            return (f"The knowledge folder has problems, so nothing was reloaded; version "
                    f"{serving} is still serving.\n{problems_text(error)}")
        # the stamp tells the bot's other processes (other shards) to load this version too
        await asyncio.to_thread(self.bot.store.write_stamp, report.version_after,
                                interaction.user.name)
        await self._audit(interaction, "refresh", f"{cause}: {report_text(report)}")
        log.info("knowledge refreshed by %s (%s): %s", interaction.user.id, cause,
                 report_text(report))
        return report_text(report)

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.followup.send(render.clip(text, render.CONTENT_LIMIT), ephemeral=True,
                                        allowed_mentions=NO_MENTIONS)

    # --- /kb refresh --------------------------------------------------------------------
    @app_commands.command(name="refresh", description="Reload the knowledge folder from disk")
    async def refresh(self, interaction: discord.Interaction) -> None:
        if self.bot.service.refreshing:
            raise UserFacingError("A refresh is already running; try again in a moment.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self._reply(interaction, await self._refresh(interaction, "/kb refresh"))

    # --- /kb add ------------------------------------------------------------------------
    @app_commands.command(name="add", description="Add an article from an attached .md or .txt file")
    @app_commands.describe(
        file="The article: .md with front matter (see knowledge/articles) or plain .txt",
        replace="Overwrite the article with the same id",
        title="For .txt: the headline", publication="For .txt: the publisher",
        date="For .txt: YYYY, YYYY-MM or YYYY-MM-DD, or unknown", url="For .txt: the link",
        author="For .txt: the author, or unknown",
        article_id="For .txt: the id (default: made from the title)")
    async def add(self, interaction: discord.Interaction, file: discord.Attachment,
                  replace: bool = False, title: str | None = None,
                  publication: str | None = None, date: str | None = None,
                  url: str | None = None, author: str = "unknown",
                  article_id: str | None = None) -> None:
        name = PurePath(file.filename).name
        suffix = PurePath(name).suffix.lower()
        if suffix not in (".md", ".txt"):
            raise UserFacingError("Attach a .md article (with front matter) or a .txt file.")
        if file.size > MAX_ARTICLE_BYTES:
            raise UserFacingError(f"{render.escape(name)} is {file.size:,} bytes; the limit is "
                                  f"{MAX_ARTICLE_BYTES:,}. Nothing was written.")
        missing = [k for k, v in (("title", title), ("publication", publication),
                                  ("date", date), ("url", url)) if not v]
        if suffix == ".txt" and missing:
            raise UserFacingError("For a .txt file, also give " + ", ".join(missing)
                                  + " (write unknown for what is not known).")
        await interaction.response.defer(ephemeral=True, thinking=True)
        raw = await file.read()
        try:
            if suffix == ".txt":
                raw = text_to_markdown(raw, name, title=title or "", publication=publication or "",
                                       date=date or "", url=url or "", author=author,
                                       article_id=article_id)
            change: Change = await asyncio.to_thread(add_article, self.bot.service.folder, raw,
                                                     name, replace)
        except KnowledgeError as error:
            await self._reply(interaction, f"{render.escape(name)} was not added; nothing was "
                                           f"written.\n{problems_text(error)}")
            return
        await self._audit(interaction, change.action, f"{change.article.id} ({name})")
        result = await self._refresh(interaction, f"{change.action} {change.article.id}")
        await self._reply(interaction, f"{change.action.capitalize()} `{change.article.id}` "
                                       f"({render.escape(change.article.display_title)}). {result}")

    # --- /kb remove ---------------------------------------------------------------------
    @app_commands.command(name="remove", description="Remove an article (asks to confirm)")
    @app_commands.describe(article="The article's id (start typing to pick one)")
    async def remove(self, interaction: discord.Interaction, article: str) -> None:
        found = self.bot.service.kb.articles.get(article.strip())
        if found is None:
            raise UserFacingError(f"No article has the id “{render.escape(article[:100])}”.")
        count = len(self.bot.service.kb.passages_of(found.id))
        await interaction.response.send_message(
            f"Remove `{found.id}` ({render.escape(found.display_title)}, {count} passages) from "
            "the knowledge base? Its file is deleted and the bot stops quoting it.",
            view=ConfirmRemove(self, interaction, found.id), ephemeral=True,
            allowed_mentions=NO_MENTIONS)

    @remove.autocomplete("article")
    async def _article_choices(self, interaction: discord.Interaction,
                               current: str) -> list[app_commands.Choice[str]]:
        return article_choices(self.bot.service.kb, current)

    async def remove_now(self, interaction: discord.Interaction, article_id: str) -> str:
        try:
            change = await asyncio.to_thread(remove_article, self.bot.service.folder, article_id)
        except KnowledgeError as error:
            return f"Nothing was removed.\n{problems_text(error)}"
        await self._audit(interaction, "removed", article_id)
        result = await self._refresh(interaction, f"removed {article_id}")
        return f"Removed `{change.article.id}`. {result}"

    # --- /kb status ---------------------------------------------------------------------
    @app_commands.command(name="status", description="Version, last refresh, counts")
    async def status(self, interaction: discord.Interaction) -> None:
        service, kb = self.bot.service, self.bot.service.kb
        when = f"<t:{int(service.refreshed_at)}:R>"
        who = (f" by {render.escape(service.refreshed_by)}" if service.refreshed_by
               else " (at start-up)")
        glossary = kb.glossary.stats()
        embed = discord.Embed(title="Knowledge base", colour=render.COLOUR)
        embed.add_field(name="Version", value=f"`{kb.version}`")
        embed.add_field(name="Loaded", value=f"{when}{who}")
        embed.add_field(name="Articles", value=str(len(kb.articles)))
        embed.add_field(name="Passages", value=str(kb.searchable_count))
        embed.add_field(name="Glossary", value=f"{glossary['entities']} entities, "
                                                f"{glossary['aliases']} aliases, "
                                                f"{glossary['topics']} topics")
        embed.add_field(name="Build time", value=f"{kb.build_seconds:.2f} s")
        stamp = await asyncio.to_thread(self.bot.store.stamp)  # what all processes should serve
        if stamp is not None:
            behind = ("" if stamp.version == kb.version else
                      "\nNot loaded here yet: the bot's processes check every "
                      f"{self.bot.config.discord.knowledge_poll_seconds:g} s.")
            embed.add_field(name="Last change", value=f"`{stamp.version}` by "
                            f"{render.escape(stamp.by)} <t:{int(stamp.at)}:R>{behind}",
                            inline=False)
        if service.refreshing:
            embed.set_footer(text="A refresh is running now.")
        await interaction.response.send_message(embed=embed, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)

    # --- /kb gaps -----------------------------------------------------------------------
    @app_commands.command(name="gaps",
                          description="The questions most often declined or voted 👎")
    @app_commands.describe(days="How many days back to look (default 30)")
    async def gaps(self, interaction: discord.Interaction,
                   days: app_commands.Range[int, 1, 3650] = 30) -> None:
        since = time.time() - days * 86400
        rows = await asyncio.to_thread(self.bot.store.gap_rows, since)
        groups = group_gaps(rows, self.bot.service.kb.tokenizer, limit=15)
        embed = discord.Embed(title=f"Gaps: the last {days} day(s)", colour=render.COLOUR)
        if not groups:
            embed.description = ("No declined or 👎 questions in that time"
                                 + ("" if self.bot.config.records.question_log
                                    else " (the question log is off in the config)") + ".")
        lines = []
        for n, gap in enumerate(groups, 1):
            bits = [f"asked {gap.count} time{'s' if gap.count > 1 else ''}"]
            if gap.declined:
                bits.append(f"declined {gap.declined}")
            if gap.thumbs_down:
                bits.append(f"👎 {gap.thumbs_down}")
            if len(gap.wordings) > 1:
                bits.append(f"{len(gap.wordings)} wordings")
            lines.append(f"**{n}.** “{render.escape(render.clip(gap.question, 200))}” — "
                         f"{', '.join(bits)}")
        if lines:
            embed.description = render.clip("\n".join(lines), render.DESCRIPTION_LIMIT)
            embed.set_footer(text="Near-duplicate questions are grouped. "
                                  "Add articles that answer them with /kb add.")
        await interaction.response.send_message(embed=embed, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


async def setup(bot: CitebotBot) -> None:
    await bot.add_cog(KnowledgeAdmin(bot))
