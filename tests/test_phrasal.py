"""Verbs with a particle ("kicking out") read as the plain verbs the articles write ("deport")."""

import re

import pytest

from bot.kb.chat import clean
from bot.kb.phrasal import _forms, in_plain_verbs


def _writes(article: str):
    """``has_phrase`` of articles that are this text: the phrase as a whole word or words."""
    return lambda phrase: re.search(rf"\b{re.escape(phrase)}\b", article, re.IGNORECASE) is not None


@pytest.mark.parametrize(("verb", "forms"), [
    ("go", ("go", "goes", "went", "gone", "going")),
    ("step", ("step", "steps", "stepped", "stepped", "stepping")),
    ("deport", ("deport", "deports", "deported", "deported", "deporting")),
    ("establish", ("establish", "establishes", "established", "established", "establishing")),
    ("lay", ("lay", "lays", "laid", "laid", "laying")),
    ("set", ("set", "sets", "set", "set", "setting")),
    ("escape", ("escape", "escapes", "escaped", "escaped", "escaping")),
    ("delay", ("delay", "delays", "delayed", "delayed", "delaying")),
    ("rise", ("rise", "rises", "rose", "risen", "rising")),
    ("send", ("send", "sends", "sent", "sent", "sending")),
    ("repay", ("repay", "repays", "repaid", "repaid", "repaying")),
])
def test_a_verbs_forms(verb, forms):
    assert tuple(_forms(verb).values()) == forms


DEPORTS = ("Pakistan's decision to deport millions of Afghans. The unit was established in 2019. "
           "Relations began souring in 2022. The militants seized Kabul and later surrendered "
           "their heavy weapons. The loan was repaid; 400 people registered. Police conducted "
           "the raid.")


@pytest.mark.parametrize(("question", "read"), [
    ("is pakistan kicking out all the afghans", "is pakistan deporting all the afghans"),
    ("did they kick them out?", "did they deport them?"),  # the object stays
    ("Pakistan Kicked Out the refugees", "Pakistan deported the refugees"),
    # a verb whose base and past are alike is a participle after "was" ...
    ("when was the unit set up", "when was the unit established"),
    ("what year was the financial crimes unit set up", "what year was the financial crimes unit "
                                                       "established"),
    ("has it been set up yet", "has it been established yet"),
    ("when did they set up the unit", "when did they establish the unit"),  # ... not after "did"
    ("how come they fell out", "how come they soured"),
    ("how many afghans have been sent back", "how many afghans have been deported"),
    ("when did the taliban take over", "when did the taliban seize"),
    ("did they give up their weapons", "did they surrender their weapons"),
    ("has the loan been paid back", "has the loan been repaid"),
    ("how many people signed up", "how many people registered"),
    ("who carried out the raid", "who conducted the raid"),
])
def test_a_phrasal_verb_is_read_as_the_plain_verb_the_articles_write(question, read):
    assert in_plain_verbs(question, _writes(DEPORTS)) == read


@pytest.mark.parametrize(("question", "article"), [
    # the articles write the phrasal verb itself, in some form
    ("when was the unit set up", "The unit was set up in 2019 and later established by law."),
    ("who kicked them out", "The landlord kicks out tenants and deported nobody."),
    # none of its plain verbs
    ("when was the unit set up", "The unit opened in 2019."),
    # "found" as the past of "find" is not "to found"
    ("when was the unit set up", "Inspectors found a leak in the unit in 2019."),
    # a verb of several common senses is left as it is: money "runs out", a lease "expires"
    ("when will the money run out", "The lease will expire in 2030."),
    ("whats going on", "Prices rose and jobs were created."),
    # "fell out of" is literal
    ("how many fell out of the boat", "Relations began souring in 2022."),
])
def test_a_phrasal_verb_stays_as_typed(question, article):
    assert in_plain_verbs(question, _writes(article)) == question


def test_clean_reads_a_phrasal_verb_only_when_it_knows_the_articles():
    assert clean("is pakistan kicking out all the afghans").text == (
        "is pakistan kicking out all the afghans")
    assert clean("is pakistan kicking out all the afghans", _writes(DEPORTS)).text == (
        "is pakistan deporting all the afghans")


@pytest.mark.parametrize("question", [
    "is pakistan kicking out all the afghans",
    "my cousin says pakistan is kicking out all the afghans, is that true",
    "why did pakistan kick out the afghans?",
    "how many afghans have been sent back",
    "why are afghans being sent back",
])
def test_kicking_out_finds_the_deportations(answerer, question):
    """The seed article says "deport" and "deportation": asked as people say it, the
    deportations come first, not a sentence on Pakistan and Afghanistan that is close in
    meaning (an attack "inside Afghanistan")."""
    answer = answerer.answer(question)
    assert answer.answered and "deport" in answer.excerpts[0].quote, answer.to_json()


def test_falling_out_finds_the_souring_of_relations(answerer):
    """"how come" asks why, and "fell out" is how people say relations soured: the seed
    article's "unexpected souring of relations" comes first, sure, and "come" is no word
    the articles are said to lack."""
    answer = answerer.answer("how come pak and the taliban fell out")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "souring of relations" in answer.excerpts[0].quote
    assert "come" not in answer.absent
