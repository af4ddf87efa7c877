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
