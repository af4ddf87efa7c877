"""Helpers for end-to-end tests: citebot's real client inside SimCord's simulated Discord."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import discord
import simcord

from bot.chat.client import CitebotBot
from bot.config import Config
from bot.kb import Answer, Answerer, KnowledgeBase
from bot.service import KnowledgeService
from bot.store import Store


@dataclass
class World:
    env: simcord.Env
    bot: CitebotBot
    guild: simcord.GuildHandle
    general: simcord.ChannelHandle
    watched: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    moderator_role: simcord.RoleHandle
    moderator: simcord.MemberActor

    def configure(self, **sections: dict) -> None:
        """Change config sections, e.g. configure(cooldown={"questions": 1})."""
        config = self.bot.config
        for name, values in sections.items():
            config = replace(config, **{name: replace(getattr(config, name), **values)})
        self.bot.config = config
        self.bot.cooldown.rate = config.cooldown.questions
        self.bot.cooldown.per = config.cooldown.per_seconds

    def handled_errors(self) -> list[type[BaseException]]:
        """The kinds of the errors the bot's handlers dealt with (SimCord records them all)."""
        return [type(e) for e in self.env.errors]

    def requests(self, method: str, pattern: str) -> list[simcord.HttpLogEntry]:
        return [r for r in self.env.http_requests
                if r.method == method and re.fullmatch(pattern, r.path)]


class BrokenService(KnowledgeService):
    """A knowledge service whose answers fail: for the error handlers' tests."""

    async def answer(self, question: str, context: str | None = None,
                     max_excerpts: int = 3) -> Answer:
        raise RuntimeError("the index is on fire")


def make_world(env: simcord.Env, bot: CitebotBot) -> World:
    """A guild with #general and #watched (watched by the bot), alice, bob and a moderator."""
    guild = env.create_guild("Research")
    general = guild.create_text_channel("general")
    watched = guild.create_text_channel("watched")
    role = guild.create_role("Moderator", permissions=discord.Permissions(manage_messages=True))
    world = World(env, bot, guild, general, watched,
                  guild.add_member(env.create_user("alice")),
                  guild.add_member(env.create_user("bob")),
                  role, guild.add_member(env.create_user("mod"), roles=[role]))
    world.configure(discord={"watch_channel_ids": (watched.id,)})
    return world


def make_bot(kb: KnowledgeBase, database: Path) -> CitebotBot:
    """citebot's real client, as `python -m bot run` builds it, on a fresh database."""
    config = Config(database=str(database))
    return CitebotBot(config, KnowledgeService(kb.folder, Answerer(kb)), Store(config.database))


def plain(markdown: str) -> str:
    """Discord markdown as a reader sees it: bold markers and escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def shown_quotes(embed: discord.Embed) -> list[str]:
    """The block quotes of an answer embed, as a reader sees them, without the [n] marker."""
    quotes = []
    for block in (embed.description or "").split("\n\n"):
        if block.startswith("> "):
            quotes.append(re.sub(r" \[\d+\]$", "", plain(block[2:])))
    return quotes


async def kb_command_id(world: World) -> int:
    (kb,) = [c for c in await world.bot.tree.fetch_commands() if c.name == "kb"]
    return kb.id


async def with_moderators(world: World, **config: dict) -> World:
    """The moderator role is named in the config, and the server lets it see /kb."""
    world.configure(discord={"moderator_role_ids": (world.moderator_role.id,)}, **config)
    world.guild.set_command_permissions(await kb_command_id(world), {world.moderator_role: True})
    return world
