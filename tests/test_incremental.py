"""A refresh re-annotates only the article files whose bytes changed, and gives the snapshot a
whole build would: the same passages, sentences, terms, version and answers."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from bot.kb import Answerer, build_knowledge_base
from bot.kb.index import PassageIndex
from bot.kb.passages import find_pull_quotes
from tests.conftest import NEW_ARTICLE, article_text, filler

QUESTIONS = ("When was the Durand Line drawn?", "Which tunnel did the relief convoys cross?",
             "What is the price of fertiliser in district 3-7?", "Why is Pakistan deporting "
             "Afghan refugees?", "What did the report say about wheat harvests?")


def sentences(kb) -> list[tuple[list[str], int]]:
    return [(sorted(kb._sentence_terms(s)), int(kb.sentence_kinds[s]))
            for s in range(len(kb.sentence_bounds) - 1)]


def index_counted_again(kb) -> PassageIndex:
    """The index a whole count of the snapshot's own tokens gives."""
    bounds = kb.sentence_bounds[kb.passage_sentences]
    searchable = np.zeros(len(kb.passages), dtype=bool)
    searchable[kb.rows] = True
    keep = np.repeat(searchable, np.diff(bounds))
    lengths = np.zeros(len(kb.rows) + 1, dtype=np.int64)
    np.cumsum(np.diff(bounds)[kb.rows], out=lengths[1:])
    return PassageIndex(kb.tokens[keep], lengths, kb.index.terms, kb.index.term_ids)


def same_snapshot(incremental, whole) -> None:
    counted = index_counted_again(incremental)
    for name in ("_docs", "_tfs", "_df", "_offsets"):
        assert np.array_equal(getattr(incremental.index, name), getattr(counted, name)), name
    for name in ("_idf", "_max_part", "_norm"):
        assert np.allclose(getattr(incremental.index, name), getattr(counted, name)), name
    assert incremental.version == whole.version
    assert incremental.articles == whole.articles
    assert incremental.passages == whole.passages
    assert sentences(incremental) == sentences(whole)
    assert np.array_equal(incremental.rows, whole.rows)
    assert np.array_equal(incremental.passage_sentences, whole.passage_sentences)
    assert incremental.vocabulary >= whole.vocabulary
    for question in QUESTIONS:
        assert Answerer(incremental).answer(question).to_json() == \
            Answerer(whole).answer(question).to_json(), question



def test_a_refresh_reuses_unchanged_articles_and_equals_a_whole_build(library) -> None:
    before = build_knowledge_base(library)
    (library / "articles" / "chitral-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    (library / "articles" / "report-1.md").write_text(
        filler(1).replace("wheat harvests", "wheat harvests and a new word, zanzibarite"),
        encoding="utf-8")
    (library / "articles" / "report-2.md").unlink()

    after = build_knowledge_base(library, previous=before)
    same_snapshot(after, build_knowledge_base(library))
    # the unchanged articles' passages are the very objects of the old snapshot: not re-read
    seed = "pakistan-disillusioned-with-taliban"
    old_start, old_end = before.article_range(seed)
    new_start, _ = after.article_range(seed)
    assert all(a is b for a, b in zip(before.passages[old_start:old_end],
                                      after.passages[new_start:], strict=False))
    assert after.passages_of("report-0")[0] is before.passages_of("report-0")[0]
    assert after.passages_of("report-1")[0] is not before.passages_of("report-1")[0]
    assert "zanzibarite" in after.vocabulary


def test_a_refresh_with_nothing_changed_is_the_same_version(library) -> None:
    before = build_knowledge_base(library)
    again = build_knowledge_base(library, previous=before)
    assert again.version == before.version and again.passages == before.passages


def test_a_renamed_file_keeps_its_article_with_its_new_path(library) -> None:
    before = build_knowledge_base(library)
    (library / "articles" / "report-3.md").rename(library / "articles" / "z-report-3.md")
    after = build_knowledge_base(library, previous=before)
    assert after.articles["report-3"].path.endswith("z-report-3.md")
    same_snapshot(after, build_knowledge_base(library))


def test_another_glossary_rebuilds_everything(library) -> None:
    before = build_knowledge_base(library)
    glossary = library / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "\nentities:\n", "\nentities:\n  - id: fertiliser_board\n    name: Fertiliser Board\n"
        "    type: organisation\n    aliases: [fertiliser]\n", 1), encoding="utf-8")
    after = build_knowledge_base(library, previous=before)
    same_snapshot(after, build_knowledge_base(library))
    assert after.passages_of("report-0")[0] is not before.passages_of("report-0")[0]
    assert "fertiliser_board" in after.passages_of("report-0")[0].annotations.entities


def test_a_refresh_still_refuses_a_bad_or_duplicate_file(library) -> None:
    from bot.kb import KnowledgeError

    before = build_knowledge_base(library)
    shutil.copy(library / "articles" / "report-0.md", library / "articles" / "copy.md")
    with pytest.raises(KnowledgeError, match="duplicate id 'report-0'"):
        build_knowledge_base(library, previous=before)
    (library / "articles" / "copy.md").write_text(article_text("x", "y").replace("id: x", "id: X"))
    with pytest.raises(KnowledgeError, match="lower-case"):
        build_knowledge_base(library, previous=before)


def test_pull_quotes_are_found_in_a_long_article_of_repeated_paragraphs() -> None:
    body = [f"Paragraph {k} of the report describes canals, harvests and the price of "
            f"fertiliser in district {k} of the valley." for k in range(3000)]
    texts = [*body[:1500], "the price of fertiliser in district 7 of the valley", *body[1500:]]
    found = find_pull_quotes(texts)
    assert found == {1500: 7}


def test_a_refresh_from_an_empty_folder(make_folder) -> None:
    folder = make_folder({})
    empty = build_knowledge_base(folder)
    (folder / "articles" / "chitral-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    after = build_knowledge_base(folder, previous=empty)
    same_snapshot(after, build_knowledge_base(folder))
    (folder / "articles" / "chitral-floods.md").unlink()
    same_snapshot(build_knowledge_base(folder, previous=after), build_knowledge_base(folder))


@pytest.mark.parametrize("chunk", [1, 7, 50, 10_000])
def test_each_terms_largest_share_is_the_same_in_any_slices(monkeypatch, chunk) -> None:
    import random

    from bot.kb import index as index_module

    rng = random.Random(chunk)
    documents = [[f"w{rng.randint(0, 40)}" for _ in range(rng.randint(1, 30))] for _ in range(300)]
    monkeypatch.setattr(index_module, "UPDATE_CHUNK", chunk)
    index = PassageIndex.from_documents(documents)
    expected = np.zeros(len(index.terms))
    term_of = np.repeat(np.arange(len(index.terms)), index._df)
    np.maximum.at(expected, term_of, index._share(0, len(index._docs)))
    assert np.array_equal(index._max_part, expected)
