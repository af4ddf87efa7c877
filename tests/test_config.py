"""The config loader: unknown keys, wrong types, ranges, YAML errors, and the token."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import textwrap
from pathlib import Path

import pytest

from bot.config import (
    AnswersConfig,
    Config,
    ConfigError,
    CooldownConfig,
    DiscordConfig,
    Secret,
    load_config,
    parse_config,
    token_from_environment,
)


def parse(text: str) -> Config:
    return parse_config(textwrap.dedent(text))


def refusal(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    message = str(caught.value)
    assert "\n" not in message  # one line, fit for the terminal
    return message


# --- what is accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "# only a comment\n", "discord:\n", "answers: ~\n"])
def test_empty_file_or_sections_give_the_defaults(text: str) -> None:
    assert parse(text) == Config()


def test_no_path_gives_the_defaults() -> None:
    assert load_config(None) == Config()


def test_every_key_is_read() -> None:
    config = parse("""
        knowledge_dir: kb
        database: /var/lib/citebot/db.sqlite3
        log_level: DEBUG
        discord:
          sync_guild_ids: [1, 2]
          watch_channel_ids: [3]
          answer_in_dms: false
          moderator_role_ids: [4]
        answers:
          max_excerpts: 5
          more_excerpts: 0
          search_page_size: 1
          max_question_length: 20
        cooldown:
          questions: 1
          per_seconds: 0.5
    """)
    assert config == Config(
        knowledge_dir="kb", database="/var/lib/citebot/db.sqlite3", log_level="DEBUG",
        discord=DiscordConfig(sync_guild_ids=(1, 2), watch_channel_ids=(3,), answer_in_dms=False,
                              moderator_role_ids=(4,)),
        answers=AnswersConfig(max_excerpts=5, more_excerpts=0, search_page_size=1,
                              max_question_length=20),
        cooldown=CooldownConfig(questions=1, per_seconds=0.5))


def test_ids_given_as_digit_strings_are_accepted() -> None:
    config = parse("""
        discord:
          sync_guild_ids: ["1190000000000000100", 1190000000000000101]
          watch_channel_ids: [" 1190000000000000200 "]
          moderator_role_ids: ['42']
    """)
    assert config.discord.sync_guild_ids == (1190000000000000100, 1190000000000000101)
    assert config.discord.watch_channel_ids == (1190000000000000200,)
    assert config.discord.moderator_role_ids == (42,)


def test_an_empty_list_may_be_left_blank() -> None:
    assert parse("discord:\n  sync_guild_ids:\n").discord.sync_guild_ids == ()


def test_a_whole_number_is_accepted_for_seconds() -> None:
    per_seconds = parse("cooldown:\n  per_seconds: 30\n").cooldown.per_seconds
    assert per_seconds == 30.0
    assert isinstance(per_seconds, float)


def test_the_config_is_frozen() -> None:
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.log_level = "DEBUG"  # type: ignore[misc]


# --- what is refused ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("token: abc\n", "token"),
    ("discord:\n  watch_channels: [1]\n", "discord.watch_channels"),
    ("answers:\n  max_excerpt: 2\n", "answers.max_excerpt"),
    ("cooldown:\n  seconds: 10\n", "cooldown.seconds"),
])
def test_unknown_keys_are_refused_by_their_dotted_name(text: str, key: str) -> None:
    message = refusal(text)
    assert f"unknown key '{key}'" in message
    assert "allowed:" in message


def test_an_unknown_key_message_lists_the_allowed_keys() -> None:
    message = refusal("discord:\n  watch_channels: [1]\n")
    for allowed in ("sync_guild_ids", "watch_channel_ids", "answer_in_dms", "moderator_role_ids"):
        assert allowed in message


@pytest.mark.parametrize(("text", "key", "expected"), [
    ("answers:\n  max_excerpts: three\n", "answers.max_excerpts", "a whole number"),
    ("answers:\n  max_excerpts: true\n", "answers.max_excerpts", "a whole number"),
    ("answers:\n  max_excerpts: 2.5\n", "answers.max_excerpts", "a whole number"),
    ("cooldown:\n  questions: many\n", "cooldown.questions", "a whole number"),
    ("cooldown:\n  per_seconds: soon\n", "cooldown.per_seconds", "a number"),
    ("cooldown:\n  per_seconds: false\n", "cooldown.per_seconds", "a number"),
    ("discord:\n  answer_in_dms: 1\n", "discord.answer_in_dms", "true or false"),
    ("discord:\n  answer_in_dms: 'no'\n", "discord.answer_in_dms", "true or false"),
    ("discord:\n  sync_guild_ids: 1190000000000000100\n", "discord.sync_guild_ids",
     "a list of whole numbers"),
    ("discord:\n  watch_channel_ids: general\n", "discord.watch_channel_ids",
     "a list of whole numbers"),
    ("discord:\n  moderator_role_ids: {a: 1}\n", "discord.moderator_role_ids",
     "a list of whole numbers"),
    ("discord:\n  sync_guild_ids: [1, two]\n", "discord.sync_guild_ids[1]", "a whole number"),
    ("discord:\n  sync_guild_ids: ['-5']\n", "discord.sync_guild_ids[0]", "a whole number"),
    ("knowledge_dir: 5\n", "knowledge_dir", "text"),
    ("log_level: [INFO]\n", "log_level", "text"),
])
def test_wrong_types_are_refused_naming_the_key(text: str, key: str, expected: str) -> None:
    message = refusal(text)
    assert f"{key} must be {expected}, not " in message


@pytest.mark.parametrize(("text", "where"), [
    ("- knowledge_dir: kb\n- database: x\n", "the file"),
    ("just some words\n", "the file"),
    ("42\n", "the file"),
    ("discord: 5\n", "discord"),
    ("answers: [1, 2]\n", "answers"),
    ("cooldown: often\n", "cooldown"),
])
def test_a_mapping_is_required_for_the_file_and_each_section(text: str, where: str) -> None:
    assert f"{where} must be a mapping of keys" in refusal(text)


@pytest.mark.parametrize(("text", "key", "why"), [
    ("answers:\n  max_excerpts: 9\n", "answers.max_excerpts", "must be 1 to 5"),
    ("answers:\n  max_excerpts: 0\n", "answers.max_excerpts", "must be 1 to 5"),
    ("answers:\n  more_excerpts: -1\n", "answers.more_excerpts", "must be 0 to 5"),
    ("answers:\n  search_page_size: 6\n", "answers.search_page_size", "must be 1 to 5"),
    ("answers:\n  max_question_length: 19\n", "answers.max_question_length",
     "must be 20 to 4000"),
    ("answers:\n  max_question_length: 4001\n", "answers.max_question_length",
     "must be 20 to 4000"),
    ("cooldown:\n  questions: 0\n", "cooldown.questions", "must be at least 1"),
    ("cooldown:\n  per_seconds: 0\n", "cooldown.per_seconds", "must be more than 0"),
    ("cooldown:\n  per_seconds: .nan\n", "cooldown.per_seconds", "must be a finite number, not nan"),
    ("cooldown:\n  per_seconds: .inf\n", "cooldown.per_seconds", "must be a finite number, not inf"),
    ("health:\n  heartbeat_seconds: -.inf\n", "health.heartbeat_seconds",
     "must be a finite number, not -inf"),
    ("discord:\n  watch_channel_ids: [-5]\n", "discord.watch_channel_ids[0]",
     "must be a Discord id (a positive whole number), not -5"),
    ("discord:\n  sync_guild_ids: [1, 0]\n", "discord.sync_guild_ids[1]",
     "must be a Discord id (a positive whole number), not 0"),
    ("discord:\n  moderator_role_ids: [18446744073709551616]\n", "discord.moderator_role_ids[0]",
     "must be a Discord id (a positive whole number), not 18446744073709551616"),
    ("log_level: LOUD\n", "log_level", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("log_level: info\n", "log_level", "must be one of"),
    ("knowledge_dir: '  '\n", "knowledge_dir", "must not be empty"),
    ("database: ''\n", "database", "must not be empty"),
])
def test_out_of_range_values_are_refused(text: str, key: str, why: str) -> None:
    assert f"config: {key} {why}" in refusal(text)


def test_invalid_yaml_gives_the_line() -> None:
    message = refusal("""
        log_level: INFO
        discord:
          sync_guild_ids: [1, 2
        answers:
          max_excerpts: 3
    """)
    assert message.startswith("config: not valid YAML (line ")
    line = int(message.split("(line ")[1].split(")")[0])
    assert 4 <= line <= 5  # where the unclosed list is noticed


def test_invalid_yaml_in_a_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("log_level: INFO\nanswers:\n  max_excerpts: [3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.yaml: not valid YAML \(line \d+\)"):
        load_config(path)


def test_a_key_given_twice_is_refused_naming_it_and_both_lines() -> None:
    assert refusal("""
        database: a.sqlite3
        log_level: INFO
        database: b.sqlite3
    """) == "config: duplicate key 'database' (lines 2 and 4): give it once"
    message = refusal("""
        cooldown:
          questions: 3
        log_level: INFO
        cooldown:
          per_seconds: 5
    """)
    assert "duplicate key 'cooldown' (lines 2 and 5)" in message
    message = refusal("cooldown:\n  questions: 3\n  'questions': 4\n")
    assert "duplicate key 'cooldown.questions' (lines 2 and 3)" in message


def test_a_merge_key_is_not_a_duplicate() -> None:
    config = parse("""
        cooldown:
          <<: {questions: 2, per_seconds: 10}
          questions: 3
    """)
    assert config.cooldown == CooldownConfig(questions=3, per_seconds=10.0)


def test_an_alias_bomb_is_refused_before_it_is_expanded() -> None:
    text = ("cooldown:\n  questions: 1\n"
            + "\n".join(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9) if i else 'x, x, x'}]"
                        for i in range(10))
            + "\nrecords:\n  retention_days: *x9\n")
    message = refusal(text)
    assert "more than 10,000 values once aliases are expanded" in message
    assert len(message) < 200


def test_a_few_aliases_are_fine() -> None:
    config = parse("""
        discord:
          sync_guild_ids: &ours [11, 12]
          watch_channel_ids: *ours
    """)
    assert config.discord.watch_channel_ids == (11, 12)


def test_an_alias_that_holds_itself_is_refused() -> None:
    assert "an alias refers to the value that holds it" in refusal(
        "discord:\n  watch_channel_ids: &a [*a]\n")


@pytest.mark.parametrize(("text", "value"), [("1e308", 1e308), ("2.5E-3", 0.0025),
                                             ("3e1", 30.0), ("-1_0.5e+1", -105.0)])
def test_numbers_with_an_exponent_are_numbers(text: str, value: float) -> None:
    if value > 0:
        assert parse(f"cooldown:\n  per_seconds: {text}\n").cooldown.per_seconds == value
    else:  # a number, so the range check speaks, not the type check
        assert "must be more than 0" in refusal(f"cooldown:\n  per_seconds: {text}\n")


def test_a_number_too_large_for_a_float_is_not_finite() -> None:
    assert "cooldown.per_seconds must be a finite number, not inf" in refusal(
        "cooldown:\n  per_seconds: 1e309\n")


@pytest.mark.parametrize("text", [
    "cooldown:\n  per_seconds: [" + ", ".join(["'a long piece of text'"] * 5000) + "]\n",
    "log_level: " + "x" * 100_000 + "\n",
    "answers:\n  " + "k" * 5000 + ": 1\n",
    "cooldown:\n  per_seconds: {" + ", ".join(f"k{i}: [[[[v]]]]" for i in range(100)) + "}\n",
])
def test_a_large_wrong_value_is_shown_as_a_short_preview(text: str) -> None:
    assert len(refusal(text)) < 300


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"# " + b"x" * 2_000_000 + b"\n")
    with pytest.raises(ConfigError, match="more than 1,000,000 bytes"):
        load_config(path)


# --- files --------------------------------------------------------------------------------------


def test_a_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("log_level: WARNING\ncooldown:\n  questions: 9\n", encoding="utf-8")
    config = load_config(str(path))
    assert config == Config(log_level="WARNING", cooldown=CooldownConfig(questions=9))


def test_errors_in_a_file_start_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("discord:\n  watch_channels: [1]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: unknown key 'discord.watch_channels'")


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: config file not found"


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("knowledge_dir: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(latin1)
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(tmp_path)  # a folder


# --- the token ----------------------------------------------------------------------------------

TOKEN = "MTE5MDAwMDAw.secret-value.XYZ"


def test_a_secret_never_shows_its_value() -> None:
    secret = Secret(TOKEN)
    shown = [repr(secret), str(secret), f"{secret}", f"{secret!r}", f"{secret!s}",
             f"{secret:>40}", format(secret, ""), "{}".format(secret),  # noqa: UP032
             "%s" % secret, "%r" % (secret,),  # noqa: UP031
             repr([secret]), repr({"token": secret})]
    for text in shown:
        assert TOKEN not in text
        assert "secret-value" not in text
    assert repr(secret) == "Secret('********')"
    assert secret.reveal() == TOKEN


def test_a_secret_has_no_attributes_to_leak_through() -> None:
    secret = Secret(TOKEN)
    assert not hasattr(secret, "__dict__")
    assert TOKEN not in repr(vars(type(secret)))


@pytest.mark.parametrize("dump", [pickle.dumps, copy.copy, copy.deepcopy],
                         ids=["pickle", "copy", "deepcopy"])
def test_a_secret_cannot_be_pickled_or_copied(dump) -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        dump(Secret(TOKEN))


def test_the_token_comes_from_the_given_mapping() -> None:
    secret = token_from_environment({"DISCORD_TOKEN": f"  {TOKEN}\n"})
    assert isinstance(secret, Secret)
    assert secret.reveal() == TOKEN  # surrounding white space is dropped


@pytest.mark.parametrize("environ", [{}, {"DISCORD_TOKEN": ""}, {"DISCORD_TOKEN": " \t\n"},
                                     {"discord_token": TOKEN}, {"TOKEN": TOKEN}])
def test_a_missing_token_names_the_variable(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as caught:
        token_from_environment(environ)
    assert str(caught.value) == "no Discord token: set the environment variable DISCORD_TOKEN"
    assert TOKEN not in str(caught.value)


def test_a_given_mapping_is_used_instead_of_the_process_environment(monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "from-the-process")
    assert token_from_environment().reveal() == "from-the-process"
    with pytest.raises(ConfigError):
        token_from_environment({})
    assert token_from_environment({"DISCORD_TOKEN": TOKEN}).reveal() == TOKEN
