"""The Docker image's files agree with each other and with the code.

Building and running the image is ../shared/tools/docker-smoke's job (it needs podman);
these checks catch, without it, the edits that would break the image.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from bot.config import CONFIG_VARIABLE, load_config
from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
            for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_dependencies_are_installed_before_the_code_is_copied() -> None:
    steps = instructions()
    copies = [args for op, args in steps if op == "COPY"]
    assert copies[0] == "pyproject.toml ./"  # the builder sees pyproject.toml alone
    install = next(i for i, (op, args) in enumerate(steps) if op == "RUN" and "pip install" in args)
    code = next(i for i, (op, args) in enumerate(steps) if op == "COPY" and args.startswith("bot "))
    assert install < code
    assert next(args for op, args in steps if op == "FROM").endswith(" AS builder")
    assert "COPY . ." not in DOCKERFILE


def test_runtime_user_volumes_health_and_command() -> None:
    steps = dict(instructions())  # the last of each instruction: the runtime stage's
    assert steps["USER"] not in ("root", "0")
    assert steps["CMD"] == '["python", "-m", "bot", "run"]'
    assert steps["HEALTHCHECK"].endswith('CMD ["python", "-m", "bot", "health"]')
    env = " ".join(args for op, args in instructions() if op == "ENV")
    assert "PYTHONUNBUFFERED=1" in env and "DISCORD_TOKEN" not in DOCKERFILE


def test_the_image_config_keeps_data_on_the_volumes_and_the_heartbeat_on(tmp_path: Path) -> None:
    steps = instructions()
    env = " ".join(args for op, args in steps if op == "ENV")
    config_path = re.search(rf"{CONFIG_VARIABLE}=(\S+)", env).group(1)
    assert f"docker/config.yaml {config_path}" in [args for op, args in steps if op == "COPY"]
    config = load_config(ROOT / "docker" / "config.yaml")
    volumes = re.findall(r'"([^"]+)"', dict(steps)["VOLUME"])
    assert config.knowledge_dir in volumes
    assert str(PurePosixPath(config.database).parent) in volumes
    assert config.health.heartbeat_file
    # the knowledge volume is seeded from the image's copy of knowledge/
    assert any(args.endswith(f"knowledge {config.knowledge_dir}")
               for op, args in steps if op == "COPY")


def test_dockerignore_keeps_out_what_the_image_does_not_need() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "tests", "config.yaml", "**/__pycache__"} <= ignored
    for needed in ("bot", "knowledge", "docker", "pyproject.toml", "docker/config.yaml"):
        assert needed not in ignored
