"""Three outcomes (sure, the closest passages, decline) and questions as people type them,
on the seed article, through the whole answer path with the semantic stage."""

import functools
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.kb.decide import Evidence, Outcome, decide
from bot.kb.query import Analyser
from bot.terminal import render_answer
from tests.conftest import ROOT


def _sure(answer) -> bool:
    return answer.answered and not answer.tentative


def _quotes(answer) -> str:
    return " ".join(e.quote for e in answer.excerpts)


def _assert_exact(answerer, answer) -> None:
    for e in answer.excerpts:
        assert e.quote.strip("…") == e.passage.text[e.start:e.end]


@pytest.mark.parametrize(("question", "expected"), [
    ("When was the Durand Line drawn?", "1893"),
    ("who mediated talks between pakistan and the ttp", "facilitated"),
    ("where do baloch separatists hide", "sanctuar"),
    ("how many policemen were killed in the first nine months of 2023", "208 police personnel"),
])
def test_a_sure_answer(answerer, question, expected):
    answer = answerer.answer(question)
    assert answer.answered and expected in answer.excerpts[0].quote, answer.to_json()
    _assert_exact(answerer, answer)


@pytest.mark.parametrize("question", [
    "when was the ttp founded?",
    "what did India say about the deportations?",
    "who is the leader of the ttp",
    # what someone said, of a sentence that sets a term in quotation marks ("strategic
    # depth") and a caption that names a minister: nothing said
    "what did india say about the taliban",
    "yo anyone know what pak fm said abt the refugees",
    # a count of an event the articles give no figure for: the glossary files "deported"
    # under refugees, and a sentence on attacks in 2023 is not about deportations
    "how many afghans were deported in 2023",
    # a name the articles lack, a place the glossary knows or written as a name: the
    # passages come close in meaning (Islamabad, Khyber Pakhtunkhwa), never to the name
    "what happened in karachi",
    "is peshawar safe",
    "what did nawaz sharif say about the taliban",
    "What happened in Karachi?",
    # the caretaker prime minister spoke, not a foreign minister
    "what did the foreign minister say about the ttp",
])
def test_a_near_miss_is_never_a_sure_answer(answerer, question):
    answer = answerer.answer(question)
    assert not _sure(answer), answer.to_json()
    if answer.answered:
        assert answer.tentative and answer.excerpts and "Not sure" in answer.message


@pytest.mark.parametrize("question", ["How do I bake sourdough bread?",
                                      "who won the champions league final last season",
                                      "asdfghjkl qwerty"])
def test_nothing_relevant_is_declined_naming_only_absent_words(answerer, kb, question):
    answer = answerer.answer(question)
    assert not answer.answered and answer.reason == "not_covered", answer.to_json()
    for word in answer.absent:
        assert not any(t in kb.index for t in kb.tokenizer.terms(word))
        assert word in answer.message


def test_a_decline_never_names_a_word_the_articles_contain(answerer):
    answer = answerer.answer("what did trump say about the weather in lahore today")
    assert "trump" not in answer.absent and "\"trump\"" not in answer.message


def test_a_word_only_a_title_holds_is_not_named_as_never_mentioned(semantic, tmp_path_factory):
    from bot.kb import Answerer, build_knowledge_base
    from tests.conftest import article_text

    folder = tmp_path_factory.mktemp("titled")
    (folder / "articles").mkdir()
    (folder / "articles" / "lottery.md").write_text(article_text(
        "lottery", title="Lottery operator denies rigging as whistleblower speaks out",
        body="Ticket sales fell by 14 per cent in the week after the claims were made."))
    answer = Answerer(build_knowledge_base(folder, semantic=semantic)).answer(
        "what did the whistleblower say about trump")
    assert "trump" in answer.absent and "whistleblower" not in answer.absent, answer.to_json()
    assert '"whistleblower"' not in answer.message


def test_the_tentative_outcome_in_json_and_in_the_terminal(answerer):
    answer = answerer.answer("when was the ttp founded?")
    data = answer.to_json()
    assert data["answered"] is True and data["tentative"] is True
    text = render_answer(answer)
    assert text.startswith("Not sure") and "[1]" in text
    sure = answerer.answer("When was the Durand Line drawn?")
    assert sure.to_json()["tentative"] is False and not render_answer(sure).startswith("Not sure")


def test_the_articles_own_summaries_in_the_terminal(answerer):
    text = render_answer(answerer.answer("what is this article about?"))
    assert text.startswith("What the article is about, in its own words.\n\n[1] ")
    assert "standfirst" in text


def test_chatty_messages_are_answered(answerer):
    answer = answerer.answer("hey so i was reading about the afghan deportations, can someone "
                             "explain why pakistan is suddenly kicking everyone out??")
    assert answer.answered and "deport" in _quotes(answer).lower()
    claim = answerer.answer("lol my uncle says the taliban promised pakistan everything would be "
                            "fine, is that what the article says?")
    assert claim.answered and "everything will be okay" in _quotes(claim)


@pytest.mark.parametrize(("question", "expected"), [
    ("who was the pak pm in aug 2021", "Imran Khan"),
    ("wat did the fm of afg do", "Muttaqi"),
    ("how many ppl did the isk attack kill in jul 2023", "54 people"),
    ("isk attack that killed fifty four people", "54 people"),
])
def test_abbreviations_and_numbers(answerer, question, expected):
    answer = answerer.answer(question)
    assert answer.answered and expected in _quotes(answer), answer.to_json()


def test_a_yes_no_question_gets_the_sentence_that_settles_it(answerer):
    answer = answerer.answer("is the pakistan afghanistan border well guarded?")
    assert answer.answered and "porous" in answer.excerpts[0].quote


def test_a_two_part_question_gets_a_quote_for_each_part(answerer):
    answer = answerer.answer("when was the durand line drawn and what did the ttp demand")
    quotes = [e.quote for e in answer.excerpts]
    assert any("1893" in q for q in quotes) and any("demand" in q.lower() for q in quotes)


def test_another_language_is_told_the_articles_are_english(answerer):
    answer = answerer.answer("¿Por qué Pakistán expulsa a los refugiados afganos?")
    assert not answer.answered and answer.reason == "language" and "English" in answer.message


def test_a_pointing_back_sentence_brings_its_subject(answerer):
    answer = answerer.answer("which group carried out a suicide attack on the embassy")
    quote = answer.excerpts[0].quote
    assert answer.answered and ("IS-K" in quote or "Islamic State" in quote), answer.to_json()


def test_a_long_follow_up_context_is_bounded(answerer):
    context = "Who was the ISI chief who went to Kabul? " * 400  # a very long reply chain
    answer = answerer.answer("what did he tell the media?", context=context)
    assert answer.answered and "everything will be okay" in _quotes(answer)


def test_the_command_line_json_has_the_tentative_key():
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], cwd=ROOT, check=True,
                            input="when was the ttp founded?\nWhen was the Durand Line drawn?\n",
                            capture_output=True, text=True, timeout=300)
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["tentative"] is True and second["tentative"] is False


def test_a_question_for_a_figure_is_not_sure_without_one(semantic, make_folder, tmp_path):
    from bot.kb import Answerer, build_knowledge_base
    from bot.kb.semantic import SemanticModel
    from bot.kb.vector_cache import VectorCache
    from tests.conftest import article_text

    model = SemanticModel(semantic.encoder, VectorCache(tmp_path / "cache"))
    body = ("The delegates left the talks angry after the second day.\n\n"
            "The talks resumed in the capital after a long pause.")
    kb = build_knowledge_base(make_folder({"t.md": article_text("t", body)}), semantic=model)
    answer = Answerer(kb).answer("how many delegates left the talks?")
    assert not answer.answered or answer.tentative, answer.to_json()


@pytest.mark.parametrize(("body", "unsure", "sure", "expected"), [
    # "how many" asks for a count or an amount: "on 11 March 2021" holds a figure, but not
    # one that counts anything
    ("The navy seized fishing boats off Velmir on 11 March 2021.\n\n"
     "On 2 May, forty-seven inmates of Morvast prison escaped through a tunnel.",
     "how many fishing boats did the navy seize off velmir",
     "how many inmates escaped from morvast prison?", "forty-seven inmates"),
    # "which company" asks for a named body the question does not give
    ("In Haldin, meanwhile, the new road has brought some of what its builders promised: "
     "a clinic, a school bus and a weekly market.\n\n"
     "The bridge at Orlo was built by Velcor Group in 2019 and carries the same road "
     "over the river.",
     "which company built the haldin road", "which company built the bridge at orlo",
     "Velcor Group"),
    # "what caused" asks for a cause, which a quote gives in words ("caused by"), not a
    # sentence on the fire alone
    ("A fire broke out at the Velmar substation on 9 August and burned for six hours, "
     "cutting power to eleven districts.\n\n"
     "The flooding at the Orlo pumping station was caused by a blocked drain, engineers said.",
     "what actually caused the fire at the velmar substation",
     "what caused the flooding at the orlo pumping station", "caused by a blocked drain"),
    # "how old" asks for an age, though every article uses "old" otherwise
    ("Teodor Vasch, the building's owner, was arrested at his home in the old town on "
     "17 March.\n\nAgnes Torvik, 71, has lived on the eleventh floor of Block C for 43 years.",
     "how old is teodor vasch", "how old is agnes torvik", "Agnes Torvik, 71"),
    # "how did X react" asks for X's reaction: not the minister's words on the same change
    ("The government raised the pension age to 65 on 1 March, and the finance minister said "
     "the change would save two billion marks a year.\n\n"
     "The teachers' union called the decision \u201ca betrayal of every classroom\u201d and "
     "promised a strike.",
     "how did the miners react to the pension age going up",
     "how did the teachers union react to the pension change", "a betrayal of every classroom"),
    # ... and a quote that gives it: not a sentence that only names X beside what it reacts to
    ("The programme reported that the ring-road contracts had been awarded without a tender "
     "to Brightwater Civil Works, a company part-owned by the minister's brother-in-law.\n\n"
     "Korvel Transport rejected the findings and said every contract had been tendered.",
     "how did brightwater civil works respond to the report",
     "how did korvel transport respond to the findings", "rejected the findings"),
    # ... and X's own, not a reaction to X ("called for Ms Varnhout's resignation")
    ("The opposition Civic Renewal party has rejected the inquiry and called for Ms "
     "Varnhout\u2019s resignation.\n\n"
     "Ms Orlova rejected the calls to resign, saying the exam board had acted within days.",
     "how did varnhout respond to the calls for her to resign",
     "how did orlova respond to the calls for her to resign", "rejected the calls to resign"),
    # "has the court ruled?" asks for an outcome: not the case being brought
    ("The farmers' league filed a suit before the Constitutional Tribunal in May, arguing "
     "that the felling orders amount to expropriation.\n\n"
     "In June the Supreme Court ruled that the fishing ban was unlawful and ordered the "
     "ministry to lift it.",
     "has the constitutional tribunal ruled on the league's suit yet",
     "what did the supreme court decide about the fishing ban", "ruled that the fishing ban"),
    # "what did the audit find?", "how did the council vote?" ask for a result: not a quote
    # that has it still to come
    ("The audit, carried out by the national Audit Chamber, is due to report by 15 November."
     "\n\nThe inquiry found that inspectors had skipped 41 checks on the Orlo bridge.",
     "what did the audit chamber find", "what did the inquiry find about the orlo bridge",
     "skipped 41 checks"),
    ("The council will vote on Ms Quenby's motion to close the depot on Thursday evening.\n\n"
     "Parliament voted 212 to 90 on 12 November to approve the depot subsidy.",
     "which way did the council vote on quenby's motion",
     "how did parliament vote on the depot subsidy", "voted 212 to 90"),
    # "who is X's president?" asks who holds a post of X: not the sentence introducing X
    ("The dispute has also drawn in Corvania's western neighbour, Velmora.\n\n"
     "The talks were hosted by Velmora's foreign minister, Anna Brel, in the spring.",
     "who is velmora's president", "who is velmora's foreign minister", "Anna Brel"),
    # ... and so does "which leader", "which brands"
    ("Opposition deputies have called for the transport minister's resignation.\n\n"
     "The Green Alliance leader, Lena Sorvik, has asked for an inquiry into the flood.",
     "which opposition leader called for the transport minister to resign",
     "which leader asked for an inquiry into the flood", "Lena Sorvik"),
    # "how many ... were injured" counts an event: not a count of those who marched
    ("On 2 March an estimated 340,000 protesters marched through Korvel against the pension "
     "reform.\n\nPolice said 37 people were arrested after clashes near the parliament on "
     "4 March.",
     "how many protesters were injured at the korvel march",
     "how many people were arrested near the parliament", "37 people were arrested"),
    # "when was X founded?" asks when X was founded: not the date of something X did
    ("The Corvel Bakers' Union, which represents 40 bakeries, filed a complaint with the "
     "court in February.\n\nThe Orlo Fishers' Guild was founded in 1952 by eleven families.",
     "when was the corvel bakers union founded", "when was the orlo fishers guild founded",
     "founded in 1952"),
    # ... and "when did X become minister?" when X became minister
    ("Marta Kessel, the transport minister, told parliament in September that the line "
     "would open.\n\nPavel Orn became finance minister in March 2021, after the election.",
     "when did marta kessel become transport minister",
     "when did pavel orn become finance minister", "became finance minister in March 2021"),
    # "what was the rent?" asks for a sum, "what is the unemployment rate?" for a figure
    ("The original lease of 1994 limited night flights to emergencies.\n\n"
     "Under the new lease Halvard pays a rent of €38m a year for the airbase.",
     "what was the rent in the original 1994 lease",
     "what is the rent under the new lease", "€38m a year"),
    ("Obesity rates in Velmir move over decades, not months, the health minister said.\n\n"
     "The unemployment rate in Velmir stood at 8.4 percent in June.",
     "whats the obesity rate in velmir", "what was the unemployment rate in velmir in june",
     "8.4 percent"),
    # "who was minister before X?" asks for someone else: not the sentence on X in office
    ("Health Minister Annika Vestrel said on 11 November that the pens would arrive from "
     "Calveria.\n\nTomas Brek was transport minister until 2019, when Ilse Varn replaced him.",
     "who was health minister before annika vestrel", "who replaced tomas brek",
     "Ilse Varn replaced him"),
    # "how much is a litre of petrol?" asks for a price, not for litres
    ("Since 15 April, motorists in Velmir have been limited to 20 litres of petrol a week.\n\n"
     "In Orlo a litre of diesel now costs 2.40 dinars, twice what it did in March.",
     "how much is a litre of petrol in velmir now", "how much is a litre of diesel in orlo",
     "2.40 dinars"),
    # ... and "the name of X" a name the question does not give
    ("Four officers of the Kelmar port inspectorate, including its deputy director, were "
     "arrested on suspicion of taking bribes.\n\n"
     "The inquiry is chaired by a retired judge, Henrike Almos, who was appointed in April.",
     "whats the name of the deputy director of the kelmar port inspectorate who got arrested",
     "what is the name of the retired judge chairing the inquiry", "Henrike Almos"),
    # ... and "which company" not a quote that speaks of one only as "a foreign company"
    ("In Velmir, the old bridge was designed by a foreign company for the Orlo council in "
     "1931.\n\n"
     "The new bridge was designed by a company of engineers, Halbrook and Venn, in 2019.",
     "which company designed the old bridge in velmir", "which company designed the new bridge",
     "Halbrook and Venn"),
    # ... nor "the name of X's leader" a quote on X's name that speaks of no leader
    ("The Orlo Dockers' Union takes its very name from the old guild of Saint Bram.\n\n"
     "The leader of the Velmir Porters' Union, Marta Kessel, called the strike in May.",
     "what is the name of the orlo dockers union leader",
     "what is the name of the velmir porters union leader", "Marta Kessel"),
    # "what month" asks for a month: not a year alone
    ("A smaller landslide near Velmir in 1998 closed the mountain road for three weeks.\n\n"
     "The Orlo bridge collapsed in March 2015 after a week of heavy rain.",
     "what month in 1998 was the landslide near velmir",
     "what month did the orlo bridge collapse", "March 2015"),
    # "what year" asks for a year: not a time of another kind ("two days after", "five months")
    ("Petar Voss, a former national champion, resigned two days after the audit, having led "
     "the campaign for five months.\n\nThe Orlo bridge was built in 1931 by the Velmir council.",
     "what year did petar voss win the national title", "what year was the orlo bridge built",
     "1931"),
    # "how many of the N X" asks for a part of N: not a quote that gives N alone
    ("The Velmir hospital performed 184 transplants last year, the second most in the "
     "country.\n\nOf the 212 flats in the Orlo plan, 40 would be let as affordable housing.",
     "how many of the 184 transplants at velmir hospital were kidneys",
     "how many of the 212 flats in the orlo plan would be affordable housing",
     "40 would be let as affordable housing"),
    # "what did X think of Y?" asks for X's words: not a quote on Y that names someone else
    ("The Velmir council approved a 50 million dinar package for the harbour on Monday, after a "
     "campaign led by the fisherman Petar Voss.\n\n"
     "\u201cIt is too little, too late,\u201d Marta Kessel, the head of the porters\u2019 union, "
     "said of the harbour package.",
     "what did petar voss think of the council's harbour package",
     "what did marta kessel think of the council's harbour package", "too little, too late"),
    # "what came out of X?" asks for a result: not a quote that has X still to come
    ("A parliamentary committee is due to hold a hearing on the Velmir printing contract on "
     "4 March.\n\nThe hearing on the Orlo contract ended with the committee referring it to "
     "prosecutors.",
     "what came out of the hearing on the velmir printing contract",
     "what came out of the hearing on the orlo contract", "referring it to prosecutors"),
    # "how much is X investing?" asks for a sum of money: not a count of jobs
    ("A battery factory planned by the Aurel Group near Velmir is expected to create 1,100 "
     "jobs when it opens.\n\nThe Orlo Group is investing 400 million dinars in a cement plant "
     "near Orlo.",
     "how much is the aurel group investing in the velmir factory",
     "how much is the orlo group investing in its cement plant", "400 million dinars"),
    # "how old" of a thing: when it was founded or built, or its century; of someone, not the
    # founding of what they founded
    ("The spaceport is run by Northwake, a company founded in 2017 by the engineer Mattias "
     "Ruud.\n\nVelmir is best known for its 14th-century monastery, which stands above the "
     "village.",
     "how old is mattias ruud", "how old is the monastery in velmir", "14th-century monastery"),
    # "how big" asks for a size, in figures or in words
    ("The governing coalition has held power in Velmir since the election of 2019.\n\n"
     "The Orlo coalition has a majority of just four seats in the upper house.",
     "how big is the velmir coalition's majority",
     "how big is the orlo coalition's majority in the upper house",
     "a majority of just four seats"),
], ids=["a year or a date is not a count", "which company needs a quote that names one",
        "what caused needs a quote that gives a cause", "how old needs an age",
        "how did X react needs X", "how did X respond needs a response",
        "how did X respond needs X's own response",
        "has it ruled needs an outcome",
        "what did X find needs a finding", "how did X vote needs the vote",
        "who is X's president needs its holder", "which leader needs a quote that names one",
        "how many were injured needs the injuries", "when founded needs the founding",
        "when did X become needs the becoming", "what was the rent needs a sum",
        "what is the rate needs a figure", "who was it before X needs someone else",
        "how much is a litre needs a price", "the name of X needs a name",
        "which company needs one named, not one of a kind",
        "the name of a leader needs a leader", "what month needs a month",
        "what year needs a year", "how many of N needs a part",
        "what X thought needs X's words",
        "what came out of X needs a result", "how much invested needs a sum",
        "how old needs an age, a founding or a century", "how big needs a size"])
def test_unsure_without_what_is_asked_sure_with_it(semantic, tmp_path_factory, body, unsure,
                                                   sure, expected):
    answerer = answerer_of_one(semantic, tmp_path_factory, "asked", body)
    without = answerer.answer(unsure)
    assert without.answered and without.tentative, without.to_json()
    found = answerer.answer(sure)
    assert found.answered and not found.tentative, found.to_json()
    assert expected in found.excerpts[0].quote


@pytest.mark.parametrize(("question", "expected"), [
    ("how long has the mayor backed the harbour union", "since the strike of 2009"),
    ("since when has the mayor backed the harbour union", "since the strike of 2009"),
    ("how long has the ferry crossed between the islands", "for 61 years"),
])
def test_since_when_is_answered_by_since_or_for_how_long(make_folder, question, expected):
    """"Since when" and "how long has" ask for the start or the length of a state: the
    sentence that says "since ..." or "for 61 years", not any sentence with a date. (Words
    alone, no model: the two sentences hold the same words.)"""
    from bot.kb import Answerer, build_knowledge_base
    from tests.conftest import article_text

    body = ("The mayor backed the harbour union at a rally in 2015.\n\n"
            "The mayor has backed the harbour union since the strike of 2009.\n\n"
            "The ferry crossed between the islands in 2020 after a refit.\n\n"
            "The ferry has crossed between the islands for 61 years.")
    answerer = Answerer(build_knowledge_base(make_folder({"t.md": article_text("t", body)})))
    answer = answerer.answer(question)
    assert answer.answered and expected in answer.excerpts[0].quote, answer.to_json()
    assert answer.excerpts[0].score > answer.excerpts[1].score


@pytest.mark.parametrize(("text", "amount"), [
    ("The ferry was built in 1987.", False),
    ("It sank on 11 March, at 3 pm.", False),
    ("It sank on March 11th in the 1990s.", False),
    ("Forty-seven inmates escaped on 2 May.", True),
    ("The crown lost 19 percent of its value.", True),
    ("Roughly 1.1 million Valdrians work abroad.", True),
    ("Twelve boats were seized in 2021.", True),
    ("The alarm sounded at 11.47 p.m. on Sunday.", False),
    ("By 2.40 the roof had gone.", False),
    ("A litre of diesel now costs 2.40 dinars.", True),  # a price, not a time
    ("The fund holds 4.25 billion crowns.", True),
])
def test_a_count_is_a_figure_that_is_not_a_year_a_date_or_a_time(text, amount):
    from bot.kb.annotate import HAS_AMOUNT, HAS_NUMBER, figure_kinds

    kinds = figure_kinds(text)
    assert kinds & HAS_NUMBER
    assert bool(kinds & HAS_AMOUNT) is amount


def test_a_two_word_name_must_stand_as_a_name(answerer):
    # the article has "United States" and "nations", never "United Nations"
    answer = answerer.answer("what did the UN say about pakistan deporting afghans")
    assert not answer.answered or answer.tentative, answer.to_json()
    assert not answerer.answer("What did Imran Khan say when the Taliban took Kabul?").tentative


def test_a_sentence_that_opens_with_a_time_does_not_lean_back(answerer):
    answer = answerer.answer("what did the report released in september show")
    assert answer.excerpts[0].quote.startswith("This September"), answer.to_json()


def test_a_two_part_question_the_whole_of_which_is_answered_is_sure(answerer):
    whole = answerer.answer("who was the pakistani prime minister in august 2021 and what did "
                            "he say about the taliban")
    assert whole.answered and not whole.tentative, whole.to_json()
    assert "Imran Khan" in " ".join(e.quote for e in whole.excerpts)


PEOPLE_ARTICLE = """\
The inquiry was led by a panel of three judges. Its chair, Ilse Wendlacher, a retired
supreme court judge from Ostria, opened the hearings in March.

“We will read every page,” Wendlacher said in her first statement, promising a report
by the end of the year. Wendlacher has refused interviews since the hearings began, and
Wendlacher is expected to report in December.

Shipping lines have called the agreement between the two ports unfair for years.

The inquiry is looking at the 2019 agreement between the two ports, known formally as the
Harrow Quay Compact, which set the fees that shipping lines pay at both ends.

A senior official at the transport ministry, who asked not to be named, admitted that the
ministry had ignored early warnings from the harbour master. “We were told, and we did
not listen,” he said. “The ministry owes the port an apology.”
"""


def answerer_of_one(semantic, tmp_path_factory, article_id: str, body: str,
                    glossary: str | None = None):
    """An answerer over a knowledge folder of one article (and no glossary but the one
    given, as YAML)."""
    from bot.kb import Answerer, build_knowledge_base
    from tests.conftest import article_text

    folder = tmp_path_factory.mktemp(article_id)
    (folder / "articles").mkdir()
    (folder / "articles" / f"{article_id}.md").write_text(article_text(article_id, body))
    if glossary is not None:
        (folder / "glossary.yaml").write_text(glossary)
    return Answerer(build_knowledge_base(folder, semantic=semantic))


def decided(monkeypatch, answerer, question: str):
    """The evidence an answer to ``question`` was decided on, and the answer."""
    import bot.kb.answer as answer_module

    seen = []
    monkeypatch.setattr(answer_module, "decide",
                        lambda evidence: seen.append(evidence) or decide(evidence))
    answer = answerer.answer(question)
    return seen[-1], answer


def one_article(article_id: str, body: str):
    """A module fixture: an answerer over a knowledge folder of that one article."""
    @pytest.fixture(scope="module")
    def answerer(semantic, tmp_path_factory):
        return answerer_of_one(semantic, tmp_path_factory, article_id, body)
    return answerer


people = one_article("inquiry", PEOPLE_ARTICLE)


def test_a_question_of_keywords_needs_the_kind_it_ends_on(people):
    # "named" holds the word, but the quote names no one
    assert not _sure(people.answer("harbour master name"))
    assert "Ilse Wendlacher" in people.answer("inquiry chair name").excerpts[0].quote


def test_who_is_someone_gets_the_sentence_that_introduces_them(people):
    # "Wendlacher said ..." names her too; the answer is what she is
    for question in ("who is ilsa wendlacher", "who's wendlacher", "who is wendlacher",
                     "what does wendlacher do for a living"):
        answer = people.answer(question)
        first = answer.excerpts[0].quote
        assert "a retired supreme court judge" in first and not answer.tentative, (question,
                                                                                  first)


def test_what_is_it_called_gets_the_sentence_that_gives_the_name(people):
    answer = people.answer("whats the agreement between the two ports called")
    assert "known formally as the Harrow Quay Compact" in answer.excerpts[0].quote


def test_who_said_goes_back_past_a_pronoun_to_the_speaker(people):
    quote = people.answer("who said the ministry owes the port an apology").excerpts[0].quote
    assert quote.startswith("A senior official at the transport ministry") and "apology" in quote


DESCRIBED_SPEAKER_ARTICLE = """\
The budget was cut twice before the flood. A senior official at the finance ministry, who
spoke on condition of anonymity because the inquiry is continuing, said the warnings had
reached the minister in May. “Nobody upstairs wanted to hear it,” the official said. “They
wanted the road finished before the election.”

The Fund said it would publish its own review.
"""

described = one_article("budget", DESCRIBED_SPEAKER_ARTICLE)


@pytest.mark.parametrize(("question", "said"), [
    ("who said nobody upstairs wanted to hear it", "Nobody upstairs wanted to hear it"),
    # the second sentence of the quotation: back to where it opens, then to the speaker
    ("“they wanted the road finished before the election” who said that",
     "finished before the election"),
])
def test_who_said_goes_back_past_what_the_speaker_is_to_who_they_are(described, question,
                                                                     said):
    # "..., the official said.": the sentence before introduces the official; the quote
    # brings it, once (no second quote of the same sentences)
    answer = described.answer(question)
    quote = answer.excerpts[0].quote
    assert quote.startswith("A senior official at the finance ministry"), quote
    assert said in quote
    spans = [(e.passage.id, e.start, e.end) for e in answer.excerpts]
    assert not any(p == q and a < d and c < b for i, (p, a, b) in enumerate(spans)
                   for (q, c, d) in spans[i + 1:]), spans


STRAIGHT_QUOTES_ARTICLE = """\
For many on the factory floor, the fight is personal. Lena Varga, a 29-year-old engraver, is
the fourth generation of her family to work at Orlen. "My great-grandmother packed bottles
here," she said. "If the furnaces go out, they won't come back on. You can't restart three
hundred years of skill from a spreadsheet."

The company said the rezoning request was routine.
"""
straight = one_article("straight", STRAIGHT_QUOTES_ARTICLE)


def test_who_said_the_end_of_a_quotation_in_straight_quotes(straight):
    # a quotation in straight quotes: its last sentence goes back to where it opens, then
    # past "she said" to the sentence that names her, as in curly quotes
    quote = straight.answer("who said you can't restart three hundred years of skill from a "
                            "spreadsheet").excerpts[0].quote
    assert "Lena Varga" in quote and "spreadsheet" in quote, quote


def test_a_misspelt_short_name_is_read_as_the_name(people):
    # four letters: corrected to a name of the articles, never from or to common English
    analyser = people.analyser
    assert analyser.correct("ilsa") == "ilse"
    assert analyser.correct("ostia") == "ostria"
    assert analyser.correct("pots") is None  # "ports" is English; so is "pots"
    assert analyser.correct("harr") is None  # "harrow" is two letters away


DAM_ARTICLE = """\
The Varno dam, which cost $2.1 billion, was finished in March after six years of work. Its
reservoir now floods the valley above the town of Kelst.

Farmers in Kelst say the river below the dam carries half the water it did. The town's
mayor, Oda Brisk, said the town would sue.

The border between the two countries runs for 640 kilometres along the river.
"""


dam = one_article("dam", DAM_ARTICLE)


@pytest.mark.parametrize("question", ["how tall is the varno dam", "whats the population of kelst",
                                      "who heads the town of kelst"])
def test_what_is_asked_about_must_be_in_the_quote_when_the_articles_lack_its_word(dam, question):
    # the dam, Kelst and the town are all there; a height, a population, a head are not
    answer = dam.answer(question)
    assert not answer.answered or answer.tentative, answer.to_json()


def test_a_figure_of_the_kind_asked_for_or_a_close_word_keeps_an_answer_sure(dam):
    for question, words in (("how long is the border", "640 kilometres"),
                            ("how expensive was the varno dam", "$2.1 billion")):
        answer = dam.answer(question)
        assert answer.answered and not answer.tentative, answer.to_json()
        assert words in answer.excerpts[0].quote


def test_a_possessive_introduction_and_a_name_in_brackets(semantic, tmp_path_factory):
    body = ("Protests spread to the capital on Friday, and Brenner was blamed by the press.\n\n"
            "Ostria’s foreign minister, Lena Brenner, said on Monday that the talks had failed.\n\n"
            "The talks were run by the Harbour Users’ Council (HUC) until the spring, when "
            "the council collapsed.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "ostria", body)
    assert "Ostria’s foreign minister, Lena Brenner" in answerer.answer(
        "who is brenner").excerpts[0].quote
    assert "Harbour Users’ Council (HUC)" in answerer.answer(
        "what is the huc called in full").excerpts[0].quote


POSTS_ARTICLE = """\
The lease on the Korsk base runs out next year, and the two governments are far apart on
its price.

The prime minister, Anders Kolm, has made the base a test of the country's standing. Mr Kolm
told parliament on Thursday that Drovania would not sign a lease written in the language of
1994.

Finance Minister Edit Varga, who must find the money for a new runway, has been more
cautious. She has asked the treasury for an estimate of what closing the base would cost.
"""


@pytest.mark.parametrize(("question", "sure", "expected"), [
    # the post asked about is the one the article gives the person the quote names ...
    ("wat did the pm tell parliament abt the lease", True, "Mr Kolm told parliament"),
    # ... or calls "she" after naming her
    ("what has the fm asked the treasury for", True, "She has asked the treasury"),
    # another post of that kind is someone else
    ("what did the finance minister tell parliament about the lease", False, "Mr Kolm"),
])
def test_a_post_is_held_by_the_name_of_whoever_holds_it(semantic, tmp_path_factory, question,
                                                        sure, expected):
    answerer = answerer_of_one(semantic, tmp_path_factory, "korsk", POSTS_ARTICLE)
    answer = answerer.answer(question)
    assert answer.answered and answer.tentative is not sure, answer.to_json()
    assert expected in _quotes(answer)


ELECTION_ARTICLE = """\
The count took eleven days. Its chief returning officer, Marek Sollan, a former judge,
announced on Sunday that turnout had reached 61 percent.

Kostanj has not conceded, and her party has filed a challenge with the constitutional
court. She said the court had two weeks to rule.

Drawing on leaked memos and internal invoices, reporters alleged that 312 polling stations
had reported more votes than voters. The memos were later published by the Corvan Gazette.

The Sabrine Chamber of Commerce says its members have lost $3 million. Its president, Yara
Dovlek, said that business in the border towns of Marvonia had halved.
"""


election = one_article("election", ELECTION_ARTICLE)


@pytest.mark.parametrize(("question", "words"), [
    # a name the model has never seen: the cosine is low, the introduction is the answer
    ("who is marek sollan", "a former judge"),
    ("who is the chief returning officer", "Marek Sollan"),
    # every word of a yes/no question in the sentence that settles it
    ("has kostanj conceded", "has not conceded"),
])
def test_an_answer_the_words_settle_is_sure_though_its_meaning_is_not_close(
        election, question, words):
    answer = election.answer(question)
    assert answer.answered and not answer.tentative, answer.to_json()
    assert words in answer.excerpts[0].quote


def test_a_post_holder_is_named_beside_the_names_the_question_gives(election):
    from bot.kb.answer import _names_holder

    query = election.analyser.analyse("who is the president of marvonia")
    holder = functools.partial(_names_holder, query=query, is_name=election._is_name,
                               terms_of=election._terms_of)
    assert holder("Marvonia’s president, Yara Dovlek, said the talks had failed.")
    assert holder("Yara Dovlek, the president of Marvonia, said the talks had failed.")
    # the post in a clause after the name: "who was then ...", "who is now ..."
    assert holder("In May, Yara Dovlek, who was then Marvonia’s president, said the talks "
                  "had failed.")
    assert holder("Yara Dovlek, who is now the president of Marvonia, said the talks had "
                  "failed.")
    # the president of something else; Marvonia named later, about something else
    assert not holder("Its president, Yara Dovlek, said that business in the border towns "
                      "of Marvonia had halved.")


HOLDERS_ARTICLE = """\
The Coastal Warning Agency (CWA) runs the sirens along the river. Ilse Varnholt, the
director-general of the CWA, said the agency had relied on the contractor's word.

The Orvan Metro Transit Authority (OMTA) carries 310,000 passengers a day and insists the
new rosters are legal. Its chief executive, Anton Mirecki, said the old rosters wasted money.
"""


@pytest.mark.parametrize(("question", "holder"), [
    # a post written with a hyphen ("director-general"), asked in two words or abbreviated
    ("who's the CWA dg", "Ilse Varnholt"),
    ("who is the director general of the cwa", "Ilse Varnholt"),
    # "Its chief executive, X": its, the body the sentence before names
    ("who's the omta ceo", "Anton Mirecki"),
])
def test_a_post_holder_is_named_in_the_posts_own_forms(semantic, tmp_path_factory, question,
                                                       holder):
    answer = answerer_of_one(semantic, tmp_path_factory, "holders", HOLDERS_ARTICLE).answer(
        question)
    assert answer.answered and not answer.tentative, answer.to_json()
    assert holder in answer.excerpts[0].quote


@pytest.mark.parametrize(("question", "sure"), [
    ("which two architects are helping the save the corvane group", False),
    ("which airline flew the first freighter out", False),
    ("which airline flew the medicines to velmar", True),
])
def test_which_asks_for_a_name_the_quote_must_give(semantic, tmp_path_factory, question, sure):
    body = ("Working with two local architects, the Save the Corvane group has drafted a "
            "phased restoration plan for the Corvane theatre.\n\nThe first freighter to "
            "depart, a twin-engine aircraft carrying medicines, lifted off at 6:42 a.m. on "
            "Thursday.\n\nThe airline Norvik Air flew the medicines on to Velmar on Friday.")
    answer = answerer_of_one(semantic, tmp_path_factory, "named", body).answer(question)
    assert answer.answered and answer.tentative is not sure, answer.to_json()


@pytest.mark.parametrize(("body", "sure"), [
    ("Prosecutors have named Mr Alder and eleven other suspects, among them two of his "
     "cousins and the owner of the Kessarin shop where the winning tickets were sold.", False),
    ("Prosecutors have named the owner of the Kessarin shop, Ilse Marrow, as a suspect.", True),
])
def test_a_name_asked_for_stands_beside_what_it_names(semantic, tmp_path_factory, body, sure):
    answer = answerer_of_one(semantic, tmp_path_factory, "owner", body).answer(
        "whats the name of the kessarin shop owner")
    assert answer.answered and answer.tentative is not sure, answer.to_json()


def test_a_post_written_with_a_hyphen_is_the_post_asked_in_two_words(election):
    from bot.kb.answer import _names_holder

    query = election.analyser.analyse("who is the director general of the cwa")
    assert _names_holder("Ilse Varnholt, the director-general of the CWA, said the agency had "
                         "relied on the contractor.", query, election._is_name,
                         election._terms_of)


def test_a_count_about_as_large_as_the_askers_guess_is_sure(semantic, tmp_path_factory):
    body = ("Beekeepers across the north began reporting empty hives in March, and the union "
            "has called for a ban on the new pesticide.\n\nThe losses amount to roughly 420 "
            "million bees, according to an estimate by the beekeepers' union.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "bees", body)
    # the quote says "losses", not "died": unsure without the guess, sure with it
    plain = answerer.answer("how many bees died in total?")
    assert plain.answered and plain.tentative, plain.to_json()
    guessed = answerer.answer("how many bees died in total, like 400 million?")
    assert guessed.answered and not guessed.tentative, guessed.to_json()
    assert "420 million bees" in guessed.excerpts[0].quote
    # a guess far from every figure of the quote vouches for nothing
    far = answerer.answer("how many bees died in total, like 5 million?")
    assert far.answered and far.tentative, far.to_json()


def test_a_guess_that_misses_is_no_word_the_quote_must_hold(semantic, tmp_path_factory):
    body = ("The ministry approved the renovation in 2014.\n\nWhen the project was approved, "
            "the renovation was budgeted at 128 million ducats and scheduled to take four "
            "years.\n\nFreight forwarders say the detour adds roughly 40 percent to transport "
            "costs.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "budget", body)
    # 100 million is no figure of the quote, nor near enough to vouch for one
    answer = answerer.answer("what was the original budget, like 100 mil?")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "128 million ducats" in answer.excerpts[0].quote
    # a share is no count: "like 40" is not vouched for by "40 percent"
    ships = answerer.answer("how many ships are stuck at the port, like 40?")
    assert not ships.answered or ships.tentative, ships.to_json()


def test_a_guess_brings_the_figure_near_it_before_another(semantic, tmp_path_factory):
    body = ("By the time of the ruling, 4,118 drivers had lodged formal appeals against their "
            "fines, and around 11,000 notices were still unpaid.\n\nThe new cameras on the "
            "corridor fined more than 38,000 drivers before the tribunal ruled.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "fines", body)
    answer = answerer.answer("how many drivers got fined in total, is it like 40k?")
    assert answer.answered, answer.to_json()
    assert "38,000 drivers" in answer.excerpts[0].quote
    # a guess near no figure leaves the order as it was
    other = answerer.answer("how many drivers got fined in total, is it like 900?")
    assert "38,000 drivers" not in other.excerpts[0].quote


def test_how_old_brings_the_age_of_whom_it_asks_first(semantic, tmp_path_factory):
    body = ("Lisko is due back in court on December 3, when a trial date for Lisko is expected "
            "to be set.\n\nProsecutors allege that Lisko took the volumes home over eleven "
            "years and that Lisko sold them.\n\nEdvard Lisko, 64, who ran the rare books "
            "department until his retirement, appeared in court on Tuesday, charged with "
            "theft and forgery in the case.\n\nGreta Holm, 67, a retired teacher, said she "
            "was shocked by the theft.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "ages", body)
    answer = answerer.answer("how old is lisko")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "Edvard Lisko, 64" in answer.excerpts[0].quote
    # not another's age: "Greta Holm, 67" does not say how old the prosecutors are
    other = answerer.answer("how old are the prosecutors")
    assert "Greta Holm" not in other.excerpts[0].quote


UNSEEN = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "unseen-sample"


@pytest.mark.skipif(not UNSEEN.is_dir(), reason="../shared/eval is not beside the project")
def test_the_quote_with_a_figure_near_the_guess_comes_first(semantic):
    from bot.kb import Answerer, build_knowledge_base

    answerer = Answerer(build_knowledge_base(UNSEEN, semantic=semantic))
    # the words find "300 trucks a day" first; "2,300 lorries" is near the guess
    lorries = answerer.answer("how many lorries are stuck, around 2000?")
    assert lorries.answered and not lorries.tentative, lorries.to_json()
    assert "2,300 lorries" in lorries.excerpts[0].quote
    near = answerer.answer("how many trucks did halden gate handle a day, like 1500?")
    assert near.answered and not near.tentative, near.to_json()
    assert "1,400 trucks a day" in near.excerpts[0].quote


def test_who_runs_a_body_is_answered_by_the_holder_of_its_post(semantic, tmp_path_factory):
    from bot.kb.answer import _names_holder, _Scored

    body = ("Kessvik Ship Repair, a smaller yard that has serviced the icebreaker for two "
            "decades, says it offered to fit a replacement shaft within three weeks. Its "
            "managing director, Pekka Olund, said the agency had never replied.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "holders", body)
    query = answerer.analyser.analyse("who runs kessvik ship repair")
    assert "managing director" in query.posts
    # the sentence on the yard brings the one after it, which names its managing director
    on_yard = _Scored(1.0, 0, 0, 0)
    held = answerer._with_holder(on_yard)
    assert held.sentence == 1
    assert not answerer._introduced(query, answerer._quote_text(on_yard))
    assert answerer._introduced(query, answerer._quote_text(held))
    # a post without "the" before it: "X, chairman of the Federation of Upland Farmers"
    chairs = answerer.analyser.analyse("who chairs the federation of upland farmers")
    assert _names_holder("\"It is far away,\" said Piet Aldous, chairman of the Federation of "
                         "Upland Farmers.", chairs, answerer._is_name, answerer._terms_of,
                         chairs.posts)
    assert not _names_holder("\"It is far away,\" said Piet Aldous, a farmer.", chairs,
                             answerer._is_name, answerer._terms_of, chairs.posts)


def test_a_count_is_not_held_by_years_measures_and_sums_alone(semantic, tmp_path_factory):
    body = ("Kessvik Ship Repair, a smaller yard that has serviced the icebreaker for two "
            "decades, says it offered to fit a replacement shaft within three weeks for about "
            "9 million dalers.\n\nThe port authority said the stoppage began in 2024.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "yard", body)
    for quote, counts in [
            (body.split("\n\n")[0], False),
            ("It cost $38 million in 2019, and took 40 minutes.", False),
            ("The losses amount to roughly 420 million bees.", True),
            ("The yard employs about 120 people.", True),
            # a word the model's vocabulary lacks is a currency only after a scale
            ("A queue of more than 2,300 lorries stretches 17 kilometres.", True),
            ("In 2019, 61 per cent backed it.", True)]:
        assert answerer._counts_nothing(quote) is not counts, quote
    answer = answerer.answer("how many ppl work at kessvik ship repair")
    assert answer.answered and answer.tentative, answer.to_json()


def test_a_misspelt_post_is_held_by_the_name_after_it(semantic, tmp_path_factory):
    body = ("The Ministry of Education has since split the work among four smaller printers."
            "\n\nEducation Minister Tomas Ravik told parliament on 8 February that every pupil "
            "would have their books by March.")
    answer = answerer_of_one(semantic, tmp_path_factory, "books", body).answer(
        "who is the educaton minster")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "Tomas Ravik" in answer.excerpts[0].quote


@pytest.mark.parametrize(("thing", "quote", "unnamed"), [
    ("supermarket", "Residents now rely on a supermarket that receives deliveries.", True),
    ("architect", "It was drafted with two local architects over eight years.", True),
    ("judge", "A panel of five judges found by four votes to one for the city.", True),
    # named beside it, after or before, or with a capital among its words
    ("contractor", "It was built by a contractor, Ostmar Halbrook, in 2021.", False),
    ("firm", "It was designed by a firm of engineers, Halbrook and Venn.", False),
    ("lawyer", "They hired a lawyer called Anna Berg.", False),
    ("contractor", "It was built by Ostmar Halbrook, a contractor from the north.", False),
    ("contractor", "It was built by a Veldrian contractor in 2021.", False),
    # the thing itself, not one of a kind; or not spoken of at all
    ("judge", "The judge adjourned the case, and a lawyer objected.", False),
    ("judge", "A lawyer objected.", False),
])
def test_a_thing_to_name_spoken_of_only_as_one_of_a_kind(election, thing, quote, unnamed):
    assert election._unnamed_only(thing, quote) is unnamed


def test_a_post_holder_is_named_beside_a_name_the_glossary_knows(answerer):
    """"the pakistani caretaker prime minister": "Pakistan's caretaker prime minister, X"
    holds "pakistani" through the glossary, not the word's stem."""
    answer = answerer.answer("what is the name of the pakistani caretaker prime minister")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "Anwar-ul-Haq Kakar" in answer.excerpts[0].quote


def test_a_date_must_stand_in_the_clause_with_what_is_asked(election):
    query = election.analyser.analyse("when was the party founded")
    assert election._figure_near(query, "In 2018, the party was founded in the hills.")
    assert not election._figure_near(
        query, "The party, which won the vote in 2021, was founded on a shared ideology.")
    # a "when" clause is dated by the clause it follows, however long
    assert election._figure_near(
        query, "On the morning of 3 October 2018, when the party was founded in the hills, "
        "its leader was in prison.")
    assert not election._figure_near(
        query, "On the morning of 3 October 2018, the leader was in prison, and the party "
        "was founded in the hills.")


@pytest.mark.parametrize(("evidence", "outcome"), [
    # every word in the quote itself: meaning need not be as close, even for a datum ...
    (dict(similarity=0.35, in_quote=True, asks_datum=True), Outcome.SURE),
    (dict(similarity=0.25, in_quote=True, echo=True, asks_datum=True), Outcome.SURE),
    # ... but not for "who is X?", nor when the date asked for is elsewhere in the sentence,
    # nor when a name only the paragraph holds makes the words whole
    (dict(similarity=0.35, in_quote=True, asks_who=True, asks_datum=True), Outcome.TENTATIVE),
    (dict(similarity=0.35, in_quote=True, figure_near=False, asks_datum=True),
     Outcome.TENTATIVE),
    (dict(similarity=0.35, in_quote=False, asks_datum=True), Outcome.TENTATIVE),
    # the sentence introduces the person "who is X?" names
    (dict(similarity=0.05, asks_who=True, introduced=True), Outcome.SURE),
    (dict(similarity=0.05, asks_who=True, introduced=True, focus_found=False), Outcome.TENTATIVE),
    # the asker quotes a phrase of the quote, which holds the rest of the question too
    (dict(similarity=0.15, quoted=True), Outcome.SURE),
    (dict(similarity=0.15, quoted=True, support=0.9), Outcome.TENTATIVE),
    (dict(similarity=0.15, quoted=True, figure_near=False), Outcome.TENTATIVE),
    # ... and asks who said it: the rest of the question need not be held
    (dict(similarity=0.15, quoted=True, speaker_quoted=True, support=0.6), Outcome.SURE),
    # asked what someone said, of a quote that reports nothing said
    (dict(similarity=0.7, reports_speech=False), Outcome.TENTATIVE),
    (dict(similarity=0.35, in_quote=True, reports_speech=False), Outcome.TENTATIVE),
])
def test_the_decision_on_words_held_and_introductions(evidence, outcome):
    assert decide(Evidence(**{"coverage": 1.0, "support": 1.0, **evidence})) is outcome


@pytest.mark.parametrize(("evidence", "outcome"), [
    # an open question ("why", "what happened") is sure of a quote close in meaning that
    # holds a lesser share of its words ...
    (dict(similarity=0.5, support=0.55), Outcome.SURE),
    # ... if some of them are its ordinary words, not its names alone
    (dict(similarity=0.5, support=0.55, plain_support=0.2), Outcome.TENTATIVE),
    (dict(similarity=0.4, support=0.55), Outcome.TENTATIVE),
    (dict(similarity=0.5, support=0.45), Outcome.TENTATIVE),
    # a question for a datum (a figure, a date, a person) needs the larger share ...
    (dict(similarity=0.5, support=0.55, asks_datum=True), Outcome.TENTATIVE),
    (dict(similarity=0.5, support=0.85, asks_datum=True), Outcome.SURE),
    # ... and what it asks of the names it gives: "how many crew were on the Aurelia Star?"
    # is not answered by the ship's price, however close the meaning
    (dict(similarity=0.65, support=0.55, plain_support=0.0, asks_datum=True), Outcome.TENTATIVE),
    (dict(similarity=0.65, support=0.55, plain_support=0.5, asks_datum=True), Outcome.SURE),
    # an open question sure by the larger share stays sure on its names
    (dict(similarity=0.75, support=0.8, plain_support=0.0), Outcome.SURE),
    # an open question whose words the quote holds, ordinary words too, needs only a loose
    # closeness; a question for a datum does not
    (dict(similarity=0.3, support=0.85, plain_support=0.85), Outcome.SURE),
    (dict(similarity=0.3, support=0.85, plain_support=0.5), Outcome.TENTATIVE),
    (dict(similarity=0.3, support=0.7, plain_support=0.85), Outcome.TENTATIVE),
    # ... and the closer the meaning, the fewer of its words
    (dict(similarity=0.4, support=0.6, plain_support=0.85), Outcome.SURE),
    (dict(similarity=0.4, support=0.6, plain_support=0.5), Outcome.TENTATIVE),
    (dict(similarity=0.2, support=0.85, plain_support=0.85), Outcome.TENTATIVE),
    (dict(similarity=0.3, support=0.85, plain_support=0.85, asks_datum=True), Outcome.TENTATIVE),
    # "how many complaints?" of a quote that puts a figure before the complaints, and holds
    # most of the rest of the question, is sure however far the meaning ...
    (dict(similarity=0.3, support=0.65, plain_support=0.5, asks_datum=True, count_given=True),
     Outcome.SURE),
    # ... but not of one that holds little else of it, nor of one without the figure asked
    (dict(similarity=0.3, support=0.5, plain_support=0.5, asks_datum=True, count_given=True),
     Outcome.TENTATIVE),
    (dict(similarity=0.3, support=0.65, plain_support=0.5, asks_datum=True, count_given=True,
          holds_asked=False), Outcome.TENTATIVE),
    # nothing even loosely close in meaning ("who wrote pride and prejudice?" of articles that
    # write "wrote"): a decline rather than the closest passages ...
    (dict(similarity=0.05, nearest=0.12, support=0.6), Outcome.DECLINE),
    # ... but an answer sure on its words stays sure
    (dict(similarity=0.1, nearest=0.12, support=1.0, quoted=True), Outcome.SURE),
    # "when did the tunnel cave in?" of a quote that dates it in the clause with what is asked,
    # and holds most of the question, is sure however far the meaning ...
    (dict(similarity=0.25, support=0.75, plain_support=0.5, asks_datum=True, date_given=True),
     Outcome.SURE),
    # ... not of one that holds less of it, nor of one far in meaning
    (dict(similarity=0.25, support=0.65, plain_support=0.5, asks_datum=True, date_given=True),
     Outcome.TENTATIVE),
    (dict(similarity=0.15, support=0.75, plain_support=0.5, asks_datum=True, date_given=True),
     Outcome.TENTATIVE),
    # a question of keywords ("solbrek mayor name") whose every word the quote holds, with
    # the kind of thing it ends on, is sure however far the meaning
    (dict(similarity=0.1, support=1.0, asks_datum=True, keywords=True), Outcome.SURE),
    (dict(similarity=0.1, support=0.9, asks_datum=True, keywords=True), Outcome.TENTATIVE),
])
def test_an_open_question_and_a_question_for_a_datum(evidence, outcome):
    assert decide(Evidence(coverage=1.0, **evidence)) is outcome


SHIP_ARTICLE = """\
Built in 1987 for a coastal operator in northern Europe, the Aurelia Star was bought by Brancu
Coastal Lines in 2019 for 4.1 million crowns.

The Aurelia Star was caught in the storm of 12 March, when her engine failed off the island of
Pell.

The Inland Seas Trade Council, a regional body of seven states, has invited the owners and the
insurers to talks in March.

Villagers on Pell say the harbour lights had not worked for weeks, and that the coastguard boat
took more than three hours to arrive because one of its crew was on leave.
"""


ship = one_article("ship", SHIP_ARTICLE)


@pytest.mark.parametrize(("question", "expected"), [
    ("when was the aurelia star built", "1987"),
    ("who bought the aurelia star", "Brancu Coastal Lines"),
    # the quote names the ship and holds figures, but nothing of its crew (the articles
    # speak of a crew elsewhere)
    ("how many crew were on the aurelia star", None),
    ("what was the name of the ferry's captain", None),
])
def test_a_quote_must_hold_what_is_asked_of_the_names(ship, question, expected):
    answer = ship.answer(question)
    assert _sure(answer) is bool(expected), answer.to_json()
    if expected:
        assert expected in answer.excerpts[0].quote


def test_words_the_quote_capitalises_are_names_not_what_is_asked(ship, monkeypatch):
    evidence, answer = decided(
        monkeypatch, ship, "has the inland seas trade council settled disputes like this before")
    assert "Inland Seas Trade Council" in answer.excerpts[0].quote
    # "inland", "seas", "trade" and "council" are the quote's name; "settled" and "disputes"
    # are what is asked, and the quote holds neither
    assert evidence.support > 0.5 and evidence.plain_support == 0.0, evidence


@pytest.mark.parametrize(("question", "given"), [
    ("how many crew did the coastguard boat have", False),  # "one of its crew": no figure
    ("how many hours did the coastguard boat take to arrive", True),  # "three hours"
    ("how many states are in the inland seas trade council", True),  # "of seven states"
    ("how many people are in the trade council", False),  # "people" counts anything
])
def test_a_count_is_given_when_a_figure_stands_before_what_is_counted(ship, monkeypatch,
                                                                       question, given):
    evidence, _ = decided(monkeypatch, ship, question)
    assert evidence.count_given is given, evidence


ZOO_ARTICLE = """\
Korvenna Municipal Zoo has been closed to visitors since December, after the deaths of seven
animals.

Visitor numbers, which provide more than half of the zoo's income, fell to 612,000 last year,
down from 804,000 in 2019, the last full year before the pandemic closures.

The zoo now has 41 full-time keepers, down from 58 three years ago.

The council sent the zoo's board a second warning letter in December.
"""
zoo = one_article("zoo", ZOO_ARTICLE)  # dated 2024-01-02: its "last year" is 2023


@pytest.mark.parametrize(("question", "held"), [
    ("how many visitors did the zoo get in 2021?", False),
    ("how many visitors did the zoo get in 2023?", True),  # "last year", from the article's date
    ("how many visitors did the zoo have in twenty nineteen", True),
    ("how many visitors came last year, like 600k?", True),  # a guess, not asked about
    ("how many keepers were there 3 years ago", True),  # "three years ago"
    ("how many keepers did the zoo have in 2020", False),
    ("how many keepers start at 9:30", True),  # a time, written "9.30am" as often
    ("did the zoo get 700,000 visitors in 2021?", True),  # yes or no: the quote may correct it
    # a month given as a date, as the articles write it
    ("how many animals died in december", True),
    ("how many visitors did the zoo get in august", False),
    ("did the zoo close in may?", True),  # yes or no
    # a place in order, in figures or in words
    ("what did the council's 2nd letter say", True),
    ("what did the council's 3rd letter say", False),
    ("what did the council's second letter say", True),  # in words, as the article
    ("what did the council's third letter say", False),
    ("what did the first letter say", True),  # "first" is any
])
def test_the_figures_a_question_gives_are_in_the_paragraph(zoo, monkeypatch, question, held):
    evidence, answer = decided(monkeypatch, zoo, question)
    assert evidence.figures_held is held, evidence
    if not held:
        assert answer.answered and answer.tentative, answer


MINE_ARTICLE = """\
The Kessel Miners' Federation rejected the plan within hours and called an indefinite strike,
its first all-out strike since 1998.

The march was the largest the capital has seen since the end of military rule in 1987.

The mine's owners closed the eastern shaft in 2009 after a flood.
"""
mine = one_article("mine", MINE_ARTICLE)


@pytest.mark.parametrize(("question", "held"), [
    # the year only as the point the strike is counted from: nothing of what happened then
    ("what happened during the 1998 miners strike", False),
    ("what was the biggest march in the capital in 1987", False),
    ("why did the owners close the eastern shaft in 2009", True),
    ("have the miners struck since 1998?", True),  # yes or no
    ("what strike has there been since 1998", True),  # asked from that year on, as written
])
def test_a_year_given_only_as_the_point_counted_from_is_not_held(mine, monkeypatch, question,
                                                                  held):
    evidence, answer = decided(monkeypatch, mine, question)
    assert evidence.figures_held is held, evidence
    if not held:
        assert answer.answered and answer.tentative, answer


BOARD_ARTICLE = """\
The agreement was reached by the Joint Restitution Commission (JRC), a body of eleven members with
a chair nominated by both countries.

The Harbour Board is chaired by Elsa Varhoff, a retired judge. One newspaper ran the headline
"Whose port is it?" across its front page.

The Karst Highlands Liberation Front (KHLF) has fought for an independent homeland since 1994.

The junta has detained nine members of the ousted government, among them the defence minister.
"""
board = one_article("board", BOARD_ARTICLE)


@pytest.mark.parametrize(("question", "held"), [
    # someone to be named: not the body asked about, written out, nor "a chair"
    ("who chairs the jrc", False),
    ("who leads the khlf now", False),
    ("who is the chair of the joint restitution commission", False),
    ("who chairs the harbour board", True),
    # a post asked for is someone to be named
    ("who is the defence minister that got detained", False),
    ("who's the harbour board chair", True),
    ("who ran the headline about the port", True),  # a newspaper, named or not
])
def test_who_leads_something_needs_someone_named(board, monkeypatch, question, held):
    evidence, answer = decided(monkeypatch, board, question)
    assert evidence.holds_asked is held, evidence
    if not held:
        assert answer.answered and answer.tentative, answer


@pytest.mark.parametrize(("question", "months"), [
    ("how many were reported in august", ("august",)),
    ("what happened on 3 june and on july 4th", ("june", "july")),
    ("since early may?", ("may",)),
    ("what happened at the march", ()),  # a march, not March
    ("it may be closed in the meantime", ()),
])
def test_the_months_a_question_gives_as_dates(zoo, question, months):
    assert zoo.analyser.analyse(question).months == months


CAP_ARTICLE = """\
The price cap fixes the retail price of a standard loaf at 2.40 korun.

The cap is currently due to expire on 30 June, though ministers have the power to extend it
by decree.

Bakers say the cap was introduced without any consultation.
"""
cap = one_article("cap", CAP_ARTICLE)


@pytest.mark.parametrize("question", ["when does the price cap expier",
                                      "when does the price cap expire"])
def test_the_event_a_date_is_of_is_read_as_corrected(cap, monkeypatch, question):
    evidence, answer = decided(monkeypatch, cap, question)
    assert evidence.focus_found, evidence  # "expire" in "... due to expire on 30 June"
    assert "30 June" in answer.excerpts[0].quote


CLASHES_ARTICLE = """\
The march ended in clashes with police near the central station. The interior ministry said 64
people had been arrested and 23 officers injured.

Velsa, a town of about 6,000 people on the new line, has seen no protests. Its council, a body
of eleven members, owns a fleet of 12 buses.

Thousands of migrant workers living in Dorn have left since the line opened.

Before the works began, some 300 people lived on barges moored by the station.

A petition against the line was signed by 4,200 people.

The depot is run by a cooperative owned by 820 member drivers.
"""
clashes = one_article("clashes", CLASHES_ARTICLE)


@pytest.mark.parametrize(("question", "given"), [
    # a word that counts anything ("people"), with the event counted right after it ...
    ("how many people were arrested in the clashes", True),
    ("how many ppl got arrested", True),
    # ... not with another event
    ("how many people died in the clashes", False),
    ("how many people died in velsa", False),
    # without an event, a place's or a body's size in people, as what it is "of"
    ("how many people live in velsa", True),
    ("how many ppl sit on the council", True),
    ("how many people ride the council's buses", False),  # "a fleet of 12 buses"
    ("how many people lived on the barges", True),  # "300 people lived on its barges"
    # ... or the event before "by" and the figure: "signed by 4,200 people"
    ("how many ppl signed the petition against the line", True),
    ("how many people marched against the line", False),  # signed, not marched
])
def test_a_count_of_people_is_given_with_the_event_counted(clashes, monkeypatch, question,
                                                          given):
    evidence, _ = decided(monkeypatch, clashes, question)
    assert evidence.count_given is given, evidence


@pytest.mark.parametrize(("text", "size"), [
    ("Koranz, a town of about 6,000 people at the southern portal", True),
    ("a project that has split this town of 11,400 people", True),
    ("the commission, a body of six engineers", True),
    ("the camp houses some 84,000 refugees", True),
    ("the island, home to 3,800 people", True),
    ("the population tally, which now stands at 11.42 million", True),
    ("a fleet of 12 buses", False),
    ("the town of Penwick, where 200 people marched", False),
    ("millions of Afghans living in Pakistan", False),
])
def test_a_size_in_people(text, size):
    from bot.kb.facts import gives_size
    from bot.kb.text import words

    assert gives_size(words(text)) is size


@pytest.mark.parametrize(("question", "holds"), [
    ("how many people live in velsa", True),
    # a count of people who live there, not how many live there
    ("how many people live in dorn", False),
    ("how many people were arrested in the clashes", True),
    # asked who are members, the members counted
    ("how many people are members of the cooperative", True),
    ("how many ppl r members of the coop", True),
    # a population is a size too: not those living there who left
    ("what's the population of velsa", True),
    ("what is the population of dorn", False),
])
def test_a_count_of_those_who_live_somewhere_is_not_its_size(clashes, monkeypatch, question,
                                                             holds):
    evidence, answer = decided(monkeypatch, clashes, question)
    assert evidence.holds_asked is holds, (evidence, answer.excerpts[:1])
    assert holds or answer.tentative


@pytest.mark.parametrize(("question", "datum"), [
    ("how many crew were on the ship", True),
    ("when did the ferry sink", True),
    ("who owns the ferry", True),
    ("what was the name of the trainee on duty", True),
    ("which company insured the ferry", True),
    ("which insurance company paid for the ferry", True),
    ("what shipyard was the ferry built in", True),
    ("what else did the ferry carry", False),
    ("what storms has the ferry come through", False),  # things to tell, not one to name
    ("what storm did the ferry sink in", True),
    ("what day did the ferry sink", True),
    ("why did the ferry sink", False),
    ("what happened to the ferry", False),
])
def test_a_question_for_a_datum(ship, question, datum):
    assert ship.analyser.analyse(question).asks_datum is datum


HARBOUR_ARTICLE = """\
The power cuts began in March, when the grid operator, Korvel Energy, shut two of its three
turbines for repairs that were meant to take a week.

Ivo Dravek has run the ferry between Drask and the island of Pell for thirty years. “We have
waited long enough for light,” he said, pointing at the dark quay, where the lamps have not
worked since the spring.

The harbour master says the port lost $2 million in April alone. Fishing boats now land their
catch at Lunn, forty kilometres to the north.

Talks between the two towns broke down in January. A ceasefire between the rival fishing crews
was agreed in February. The truce has held, but little else has.

The Border Monitoring Network, a group of volunteers, counted 214 crossings in May.

The ferrymen’s union was unimpressed. “A repair that takes a week should not take a season,”
its chairman told reporters on the quay.
"""


harbour = one_article("harbour", HARBOUR_ARTICLE)


def test_an_asker_who_quotes_the_article_is_answered_surely(harbour):
    answer = harbour.answer("what did dravek mean with the waited long enough for light thing")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "waited long enough for light" in answer.excerpts[0].quote
    # a phrase of the quote that says nothing of what is asked: not sure
    answer = harbour.answer("what did dravek say about the grid operator")
    assert answer.answered and answer.tentative, answer.to_json()


def test_the_articles_phrases_are_found_for_reading_abbreviations(harbour):
    assert harbour._has_phrase("harbour master")
    assert not harbour._has_phrase("finance minister")
    assert not harbour._has_phrase("master harbour")


@pytest.mark.parametrize(("question", "sure"), [
    ("what did dravek say about the lamps", True),
    # every word in the sentence, but nothing said in it: a near-miss
    ("what did korvel energy say about the repairs", False),
    ("what korvel energy said about the repairs", False),
])
def test_what_someone_said_needs_a_quote_that_reports_speech(harbour, question, sure):
    answer = harbour.answer(question)
    assert answer.answered and answer.tentative is not sure, answer.to_json()


def test_a_quoted_phrase_is_three_words_in_a_row_that_are_not_a_name(harbour):
    quote = "The Border Monitoring Network, a group of volunteers, counted 214 crossings."
    assert harbour._quotes_phrase("what was the group of volunteers counting", quote)
    assert not harbour._quotes_phrase("when did the border monitoring network publish", quote)
    assert not harbour._quotes_phrase("how many crossings did volunteers count", quote)


def test_a_short_sentence_that_leads_in_brings_what_follows(harbour):
    quote = harbour.answer("what did the ferrymen's union make of the repairs").excerpts[0].quote
    assert quote.startswith("The ferrymen’s union was unimpressed. “A repair that takes a week")
    # a sentence that does not lean on the one before comes only as a short quote's next
    # (``SHORT_PAIR``), not into the sentence the second ranking scores
    quote = harbour.answer("when did the talks between the towns break down").excerpts[0].quote
    assert quote == ("Talks between the two towns broke down in January. A ceasefire between "
                     "the rival fishing crews was agreed in February.")


def test_an_irregular_verb_finds_its_other_forms(harbour):
    # "holding" and "held": the stemmer alone keeps them apart
    # (with the quote chosen just before it: "A ceasefire ... was agreed in February.")
    assert harbour.answer("is the ceasefire holding").excerpts[0].quote.endswith(
        "The truce has held, but little else has.")


def test_a_quote_is_replaced_by_its_continuation_when_that_scores_almost_as_well(
        semantic, tmp_path_factory):
    body = ("The camp’s refugee committee is an elected body of 32 members. It wrote to the "
            "organisers of the donor conference in March, asking for a seat at the table. It "
            "has not yet received a reply.\n\n"
            "The committee also runs the camp’s schools and its water points.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "committee", body)
    answer = answerer.answer("has the refugee committee heard back from the conference organisers")
    assert "It has not yet received a reply." in answer.excerpts[0].quote, answer.to_json()
    assert answer.excerpts[0].quote.startswith("The camp’s refugee committee")


def test_a_misspelt_name_is_read_the_same_way_whatever_the_order_of_the_words(
        semantic, tmp_path_factory):
    # "laner" is one letter from the name "Lanner" and from the word "lane"
    body = "Sophie Lanner runs a charity in the town. Her office is on a narrow lane."
    answerer = answerer_of_one(semantic, tmp_path_factory, "lanner", body)
    assert answerer.analyser.correct("laner") == "lanner"
    for order in (["lane", "lanner"], ["lanner", "lane"]):  # a set's order changes by process
        words = SimpleNamespace(common_words={"lane"}, rare_words=frozenset(),
                                _buckets={"l": order})
        assert Analyser.correct(words, "laner") == "lanner"


# a datum asked for and found, then every word of a question and not its datum: "when" needs
# a date or a time, "how many firefighters" a count, not "40 minutes after firefighters"
@pytest.mark.parametrize(("body", "found", "shown", "unfound", "closest"), [
    ("The ferry Aurelia Star sank off the port of Calvessa in a winter storm.\n\nDivers from "
     "the coast guard reached the wreck on Thursday, four days after the sinking. The owners "
     "have promised to raise the hull from the seabed, but have not said when they will do so.",
     "when did divers reach the wreck", "on Thursday",
     "when will the owners raise the hull", "have not said when"),
    ("The fire reached the ridge above Belcastro on the night of 3 August.\n\nThe first alert "
     "reached the town almost 40 minutes after firefighters on the ridge had radioed that the "
     "flames had jumped the firebreak. By morning the regional service had sent 212 "
     "firefighters to Belcastro.",
     "how many firefighters were sent to belcastro", "212 firefighters",
     "how many firefighters radioed from the ridge", "40 minutes after firefighters"),
])
def test_a_datum_is_sure_when_found_not_on_the_words_alone(semantic, tmp_path_factory, body,
                                                           found, shown, unfound, closest):
    answerer = answerer_of_one(semantic, tmp_path_factory, "datum", body)
    answer = answerer.answer(found)
    assert shown in answer.excerpts[0].quote and not answer.tentative, answer.to_json()
    # not sure, and the quote with every word among the closest passages (the second ranking
    # may put first a sentence with a figure, which answers it no better)
    answer = answerer.answer(unfound)
    assert answer.tentative and any(closest in e.quote for e in answer.excerpts), answer.to_json()


def test_a_question_for_money_needs_a_sum_of_money(ship):
    analyse = ship.analyser.analyse
    assert analyse("how much was the catch worth").asks_money
    assert analyse("how much did brancu pay for the ship").asks_money
    assert analyse("how much does a kessing blue glass go for at auction").asks_money
    assert analyse("how much did the painting sell for").asks_money
    assert analyse("how much would one fetch").asks_money
    assert analyse("how much is the group investing in the factory").asks_money
    assert analyse("how much funding did the council get").asks_money
    assert analyse("how much did the bank lend them").asks_money
    assert analyse("how much is the deposit per bottle").asks_money
    assert analyse("how much is the water levy per household").asks_money
    assert not analyse("how much land does he own").asks_money
    assert not analyse("by how much did the ship's budget fall").asks_money
    assert not analyse("how much of the ship is the state paying for").asks_money
    for quote, money in [("It was bought for 4.1 million crowns.", True),
                         ("She earns 1,940 korvas a month.", True),  # a currency of no English
                         # a country's word between the figure and the currency
                         ("It cost 340,000 Astravian crowns.", True),
                         ("It carries a fine of up to \u20ac500,000.", True),
                         ("Its hold contained roughly 18 tonnes of hake.", False),
                         ("It pays a stipend to some 340 village elders.", False),
                         ("Prices have climbed 46 per cent.", False),
                         ("It employs 3 Kestrian engineers.", False),
                         # plurals the model's vocabulary has only in the singular
                         ("A machine there produces 6,000 loaves an hour.", False),
                         ("The bakery sends out 300 batches a night.", False),
                         ("It rose to 21,500 saras.", True),  # not the name "Sara"
                         # a sum in words
                         ("The government released five million ducats.", True),
                         ("It was bought for four hundred crowns.", True),
                         ("Shoppers pay a deposit of 20 cents a bottle.", True),
                         ("Some five hundred villagers marched.", False),
                         ("It was founded by eleven glassblowers.", False),
                         # a comma after a year is no part of a figure: "a" is no currency
                         ("In 2017, a plan was shelved after a nine-day strike.", False),
                         ("By 1.30, an hour had passed.", False)]:
        assert ship._holds_money(quote) is money, quote


def test_a_misspelt_name_may_be_further_off_than_a_misspelt_word(semantic, tmp_path_factory):
    # a name is one edit further from a word of six to eight letters that is not common
    # English, its first letter may be written as it sounds, and a rare English word of four
    # or five letters may be one misspelt; a common word is never read as a name
    body = ("Lenna Vik, a nurse in Drumholt, met Radu Feldmann of the dockers' union and Piet "
            "Korvath, an engineer. Their friend Tomasz Gordan keeps bees with Jurek Halász.")
    analyser = answerer_of_one(semantic, tmp_path_factory, "names", body).analyser
    assert analyser.correct("feldmen") == "feldmann"
    assert analyser.correct("corvath") == "korvath"
    assert analyser.correct("lena") == "lenna"
    assert analyser.correct("tomas") == "tomasz"
    assert analyser.correct("halas") == "halasz"  # one letter from "Halász", its accent aside
    assert analyser.correct("garden") is None  # two letters from "Gordan", and English
    assert analyser.correct("river") is None
    # a word of English after a name the articles hold may be a misspelt name: "agneta solo"
    body = "Agneta Sollo has grown rice on the same eleven hectares since 1994."
    analyser = answerer_of_one(semantic, tmp_path_factory, "rice", body).analyser
    assert analyser.analyse("who is agneta solo").corrections == {"solo": "sollo"}
    assert analyser.analyse("who played a solo").corrections == {}
    assert analyser.correct("solo") is None


def test_a_misspelt_surname_is_the_name_written_after_the_first_name(semantic,
                                                                      tmp_path_factory):
    """A word too short or too far off to be corrected alone ("moro", "vel", "vaz") is the
    name the articles write after the first name it is typed with, one or two letters off."""
    body = ("Hedda Morrow, a retired teacher, wrote to the board in May. Tomas Vell keeps sheep "
            "above the pass. “We take nothing,” said Anton Keller-Vasz, the water minister. "
            "The Morrow report was read by Lena Mord.")
    analyser = answerer_of_one(semantic, tmp_path_factory, "surnames", body).analyser
    assert analyser.analyse("how does hedda moro feel").corrections == {"moro": "morrow"}
    assert analyser.analyse("what did tomas vel find").corrections == {"vel": "vell"}
    assert analyser.analyse("what did anton keler vaz promise").corrections == {
        "keler": "keller", "vaz": "vasz"}  # the hyphen joins the two surnames
    # not after a word that is no name, nor to a name that begins with another letter, nor
    # further than two letters off
    assert analyser.analyse("what did the vel say").corrections == {}
    assert analyser.analyse("what did tomas fell find").corrections == {}
    assert analyser.analyse("what did hedda mxyzz say").corrections == {}


def test_how_come_asks_why_and_come_is_no_word_asked_about(answerer):
    query = answerer.analyser.analyse("how come pakistan deported afghans")
    assert query.expects == "reason"
    assert "come" not in [w.surface for w in query.own_words]


def test_a_word_spelt_the_other_way_is_the_articles_word(semantic, tmp_path_factory):
    """"defense" of articles that write "defence" is the same word, though a word of English
    of five letters ("labor") is never corrected, and a correction keeps the first letter
    ("enquiry" is not "inquiry")."""
    body = ("The defence minister told the labour union that the inquiry would report in "
            "June. The centre will close.")
    analyser = answerer_of_one(semantic, tmp_path_factory, "spellings", body).analyser
    assert analyser.analyse("what did the defense minister tell the labor union").corrections == {
        "defense": "defence", "labor": "labour"}
    assert analyser.analyse("when will the enquiry report").corrections == {"enquiry": "inquiry"}
    assert analyser.analyse("when will the center close").corrections == {"center": "centre"}
    query = analyser.analyse("what did the defense minister tell the labor union")
    assert all(w.known for w in query.own_words), query.own_words


def test_the_model_reads_a_misspelt_question_as_corrected(answerer):
    """A misspelt word is only word pieces to the embedding model: the meaning of
    "polise personel" is that of "police personnel"."""
    typed = answerer.answer("how many polise personel were killed in 2023")
    meant = answerer.answer("how many police personnel were killed in 2023")
    assert typed.corrections == {"polise": "police", "personel": "personnel"}
    assert typed.similarity == pytest.approx(meant.similarity, abs=1e-6)
    assert typed.excerpts[0].quote == meant.excerpts[0].quote


SPEAKERS_ARTICLE = """\
Rescuers pulled a girl alive from the school in Hadeli on the third day. “We could hear them
calling for two days,” said Petar Voss, a baker whose daughter Ilinka was pulled from the rubble.

The closure came two weeks after Zelterra raised its transit fee for lorries, a move Marvonian
hauliers said would wipe out their margins.

Castellane’s patience is wearing thin. Its chief executive, Henrik Aasgaard, said in December
that the company “cannot continue to fund losses indefinitely”.
"""


speakers = one_article("speakers", SPEAKERS_ARTICLE)


@pytest.mark.parametrize(("question", "quote", "other"), [
    ("what did ilinka voss say", "said Petar Voss, a baker", True),
    ("what did petar voss say", "said Petar Voss, a baker", False),
    ("what did voss say about the rubble", "said Petar Voss, a baker", False),
    ("what did zelterra say about the fee", "a move Marvonian hauliers said", True),
    ("what did marvonia say about the fee", "a move Marvonian hauliers said", False),
    ("what did the castelane ceo henrik asgaard say about losses", "Henrik Aasgaard, said", False),
    # a pronoun may stand for anyone
    ("what did ilinka voss say", "“Stay calm,” she said.", False),
    # ... but not for the one the words are spoken to or of
    ("what did petar voss say", "In a letter to the baker, Petar Voss, she wrote that it was "
                                "over.", True),
    ("what did henrik aasgaard say", "a petition addressed to Henrik Aasgaard", True),
    ("what did petar voss say", "According to Petar Voss, it was over.", False),
    ("what did petar voss say", "Petar Voss wrote to the mayor.", False),
    # a verb of saying names the speaker, "replied" or "conceded" as "said"
    ("what did ilinka voss say", "Petar Voss replied that it was over.", True),
    ("what did ilinka voss say", "Petar Voss conceded that it was over.", True),
    ("what did petar voss say", "Petar Voss replied that it was over.", False),
    # a name that qualifies a role, or says where the speaker is from, does not name them
    ("what did the zelterra transport minister say about the fee",
     "said Ilse Marrant, Zelterra’s transport minister", False),
    ("what did the marvonian prime minister say", "Prime Minister Jana Kettuvel told", False),
    ("what did the baker in hadeli say", "said Petar Voss, a baker", False),
    # ... but one who stands in the quote only as spoken of is not the speaker
    ("what did the zelterra government say about the fee", "hauliers have asked the "
     "government to lift the fee on lorries from neighbouring Zelterra", True),
    ("what did the zelterra transport ministry say", "A spokesman for the Zelterra transport "
     "ministry said only that it would be reviewed.", False),
    # the role asked, but another's, and its speech after "has"
    ("what did the zelterra government say about the fee", "The Marvonian government has "
     "declared a state of emergency.", True),
    ("what did the zelterra government say about the fee", "The government has declared a "
     "state of emergency.", False),
    ("what did the marvonian government say about the fee", "In Marvonia, the Marvonian "
     "government has declared a state of emergency.", False),
    ("what did ilinka voss say", "Petar Voss himself has said that it was over.", True),
    # someone unnamed spoke, of the one asked about or not
    ("what did petar voss say", "One official, who spoke on condition of anonymity, said that "
     "Petar Voss had personally intervened.", True),
    ("what did petar voss say", "A rescuer, who asked not to be named, said the school was "
     "empty.", True),
    ("what did petar voss say", "Petar Voss, who spoke on condition of anonymity, said the school "
     "was empty.", False),
    # one named set off after what they are ("the health minister, Ilse Marrant, told") spoke;
    # one who speaks for "it" ("its chief executive, X, said") speaks for what is asked
    ("what did petar voss say", "The transport minister, Ilse Marrant, told parliament that "
     "Petar Voss would lead the review.", True),
    ("what did ilse marrant say", "The transport minister, Ilse Marrant, told parliament that "
     "Petar Voss would lead the review.", False),
    ("what did castellane say", "Its chief executive, Henrik Aasgaard, said the company was "
     "disappointed.", False),
    # a place the asked are at may be written as where something is ("a café in Hadeli")
    ("what did the people at the cafe in hadeli say about it", "At a café in the old quarter "
     "of Hadeli, opinions were divided. \u201cIt is over,\u201d said Petar Voss, a baker.", False),
    # a first name misspelt, though a word the model knows, is the one written
    ("what did matias voss say", "said Matthias Voss, a baker", False),
    ("what did matias voss say", "said Tobias Voss, a baker", True),
])
def test_whose_words_a_quote_reports(speakers, question, quote, other):
    from bot.kb.chat import clean

    query = speakers.analyser.analyse(clean(question, speakers._has_phrase).text)
    assert speakers._someone_else_spoke(query, quote) is other


@pytest.mark.parametrize(("quote", "other"), [
    # named only as an owner, of what is not a voice of their own: the seed's sentence on
    # Kakar's statement reports the Taliban's denial, not his words
    ("While the Afghan Taliban denies Pakistan\u2019s claims, Kakar\u2019s statement reflects the "
     "unexpected souring of relations between the two countries.", True),
    ("Kakar\u2019s spokesman said the claims stood.", False),
    ("Kakar\u2019s caretaker government said the claims stood.", False),  # his role speaks
    ("Anwar-ul-Haq Kakar claimed that the surge of terrorism was linked to Afghanistan.", False),
])
def test_a_name_as_an_owner_is_not_the_speaker(answerer, quote, other):
    query = answerer.analyser.analyse("what did kakar say")
    assert answerer._someone_else_spoke(query, quote) is other


@pytest.mark.parametrize(("question", "paragraph", "there"), [
    ("what did petar voss say about the school", "Rescuers pulled", True),
    # a paragraph that never names him reports someone else's words
    ("what did petar voss say about the losses", "Castellane", False),
    # a role may be written otherwise ("its chief executive"): not asked for by name
    ("what did the castellane ceo say about losses", "Castellane", True),
    # a role a name qualifies: the role there too, not the name alone
    ("what did the marvonian prime minister say about the fee", "The closure came", False),
    ("what did the marvonian hauliers say about the fee", "The closure came", True),
    # ... but a title before a person's name names them: the name is enough
    ("what did chief executive henrik aasgaard say", "Castellane", True),
])
def test_what_someone_said_is_in_a_paragraph_that_names_them(speakers, question, paragraph,
                                                              there):
    from bot.kb.chat import clean

    query = speakers.analyser.analyse(clean(question, speakers._has_phrase).text)
    at = next(i for i, p in enumerate(speakers.kb.passages) if p.text.startswith(paragraph))
    assert speakers._speaker_there(query, speakers.kb.passage_terms(at)) is there


@pytest.mark.parametrize(("quote", "speech"), [
    ("A spokesman for the prime minister called the claim “a fantasy”.", True),
    ("“We could hear them calling for two days,” said Petar Voss.", True),
    ("The attackers, a group that calls itself Grey Ledger, published 2,400 records.", False),
    ("The ministry called off the talks on Friday.", False),
    # the end of a quotation opened in a sentence before
    ("The delay was not a failure of courage; it was a failure of funding.\u201d", True),
    ("The delay was caused by fog on the ridge.", False),
    ("The sign at the gate read \u201cClosed\u201d.", False),
])
def test_what_someone_called_it_is_what_they_said(quote, speech):
    from bot.kb.speakers import SAYS_SOMETHING

    assert bool(SAYS_SOMETHING.search(quote)) is speech


def test_what_someone_said_is_not_sure_of_what_another_said(speakers):
    for question in ("what did ilinka voss say after she was pulled out",
                     "what did zelterra say about the transit fee"):
        answer = speakers.answer(question)
        assert answer.answered and answer.tentative, answer.to_json()


def test_what_an_acronym_stands_for_is_the_sentence_that_writes_it_out(semantic, tmp_path_factory):
    body = ("The prison held 1,430 men on the night of the escape, according to figures from the "
            "Directorate of Penitentiary Administration (DPA), which runs the country’s jails.\n\n"
            "The DPA had seen the danger coming. It warned the justice ministry in writing three "
            "times that the eastern wing was unsafe.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "acronym", body)
    for question in ("wat does dpa stand for", "what does the DPA stand for"):
        quote = answerer.answer(question).excerpts[0].quote
        assert "Directorate of Penitentiary Administration (DPA)" in quote, (question, quote)


@pytest.mark.parametrize(("sentence", "name", "introduced"), [
    ("Its regional director, Ilse Marenko, said the fund would wait.", "marenko", True),
    ("Pakistan’s prime minister, Anwaar-ul-Haq Kakar, said so.", "kakar", True),
    ("Ilse Marenko, a former judge, chairs the inquiry.", "marenko", True),
    # her age between them: "X, 58, who chairs ..."
    ("“It is not empty land,” said Dorjan Khessuk, 58, who chairs the herders’ council.",
     "khessuk", True),
    ("The talks ended when Khessuk, 58 in all, walked out.", "khessuk", False),
    # a phrase after a preposition is not set beside the name: "from the public gallery, X"
    ("Late on 11 September, after a debate that was twice suspended amid shouting from the "
     "public gallery, Quenara’s chamber voted.", "quenara", False),
    ("After a debate in the assembly, Marenko left.", "marenko", False),
    # what is someone's is not who they are: "the ... claims, Kakar's statement"
    ("While the Afghan Taliban denies Pakistan’s claims, Kakar’s statement reflects the "
     "unexpected souring of relations between the two countries.", "kakar", False),
    ("Its director, Marenko's deputy, spoke.", "marenko", False),
    # a post without an article: "X, chair of the union"
    ("“In a normal winter, nobody would notice,” said Ilsa Dravenko, chair of the Ostrel "
     "Valley Growers’ Union.", "dravenko", True),
    ("Ilse Marenko, deputy director of the fund, spoke.", "marenko", True),
    ("Ilse Marenko, Chair, left the room.", "marenko", False),  # no post of anything
    # what they are, right before the name after "the"
    ("The political scientist Sanaa Alimia has documented it.", "sanaa alimia", True),
    ("The veteran Kestrian novelist Ilse Varga said so.", "ilse varga", True),
    ("The case against Faiz Hameed was dropped.", "faiz hameed", False),
    ("The police told Faiz Hameed to leave.", "faiz hameed", False),
    # ... not of a longer name the name asked is the end of
    ("Data compiled by the environmental group Greenwatch Kestrava show it.", "kestrava", False),
])
def test_a_sentence_that_introduces_someone(sentence, name, introduced):
    from bot.kb.speakers import introduces

    assert introduces(sentence, [name]) is introduced


@pytest.mark.parametrize(("text", "lasting"), [
    ("It has backed the union since the strike of 2009.", True),
    ("The ferry has crossed for 61 years.", True),
    ("The group has struck over the last couple of years.", True),
    ("Prices have doubled in the past three decades.", True),
    ("It happened for the first time during the war.", False),
])
def test_what_says_since_when_or_for_how_long(text, lasting):
    from bot.kb.facts import LASTING

    assert bool(LASTING.search(text)) is lasting


@pytest.mark.parametrize(("evidence", "outcome"), [
    # nothing near the question: a decline
    (dict(similarity=0.2, coverage=0.3), Outcome.DECLINE),
    # the best quote is far, but another of the best few is near, or its paragraph holds
    # most of the question's words: something relevant was found
    (dict(similarity=0.2, coverage=0.3, nearest=0.4), Outcome.TENTATIVE),
    (dict(similarity=0.2, coverage=0.3, widest=0.6), Outcome.TENTATIVE),
    (dict(similarity=0.2, coverage=0.3, nearest=0.25, widest=0.4), Outcome.DECLINE),
])
def test_a_decline_needs_every_one_of_the_best_quotes_far(evidence, outcome):
    assert decide(Evidence(support=0.5, **evidence)) is outcome


@pytest.mark.parametrize(("support", "outcome"), [
    # far in meaning and in terms, but the best quote holds most of the question's words in
    # close word pieces ("fine amount" of "a fine of 90 lorns"): something relevant was found
    (0.9, Outcome.TENTATIVE),
    (0.8, Outcome.TENTATIVE),
    # a keyboard mash holds a quarter at most
    (0.25, Outcome.DECLINE),
])
@pytest.mark.parametrize("english", [False, True])
def test_a_quote_that_holds_most_of_the_question_is_no_decline(support, outcome, english):
    evidence = Evidence(coverage=0.1, similarity=0.22, widest=0.1, support=support,
                        english=english)
    assert decide(evidence) is outcome


def test_a_question_naming_what_the_articles_lack_is_not_sure():
    evidence = Evidence(coverage=0.8, similarity=0.7, support=1.0, names_known=False)
    assert decide(evidence) is Outcome.TENTATIVE
    assert decide(replace(evidence, names_known=True)) is Outcome.SURE


@pytest.mark.parametrize(("english", "nearest", "outcome"), [
    # no word of the question in the articles, and the meaning only loosely close: a
    # keyboard mash is declined, a question in words of its own shows the closest passages
    (False, 0.36, Outcome.DECLINE),
    (True, 0.36, Outcome.TENTATIVE),
    # ... unless nothing is near at all
    (True, 0.25, Outcome.DECLINE),
])
def test_a_question_in_words_of_its_own_is_not_a_stranger(english, nearest, outcome):
    evidence = Evidence(coverage=0.0, similarity=nearest, widest=0.05, support=0.3,
                        english=english)
    assert decide(evidence) is outcome


SWEEP = """Customs officers and police raided warehouses across the port of Kelmar before dawn on
Tuesday. By midday they had arrested 27 people and seized roughly 19 million cigarettes.

The operation followed a two-year inquiry by the Financial Crimes Unit (FCU), whose director
said the network had moved goods through the port since 2019."""


@pytest.mark.parametrize(("question", "answered"), [
    ("how many folks got taken into custody in the big sweep", True),
    ("asdkj qwpe zzxv lorin??", False),
    ("What's the weather in Lahore today?", False),  # a name the article lacks
])
def test_a_paraphrase_in_words_the_article_lacks_shows_the_closest_passages(
        semantic, tmp_path_factory, question, answered):
    answer = answerer_of_one(semantic, tmp_path_factory, "sweep", SWEEP).answer(question)
    assert answer.answered is answered, answer.to_json()
    if answered:
        assert answer.tentative and "arrested 27 people" in answer.excerpts[0].quote
        # found by meaning alone: the terminal names no matched word, not an empty list
        assert "matched" not in render_answer(answer)


def test_a_name_written_as_one_that_the_article_lacks_is_never_sure(semantic,
                                                                    tmp_path_factory):
    answerer = answerer_of_one(semantic, tmp_path_factory, "sweep2", SWEEP)
    assert _sure(answerer.answer("how many cigarettes were seized?"))
    # Dorvik is written as a name, and the article never names it
    answer = answerer.answer("how many cigarettes were seized in Dorvik?")
    assert not _sure(answer) and "dorvik" in answer.message.lower(), answer.to_json()


MARCH = """Back in Ardesh, Ms Costin says she will keep marching for as long as she can stand.
“They tell us it is about the future,” she said. “But I would like to have one, too.”

The union said the march would go on until the government withdrew the bill."""


def test_a_question_of_common_words_alone_finds_the_phrase_it_quotes(semantic,
                                                                     tmp_path_factory):
    answerer = answerer_of_one(semantic, tmp_path_factory, "march", MARCH)
    answer = answerer.answer("who said i would like to have one too")
    # the words are all too common to search for, but typed as the article has them
    assert _sure(answer), answer.to_json()
    assert "I would like to have one, too" in answer.excerpts[0].quote
    assert "Ms Costin" in answer.excerpts[0].quote  # ... with who said it
    # what it means is not who said it: the phrase, unsure
    meaning = answerer.answer("what did she mean by i would like to have one too")
    assert meaning.answered and meaning.tentative
    # common words the article does not have in a row are still nothing to search for
    assert answerer.answer("who is it that would have been there").reason == "empty"


@pytest.mark.parametrize(("body", "question", "quoted"), [
    # "long" is not in the quote, but what "how long" asks for is
    ("The pipeline stretches 1,200 km from the coast to the capital.",
     "how long is the pipeline", "1,200 km"),
    # "people" is what is counted, and the quote counts farmers
    ("The growers' league, which represents 12,000 olive farmers, has gone to court.",
     "how many ppl does the growers league represent", "12,000 olive farmers"),
    # "called" is how the asker reports what was said, and the quote says it
    ("Investigators found traces of explosive at the site, and the interior ministry has "
     "described the incident as \u201ca deliberate act of sabotage\u201d.",
     "who called it a deliberate act of sabotage", "deliberate act of sabotage"),
], ids=["how long by a length", "how many people by a count of anyone",
        "what X called it by what X said"])
def test_the_word_that_asks_is_held_by_what_it_asks_for(semantic, tmp_path_factory,
                                                        monkeypatch, body, question, quoted):
    answerer = answerer_of_one(semantic, tmp_path_factory, "held",
                               body + "\n\nThe talks on trade resumed in the spring.")
    evidence, answer = decided(monkeypatch, answerer, question)
    assert quoted in answer.excerpts[0].quote
    assert evidence.support == 1.0 and evidence.plain_support == 1.0, evidence


@pytest.mark.parametrize(("body", "question", "expected"), [
    # the asker quotes the words and asks who said them: a quote that reports them says
    ("The package passed its first reading on Tuesday.\n\n"
     "The opposition leader, Marta Venn, dismissed the package as \u201ca bandage on a broken "
     "leg\u201d and promised to vote against it at the second reading.",
     "who called the package a bandage on a broken leg", "a bandage on a broken"),
    # a word the article writes in lower case is not a name ("hotline": not in the model's
    # vocabulary), so it is what the question asks about the people it counts
    ("The water board opened the reservoir gates on 3 May.\n\n"
     "A hotline opened by the water board took 12,400 calls in its first five days.",
     "how many ppl rang the hotline", "12,400 calls"),
    # a title before a name says what they are, whoever the question misspells
    ("The fund was set up after the floods of 2019.\n\n"
     "Finance Minister Teodor Brenkovic said the fund would be ready by May.",
     "who is teodor brenkovic", "Finance Minister Teodor Brenkovic"),
    ("The inquiry opened in Harlen on Monday.\n\n"
     "Its chair, the retired judge Mirela Osvath, told the opening session that no witness "
     "would be spared.",
     "who is mirela osvath", "the retired judge Mirela Osvath"),
    # "how big" asks for a size, which a count gives ("a town of about 7,400 people")
    ("The mine has been closed since March.\n\n"
     "In Dornveld itself, a town of about 7,400 people, the mood is harder to read.",
     "how big is dornveld", "a town of about 7,400 people"),
    # "how much cash" asks for a sum of money
    ("The earthquake destroyed 40,000 homes.\n\n"
     "At a conference in Lisbon on 3 May, donors pledged $1.2 billion for reconstruction.",
     "how much cash did donors pledge in lisbon", "$1.2 billion"),
    # the date a question asks for stands in a short clause after what is asked, past a name
    ("Cocoa prices fell by half in 2023.\n\n"
     "The government has responded with a relief package worth 90 billion velan, announced by "
     "the finance minister, Tobias Ekwendeni, on 11 November, which will provide each "
     "registered cocoa household with a one-off payment of 150,000 velan.",
     "who announced the relief package and on what day", "announced by the finance minister"),
    # "how strict", "how strong": a degree no measure names, given by a figure
    ("The ban came into force on 9 April.\n\n"
     "Since 15 April, motorists in Dravnia have been limited to 20 litres of petrol a week, "
     "and queues at the pumps stretch for hours.",
     "how strict is the petrol rationing in dravnia", "limited to 20 litres"),
    ("The storm weakened overnight.\n\n"
     "When Cyclone Ilena crossed the coast near Port Amar early on Sunday, it brought "
     "sustained winds of 190 km/h and a storm surge of three metres.",
     "how strong were the winds when the cyclone came ashore", "winds of 190 km/h"),
    # a season answers "when"
    ("The union lost its case before the labour court last year.\n\n"
     "The appeal is expected to be heard in the spring, and the union says it will keep "
     "striking until then.",
     "when is the appeal going to be heard", "in the spring"),
], ids=["who called it: the phrase quoted", "a lower-case word is not a name",
        "a title before the name", "a lower-case title before the name", "how big by a count",
        "how much cash by a sum", "a date in a short clause after", "how strict by a figure",
        "how strong by a figure", "when by a season"])
def test_what_is_asked_is_read_in_the_quote(semantic, tmp_path_factory, body, question,
                                            expected):
    answer = answerer_of_one(semantic, tmp_path_factory, "read", body).answer(question)
    assert answer.answered and not answer.tentative, answer.to_json()
    assert expected in answer.excerpts[0].quote


def test_how_many_people_is_a_count_of_anyone_whatever_the_article_calls_them(semantic):
    # the fish article never says "people": its 3,000 fishermen and their families are counted
    from pathlib import Path

    from bot.kb import Answerer, build_knowledge_base

    folder = Path(__file__).parent / "data" / "blind" / "fish"
    answer = Answerer(build_knowledge_base(folder, semantic=semantic)).answer(
        "how many ppl marched in creel bay")
    assert answer.answered and not answer.tentative, answer.to_json()
    assert "roughly 3,000 fishermen" in answer.excerpts[0].quote


@pytest.mark.parametrize(("article", "question", "expected"), [
    # "broken" of "out of service": a word said a little differently, in a sentence close in
    # meaning to an open question
    ("vaccine", "why were so many of the solar powered coolers sitting there broken",
     "…has all but collapsed in the north"),
    ("airbase", "could halvard just move its planes somewhere else",
     "Halvard has no comparable airfield"),
])
def test_an_open_question_close_in_meaning_may_say_its_words_differently(semantic, article,
                                                                         question, expected):
    from pathlib import Path

    from bot.kb import Answerer, build_knowledge_base

    folder = Path(__file__).parent / "data" / "blind" / article
    answer = Answerer(build_knowledge_base(folder, semantic=semantic)).answer(question)
    assert answer.answered and not answer.tentative, answer.to_json()
    assert answer.excerpts[0].quote.startswith(expected)


def test_what_someone_named_by_a_place_and_a_role_said_needs_the_place_in_the_paragraph(semantic):
    # the dairy article's health minister is Varesta's; Ostria is another country
    from pathlib import Path

    from bot.kb import Answerer, build_knowledge_base

    folder = Path(__file__).parent / "data" / "blind" / "dairy"
    answerer = Answerer(build_knowledge_base(folder, semantic=semantic))
    other = answerer.answer("what did the ostrian health minister say")
    assert other.answered and other.tentative, other.to_json()
    own = answerer.answer("what did the health minister say about the recall")
    assert own.answered and not own.tentative, own.to_json()


@pytest.mark.parametrize(("article", "question", "expected"), [
    # "population" is what is asked: the quote gives it as a figure, not by the word
    ("refinery", "dunmere population", "Dunmere"),
    ("metro", "open gates membership size", "Open Gates"),
    ("strike", "ruta delmar job", "the head teacher, Ruta Delmar"),
    # an age given by the year of a founding
    ("sugartax", "aurel petrescan bottling plant age", "founded by his grandfather in 1938"),
    # every word held, and the name asked for: sure, however far the meaning
    ("stadium", "solbrek mayor name", "the local mayor, Henrik Olander"),
    # a post: the quote that names who holds it
    ("cropblight", "dgu chairman", "Elias Marrow, chairman of the Dunhollow Growers"),
])
def test_a_question_of_keywords_is_held_by_the_kind_it_ends_on(semantic, article, question,
                                                                expected):
    from pathlib import Path

    from bot.kb import Answerer, build_knowledge_base

    folder = Path(__file__).parent / "data" / "blind" / article
    answer = Answerer(build_knowledge_base(folder, semantic=semantic)).answer(question)
    assert answer.answered and not answer.tentative, answer.to_json()
    assert expected in answer.excerpts[0].quote


def test_a_question_of_keywords_ending_on_a_post_asks_who_holds_it(semantic, tmp_path_factory):
    body = ("The growers' union has called for calm. The union's chairman has asked farmers to "
            "stay home.\n\nThe union has 4,000 members in Dunhollow province.")
    answer = answerer_of_one(semantic, tmp_path_factory, "growers", body).answer(
        "union chairman")
    assert not _sure(answer), answer.to_json()  # the post, but no one named to it
    named = answerer_of_one(semantic, tmp_path_factory, "growers", body.replace(
        "The union's chairman has", "Elias Marrow, the union's chairman, has")).answer(
        "union chairman")
    assert _sure(named) and "Elias Marrow" in named.excerpts[0].quote, named.to_json()


def test_what_a_post_said_is_not_what_someone_else_said(semantic, tmp_path_factory):
    body = ("The rescue service asked the regional council for 1.2 million dalers in March.\n\n"
            "Petra Hallgren, who chairs the council's emergency committee, said the council "
            "had offered a one-off grant of 450,000 dalers instead.")
    answerer = answerer_of_one(semantic, tmp_path_factory, "rescue", body)
    own = answerer.answer("what did hallgren say about the grant")
    assert _sure(own) and "450,000" in own.excerpts[0].quote, own.to_json()
    # someone the article calls by another post spoke, and the ministry is not in the quote
    other = answerer.answer("what did the defence ministry say about the grant")
    assert other.answered and other.tentative, other.to_json()
    # a post of the same kind may be what the question calls it
    assert _sure(answerer.answer("what did the committee chair say about the grant"))


@pytest.mark.parametrize(("question", "sure"), [
    ("what did the transport minister say about the maintenance fund", True),
    ("what did the govt minister say about the maintenance fund", True),  # no other word
    # another of its kind: the article calls Varga the transport minister
    ("what did the finance minister say about the maintenance fund", False),
])
def test_a_post_of_the_same_kind_told_apart_by_the_word_before_it(semantic, tmp_path_factory,
                                                                   question, sure):
    body = ("The transport minister, Lena Varga, ordered an inspection of every bridge on the "
            "urgent list on Monday.\n\nMs Varga said a maintenance fund of 250 million crowns "
            "would be set up within a month.")
    answer = answerer_of_one(semantic, tmp_path_factory, "bridges", body).answer(question)
    assert answer.answered and _sure(answer) is sure, answer.to_json()


def _holds_as_expected(semantic, tmp_path_factory, monkeypatch, article_id: str, body: str,
                       question: str, holds: bool) -> None:
    """Asked of one article, the best quote holds what the question asks for, or not, and
    an answer without it is unsure."""
    answerer = answerer_of_one(semantic, tmp_path_factory, article_id, body)
    evidence, answer = decided(monkeypatch, answerer, question)
    assert evidence.holds_asked is holds, evidence
    assert holds or answer.tentative


@pytest.mark.parametrize(("body", "question", "holds"), [
    # a question about what is to come, of a quote on what has been ...
    ("The Velk plant reopened in March, a year after a fire in its boiler house.",
     "will the velk plant reopen", False),
    ("The Velk plant reopened in March, a year after a fire in its boiler house.",
     "did the velk plant reopen", True),
    # ... and of one that says what is planned
    ("The owner of the Velk plant, shut by a fire in its boiler house, plans to reopen it in "
     "March.", "will the velk plant reopen", True),
    # ... or that rules it out
    ("The owner of the Velk plant, shut by a fire in its boiler house, has ruled out reopening "
     "it.", "will the velk plant reopen", True),
    ("The government has so far resisted calls to lift the Velk fishing ban.",
     "is the government going to lift the velk fishing ban", True),
    ("The government lifted the Velk fishing ban after calls from fishermen.",
     "is the government going to lift the velk fishing ban", False),
])
def test_what_is_to_come_is_not_held_by_what_has_been(semantic, tmp_path_factory, monkeypatch,
                                                      body, question, holds):
    _holds_as_expected(semantic, tmp_path_factory, monkeypatch, "plant", body, question, holds)


@pytest.mark.parametrize(("question", "holds"), [
    # what something is called asks for a name; a month or a day is none
    ("what was the snow leopard cub at velk zoo called?", False),
    ("what was the velk zoo bear called", True),  # "named Brumo"
    ("which company runs velk zoo", False),  # "in February"
])
def test_a_name_asked_for_is_not_a_month(semantic, tmp_path_factory, monkeypatch, question,
                                         holds):
    _holds_as_expected(
        semantic, tmp_path_factory, monkeypatch, "velkzoo",
        "Velk zoo lost a snow leopard cub in February, a week after its keepers went on "
        "strike.\n\nOn Tuesday the Velk zoo bear, an elderly sloth bear named Brumo, died.",
        question, holds)


@pytest.mark.parametrize(("question", "holds"), [
    ("what caused the fire at the velk depot", False),  # a cause, which the quote lacks
    ("do they know what caused the fire at the velk depot yet?", True),  # settled: not yet
])
def test_a_cause_asked_yes_or_no_is_settled_without_one(semantic, tmp_path_factory,
                                                         monkeypatch, question, holds):
    _holds_as_expected(
        semantic, tmp_path_factory, monkeypatch, "depot",
        "The cause of the fire at the Velk depot has not yet been determined, the fire "
        "service said on Tuesday.", question, holds)


@pytest.mark.parametrize(("body", "question", "holds"), [
    # "who drew it?" of a quote that says it was drawn, and not by whom ...
    ("The Velk line was drawn as a permanent border in 1893, and it was never marked.",
     "who drew the velk line", False),
    ("The bond for the Velk crew has been set far higher this time.",
     "who set the bond for the velk crew", False),
    # ... and of one that says by whom, or who did it
    ("The Velk line was drawn by a British surveyor, Henry Amory, in 1893.",
     "who drew the velk line", True),
    ("A British surveyor, Henry Amory, drew the Velk line in 1893.",
     "who drew the velk line", True),
    # "which company built it?" of a quote that names a company, but not what built it ...
    ("The Velk interlocking failed on Monday, said Konrad Brehme, head of Velk Rail Holdings.",
     "which company built the velk interlocking", False),
    ("The Velk interlocking, paid for by the state, is run by the company Orlo Rail.",
     "which company built the velk interlocking", False),
    # ... and of one that names the builder, or says by whom in other words
    ("The Velk interlocking was built by the signalling company Amory Signal Works.",
     "which company built the velk interlocking", True),
    ("The signalling company Amory Signal Works constructed the Velk interlocking in 2019.",
     "which company built the velk interlocking", True),
    ("The cap was introduced on 9 October by the Ministry of Trade.",
     "which ministry brought in the velk cap", True),
])
def test_who_did_it_is_not_held_by_what_was_done_by_no_one(semantic, tmp_path_factory,
                                                           monkeypatch, body, question, holds):
    _holds_as_expected(semantic, tmp_path_factory, monkeypatch, "line", body, question, holds)


def test_who_a_name_of_several_words_is_held_by_its_introduction(semantic, tmp_path_factory,
                                                                  monkeypatch):
    # the glossary knows the name as several words; the article hyphenates the first ones
    answerer = answerer_of_one(
        semantic, tmp_path_factory, "caretaker",
        "In November, Velkland's caretaker prime minister, Anwar-ul-Haq Dorin, claimed that the "
        "surge of attacks was linked to the rebels.",
        glossary="entities:\n  - id: dorin\n    name: Anwar-ul-Haq Dorin\n    type: person\n"
                 "    aliases: [Anwar ul Haq Dorin, Dorin]\n")
    evidence, answer = decided(monkeypatch, answerer, "who is anwar ul haq dorin")
    assert evidence.introduced, evidence
    assert answer.answered and not answer.tentative


def test_a_question_about_the_articles_is_told_which_they_are(answerer, semantic,
                                                               tmp_path_factory):
    answer = answerer.answer("who wrote this article?")
    assert not answer.answered and answer.reason == "sources" and answer.source_count == 1
    assert "2023-11" in answer.message and "https://" in answer.message  # its date, its link
    assert answer.to_json()["reason"] == "sources"
    two = answerer_of_one(semantic, tmp_path_factory, "march2", MARCH)
    message = two.answer("when was the article published?").message
    # its title, publication and date; its author is unknown, and none is made up
    assert "\u201cA tiny article\u201d, Test Post, 2024-01-02" in message, message
    assert " by " not in message


QUALIFIED_POSTS_ARTICLE = """\
"This was never really about gas," said Annika Brandt, the deputy mayor of Kessing.

The former prime minister, Oskar Lind, opened the glassworks in 1998.
"""
qualified_posts = one_article("qualified-posts", QUALIFIED_POSTS_ARTICLE)


@pytest.mark.parametrize(("question", "holds"), [
    ("who is the mayor of kessing", False),  # the deputy mayor is another post
    ("who is the deputy mayor of kessing", True),
    ("who is the prime minister", False),  # asked in the present: not the former one
    ("who was prime minister when the glassworks opened", True),  # asked of the past
    ("who is the former prime minister", True),
])
def test_a_post_asked_about_is_not_another_post_of_the_same_name(qualified_posts, monkeypatch,
                                                                 question, holds):
    evidence, answer = decided(monkeypatch, qualified_posts, question)
    assert evidence.holds_asked is holds, (evidence, answer.excerpts[0].quote)
    if not holds:
        assert answer.tentative, answer


def test_the_quote_closest_in_meaning_is_looked_at_again(semantic):
    # a paraphrase shares few words with its answer: "destroyed 212 homes" is seventh by the
    # first ranking's score, under sentences that say "house" and "fire", but the closest in
    # meaning by far
    from pathlib import Path

    from bot.kb import Answerer, build_knowledge_base

    folder = Path(__file__).parent / "data" / "blind" / "wildfire"
    answer = Answerer(build_knowledge_base(folder, semantic=semantic)).answer(
        "how many houses got wiped out in the fire")
    assert "destroyed 212 homes" in answer.excerpts[0].quote, answer.to_json()


def test_only_a_clearly_closer_quote_joins_the_best_few():
    from bot.kb.answer import CLOSER, _closest_looked_at, _Scored
    from bot.kb.rerank import RERANK

    def quotes(*cosines):
        return [_Scored(10.0 - k, k, 0, 0, semantic=c) for k, c in enumerate(cosines)]

    near = 0.5 + CLOSER + 0.01
    moved = _closest_looked_at(quotes(0.5, 0.4, 0.3, 0.2, 0.1, near, 0.3))
    assert [q.passage_index for q in moved] == [0, 1, 2, 5, 3, 4, 6]
    assert len(moved) == 7 and RERANK == 4
    # no closer than the best few's closest, or not by much: the order stands
    for cosines in [(0.5, 0.4, 0.3, 0.2, 0.1, 0.5 + CLOSER / 2), (0.6, 0.4, 0.3, 0.2, 0.5)]:
        kept = quotes(*cosines)
        assert _closest_looked_at(kept) == kept


def test_who_holds_a_post_ranks_the_sentence_that_names_the_holder_first(semantic):
    # "The Ministry of Education has since split the work ..." shares more of the words; the
    # sentence that names the minister, "Education Minister Tomas Ravik told parliament ...",
    # answers
    from pathlib import Path

    from bot.kb import Answerer, build_knowledge_base

    folder = Path(__file__).parent / "data" / "blind" / "textbooks"
    answer = Answerer(build_knowledge_base(folder, semantic=semantic)).answer(
        "who is the education minister")
    assert "Education Minister Tomas Ravik" in answer.excerpts[0].quote, answer.to_json()


BROADCASTER_ARTICLE = """\
The government cut the broadcaster's grant by 18 per cent on Monday.

Hours later, the broadcaster's director-general, Ilse Marrow, addressed staff in the atrium.

Ms Marrow, who has led the broadcaster since 2019, said she had no intention of resigning.

The Sea Lark, the broadcaster's old studio barge, was sold in 2020.
"""
broadcaster = one_article("broadcaster", BROADCASTER_ARTICLE)


@pytest.mark.parametrize("question", ["what did ilse marrow say about resigning",
                                      "what did ilse marow say about resiging"])
def test_a_surname_that_is_a_word_of_english_is_a_name(broadcaster, monkeypatch, question):
    """"Marrow" is a word of English, but the article writes it as someone's surname ("Ms
    Marrow"): the quote that reports her words is hers, though it does not give "Ilse"."""
    evidence, answer = decided(monkeypatch, broadcaster, question)
    assert evidence.reports_speech, evidence
    assert "no intention of resigning" in answer.excerpts[0].quote


def test_a_word_of_english_in_a_name_of_a_thing_is_not_a_surname(broadcaster):
    query = broadcaster.analyser.analyse("who sold the sea lark")
    lark = query.own_by_surface["lark"]
    marrow = broadcaster.analyser.analyse("what did marrow say").own_by_surface["marrow"]
    assert not broadcaster._is_name(lark)
    assert broadcaster._is_name(marrow)


@pytest.mark.parametrize("question", ["how many people live in velsa",
                                      "how many ppl sit on the council"])
def test_the_words_that_ask_a_size_are_held_by_the_size(clashes, monkeypatch, question):
    """"live" is not in "Velsa, a town of about 6,000 people": the size answers it."""
    evidence, _ = decided(monkeypatch, clashes, question)
    assert evidence.plain_support == 1.0, evidence


@pytest.mark.parametrize(("body", "question", "held"), [
    # the money a "how much" asks about is held by any sum ...
    ("Marrow is more sceptical. Unions in three other countries have sent 58,000 korvas to "
     "the strike fund since the yard closed, she said in the union's office.",
     "how much cash have other unions sent", True),
    # ... not by a quote without one
    ("Marrow is more sceptical. Unions in three other countries have sent letters to the "
     "strike committee since the yard closed, she said in the union's office.",
     "how much cash have other unions sent", False),
    # "the govt" is held by a minister or a ministry ...
    ("The minister for water, Anselm Rudak, announced in July that 600 more police officers "
     "would be sent to the outskirts to seal illegal boreholes.",
     "what did the govt do about the illegal boreholes", True),
    # ... not by a company
    ("Dredging crews hired by the port company sealed the illegal boreholes in July, the water "
     "board said.", "what did the govt do about the illegal boreholes", False),
])
def test_a_word_held_by_what_stands_for_it(semantic, tmp_path_factory, monkeypatch, body,
                                          question, held):
    answerer = answerer_of_one(semantic, tmp_path_factory, "held", body)
    evidence, _ = decided(monkeypatch, answerer, question)
    assert (evidence.support == 1.0) is held, evidence


@pytest.mark.parametrize(("body", "given"), [
    # the time stands in the clause with what is asked
    ("A 60-metre section of the unfinished Dravik Tunnel beneath the Kessel pass caved in at "
     "3:40 in the morning on 12 August, burying two excavators.", True),
    # ... not in a clause on something else
    ("The Dravik Tunnel beneath the Kessel pass caved in last summer, and the contractor, "
     "which won the job in 2021, has since been fined.", False),
])
def test_when_of_a_quote_that_dates_what_is_asked(semantic, tmp_path_factory, monkeypatch, body,
                                                  given):
    answerer = answerer_of_one(semantic, tmp_path_factory, "tunnel", body)
    evidence, answer = decided(monkeypatch, answerer, "what time did the dravik tunnel cave in")
    assert evidence.date_given is given, evidence
    assert given is False or not answer.tentative
