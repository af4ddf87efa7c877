"""The semantic stage: vectors cached on disk by text, embedded once, lazily when large."""

import numpy as np

from bot.kb import Answerer, build_knowledge_base
from bot.kb.semantic import SemanticModel, SentenceVectors
from bot.kb.vector_cache import VectorCache, digest
from tests.conftest import article_text


def _model(semantic, folder, **kwargs) -> SemanticModel:
    """A model sharing the session's encoder, with a cache of its own."""
    return SemanticModel(semantic.encoder, VectorCache(folder), **kwargs)


def test_a_refresh_embeds_only_new_sentences(semantic, make_folder, tmp_path):
    model = _model(semantic, tmp_path / "cache")
    body = "The border was drawn in 1893. It divides the Pashtun lands.\n\nTrade fell by half."
    folder = make_folder({"one.md": article_text("one", body)})
    first = build_knowledge_base(folder, semantic=model)
    embedded = model.embedded
    assert embedded == len(first.sentence_texts()) > 0
    build_knowledge_base(folder, semantic=model)
    assert model.embedded == embedded  # nothing new: everything came from the cache
    (folder / "articles" / "two.md").write_text(
        article_text("two", "Refugees were deported in November."), encoding="utf-8")
    build_knowledge_base(folder, semantic=model)
    assert model.embedded == embedded + 1  # only the new article's one sentence


def test_the_cache_survives_the_process_and_is_keyed_by_model(semantic, tmp_path):
    cache = VectorCache(tmp_path)
    vector = np.arange(384, dtype=np.float32) / 384
    cache.put_many("model-a", [(digest("text"), vector)])
    again = VectorCache(tmp_path)  # a new process opening the same file
    found = again.get_many("model-a", [digest("text")])
    assert np.allclose(found[digest("text")], vector, atol=1e-3)
    assert again.get_many("model-b", [digest("text")]) == {}


def test_an_unwritable_cache_folder_keeps_vectors_in_memory(semantic, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = VectorCache(blocker / "cache")
    assert cache.path is None
    cache.put_many("m", [(digest("a"), np.ones(384, dtype=np.float32))])
    assert digest("a") in cache.get_many("m", [digest("a")])


def test_a_base_too_large_to_embed_at_build_embeds_its_best_quotes_when_asked(
        semantic, make_folder, tmp_path):
    model = _model(semantic, tmp_path / "cache", embed_at_build=0)  # as if far too many
    body = ("Pakistan closed the crossing in March. Lorries queued for days.\n\n"
            "Exporters lost their harvest. Talks are planned for April.")
    kb = build_knowledge_base(make_folder({"one.md": article_text("one", body)}), semantic=model)
    assert kb.vectors is not None and kb.vectors.on_demand and model.embedded == 0
    answer = Answerer(kb).answer("When are the talks planned?")
    assert answer.answered and "April" in answer.excerpts[0].quote
    assert answer.similarity is not None and answer.similarity > 0.3  # the quote was embedded
    assert model.embedded == 0  # and nothing else: no sentence of the base


def test_nearest_finds_the_paraphrase(semantic, make_folder, tmp_path):
    model = _model(semantic, tmp_path / "cache")
    body = ("Militants have sanctuaries across the border.\n\nThe economy grew by two percent."
            "\n\nThe museum opened a new wing.")
    kb = build_knowledge_base(make_folder({"one.md": article_text("one", body)}), semantic=model)
    vectors: SentenceVectors = kb.vectors
    assert not vectors.on_demand
    best, _ = vectors.nearest(model.question("where do the fighters hide?"), 1)[0]
    assert "sanctuaries" in kb.sentence_texts()[best]


def test_a_missing_model_is_one_line_from_the_command_line(tmp_path, monkeypatch, capsys):
    import bot.kb.semantic
    from bot.__main__ import main

    (tmp_path / "model").mkdir()  # an install that left the model's files out
    monkeypatch.setattr(bot.kb.semantic, "MODEL_DIR", tmp_path / "model")
    assert main(["ask", "When was the Durand Line drawn?"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: the embedding model in ") and error.count("\n") == 1
