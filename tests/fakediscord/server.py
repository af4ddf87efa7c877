"""A small in-memory Discord (REST v10 + gateway) server for tests.

The real discord.py client can log in, sync application commands, receive events and send
messages against it, without any network access. See README.md in this package for usage.

Run standalone::

    python -m tests.fakediscord.server --port-file PATH --token TOKEN [--record FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import logging
import re
import secrets
import signal
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, WSMsgType, web

JSON = dict[str, Any]

_log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
DEFAULT_TOKEN = "fake-bot-token"
DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250

# --- Default ids (fixed snowflakes, all from the same point in time) ---------------------------
APPLICATION_ID = 1_190_000_000_000_000_001
BOT_ID = APPLICATION_ID  # a bot user's id equals its application's id on Discord
GUILD_ID = 1_190_000_000_000_000_100
CHANNEL_ID = 1_190_000_000_000_000_200
WATCHED_CHANNEL_ID = 1_190_000_000_000_000_201
USER_ID = 1_190_000_000_000_000_300
MODERATOR_ID = 1_190_000_000_000_000_301
OWNER_ID = 1_190_000_000_000_000_302
MODERATOR_ROLE_ID = 1_190_000_000_000_000_400
BOT_ROLE_ID = 1_190_000_000_000_000_401

# --- Permission bits used by the default guild ---------------------------------------------------
KICK_MEMBERS = 1 << 1
ADMINISTRATOR = 1 << 3
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
SEND_MESSAGES_IN_THREADS = 1 << 38
MODERATE_MEMBERS = 1 << 40
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
MODERATOR_PERMISSIONS = MANAGE_MESSAGES | KICK_MEMBERS | MANAGE_THREADS | MODERATE_MEMBERS

# Message flags / types / interaction callback types used below.
EPHEMERAL = 1 << 6
LOADING = 1 << 7
MESSAGE_DEFAULT, MESSAGE_REPLY, MESSAGE_CHAT_INPUT_COMMAND = 0, 19, 20
CALLBACK_TYPES = {1, 4, 5, 6, 7, 8, 9, 10, 12}

# Keys of a GUILD_CREATE payload that GET /guilds/{id} does not return.
_GATEWAY_ONLY_GUILD_KEYS = frozenset(
    "channels members threads presences voice_states stage_instances guild_scheduled_events"
    " soundboard_sounds joined_at large unavailable member_count".split()
)

_RECORD = web.RequestKey("record", "RecordedRequest")

_MENTION_RE = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")


# --- Payload builders ---------------------------------------------------------------------------


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def snowflake_time_iso(snowflake: int) -> str:
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat()


def build_user(user_id: int, username: str, *, bot: bool = False) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "global_name": None if bot else username.capitalize(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


def build_member(user: JSON, roles: Sequence[int] = ()) -> JSON:
    return {
        "user": user,
        "roles": [str(r) for r in roles],
        "nick": None,
        "avatar": None,
        "joined_at": snowflake_time_iso(int(user["id"])),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }


def build_role(
    role_id: int,
    name: str,
    permissions: int,
    *,
    position: int = 0,
    managed: bool = False,
    bot_id: int | None = None,
) -> JSON:
    role: JSON = {
        "id": str(role_id),
        "name": name,
        "permissions": str(permissions),
        "position": position,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "managed": managed,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if bot_id is not None:
        role["tags"] = {"bot_id": str(bot_id)}
    return role


def build_text_channel(channel_id: int, name: str, guild_id: int, *, position: int = 0) -> JSON:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "permission_overwrites": [],
    }


def build_guild(
    guild_id: int,
    name: str,
    *,
    owner_id: int,
    channels: Sequence[JSON],
    roles: Sequence[JSON],
    members: Sequence[JSON],
    everyone_permissions: int = EVERYONE_PERMISSIONS,
) -> JSON:
    """A GUILD_CREATE payload. The @everyone role (id == guild id) is added automatically."""
    everyone = build_role(guild_id, "@everyone", everyone_permissions)
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [everyone, *roles],
        "channels": list(channels),
        "members": list(members),
        "member_count": len(members),
        "large": False,
        "unavailable": False,
        "joined_at": snowflake_time_iso(guild_id),
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def default_bot_user() -> JSON:
    return build_user(BOT_ID, "citebot", bot=True)


def default_guild() -> JSON:
    """One guild with two text channels, a normal user, a moderator, the owner and the bot."""
    bot = default_bot_user()
    return build_guild(
        GUILD_ID,
        "Test Guild",
        owner_id=OWNER_ID,
        channels=[
            build_text_channel(CHANNEL_ID, "general", GUILD_ID, position=0),
            build_text_channel(WATCHED_CHANNEL_ID, "watched", GUILD_ID, position=1),
        ],
        roles=[
            build_role(MODERATOR_ROLE_ID, "Moderator", MODERATOR_PERMISSIONS, position=2),
            build_role(
                BOT_ROLE_ID,
                "citebot",
                EVERYONE_PERMISSIONS,
                position=1,
                managed=True,
                bot_id=BOT_ID,
            ),
        ],
        members=[
            build_member(bot, [BOT_ROLE_ID]),
            build_member(build_user(USER_ID, "alice")),
            build_member(build_user(MODERATOR_ID, "mod"), [MODERATOR_ROLE_ID]),
            build_member(build_user(OWNER_ID, "owner")),
        ],
    )


def shard_for_guild(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


# --- Records ------------------------------------------------------------------------------------


@dataclass
class RecordedFile:
    field: str
    filename: str | None
    content_type: str | None
    data: bytes

    def to_json(self) -> JSON:
        return {
            "field": self.field,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": len(self.data),
        }


@dataclass
class RecordedRequest:
    """One REST call received by the fake. ``path`` is relative to /api/v10 when under it."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    files: list[RecordedFile] = field(default_factory=list)
    status: int | None = None
    response: Any = None

    def to_json(self) -> JSON:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "json": self.json,
            "headers": self.headers,
            "files": [f.to_json() for f in self.files],
            "status": self.status,
            "response": self.response,
        }


@dataclass
class Identify:
    """An accepted IDENTIFY (``shard`` is ``(shard_id, shard_count)`` or ``None``)."""

    session_id: str
    shard: tuple[int, int] | None
    intents: int | None
    compress: str | None  # the transport compression the client asked for
    payload: JSON


@dataclass
class _Interaction:
    id: int
    token: str
    payload: JSON
    response_type: int | None = None
    original: JSON | None = None
    followups: dict[int, JSON] = field(default_factory=dict)

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])


class _Snowflakes:
    """Monotonic, time-based snowflakes (so discord.py's ``created_at`` is realistic)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        now = (time.time_ns() // 1_000_000 - DISCORD_EPOCH_MS) << 22
        self._last = max(now, self._last + 1)
        return self._last


class _GatewaySession:
    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self.session_id: str | None = None
        self.shard: tuple[int, int] | None = None
        self.seq = 0
        self.ready = False
        self._lock = asyncio.Lock()
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None

    @property
    def shard_id(self) -> int:
        return 0 if self.shard is None else self.shard[0]

    async def send(self, op: int, d: Any, t: str | None = None) -> None:
        # The lock keeps the zlib stream and the frame order in step.
        async with self._lock:
            seq = None
            if op == 0:
                self.seq += 1
                seq = self.seq
            text = json.dumps({"op": op, "d": d, "s": seq, "t": t})
            if self._zlib is None:
                await self.ws.send_str(text)
            else:
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)

    async def dispatch(self, event: str, data: Any) -> None:
        await self.send(0, data, event)


class _ApiError(Exception):
    def __init__(self, status: int, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "code": code}


def _json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py only decodes JSON when Content-Type is exactly "application/json" (no charset).
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _no_content() -> web.Response:
    return web.Response(status=204)


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true"}


# --- The server ---------------------------------------------------------------------------------


class FakeDiscord:
    """A fake Discord API + gateway on 127.0.0.1 (ephemeral port by default)."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        heartbeat_interval: int = DEFAULT_HEARTBEAT_INTERVAL_MS,
        guilds: Sequence[JSON] | None = None,
        bot_user: JSON | None = None,
        application_id: int = APPLICATION_ID,
        application_flags: int = 0,
        shard_count: int = 1,
        max_guilds_per_shard: int | None = None,
        record_path: str | Path | None = None,
    ) -> None:
        self.token = token
        self.host = host
        self.heartbeat_interval = heartbeat_interval
        self.bot_user = bot_user or default_bot_user()
        self.application_id = application_id
        self.application_flags = application_flags
        self.shard_count = shard_count
        # Discord closes a session that would hold more guilds than this with 4011
        self.max_guilds_per_shard = max_guilds_per_shard
        self.record_path = Path(record_path) if record_path else None

        self.guild_id = GUILD_ID
        self.channel_id = CHANNEL_ID
        self.watched_channel_id = WATCHED_CHANNEL_ID
        self.user_id = USER_ID
        self.moderator_id = MODERATOR_ID
        self.moderator_role_id = MODERATOR_ROLE_ID
        self.owner_id = OWNER_ID
        self.bot_id = int(self.bot_user["id"])

        self.guilds: dict[int, JSON] = {}
        self.channels: dict[int, JSON] = {}
        self.users: dict[int, JSON] = {self.bot_id: self.bot_user}
        for guild in [default_guild()] if guilds is None else guilds:
            self.add_guild(guild)

        self.requests: list[RecordedRequest] = []
        self.identifies: list[Identify] = []
        self.resumes: list[JSON] = []
        self.gateway_received: list[JSON] = []
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[str, _Interaction] = {}

        self._port = port
        self._ids = _Snowflakes()
        self._sessions: set[_GatewaySession] = set()
        self._known_sessions: dict[str, tuple[int, int] | None] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None

    # -- lifecycle --

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/", self._gateway)
        self._add_api_routes(app.router)
        self._add_control_routes(app.router)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._port)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for session in list(self._sessions):
            await session.ws.close(code=1001, message=b"server shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def api_base(self) -> str:
        """The value for ``discord.http.Route.BASE``."""
        return f"http://{self.host}:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The value for ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (as a yarl.URL)."""
        return f"ws://{self.host}:{self._port}/"

    # -- configuration --

    def add_guild(self, guild: JSON) -> None:
        """Add a GUILD_CREATE payload (see :func:`build_guild`); sent on the next IDENTIFY."""
        guild_id = int(guild["id"])
        self.guilds[guild_id] = guild
        for channel in guild.get("channels", []):
            self.channels[int(channel["id"])] = {**channel, "guild_id": str(guild_id)}
        for member in guild.get("members", []):
            self.users.setdefault(int(member["user"]["id"]), member["user"])

    def member(self, guild_id: int, user_id: int) -> JSON | None:
        for member in self.guilds[guild_id].get("members", []):
            if int(member["user"]["id"]) == user_id:
                return member
        return None

    def permissions(self, guild_id: int, user_id: int) -> int:
        """Guild-level permissions (channel overwrites are not modelled)."""
        guild = self.guilds[guild_id]
        if int(guild["owner_id"]) == user_id:
            return ALL_PERMISSIONS
        member = self.member(guild_id, user_id)
        role_ids = {str(guild_id), *(member["roles"] if member else [])}
        perms = 0
        for role in guild["roles"]:
            if role["id"] in role_ids:
                perms |= int(role["permissions"])
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    # -- inspection helpers --

    def find_requests(
        self, method: str | None = None, path: str | re.Pattern[str] | None = None
    ) -> list[RecordedRequest]:
        """Recorded requests by method and by exact path or regex (full match)."""
        found = []
        for req in self.requests:
            if method is not None and req.method != method.upper():
                continue
            if isinstance(path, re.Pattern):
                if not path.fullmatch(req.path):
                    continue
            elif path is not None and req.path != path:
                continue
            found.append(req)
        return found

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> RecordedRequest:
        """The first recorded request (from index ``after``) matching ``predicate``."""
        found: list[RecordedRequest] = []

        def check() -> bool:
            found[:] = [r for r in self.requests[after:] if predicate(r)][:1]
            return bool(found)

        def describe() -> str:
            seen = [f"  {r.method} {r.path} -> {r.status}" for r in self.requests[after:]]
            return "a matching request; got:\n" + "\n".join(seen)

        await self._wait(check, timeout, describe)
        return found[0]

    async def wait_until_identified(self, n: int = 1, timeout: float = 5.0) -> list[Identify]:
        """Wait until ``n`` IDENTIFYs were accepted and their READY/GUILD_CREATEs sent."""
        await self._wait(
            lambda: len(self.identifies) >= n and self._ready_sessions() >= n,
            timeout,
            lambda: f"{n} identified session(s); have {len(self.identifies)}",
        )
        return list(self.identifies)

    async def wait_until_resumed(self, n: int = 1, timeout: float = 5.0) -> list[JSON]:
        await self._wait(
            lambda: len(self.resumes) >= n,
            timeout,
            lambda: f"{n} RESUME(s); have {len(self.resumes)}",
        )
        return list(self.resumes)

    def _ready_sessions(self) -> int:
        return sum(1 for s in self._sessions if s.ready)

    async def _wait(
        self, check: Callable[[], bool], timeout: float, describe: Callable[[], str]
    ) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(check), timeout)
            except TimeoutError:
                raise TimeoutError(f"timed out after {timeout}s waiting for {describe()}") from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- injecting gateway events --

    async def dispatch(self, event: str, data: JSON, shard_id: int | None = None) -> int:
        """Send a DISPATCH to the connected, identified sessions; returns how many got it.

        Without ``shard_id`` an event goes where Discord would send it: to the shard owning
        ``data["guild_id"]`` (shard 0 for events without a guild) and to unsharded sessions.
        MESSAGE_CREATE / INTERACTION_CREATE payloads are also remembered, so that replies,
        fetches and interaction callbacks referring to them work.
        """
        if event == "MESSAGE_CREATE":
            self.messages[int(data["id"])] = data
        elif event == "INTERACTION_CREATE":
            self.interactions[data["token"]] = _Interaction(int(data["id"]), data["token"], data)

        delivered = 0
        for session in list(self._sessions):
            if session.ready and not session.ws.closed and self._routes_to(session, data, shard_id):
                with contextlib.suppress(ConnectionError):  # the client is just disconnecting
                    await session.dispatch(event, data)
                    delivered += 1
        if not delivered:
            raise RuntimeError(f"no identified gateway session to receive {event}")
        return delivered

    def _routes_to(self, session: _GatewaySession, data: JSON, shard_id: int | None) -> bool:
        if shard_id is not None:
            return session.shard_id == shard_id
        if session.shard is None:
            return True
        guild_id = data.get("guild_id") if isinstance(data, Mapping) else None
        target = shard_for_guild(int(guild_id), session.shard[1]) if guild_id else 0
        return session.shard_id == target

    async def reconnect(self, shard_id: int | None = None) -> None:
        """Ask sessions to reconnect (op 7); discord.py then RESUMEs on resume_gateway_url."""
        for session in list(self._sessions):
            if shard_id is None or session.shard_id == shard_id:
                await session.send(7, None)

    def build_message(
        self,
        channel_id: int | None = None,
        content: str = "",
        author: int | None = None,
        *,
        mentions: Sequence[int] = (),
        message_reference: int | None = None,
    ) -> JSON:
        """A MESSAGE_CREATE payload from a user (default: the normal user, default channel)."""
        channel_id = channel_id or self.channel_id
        author_id = author or self.user_id
        channel = self._channel(channel_id)
        guild_id = int(channel["guild_id"]) if channel.get("guild_id") else None
        message: JSON = {
            "id": str(self._ids.next()),
            "channel_id": str(channel_id),
            "author": self._user(author_id),
            "content": content,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [self._mention(guild_id, uid) for uid in mentions],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": MESSAGE_DEFAULT,
            "flags": 0,
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
            member = self.member(guild_id, author_id)
            if member is not None:
                message["member"] = {k: v for k, v in member.items() if k != "user"}
        if message_reference is not None:
            self._add_reference(message, {"message_id": str(message_reference)})
        return message

    async def message_create(
        self,
        channel_id: int | None = None,
        content: str = "",
        author: int | None = None,
        *,
        mentions: Sequence[int] = (),
        message_reference: int | None = None,
        shard_id: int | None = None,
    ) -> JSON:
        """Build and dispatch a MESSAGE_CREATE; returns the payload (``payload["id"]``)."""
        message = self.build_message(
            channel_id, content, author, mentions=mentions, message_reference=message_reference
        )
        await self.dispatch("MESSAGE_CREATE", message, shard_id)
        return message

    def build_slash_interaction(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        user: int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
    ) -> JSON:
        """An INTERACTION_CREATE payload for a slash command.

        ``name`` may be "group sub" for subcommands. ``options`` is either raw option dicts or
        ``{name: value}``; with the latter, option types come from the synced command (falling
        back to the Python type), and user/channel/role options get their ``resolved`` data.
        """
        channel_id = channel_id or self.channel_id
        guild_id = guild_id or int(self._channel(channel_id).get("guild_id") or self.guild_id)
        user_id = user or self.user_id
        command_name, *sub_names = name.split()
        command = self._find_command(command_name, guild_id)
        schema: list[JSON] = command.get("options", []) if command else []
        resolved: JSON = {}
        leaf = self._build_options(options, schema, sub_names, guild_id, resolved)
        data: JSON = {
            "id": command["id"] if command else str(self._ids.next()),
            "name": command_name,
            "type": 1,
            "options": leaf,
        }
        if command and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        member = self.member(guild_id, user_id) or build_member(self._user(user_id))
        return {
            "id": str(self._ids.next()),
            "application_id": str(self.application_id),
            "type": 2,
            "token": "itoken-" + secrets.token_urlsafe(24),
            "version": 1,
            "data": data,
            "guild_id": str(guild_id),
            "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
            "channel_id": str(channel_id),
            "channel": self._channel(channel_id),
            "member": {**member, "permissions": str(self.permissions(guild_id, user_id))},
            "app_permissions": str(self.permissions(guild_id, self.bot_id)),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    async def interaction_create_slash(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        user: int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        *,
        shard_id: int | None = None,
    ) -> JSON:
        """Build and dispatch an INTERACTION_CREATE; returns it (``["id"]``, ``["token"]``)."""
        payload = self.build_slash_interaction(name, options, user, guild_id, channel_id)
        await self.dispatch("INTERACTION_CREATE", payload, shard_id)
        return payload

    def interaction_callbacks(self, interaction: JSON | int) -> list[RecordedRequest]:
        """Recorded callback requests for an interaction (payload or id)."""
        iid = interaction if isinstance(interaction, int) else int(interaction["id"])
        prefix = f"/interactions/{iid}/"
        return [
            r
            for r in self.requests
            if r.method == "POST" and r.path.startswith(prefix) and r.path.endswith("/callback")
        ]

    def _build_options(
        self,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        schema: list[JSON],
        sub_names: list[str],
        guild_id: int,
        resolved: JSON,
    ) -> list[JSON]:
        if sub_names:
            sub = next((o for o in schema if o["name"] == sub_names[0]), None)
            sub_type = sub["type"] if sub else (2 if len(sub_names) > 1 else 1)
            inner = self._build_options(
                options, sub.get("options", []) if sub else [], sub_names[1:], guild_id, resolved
            )
            return [{"name": sub_names[0], "type": sub_type, "options": inner}]
        if options is None:
            return []
        if not isinstance(options, Mapping):
            return [dict(o) for o in options]
        types = {o["name"]: o["type"] for o in schema}
        built = []
        for opt_name, value in options.items():
            opt_type = types.get(opt_name) or _python_option_type(value)
            if opt_type in (6, 7, 8, 9):
                self._resolve(opt_type, int(value), guild_id, resolved)
                value = str(value)
            built.append({"name": opt_name, "type": opt_type, "value": value})
        return built

    def _resolve(self, opt_type: int, snowflake: int, guild_id: int, resolved: JSON) -> None:
        if opt_type in (6, 9) and snowflake in self.users:
            resolved.setdefault("users", {})[str(snowflake)] = self.users[snowflake]
            member = self.member(guild_id, snowflake)
            if member is not None:
                partial = {k: v for k, v in member.items() if k != "user"}
                partial["permissions"] = str(self.permissions(guild_id, snowflake))
                resolved.setdefault("members", {})[str(snowflake)] = partial
        if opt_type in (7, 9) and snowflake in self.channels:
            channel = self.channels[snowflake]
            resolved.setdefault("channels", {})[str(snowflake)] = {
                **channel,
                "permissions": str(self.permissions(guild_id, self.bot_id)),
            }
        if opt_type in (8, 9):
            for role in self.guilds[guild_id]["roles"]:
                if int(role["id"]) == snowflake:
                    resolved.setdefault("roles", {})[str(snowflake)] = role

    def _find_command(self, name: str, guild_id: int) -> JSON | None:
        for command in [*self.guild_commands.get(guild_id, []), *self.global_commands]:
            if command["name"] == name and command.get("type", 1) == 1:
                return command
        return None

    def _channel(self, channel_id: int) -> JSON:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise ValueError(f"unknown channel {channel_id}") from None

    def _user(self, user_id: int) -> JSON:
        return self.users.get(user_id) or build_user(user_id, f"user{user_id}")

    def _mention(self, guild_id: int | None, user_id: int) -> JSON:
        mention = dict(self._user(user_id))
        member = self.member(guild_id, user_id) if guild_id else None
        if member is not None:
            mention["member"] = {k: v for k, v in member.items() if k != "user"}
        return mention

    def _add_reference(self, message: JSON, reference: JSON) -> None:
        ref = {
            "type": reference.get("type", 0),
            "message_id": str(reference["message_id"]),
            "channel_id": str(reference.get("channel_id") or message["channel_id"]),
        }
        if message.get("guild_id"):
            ref["guild_id"] = message["guild_id"]
        message["message_reference"] = ref
        message["type"] = MESSAGE_REPLY
        referenced = self.messages.get(int(ref["message_id"]))
        message["referenced_message"] = copy.deepcopy(referenced) if referenced else None

    # -- gateway --

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        if not ws.can_prepare(request).ok:
            return await self._not_found(request)
        await ws.prepare(request)
        session = _GatewaySession(ws, request.query.get("compress"))
        self._sessions.add(session)
        try:
            if request.query.get("encoding", "json") != "json":
                await ws.close(code=4002, message=b"Only encoding=json is supported.")
                return ws
            await session.send(10, {"heartbeat_interval": self.heartbeat_interval})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                await self._on_gateway_message(session, payload)
        finally:
            self._sessions.discard(session)
            await self._notify()
        return ws

    async def _on_gateway_message(self, session: _GatewaySession, payload: JSON) -> None:
        op, d = payload.get("op"), payload.get("d")
        redacted = copy.deepcopy(payload)
        if isinstance(redacted.get("d"), dict) and "token" in redacted["d"]:
            redacted["d"]["token"] = "<redacted>"
        self.gateway_received.append(redacted)
        if op == 1:
            await session.send(11, None)
        elif op == 2:
            await self._identify(session, d)
        elif op == 6:
            await self._resume(session, d)
        elif session.session_id is None:
            await session.ws.close(code=4003, message=b"Not authenticated.")
        elif op == 8:
            await self._request_guild_members(session, d)
        # Other ops (presence and voice state updates) are only recorded.

    async def _identify(self, session: _GatewaySession, d: JSON) -> None:
        if session.session_id is not None:
            await session.ws.close(code=4005, message=b"Already authenticated.")
            return
        if d.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = d.get("shard")
        if shard is not None:
            shard_id, shard_count = shard
            if not 0 <= shard_id < shard_count:
                await session.ws.close(code=4010, message=b"Invalid shard.")
                return
            session.shard = (shard_id, shard_count)
        if self.max_guilds_per_shard is not None and self.max_guilds_per_shard < sum(
                self._session_has_guild(session, gid) for gid in self.guilds):
            await session.ws.close(code=4011, message=b"Sharding required.")
            return
        session.session_id = secrets.token_hex(16)
        self._known_sessions[session.session_id] = session.shard
        self.identifies.append(
            Identify(session.session_id, session.shard, d.get("intents"), session.compress, d)
        )

        guilds = [g for gid, g in self.guilds.items() if self._session_has_guild(session, gid)]
        ready: JSON = {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["fakediscord"],
        }
        if session.shard is not None:
            ready["shard"] = list(session.shard)
        await session.dispatch("READY", ready)
        for guild in guilds:
            await session.dispatch("GUILD_CREATE", guild)
        session.ready = True
        await self._notify()

    def _session_has_guild(self, session: _GatewaySession, guild_id: int) -> bool:
        if session.shard is None:
            return True
        return shard_for_guild(guild_id, session.shard[1]) == session.shard[0]

    async def _resume(self, session: _GatewaySession, d: JSON) -> None:
        if d.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        session_id = d.get("session_id")
        if session_id not in self._known_sessions:
            await session.send(9, False)
            return
        session.session_id = session_id
        session.shard = self._known_sessions[session_id]
        session.seq = d.get("seq") or 0
        self.resumes.append({"session_id": session_id, "seq": d.get("seq")})
        await session.dispatch("RESUMED", {"_trace": ["fakediscord"]})
        session.ready = True
        await self._notify()

    async def _request_guild_members(self, session: _GatewaySession, d: JSON) -> None:
        guild = self.guilds.get(int(d["guild_id"]))
        members = guild.get("members", []) if guild else []
        if d.get("user_ids"):
            wanted = {str(u) for u in d["user_ids"]}
            members = [m for m in members if m["user"]["id"] in wanted]
        elif d.get("query"):
            members = [m for m in members if m["user"]["username"].startswith(d["query"])]
        chunk: JSON = {
            "guild_id": str(d["guild_id"]),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- REST: recording, auth, errors --

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        is_ws = request.headers.get("Upgrade", "").lower() == "websocket"
        if is_ws or request.path.startswith("/_fake/"):
            return await handler(request)

        path = request.path
        if path.startswith(API_PREFIX + "/"):
            path = path[len(API_PREFIX) :]
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        record = RecordedRequest(request.method, path, dict(request.query), None, headers)
        request[_RECORD] = record
        try:
            await self._read_body(request, record)
            if self._needs_auth(request) and not self._authorized(request):
                raise _ApiError(401, "401: Unauthorized")
            response = await handler(request)
        except _ApiError as err:
            response = _json_response(err.body, err.status)
        except Exception as err:
            # A 4xx, not a 5xx: discord.py retries 5xx responses for many seconds.
            _log.exception("fakediscord failed to handle %s %s", request.method, path)
            response = _json_response({"message": f"fakediscord: {err!r}", "code": 0}, 400)
        record.status = response.status
        if isinstance(response, web.Response) and response.body and response.status != 204:
            with contextlib.suppress(ValueError, TypeError):
                record.response = json.loads(response.body)  # type: ignore[arg-type]
        self.requests.append(record)
        self._write_record(record)
        await self._notify()
        return response

    async def _read_body(self, request: web.Request, record: RecordedRequest) -> None:
        """Fill ``record.json`` (and ``record.files`` for multipart, discord.py's file uploads)."""
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):  # nested multipart: ignore
                    continue
                if part.name == "payload_json":
                    record.json = json.loads(await part.text())
                else:
                    data = await part.read(decode=False)
                    content_type = part.headers.get("Content-Type")
                    record.files.append(
                        RecordedFile(part.name or "", part.filename, content_type, bytes(data))
                    )
        elif request.can_read_body:
            raw = await request.read()
            try:
                record.json = json.loads(raw) if raw else None
            except ValueError:
                record.json = raw.decode(errors="replace")

    def _write_record(self, record: RecordedRequest) -> None:
        if self.record_path is not None:
            with self.record_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record.to_json()) + "\n")

    def _needs_auth(self, request: web.Request) -> bool:
        path = request.path
        if not path.startswith(API_PREFIX + "/"):
            return False
        tail = path[len(API_PREFIX) :]
        # Interaction callbacks and interaction webhooks are authorised by their token.
        return not (
            tail == "/gateway"
            or tail.startswith(("/interactions/", f"/webhooks/{self.application_id}/"))
        )

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    async def _not_found(self, request: web.Request) -> web.Response:
        raise _ApiError(404, "404: Not Found")

    # -- REST: routes --

    def _add_api_routes(self, router: web.UrlDispatcher) -> None:
        app = "/applications/{app_id}"
        wh = "/webhooks/{app_id}/{token}"
        routes: list[tuple[str, str, Callable[[web.Request], Any]]] = [
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", app + "/commands", self._get_commands),
            ("PUT", app + "/commands", self._put_commands),
            ("POST", app + "/commands", self._post_command),
            ("GET", app + "/guilds/{guild_id}/commands", self._get_commands),
            ("PUT", app + "/guilds/{guild_id}/commands", self._put_commands),
            ("POST", app + "/guilds/{guild_id}/commands", self._post_command),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("GET", "/channels/{channel_id}/messages", self._get_messages),
            ("POST", "/channels/{channel_id}/messages", self._post_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._patch_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._put_reaction,
            ),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/channels", self._get_guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self._get_guild_roles),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._callback),
            ("POST", wh, self._post_followup),
            ("GET", wh + "/messages/{message_id}", self._get_webhook_message),
            ("PATCH", wh + "/messages/{message_id}", self._patch_webhook_message),
            ("DELETE", wh + "/messages/{message_id}", self._delete_webhook_message),
        ]
        for method, path, handler in routes:
            router.add_route(method, API_PREFIX + path, handler)

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                "url": self.gateway_url,
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _get_me(self, request: web.Request) -> web.Response:
        return _json_response({**self.bot_user, "verified": True, "mfa_enabled": False, "email": None})

    async def _get_user(self, request: web.Request) -> web.Response:
        user_id = int(request.match_info["user_id"])
        if user_id not in self.users:
            raise _ApiError(404, "Unknown User", 10013)
        return _json_response(self.users[user_id])

    async def _create_dm(self, request: web.Request) -> web.Response:
        recipient = int(request[_RECORD].json["recipient_id"])
        channel_id = self._ids.next()
        channel = {
            "id": str(channel_id),
            "type": 1,
            "last_message_id": None,
            "recipients": [self._user(recipient)],
        }
        self.channels[channel_id] = channel
        return _json_response(channel)

    async def _get_application(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                "id": str(self.application_id),
                "name": self.bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": self.application_flags,
                "owner": self._user(OWNER_ID),
                "team": None,
                "bot": self.bot_user,
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "tags": [],
            }
        )

    # application commands

    def _check_app(self, request: web.Request) -> None:
        if request.match_info["app_id"] != str(self.application_id):
            raise _ApiError(404, "Unknown Application", 10002)

    def _command_list(self, request: web.Request) -> list[JSON]:
        self._check_app(request)
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return self.global_commands
        if int(guild_id) not in self.guilds:
            raise _ApiError(403, "Missing Access", 50001)
        return self.guild_commands.setdefault(int(guild_id), [])

    def _store_command(self, request: web.Request, existing: list[JSON], body: JSON) -> JSON:
        if not isinstance(body, dict) or not body.get("name"):
            raise _ApiError(400, "Invalid Form Body", 50035)
        kind = body.get("type", 1)
        old = next((c for c in existing if c["name"] == body["name"] and c["type"] == kind), None)
        command: JSON = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **body,
            "id": old["id"] if old else str(self._ids.next()),
            "application_id": str(self.application_id),
            "type": kind,
            "version": str(self._ids.next()),
        }
        if "guild_id" in request.match_info:
            command["guild_id"] = request.match_info["guild_id"]
        return command

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json_response(self._command_list(request))

    async def _put_commands(self, request: web.Request) -> web.Response:
        existing = self._command_list(request)
        body = request[_RECORD].json
        if not isinstance(body, list):
            raise _ApiError(400, "Invalid Form Body", 50035)
        new = [self._store_command(request, existing, c) for c in body]
        existing[:] = new
        return _json_response(new)

    async def _post_command(self, request: web.Request) -> web.Response:
        existing = self._command_list(request)
        command = self._store_command(request, existing, request[_RECORD].json)
        existing[:] = [c for c in existing if c["id"] != command["id"]] + [command]
        return _json_response(command, 201)

    # channels and messages

    def _rest_channel(self, request: web.Request) -> JSON:
        channel = self.channels.get(int(request.match_info["channel_id"]))
        if channel is None:
            raise _ApiError(404, "Unknown Channel", 10003)
        return channel

    def _rest_message(self, request: web.Request) -> JSON:
        channel = self._rest_channel(request)
        message = self.messages.get(int(request.match_info["message_id"]))
        if message is None or message["channel_id"] != channel["id"]:
            raise _ApiError(404, "Unknown Message", 10008)
        return message

    async def _get_channel(self, request: web.Request) -> web.Response:
        return _json_response(self._rest_channel(request))

    async def _get_messages(self, request: web.Request) -> web.Response:
        channel = self._rest_channel(request)
        limit = int(request.query.get("limit", 50))
        found = [m for m in self.messages.values() if m["channel_id"] == channel["id"]]
        if "before" in request.query:
            found = [m for m in found if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            found = [m for m in found if int(m["id"]) > int(request.query["after"])]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return _json_response(found[:limit])

    async def _get_message(self, request: web.Request) -> web.Response:
        return _json_response(self._rest_message(request))

    async def _post_message(self, request: web.Request) -> web.Response:
        channel = self._rest_channel(request)
        record: RecordedRequest = request[_RECORD]
        message = self._bot_message(int(channel["id"]), record.json or {}, record.files)
        self.messages[int(message["id"])] = message
        return _json_response(message)

    async def _patch_message(self, request: web.Request) -> web.Response:
        message = self._rest_message(request)
        if message["author"]["id"] != str(self.bot_id):
            raise _ApiError(403, "Cannot edit a message authored by another user", 50005)
        record: RecordedRequest = request[_RECORD]
        self._edit_message(message, record.json or {}, record.files)
        return _json_response(message)

    async def _delete_message(self, request: web.Request) -> web.Response:
        message = self._rest_message(request)
        del self.messages[int(message["id"])]
        return _no_content()

    async def _put_reaction(self, request: web.Request) -> web.Response:
        self._rest_message(request)
        return _no_content()

    async def _typing(self, request: web.Request) -> web.Response:
        self._rest_channel(request)
        return _no_content()

    # guilds

    def _rest_guild(self, request: web.Request) -> JSON:
        guild = self.guilds.get(int(request.match_info["guild_id"]))
        if guild is None:
            raise _ApiError(404, "Unknown Guild", 10004)
        return guild

    async def _get_guild(self, request: web.Request) -> web.Response:
        guild = self._rest_guild(request)
        return _json_response({k: v for k, v in guild.items() if k not in _GATEWAY_ONLY_GUILD_KEYS})

    async def _get_guild_channels(self, request: web.Request) -> web.Response:
        return _json_response(self._rest_guild(request)["channels"])

    async def _get_guild_roles(self, request: web.Request) -> web.Response:
        return _json_response(self._rest_guild(request)["roles"])

    async def _get_member(self, request: web.Request) -> web.Response:
        guild = self._rest_guild(request)
        member = self.member(int(guild["id"]), int(request.match_info["user_id"]))
        if member is None:
            raise _ApiError(404, "Unknown Member", 10007)
        return _json_response(member)

    # interactions

    def _interaction(self, request: web.Request) -> _Interaction:
        interaction = self.interactions.get(request.match_info["token"])
        if "interaction_id" in request.match_info:
            if interaction is None or str(interaction.id) != request.match_info["interaction_id"]:
                raise _ApiError(404, "Unknown interaction", 10062)
        else:
            self._check_webhook_app(request)
            if interaction is None:
                raise _ApiError(404, "Unknown Webhook", 10015)
        return interaction

    def _check_webhook_app(self, request: web.Request) -> None:
        if request.match_info["app_id"] != str(self.application_id):
            raise _ApiError(404, "Unknown Webhook", 10015)

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request)
        if interaction.response_type is not None:
            raise _ApiError(400, "Interaction has already been acknowledged.", 40060)
        record: RecordedRequest = request[_RECORD]
        body = record.json or {}
        cb_type = body.get("type")
        if cb_type not in CALLBACK_TYPES:
            raise _ApiError(400, "Invalid Form Body", 50035)
        interaction.response_type = cb_type
        data = body.get("data") or {}

        message = None
        if cb_type == 4:
            message = self._bot_message(
                interaction.channel_id, data, record.files, interaction=interaction
            )
        elif cb_type == 5:
            loading = {"content": "", "flags": LOADING | (data.get("flags", 0) & EPHEMERAL)}
            message = self._bot_message(interaction.channel_id, loading, [], interaction=interaction)
        elif cb_type == 7 and "message" in interaction.payload:
            message = interaction.payload["message"]
            self._edit_message(message, data, record.files)
        if message is not None and cb_type in (4, 5):
            interaction.original = message
            self.messages[int(message["id"])] = message

        if not _truthy(request.query.get("with_response")):
            return _no_content()
        flags = message.get("flags", 0) if message else 0
        response: JSON = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.payload["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": cb_type == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
        }
        if message is not None:
            response["resource"] = {"type": cb_type, "message": message}
        return _json_response(response)

    def _webhook_message(self, request: web.Request, interaction: _Interaction) -> JSON:
        message_id = request.match_info["message_id"]
        if message_id == "@original":
            message = interaction.original
        else:
            message = interaction.followups.get(int(message_id))
            if message is None and interaction.original and interaction.original["id"] == message_id:
                message = interaction.original
        if message is None:
            raise _ApiError(404, "Unknown Message", 10008)
        return message

    async def _post_followup(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request)
        if interaction.response_type is None:
            raise _ApiError(404, "Unknown Webhook", 10015)
        record: RecordedRequest = request[_RECORD]
        body = record.json or {}
        original = interaction.original
        if original is not None and original.get("flags", 0) & LOADING:
            # Discord: the first follow-up after a deferred response edits the deferred message.
            self._edit_message(original, body, record.files)
            message = original
        else:
            message = self._bot_message(
                interaction.channel_id, body, record.files, interaction=interaction
            )
            interaction.followups[int(message["id"])] = message
            self.messages[int(message["id"])] = message
        if not _truthy(request.query.get("wait")):
            return _no_content()
        return _json_response(message)

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        return _json_response(self._webhook_message(request, self._interaction(request)))

    async def _patch_webhook_message(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request, self._interaction(request))
        record: RecordedRequest = request[_RECORD]
        self._edit_message(message, record.json or {}, record.files)
        return _json_response(message)

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request)
        message = self._webhook_message(request, interaction)
        if message is interaction.original:
            interaction.original = None
        interaction.followups.pop(int(message["id"]), None)
        self.messages.pop(int(message["id"]), None)
        return _no_content()

    # message helpers

    def _bot_message(
        self,
        channel_id: int,
        body: JSON,
        files: Sequence[RecordedFile],
        *,
        interaction: _Interaction | None = None,
    ) -> JSON:
        channel = self.channels.get(channel_id, {})
        message: JSON = {
            "id": str(self._ids.next()),
            "channel_id": str(channel_id),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(files),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": MESSAGE_DEFAULT,
            "flags": body.get("flags") or 0,
        }
        if channel.get("guild_id"):
            message["guild_id"] = channel["guild_id"]
        if body.get("message_reference"):
            self._add_reference(message, body["message_reference"])
        if interaction is not None:
            user = interaction.payload.get("member", {}).get("user") or interaction.payload["user"]
            message["type"] = MESSAGE_CHAT_INPUT_COMMAND
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.payload["type"],
                "user": user,
                "authorizing_integration_owners": interaction.payload.get(
                    "authorizing_integration_owners", {}
                ),
                "name": interaction.payload.get("data", {}).get("name"),
            }
        self._apply_mentions(message, body.get("allowed_mentions"))
        return message

    def _edit_message(self, message: JSON, body: JSON, files: Sequence[RecordedFile]) -> None:
        if "content" in body:
            message["content"] = body["content"] or ""
        for key in ("embeds", "components"):
            if key in body:
                message[key] = body[key] or []
        if body.get("flags") is not None:
            message["flags"] = body["flags"]
        message["flags"] = message.get("flags", 0) & ~LOADING
        if "attachments" in body:
            keep = {str(a.get("id")) for a in body["attachments"] or []}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        message["attachments"] = message.get("attachments", []) + self._attachments(files)
        message["edited_timestamp"] = now_iso()
        if "content" in body or "allowed_mentions" in body:
            self._apply_mentions(message, body.get("allowed_mentions"))

    def _attachments(self, files: Sequence[RecordedFile]) -> list[JSON]:
        attachments = []
        for f in files:
            attachment_id = self._ids.next()
            url = f"http://{self.host}:{self._port}/attachments/{attachment_id}/{f.filename}"
            attachments.append(
                {
                    "id": str(attachment_id),
                    "filename": f.filename or "file",
                    "size": len(f.data),
                    "url": url,
                    "proxy_url": url,
                    "content_type": f.content_type,
                }
            )
        return attachments

    def _apply_mentions(self, message: JSON, allowed: JSON | None) -> None:
        """Fill mentions like Discord: what the content pings, filtered by allowed_mentions."""
        if allowed is None:  # no allowed_mentions: everything in the content pings
            allowed = {"parse": ["users", "roles", "everyone"], "replied_user": True}
        parse = set(allowed.get("parse", []))
        allowed_users = set(allowed.get("users", []))
        allowed_roles = set(allowed.get("roles", []))
        content = message.get("content") or ""
        guild_id = int(message["guild_id"]) if message.get("guild_id") else None

        user_ids = [
            uid
            for uid in dict.fromkeys(_MENTION_RE.findall(content))
            if "users" in parse or uid in allowed_users
        ]
        referenced = message.get("referenced_message")
        if (
            allowed.get("replied_user", False)
            and referenced
            and referenced["author"]["id"] not in user_ids
        ):
            user_ids.append(referenced["author"]["id"])
        message["mentions"] = [self._mention(guild_id, int(uid)) for uid in user_ids]
        message["mention_roles"] = [
            rid
            for rid in dict.fromkeys(_ROLE_MENTION_RE.findall(content))
            if "roles" in parse or rid in allowed_roles
        ]
        message["mention_everyone"] = "everyone" in parse and (
            "@everyone" in content or "@here" in content
        )

    # -- control API for subprocess mode (not recorded) --

    def _add_control_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/_fake/requests", self._ctl_requests)
        router.add_get("/_fake/identifies", self._ctl_identifies)
        router.add_post("/_fake/dispatch", self._ctl_dispatch)
        router.add_post("/_fake/message_create", self._ctl_message_create)
        router.add_post("/_fake/interaction_create_slash", self._ctl_interaction)

    async def _ctl_requests(self, request: web.Request) -> web.Response:
        return _json_response([r.to_json() for r in self.requests])

    async def _ctl_identifies(self, request: web.Request) -> web.Response:
        return _json_response(
            [
                {"session_id": i.session_id, "shard": i.shard, "intents": i.intents}
                for i in self.identifies
            ]
        )

    async def _ctl_dispatch(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            count = await self.dispatch(body["event"], body["data"], body.get("shard_id"))
        except RuntimeError as err:
            return _json_response({"error": str(err)}, 409)
        return _json_response({"delivered": count})

    async def _ctl_message_create(self, request: web.Request) -> web.Response:
        return await self._ctl_call(request, self.message_create)

    async def _ctl_interaction(self, request: web.Request) -> web.Response:
        return await self._ctl_call(request, self.interaction_create_slash)

    async def _ctl_call(self, request: web.Request, method: Callable[..., Any]) -> web.Response:
        try:
            return _json_response(await method(**(await request.json())))
        except (TypeError, ValueError, RuntimeError) as err:
            return _json_response({"error": str(err)}, 400)


def _python_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


@contextlib.contextmanager
def patch_discord_urls(fake: FakeDiscord | int, host: str = "127.0.0.1") -> Iterator[None]:
    """Point discord.py (in this process) at a fake server; restores the URLs on exit."""
    # Imported here so that the server itself does not depend on discord.py.
    import discord.gateway
    import discord.http
    import yarl

    port = fake.port if isinstance(fake, FakeDiscord) else fake
    old = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    discord.http.Route.BASE = f"http://{host}:{port}{API_PREFIX}"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://{host}:{port}/")
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old


# --- Standalone process -------------------------------------------------------------------------


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fake Discord API + gateway for tests.")
    parser.add_argument("--port-file", required=True, help="write the chosen port here")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the bot token to accept")
    parser.add_argument("--record", help="append received REST calls to this JSON-lines file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default) picks a free port")
    parser.add_argument("--heartbeat-interval", type=int, default=DEFAULT_HEARTBEAT_INTERVAL_MS)
    parser.add_argument("--shards", type=int, default=1, help="shard count for /gateway/bot")
    parser.add_argument("--max-guilds-per-shard", type=int,
                        help="close a session holding more guilds with 4011 (sharding required)")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeDiscord(
        token=args.token,
        host=args.host,
        port=args.port,
        heartbeat_interval=args.heartbeat_interval,
        shard_count=args.shards,
        max_guilds_per_shard=args.max_guilds_per_shard,
        record_path=args.record,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await fake.start()
    try:
        port_file = Path(args.port_file)
        tmp = port_file.with_name(port_file.name + ".tmp")
        tmp.write_text(str(fake.port))
        tmp.replace(port_file)  # atomic: readers never see a partial port
        await stop.wait()
    finally:
        await fake.stop()


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(_serve(_parse_args(argv)))


if __name__ == "__main__":
    main()
