"""The command line, run as a newcomer runs it: python -m bot ..."""

import json
import subprocess
import sys

from tests.conftest import ROOT, article_text


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


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
