"""Discord's markup in what users type: mentions, channels, custom emoji, timestamps."""

from __future__ import annotations

import re

_MARKUP = re.compile(
    r"<@[!&]?\d+>"  # user and role mentions
    r"|<#\d+>"  # channel links
    r"|</[\w -]+:\d+>"  # slash-command mentions
    r"|<a?:\w+:\d+>"  # custom emoji
    r"|<t:-?\d+(?::[tTdDfFR])?>"  # timestamps
    r"|@(?:everyone|here)\b")


def strip_markup(text: str) -> str:
    """The words of a message without Discord's markup, white space folded."""
    return " ".join(_MARKUP.sub(" ", text).split())
