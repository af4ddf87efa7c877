"""Running the bot: logging, login, signals, and the exit code."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal

import aiohttp
import discord

from bot.chat.client import create_bot
from bot.config import Config, Secret
from bot.health import Heartbeat
from bot.service import KnowledgeService
from bot.store import Store

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


def setup_logging(level: str) -> None:
    """Configured once, here: discord.py's formatter on the root logger; discord.http quieter.

    Colours only on a terminal: discord.py also colours whenever it runs in Docker, which
    puts escape codes into ``docker logs`` and log collectors. NO_COLOR turns them off.
    """
    handler = logging.StreamHandler()
    formatter: logging.Formatter = discord.utils.MISSING  # discord.py's colour formatter
    if not (handler.stream.isatty() and not os.environ.get("NO_COLOR")):
        formatter = logging.Formatter("[{asctime}] [{levelname:<8}] {name}: {message}",
                                      "%Y-%m-%d %H:%M:%S", style="{")
    discord.utils.setup_logging(handler=handler, formatter=formatter,
                                level=getattr(logging, level), root=True)
    logging.getLogger("discord.http").setLevel(logging.WARNING)


def gateway_connected(bot: discord.Client) -> bool:
    """Ready, not closed, and the gateway connection (every shard's) open right now."""
    if not bot.is_ready() or bot.is_closed():
        return False
    if isinstance(bot, discord.AutoShardedClient):
        return bool(bot.shards) and not any(shard.is_closed() for shard in bot.shards.values())
    return bot.ws is not None and bot.ws.open


async def serve(config: Config, token: Secret, service: KnowledgeService, store: Store) -> int:
    """Run until SIGTERM, SIGINT or a fatal error; the process's exit code.

    A signal cancels the running ``bot.start``, at whatever stage it is (logging in,
    syncing commands, connected); ``async with bot`` then closes the connections.
    """
    bot = create_bot(config, service, store)
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
    heartbeat = Heartbeat.from_config(config.health, lambda: gateway_connected(bot))
    try:
        async with bot, heartbeat or contextlib.nullcontext():
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
    except discord.ConnectionClosed as exc:
        if exc.code == 4011:
            log.error("Discord requires sharding for this bot (it is in too many servers for "
                      "one connection): set discord.shard_count in the config")
        elif exc.code == 4010:
            log.error("Discord refused the shard settings: check discord.shard_count and "
                      "discord.shard_ids")
        else:
            raise
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
