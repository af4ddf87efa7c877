"""Knowledge-file validation: every shipped file passes; each malformed kind says what is wrong."""

import pytest

from bot.kb import KnowledgeError, build_knowledge_base
from bot.kb.articles import article_files, is_safe_id, load_articles, parse_article
from tests.conftest import KNOWLEDGE, article_text


def test_every_shipped_article_validates():
    files = article_files(KNOWLEDGE)
    assert files, "the knowledge folder ships at least the seed article"
    articles = load_articles(files)
    assert {a.id for a in articles} == {p.stem for p in files}


def test_seed_metadata_states_unknowns_and_roles():
    (seed,) = [a for a in load_articles(article_files(KNOWLEDGE))
               if a.id == "pakistan-disillusioned-with-taliban"]
    assert seed.title == seed.publication == seed.author == "unknown"
    assert seed.date == "2023-11"
    assert seed.url.startswith("https://indiandefensenews.in/2023/11/")
    assert seed.caption.startswith("Amir Khan Muttaqi")
    assert seed.standfirst.startswith("As Kabul refuses")
    assert "Untitled" in seed.display_title


def problems_of(raw: bytes | str, name: str = "bad.md") -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        parse_article(raw.encode() if isinstance(raw, str) else raw, name)
    return [str(p) for p in info.value.problems]


def test_missing_front_matter():
    (problem,) = problems_of("Just a paragraph.\n")
    assert problem == "bad.md:1: missing front matter: the file must start with '---'"


def test_front_matter_not_closed():
    assert "not closed" in problems_of("---\nid: x\n\nText.\n")[0]


def test_bad_yaml_names_the_line():
    (problem,) = problems_of("---\nid: a\ntitle: [unclosed\n---\n\nText.\n")
    assert problem.startswith("bad.md:") and "bad YAML" in problem


def test_unknown_key_names_key_and_line():
    text = article_text(colour="blue")
    problems = problems_of(text)
    assert any(p.startswith("bad.md:9: colour: unknown key") for p in problems), problems


def test_missing_and_malformed_fields_are_all_listed():
    text = "---\nid: Bad Id!\ntitle: t\ndate: last year\nurl: ftp://x\nlanguage: english\n---\n\nText.\n"
    problems = "\n".join(problems_of(text))
    for field in ("publication: missing", "author: missing", "id: must be", "date: must be",
                  "url: must be", "language: must be"):
        assert field in problems


def test_empty_body():
    assert "no body paragraphs" in problems_of(article_text(body=" "))[0]


def test_non_utf8_names_the_line():
    raw = article_text(body="Line one.\n\nCaf\xe9").encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
    (problem,) = problems_of(raw)
    assert "not valid UTF-8" in problem and problem.startswith("bad.md:13:")


def test_wrong_type_names_the_field():
    assert any("title: must be text" in p for p in problems_of(article_text(title="[1, 2]")))


def test_duplicate_ids_across_files(make_folder):
    folder = make_folder({"a.md": article_text("same"), "b.md": article_text("same")})
    with pytest.raises(KnowledgeError) as info:
        build_knowledge_base(folder)
    assert "duplicate id 'same'" in str(info.value.problems[0])


def test_all_problems_of_all_files_are_reported(make_folder):
    folder = make_folder({"a.md": "no front matter", "b.md": article_text(body=""),
                          "c.md": article_text("fine")})
    with pytest.raises(KnowledgeError) as info:
        build_knowledge_base(folder)
    assert len(info.value.problems) == 2


def test_paragraphs_wrap_and_keep_their_line():
    article = parse_article(article_text(body="One\nwrapped.\n\n\nTwo.").encode(), "a.md")
    assert [(p.text, p.line) for p in article.paragraphs] == [("One wrapped.", 11), ("Two.", 15)]


def test_dates_are_text_whatever_yaml_makes_of_them():
    assert parse_article(article_text(date="2024-03-05").encode(), "a.md").date == "2024-03-05"


@pytest.mark.parametrize("value", ["../etc", "a/b", "A", "-x", "x-", "", "a" * 65, "con.md"])
def test_unsafe_ids(value):
    assert not is_safe_id(value)


def test_safe_id():
    assert is_safe_id("pakistan-disillusioned-with-taliban")
