"""Run citebot's command line against the fake Discord server (tests only).

``python -m tests.launch_bot run --config PATH``, from the repository root, with the
environment variable ``CITEBOT_FAKE_DISCORD_PORT`` set to the port of a running
:class:`tests.fakediscord.FakeDiscord`. discord.py's REST and gateway URLs are pointed at
127.0.0.1 on that port before ``bot.__main__.main`` runs; the bot itself is not changed.
"""

from __future__ import annotations

import os
import sys

PORT_VARIABLE = "CITEBOT_FAKE_DISCORD_PORT"


def main() -> int:
    port = os.environ.get(PORT_VARIABLE, "").strip()
    if not port.isdigit():
        print(f"error: set {PORT_VARIABLE} to the fake Discord server's port", file=sys.stderr)
        return 2

    from bot.__main__ import main as bot_main
    from tests.fakediscord import patch_discord_urls

    with patch_discord_urls(int(port)):
        return bot_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
