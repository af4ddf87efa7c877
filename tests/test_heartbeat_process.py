"""The heartbeat of a real `python -m bot run` against the fake Discord server.

The file appears once the bot is connected, is rewritten while it stays connected, goes
stale while Discord is unreachable, is rewritten again after the bot reconnects, and is
removed on a clean shutdown; `python -m bot health` says so at each step.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import yaml

from tests.test_run_process import (
    ANSI,
    TIMEOUT,
    TOKEN,
    HoldingFake,
    environment,
    launch,
    run_to_end,
    started,
    write_config,
)

BEAT = 0.3  # health.heartbeat_seconds in these tests
# discord.py retries after a random 0-2 s, then 0-4 s, 0-8 s, ...: after the short outage
# below the bot is normally back within a few seconds, rarely after more than ten
RECONNECT_TIMEOUT = 30.0


class OutageFake(HoldingFake):
    """A fake Discord that can go away and come back on the same port."""

    async def outage(self) -> None:
        """Stop listening first, then drop the gateway connections.

        In the other order (``stop()`` alone) the bot could reconnect while its old connection
        is being closed, onto a server about to shut down, and wait there for a minute.
        """
        assert self._runner is not None
        for site in list(self._runner.sites):
            await site.stop()
        await self.stop()


def heartbeat_config(tmp_path: Path) -> tuple[Path, Path]:
    config = write_config(tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    beat = tmp_path / "citebot.heartbeat"
    data["health"] = {"heartbeat_file": str(beat), "heartbeat_seconds": BEAT}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    return config, beat


def written(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


async def rewritten(path: Path, after: int | None, timeout: float = TIMEOUT) -> int:
    """Wait until the file exists and was written later than ``after``."""
    async with asyncio.timeout(timeout):
        while True:
            mtime = written(path)
            if mtime is not None and (after is None or mtime > after):
                return mtime
            await asyncio.sleep(0.05)


async def health(config: Path, *options: str) -> tuple[int, str]:
    process = await run_to_end("-m", "bot", "health", "--config", str(config), *options,
                               env=environment(None))
    return process.proc.returncode or 0, process.output.strip()


async def test_heartbeat_follows_the_connection(tmp_path: Path) -> None:
    config, beat = heartbeat_config(tmp_path)
    async with OutageFake(token=TOKEN) as fake, \
            started(*launch(config), env=environment(TOKEN, fake.port)) as bot:
        # logged in, but held while syncing commands: not connected, so no heartbeat
        async with asyncio.timeout(TIMEOUT):
            await fake.holding.wait()
        await asyncio.sleep(3 * BEAT)
        assert not beat.exists()
        assert await health(config) == (
            1, f"unhealthy: no heartbeat file at {beat}: the bot is not running, or not "
               "connected to Discord yet")

        # connected: the file appears and is rewritten every BEAT seconds
        fake.release.set()
        await fake.wait_until_identified(1, TIMEOUT)
        first = await rewritten(beat, None)
        second = await rewritten(beat, first)
        await rewritten(beat, second)
        code, message = await health(config)
        assert code == 0 and message.startswith("healthy: heartbeat"), message

        # Discord unreachable: the bot keeps retrying, and the heartbeat stops
        await fake.outage()
        await asyncio.sleep(2 * BEAT)  # a beat may have been on its way
        stopped = written(beat)
        await asyncio.sleep(4 * BEAT)
        assert written(beat) == stopped
        assert bot.proc.returncode is None
        code, message = await health(config)  # the default: 3 heartbeats
        assert code == 1 and "the bot is not connected to Discord" in message, message

        # Discord back: the bot resumes its session and the heartbeat with it
        await fake.start()
        await fake.wait_until_resumed(1, RECONNECT_TIMEOUT)
        await rewritten(beat, stopped)
        assert (await health(config))[0] == 0

        # a clean shutdown removes the file
        bot.proc.send_signal(signal.SIGTERM)
        assert await bot.wait(5.0) == 0, bot.output
    assert not beat.exists()
    assert list(tmp_path.glob(".citebot.heartbeat*")) == []
    assert (await health(config))[0] == 1
    assert "stopped" in bot.lines()[-1]
    # plain log lines in a pipe, even though discord.py would colour them in a container
    assert ANSI.search(bot.stdout.decode() + bot.stderr.decode()) is None
    assert TOKEN not in bot.output
