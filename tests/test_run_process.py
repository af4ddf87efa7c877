"""`python -m bot run` as a real process: against the fake Discord server, and its refusals.

The bot runs through ``tests.launch_bot``, which points discord.py at the in-process
:class:`FakeDiscord` (``CITEBOT_FAKE_DISCORD_PORT``); nothing of citebot is replaced.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import re
import shutil
import signal
import sys
import typing
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import yaml
from aiohttp import web

from bot.config import Config, load_config
from tests.fakediscord import (
    APPLICATION_ID,
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    USER_ID,
    FakeDiscord,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO_ROOT / "knowledge"
TOKEN = "run-test-token-Qz7Lm3Kp9"
WRONG_TOKEN = "secret-token-XYZ-123"
TIMEOUT = 10.0  # an upper bound for any one step; each normally takes well under a second
COMMANDS = {"ask", "search", "source", "sources", "help"}
UNKNOWN_GUILD_ID = 1_190_000_000_000_000_999
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # discord.py colours its log lines inside Docker


def write_config(tmp_path: Path, text: str | None = None, **discord: object) -> Path:
    """A config file using the shipped knowledge and a database in ``tmp_path``."""
    if text is None:
        data = {"knowledge_dir": str(KNOWLEDGE), "database": str(tmp_path / "citebot.sqlite3"),
                "discord": {"sync_guild_ids": [GUILD_ID], **discord}}
        text = yaml.safe_dump(data)
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def environment(token: str | None, port: int | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISCORD_TOKEN", "CITEBOT_FAKE_DISCORD_PORT")}
    env["PYTHONUNBUFFERED"] = "1"
    if token is not None:
        env["DISCORD_TOKEN"] = token
    if port is not None:
        env["CITEBOT_FAKE_DISCORD_PORT"] = str(port)
    return env


class Process:
    """A running command whose stdout and stderr are read as they come (no full pipes)."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.stdout = bytearray()
        self.stderr = bytearray()
        self._readers = [asyncio.create_task(self._drain(proc.stdout, self.stdout)),
                         asyncio.create_task(self._drain(proc.stderr, self.stderr))]

    @staticmethod
    async def _drain(stream: asyncio.StreamReader | None, into: bytearray) -> None:
        assert stream is not None
        while chunk := await stream.read(65536):
            into.extend(chunk)

    @property
    def output(self) -> str:
        """stdout and stderr, without colour codes."""
        return ANSI.sub("", (self.stdout + self.stderr).decode("utf-8", "replace"))

    def lines(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.strip()]

    async def wait(self, timeout: float = TIMEOUT) -> int:
        async with asyncio.timeout(timeout):
            code = await self.proc.wait()
            await asyncio.gather(*self._readers)
        return code

    async def kill(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()
        with contextlib.suppress(Exception):
            await self.wait(TIMEOUT)


@contextlib.asynccontextmanager
async def started(*args: str, env: dict[str, str]) -> AsyncIterator[Process]:
    """``python ARGS`` from the repository root; killed when the block ends, if still running."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=REPO_ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    process = Process(proc)
    try:
        yield process
    finally:
        await process.kill()


async def run_to_end(*args: str, env: dict[str, str]) -> Process:
    async with started(*args, env=env) as process:
        await process.wait()
    return process


def launch(config: Path) -> tuple[str, ...]:
    return ("-m", "tests.launch_bot", "run", "--config", str(config))


async def wait_for(fake: FakeDiscord, process: Process,
                   predicate: Callable[[typing.Any], bool], after: int = 0) -> typing.Any:
    """The fake's first request matching ``predicate``; fails early if the bot has exited."""
    waiting = asyncio.create_task(fake.wait_for_request(predicate, TIMEOUT, after=after))
    exited = asyncio.create_task(process.proc.wait())
    done, _ = await asyncio.wait({waiting, exited}, return_when=asyncio.FIRST_COMPLETED)
    if waiting not in done:
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
        await process.wait()
        pytest.fail(f"the bot exited with {process.proc.returncode}:\n{process.output}")
    exited.cancel()
    return waiting.result()


# --- the whole run ----------------------------------------------------------------------------


async def test_run_logs_in_syncs_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    async with FakeDiscord(token=TOKEN) as fake, \
            started(*launch(config), env=environment(TOKEN, fake.port)) as bot:
        # logs in and syncs its commands to the configured guild
        put = await wait_for(fake, bot, lambda r: r.method == "PUT")
        assert put.path == f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
        assert put.status == 200
        assert {c["name"] for c in put.json} >= COMMANDS
        assert fake.global_commands == []
        (identify,) = await fake.wait_until_identified(1, TIMEOUT)
        assert identify.payload["token"] == TOKEN
        assert identify.intents is not None and identify.intents & (1 << 15)  # message content

        # a mention in a channel is answered there, as a reply, pinging nobody
        mark = len(fake.requests)
        question = await fake.message_create(
            CHANNEL_ID, f"<@{BOT_ID}> When was the Durand Line drawn?", USER_ID)
        reply = await wait_for(fake, bot, lambda r: r.method == "POST"
                               and r.path == f"/channels/{CHANNEL_ID}/messages", after=mark)
        assert reply.status == 200
        (embed,) = reply.json["embeds"]
        assert embed["title"] == "When was the Durand Line drawn?"
        assert "permanent border" in embed["description"]
        assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
        assert reply.response["mentions"] == []
        assert reply.json["message_reference"]["message_id"] == int(question["id"])

        # /ask: deferred at once, then the answer as the follow-up
        mark = len(fake.requests)
        asked = "Why is Pakistan deporting Afghan refugees?"
        interaction = await fake.interaction_create_slash("ask", {"question": asked},
                                                          user=USER_ID)
        webhook = f"/webhooks/{APPLICATION_ID}/{interaction['token']}"
        followup = await wait_for(fake, bot, lambda r: r.method == "POST" and r.path == webhook,
                                  after=mark)
        (callback,) = fake.interaction_callbacks(interaction)
        assert callback.status in (200, 204)
        assert callback.json["type"] == 5  # deferred: "citebot is thinking..."
        assert not (callback.json.get("data") or {}).get("flags", 0) & 64  # not ephemeral
        assert followup.status == 200
        (embed,) = followup.json["embeds"]
        assert embed["title"] == asked
        assert embed["description"].startswith(">")
        assert followup.json["allowed_mentions"] == {"parse": []}
        original = fake.interactions[interaction["token"]].original
        assert original is not None and original["embeds"] == followup.json["embeds"]

        # SIGTERM: a clean exit, quickly
        bot.proc.send_signal(signal.SIGTERM)
        assert await bot.wait(5.0) == 0

    assert "received SIGTERM: closing" in bot.output
    assert "stopped" in bot.lines()[-1]
    assert "Traceback" not in bot.output
    assert TOKEN not in bot.output
    assert all("Authorization" not in r.headers for r in fake.requests)


class HoldingFake(FakeDiscord):
    """A FakeDiscord that holds the command sync until ``release`` is set."""

    def __init__(self, **options: typing.Any) -> None:
        super().__init__(**options)
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: typing.Any) -> web.StreamResponse:
        if request.method == "PUT" and request.path.endswith("/commands"):
            self.holding.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), TIMEOUT)
        return await super()._middleware(request, handler)


async def test_sigterm_while_starting_up_exits_cleanly(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    async with HoldingFake(token=TOKEN) as fake:
        try:
            async with started(*launch(config), env=environment(TOKEN, fake.port)) as bot:
                async with asyncio.timeout(TIMEOUT):
                    await fake.holding.wait()  # the bot is waiting for its commands to sync
                bot.proc.send_signal(signal.SIGTERM)
                assert await bot.wait(5.0) == 0, bot.output
        finally:
            fake.release.set()
    assert "received SIGTERM: closing" in bot.output
    assert "Traceback" not in bot.output
    assert fake.identifies == []


# --- refusals ---------------------------------------------------------------------------------


async def test_a_rejected_token_exits_1_without_showing_it(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    async with FakeDiscord(token=TOKEN) as fake:
        bot = await run_to_end(*launch(config), env=environment(WRONG_TOKEN, fake.port))
    assert bot.proc.returncode == 1
    assert "rejected the token in DISCORD_TOKEN" in bot.output
    assert WRONG_TOKEN not in bot.output
    assert TOKEN not in bot.output
    assert "Traceback" not in bot.output
    assert [(r.path, r.status) for r in fake.requests] == [("/users/@me", 401)]
    assert fake.identifies == []


async def test_a_refused_command_sync_exits_1_with_a_hint(tmp_path: Path) -> None:
    # The bot is not in this guild: Discord answers 403 Missing Access.
    config = write_config(tmp_path)
    config.write_text(config.read_text().replace(str(GUILD_ID), str(UNKNOWN_GUILD_ID)))
    async with FakeDiscord(token=TOKEN) as fake:
        bot = await run_to_end(*launch(config), env=environment(TOKEN, fake.port))
    assert bot.proc.returncode == 1
    (error,) = [line for line in bot.lines() if "ERROR" in line]
    assert "refused to sync the slash commands" in error
    assert "Missing Access" in error
    assert "discord.sync_guild_ids" in error
    assert "Traceback" not in bot.output
    assert TOKEN not in bot.output
    assert fake.identifies == []


@pytest.mark.parametrize(("text", "key"), [
    ("discord:\n  watch_channels: [1]\n", "discord.watch_channels"),
    ("cooldown:\n  questions: many\n", "cooldown.questions"),
])
async def test_a_bad_config_exits_2_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    config = write_config(tmp_path, text)
    # no server and no port: the bot must stop before connecting anywhere
    bot = await run_to_end("-m", "bot", "run", "--config", str(config),
                           env=environment(TOKEN))
    assert bot.proc.returncode == 2
    assert bot.stdout == b""
    (line,) = bot.lines()
    assert line.startswith("error: ")
    assert key in line
    assert str(config) in line


@pytest.mark.parametrize("token", [None, "", "   "], ids=["unset", "empty", "blank"])
async def test_a_missing_token_exits_2_naming_the_variable(tmp_path: Path,
                                                           token: str | None) -> None:
    config = write_config(tmp_path)
    bot = await run_to_end("-m", "bot", "run", "--config", str(config), env=environment(token))
    assert bot.proc.returncode == 2
    assert bot.stdout == b""
    (line,) = bot.lines()
    assert line.startswith("error: ")
    assert "DISCORD_TOKEN" in line
    assert not (tmp_path / "citebot.sqlite3").exists()


# --- config.example.yaml ------------------------------------------------------------------------


def dotted_keys(cls: type, prefix: str = "") -> list[str]:
    """Every key of a config dataclass, nested ones as ``section.key``."""
    keys = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        name = f"{prefix}{f.name}"
        keys.append(name)
        if dataclasses.is_dataclass(hints[f.name]):
            keys.extend(dotted_keys(hints[f.name], f"{name}."))
    return keys


def test_config_example_parses_to_exactly_the_defaults(tmp_path: Path) -> None:
    copy = tmp_path / "config.yaml"
    shutil.copyfile(REPO_ROOT / "config.example.yaml", copy)
    assert load_config(copy) == Config()


def test_config_example_documents_every_key() -> None:
    data = yaml.safe_load((REPO_ROOT / "config.example.yaml").read_text(encoding="utf-8"))
    keys = dotted_keys(Config)
    assert "cooldown.per_seconds" in keys and "discord" in keys  # the walk goes down
    missing = []
    for key in keys:
        node = data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                missing.append(key)
                break
            node = node[part]
    assert missing == []
