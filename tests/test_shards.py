"""Sharding: the config keys, the bot they build, and two processes serving one bot.

In the process test, two `python -m bot run` processes, shards 0 and 1 of 2, share one
knowledge folder and database. Both connect to the fake Discord server (one gateway
connection each, IDENTIFY with its shard); a guild on each shard. A /kb refresh in the process
of shard 0, and a shell `kb remove`, reach the process of shard 1 through the knowledge stamp
in the shared database (bot/watch.py), polled every half second here.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
from pathlib import Path

import pytest
import yaml

from bot.chat.client import CitebotBot, ShardedCitebotBot, create_bot
from bot.config import Config, ConfigError, DiscordConfig, parse_config
from bot.kb import Answerer
from bot.service import KnowledgeService
from bot.store import Store
from tests.conftest import KNOWLEDGE, NEW_ARTICLE
from tests.fakediscord import (
    APPLICATION_ID,
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    MODERATOR_ID,
    MODERATOR_ROLE_ID,
    OWNER_ID,
    USER_ID,
    FakeDiscord,
    build_guild,
    build_member,
    build_text_channel,
    build_user,
    default_guild,
)
from tests.test_run_process import (
    TIMEOUT,
    TOKEN,
    Process,
    environment,
    launch,
    run_to_end,
    started,
    wait_for,
)

SECOND_GUILD_ID = GUILD_ID + (1 << 22)  # the next shard: (guild_id >> 22) % 2 == 1
SECOND_CHANNEL_ID = CHANNEL_ID + (1 << 22)
POLL_SECONDS = 0.5
TUNNEL = NEW_ARTICLE
QUESTION = f"<@{BOT_ID}> Which tunnel did the relief convoys cross?"


# --- config ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shard_count", "shard_ids"), [
    ("", None, ()),
    ("shard_count: null", None, ()),
    ("shard_count: 1", 1, ()),
    ("shard_count: 4\n  shard_ids: [3, 0]", 4, (3, 0)),
    ("shard_count: '2'\n  shard_ids: ['1']", 2, (1,)),
])
def test_shard_settings(text: str, shard_count: int | None, shard_ids: tuple) -> None:
    config = parse_config(f"discord:\n  {text}\n")
    assert (config.discord.shard_count, config.discord.shard_ids) == (shard_count, shard_ids)


@pytest.mark.parametrize(("text", "message"), [
    ("shard_count: 0", "discord.shard_count must be at least 1, or null"),
    ("shard_count: -2", "discord.shard_count must be at least 1"),
    ("shard_count: two", "discord.shard_count must be a whole number or null, not 'two'"),
    ("shard_count: true", "discord.shard_count must be a whole number or null"),
    ("shard_ids: [0]", "discord.shard_ids needs discord.shard_count"),
    ("shard_count: 2\n  shard_ids: [0, 2, -1]",
     "discord.shard_ids must be shard numbers from 0 to 1 (discord.shard_count is 2), not 2, -1"),
    ("shard_count: 3\n  shard_ids: [1, 1]", "discord.shard_ids lists shard 1 more than once"),
    ("shard_count: 3\n  shard_ids: 1", "discord.shard_ids must be a list of whole numbers"),
    ("knowledge_poll_seconds: 0.1", "discord.knowledge_poll_seconds must be 0 (off) or 0.5"),
    ("knowledge_poll_seconds: -1", "discord.knowledge_poll_seconds must be 0 (off)"),
])
def test_bad_shard_settings_name_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(f"discord:\n  {text}\n", "bot.yaml")
    assert str(error.value).startswith(f"bot.yaml: {message}")


# --- the bot they build -----------------------------------------------------------------------


@pytest.mark.parametrize(("shard_count", "shard_ids", "launched", "syncs"), [
    (None, (), None, True),
    (1, (), None, True),
    (4, (), None, True),
    (4, (0, 1), [0, 1], True),
    (4, (2, 3), [2, 3], False),
])
async def test_the_bot_for_the_shard_settings(kb, tmp_path, shard_count, shard_ids, launched,
                                              syncs) -> None:
    config = Config(discord=DiscordConfig(shard_count=shard_count, shard_ids=shard_ids))
    store = Store(tmp_path / "db.sqlite3")
    bot = create_bot(config, KnowledgeService(kb.folder, Answerer(kb)), store)
    try:
        assert isinstance(bot, CitebotBot) and bot.syncs_commands == syncs
        if shard_count is None:
            assert type(bot) is CitebotBot and bot.shard_count is None
        else:
            assert isinstance(bot, ShardedCitebotBot)
            assert (bot.shard_count, bot.shard_ids) == (shard_count, launched)
    finally:
        store.close()


# --- processes ----------------------------------------------------------------------------------


def second_guild() -> dict:
    bot = default_guild()["members"][0]
    return build_guild(
        SECOND_GUILD_ID, "Second Guild", owner_id=OWNER_ID,
        channels=[build_text_channel(SECOND_CHANNEL_ID, "general", SECOND_GUILD_ID)], roles=[],
        members=[bot, build_member(build_user(USER_ID, "alice")),
                 build_member(build_user(OWNER_ID, "owner"))])


def shard_config(tmp_path: Path, knowledge: Path, shard: int) -> Path:
    path = tmp_path / f"shard{shard}.yaml"
    path.write_text(yaml.safe_dump({
        "knowledge_dir": str(knowledge), "database": str(tmp_path / "shared.sqlite3"),
        "discord": {"sync_guild_ids": [GUILD_ID, SECOND_GUILD_ID], "shard_count": 2,
                    "shard_ids": [shard], "moderator_role_ids": [MODERATOR_ROLE_ID],
                    "knowledge_poll_seconds": POLL_SECONDS}}), encoding="utf-8")
    return path


async def wait_for_output(process: Process, text: str) -> None:
    async with asyncio.timeout(TIMEOUT):
        while text not in process.output:
            if process.proc.returncode is not None:
                pytest.fail(f"the bot exited with {process.proc.returncode}:\n{process.output}")
            await asyncio.sleep(0.05)


async def ask(fake: FakeDiscord, bot: Process, channel_id: int) -> str:
    """The bot's reply to QUESTION in the channel, as JSON text."""
    mark = len(fake.requests)
    await fake.message_create(channel_id, QUESTION, USER_ID)
    reply = await wait_for(fake, bot, lambda r: r.method == "POST"
                           and r.path == f"/channels/{channel_id}/messages", after=mark)
    assert reply.status == 200
    return json.dumps(reply.json)


async def test_a_refresh_in_one_shard_process_reaches_the_other(tmp_path: Path) -> None:
    assert (SECOND_GUILD_ID >> 22) % 2 == 1 and (GUILD_ID >> 22) % 2 == 0
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    configs = [shard_config(tmp_path, knowledge, shard) for shard in (0, 1)]

    async with FakeDiscord(token=TOKEN, guilds=[default_guild(), second_guild()],
                           shard_count=2, max_guilds_per_shard=1) as fake, \
            started(*launch(configs[0]), env=environment(TOKEN, fake.port)) as first, \
            started(*launch(configs[1]), env=environment(TOKEN, fake.port)) as second:
        # one gateway connection per process, each with its shard; each sees its guild
        identifies = await fake.wait_until_identified(2, TIMEOUT)
        assert sorted(i.shard for i in identifies) == [(0, 2), (1, 2)]
        await wait_for_output(first, "to 1 guild(s), shard(s) 0 of 2")
        await wait_for_output(second, "to 1 guild(s), shard(s) 1 of 2")
        # only the process of shard 0 syncs the commands (to both guilds)
        assert "not syncing the slash commands" in second.output
        assert "not syncing" not in first.output
        puts = [r.path for r in fake.requests if r.method == "PUT"]
        assert sorted(puts) == sorted(f"/applications/{APPLICATION_ID}/guilds/{g}/commands"
                                      for g in (GUILD_ID, SECOND_GUILD_ID))

        # shard 1 answers in its guild; it knows nothing of the tunnel yet
        assert "Lowari" not in await ask(fake, second, SECOND_CHANNEL_ID)

        # a moderator adds the article on disk and runs /kb refresh in the guild of shard 0
        (knowledge / "articles" / "chitral-floods.md").write_text(TUNNEL, encoding="utf-8")
        mark = len(fake.requests)
        refresh = await fake.interaction_create_slash("kb refresh", {}, user=MODERATOR_ID)
        webhook = f"/webhooks/{APPLICATION_ID}/{refresh['token']}"
        reply = await wait_for(fake, first, lambda r: r.method == "POST" and r.path == webhook,
                               after=mark)
        content = reply.json["content"]
        assert "added: `chitral-floods`" in content, content
        version = content.split("Refreshed to version ")[1].split()[0]

        # the process of shard 1 loads it within the poll interval, and quotes it
        await wait_for_output(second, f"knowledge refreshed to version {version}, stamped #1 "
                                      f"by mod (discord)")
        assert "Lowari" in await ask(fake, second, SECOND_CHANNEL_ID)

        # a change from the shell reaches both processes
        shell = await run_to_end("-m", "bot", "kb", "remove", "chitral-floods", "--yes",
                                 "--config", str(configs[0]), env=environment(None))
        assert shell.proc.returncode == 0, shell.output
        assert f"within {POLL_SECONDS:g} s" in shell.output
        for bot in (first, second):
            await wait_for_output(bot, "stamped #2 by shell:")
        assert "Lowari" not in await ask(fake, second, SECOND_CHANNEL_ID)
        assert "Lowari" not in await ask(fake, first, CHANNEL_ID)

        for bot in (first, second):
            bot.proc.send_signal(signal.SIGTERM)
        assert [await first.wait(5.0), await second.wait(5.0)] == [0, 0]

    for bot in (first, second):
        assert "Traceback" not in bot.output, bot.output
        assert "ERROR" not in bot.output, bot.output
        assert TOKEN not in bot.output


async def test_a_bot_that_must_shard_is_told_which_key_to_set(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"knowledge_dir": str(KNOWLEDGE),
                                      "database": str(tmp_path / "citebot.sqlite3")}))
    async with FakeDiscord(token=TOKEN, guilds=[default_guild(), second_guild()],
                           max_guilds_per_shard=1) as fake:
        bot = await run_to_end(*launch(config), env=environment(TOKEN, fake.port))
    assert bot.proc.returncode == 1
    (error,) = [line for line in bot.lines() if "ERROR" in line]
    assert "requires sharding" in error and "discord.shard_count" in error
    assert "Traceback" not in bot.output
    assert fake.identifies == []
