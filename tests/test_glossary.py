import pytest

from bot.kb import KnowledgeError
from bot.kb.glossary import load_glossary, parse_glossary
from bot.kb.text import Tokenizer
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(KNOWLEDGE)


def entities(glossary, text):
    return [m.entity for m in glossary.mentions(text)]


def test_shipped_glossary_validates_and_covers_the_domain(glossary):
    for eid in ("ttp", "isi", "isk", "durand_line", "doha_accord", "fata",
                "khyber_pakhtunkhwa", "strategic_depth", "faiz_hameed", "kakar"):
        assert eid in glossary.entities
    assert glossary.topics
    # general English (synonyms, abbreviations) is not the glossary's: see bot/kb/chat.py
    assert not glossary.synonyms


@pytest.mark.parametrize(("text", "entity"), [
    ("the TTP", "ttp"), ("Tehreek-e-Taliban", "ttp"), ("tehrik i taliban pakistan", "ttp"),
    ("the Pakistani Taliban", "ttp"), ("ISKP", "isk"), ("IS-K", "isk"), ("ISIS-K", "isk"),
    ("Islamic State Khorasan Province", "isk"), ("Faiz Hameed", "faiz_hameed"),
    ("Faiz Hammed", "faiz_hameed"), ("Khyber Pakhtunkhwah", "khyber_pakhtunkhwa"),
    ("KP", "khyber_pakhtunkhwa"), ("the Durand Line", "durand_line"), ("Doha Pact", "doha_accord"),
    ("the ISI", "isi"), ("FATA", "fata"), ("strategic depth", "strategic_depth"),
])
def test_aliases_and_spellings(glossary, text, entity):
    assert entities(glossary, text) == [entity]


def test_longest_alias_wins(glossary):
    assert entities(glossary, "the Afghan Taliban and the Soviet-Afghan War") == [
        "taliban", "soviet_afghan_war"]


def test_capitalised_stop_word_alias_needs_capitals(glossary):
    assert entities(glossary, "a deal between us and the US") == ["united_states"]


@pytest.mark.parametrize("text", ["is kp on the border", "Is KP on the border", "is k bad"])
def test_a_stop_word_in_small_letters_is_not_part_of_a_capitalised_alias(glossary, text):
    # "is kp" is the words "is" and "KP", not IS-KP (the Islamic State's Khorasan branch)
    assert "isk" not in entities(glossary, text)


def test_an_alias_may_hold_a_stop_word_in_small_letters(glossary):
    assert entities(glossary, "the islamic emirate of afghanistan") == ["taliban"]
    assert entities(glossary, "IS-KP and ISIS K") == ["isk", "isk"]


def test_annotations_of_a_passage(kb):
    passage = kb.passage("pakistan-disillusioned-with-taliban", 5)
    assert {"durand_line", "british_raj"} <= set(passage.annotations.entities)
    assert {"1893", "1947"} <= set(passage.annotations.years)
    assert "border" in passage.annotations.topics


def test_annotate_standalone(glossary):
    notes = glossary.annotate("Refugees fled the TTP in 1994.", Tokenizer())
    assert notes.entities == ("ttp",) and notes.years == ("1994",) and "refugees" in notes.topics


@pytest.mark.parametrize(("text", "message"), [
    ("entities: [{id: X, name: n, type: group, aliases: []}]", "id must be"),
    ("entities: [{id: x, name: n, type: planet, aliases: []}]", "type must be"),
    ("entities: [{id: x, name: n, type: group, aliases: 3}]", "aliases must be"),
    ("entities: [{id: x, name: n, type: group}, {id: x, name: m, type: group}]", "duplicate"),
    ("topics: [{id: t, name: T}]", "needs an id, a name and keywords"),
    ("synonyms: [[alone]]", "two or more"),
    ("colours: []", "unknown section"),
    ("about: the border", "must be a mapping of topic and example"),
    ("about: {example: 'Why?'}", "topic must be text"),
    ("about: {topic: '" + "x" * 81 + "'}", "topic must be text of at most 80"),
    ("about: {topic: the border, example: 3}", "example must be a question"),
    ("about: {topic: the border, colour: red}", "unknown keys ['colour']"),
    ("entities: [unclosed", "bad YAML"),
])
def test_malformed_glossary(text, message):
    with pytest.raises(KnowledgeError) as info:
        parse_glossary(text.encode(), "glossary.yaml")
    assert message in str(info.value)


def test_the_glossary_may_say_what_the_articles_are_about(glossary):
    assert glossary.about.topic == "the Taliban and Pakistan" and glossary.about.example
    about = parse_glossary(b"about: {topic: '  the Halden Gate  '}", "glossary.yaml").about
    assert about.topic == "the Halden Gate" and about.example is None
    assert parse_glossary(b"entities: []", "glossary.yaml").about is None
