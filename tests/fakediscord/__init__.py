"""A fake Discord REST + gateway server for tests (see README.md).

Names are imported lazily from :mod:`tests.fakediscord.server`, so that
``python -m tests.fakediscord.server`` does not import the module twice.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakediscord.server import (
        APPLICATION_ID,
        BOT_ID,
        CHANNEL_ID,
        DEFAULT_TOKEN,
        GUILD_ID,
        MODERATOR_ID,
        MODERATOR_ROLE_ID,
        OWNER_ID,
        USER_ID,
        WATCHED_CHANNEL_ID,
        FakeDiscord,
        Identify,
        RecordedFile,
        RecordedRequest,
        build_guild,
        build_member,
        build_role,
        build_text_channel,
        build_user,
        default_guild,
        patch_discord_urls,
    )

__all__ = [
    "APPLICATION_ID",
    "BOT_ID",
    "CHANNEL_ID",
    "DEFAULT_TOKEN",
    "GUILD_ID",
    "MODERATOR_ID",
    "MODERATOR_ROLE_ID",
    "OWNER_ID",
    "USER_ID",
    "WATCHED_CHANNEL_ID",
    "FakeDiscord",
    "Identify",
    "RecordedFile",
    "RecordedRequest",
    "build_guild",
    "build_member",
    "build_role",
    "build_text_channel",
    "build_user",
    "default_guild",
    "patch_discord_urls",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("tests.fakediscord.server"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
