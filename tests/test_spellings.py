"""British and American spellings of the same word."""

import pytest

from bot.kb.spellings import other_spellings


@pytest.mark.parametrize(("word", "other"), [
    ("defense", "defence"), ("defence", "defense"), ("labor", "labour"), ("labour", "labor"),
    ("colours", "colors"), ("center", "centre"), ("centres", "centers"), ("theater", "theatre"),
    ("organization", "organisation"), ("organised", "organized"), ("analyze", "analyse"),
    ("catalog", "catalogue"), ("travelled", "traveled"), ("canceled", "cancelled"),
    ("paediatric", "pediatric"), ("offense", "offence"), ("license", "licence"),
    ("enquiry", "inquiry"), ("tyre", "tire"), ("gray", "grey"), ("program", "programme"),
    ("manoeuvre", "maneuver"), ("favorite", "favourite"), ("neighbours", "neighbors"),
])
def test_the_other_side_of_the_atlantic_writes_it(word, other):
    assert other in other_spellings(word)


@pytest.mark.parametrize("word", ["size", "prize", "filled", "called", "acre", "advice", "blog",
                                  "Lahore", "9/11"])
def test_a_word_spelt_one_way_only_has_no_other_spelling(word):
    assert other_spellings(word) == []


@pytest.mark.parametrize(("word", "other"), [
    ("truck", "lorry"), ("lorries", "trucks"), ("gasoline", "petrol"), ("sidewalk", "pavement"),
    ("movie", "film"), ("railroads", "railways"), ("fuel", None), ("queue", None),
])
def test_the_other_side_of_the_atlantic_says_it(word, other):
    from bot.kb.spellings import other_word

    assert other_word(word) == other


def test_a_word_of_the_other_side_finds_the_articles_word(tmp_path):
    """"how long is the truck queue" of an article that writes "lorries" for the queue and
    "trucks" elsewhere: the asker's word finds both."""
    from bot.kb import Answerer, build_knowledge_base
    from tests.conftest import article_text

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "gate.md").write_text(article_text("gate", (
        "A queue of more than 2,300 lorries stretches 17 kilometres back from the border.\n\n"
        "Before the closure the crossing handled about 1,400 trucks a day.")))
    answerer = Answerer(build_knowledge_base(tmp_path))
    answer = answerer.answer("how long is the truck queue")
    assert answer.answered and "2,300 lorries" in answer.excerpts[0].quote
