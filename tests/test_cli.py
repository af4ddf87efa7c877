"""The command line, run as a newcomer runs it: python -m bot ..."""

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import KNOWLEDGE, ROOT, article_text

DURAND = "When was the Durand Line drawn?"


def run(*args: str, stdin: str | None = None, cwd=ROOT,
        **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CITEBOT_CONFIG", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, cwd=cwd,
                          env={**environ, **env}, capture_output=True, text=True, timeout=60,
                          check=False)


def test_ask_prints_quotes_and_sources():
    result = run("ask", "When was the Durand Line drawn?")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "British Raj in 1893" in out and "Sources:" in out
    assert "[1]" in out and "paragraph 5" in out and "indiandefensenews.in" in out
    assert "\033[" not in result.stdout  # no colour codes when not writing to a terminal


def test_ask_declines_in_plain_words():
    result = run("ask", "What's the weather in Lahore today?")
    assert result.returncode == 0
    assert "do not cover" in result.stdout and "weather" in result.stdout


def test_ask_json_reads_questions_from_stdin_one_object_a_line():
    result = run("ask", "--json", stdin="When was the Durand Line drawn?\nlol\n\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["When was the Durand Line drawn?", "lol", ""]
    first, second, third = lines
    assert first["answered"] and not second["answered"] and not third["answered"]
    assert set(first["excerpts"][0]) >= {"quote", "article", "title", "paragraph", "url", "score"}
    assert second["excerpts"] == []


def test_ask_follow_up_context():
    result = run("ask", "--json", "--context", "Who was the ISI chief who went to Kabul?",
                 "what did he promise?")
    assert "everything will be okay" in json.loads(result.stdout)["excerpts"][0]["quote"]


def test_kb_check_ok():
    result = run("kb", "check")
    assert result.returncode == 0 and result.stdout.startswith("ok: 1 article(s)")


def test_kb_check_lists_every_problem_and_exits_1(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("no front matter\n")
    (tmp_path / "articles" / "b.md").write_text(article_text("b", colour="red"))
    result = run("kb", "check", str(tmp_path))
    assert result.returncode == 1
    assert "2 problem(s)" in result.stderr
    assert "a.md:1: missing front matter" in result.stderr
    assert "b.md:9: colour: unknown key" in result.stderr


def test_kb_stats_shows_annotations():
    result = run("kb", "stats", "--json")
    stats = json.loads(result.stdout)
    assert stats["articles"] == 1 and stats["passages by role"]["pull_quote"] == 3
    assert stats["entities mentioned"]["ttp"] >= 5 and "1893" in stats["years"]
    assert "topics" in stats and stats["glossary"]["entities"] > 30


def test_kb_list():
    result = run("kb", "list")
    assert result.stdout.startswith("pakistan-disillusioned-with-taliban\t2023-11\t15 passages")


def test_help_everywhere():
    for args in ((), ("ask",), ("kb",), ("kb", "check")):
        result = run(*args, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_missing_knowledge_folder_is_a_clear_error(tmp_path):
    result = run("ask", "--knowledge", str(tmp_path / "nope"), "hi")
    assert result.returncode == 2 and "knowledge folder not found" in result.stderr


def test_broken_knowledge_folder_is_a_clear_error(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_bytes(b"---\nid: a\n---\n\n\xff\n")
    result = run("ask", "--knowledge", str(tmp_path), "hi")
    assert result.returncode == 2 and "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_kb_stats_json_keys_are_clean():
    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)

    stats = json.loads(run("kb", "stats", "--json").stdout)
    assert all(key == key.strip() for key in keys(stats))
    assert stats["glossary"]["entities by type"]["person"] >= 1


# --- where the knowledge folder comes from ---------------------------------------------------


@pytest.fixture
def other_folder(tmp_path):
    """A knowledge folder with one more article than ./knowledge, and a config naming it."""
    folder = tmp_path / "elsewhere"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "articles" / "extra.md").write_text(article_text("extra"), encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"knowledge_dir": str(folder)}), encoding="utf-8")
    return folder, config


def listed(result) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {line.split("\t")[0] for line in result.stdout.splitlines()}


def test_every_command_takes_the_knowledge_folder_from_the_config(other_folder, tmp_path):
    _, config = other_folder
    both = {"extra", "pakistan-disillusioned-with-taliban"}
    assert listed(run("kb", "list", "--config", str(config))) == both
    assert listed(run("kb", "list", CITEBOT_CONFIG=str(config))) == both
    assert listed(run("kb", "list", cwd=tmp_path)) == both  # ./config.yaml
    assert run("kb", "check", "--config", str(config)).stdout.startswith("ok: 2 article(s)")
    stats = json.loads(run("kb", "stats", "--json", "--config", str(config)).stdout)
    assert stats["articles"] == 2
    answer = json.loads(run("ask", "--json", "--config", str(config),
                            stdin="What does the first paragraph say?\n").stdout)
    assert answer["excerpts"][0]["article"] == "extra"


def test_knowledge_option_wins_over_the_config_and_the_old_positional_path_works(other_folder):
    folder, config = other_folder
    seed_only = {"pakistan-disillusioned-with-taliban"}
    assert listed(run("kb", "list", "--config", str(config), "--knowledge", str(KNOWLEDGE))) \
        == seed_only
    assert listed(run("kb", "list", str(folder))) == seed_only | {"extra"}
    assert listed(run("kb", "list")) == seed_only  # no config anywhere: ./knowledge


def test_a_bad_config_is_one_line_for_every_command(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("database: a\ndatabase: b\n", encoding="utf-8")
    for args in (("ask", "hi"), ("kb", "list"), ("kb", "check"), ("kb", "stats"),
                 ("kb", "gaps"), ("kb", "remove", "x", "--yes")):
        result = run(*args, "--config", str(config))
        assert result.returncode == 2, args
        assert result.stderr == (f"error: {config}: duplicate key 'database' (lines 1 and 2): "
                                 "give it once\n"), args


def test_help_states_the_knowledge_rule():
    rule = "--knowledge, else the config's knowledge_dir, else ./knowledge"
    for args in ((), ("ask",), ("kb", "check"), ("kb", "list"), ("kb", "stats"), ("kb", "add"),
                 ("kb", "remove"), ("kb", "gaps"), ("run",)):
        out = " ".join(run(*args, "--help").stdout.split())
        assert rule in out, args


# --- pipes and colour ------------------------------------------------------------------------


@pytest.mark.parametrize("json_lines", [True, False], ids=["json", "text"])
def test_a_reader_that_goes_away_ends_ask_quietly(json_lines: bool):
    """`python -m bot ask ... | head -1`: the second answer meets a closed pipe."""
    args = [sys.executable, "-m", "bot", "ask", *(["--json"] if json_lines else [])]
    process = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    process.stdin.write(DURAND + "\n")
    process.stdin.flush()
    assert process.stdout.readline()  # the first line of the first answer
    process.stdout.close()  # the reader is gone
    try:
        process.stdin.write((DURAND + "\n") * 20)
        process.stdin.close()
    except BrokenPipeError:
        pass
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == ""


def ask_on_a_terminal(**env: str) -> str:
    """``ask`` with its standard output on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "ask", DURAND], cwd=ROOT,
                               stdout=follower, stderr=subprocess.PIPE, env={**environ, **env})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode()


def test_ask_is_bold_on_a_terminal_unless_no_color_is_set():
    assert "\033[1m" in ask_on_a_terminal()
    plain = ask_on_a_terminal(NO_COLOR="1")
    assert "1893" in plain and "\033[" not in plain
    assert "\033[1m" in ask_on_a_terminal(NO_COLOR="")  # set but empty: no effect
