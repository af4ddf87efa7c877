"""Where every command finds its config and its knowledge folder: one rule, one place.

- The config: ``--config``, else ``$CITEBOT_CONFIG``, else ``./config.yaml`` if present, else
  the built-in defaults.
- The knowledge folder: ``--knowledge``, else the config's ``knowledge_dir``, else
  ``./knowledge`` (the built-in default of ``knowledge_dir``).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path

from bot.config import CONFIG_VARIABLE, DEFAULT_CONFIG, Config, ConfigError, load_config

CONFIG_RULE = (f"--config, else ${CONFIG_VARIABLE}, else ./{DEFAULT_CONFIG} if it exists, "
               "else the built-in defaults")
KNOWLEDGE_RULE = "--knowledge, else the config's knowledge_dir, else ./knowledge"


def add_options(parser: argparse.ArgumentParser, knowledge: bool = True) -> None:
    """--config, and (for commands that read the knowledge folder) --knowledge."""
    parser.add_argument("--config", metavar="PATH",
                        help=f"YAML config (see config.example.yaml); default: {CONFIG_RULE}")
    if knowledge:
        parser.add_argument("--knowledge", metavar="FOLDER",
                            help=f"the knowledge folder; default: {KNOWLEDGE_RULE}")


def config_path(args: argparse.Namespace) -> str | None:
    """--config, else $CITEBOT_CONFIG, else ./config.yaml if present; None: the defaults."""
    path = getattr(args, "config", None) or os.environ.get(CONFIG_VARIABLE, "").strip() or None
    if path is None and Path(DEFAULT_CONFIG).is_file():
        path = DEFAULT_CONFIG
    return path


def _given_knowledge(args: argparse.Namespace) -> str | None:
    return getattr(args, "knowledge", None) or getattr(args, "path", None)


def config_from(args: argparse.Namespace) -> Config:
    """The config (see config_path), its knowledge_dir replaced by --knowledge if given."""
    config = load_config(config_path(args))
    given = _given_knowledge(args)
    return dataclasses.replace(config, knowledge_dir=given) if given else config


def knowledge_dir(args: argparse.Namespace, config: Config | None = None) -> Path:
    """The knowledge folder by the rule above (the config is read only when --knowledge is
    not given); ConfigError when it is not a folder."""
    given = _given_knowledge(args)
    if given is None:
        given = (config or config_from(args)).knowledge_dir
    folder = Path(given)
    if not folder.is_dir():
        raise ConfigError(f"knowledge folder not found: {folder}")
    return folder
