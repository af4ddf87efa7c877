"""What an article calls its people (bot.kb.people): read from its introductions, found again
when a quote names them or says "she"."""

import pytest

from bot.kb.people import People, descriptions

ORDINARY = {"however", "february", "meanwhile", "anna"}.__contains__


@pytest.mark.parametrize(("text", "surname", "called"), [
    ("The prime minister, Anders Kolm, defended the decision.", "kolm", "prime minister"),
    ("Drovania\u2019s foreign minister, Adela Straum, said no.", "straum", "foreign minister"),
    ("\u201cNo,\u201d said Ilse Marenko, the fund\u2019s regional director.", "marenko",
     "regional director"),
    ("Dario Fennick, a 19-year-old student, lost an eye.", "fennick", "student"),
    ("Prime Minister Lena Voskar has insisted on it.", "voskar", "Prime Minister"),
    ("Agriculture minister Raoul Dessaint has promised a fund.", "dessaint",
     "Agriculture minister"),
    ("It was signed by the transport minister Pavel Lind in May.", "lind", "transport minister"),
    # a one-word name an ordinary word could be: the first name makes it a name
    ("Anna Berg, a lawyer, filed the suit.", "berg", "lawyer"),
    ("It was signed by President Anton Reshetar.", "reshetar", "President"),
    # a name after a preposition within a sentence: introduced all the same
    ("It has been described by the culture minister, Tomas Reberg, as a triumph.", "reberg",
     "culture minister"),
    # what someone does
    ("Jonas Fehr, who runs the village bakery, said he had not slept.", "fehr",
     "runs the village bakery"),
])
def test_an_introduction_says_what_someone_is(text, surname, called):
    assert called in descriptions(text, ORDINARY)[surname]


@pytest.mark.parametrize("text", [
    # a clause before or after a name, not what it is
    "In the province that includes Pellino, the share wanting closure rose to 44%.",
    "When the lease was signed in 1994, Drovania was a poor republic.",
    # a name after a preposition: a place or a time
    "For the 14,000 residents of Pellino, the arithmetic feels remote.",
    "In the meantime, Velsen has asked for more staff.",
    # an ordinary word at the start of a sentence is not a name
    "However, the government has refused.",
    "In February, the central span of the bridge fell.",
])
def test_what_is_not_an_introduction(text):
    assert descriptions(text, ORDINARY) == {}


def test_a_quote_speaks_of_those_it_names_as_names():
    known = {"kolm": "the prime minister", "varga": "Finance Minister"}
    assert People(known).referents("Mr Kolm told parliament on Thursday.", "") == ["kolm"]
    # "kolm" inside another word, or in lower case, is not Mr Kolm
    assert People(known).referents("The kolmar valley flooded.", "") == []


def test_she_is_the_last_person_named_before_the_quote():
    known = {"kolm": "the prime minister", "varga": "Finance Minister"}
    before = "Finance Minister Edit Varga spoke first. The prime minister, Anders Kolm, replied. "
    people = People(known)
    assert people.referents("\u201cWe will not pay,\u201d she told the assembly.", before) == ["kolm"]
    # no pronoun, no name: nobody is spoken of
    assert people.referents("The vote was close.", before) == []
    # a quote that names someone speaks of them, not of whoever was named before
    assert people.referents("Ms Varga said she would resign.", before) == ["varga"]
