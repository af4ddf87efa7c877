"""Running the bot: logging, login, signals, and the exit code."""

from __future__ import annotations

import asyncio
import logging
import signal

import discord

from bot.chat.client import CitebotBot
from bot.config import Config, Secret
from bot.service import KnowledgeService
from bot.store import Store

log = logging.getLogger(__name__)


def setup_logging(level: str) -> None:
    """Configured once, here: discord.py's formatter on the root logger; discord.http quieter."""
    discord.utils.setup_logging(level=getattr(logging, level), root=True)
    logging.getLogger("discord.http").setLevel(logging.WARNING)


async def serve(config: Config, token: Secret, service: KnowledgeService, store: Store) -> int:
    """Run until SIGTERM, SIGINT or a fatal error; the process's exit code."""
    bot = CitebotBot(config, service, store)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda s=sig: _stop(bot, s))
    try:
        async with bot:
            await bot.start(token.reveal())
    except discord.LoginFailure:
        log.error("Discord rejected the token in DISCORD_TOKEN: check it in the Developer Portal")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused the Message Content intent: enable it for the bot under "
                  "Bot > Privileged Gateway Intents in the Developer Portal")
        return 1
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        store.close()
    log.info("stopped")
    return 0


def _stop(bot: CitebotBot, sig: signal.Signals) -> None:
    log.info("received %s: closing", sig.name)
    asyncio.get_running_loop().create_task(bot.close())
