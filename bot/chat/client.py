"""The Discord bot: everything it uses is built outside and passed in."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

import discord
from discord.ext import commands, tasks

from bot.chat.cooldown import UserCooldown
from bot.chat.errors import CitebotTree, OnCooldown, UserFacingError, report_message_error
from bot.chat.render import NO_MENTIONS
from bot.chat.views import ITEMS
from bot.config import Config
from bot.service import KnowledgeService
from bot.store import Store
from bot.watch import KnowledgeWatcher

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.chat.cogs.ask", "bot.chat.cogs.lookup", "bot.chat.cogs.kb_admin")


class CitebotBot(commands.Bot):
    """The bot. Chat is handled by the Ask cog; commands by the cogs in EXTENSIONS."""

    def __init__(self, config: Config, service: KnowledgeService, store: Store, **options) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # to read questions in watched channels
        super().__init__(command_prefix=commands.when_mentioned, intents=intents,
                         allowed_mentions=NO_MENTIONS, tree_cls=CitebotTree, help_command=None,
                         **options)
        self.config = config
        self.service = service
        self.store = store
        self.cooldown = UserCooldown(config.cooldown.questions, config.cooldown.per_seconds)
        self.watcher = KnowledgeWatcher(service, store, config.discord.knowledge_poll_seconds)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*ITEMS)
        if self.syncs_commands:
            await self.sync_commands()
        else:
            log.info("not syncing the slash commands: the process serving shard 0 does")
        self.watcher.start()  # refreshes made in other processes or the shell reach this one
        if self.config.records.retention_days and self.config.records.question_log:
            self.purge_old_questions.start()
        self.collect_cycles.start()

    @tasks.loop(hours=24)
    async def purge_old_questions(self) -> None:
        """Delete logged questions past the retention period, at start and once a day."""
        cutoff = time.time() - self.config.records.retention_days * 86400
        deleted = await asyncio.to_thread(self.store.purge, cutoff)
        if deleted:
            log.info("deleted %d question(s) older than %d days", deleted,
                     self.config.records.retention_days)

    @tasks.loop(hours=24)
    async def collect_cycles(self) -> None:
        """Once a day, the garbage cycles the knowledge service's freezes set aside."""
        found = await asyncio.to_thread(self.service.collect_cycles)
        log.debug("collected %d objects in reference cycles", found)

    async def close(self) -> None:
        self.purge_old_questions.cancel()
        self.collect_cycles.cancel()
        await self.watcher.stop()
        await super().close()

    @property
    def syncs_commands(self) -> bool:
        """One process syncs the slash commands: the unsharded one, or the one serving shard 0
        (discord.shard_ids empty means all shards). The others only answer them."""
        shard_ids = self.config.discord.shard_ids
        return not shard_ids or 0 in shard_ids

    async def sync_commands(self) -> None:
        guild_ids = self.config.discord.sync_guild_ids
        if not guild_ids:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))
            return
        for guild_id in guild_ids:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)

    async def on_ready(self) -> None:
        d = self.config.discord
        shards = ("" if d.shard_count is None else
                  f", shard(s) {', '.join(map(str, d.shard_ids or range(d.shard_count)))} "
                  f"of {d.shard_count}")
        log.info("connected as %s (id %s) to %d guild(s)%s; knowledge v%s", self.user,
                 self.user.id if self.user else None, len(self.guilds), shards,
                 self.service.kb.version)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: the Ask cog's listener answers messages."""

    def check_question(self, user_id: int, question: str) -> None:
        """Refuse a question over the length limit, or a user over the cooldown."""
        limit = self.config.answers.max_question_length
        if len(question) > limit:
            raise UserFacingError(f"That question is {len(question)} characters long; "
                                  f"please ask in at most {limit}.")
        retry_after = self.cooldown.hit(user_id)
        if retry_after is not None:
            raise OnCooldown(retry_after)

    async def on_error(self, event_method: str, /, *args, **kwargs) -> None:
        """The one handler for errors in events: chat messages get an apology."""
        message = next((a for a in args if isinstance(a, discord.Message)), None)
        error = sys.exc_info()[1]
        if message is not None and isinstance(error, Exception):
            await report_message_error(message, error)
        else:
            log.exception("error in event %s", event_method)


class ShardedCitebotBot(CitebotBot, commands.AutoShardedBot):
    """The bot on the shards of discord.shard_ids (all of discord.shard_count when empty),
    one gateway connection each, in this one process."""


def create_bot(config: Config, service: KnowledgeService, store: Store,
               **options) -> CitebotBot:
    """The bot for the config: one unsharded connection, or the configured shards."""
    d = config.discord
    if d.shard_count is None:
        return CitebotBot(config, service, store, **options)
    return ShardedCitebotBot(config, service, store, shard_count=d.shard_count,
                             shard_ids=list(d.shard_ids) or None, **options)
