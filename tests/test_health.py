"""The heartbeat file and `python -m bot health`: fresh, stale, missing, off, and the writer."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main
from bot.config import ConfigError, HealthConfig, parse_config
from bot.health import Heartbeat, check_heartbeat
from tests.conftest import ROOT


def write_config(tmp_path: Path, heartbeat_file: str | None = None,
                 seconds: float = 30) -> Path:
    path = tmp_path / "config.yaml"
    if heartbeat_file is None:
        heartbeat_file = str(tmp_path / "citebot.heartbeat")
    health = {"heartbeat_file": heartbeat_file, "heartbeat_seconds": seconds}
    path.write_text(yaml.safe_dump({"health": health}), encoding="utf-8")
    return path


def age(path: Path, seconds: float) -> None:
    """Make the file look written ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


# --- reading the heartbeat ----------------------------------------------------------------------


def test_check_heartbeat_fresh_stale_missing(tmp_path: Path) -> None:
    beat = tmp_path / "hb"
    missing = check_heartbeat(beat, 90)
    assert not missing.healthy and "no heartbeat file" in missing.message
    beat.write_text("x")
    fresh = check_heartbeat(beat, 90)
    assert fresh.healthy and fresh.message.startswith("healthy:")
    stale = check_heartbeat(beat, 90, now=beat.stat().st_mtime + 91)
    assert not stale.healthy and "91 s old" in stale.message and "max 90 s" in stale.message
    # a clock that runs behind the file's time is not "stale"
    assert check_heartbeat(beat, 90, now=beat.stat().st_mtime - 5).healthy


def test_health_exits_0_when_fresh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path)
    (tmp_path / "citebot.heartbeat").write_text("x")
    assert main(["health", "--config", str(config)]) == 0
    assert capsys.readouterr().out.startswith("healthy: heartbeat")


def test_health_exits_1_when_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, seconds=10)
    beat = tmp_path / "citebot.heartbeat"
    beat.write_text("x")
    age(beat, 25)
    # the default limit is three heartbeats: 25 s is within 30 s
    assert main(["health", "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["health", "--config", str(config), "--max-age", "20"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("unhealthy:") and "max 20 s" in out and "not connected" in out
    age(beat, 31)
    assert main(["health", "--config", str(config)]) == 1
    assert "max 30 s" in capsys.readouterr().out


def test_health_exits_1_when_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path)
    assert main(["health", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "no heartbeat file at" in out and str(tmp_path / "citebot.heartbeat") in out


@pytest.mark.parametrize(("text", "expected"), [
    ("health:\n  heartbeat_file: ''\n", "set health.heartbeat_file"),
    ("health:\n  heartbeat_seconds: 0\n", "health.heartbeat_seconds"),
    ("health:\n  heartbeat: x\n", "unknown key 'health.heartbeat'"),
])
def test_health_exits_1_not_2_when_there_is_nothing_to_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    # Docker reserves exit code 2: a HEALTHCHECK command exits 0 or 1
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    assert main(["health", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("unhealthy:") and expected in out


def test_health_reads_the_config_named_by_citebot_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path)
    (tmp_path / "citebot.heartbeat").write_text("x")
    monkeypatch.setenv("CITEBOT_CONFIG", str(config))
    assert main(["health"]) == 0
    monkeypatch.setenv("CITEBOT_CONFIG", str(tmp_path / "absent.yaml"))
    assert main(["health"]) == 1
    assert "config file not found" in capsys.readouterr().out


def test_health_as_a_process_is_quick_and_loads_no_discord(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    (tmp_path / "citebot.heartbeat").write_text("x")
    program = ("import sys; from bot.__main__ import main; code = main(sys.argv[1:]); "
               "print(any(m == 'discord' or m.startswith('discord.') for m in sys.modules)); "
               "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", program, "health", "--config", str(config)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    first, leaked = result.stdout.splitlines()
    assert first.startswith("healthy:") and leaked == "False"
    result = subprocess.run([sys.executable, "-m", "bot", "health", "--config", str(config),
                             "--max-age", "0.001"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 1 and result.stdout.startswith("unhealthy:")


def test_heartbeat_config() -> None:
    assert parse_config("").health == HealthConfig(heartbeat_file="", heartbeat_seconds=30.0)
    config = parse_config("health:\n  heartbeat_file: run/hb\n  heartbeat_seconds: 5\n")
    assert config.health == HealthConfig("run/hb", 5.0)
    for bad in ("0.05", "3601", "soon"):
        with pytest.raises(ConfigError, match=r"health\.heartbeat_seconds"):
            parse_config(f"health:\n  heartbeat_seconds: {bad}\n")
    assert Heartbeat.from_config(HealthConfig(), lambda: True) is None


# --- writing the heartbeat ----------------------------------------------------------------------


async def wait_until(predicate, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_heartbeat_beats_only_while_alive_and_is_removed_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    path.write_text("left by a process that died")
    alive = False
    async with Heartbeat(path, 0.05, lambda: alive) as heartbeat:
        assert not path.exists()  # the old file is not taken for a live heartbeat
        await asyncio.sleep(0.2)
        assert not path.exists() and heartbeat.beats == 0
        alive = True
        await wait_until(lambda: heartbeat.beats >= 3)
        assert path.read_text().endswith(f" pid {os.getpid()}\n")
        alive = False  # disconnected: the file goes stale
        await asyncio.sleep(0.06)
        stopped_at = heartbeat.beats
        await asyncio.sleep(0.3)
        assert heartbeat.beats == stopped_at
        alive = True  # reconnected: it beats again
        await wait_until(lambda: heartbeat.beats > stopped_at)
        assert path.exists()
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary files left behind


async def test_heartbeat_that_cannot_be_written_warns_once_and_recovers(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "missing-folder" / "hb"
    caplog.set_level(logging.INFO, logger="bot.health")
    async with Heartbeat(path, 0.02, lambda: True) as heartbeat:
        await asyncio.sleep(0.2)
        assert heartbeat.beats == 0
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and str(path) in warnings[0].getMessage()
        path.parent.mkdir()
        await wait_until(lambda: heartbeat.beats >= 1)
    assert any("again" in r.getMessage() for r in caplog.records)
    assert not path.exists()
