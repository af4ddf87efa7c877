"""The embedding backend: MiniLM in numpy against vectors from sentence-transformers."""

import json

import numpy as np
import pytest

from bot.kb.encoder import DIMENSIONS, Encoder
from tests.conftest import DATA


@pytest.fixture(scope="module")
def encoder(semantic):
    return semantic.encoder


def test_vectors_match_the_reference_model(encoder):
    # tests/data/minilm_reference.json: sentence-transformers 5 with torch (float32 weights)
    reference = json.loads((DATA / "minilm_reference.json").read_text(encoding="utf-8"))
    ours = encoder.encode(reference["texts"])
    theirs = np.array(reference["vectors"], dtype=np.float32)
    cosines = (ours * theirs).sum(1) / np.linalg.norm(theirs, axis=1)
    assert cosines.min() >= 0.999, cosines


def test_a_batch_gives_each_text_the_vector_it_gets_alone(encoder):
    texts = ["short", "a much longer sentence about the border between the two countries",
             "Pakistan deported Afghan refugees."]
    together = encoder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        alone = encoder.encode([text])[0]
        assert float(alone @ vector) > 0.99999


def test_word_pieces_of_a_batch_are_those_each_text_gets_alone(encoder):
    # a pass of texts of different lengths leaves the padding out of its products
    texts = ["who mediated?", "The talks were mediated by Qatar after a long pause in 2023.",
             "Pakistan deported Afghan refugees."]
    for text, (vector, spans, pieces) in zip(texts, encoder.token_vectors_many(texts),
                                             strict=True):
        alone_vector, alone_spans, alone_pieces = encoder.token_vectors(text)
        assert spans == alone_spans
        assert float(vector @ alone_vector) > 0.99999
        assert np.abs(pieces - alone_pieces).max() < 1e-5


def test_vectors_are_unit_length_and_empty_input_is_empty(encoder):
    vectors = encoder.encode(["one", "", "three words here"])
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, DIMENSIONS)


def test_paraphrase_is_closer_than_another_subject(encoder):
    q, para, other = encoder.encode(["where do baloch separatists hide",
                                     "Baloch insurgents have sanctuaries across the border.",
                                     "The price of bread rose in the capital."])
    assert float(q @ para) > float(q @ other) + 0.2


def test_word_pieces_in_context_have_spans_in_the_text(encoder):
    text = "Who mediated the talks?"
    vector, spans, vectors = encoder.token_vectors(text)
    assert len(spans) == len(vectors)
    assert [text[a:b].lower() for a, b in spans][:3] == ["who", "mediated", "the"]
    assert float(vector @ encoder.encode([text])[0]) > 0.99999  # the same pass, pooled


def test_the_shipped_weights_load_without_a_network(tmp_path):
    encoder = Encoder()  # from bot/kb/models: no download, no cache folder needed
    assert encoder.encode(["x"]).shape == (1, DIMENSIONS)
