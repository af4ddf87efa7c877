"""The snapshot cache: a whole build of a folder whose files did not change reads the last
snapshot back instead of annotating again, and any build with it gives what a whole build
without it gives. A damaged, foreign or out-of-date file, or a cache folder that cannot be
written, means no cache, never a failed build.

The test session turns the default cache off (tests/conftest.py): these tests pass a
SnapshotCache in a folder of their own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.kb import Answerer, KnowledgeError, build_knowledge_base
from bot.kb import snapshot_cache as cache_module
from bot.kb.snapshot_cache import SWITCH_VARIABLE, SnapshotCache, engine_version
from bot.kb.vector_cache import CACHE_VARIABLE
from tests.conftest import NEW_ARTICLE, ROOT, article_text, filler
from tests.test_incremental import same_snapshot

QUESTIONS = ("When was the Durand Line drawn?", "Which tunnel did the relief convoys cross?",
             "What is the price of fertiliser in district 3-7?", "Why is Pakistan deporting "
             "Afghan refugees?", "What did the report say about wheat harvests?",
             "What is zanzibarite?")



@pytest.fixture
def store(tmp_path):
    return SnapshotCache(tmp_path / "cache")


def as_whole_build(kb, folder: Path) -> None:
    """``kb`` is what a whole build without the cache gives: the same version, articles,
    passages, sentences' terms, index, spelling vocabulary and answers."""
    whole = build_knowledge_base(folder, snapshots=False)
    same_snapshot(kb, whole)
    assert kb.vocabulary == whole.vocabulary
    assert kb.folder == whole.folder
    assert kb.glossary_digest == whole.glossary_digest
    assert kb.stats() | {"build seconds": 0} == whole.stats() | {"build seconds": 0}
    np.testing.assert_array_equal(kb.sentence_bounds, whole.sentence_bounds)
    for question in QUESTIONS:
        assert Answerer(kb).answer(question).to_json() == \
            Answerer(whole).answer(question).to_json(), question


def test_a_second_build_reads_the_snapshot_and_answers_the_same(library, store) -> None:
    first = build_knowledge_base(library, snapshots=store)
    path = store.path_for(library)
    assert first.loaded_from == "" and path.is_file()
    assert path.stat().st_mode & 0o777 == 0o600
    second = build_knowledge_base(library, snapshots=store)
    assert second.loaded_from == str(path)  # read back, not annotated again
    assert second.terms == first.terms
    for name in ("tokens", "sentence_bounds", "passage_sentences", "sentence_kinds", "rows"):
        np.testing.assert_array_equal(getattr(second, name), getattr(first, name))
    as_whole_build(second, library)


def test_the_folder_named_another_way_reads_the_same_file(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    other = library.parent / "elsewhere" / ".." / library.name  # the same folder, resolved
    (library.parent / "elsewhere").mkdir()
    kb = build_knowledge_base(other, snapshots=store)
    assert kb.loaded_from == str(store.path_for(library))
    assert all(a.path.startswith(str(other)) for a in kb.articles.values())
    as_whole_build(kb, other)


def test_a_changed_article_is_seen(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    report = library / "articles" / "report-1.md"
    report.write_text(filler(1).replace("wheat harvests", "zanzibarite deposits"),
                      encoding="utf-8")
    kb = build_knowledge_base(library, snapshots=store)
    assert kb.loaded_from  # the cached snapshot, with the one file annotated again
    texts = [p.text for p in kb.passages_of("report-1")]
    assert any("zanzibarite deposits" in t for t in texts)
    assert not any("wheat harvests" in t for t in texts)
    answer = Answerer(kb).answer("What is zanzibarite?")
    assert answer.excerpts and "zanzibarite" in answer.excerpts[0].quote.lower()
    as_whole_build(kb, library)
    again = build_knowledge_base(library, snapshots=store)  # the new snapshot was written
    assert again.loaded_from and again.version == kb.version
    as_whole_build(again, library)


def test_a_removed_and_an_added_article(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    (library / "articles" / "report-2.md").unlink()
    (library / "articles" / "chitral-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    kb = build_knowledge_base(library, snapshots=store)
    assert kb.loaded_from
    assert "report-2" not in kb.articles and "chitral-floods" in kb.articles
    assert "2-17" not in kb.vocabulary  # a word only the removed article held
    answer = Answerer(kb).answer("Which tunnel did the relief convoys cross?")
    assert answer.answered and answer.excerpts[0].article.id == "chitral-floods"
    as_whole_build(kb, library)
    as_whole_build(build_knowledge_base(library, snapshots=store), library)


def test_a_renamed_file(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    (library / "articles" / "report-3.md").rename(library / "articles" / "z-report-3.md")
    kb = build_knowledge_base(library, snapshots=store)
    assert kb.articles["report-3"].path.endswith("z-report-3.md")
    as_whole_build(kb, library)


def test_a_changed_glossary_builds_everything(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    glossary = library / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "\nentities:\n", "\nentities:\n  - id: fertiliser_board\n    name: Fertiliser Board\n"
        "    type: organisation\n    aliases: [fertiliser]\n", 1), encoding="utf-8")
    kb = build_knowledge_base(library, snapshots=store)
    assert kb.loaded_from == ""  # another glossary: every article annotated again
    assert "fertiliser_board" in kb.passages_of("report-0")[0].annotations.entities
    as_whole_build(kb, library)
    again = build_knowledge_base(library, snapshots=store)
    assert again.loaded_from
    as_whole_build(again, library)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 4] ^= 0x5A
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x04not a snapshot at all" * 1000)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _big_header(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:-12] + (1 << 40).to_bytes(8, "little") + data[-4:])


def _another_header(path: Path) -> None:  # a sound file, but not one this engine wrote
    data = path.read_bytes()
    length = int.from_bytes(data[-12:-4], "little")
    header = data[-12 - length:-12].replace(b'"sections"', b'"Sections"')
    path.write_bytes(data[:-12 - length] + header + data[-12:])


@pytest.mark.parametrize("damage", [_truncate, _flip, _garbage, _empty, _big_header,
                                    _another_header])
def test_a_damaged_file_is_ignored_and_written_again(library, store, damage) -> None:
    build_knowledge_base(library, snapshots=store)
    path = store.path_for(library)
    size = path.stat().st_size
    damage(path)
    kb = build_knowledge_base(library, snapshots=store)
    assert kb.loaded_from == ""
    as_whole_build(kb, library)
    assert path.stat().st_size == size  # written again, whole
    assert build_knowledge_base(library, snapshots=store).loaded_from == str(path)


def test_another_engine_version_is_not_used(library, tmp_path) -> None:
    old = SnapshotCache(tmp_path / "cache", engine="an older engine")
    build_knowledge_base(library, snapshots=old)
    assert build_knowledge_base(library, snapshots=old).loaded_from  # its own engine reads it
    current = SnapshotCache(tmp_path / "cache")
    kb = build_knowledge_base(library, snapshots=current)
    assert kb.loaded_from == ""
    as_whole_build(kb, library)
    assert build_knowledge_base(library, snapshots=current).loaded_from  # replaced
    assert build_knowledge_base(library, snapshots=old).loaded_from == ""


def test_any_change_to_the_engine_source_is_another_version(tmp_path) -> None:
    source = tmp_path / "kb"
    shutil.copytree(ROOT / "bot" / "kb", source, ignore=shutil.ignore_patterns("models"))
    before = engine_version(source)
    assert before == engine_version(ROOT / "bot" / "kb") == engine_version()
    text = (source / "passages.py").read_text(encoding="utf-8")
    (source / "passages.py").write_text(text.replace("0.9", "0.91", 1), encoding="utf-8")
    assert engine_version(source) != before
    (source / "passages.py").write_text(text, encoding="utf-8")
    (source / "ingest" / "new.py").write_text("", encoding="utf-8")
    assert engine_version(source) != before


def test_another_folders_file_is_not_used(library, store, tmp_path) -> None:
    build_knowledge_base(library, snapshots=store)
    other = tmp_path / "other"
    shutil.copytree(library, other)
    shutil.copy(store.path_for(library), store.path_for(other))  # as if copied by hand
    kb = build_knowledge_base(other, snapshots=store)
    assert kb.loaded_from == ""
    as_whole_build(kb, other)


def test_a_file_others_may_write_is_not_used(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    path = store.path_for(library)
    path.chmod(0o666)
    assert build_knowledge_base(library, snapshots=store).loaded_from == ""
    assert path.stat().st_mode & 0o777 == 0o600  # written again, by this user
    if os.geteuid() == 0:  # root can give the file away: another user's file
        os.chown(path, 65534, -1)
        assert build_knowledge_base(library, snapshots=store).loaded_from == ""


def test_an_unwritable_cache_folder_means_no_cache(library, tmp_path, make_read_only) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    kb = build_knowledge_base(library, snapshots=SnapshotCache(blocker / "cache"))
    as_whole_build(kb, library)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    make_read_only(read_only)
    kb = build_knowledge_base(library, snapshots=SnapshotCache(read_only))
    as_whole_build(kb, library)
    assert list(read_only.iterdir()) == []


def test_a_cache_that_only_reads_writes_nothing(library, store, tmp_path) -> None:
    reader = SnapshotCache(store.folder, save=False)
    assert build_knowledge_base(library, snapshots=reader).loaded_from == ""
    assert not store.folder.exists()
    build_knowledge_base(library, snapshots=store)
    assert build_knowledge_base(library, snapshots=reader).loaded_from


def _problems(folder: Path, snapshots) -> list[str]:
    with pytest.raises(KnowledgeError) as failure:
        build_knowledge_base(folder, snapshots=snapshots)
    return [str(p) for p in failure.value.problems]


def test_a_malformed_article_fails_as_without_the_cache(library, store) -> None:
    build_knowledge_base(library, snapshots=store)
    path = store.path_for(library)
    written = path.read_bytes()
    articles = library / "articles"
    (articles / "a-broken.md").write_bytes(b"---\nid: broken\n---\n\xff")
    (articles / "report-1.md").write_text(article_text("x", "y").replace("id: x", "id: X"),
                                          encoding="utf-8")
    (articles / "z-twin.md").write_text(filler(3), encoding="utf-8")  # id report-3 again
    problems = _problems(library, store)
    assert problems == _problems(library, False)
    assert "a-broken.md" in problems[0] and "not valid UTF-8" in problems[0]
    assert any("lower-case" in p for p in problems)
    assert "duplicate id 'report-3'" in problems[-1]
    assert path.read_bytes() == written  # a failed build writes nothing
    for name in ("a-broken.md", "z-twin.md"):
        (articles / name).unlink()
    assert _problems(library, store) == _problems(library, False)


def test_at_most_a_few_snapshot_files_are_kept(make_folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(cache_module, "KEEP_FILES", 2)
    store = SnapshotCache(tmp_path / "cache")
    written = []
    for n in range(4):
        folder = make_folder({"a.md": article_text("a", f"Paragraph {n}.")})
        folder = folder.rename(tmp_path / f"knowledge-{n}")
        build_knowledge_base(folder, snapshots=store)
        written.append(store.path_for(folder))
    assert sorted(store.folder.glob("*.snapshot")) == sorted(written[-2:])


def test_the_default_cache_follows_the_environment(library, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "default"))
    assert os.environ[SWITCH_VARIABLE] == "off"  # the test session's
    assert SnapshotCache.default() is None
    build_knowledge_base(library)
    assert not (tmp_path / "default").exists()
    monkeypatch.setenv(SWITCH_VARIABLE, "on")
    build_knowledge_base(library)
    assert build_knowledge_base(library).loaded_from.startswith(str(tmp_path / "default"))
    assert build_knowledge_base(library, snapshots=False).loaded_from == ""


def test_the_command_line_builds_with_the_cache(library, tmp_path) -> None:
    env = {**os.environ, SWITCH_VARIABLE: "on", CACHE_VARIABLE: str(tmp_path / "cli-cache")}
    outputs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "bot", "kb", "stats", "--json",
                               "--knowledge", str(library)], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True)
        outputs.append(json.loads(done.stdout) | {"build seconds": 0})
    assert len(list((tmp_path / "cli-cache").glob("*.snapshot"))) == 1
    assert outputs[1] == outputs[0]


def test_an_empty_folder(make_folder, store) -> None:
    folder = make_folder({})
    build_knowledge_base(folder, snapshots=store)
    kb = build_knowledge_base(folder, snapshots=store)
    assert kb.loaded_from and not kb.articles and not kb.passages
    (folder / "articles" / "chitral-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    as_whole_build(build_knowledge_base(folder, snapshots=store), folder)


def test_the_words_only_a_changed_article_held_leave_the_vocabulary(make_folder, store) -> None:
    folder = make_folder({
        "kept.md": article_text("kept", "Farmers said they shan’t sell the wheat harvests "
                                        "cheaply.\n\nThe canal was dug in spring."),
        "other.md": article_text("other", "Whom did the harvestings of zanzibarite help? "
                                          "They mustn't say, and shan't."),
    })
    build_knowledge_base(folder, snapshots=store)
    (folder / "articles" / "other.md").write_text(
        article_text("other", "A plain paragraph about the weather."), encoding="utf-8")
    kb = build_knowledge_base(folder, snapshots=store)
    assert kb.loaded_from
    assert {"shan't", "harvests", "the"} <= kb.vocabulary  # still in the kept article
    assert not {"whom", "mustn't", "harvestings", "zanzibarite"} & kb.vocabulary
    as_whole_build(kb, folder)
    (folder / "articles" / "other.md").unlink()
    as_whole_build(build_knowledge_base(folder, snapshots=store), folder)
