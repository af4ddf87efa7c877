"""Looking things up: /search (with paging and posting), /source, /sources, /help."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import render
from bot.chat.errors import UserFacingError
from bot.chat.markup import strip_markup
from bot.chat.render import NO_MENTIONS
from bot.chat.views import search_view
from bot.kb import Hit, KnowledgeBase

if TYPE_CHECKING:
    from bot.chat.client import CitebotBot

SEARCH_PAGES = 5  # pages of results /search offers at most
AUTOCOMPLETE_CHOICES = 25  # Discord's limit


class Lookup(commands.Cog):
    """Browsing the knowledge base: passages, whole paragraphs, the list of articles."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot

    @property
    def page_size(self) -> int:
        return self.bot.config.answers.search_page_size

    async def _hits(self, query: str) -> list[Hit]:
        return await self.bot.service.search(query, self.page_size * SEARCH_PAGES)

    def _search_message(self, query: str, hits: list[Hit], qid: int,
                        page: int) -> dict[str, object]:
        pages = max(1, -(-len(hits) // self.page_size))
        page = min(max(page, 0), pages - 1)
        embed = render.search_embed(query, hits, page, self.page_size,
                                    self.bot.service.kb.glossary)
        shown = len(hits[page * self.page_size:(page + 1) * self.page_size])
        view = search_view(qid, page, pages, page * self.page_size + 1, shown) if hits else None
        return {"embed": embed, "view": view}

    # --- /search ----------------------------------------------------------------------
    @app_commands.command(name="search",
                          description="Browse the passages that match your words (only you see them)")
    @app_commands.describe(query="Words to look for, e.g. Durand Line or TTP attacks")
    async def search(self, interaction: discord.Interaction, query: str) -> None:
        query = strip_markup(query)
        self.bot.check_question(interaction.user.id, query)
        await interaction.response.defer(ephemeral=True, thinking=True)
        hits = await self._hits(query)
        qid = await asyncio.to_thread(
            self.bot.store.log_question, kind="search", question=query, answered=bool(hits),
            guild_id=interaction.guild_id, channel_id=interaction.channel_id,
            reason=None if hits else "no_match",
            top_passage=hits[0].passage.id if hits else None,
            score=hits[0].score if hits else None, kb_version=self.bot.service.kb.version)
        message = self._search_message(query, hits, qid, 0)
        if message["view"] is None:
            del message["view"]
        await interaction.followup.send(**message, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def _search_record(self, qid: int) -> str:
        record = await asyncio.to_thread(self.bot.store.question, qid)
        if record is None or record.kind != "search":
            raise UserFacingError("That search is no longer on record; please search again.")
        return record.question

    async def search_page(self, interaction: discord.Interaction, qid: int, page: int,
                          arrow: int) -> None:
        query = await self._search_record(qid)
        hits = await self._hits(query)
        message = self._search_message(query, hits, qid, page)
        await interaction.response.edit_message(**message, allowed_mentions=NO_MENTIONS)

    async def post_passage(self, interaction: discord.Interaction, qid: int, rank: int) -> None:
        query = await self._search_record(qid)
        hits = await self._hits(query)
        if not 1 <= rank <= len(hits):
            raise UserFacingError("That passage is no longer in the results; please search again.")
        hit = hits[rank - 1]
        embeds = render.passage_embeds(hit.passage, hit.article, self.bot.service.kb.glossary,
                                       hit.highlights)
        who = render.escape(interaction.user.display_name)
        await interaction.response.send_message(
            f"{who} shared a passage found with /search “{render.escape(query)}”:"[:2000],
            embeds=embeds, allowed_mentions=NO_MENTIONS)

    # --- /source ----------------------------------------------------------------------
    @app_commands.command(name="source", description="Show one whole paragraph with its citation")
    @app_commands.describe(article="The article's id (start typing to pick one)",
                           paragraph="The paragraph number, or caption / standfirst")
    async def source(self, interaction: discord.Interaction, article: str,
                     paragraph: str) -> None:
        kb = self.bot.service.kb
        found = kb.articles.get(article.strip())
        if found is None:
            raise UserFacingError(f"No article has the id “{render.escape(article[:100])}”. "
                                  "`/sources` lists them.")
        passage = kb.passage(found.id, paragraph.strip().lower())
        if passage is None or not passage.searchable:
            labels = _paragraph_labels(self.bot, found.id)
            raise UserFacingError(f"“{render.escape(found.display_title)}” has no paragraph "
                                  f"“{render.escape(paragraph[:20])}”. It has "
                                  f"{_describe_labels(labels)}.")
        embeds = render.passage_embeds(passage, found, kb.glossary)
        await interaction.response.send_message(embeds=embeds, allowed_mentions=NO_MENTIONS)

    @source.autocomplete("article")
    async def _article_choices(self, interaction: discord.Interaction,
                               current: str) -> list[app_commands.Choice[str]]:
        return article_choices(self.bot.service.kb, current)

    @source.autocomplete("paragraph")
    async def _paragraph_choices(self, interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        article_id = str(getattr(interaction.namespace, "article", "") or "")
        labels = _paragraph_labels(self.bot, article_id)
        needle = current.strip().lower()
        matching = [label for label in labels if label.startswith(needle)]
        return [app_commands.Choice(name=label, value=label)
                for label in matching[:AUTOCOMPLETE_CHOICES]]

    # --- /sources and /help -----------------------------------------------------------
    @app_commands.command(name="sources", description="List the articles the answers come from")
    async def sources(self, interaction: discord.Interaction) -> None:
        kb = self.bot.service.kb
        counts = {article_id: len(kb.passages_of(article_id)) for article_id in kb.articles}
        articles = sorted(kb.articles.values(), key=lambda a: (a.date, a.id), reverse=True)
        await interaction.response.send_message(embed=render.sources_embed(articles, counts),
                                                ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="help", description="How to ask citebot and what it can do")
    async def help(self, interaction: discord.Interaction) -> None:
        settings = self.bot.config.discord
        embed = render.help_embed(watched=bool(settings.watch_channel_ids),
                                  dms=settings.answer_in_dms,
                                  about=self.bot.service.kb.glossary.about)
        await interaction.response.send_message(embed=embed, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


def article_choices(kb: KnowledgeBase, current: str) -> list[app_commands.Choice[str]]:
    """Article ids whose id or title holds what was typed (/source and /kb remove)."""
    needle = current.strip().lower()
    choices = []
    for article in kb.articles.values():
        if needle in article.id or needle in article.display_title.lower():
            name = render.clip(f"{article.display_title} ({article.id})", 100)
            choices.append(app_commands.Choice(name=name, value=article.id[:100]))
        if len(choices) == AUTOCOMPLETE_CHOICES:
            break
    return choices


def _paragraph_labels(bot: CitebotBot, article_id: str) -> list[str]:
    """'1', '2', ... then 'caption', 'standfirst': what /source accepts for an article."""
    return [str(p.paragraph) for p in bot.service.kb.passages_of(article_id)]


def _describe_labels(labels: list[str]) -> str:
    numbers = [int(label) for label in labels if label.isdigit()]
    others = [label for label in labels if not label.isdigit()]
    bits = [f"paragraphs {min(numbers)} to {max(numbers)}"] if numbers else []
    bits += others
    return " and ".join(bits) or "no paragraphs"


async def setup(bot: CitebotBot) -> None:
    await bot.add_cog(Lookup(bot))
