"""Buttons under answers and search results.

They are persistent (``DynamicItem``): the custom id carries what the click
needs (the question's id in the store, a page), so they keep working after a
restart. Clicks are handled by the cog named in ``HANDLER``.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.chat.errors import handle_interaction_error

PREFIX = "citebot"


class _Action(discord.ui.DynamicItem[discord.ui.Button], template=r"citebot:x"):
    """Base: a button whose click calls ``cog.<method>(interaction, **fields)``."""

    cog = "Ask"
    method = ""

    def __init__(self, button: discord.ui.Button, **fields: int) -> None:
        super().__init__(button)
        self.fields = fields

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> _Action:
        return cls(**{k: int(v) for k, v in match.groupdict().items()})

    async def callback(self, interaction: discord.Interaction) -> Any:
        handler = interaction.client.get_cog(self.cog)  # type: ignore[attr-defined]
        try:
            await getattr(handler, self.method)(interaction, **self.fields)
        except Exception as error:  # the one handler for component errors
            await handle_interaction_error(interaction, error)


class MoreExcerpts(_Action, template=rf"{PREFIX}:more:(?P<qid>\d+)"):
    method = "more_excerpts"

    def __init__(self, qid: int) -> None:
        super().__init__(discord.ui.Button(label="More excerpts", style=discord.ButtonStyle.secondary,
                                           custom_id=f"{PREFIX}:more:{qid}"), qid=qid)


class FullParagraph(_Action, template=rf"{PREFIX}:para:(?P<qid>\d+)"):
    method = "full_paragraph"

    def __init__(self, qid: int) -> None:
        super().__init__(discord.ui.Button(label="Full paragraph", style=discord.ButtonStyle.secondary,
                                           custom_id=f"{PREFIX}:para:{qid}"), qid=qid)


class Feedback(_Action, template=rf"{PREFIX}:fb:(?P<qid>\d+):(?P<value>[01])"):
    method = "feedback"

    def __init__(self, qid: int, value: int) -> None:
        super().__init__(discord.ui.Button(emoji="👍" if value else "👎",
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"{PREFIX}:fb:{qid}:{value}"),
                         qid=qid, value=value)


class SearchPage(_Action, template=rf"{PREFIX}:page:(?P<qid>\d+):(?P<page>\d+):(?P<arrow>[01])"):
    cog, method = "Lookup", "search_page"

    def __init__(self, qid: int, page: int, arrow: int, disabled: bool = False) -> None:
        super().__init__(discord.ui.Button(label="◀ Previous" if arrow == 0 else "Next ▶",
                                           style=discord.ButtonStyle.secondary, disabled=disabled,
                                           custom_id=f"{PREFIX}:page:{qid}:{page}:{arrow}"),
                         qid=qid, page=page, arrow=arrow)


class PostPassage(_Action, template=rf"{PREFIX}:post:(?P<qid>\d+):(?P<rank>\d+)"):
    cog, method = "Lookup", "post_passage"

    def __init__(self, qid: int, rank: int) -> None:
        super().__init__(discord.ui.Button(label=f"Post {rank}", style=discord.ButtonStyle.primary,
                                           custom_id=f"{PREFIX}:post:{qid}:{rank}"),
                         qid=qid, rank=rank)


ITEMS = (MoreExcerpts, FullParagraph, Feedback, SearchPage, PostPassage)


def answer_view(qid: int, more: bool, paragraph: bool = True) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if more:
        view.add_item(MoreExcerpts(qid))
    if paragraph:
        view.add_item(FullParagraph(qid))
    view.add_item(Feedback(qid, 1))
    view.add_item(Feedback(qid, 0))
    return view


def search_view(qid: int, page: int, pages: int, first_rank: int, count: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SearchPage(qid, max(0, page - 1), 0, disabled=page == 0))
    view.add_item(SearchPage(qid, min(pages - 1, page + 1), 1, disabled=page >= pages - 1))
    for rank in range(first_rank, first_rank + count):
        view.add_item(PostPassage(qid, rank))
    return view
