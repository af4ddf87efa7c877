"""/kb: moderators add, remove and refresh articles, and see the questions the bot could not answer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import render
from bot.chat.cogs.lookup import article_choices
from bot.chat.errors import NotModerator, UserFacingError, handle_interaction_error
from bot.chat.render import NO_MENTIONS
from bot.kb import KnowledgeBase, KnowledgeError
from bot.kb.gaps import group_gaps
from bot.kb.ingest import (
    Draft,
    IngestError,
    Overrides,
    commit,
    extract,
    kind_of,
    prepare,
    prepare_file,
    read_link,
)
from bot.kb.ingest.fetch import MAX_BYTES
from bot.kb.library import MAX_ARTICLE_BYTES, Change, remove_article, text_to_markdown
from bot.service import RefreshReport, RefreshRunning

if TYPE_CHECKING:
    from bot.chat.client import CitebotBot

log = logging.getLogger(__name__)

CONFIRM_SECONDS = 120
PREVIEW_PARAGRAPHS = 3
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


def _draft_of_file(raw: bytes, name: str, folder: Path, overrides: Overrides, replace: bool,
                   served: KnowledgeBase) -> Draft:
    kind = kind_of(name)
    if kind == "md":
        return prepare_file(raw, name, folder, replace, served)
    if kind == "text":
        raw = text_to_markdown(raw, name, title=overrides.title or "",
                               publication=overrides.publication or "", date=overrides.date or "",
                               url=overrides.url or "", author=overrides.author or "unknown",
                               language=overrides.language or "en",
                               article_id=overrides.article_id)
        return prepare_file(raw, name, folder, replace, served)
    return prepare(extract(raw, kind or "text", overrides.url), folder, name, overrides, replace,
                   served)


def _draft_of_link(url: str, folder: Path, overrides: Overrides, replace: bool,
                   allow_loopback: bool, served: KnowledgeBase) -> Draft:
    extracted, final = read_link(url, allow_loopback=allow_loopback)
    return prepare(extracted, folder, final, overrides, replace, served)


def preview_text(draft: Draft, expires_at: float) -> str:
    """The ephemeral preview: what would be added, and what looks wrong."""
    a, e = draft.article, render.escape
    lines = [f"**Add this article?** Nothing is written until you press Add; this preview "
             f"expires <t:{int(expires_at)}:R>.",
             f"**Title:** {e(render.clip(a.title, 200))}",
             f"**Publication:** {e(render.clip(a.publication, 100))} · **Date:** {e(a.date)} · "
             f"**Author:** {e(render.clip(a.author, 100))} · **Language:** {e(a.language)}",
             f"**Link:** {e(render.clip(a.url, 300))}",
             f"**Id:** `{a.id}`" + (f" (replaces `{draft.replaces}`)" if draft.replaces else "")
             + f" · **Paragraphs:** {len(a.paragraphs)} ({draft.words:,} words)"]
    for p in a.paragraphs[:PREVIEW_PARAGRAPHS]:
        lines.append(f"> {e(render.clip(p.text, 280))}")
    if len(a.paragraphs) > PREVIEW_PARAGRAPHS:
        lines.append(f"…and {len(a.paragraphs) - PREVIEW_PARAGRAPHS} more paragraph(s).")
    if draft.warnings:
        lines.append("**Problems:**\n" + "\n".join(f"• {e(w)}" for w in draft.warnings))
    else:
        lines.append("**Problems:** none found.")
    return render.clip("\n".join(lines), render.CONTENT_LIMIT)


class _ModeratorsConfirmation(discord.ui.View):
    """Buttons only the moderator who asked may press; errors get the usual handling."""

    moderator_id: int

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.moderator_id:
            raise UserFacingError("Only the moderator who asked can confirm this.")
        return True

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       item: discord.ui.Item) -> None:
        await handle_interaction_error(interaction, error)


class ConfirmAdd(_ModeratorsConfirmation):
    """Add or cancel a previewed article; only the moderator who asked can press them. Nothing
    is written on Cancel or when the preview expires."""

    def __init__(self, cog: KnowledgeAdmin, moderator_id: int, draft: Draft) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.cog, self.moderator_id, self.draft = cog, moderator_id, draft
        self.expires_at = time.time() + CONFIRM_SECONDS
        self.message: discord.WebhookMessage | None = None

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        with contextlib.suppress(discord.HTTPException):
            await self.message.edit(
                content=f"This preview of `{self.draft.article.id}` has expired: nothing "
                        "was written. Run /kb add again to add it.",
                view=None, allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label="Add", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content=f"Adding `{self.draft.article.id}`…",
                                                view=None, allowed_mentions=NO_MENTIONS)
        text = await self.cog.add_now(interaction, self.draft)
        await interaction.edit_original_response(content=render.clip(text, render.CONTENT_LIMIT),
                                                 allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Cancelled: nothing was written.",
                                                view=None, allowed_mentions=NO_MENTIONS)


class ConfirmRemove(_ModeratorsConfirmation):
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
    @app_commands.command(name="add",
                          description="Add an article from a link or an attached file (shows it first)")
    @app_commands.describe(
        url="A link to the article (a web page or a PDF); with a file: the article's link",
        file="The article: .html, .htm, .pdf, .md with front matter, or plain .txt",
        replace="Overwrite the article with the same id, or the one it duplicates",
        title="The headline (default: as found)", publication="The publisher (default: as found)",
        date="YYYY, YYYY-MM or YYYY-MM-DD, or unknown (default: as found)",
        author="The author, or unknown (default: as found)",
        language="A language code such as en (default: as found)",
        article_id="The id (default: made from the title)")
    async def add(self, interaction: discord.Interaction, url: str | None = None,
                  file: discord.Attachment | None = None, replace: bool = False,
                  title: str | None = None, publication: str | None = None,
                  date: str | None = None, author: str | None = None,
                  language: str | None = None, article_id: str | None = None) -> None:
        overrides = Overrides(title=title, publication=publication, author=author, date=date,
                              url=url if file is not None else None, language=language,
                              article_id=article_id)
        if file is None and not (url or "").strip():
            raise UserFacingError("Give a url, or attach a file (.html, .htm, .pdf, .md or .txt).")
        if file is not None:
            name = PurePath(file.filename).name
            kind = kind_of(name)
            if kind is None:
                raise UserFacingError("Attach a .md article (with front matter), a .txt, .html, "
                                      ".htm or .pdf file, or give a url.")
            limit = MAX_ARTICLE_BYTES if kind in ("md", "text") else MAX_BYTES
            if file.size > limit:
                raise UserFacingError(f"{render.escape(name)} is {file.size:,} bytes; the limit is "
                                      f"{limit:,}. Nothing was written.")
            missing = [k for k, v in (("title", title), ("publication", publication),
                                      ("date", date), ("url", url)) if not v]
            if kind == "text" and missing:
                raise UserFacingError("For a .txt file, also give " + ", ".join(missing)
                                      + " (write unknown for what is not known).")
        else:
            name = (url or "").strip()
        await interaction.response.defer(ephemeral=True, thinking=True)
        folder = self.bot.service.folder
        try:
            if file is not None:
                raw = await file.read()
                draft = await asyncio.to_thread(_draft_of_file, raw, name, folder, overrides,
                                                replace, self.bot.service.kb)
            else:
                allow = self.bot.config.ingest.allow_private_addresses
                draft = await asyncio.to_thread(_draft_of_link, name, folder, overrides, replace,
                                                allow, self.bot.service.kb)
        except KnowledgeError as error:
            await self._reply(interaction, f"{render.escape(render.clip(name, 200))} was not "
                                           f"added; nothing was written.\n{problems_text(error)}")
            return
        except IngestError as error:
            await self._reply(interaction, f"{render.escape(render.clip(name, 200))} was not "
                                           f"added; nothing was written: "
                                           f"{render.escape(str(error))}")
            return
        view = ConfirmAdd(self, interaction.user.id, draft)
        view.message = await interaction.followup.send(
            preview_text(draft, view.expires_at), view=view, ephemeral=True, wait=True,
            allowed_mentions=NO_MENTIONS)

    async def add_now(self, interaction: discord.Interaction, draft: Draft) -> str:
        try:
            change: Change = await asyncio.to_thread(commit, draft, self.bot.service.folder,
                                                     self.bot.service.kb)
        except KnowledgeError as error:
            return f"{render.escape(draft.name)} was not added; nothing was written.\n" \
                   f"{problems_text(error)}"
        await self._audit(interaction, change.action, f"{change.article.id} ({draft.name})")
        result = await self._refresh(interaction, f"{change.action} {change.article.id}")
        return (f"{change.action.capitalize()} `{change.article.id}` "
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
