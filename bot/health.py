"""Liveness for supervisors (Docker's HEALTHCHECK, systemd, cron): a heartbeat file.

While the bot is connected to Discord, :class:`Heartbeat` rewrites a small file every
``health.heartbeat_seconds``; when the connection drops it stops, so the file goes stale,
and on a clean shutdown it is removed. ``python -m bot health`` (:func:`cmd_health`) reads
the file's age from another process. No Discord import here: the check starts quickly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.cli_paths import add_options, config_from
from bot.config import ConfigError, HealthConfig

log = logging.getLogger(__name__)

STALE_FACTOR = 3  # the default --max-age: this many heartbeats missed


class Heartbeat:
    """Rewrite ``path`` every ``seconds`` while ``is_alive()`` holds; an async context manager.

    ``is_alive`` is asked about once a second (or every ``seconds`` if shorter), so the file
    appears within a second of connecting and stops changing within a second of a disconnect.
    Leaving the ``async with`` block stops the task and removes the file.
    """

    def __init__(self, path: str | Path, seconds: float, is_alive: Callable[[], bool]) -> None:
        self.path = Path(path)
        self.seconds = seconds
        self.is_alive = is_alive
        self.beats = 0
        self._task: asyncio.Task[None] | None = None
        self._failing = False

    @classmethod
    def from_config(cls, health: HealthConfig, is_alive: Callable[[], bool]) -> Heartbeat | None:
        """The heartbeat the config asks for, or None when ``health.heartbeat_file`` is empty."""
        if not health.heartbeat_file.strip():
            return None
        return cls(health.heartbeat_file, health.heartbeat_seconds, is_alive)

    async def __aenter__(self) -> Heartbeat:
        self.remove()  # a file left by a process that died is not our heartbeat
        self._task = asyncio.create_task(self._run(), name="citebot-heartbeat")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.remove()

    async def _run(self) -> None:
        poll = min(1.0, self.seconds)
        last = float("-inf")
        while True:
            now = time.monotonic()
            if not self.is_alive():
                last = float("-inf")  # beat at once when the connection is back
            elif now - last >= self.seconds:
                self.beat()
                last = now
            await asyncio.sleep(poll)

    def beat(self) -> None:
        """Write the file (atomically: a reader never sees it half written)."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')} pid {os.getpid()}\n",
                                 encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:
            if not self._failing:
                log.warning("cannot write the heartbeat file %s: %s", self.path,
                            exc.strerror or exc)
            self._failing = True
            with contextlib.suppress(OSError):
                temporary.unlink()
            return
        if self._failing:
            log.info("writing the heartbeat file %s again", self.path)
        self._failing = False
        self.beats += 1

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


@dataclass(frozen=True)
class HealthReport:
    healthy: bool
    message: str


def check_heartbeat(path: str | Path, max_age: float, now: float | None = None) -> HealthReport:
    """Healthy when the file at ``path`` was written less than ``max_age`` seconds ago."""
    path = Path(path)
    try:
        written = path.stat().st_mtime
    except FileNotFoundError:
        return HealthReport(False, f"unhealthy: no heartbeat file at {path}: the bot is not "
                                   "running, or not connected to Discord yet")
    except OSError as exc:
        return HealthReport(False, f"unhealthy: cannot read {path}: {exc.strerror or exc}")
    age = max(0.0, (time.time() if now is None else now) - written)
    if age >= max_age:
        return HealthReport(False, f"unhealthy: the heartbeat {path} is {age:.0f} s old "
                                   f"(max {max_age:g} s): the bot is not connected to Discord "
                                   "(or not running)")
    return HealthReport(True, f"healthy: heartbeat {age:.1f} s old (max {max_age:g} s)")


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 when the heartbeat is fresh, else 1 (Docker reserves 2), printing why."""
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"unhealthy: {exc}")
        return 1
    if not config.health.heartbeat_file.strip():
        print("unhealthy: no heartbeat to check: set health.heartbeat_file in the config")
        return 1
    max_age = args.max_age
    if max_age is None:
        max_age = STALE_FACTOR * config.health.heartbeat_seconds
    if max_age <= 0:
        print("unhealthy: --max-age must be more than 0")
        return 1
    report = check_heartbeat(config.health.heartbeat_file, max_age)
    print(report.message)
    return 0 if report.healthy else 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    health = sub.add_parser(
        "health", help="exit 0 if a running bot is connected (its heartbeat file is fresh)",
        description="Check the heartbeat file that a running bot (python -m bot run) rewrites "
                    "while it is connected to Discord. Exit 0 when it is fresher than "
                    "--max-age, 1 otherwise (also when the config is bad or the heartbeat is "
                    "off), printing why. For Docker's HEALTHCHECK and other supervisors.")
    add_options(health, knowledge=False)
    health.add_argument("--max-age", type=float, metavar="SECONDS",
                        help=f"oldest acceptable heartbeat (default: {STALE_FACTOR} x "
                             "health.heartbeat_seconds)")
    health.set_defaults(func=cmd_health)
