import pytest

from bot.kb.sentences import sentence_spans, split_sentences

CASES = [
    ("He said “everything will be okay.” Then he left.",
     ["He said “everything will be okay.”", "Then he left."]),
    ("US-led forces left. The IS-K attacked after 9/11. It grew.",
     ["US-led forces left.", "The IS-K attacked after 9/11.", "It grew."]),
    ("Dr. Smith met Gen. Khan in the U.S. on Friday. They talked.",
     ["Dr. Smith met Gen. Khan in the U.S. on Friday.", "They talked."]),
    ("It rose 3.5 percent, e.g. in Kabul. J. Smith agreed.",
     ["It rose 3.5 percent, e.g. in Kabul.", "J. Smith agreed."]),
    ("Is it over? No! It is not.", ["Is it over?", "No!", "It is not."]),
    ("“carry out attacks … Their agenda is clear.”", ["“carry out attacks … Their agenda is clear.”"]),
    ("They waited... Then nothing.", ["They waited... Then nothing."]),
    ("In 2023 it rose. 99 attacks followed.", ["In 2023 it rose.", "99 attacks followed."]),
    ("told BBC Pashto,“It was a document signed between us and the US” – implying this.",
     ["told BBC Pashto,“It was a document signed between us and the US” – implying this."]),
    ("No final stop", ["No final stop"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_spans_are_exact_and_trimmed():
    text = "  One here.   Two there.  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["One here.", "Two there."]


def test_every_seed_sentence_is_a_substring(kb):
    for passage in kb.passages:
        joined = " ".join(passage.sentence_texts())
        assert joined.split() == passage.text.split()
