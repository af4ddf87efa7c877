"""Running the bot: logging, login, signals, and the exit code."""

from __future__ import annotations

import asyncio
import logging
import signal

import aiohttp
import discord

from bot.chat.client import CitebotBot
from bot.config import Config, Secret
from bot.service import KnowledgeService
from bot.store import Store

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


def setup_logging(level: str) -> None:
    """Configured once, here: discord.py's formatter on the root logger; discord.http quieter."""
    discord.utils.setup_logging(level=getattr(logging, level), root=True)
    logging.getLogger("discord.http").setLevel(logging.WARNING)


async def serve(config: Config, token: Secret, service: KnowledgeService, store: Store) -> int:
    """Run until SIGTERM, SIGINT or a fatal error; the process's exit code.

    A signal cancels the running ``bot.start``, at whatever stage it is (logging in,
    syncing commands, connected); ``async with bot`` then closes the connections.
    """
    bot = CitebotBot(config, service, store)
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    received: list[signal.Signals] = []

    def stop(sig: signal.Signals) -> None:
        if received:  # already closing
            return
        received.append(sig)
        log.info("received %s: closing", sig.name)
        if main is not None:
            main.cancel()

    for sig in SIGNALS:
        loop.add_signal_handler(sig, stop, sig)
    try:
        async with bot:
            await bot.start(token.reveal())
    except asyncio.CancelledError:
        if not received:
            raise
        if main is not None:
            main.uncancel()
    except discord.LoginFailure:
        log.error("Discord rejected the token in DISCORD_TOKEN: check it in the Developer Portal")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused the Message Content intent: enable it for the bot under "
                  "Bot > Privileged Gateway Intents in the Developer Portal")
        return 1
    except discord.HTTPException as exc:
        # start-up requests only: once connected, discord.py retries and reconnects itself
        if "/commands" in str(getattr(exc.response, "url", "")):
            log.error("Discord refused to sync the slash commands (%s): check that the bot is "
                      "in every guild of discord.sync_guild_ids and was invited with the "
                      "applications.commands scope", exc)
        else:
            log.error("Discord refused a request while starting: %s", exc)
        return 1
    except (aiohttp.ClientError, OSError) as exc:
        log.error("cannot reach Discord: %s", exc)
        return 1
    finally:
        for sig in SIGNALS:
            loop.remove_signal_handler(sig)
        store.close()
    log.info("stopped")
    return 0
