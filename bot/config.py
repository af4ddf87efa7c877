"""Configuration: a YAML file (every key optional) into frozen, validated dataclasses.

Unknown keys, keys given twice and wrong types are refused in one line with the key's
dotted name; a wrong value shows as a short preview, never whole. The
Discord token is not configuration: it comes only from the environment
(``DISCORD_TOKEN``) and is wrapped in ``Secret`` so that it never shows in a
repr, a log line or an error.
"""

from __future__ import annotations

import math
import os
import reprlib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from bot import safe_yaml

TOKEN_VARIABLE = "DISCORD_TOKEN"  # noqa: S105 (a variable name, not a secret)
CONFIG_VARIABLE = "CITEBOT_CONFIG"  # the config path when --config is not given
DEFAULT_CONFIG = "config.yaml"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_CONFIG_BYTES = 1_000_000  # a config is a few KB
MAX_DISCORD_ID = 2**64 - 1  # ids are unsigned 64-bit snowflakes


class ConfigError(Exception):
    """A configuration problem, with a message fit to show the person running the bot."""


@dataclass(frozen=True)
class DiscordConfig:
    # guild ids to sync slash commands to (instant); empty: global commands
    sync_guild_ids: tuple[int, ...] = ()
    # channels where every question is answered without a mention
    watch_channel_ids: tuple[int, ...] = ()
    answer_in_dms: bool = True
    # roles whose members may use /kb, besides members with Manage Server
    moderator_role_ids: tuple[int, ...] = ()
    # sharding: None (null) runs one unsharded connection; a number runs that many shards
    shard_count: int | None = None
    # the shards this process serves, each 0 to shard_count - 1; empty: all of them
    shard_ids: tuple[int, ...] = ()
    # seconds between looks at the knowledge stamp in the database, which refreshes in
    # other processes and shell changes write; 0: never look
    knowledge_poll_seconds: float = 30.0


@dataclass(frozen=True)
class AnswersConfig:
    max_excerpts: int = 3  # quotes in one answer (1-5)
    more_excerpts: int = 3  # further quotes behind the "More excerpts" button (0-5)
    search_page_size: int = 3  # passages per page of /search (1-5)
    max_question_length: int = 500  # characters; longer questions are refused politely


@dataclass(frozen=True)
class CooldownConfig:
    questions: int = 4  # questions a user may ask ...
    per_seconds: float = 30.0  # ... within this many seconds


@dataclass(frozen=True)
class RecordsConfig:
    # keep each question (text, time, guild and channel ids, no user ids) for /kb gaps;
    # when off, questions are held in memory only, for follow-ups and buttons
    question_log: bool = True
    # delete logged questions and their feedback after this many days; 0 keeps them
    retention_days: int = 90


@dataclass(frozen=True)
class HealthConfig:
    # a file rewritten every heartbeat_seconds while connected to Discord, for
    # `python -m bot health` (Docker's HEALTHCHECK); empty: no heartbeat
    heartbeat_file: str = ""
    heartbeat_seconds: float = 30.0


@dataclass(frozen=True)
class IngestConfig:
    # A switch for the tests, which serve their pages on 127.0.0.1: true lets `kb add URL`
    # and /kb add url fetch from this machine's loopback addresses. Every other private,
    # link-local, multicast or reserved address stays refused. Keep it false in production.
    allow_private_addresses: bool = False


@dataclass(frozen=True)
class Config:
    knowledge_dir: str = "knowledge"
    database: str = "citebot.sqlite3"
    log_level: str = "INFO"
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    answers: AnswersConfig = field(default_factory=AnswersConfig)
    cooldown: CooldownConfig = field(default_factory=CooldownConfig)
    records: RecordsConfig = field(default_factory=RecordsConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)

    def validate(self) -> Config:
        checks = [
            (self.log_level in LOG_LEVELS, "log_level", f"must be one of {', '.join(LOG_LEVELS)}"),
            (1 <= self.answers.max_excerpts <= 5, "answers.max_excerpts", "must be 1 to 5"),
            (0 <= self.answers.more_excerpts <= 5, "answers.more_excerpts", "must be 0 to 5"),
            (1 <= self.answers.search_page_size <= 5, "answers.search_page_size",
             "must be 1 to 5"),
            (20 <= self.answers.max_question_length <= 4000, "answers.max_question_length",
             "must be 20 to 4000"),
            (self.records.retention_days >= 0, "records.retention_days", "must be 0 or more"),
            (self.cooldown.questions >= 1, "cooldown.questions", "must be at least 1"),
            (self.cooldown.per_seconds > 0, "cooldown.per_seconds", "must be more than 0"),
            (bool(self.knowledge_dir.strip()), "knowledge_dir", "must not be empty"),
            (bool(self.database.strip()), "database", "must not be empty"),
            (0.1 <= self.health.heartbeat_seconds <= 3600, "health.heartbeat_seconds",
             "must be 0.1 to 3600"),
            *_shard_checks(self.discord),
            *_id_checks(self.discord),
            (self.discord.knowledge_poll_seconds == 0
             or 0.5 <= self.discord.knowledge_poll_seconds <= 3600,
             "discord.knowledge_poll_seconds", "must be 0 (off) or 0.5 to 3600"),
        ]
        for ok, key, why in checks:
            if not ok:
                raise ConfigError(f"config: {key} {why}")
        return self


def _shard_checks(discord: DiscordConfig) -> list[tuple[bool, str, str]]:
    count, ids = discord.shard_count, discord.shard_ids
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    outside = [i for i in ids if count is None or not 0 <= i < count]
    return [
        (count is None or count >= 1, "discord.shard_count",
         "must be at least 1, or null for one unsharded connection"),
        (not ids or count is not None, "discord.shard_ids",
         "needs discord.shard_count, the total number of shards"),
        (count is None or not outside, "discord.shard_ids",
         f"must be shard numbers from 0 to {(count or 1) - 1} (discord.shard_count is {count}), "
         f"not {', '.join(map(str, outside))}"),
        (not duplicates, "discord.shard_ids",
         f"lists shard {', '.join(map(str, duplicates))} more than once"),
    ]


def _id_checks(discord: DiscordConfig) -> list[tuple[bool, str, str]]:
    return [(0 < value <= MAX_DISCORD_ID, f"discord.{name}[{i}]",
             f"must be a Discord id (a positive whole number), not {preview(value)}")
            for name in ("sync_guild_ids", "watch_channel_ids", "moderator_role_ids")
            for i, value in enumerate(getattr(discord, name))]


class Secret:
    """A string that never shows itself in repr, str or f-strings."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> typing.NoReturn:
        raise TypeError("a Secret cannot be pickled")


def token_from_environment(environ: typing.Mapping[str, str] | None = None) -> Secret:
    value = (os.environ if environ is None else environ).get(TOKEN_VARIABLE, "").strip()
    if not value:
        raise ConfigError(f"no Discord token: set the environment variable {TOKEN_VARIABLE}")
    return Secret(value)


_PREVIEW = reprlib.Repr()
_PREVIEW.maxlevel, _PREVIEW.maxlist, _PREVIEW.maxdict = 2, 4, 4
_PREVIEW.maxstring = _PREVIEW.maxother = _PREVIEW.maxlong = 40


def preview(value: Any) -> str:
    """A short repr of ``value`` for an error message: never the whole of a large value."""
    return _PREVIEW.repr(value)


def _optional(kind: Any) -> Any:
    """X for ``X | None``, else None."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        rest = [k for k in typing.get_args(kind) if k is not type(None)]
        if len(rest) == 1 and len(typing.get_args(kind)) == 2:
            return rest[0]
    return None


def _type_name(kind: Any) -> str:
    if (inner := _optional(kind)) is not None:
        return f"{_type_name(inner)} or null"
    origin = typing.get_origin(kind)
    if origin is tuple:
        return f"a list of {_type_name(typing.get_args(kind)[0]).removeprefix('a ')}s"
    return {int: "a whole number", float: "a number", bool: "true or false", str: "text"}.get(
        kind, getattr(kind, "__name__", str(kind)))


def _convert(value: Any, kind: Any, key: str) -> Any:
    if (inner := _optional(kind)) is not None:
        if value is None:
            return None
        try:
            return _convert(value, inner, key)
        except ConfigError:
            raise ConfigError(f"config: {key} must be {_type_name(kind)}, "
                              f"not {preview(value)}") from None
    origin = typing.get_origin(kind)
    if origin is tuple:
        if value is None:
            value = []
        if not isinstance(value, list):
            raise ConfigError(f"config: {key} must be {_type_name(kind)}, not {preview(value)}")
        (item,) = typing.get_args(kind)[:1]
        return tuple(_convert(v, item, f"{key}[{i}]") for i, v in enumerate(value))
    if is_dataclass(kind):
        return _build(kind, value, key)
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        # Discord ids are often pasted as strings of digits
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and not math.isfinite(value):
            raise ConfigError(f"config: {key} must be a finite number, not {preview(value)}")
        value = float(value) if ok else value
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise ConfigError(f"config: {key} must be {_type_name(kind)}, not {preview(value)}")
    return value


def _build(cls: type, data: Any, prefix: str = "") -> Any:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"config: {prefix or 'the file'} must be a mapping of keys")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in data:
        if key not in known:
            name = f"{prefix}.{key}" if prefix else str(key)
            name = name if len(name) <= 60 else name[:59] + "…"
            raise ConfigError(f"config: unknown key '{name}' (allowed: {', '.join(sorted(known))})")
    values = {}
    for f in fields(cls):
        name = f"{prefix}.{f.name}" if prefix else f.name
        if f.name in data:
            values[f.name] = _convert(data[f.name], hints[f.name], name)
    return cls(**values)


def parse_config(text: str, source: str = "config") -> Config:
    try:
        data = safe_yaml.load(text)
    except safe_yaml.YamlError as exc:
        if exc.syntax:
            where = f" (line {exc.line})" if exc.line else ""
            raise ConfigError(f"{source}: not valid YAML{where}: {exc.problem}") from None
        where = f" line {exc.line}:" if exc.line else ""
        raise ConfigError(f"{source}:{where} {exc.problem}") from None
    try:
        return _build(Config, data).validate()
    except ConfigError as exc:
        raise ConfigError(str(exc).replace("config:", f"{source}:", 1)) from None


def load_config(path: str | Path | None) -> Config:
    """The configuration at ``path``; built-in defaults when ``path`` is None."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: more than {MAX_CONFIG_BYTES:,} bytes; a config is a few KB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    return parse_config(text, str(path))
