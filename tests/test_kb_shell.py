"""The moderators' shell commands, run as a moderator runs them: python -m bot kb add/remove/gaps.

Each test works on a copy of the shipped knowledge folder and a database in tmp_path, named
by a config file given with --config.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.kb.articles import parse_article
from bot.store import Store
from tests.conftest import KNOWLEDGE, NEW_ARTICLE, ROOT, article_text

SEED = "pakistan-disillusioned-with-taliban"
LOGIN = "kb-test-moderator"


@dataclass
class Setup:
    tmp: Path
    knowledge: Path
    database: Path
    config: Path

    @property
    def articles(self) -> Path:
        return self.knowledge / "articles"

    def kb(self, *args: str, stdin: str | None = None,
           config: Path | None = None) -> subprocess.CompletedProcess[str]:
        """python -m bot kb ARGS --config CONFIG (no --config for list and check)."""
        extra = [] if args[0] in ("list", "check") else ["--config", str(config or self.config)]
        return subprocess.run(
            [sys.executable, "-m", "bot", "kb", *args, *extra], input=stdin, cwd=ROOT,
            capture_output=True, text=True, timeout=60, check=False,
            env={**os.environ, "LOGNAME": LOGIN, "PYTHONIOENCODING": "utf-8"})

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.tmp / "uploads" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def folder(self) -> dict[str, bytes]:
        """Every file of the knowledge folder, with its bytes."""
        return {str(p.relative_to(self.knowledge)): p.read_bytes()
                for p in sorted(self.knowledge.rglob("*")) if p.is_file()}

    def audit(self) -> list[tuple[str, str, str | None]]:
        """(actor, action, detail) of the audit log, oldest first."""
        store = Store(self.database)
        try:
            return [(e.actor, e.action, e.detail) for e in reversed(store.audit(100))]
        finally:
            store.close()


def outcome(stdout: str) -> str:
    """What `kb add` printed after its preview: from the line saying what it did."""
    lines = stdout.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(("added ", "replaced ")))
    return "".join(lines[start:])


@pytest.fixture
def setup(tmp_path) -> Setup:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    database = tmp_path / "data" / "citebot.sqlite3"
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"knowledge_dir": str(knowledge),
                                      "database": str(database)}), encoding="utf-8")
    return Setup(tmp_path, knowledge, database, config)


def no_leftovers(setup: Setup) -> bool:
    return not list(setup.knowledge.rglob(".upload-*"))


# --- kb add ----------------------------------------------------------------------------------

def test_add_an_article_then_list_check_and_audit(setup):
    raw = article_text("torkham-crossing", """
        Trucks queued for days at the Torkham crossing.

        The border was closed again in the spring.
    """, title="'Torkham: the crossing'").encode()
    upload = setup.write("torkham.md", raw)

    result = setup.kb("add", "--yes", str(upload))
    assert result.returncode == 0, result.stderr
    target = setup.articles / "torkham-crossing.md"
    assert outcome(result.stdout).startswith(f"added torkham-crossing -> {target}\n")
    assert "ok: 2 article(s)" in result.stdout and "/kb refresh" in result.stdout
    assert target.read_bytes() == raw
    assert no_leftovers(setup)
    assert setup.audit() == [(f"shell:{LOGIN}", "added", "torkham-crossing (torkham.md)")]
    assert "Running bots load it within 30 s" in result.stdout
    store = Store(setup.database)
    stamp = store.stamp()  # running bots poll it and load the new version
    store.close()
    assert (stamp.by, stamp.origin) == (f"shell:{LOGIN}", "shell")
    assert f"(version {stamp.version})" in result.stdout

    listed = setup.kb("list", str(setup.knowledge))
    assert listed.returncode == 0, listed.stderr
    lines = {line.split("\t")[0]: line.split("\t") for line in listed.stdout.splitlines()}
    assert set(lines) == {SEED, "torkham-crossing"}
    assert lines["torkham-crossing"][1:] == ["2024-01-02", "2 passages", "Torkham: the crossing"]

    checked = setup.kb("check", str(setup.knowledge))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 2 article(s)")


def test_add_a_malformed_file_lists_every_problem_and_writes_nothing(setup):
    before = setup.folder()
    upload = setup.write("bad.md", article_text("Bad ID", "", date="soon", colour="red"))
    result = setup.kb("add", "--yes", str(upload))
    assert result.returncode == 1
    assert result.stdout == ""
    err = result.stderr
    assert err.startswith("error: bad.md was not added; nothing was written:\n")
    assert "  bad.md:2: id: must be lower-case letters" in err
    assert "  bad.md:6: date: must be YYYY, YYYY-MM or YYYY-MM-DD" in err
    assert "  bad.md:9: colour: unknown key" in err
    assert "  bad.md:11: the article has no body paragraphs" in err
    assert setup.folder() == before
    assert no_leftovers(setup)
    assert not setup.database.exists()  # nothing audited either

    not_utf8 = setup.write("latin.md", article_text("latin").encode().replace(b"first", b"f\xefrst"))
    result = setup.kb("add", "--yes", str(not_utf8))
    assert result.returncode == 1
    assert "latin.md:11: not valid UTF-8" in result.stderr
    assert setup.folder() == before


def test_a_duplicate_id_is_refused_unless_replace(setup):
    seed = setup.articles / f"{SEED}.md"
    original = seed.read_bytes()
    raw = article_text(SEED, "A corrected text.", title="Corrected").encode()
    upload = setup.write("corrected.md", raw)

    refused = setup.kb("add", "--yes", str(upload))
    assert refused.returncode == 1
    assert f"corrected.md:2: id: an article with id '{SEED}' already exists" in refused.stderr
    assert "add it with --replace to overwrite it" in refused.stderr  # the shell's flag
    assert seed.read_bytes() == original
    assert not setup.database.exists()

    replaced = setup.kb("add", "--yes", str(upload), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert outcome(replaced.stdout).startswith(f"replaced {SEED} -> {seed}\n")
    assert "ok: 1 article(s)" in replaced.stdout
    assert seed.read_bytes() == raw
    assert sorted(p.name for p in setup.articles.iterdir()) == [f"{SEED}.md"]
    assert setup.audit() == [(f"shell:{LOGIN}", "replaced", f"{SEED} (corrected.md)")]


def test_add_a_text_file_with_its_details(setup):
    upload = setup.write("notes.txt", "The first paragraph\nwraps.\n\nThe second paragraph.\n")
    before = setup.folder()

    missing = setup.kb("add", "--yes", str(upload))
    assert missing.returncode == 2
    assert "--title, --publication, --date, --url" in missing.stderr
    partly = setup.kb("add", "--yes", str(upload), "--title", "T", "--date", "2024")
    assert partly.returncode == 2
    assert "needs --publication, --url (write unknown" in partly.stderr
    assert setup.folder() == before

    title = "Pakistan's Dilemma: \"2024\""
    result = setup.kb("add", "--yes", str(upload), "--title", title, "--publication", "Dawn",
                      "--date", "2024-01", "--url", "https://example.org/dilemma")
    assert result.returncode == 0, result.stderr
    assert outcome(result.stdout).startswith("added pakistans-dilemma-2024 -> ")
    target = setup.articles / "pakistans-dilemma-2024.md"
    article = parse_article(target.read_bytes(), str(target))
    assert (article.title, article.publication, article.author, article.date, article.url) == (
        title, "Dawn", "unknown", "2024-01", "https://example.org/dilemma")
    assert [p.text for p in article.paragraphs] == ["The first paragraph wraps.",
                                                    "The second paragraph."]
    assert setup.audit() == [(f"shell:{LOGIN}", "added", "pakistans-dilemma-2024 (notes.txt)")]


def test_add_refuses_other_files_and_files_it_cannot_read(setup):
    before = setup.folder()
    exe = setup.kb("add", "--yes", str(setup.write("article.exe", b"MZ")))
    assert exe.returncode == 2
    assert "give a link, or a .md, .txt, .html, .htm or .pdf file" in exe.stderr
    pdf = setup.kb("add", "--yes", str(setup.write("article.pdf", b"%PDF-1.4")))
    assert pdf.returncode == 1
    assert "the PDF cannot be read" in pdf.stderr
    gone = setup.kb("add", "--yes", str(setup.tmp / "no-such-file.md"))
    assert gone.returncode == 2
    assert "no-such-file.md: cannot be read" in gone.stderr
    assert setup.folder() == before
    assert not setup.database.exists()


# --- kb remove -------------------------------------------------------------------------------

def test_remove(setup):
    (setup.articles / "Extra File.md").write_text(article_text("extra"), encoding="utf-8")
    before = setup.folder()

    unconfirmed = setup.kb("remove", "extra", stdin="y\n")  # stdin is not a terminal
    assert unconfirmed.returncode == 2
    assert "add --yes" in unconfirmed.stderr
    unknown = setup.kb("remove", "no-such-article", "--yes")
    assert unknown.returncode == 1
    assert "nothing was removed" in unknown.stderr
    assert "no article has the id 'no-such-article'" in unknown.stderr
    assert setup.folder() == before
    assert not setup.database.exists()

    removed = setup.kb("remove", "extra", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.startswith(f"removed extra ({setup.articles / 'Extra File.md'})\n")
    assert "ok: 1 article(s)" in removed.stdout
    assert sorted(p.name for p in setup.articles.iterdir()) == [f"{SEED}.md"]
    assert setup.audit() == [(f"shell:{LOGIN}", "removed", "extra")]


# --- kb gaps ---------------------------------------------------------------------------------

def test_gaps_groups_the_declined_and_voted_down_questions(setup):
    store = Store(setup.database)
    try:
        for question in ("Who funds the TTP?", "who is funding the ttp", "Who funds the TTP?"):
            store.log_question(kind="chat", question=question, answered=False,
                               reason="not_covered")
        store.log_question(kind="ask", question="What is the capital of Peru?", answered=False,
                           reason="not_covered")
        voted = store.log_question(kind="chat", question="When was the Durand Line drawn?",
                                   answered=True)
        store.add_feedback(voted, -1)
        liked = store.log_question(kind="chat", question="Who is Faiz Hameed?", answered=True)
        store.add_feedback(liked, 1)
        store.log_question(kind="chat", question="hello there", answered=False,
                           reason="small_talk")
        store.log_question(kind="search", question="kabul", answered=False, reason="not_covered")
        for _ in range(2):
            store.log_question(kind="chat", question="An old question about Chitral?",
                               answered=False, reason="not_covered")
    finally:
        store.close()
    db = sqlite3.connect(setup.database)
    with db:
        db.execute("UPDATE questions SET asked_at = asked_at - 10 * 86400 WHERE question LIKE"
                   " 'An old question%'")
    (newest,) = db.execute("SELECT MAX(asked_at) FROM questions").fetchone()
    db.close()

    result = setup.kb("gaps", "--days", "7")
    assert result.returncode == 0, result.stderr
    today = time.strftime("%Y-%m-%d", time.gmtime(newest))
    assert result.stdout.splitlines() == [
        "1. Who funds the TTP?",
        f"   asked 3, declined 3, thumbs down 0, 2 wording(s), last {today}",
        "2. When was the Durand Line drawn?",
        f"   asked 1, declined 0, thumbs down 1, 1 wording(s), last {today}",
        "3. What is the capital of Peru?",
        f"   asked 1, declined 1, thumbs down 0, 1 wording(s), last {today}",
    ]

    # 30 days reach the old question (asked twice); the limit leaves out the least asked
    longer = setup.kb("gaps", "--days", "30", "--limit", "3")
    assert longer.returncode == 0, longer.stderr
    assert longer.stdout.splitlines()[::2] == ["1. Who funds the TTP?",
                                               "2. When was the Durand Line drawn?",
                                               "3. An old question about Chitral?"]


def test_gaps_on_an_empty_database(setup):
    missing = setup.kb("gaps", "--days", "7")
    assert missing.returncode == 0 and missing.stdout.startswith("no database at ")
    Store(setup.database).close()
    result = setup.kb("gaps", "--days", "7")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "no declined or thumbs-down questions in the last 7 day(s)\n"


# --- config and help -------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "config", "named"), [
    (["add", "x.md"], {"colour": "red"}, "unknown key 'colour'"),
    (["remove", SEED, "--yes"], {"records": {"keep": True}}, "unknown key 'records.keep'"),
    (["gaps"], {"database": 7}, "database must be text"),
])
def test_a_bad_config_exits_2_naming_the_key(setup, command, config, named):
    bad = setup.tmp / "bad.yaml"
    bad.write_text(yaml.safe_dump({"knowledge_dir": str(setup.knowledge), **config}),
                   encoding="utf-8")
    upload = setup.write("x.md", article_text("x"))
    before = setup.folder()
    args = [str(upload) if a == "x.md" else a for a in command]
    result = setup.kb(*args, config=bad)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {bad}: ")
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert setup.folder() == before


@pytest.mark.parametrize(("command", "options"), [
    ("add", ["FILE", "--replace", "--title", "--publication", "--date", "--url", "--author",
             "--id", "--config"]),
    ("remove", ["ID", "--yes", "--config"]),
    ("gaps", ["--days", "--limit", "--config"]),
])
def test_help_of_each_shell_command(command, options):
    result = subprocess.run([sys.executable, "-m", "bot", "kb", command, "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m bot kb {command}")
    for option in options:
        assert option in result.stdout


# --- the audit log -------------------------------------------------------------------------------

def test_a_database_that_cannot_record_the_change_stops_it(setup):
    setup.database.parent.mkdir()
    setup.database.write_text("not a database\n")
    before = setup.folder()
    upload = setup.write("chitral.md", NEW_ARTICLE)
    for args in (("add", str(upload)), ("remove", SEED, "--yes")):
        result = setup.kb(*args)
        assert result.returncode == 2
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"error: database {setup.database}: is not a SQLite database")
        assert "--no-audit makes the change without recording it" in line
    assert setup.folder() == before
    assert setup.database.read_text() == "not a database\n"


def test_no_audit_makes_the_change_and_says_it_was_not_recorded(setup):
    setup.database.parent.mkdir()
    setup.database.mkdir()  # a folder where the database should be
    upload = setup.write("chitral.md", NEW_ARTICLE)

    added = setup.kb("add", str(upload), "--no-audit", "--yes")
    assert added.returncode == 0, added.stderr
    assert "\nadded chitral-floods -> " in added.stdout
    assert "Run /kb refresh in Discord to serve it." in added.stdout
    assert added.stderr == ("note: not recorded in the audit log, and running bots were not "
                            "told (--no-audit)\n")
    assert (setup.articles / "chitral-floods.md").read_text() == NEW_ARTICLE

    removed = setup.kb("remove", "chitral-floods", "--yes", "--no-audit")
    assert removed.returncode == 0, removed.stderr
    assert "(--no-audit)" in removed.stderr
    assert not (setup.articles / "chitral-floods.md").exists()
    assert list(setup.database.iterdir()) == []


def test_a_change_to_a_missing_knowledge_folder_is_refused(setup, tmp_path):
    upload = setup.write("chitral.md", NEW_ARTICLE)
    result = setup.kb("add", str(upload), "--knowledge", str(tmp_path / "typo"))
    assert result.returncode == 2
    assert result.stderr == f"error: knowledge folder not found: {tmp_path / 'typo'}\n"
    assert not (tmp_path / "typo").exists() and not setup.database.exists()
