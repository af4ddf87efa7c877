"""The knowledge folder under bad conditions: a folder the bot cannot write, files that are
not files, two adds at once, an empty folder, control characters, stop-word aliases,
symbolic links that leave the folder, and one way of counting passages."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from bot.kb import KnowledgeError, build_knowledge_base
from bot.kb.glossary import parse_glossary
from bot.kb.ingest.extract import from_html
from bot.kb.library import add_article, remove_article
from tests.botsim import World, make_bot
from tests.conftest import KNOWLEDGE, NEW_ARTICLE, ROOT, article_text

SEED = "pakistan-disillusioned-with-taliban"


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` made unwritable, for root too (whom permissions do not stop): the
    immutable attribute where chattr exists."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.geteuid() == 0:
            if shutil.which("chattr") is None or subprocess.run(
                    ["chattr", "+i", str(folder)], capture_output=True, check=False).returncode:
                pytest.skip("running as root without chattr: cannot make a folder read-only")
            immutable = True
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o755)


def run(*args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture
def config(tmp_path, folder) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"knowledge_dir": str(folder),
                                    "database": str(tmp_path / "citebot.sqlite3")}))
    return path


# --- a folder the bot cannot write ---------------------------------------------------------

def test_an_unwritable_folder_is_one_line_naming_it(folder) -> None:
    articles = folder / "articles"
    with read_only(articles):
        with pytest.raises(KnowledgeError) as added:
            add_article(folder, NEW_ARTICLE.encode(), "chitral.md")
        with pytest.raises(KnowledgeError) as removed:
            remove_article(folder, SEED)
    for caught in (added, removed):
        (problem,) = caught.value.problems
        assert str(problem).startswith(f"{articles}: cannot change the knowledge folder: "
                                       "the bot cannot write there")
    assert sorted(p.name for p in articles.iterdir()) == [f"{SEED}.md"]


def test_the_shell_says_so_without_a_traceback(tmp_path, folder, config) -> None:
    upload = tmp_path / "chitral.md"
    upload.write_text(NEW_ARTICLE, encoding="utf-8")
    with read_only(folder / "articles"):
        added = run("kb", "add", str(upload), "--yes", "--config", str(config))
        removed = run("kb", "remove", SEED, "--yes", "--config", str(config))
    for result in (added, removed):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"{folder / 'articles'}: cannot change the knowledge folder" in result.stderr
    assert (folder / "articles" / f"{SEED}.md").is_file()


async def test_kb_add_in_discord_says_so(world: World, folder) -> None:
    world.configure(discord={"moderator_role_ids": (world.moderator_role.id,)})
    kb_id = next(c.id for c in await world.bot.tree.fetch_commands() if c.name == "kb")
    world.guild.set_command_permissions(kb_id, {world.moderator_role: True})
    preview = await world.moderator.slash(world.general, "kb add",
                                          file=("chitral.md", NEW_ARTICLE.encode()))
    with read_only(folder / "articles"):
        result = await world.moderator.click(preview.response.message, label="Add")
    text = result.response.content
    assert "was not added; nothing was written" in text
    assert "cannot change the knowledge folder" in text and "articles" in text
    assert world.bot.service.kb.articles.keys() == {SEED}


@pytest.fixture
def simcord_bot(folder, tmp_path):
    bot = make_bot(build_knowledge_base(folder), tmp_path / "citebot.sqlite3")
    yield bot
    bot.store.close()


# --- files that are not article files -------------------------------------------------------

def test_kb_add_checks_the_size_before_reading(tmp_path, config) -> None:
    device = run("kb", "add", "/dev/urandom", "--yes", "--config", str(config), timeout=30)
    assert device.returncode == 2
    assert "error: give a link, or a .md" in device.stderr  # not even opened
    link = tmp_path / "random.md"
    link.symlink_to("/dev/urandom")
    endless = run("kb", "add", str(link), "--yes", "--config", str(config), timeout=30)
    assert endless.returncode == 2 and "not a regular file" in endless.stderr
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)  # opening it to read would wait for a writer forever
    piped = run("kb", "add", str(pipe), "--yes", "--config", str(config), timeout=30)
    assert piped.returncode == 2 and "not a regular file" in piped.stderr
    huge = tmp_path / "huge.md"
    with huge.open("wb") as out:
        out.truncate(2 * 1024**3)  # 2 GB, sparse: reading it would take a while
    big = run("kb", "add", str(huge), "--yes", "--config", str(config), timeout=30)
    assert big.returncode == 2 and "2,147,483,648 bytes; the limit is 524,288" in big.stderr


def test_a_huge_file_in_the_folder_is_refused_unread(folder) -> None:
    with (folder / "articles" / "huge.md").open("wb") as out:
        out.truncate(1024**3)
    with pytest.raises(KnowledgeError, match="1,073,741,824 bytes"):
        build_knowledge_base(folder)


# --- two adds at once ----------------------------------------------------------------------

def test_two_adds_of_the_same_id_at_once_cannot_both_succeed(folder) -> None:
    results: list[str] = []
    start = threading.Barrier(8)

    def add(n: int) -> None:
        start.wait()
        try:
            add_article(folder, article_text("same", f"Text number {n}.").encode(), f"{n}.md")
            results.append("added")
        except KnowledgeError as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("added") == 1, results
    assert all("already exists" in r or "another change" in r for r in results if r != "added")
    assert not list((folder / "articles").glob(".upload-*"))
    build_knowledge_base(folder)  # one file with that id


def test_two_shell_adds_at_once(tmp_path, folder, config) -> None:
    uploads = []
    for n in range(2):
        upload = tmp_path / f"same-{n}.md"
        upload.write_text(article_text("same", f"Text number {n}."), encoding="utf-8")
        uploads.append(upload)
    processes = [subprocess.Popen([sys.executable, "-m", "bot", "kb", "add", str(u), "--yes",
                                   "--config", str(config)], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for u in uploads]
    codes = sorted(p.wait(timeout=120) for p in processes)
    for p in processes:
        p.stdout.close()
        p.stderr.close()
    assert codes == [0, 1]
    assert len(build_knowledge_base(folder).articles) == 2


# --- an empty folder, no glossary ------------------------------------------------------------

def test_an_empty_folder_and_a_missing_glossary_are_warnings(tmp_path) -> None:
    empty = tmp_path / "empty"
    (empty / "articles").mkdir(parents=True)
    checked = run("kb", "check", str(empty))
    assert checked.returncode == 0
    assert f"warning: no articles in {empty / 'articles'}" in checked.stderr
    assert f"warning: no glossary at {empty / 'glossary.yaml'}" in checked.stderr
    asked = run("ask", "--knowledge", str(empty), "When was the Durand Line drawn?")
    assert asked.returncode == 0 and "warning: no articles in" in asked.stderr
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"knowledge_dir": str(empty),
                                      "database": str(tmp_path / "db.sqlite3")}))
    checked = subprocess.run([sys.executable, "-m", "bot", "run", "--check", "--config",
                              str(config)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                             check=False, env={**os.environ, "DISCORD_TOKEN": "x.y.z"})
    assert "warning: no articles in" in checked.stderr
    assert "warning: no glossary at" in checked.stderr


def test_a_folder_with_a_glossary_has_no_warning() -> None:
    checked = run("kb", "check", str(KNOWLEDGE))
    assert checked.returncode == 0 and "warning" not in checked.stderr


# --- control characters, stop-word aliases ------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "code"), [
    (article_text("bell", title="A \x07 bell"), 3, "U+0007"),
    (article_text("escape", body="Red \x1b[31mtext\x1b[0m here."), 11, "U+001B"),
    (article_text("c1", body="First.\n\nA next-line\x85character."), 13, "U+0085"),
])
def test_control_characters_are_refused(make_folder, text, line, code) -> None:
    folder = make_folder({"a.md": text})
    with pytest.raises(KnowledgeError) as caught:
        build_knowledge_base(folder)
    (problem,) = caught.value.problems
    assert problem.line == line and code in problem.message
    with pytest.raises(KnowledgeError, match="control character"):
        add_article(folder, text.encode(), "again.md")


def test_extracted_text_loses_its_control_characters() -> None:
    page = ("<html><body><article><p>" + "Word " * 30 + "with a \x07bell and a \x1b escape."
            "</p></article></body></html>").encode()
    (paragraph,) = from_html(page).paragraphs
    assert "\x07" not in paragraph and "\x1b" not in paragraph


@pytest.mark.parametrize("alias", ["the", "Of", "and"])
def test_a_stop_word_alias_is_refused(alias) -> None:
    glossary = f"entities:\n  - id: x\n    name: Some Group\n    type: group\n    aliases: [{alias}]\n"
    with pytest.raises(KnowledgeError) as caught:
        parse_glossary(glossary.encode(), "glossary.yaml")
    assert f"alias '{alias}' is a common word (a stop word)" in str(caught.value)


def test_an_acronym_in_capitals_may_be_a_stop_word() -> None:
    glossary = ("entities:\n  - id: isis\n    name: Islamic State\n    type: group\n"
                "    aliases: [IS]\n")
    assert parse_glossary(glossary.encode(), "glossary.yaml").entities["isis"].aliases == ("IS",)


# --- symbolic links -------------------------------------------------------------------------------

def test_a_symlink_that_leaves_the_folder_is_refused(tmp_path, folder) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(article_text("secret", body="Not for the bot."), encoding="utf-8")
    (folder / "articles" / "inside-link.md").symlink_to(folder / "articles" / f"{SEED}.md")
    with pytest.raises(KnowledgeError):  # a link inside is fine: here a duplicate id
        build_knowledge_base(folder)
    (folder / "articles" / "inside-link.md").unlink()
    (folder / "articles" / "secret.md").symlink_to(outside)
    with pytest.raises(KnowledgeError) as caught:
        build_knowledge_base(folder)
    (problem,) = caught.value.problems
    assert problem.file.endswith("secret.md") and "leaves the knowledge folder" in problem.message

    (folder / "articles" / "secret.md").unlink()
    (folder / "glossary.yaml").rename(tmp_path / "glossary.yaml")
    (folder / "glossary.yaml").symlink_to(tmp_path / "glossary.yaml")
    with pytest.raises(KnowledgeError, match=r"glossary\.yaml: a symbolic link that leaves"):
        build_knowledge_base(folder)


def test_an_articles_folder_that_is_a_link_outside_is_refused(tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(KNOWLEDGE / "articles", elsewhere)
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "articles").symlink_to(elsewhere)
    with pytest.raises(KnowledgeError, match="articles: a symbolic link that leaves"):
        build_knowledge_base(folder)


# --- one way of counting passages ----------------------------------------------------------------

def test_every_command_counts_passages_the_same_way(tmp_path, folder, config) -> None:
    kb = build_knowledge_base(KNOWLEDGE)
    quotable, pulls = kb.searchable_count, len(kb.passages) - kb.searchable_count
    assert pulls > 0  # the seed has pull quotes: the two counts differ
    label = f"{quotable} passages ({pulls} pull quote(s) left out)"
    assert label in run("kb", "check", str(KNOWLEDGE)).stdout
    listed = run("kb", "list", str(KNOWLEDGE)).stdout
    assert f"\t{quotable} passages\t" in listed
    stats = json.loads(run("kb", "stats", "--json", str(KNOWLEDGE)).stdout)
    assert stats["passages"] == quotable and stats["passages by role"]["pull_quote"] == pulls
    checked = subprocess.run([sys.executable, "-m", "bot", "run", "--check", "--config",
                              str(config)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                             check=False, env={**os.environ, "DISCORD_TOKEN": "x.y.z"})
    assert f"{quotable} passages" in checked.stdout
    upload = tmp_path / "chitral.md"
    upload.write_text(NEW_ARTICLE, encoding="utf-8")
    added = run("kb", "add", str(upload), "--yes", "--config", str(config))
    assert f"{quotable + 2} passages ({pulls} pull quote(s) left out)" in added.stdout
