"""The fake Discord server works with the real discord.py client (not with citebot itself)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from tests.fakediscord import (
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    MODERATOR_ID,
    MODERATOR_ROLE_ID,
    USER_ID,
    WATCHED_CHANNEL_ID,
    FakeDiscord,
    patch_discord_urls,
)

TOKEN = "test-token"
REPO_ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 5.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        with patch_discord_urls(server):
            yield server


class TinyBot(commands.Bot):
    """A minimal bot: /cite answers the interaction, "!echo x" answers in the channel."""

    def __init__(self, **options: object) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        # The client only fires on_ready guild_ready_timeout seconds after the last
        # GUILD_CREATE (2 s by default); keep tests fast.
        options.setdefault("guild_ready_timeout", 0.05)
        super().__init__(command_prefix="!", intents=intents, **options)
        self.ready = asyncio.Event()
        self.seen: list[discord.Message] = []

    async def setup_hook(self) -> None:
        @self.tree.command(name="cite", description="Cite a source")
        @app_commands.describe(term="What to cite")
        async def cite(interaction: discord.Interaction, term: str, who: discord.Member) -> None:
            await interaction.response.send_message(f"{who.mention} cited {term}")

        await self.tree.sync()

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.append(message)
        if message.content.startswith("!echo "):
            await message.channel.send(f"<@{message.author.id}> said {message.content[6:]}")


@contextlib.asynccontextmanager
async def running(bot: TinyBot, token: str = TOKEN) -> AsyncIterator[TinyBot]:
    """Run ``bot`` until the block ends; fail fast if it cannot get ready."""
    task = asyncio.create_task(bot.start(token))
    ready = asyncio.create_task(bot.ready.wait())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=TIMEOUT, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()  # re-raises the start-up error
            pytest.fail("the client stopped before it was ready")
        if ready not in done:
            pytest.fail("the client did not become ready in time")
        yield bot
    finally:
        ready.cancel()
        await bot.close()
        await asyncio.wait_for(task, TIMEOUT)


def test_patch_discord_urls_restores_the_originals() -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    with patch_discord_urls(12345):
        assert discord.http.Route.BASE == "http://127.0.0.1:12345/api/v10"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:12345/"
    after = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    assert after == before


async def test_login_and_ready_with_the_default_guild(fake: FakeDiscord) -> None:
    async with running(TinyBot()) as bot:
        assert bot.user is not None
        assert bot.user.id == BOT_ID
        assert bot.user.bot
        assert bot.application_id == fake.application_id
        guild = bot.get_guild(GUILD_ID)
        assert guild is not None
        assert {c.id for c in guild.text_channels} == {CHANNEL_ID, WATCHED_CHANNEL_ID}
        assert guild.me.guild_permissions.send_messages
        assert guild.get_role(MODERATOR_ROLE_ID).permissions.manage_messages

    (identify,) = fake.identifies
    assert identify.shard is None
    assert identify.intents == bot.intents.value
    # discord.py always asks for transport compression: zlib-stream (which the fake speaks), or
    # zstd-stream when zstd is importable (the fake then sends plain text, which works too).
    assert identify.compress in {"zlib-stream", "zstd-stream"}
    assert [r.path for r in fake.find_requests("GET")][:2] == [
        "/users/@me",
        "/oauth2/applications/@me",
    ]


async def test_slash_command_sync_and_interaction_response(fake: FakeDiscord) -> None:
    async with running(TinyBot()):
        put = fake.find_requests("PUT", f"/applications/{fake.application_id}/commands")
        assert [c["name"] for c in put[0].json] == ["cite"]
        assert fake.global_commands[0]["id"]

        interaction = await fake.interaction_create_slash(
            "cite", {"term": "Smith 2020", "who": MODERATOR_ID}, user=USER_ID
        )
        prefix = f"/interactions/{interaction['id']}/"
        callback = await fake.wait_for_request(lambda r: r.path.startswith(prefix), TIMEOUT)

    assert callback.path == f"/interactions/{interaction['id']}/{interaction['token']}/callback"
    assert callback.status == 200
    assert callback.json["type"] == 4
    assert callback.json["data"]["content"] == f"<@{MODERATOR_ID}> cited Smith 2020"
    assert callback.json["data"]["allowed_mentions"] == {"parse": []}
    assert "Authorization" not in callback.headers
    # The client's allowed_mentions (none) means nobody is actually pinged.
    assert callback.response["resource"]["message"]["mentions"] == []
    assert fake.interaction_callbacks(interaction) == [callback]


async def test_message_create_is_answered_in_the_channel(fake: FakeDiscord) -> None:
    async with running(TinyBot()) as bot:
        mark = len(fake.requests)
        sent = await fake.message_create(WATCHED_CHANNEL_ID, "!echo hello", author=MODERATOR_ID)
        reply = await fake.wait_for_request(
            lambda r: r.method == "POST" and r.path.endswith("/messages"), TIMEOUT, after=mark
        )

    assert reply.path == f"/channels/{WATCHED_CHANNEL_ID}/messages"
    assert reply.json["content"] == f"<@{MODERATOR_ID}> said hello"
    assert reply.json["allowed_mentions"] == {"parse": []}
    assert reply.response["author"]["id"] == str(BOT_ID)
    (message,) = bot.seen
    assert message.id == int(sent["id"])
    assert isinstance(message.author, discord.Member)
    assert [r.id for r in message.author.roles[1:]] == [MODERATOR_ROLE_ID]


async def test_replies_files_and_edits_round_trip(fake: FakeDiscord) -> None:
    async with running(TinyBot()) as bot:
        original = await fake.message_create(CHANNEL_ID, "quote me", author=USER_ID)
        channel = bot.get_channel(CHANNEL_ID)
        assert isinstance(channel, discord.TextChannel)
        fetched = await channel.fetch_message(int(original["id"]))
        reply = await fetched.reply(
            "here", file=discord.File(__file__, filename="src.py"), mention_author=True
        )
        await reply.edit(content="edited")
        await reply.delete()

    post = fake.find_requests("POST", f"/channels/{CHANNEL_ID}/messages")[0]
    assert post.json["message_reference"]["message_id"] == int(original["id"])
    assert post.json["allowed_mentions"] == {"parse": [], "replied_user": True}
    assert [(f.filename, len(f.data) > 0) for f in post.files] == [("src.py", True)]
    assert reply.reference is not None
    assert reply.reference.message_id == int(original["id"])
    assert [m.id for m in reply.mentions] == [USER_ID]
    assert reply.attachments[0].filename == "src.py"
    reply_path = f"/channels/{CHANNEL_ID}/messages/{reply.id}"
    assert [r.method for r in fake.find_requests(path=reply_path)] == ["PATCH", "DELETE"]


async def test_deferred_interaction_then_followup_edits_the_original(fake: FakeDiscord) -> None:
    class DeferringBot(TinyBot):
        async def setup_hook(self) -> None:
            @self.tree.command(name="slow", description="Answer later")
            async def slow(interaction: discord.Interaction) -> None:
                await interaction.response.defer(ephemeral=True)
                await interaction.followup.send("done")
                await interaction.followup.send("and more")

            self.tree.copy_global_to(guild=discord.Object(GUILD_ID))
            await self.tree.sync(guild=discord.Object(GUILD_ID))

    async with running(DeferringBot()):
        assert fake.guild_commands[GUILD_ID][0]["name"] == "slow"
        interaction = await fake.interaction_create_slash("slow", user=MODERATOR_ID)
        webhook = f"/webhooks/{fake.application_id}/{interaction['token']}"
        await fake.wait_for_request(
            lambda r: r.path == webhook and r.json["content"] == "and more", TIMEOUT
        )

    (callback,) = fake.interaction_callbacks(interaction)
    assert callback.json == {"type": 5, "data": {"flags": 64}}
    first, second = fake.find_requests("POST", webhook)
    original = fake.interactions[interaction["token"]].original
    assert original is not None
    assert first.response["id"] == original["id"]  # the first follow-up edited the original
    assert original["content"] == "done"
    assert second.response["id"] != original["id"]
    assert interaction["data"]["guild_id"] == str(GUILD_ID)


async def test_wrong_token_raises_login_failure(fake: FakeDiscord) -> None:
    bot = TinyBot()
    with pytest.raises(discord.LoginFailure):
        await bot.login("not-the-token")
    await bot.close()

    (request,) = fake.requests
    assert (request.method, request.path, request.status) == ("GET", "/users/@me", 401)
    assert request.response == {"message": "401: Unauthorized", "code": 0}
    assert "Authorization" not in request.headers


async def test_gateway_speaks_zlib_stream_and_rejects_a_bad_identify(fake: FakeDiscord) -> None:
    url = f"{fake.gateway_url}?v=10&encoding=json&compress=zlib-stream"
    inflater = zlib.decompressobj()
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        frame = await ws.receive(timeout=TIMEOUT)
        assert frame.type is aiohttp.WSMsgType.BINARY
        assert frame.data.endswith(b"\x00\x00\xff\xff")
        hello = json.loads(inflater.decompress(frame.data))
        assert hello == {"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}

        await ws.send_json({"op": 1, "d": None})
        ack = json.loads(inflater.decompress((await ws.receive(timeout=TIMEOUT)).data))
        assert ack["op"] == 11

        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0, "properties": {}}})
        closed = await ws.receive(timeout=TIMEOUT)
        assert closed.type is aiohttp.WSMsgType.CLOSE
        assert ws.close_code == 4004
    assert fake.identifies == []


async def test_unknown_routes_get_a_recorded_json_404(fake: FakeDiscord) -> None:
    bot = TinyBot()
    await bot.login(TOKEN)
    try:
        with pytest.raises(discord.NotFound) as unknown_path:
            await bot.http.request(Route("GET", "/no/such/{x}", x=1))
        with pytest.raises(discord.NotFound) as unrouted_method:
            await bot.http.request(Route("GET", "/channels/{channel_id}/typing", channel_id=1))
    finally:
        await bot.close()
    assert unknown_path.value.text == unrouted_method.value.text == "404: Not Found"
    assert [(r.path, r.status) for r in fake.requests[-2:]] == [
        ("/no/such/1", 404),
        ("/channels/1/typing", 404),
    ]


async def test_two_shards_split_the_guilds(fake: FakeDiscord) -> None:
    bots = [TinyBot(shard_id=i, shard_count=2) for i in range(2)]
    async with running(bots[0]), running(bots[1]):
        identifies = await fake.wait_until_identified(2, TIMEOUT)
        assert sorted(i.shard for i in identifies) == [(0, 2), (1, 2)]
        owner = (GUILD_ID >> 22) % 2
        assert [b.get_guild(GUILD_ID) is not None for b in bots] == [owner == 0, owner == 1]

        mark = len(fake.requests)
        await fake.message_create(CHANNEL_ID, "!echo sharded")
        await fake.wait_for_request(lambda r: r.method == "POST", TIMEOUT, after=mark)
        assert [len(b.seen) for b in bots] == [int(owner == 0), int(owner == 1)]


async def test_reconnect_resumes_the_session(fake: FakeDiscord) -> None:
    async with running(TinyBot()) as bot:
        await fake.reconnect()
        (resume,) = await fake.wait_until_resumed(1, TIMEOUT)
        assert resume["session_id"] == fake.identifies[0].session_id
        await fake.message_create(CHANNEL_ID, "!echo again")
        await fake.wait_for_request(lambda r: r.method == "POST", TIMEOUT)
        assert len(fake.identifies) == 1
        assert bot.seen[-1].content == "!echo again"


async def _read_port(port_file: Path, proc: asyncio.subprocess.Process) -> int:
    async with asyncio.timeout(TIMEOUT):
        while not port_file.exists():
            if proc.returncode is not None:
                pytest.fail(f"server exited with {proc.returncode}")
            await asyncio.sleep(0.02)
    return int(port_file.read_text())


async def test_subprocess_mode(tmp_path: Path) -> None:
    port_file, record = tmp_path / "port", tmp_path / "requests.jsonl"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fakediscord.server",
        "--port-file",
        str(port_file),
        "--token",
        TOKEN,
        "--record",
        str(record),
        cwd=REPO_ROOT,
    )
    try:
        port = await _read_port(port_file, proc)
        with patch_discord_urls(port):
            async with running(TinyBot()) as bot, aiohttp.ClientSession() as http:
                assert bot.get_guild(GUILD_ID) is not None
                control = f"http://127.0.0.1:{port}/_fake"
                body = {"channel_id": CHANNEL_ID, "content": "!echo sub", "author": USER_ID}
                async with http.post(f"{control}/message_create", json=body) as resp:
                    assert resp.status == 200
                async with asyncio.timeout(TIMEOUT):
                    while not any(r["method"] == "POST" for r in _read_jsonl(record)):
                        await asyncio.sleep(0.02)
                async with http.get(f"{control}/identifies") as resp:
                    assert len(await resp.json()) == 1
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), TIMEOUT) == 0

    posts = [r for r in _read_jsonl(record) if r["method"] == "POST"]
    assert posts[0]["path"] == f"/channels/{CHANNEL_ID}/messages"
    assert posts[0]["json"]["content"] == f"<@{USER_ID}> said sub"
    assert all("Authorization" not in r["headers"] for r in _read_jsonl(record))


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    *complete, _partial = path.read_text().split("\n")  # the writer may be mid-line
    return [json.loads(line) for line in complete]
