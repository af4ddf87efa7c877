"""Changing the knowledge folder (bot/kb/library.py) and grouping gaps (bot/kb/gaps.py),
on real files in tmp_path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot.kb import build_knowledge_base
from bot.kb.articles import is_safe_id, parse_article
from bot.kb.errors import KnowledgeError
from bot.kb.gaps import group_gaps
from bot.kb.library import (
    MAX_ARTICLE_BYTES,
    add_article,
    remove_article,
    slug,
    text_to_markdown,
    validate_upload,
)
from bot.kb.text import Tokenizer
from bot.store import GapRow
from tests.conftest import article_text


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder``, with the bytes of the files."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".upload-*"))


@pytest.fixture
def folder(make_folder) -> Path:
    return make_folder({"first.md": article_text("first", "The first article's text.")})


# --- add and replace -------------------------------------------------------------------------

def test_add_writes_exactly_the_uploaded_bytes(folder):
    raw = article_text("second", "Line one.\r\nStill line one.\r\n\r\nA second paragraph. \u2014 \u00e9",
                       title="'Colon: and quotes'").encode("utf-8")
    change = add_article(folder, raw, "upload.md")
    target = folder / "articles" / "second.md"
    assert change.action == "added"
    assert change.path == target
    assert change.article.id == "second"
    assert change.article.title == "Colon: and quotes"
    assert target.read_bytes() == raw
    assert leftovers(folder) == []
    assert set(build_knowledge_base(folder).articles) == {"first", "second"}


def test_add_creates_the_articles_folder_when_missing(tmp_path):
    raw = article_text("fresh").encode()
    change = add_article(tmp_path / "knowledge", raw, "fresh.md")
    assert change.action == "added"
    assert (tmp_path / "knowledge" / "articles" / "fresh.md").read_bytes() == raw


def test_the_same_id_again_is_refused_and_nothing_changes(folder):
    before = snapshot(folder)
    with pytest.raises(KnowledgeError) as caught:
        add_article(folder, article_text("first", "Another text.").encode(), "again.md")
    (problem,) = caught.value.problems
    assert problem.file == "again.md" and problem.field == "id" and problem.line == 2
    assert "an article with id 'first' already exists (first.md)" in problem.message
    assert "replace" in problem.message
    assert snapshot(folder) == before
    assert leftovers(folder) == []


def test_replace_overwrites_the_article_with_that_id(folder):
    raw = article_text("first", "The corrected text.").encode()
    change = add_article(folder, raw, "corrected.md", replace=True)
    assert change.action == "replaced"
    assert change.path == folder / "articles" / "first.md"
    assert (folder / "articles" / "first.md").read_bytes() == raw
    assert sorted(p.name for p in (folder / "articles").iterdir()) == ["first.md"]
    assert leftovers(folder) == []


def test_replace_overwrites_the_existing_file_even_under_another_name(make_folder):
    folder = make_folder({"Old Name.md": article_text("kept-id", "Old text.")})
    raw = article_text("kept-id", "New text.").encode()
    change = add_article(folder, raw, "kept-id.md", replace=True)
    assert change.action == "replaced"
    assert change.path == folder / "articles" / "Old Name.md"
    assert (folder / "articles" / "Old Name.md").read_bytes() == raw
    # no second file with the same id: the folder still builds
    assert sorted(p.name for p in (folder / "articles").iterdir()) == ["Old Name.md"]
    assert [p.text for p in build_knowledge_base(folder).passages_of("kept-id")] == ["New text."]


def test_replace_of_a_new_id_just_adds_it(folder):
    change = add_article(folder, article_text("brand-new").encode(), "b.md", replace=True)
    assert change.action == "added"
    assert (folder / "articles" / "brand-new.md").is_file()


def test_a_file_named_for_the_id_that_holds_another_article_is_not_overwritten(make_folder):
    folder = make_folder({"taken.md": article_text("something-else", "Other.")})
    before = snapshot(folder)
    for replace in (False, True):
        with pytest.raises(KnowledgeError) as caught:
            add_article(folder, article_text("taken").encode(), "taken.md", replace=replace)
        assert "taken.md exists but holds another article" in str(caught.value)
        assert snapshot(folder) == before


def test_a_broken_file_in_the_folder_does_not_block_other_adds(make_folder):
    folder = make_folder({"broken.md": "no front matter\n"})
    change = add_article(folder, article_text("fine").encode(), "fine.md")
    assert change.action == "added"
    assert (folder / "articles" / "broken.md").read_text() == "no front matter\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_files_are_readable_as_the_umask_allows_and_replace_keeps_the_mode(folder):
    old = os.umask(0o022)
    try:
        change = add_article(folder, article_text("readable").encode(), "r.md")
        assert stat.S_IMODE(change.path.stat().st_mode) == 0o644  # not mkstemp's 0600
        change.path.chmod(0o640)
        again = add_article(folder, article_text("readable", "New.").encode(), "r.md",
                            replace=True)
        assert stat.S_IMODE(again.path.stat().st_mode) == 0o640
    finally:
        os.umask(old)


# --- bad uploads -----------------------------------------------------------------------------

def _bad_uploads() -> list[tuple[str, bytes, str, str | None, int | None]]:
    """(case, bytes, words of the problem, field, line)."""
    good = article_text("bad").encode()
    return [
        ("too big", article_text("bad", "word " * (MAX_ARTICLE_BYTES // 5 + 1)).encode(),
         f"the limit is {MAX_ARTICLE_BYTES:,}", None, None),
        ("not UTF-8", good.replace(b"A first paragraph.", b"A caf\xe9 paragraph."),
         "not valid UTF-8", None, 11),
        ("no front matter", b"Just a paragraph of text.\n", "missing front matter", None, 1),
        ("front matter not closed", b"---\nid: bad\n\nBody.\n", "not closed", None, 1),
        ("bad YAML", b"---\nid: [bad\ntitle: x\n---\n\nBody.\n", "bad YAML", None, None),
        ("not a mapping", b"---\n- just\n- a list\n---\n\nBody.\n", "must be a mapping", None, 2),
        ("unknown key", article_text("bad", colour="red").encode(), "unknown key", "colour", 9),
        ("missing key", article_text("bad").replace("url: https://example.org/bad\n", "").encode(),
         "missing", "url", None),
        ("path in the id", article_text("../x").encode(), "lower-case letters", "id", 2),
        ("space in the id", article_text("A B").encode(), "lower-case letters", "id", 2),
        ("upper case id", article_text("Tiny").encode(), "lower-case letters", "id", 2),
        ("empty body", article_text("bad", "").encode(), "no body paragraphs", None, None),
        ("blank body", article_text("bad", "   \n\n  \n").encode(), "no body paragraphs", None, None),
        ("bad date", article_text("bad", date="last week").encode(), "YYYY", "date", 6),
        ("bad url", article_text("bad", url="example.org").encode(), "http(s) link", "url", 7),
    ]


@pytest.mark.parametrize(("raw", "words", "field", "line"),
                         [case[1:] for case in _bad_uploads()],
                         ids=[case[0] for case in _bad_uploads()])
def test_a_bad_upload_is_refused_with_a_clear_problem_and_writes_nothing(folder, raw, words,
                                                                         field, line):
    before = snapshot(folder)
    for replace in (False, True):
        with pytest.raises(KnowledgeError) as caught:
            add_article(folder, raw, "upload.md", replace=replace)
        problems = caught.value.problems
        assert problems, "a KnowledgeError names at least one problem"
        matching = [p for p in problems if words in p.message]
        assert matching, [str(p) for p in problems]
        problem = matching[0]
        assert problem.file == "upload.md"
        if field is not None:
            assert problem.field == field
        if line is not None:
            assert problem.line == line
        assert str(problem).startswith("upload.md")
        assert snapshot(folder) == before
        assert leftovers(folder) == []


def test_the_size_limit_is_checked_before_parsing(folder):
    at_limit = article_text("big", "x").encode()
    at_limit = at_limit.replace(b"x\n", b"x" * (MAX_ARTICLE_BYTES - len(at_limit) + 1) + b"\n")
    assert len(at_limit) == MAX_ARTICLE_BYTES
    assert validate_upload(at_limit, "big.md").id == "big"
    with pytest.raises(KnowledgeError, match="524,289 bytes; the limit is 524,288"):
        validate_upload(b"\xff" * (MAX_ARTICLE_BYTES + 1), "huge.md")


def test_every_problem_of_an_upload_is_listed(folder):
    raw = article_text("A B", "", colour="red", date="soon").encode()
    with pytest.raises(KnowledgeError) as caught:
        add_article(folder, raw, "many.md")
    fields = {p.field for p in caught.value.problems}
    assert {"id", "colour", "date"} <= fields
    assert any("no body paragraphs" in p.message for p in caught.value.problems)


# --- plain text ------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "expected"), [
    ("Pakistan's Dilemma: 2024", "pakistans-dilemma-2024"),
    ("Pakistan\u2019s  Dilemma \u2014 2024!", "pakistans-dilemma-2024"),
    ("Caf\u00e9 D\u00e9j\u00e0 Vu", "cafe-deja-vu"),
    ("   ", ""),
    ("\u067e\u0627\u06a9\u0633\u062a\u0627\u0646", ""),
])
def test_slug(title, expected):
    assert slug(title) == expected


def test_slug_of_a_long_title_is_a_safe_id():
    made = slug("The Taliban and Pakistan: " + "a very long headline indeed " * 5)
    assert len(made) <= 64 and is_safe_id(made)


def test_text_to_markdown_builds_a_valid_article(folder):
    raw = text_to_markdown("\ufeffFirst paragraph\nwraps here.\n\n\nSecond paragraph.\n".encode(),
                           "notes.txt", title="Pakistan's Dilemma: 2024",
                           publication="Dawn", date="2024-01", url="https://example.org/d")
    article = parse_article(raw, "notes.txt")
    assert article.id == "pakistans-dilemma-2024"
    assert (article.title, article.publication, article.date, article.url) == (
        "Pakistan's Dilemma: 2024", "Dawn", "2024-01", "https://example.org/d")
    assert (article.author, article.language) == ("unknown", "en")
    assert [p.text for p in article.paragraphs] == ["First paragraph wraps here.",
                                                    "Second paragraph."]
    change = add_article(folder, raw, "notes.txt")
    assert change.action == "added"
    assert (folder / "articles" / "pakistans-dilemma-2024.md").read_bytes() == raw


@pytest.mark.parametrize("title", [
    'He said: "We will not" \u2014 and left',
    "'single' and \"double\" quotes: both",
    "yes",
    "- a dash first: # and a hash",
    "null",
])
def test_a_title_with_colons_or_quotes_survives_the_yaml(title):
    raw = text_to_markdown(b"Body.", "t.txt", title=title, publication="2024",
                           date="2024-01-02", url="https://example.org/t", author="No: Body")
    article = parse_article(raw, "t.txt")
    assert article.title == title
    assert article.publication == "2024" and article.author == "No: Body"
    assert article.date == "2024-01-02"


def test_text_to_markdown_with_an_explicit_id_and_unknowns():
    raw = text_to_markdown(b"Body.", "t.txt", title="unknown", publication="unknown",
                           date="unknown", url="unknown", article_id="my-id", language="ur")
    article = parse_article(raw, "t.txt")
    assert (article.id, article.date, article.url, article.language) == (
        "my-id", "unknown", "unknown", "ur")
    assert article.display_title == "Untitled article (my-id)"


def test_text_to_markdown_of_a_title_with_no_latin_letters_is_untitled():
    raw = text_to_markdown(b"Body.", "t.txt", title="\u067e\u0627\u06a9\u0633\u062a\u0627\u0646",
                           publication="p", date="2024", url="https://example.org/t")
    assert parse_article(raw, "t.txt").id == "untitled"


def test_text_to_markdown_refuses_non_utf8():
    with pytest.raises(KnowledgeError) as caught:
        text_to_markdown(b"Line one.\nCaf\xe9.\n", "latin1.txt", title="t", publication="p",
                         date="2024", url="https://example.org/t")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("latin1.txt", 2)
    assert "not valid UTF-8" in problem.message


def test_an_empty_text_file_is_refused_and_writes_nothing(folder):
    before = snapshot(folder)
    raw = text_to_markdown(b"\n \n", "empty.txt", title="Empty", publication="p", date="2024",
                           url="https://example.org/e")
    with pytest.raises(KnowledgeError, match="no body paragraphs"):
        add_article(folder, raw, "empty.txt")
    with pytest.raises(KnowledgeError, match="date: must be YYYY"):
        add_article(folder, text_to_markdown(b"Body.", "d.txt", title="Dated", publication="p",
                                             date="Jan 2024", url="https://example.org/e"),
                    "d.txt")
    assert snapshot(folder) == before


# --- remove ----------------------------------------------------------------------------------

def test_remove_deletes_the_file_and_returns_the_article(make_folder):
    folder = make_folder({"first.md": article_text("first"),
                          "Other Name.md": article_text("second", title="The second")})
    change = remove_article(folder, "second")
    assert change.action == "removed"
    assert change.article.id == "second" and change.article.title == "The second"
    assert change.path == folder / "articles" / "Other Name.md"
    assert sorted(p.name for p in (folder / "articles").iterdir()) == ["first.md"]
    assert set(build_knowledge_base(folder).articles) == {"first"}


def test_remove_of_an_unknown_id_raises_and_deletes_nothing(folder):
    before = snapshot(folder)
    for unknown in ("nope", "../first", "first.md", ""):
        with pytest.raises(KnowledgeError) as caught:
            remove_article(folder, unknown)
        assert f"no article has the id '{unknown}'" in str(caught.value)
    assert snapshot(folder) == before


def test_add_then_remove_round_trip(folder):
    before = snapshot(folder)
    add_article(folder, article_text("passing").encode(), "p.md")
    remove_article(folder, "passing")
    assert snapshot(folder) == before
    assert leftovers(folder) == []


# --- gaps ------------------------------------------------------------------------------------

def row(question: str, at: float, declined: bool = True, down: int = 0) -> GapRow:
    return GapRow(question=question, asked_at=at, declined=declined, thumbs_down=down)


def test_group_gaps_groups_near_duplicates_and_keeps_others_apart():
    rows = [
        row("Who funds the TTP?", 100),
        row("What is the capital of Peru?", 110),
        row("who is funding   the ttp", 120),
        row("Who FUNDS the TTP?", 130, declined=False, down=2),
        row("What is the capital of Peru?", 140),
        row("Why did the talks fail?", 150, declined=False, down=1),
    ]
    groups = group_gaps(rows, Tokenizer())
    # the most common wording names a group; asked + thumbs down orders the groups, and a tie
    # (peru: asked 2; talks: asked 1, 1 thumbs down) goes to the more recent
    assert [g.question for g in groups] == ["Who funds the TTP?", "Why did the talks fail?",
                                            "What is the capital of Peru?"]  # as first typed
    ttp, talks, peru = groups
    assert (ttp.count, ttp.declined, ttp.thumbs_down, ttp.last_asked) == (3, 2, 2, 130)
    assert dict(ttp.wordings) == {"who funds the ttp?": 2, "who is funding the ttp": 1}
    assert (peru.count, peru.declined, peru.thumbs_down, len(peru.wordings)) == (2, 2, 0, 1)
    assert (talks.count, talks.declined, talks.thumbs_down) == (1, 0, 1)


def test_group_gaps_orders_by_frequency_then_recency_and_limits():
    rows = [row("When was the Durand Line drawn?", 10),
            row("Who funds the TTP?", 20),
            row("Who funds the TTP?", 30),
            row("Where is Torkham?", 40),
            row("where is torkham?", 5, declined=False, down=3)]
    groups = group_gaps(rows, Tokenizer())
    assert [(g.question, g.count + g.thumbs_down) for g in groups] == [
        ("where is torkham?", 5), ("Who funds the TTP?", 2), ("When was the Durand Line drawn?", 1)]
    assert [g.question for g in group_gaps(rows, Tokenizer(), limit=1)] == ["where is torkham?"]
    assert group_gaps([], Tokenizer()) == []
