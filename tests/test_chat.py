"""Questions as people type them: general English, in one place (bot/kb/chat.py)."""

import pytest

from bot.kb.chat import (
    amounts_in,
    clean,
    figures_in,
    guesses,
    is_foreign,
    ordinals_before_words,
    ordinals_in,
    spelled,
    without_guess,
)


@pytest.mark.parametrize(("typed", "read"), [
    ("hey so i was reading about the deportations, can someone explain why pakistan is "
     "kicking everyone out??", "the deportations, why pakistan is kicking everyone out"),
    ("lol my uncle says the army funded the group, is that true?", "the army funded the group"),
    ("quick question guys: who runs the council", "who runs the council"),
    ("does anyone know when the talks start", "when the talks start"),
    ("what does the article say about the fee", "the fee"),
    ("will the govt accept the ruling or nah", "will the government accept the ruling"),
    ("how many ppl live in the camp rn", "how many people live in the camp now"),
    ("sorry random q but what is the fee", "what is the fee"),
    ("officials call the refugees a burden, does the article agree?",
     "officials call the refugees a burden"),
    ("yo anyone know where the families sleep", "where the families sleep"),
    ("hiya so when does the vote happen", "when does the vote happen"),
    ("aww poor ilse, is she ok", "poor ilse, is she ok"),
    ("my cousin in vessa says bakeries r closing", "bakeries are closing"),
    ("my mum heard about a mother who got turned away", "a mother who got turned away"),
    ("what else is in the deal, anyone know?", "what else is in the deal"),
    ("what does my brother in law say", "what does my brother in law say"),
    # how the asker feels, not what they ask
    ("kinda sad but who was the kid who died", "who was the child who died"),
    ("wow thats crazy, how many died", "how many died"),
    ("omg so sad. who was the kid", "who was the child"),
    ("ngl i feel bad for the old shepherd, what is she worried about",
     "the old shepherd, what is she worried about"),
    ("was it sad", "was it sad"),
    ("whats the sad part", "what is the sad part"),
    ("whos the new mayor", "who is the new mayor"),
    ("wheres the plant", "where is the plant"),
    ("wher was the mill that burned", "where was the mill that burned"),
    ("waht does teh minister do", "what does the minister do"),
    # greetings, hedges and the bot addressed by name
    ("good evening! who runs the council", "who runs the council"),
    ("yo bot, what did the mayor say", "what did the mayor say"),
    ("not gonna lie, why did the talks fail", "why did the talks fail"),
    ("bot attacks rose, how many", "bot attacks rose, how many"),
    # a lead-in that names nothing asked about; kept when the question points back to it
    ("question for the bot: who runs the council", "who runs the council"),
    ("quick q before my exam tmrw - what is the fee", "what is the fee"),
    ("the doha deal - who signed it", "the doha deal - who signed it"),
    ("in 2023 - how many attacks were there", "in 2023 - how many attacks were there"),
    # what the asker believed, beside a question
    ("ngl i thought they were allies. when did the split start", "when did the split start"),
    ("i thought they were allies", "i thought they were allies"),
    # ... but the claim it goes on to stays ("honestly i think X but my cousin says Y")
    ("honestly i think zoos are sad anyway but my cousin says the place is understaffed now. "
     "is that true?", "the place is understaffed now"),
    ("i think they were allies but when did the split start", "when did the split start"),
    # what the asker says of themselves beside a question goes, unless the question points
    # back to it
    ("lol i went there loads as a kid, loved it. anyone know what the inquiry will look into?",
     "what the inquiry will look into"),
    ("im from quetta. what happened there?", "i am from quetta what happened there"),
    # asking whether the articles cover it, a question tag, how to put it
    ("my friend keeps saying the army built the wall?? is there anything in the article about "
     "that", "the army built the wall"),
    ("my prof mentioned the attacks went up after 2021, any numbers on that?",
     "the attacks went up after 2021"),
    ("the council denied everything didnt they", "the council denied everything"),
    ("can someone tell me, in simple words, why the fee went up", "why the fee went up"),
    # a thing named, then asked about
    ("I keep hearing about Operation Sand, what is that exactly?", "what is Operation Sand"),
    ("the levy and the fee, what are they", "what are the levy and the fee"),
    ("someone said they heard it before, who was that",
     "they heard it before, who was that"),
    # what the asker says of asking
    ("so basically what im asking is why the bridge fell", "why the bridge fell"),
    ("ok so dumb question maybe but how much did it cost", "how much did it cost"),
    ("pls someone explain why the fee went up", "why the fee went up"),
    ("sorry if this was asked already but what's the fee", "what's the fee"),
    ("been following this for weeks and still dont get why the strike started",
     "why the strike started"),
    ("my teacher wants us to find out who leads the union, help", "who leads the union"),
    ("random one, i was reading up on dam stuff and wondering when it was built",
     "when it was built"),
    ("i've been looking into the strike and im curious who leads the union",
     "who leads the union"),
    ("ok i don't really follow politics lol but why did the talks fail", "why did the talks fail"),
    ("i was reading about the dam and the floods, when was it built",
     "the dam and the floods, when was it built"),
    ("the budget ballooned, anyone know by how much", "the budget ballooned by how much"),
    ("was reading about the dam. when was it built", "the dam when was it built"),
    ("was it anyone we know", "was it anyone we know"),
    ("can anybody break down what the ministry decided", "what the ministry decided"),
    ("anyone got the number of animals that died", "number of animals that died"),
    ("is it true that the bees are dying or is that just a theory", "the bees are dying"),
    ("explain like im 5 why the cap hurts bakers", "why the cap hurts bakers"),
    ("welp. how many bakeries closed", "how many bakeries closed"),
    ("someone leaked the papers, who was it", "someone leaked the papers, who was it"),
    # laughter, faces and emoji wherever they stand
    ("hi all :) quick one, who runs the council", "who runs the council"),
    ("the ferry sank lol is that for real", "the ferry sank"),
    ("nobody there has jobs haha, what do the numbers say", "nobody there has jobs, what do the "
     "numbers say"),
    ("is the reef coming back or is it all doomed \U0001f62d", "is the reef coming back or is it "
     "all doomed"),
    ("what happened at 10:30", "what happened at 10:30"),
    # a relative's question passed on
    ("my mum was asking how much the bread subsidy costs", "how much the bread subsidy costs"),
    # how it strikes the asker, beside what they ask or claim
    ("how much water did the driver drink, sounds insane", "how much water did the driver drink"),
    ("my cousin says the bakeries are paid monthly, is that right? sounds too good to be true",
     "the bakeries are paid monthly"),
    ("the beekeeper lost half her hives?? feels like it was way worse",
     "the beekeeper lost half her hives"),
    ("honestly i think the cap is fine. which provinces got hit worst",
     "which provinces got hit worst"),
    ("i think the deal collapsed in 2019. is that right?", "i think the deal collapsed in 2019"),
    ("how does the plan sound to farmers", "how does the plan sound to farmers"),
    ("it seems the talks failed, why", "it seems the talks failed, why"),
    # an aside after what is asked, or beside it
    ("what do the unions want instead, asking for a friend", "what do the unions want instead"),
    ("what did the farmer compare his field to, saw a clip of it somewhere",
     "what did the farmer compare his field to"),
    ("why did the bridge fall, read about it online", "why did the bridge fall"),
    ("how many saw the clip", "how many saw the clip"),
    ("when will the plant reopen, my sister is freaking out", "when will the plant reopen"),
    ("who even are the greens, never heard of them", "who even are the greens"),
    ("what is life like in the town now, heard its basically lockdown there",
     "what is life like in the town now"),
    ("is anyone still in hospital?? a friend of mine ran it", "is anyone still in hospital"),
    ("my sister is a nurse. how many nurses quit", "how many nurses quit"),
    ("my sister is a nurse", "my sister is a nurse"),
    ("who runs the farm, my uncle works there", "who runs the farm"),
    # whether a claim holds, asked after it
    ("my uncle reckons the ministry knew, anyone know if thats legit", "the ministry knew"),
    ("kids spend it on candy now, is that a thing", "children spend it on candy now"),
    ("kinda lost here, what changes are the mps pushing for", "what changes are the mps pushing for"),
    ("how many jobs were lost here", "how many jobs were lost here"),
    # who passed the claim on
    ("my cousin lives there and she says the mayor backs it, what is his position",
     "the mayor backs it, what is his position"),
    ("someone in another server said the law is from 2015", "the law is from 2015"),
    ("my nan keeps telling me the bridge was closed in 2019. is she right?",
     "the bridge was closed in 2019"),
    ("my flatmate reckons the mayor resigned, is he right?", "the mayor resigned"),
    ("is she the director of the zoo?", "is she the director of the zoo"),
    # a greeting alone before the question, not a time of day it asks about
    ("morning! who runs the council", "who runs the council"),
    ("morning flights were cut?", "morning flights were cut"),
    # what the asker says of the question, of what they missed, of what others bring up
    ("sorry if this is a dumb q but how long did the review take", "how long did the review take"),
    ("sorry if dumb question but who runs the zoo", "who runs the zoo"),
    ("ok so i missed most of this, what's the deal with the 2017 thing people keep bringing up",
     "what about the 2017 thing"),
    ("what are people talking about", "what are people talking about"),
    # how the whole story strikes the asker, beside what they ask
    ("honestly this whole thing seems like a mess. is the opposition planning anything?",
     "is the opposition planning anything"),
    ("ok this is honestly so sad. how did the family find out?", "how did the family find out"),
    ("lol what a mess. so what happens to the staff?", "what happens to the staff"),
    ("this whole thing is so sad", "this whole thing is so sad"),  # nothing else asked
    ("ok honestly this whole thing seems shady to me. is anyone pushing for an investigation?",
     "is anyone pushing for an investigation"),
    # ... and then, after a comma, the question
    ("sounds off to me tbh, what kinds of fish were they?", "what kinds of fish were they"),
    ("seems kinda off to me, how many fish died", "how many fish died"),
    ("feels way older than that to me lol, when was it built", "when was it built"),
    # whom the asker asks for, after the question
    ("how long does the lockdown stay after the last case? asking for my cousin who farms there",
     "how long does the lockdown stay after the last case"),
    ("is the wine going to be sold as local wine?? asking for my dad",
     "is the wine going to be sold as local wine"),
])
def test_filler_and_frames_go(typed, read):
    assert clean(typed).text == read


@pytest.mark.parametrize(("typed", "read"), [
    ("whats the deal with the durand line", "what about the durand line"),
    ("what's up with the ttp?", "what about the ttp"),
    ("anyone know what is going on with the phones there", "what about the phones there"),
    ("what's the story behind the accord", "what about the accord"),
    ("what is the deal they signed", "what is the deal they signed"),  # a deal asked about
])
def test_whats_the_deal_with_x_asks_about_x(typed, read):
    assert clean(typed).text == read


@pytest.mark.parametrize(("typed", "read"), [
    ("kakar who", "who is kakar"),
    ("sanaa alimia who?", "who is sanaa alimia"),
    ("ok but Faiz Hameed who", "who is Faiz Hameed"),
    ("the guy who", "the guy who"),  # a clause, not a name
    ("what who", "what who"),
])
def test_a_name_then_who_asks_who_they_are(typed, read):
    assert clean(typed).text == read


@pytest.mark.parametrize("typed", [
    "https://example.org/news/durand-line when was the line drawn",
    "when was the line drawn? (read it at www.example.org/a?b=1)",
    "<https://example.org/a> when was the line drawn",
    "when was the line drawn HTTP://EXAMPLE.ORG",
])
def test_a_link_is_no_words_to_search_for(typed):
    read = clean(typed).text
    assert "when was the line drawn" in read
    assert not {"http", "https", "www", "example", "org", "com"} & set(read.lower().split())
    assert "example" not in read.lower()


def _articles_say(*words):
    return lambda phrase: phrase.lower() in words


@pytest.mark.parametrize(("typed", "read"), [
    # beside a question, a sentence or a lead-in that names nothing the articles speak of
    ("long time lurker here. what did the mayor promise?", "what did the mayor promise"),
    ("lol this is a mess. who is responsible for the deaths?",
     "who is responsible for the deaths"),
    ("i'm new here, what's the deal with the ban", "what about the ban"),
    # ... but not one that does, nor one with a figure
    ("the bridge is a mess. who is responsible?", "the bridge is a mess who is responsible"),
    ("after the collapse, who resigned", "after the collapse, who resigned"),
    ("in 2019, what did the inspectors find", "in 2019, what did the inspectors find"),
])
def test_chat_the_articles_do_not_speak_of_goes(typed, read):
    assert clean(typed, _articles_say("bridge", "collapse", "inspectors")).text == read


def test_a_comma_lead_in_stays_when_the_articles_are_not_known():
    assert clean("i'm new here, what's the deal with the ban").text == (
        "i'm new here, what about the ban")


def test_a_lead_in_the_articles_speak_of_stays():
    def has_phrase(word):
        return word.lower() == "dockers"
    assert clean("the dockers - how many walked out", has_phrase).text == (
        "the dockers - how many walked out")
    assert clean("the dockers - how many walked out").text == "how many walked out"


@pytest.mark.parametrize(("typed", "read"), [
    ("wat did the govt say abt it", "what did the government say about it"),
    ("how many members did it have b4 the leak", "how many members did it have before the leak"),
    ("any svc cuts after the vote", "any service cuts after the vote"),
    ("who is the pm", "who is the prime minister"),
    ("what did the US say", "what did the United States say"),
    ("what did the us army do", "what did the United States army do"),
    ("did they tell us", "did they tell us"),  # a pronoun in lower case
    ("what happened in sept", "what happened in september"),
    ("what do fams get if they go back", "what do families get if they go back"),
    ("what did the UN do", "what did the United Nations do"),
    ("what did the pm's anon aide say", "what did the prime minister's anonymous aide say"),
    ("is the dep edu min still in office", "is the deputy education minister still in office"),
    # "m" after a figure: metres, where a length is asked; else millions
    ("how high is the summit, like 4000m?", "how high is the summit, like 4000 metres"),
    ("how much did it cost, like 96m?", "how much did it cost, like 96 million"),
    # "explain" as the question's verb, not a request to the bot
    ("how did the boss explain the delay", "how did the boss explain the delay"),
    ("explain why the talks failed", "why the talks failed"),
    # "they say" as a frame, not as what is asked
    ("they say the mayor quit, is that true", "the mayor quit"),
    ("when did the bank back out and what did they say",
     "when did the bank back out and what did they say"),
    # after a figure, minutes
    ("did they hit the 10 min target", "did they hit the 10 minutes target"),
    ("it took 45mins", "it took 45 minutes"),
    ("why did the head of the uni quit, the doc says", "why did the head of the university quit, "
                                                      "the doctor says"),
    ("the IS-K attack", "the IS-K attack"),  # a letter of a name is not an abbreviation
    ("when does parl vote on the fin ministry's plan",
     "when does parliament vote on the finance ministry's plan"),
    ("what did the intel reps tell the hosp", "what did the intelligence representatives "
                                              "tell the hospital"),
    ("where is the co hq", "where is the company headquarters"),
    ("how many cops were hurt at the vote", "how many police were hurt at the vote"),
    ("what did the corp spox say abt the meds", "what did the corporation spokesperson say "
                                                 "about the medicines"),
    ("avg wait per wk", "average wait per week"),
    ("the co-op's vp", "the co-op's vice president"),  # a word of its own only
    ("who's the union prez", "who's the union president"),
    ("how many vols and helis does it have", "how many volunteers and helicopters does it have"),
    ("when was the funding req turned down", "when was the funding request turned down"),
    ("is the compo enough", "is the compensation enough"),
])
def test_abbreviations_and_chat_spellings(typed, read):
    assert clean(typed).text == read


@pytest.mark.parametrize(("typed", "read"), [
    ("killed in nine months", "killed in 9 months"),
    ("fifty four people", "54 people"),
    ("fifty-four people", "54 people"),
    ("a hundred and twenty trucks", "120 trucks"),
    ("2.3k lorries", "2300 lorries"),
    ("one of them", "one of them"),  # "one" alone is a pronoun
    ("1.5 million refugees", "1.5 million refugees"),
    # millions keep their word, as articles write them ("$96 million")
    ("the ninety six million it asked for", "the 96 million it asked for"),
    ("is it 2bn or 96m", "is it 2 billion or 96 million"),
    ("the port lost over a billion", "the port lost over 1 billion"),
    ("they gave the group like 12 mil", "they gave the group like 12 million"),
    ("the mil junta", "the military junta"),
    # a day of the month, in words or with its ending
    ("on march fourteenth", "on march 14"),
    ("voting on the twenty eighth of may", "voting on may 28"),
    ("the first chunk of the loan", "the first chunk of the loan"),  # no month: an ordinal
    ("the first may be the last", "the first may be the last"),  # "may", the verb
    ("you may first ask the court", "you may first ask the court"),
    ("what happened on march 3rd", "what happened on march 3"),
    # a year said in pairs; words that are not one number stay words
    ("how many have left since twenty nineteen", "how many have left since 2019"),
    ("in nineteen ninety eight", "in 1998"),
    ("one hundred twenty five", "125"),
    ("twelve five", "twelve five"),
    # numbers joined by "and" that are not one number: each in figures
    ("between twenty nineteen and twenty twenty three", "between 2019 and 2023"),
    ("from nineteen ninety eight and two thousand and five", "from 1998 and 2005"),
    ("three and four", "3 and 4"),
    ("twenty nineteen and twenty twenty and twenty twenty one and twenty twenty two and "
     "twenty twenty three", "2019 and 2020 and 2021 and 2022 and 2023"),
])
def test_numbers_as_words_become_digits(typed, read):
    assert clean(typed).text == read


@pytest.mark.parametrize(("typed", "read"), [
    ("how many observers did they send, forty something?", "how many observers did they send"),
    ("how many dockers walked out, 4000 or so", "how many dockers walked out"),
    ("was the inflation 30ish percent", "was the inflation percent"),
    ("whats the new fee, three forty or something?", "what is the new fee"),
    # a guess on its own after the question it guesses at
    ("how many books were ordered? like 10 million?", "how many books were ordered"),
    ("how many were ordered? over 2k?", "how many were ordered"),
    ("how many were ordered? forty something?", "how many were ordered"),
])
def test_a_figure_the_asker_guesses_is_not_asked_about(typed, read):
    assert clean(typed).text == read


@pytest.mark.parametrize(("typed", "guessed"), [
    ("how many observers did they send, forty something?", [40]),
    ("how many dockers walked out, 4000 or so", [4000]),
    ("how many bees died, like 400 million?", [400_000_000]),
    ("how many came to the march, like 20k?", [20_000]),
    ("how many objections came in, over two thousand?", [2000]),
    ("how many suspects are there, 11?", [11]),
    ("was it around two thousand pages", [2000]),
    ("how many books were ordered? like 10 million?", [10_000_000]),
    # a length of time, a figure asked about, a date: no guess
    ("how much did it cost over fifteen years", []),
    ("how many died in 2019?", []),
    ("what happened on 3 june", []),
])
def test_the_figures_an_asker_guesses(typed, guessed):
    assert guesses(typed) == guessed


def test_the_amounts_a_text_gives():
    assert amounts_in("roughly 420 million bees, cutting 1,140 seats to 780, forty-one "
                      "economists") == [420_000_000, 1140, 780, 41]


def test_a_share_is_told_from_other_figures():
    text = "adds roughly 40 percent to costs for 43 vessels, a rise of 18% or 5 per cent"
    assert amounts_in(text, percent=True) == [40, 18, 5]
    assert amounts_in(text, percent=False) == [43]
    assert guesses("how many ships are stuck, like 40?", percent=False) == [40]
    assert guesses("how many ships are stuck, like 40?", percent=True) == []
    assert guesses("is the raise only like 5 percent?", percent=True) == [5]


@pytest.mark.parametrize(("question", "asked"), [
    ("what was the original budget, like 100 million", "what was the original budget"),
    ("how many seats after the works, still around 1800", "how many seats after the works"),
    ("how much will it cost them, like 50 million dollars", "how much will it cost them"),
    ("how many were arrested, over 200", "how many were arrested"),
    # a "when" keeps its guessed year; a figure that is no guess stays
    ("when did it open, around 2019", "when did it open, around 2019"),
    ("how many died in 2019", "how many died in 2019"),
    ("what did he say about 2019", "what did he say about 2019"),
])
def test_the_guess_that_ends_a_question_is_no_part_of_what_it_asks(question, asked):
    assert without_guess(question) == asked


@pytest.mark.parametrize(("typed", "read"), [
    ("what is the mum skipping so her kids can eat", "what is the mother skipping so her "
                                                    "children can eat"),
    ("where did the dad work", "where did the father work"),
    ("the state owns most of the mine, true?", "the state owns most of the mine"),
    # a claim checked with a hedge, or against what the asker suspects instead
    ("my cousin says the ferry was sold?? is that actually true or is he making stuff up lol",
     "the ferry was sold"),
    ("my dad reckons the govt picks the board?? is that actually right",
     "the government picks the board"),
    ("my cousin says the place is understaffed now. is that really true or just union talk?",
     "the place is understaffed now"),
    ("my mate says the dam leaked, is that true or is it a rumour", "the dam leaked"),
    # how it strikes them, beside the claim
    ("my mate reckons the fire started upstairs, is that right? sounds odd to me",
     "the fire started upstairs"),
    ("my gran says more people go now. is she right? feels wrong to me", "more people go now"),
])
def test_chat_words_as_articles_write_them(typed, read):
    assert clean(typed).text == read


def test_numbers_are_spelled_for_the_index():
    assert [spelled(n) for n in (9, 20, 54, 100)] == ["nine", "twenty", "fifty-four", None]


def test_a_two_part_question_is_split():
    parts = clean("who was the pm in aug 2021 and what did he say about the takeover").parts
    assert parts == ("who was the prime minister in august 2021",
                     "what did he say about the takeover")
    assert clean("why did they close it? when will it reopen?").parts == (
        "why did they close it", "when will it reopen")
    assert len(clean("what trade goes between marvonia and zelterra").parts) == 1


@pytest.mark.parametrize(("typed", "read"), [
    ("my cousin says there was some kind of bacteria in the powder, is that true? which one",
     "which one there was some kind of bacteria in the powder"),
    ("the mill was fined. how much?", "how much the mill was fined"),
    ("the database had not been patched in years?? since when",
     "since when the database had not been patched in years"),
])
def test_a_question_word_alone_asks_of_the_claim_before_it(typed, read):
    """"which one?" after a claim is not a second question: it asks which of what the claim
    names."""
    cleaned = clean(typed)
    assert cleaned.parts == (read,)
    assert cleaned.text == read
    # a question of its own after the claim is still a second part
    assert len(clean("the mill was fined. how much was the fine?").parts) == 2


@pytest.mark.parametrize("typed", [
    "پاکستان نے طالبان کو کیوں چھوڑا", "pakistan ne taliban ko kyun chhora?",
    "¿Por qué Pakistán expulsa a los afganos?", "Warum schiebt Pakistan die Afghanen ab und wann?",
    "Pourquoi le Pakistan expulse les réfugiés avec la police?",
])
def test_other_languages_are_recognised(typed):
    assert is_foreign(typed)


@pytest.mark.parametrize("typed", ["why is pakistan deporting afghans", "Doha accord?", "hi",
                                   "what did imran khan say", "que sera sera and the taliban"])
def test_english_is_english(typed):
    assert not is_foreign(typed)


def test_only_filler_is_left_as_typed():
    assert clean("lol thanks guys").text == "lol thanks guys"


def test_an_abbreviation_is_read_as_the_articles_use_it():
    assert clean("what did the ceo say", {"chief executive"}.__contains__).text == (
        "what did the chief executive say")
    assert clean("what did the ceo say", {"ceo"}.__contains__).text == "what did the ceo say"
    only_finance = {"finance minister"}.__contains__
    assert clean("what did the fm say", only_finance).text == "what did the finance minister say"
    assert clean("what did the FM say", only_finance).text == "what did the finance minister say"
    # both readings in the articles, or neither: the common one
    assert clean("what did the fm say", lambda phrase: True).text == (
        "what did the foreign minister say")
    assert clean("what did the fm say", lambda phrase: False).text == (
        "what did the foreign minister say")
    # "docs", "ag": doctors or documents, agriculture or the attorney general
    assert clean("what did the docs say", {"documents"}.__contains__).text == (
        "what did the documents say")
    assert clean("what did the docs say", lambda phrase: False).text == "what did the doctors say"
    assert clean("what did the ag minister say", {"agriculture"}.__contains__).text == (
        "what did the agriculture minister say")
    # a unit as the articles write it
    assert clean("the queue is 12 km long", {"kilometres"}.__contains__).text == (
        "the queue is 12 kilometres long")
    assert clean("the queue is 12 km long", {"km", "kilometres"}.__contains__).text == (
        "the queue is 12 km long")
    assert clean("how many MW short is the grid", {"megawatts"}.__contains__).text == (
        "how many megawatts short is the grid")
    assert clean("how many MW short is the grid", {"mw"}.__contains__).text == (
        "how many mw short is the grid")


@pytest.mark.parametrize(("text", "found"), [
    ("The board received 4,117 complaints in its first year.", {"4117"}),
    ("eleven boxes, on February 3rd", {"11", "3"}),
    ("Seven hundred jobs is a number on a piece of paper", {"700"}),
    ("a loan of $1.3 billion in 2023", {"1.3", "2023"}),
    ("no figure at all", set()),
])
def test_the_figures_a_text_gives(text, found):
    assert figures_in(text) == found


def test_the_places_in_order_a_text_gives():
    assert ordinals_in("A second letter, dated 14 June, came the third time") == {"2", "3"}
    assert ordinals_in("a letter dated 14 June") == set()


def test_a_question_gives_a_place_in_order_before_what_it_counts():
    assert ordinals_before_words("how many calls in its second week") == ["2"]
    assert ordinals_before_words("the third letter and the first one") == ["3", "1"]
    assert ordinals_before_words("on the second of may") == []


@pytest.mark.parametrize(("text", "about"), [
    ("who wrote this article?", True),
    ("who wrote it", True),
    ("when was the article published", True),
    ("what are your sources?", True),
    ("whats the source", True),
    ("who is the author", True),
    ("where do you get your info", True),
    ("source?", True),
    # nothing but the articles as sources and what is asked of them, in any order
    ("whens the article from", True),
    ("how old is this article?", True),
    ("what date is the article", True),
    ("is this article up to date?", True),
    ("which articles do you have", True),
    ("what website is this from", True),
    ("sources pls", True),
    ("where's that quote from?", True),
    ("where is this from", True),
    # what the articles say, not which they are
    ("what is the source of the water", False),
    ("what's the link between the ttp and the taliban", False),
    ("what does the article say about the border", False),
    ("where did it come from", False),  # "it": what the answer was about
    ("what info do you have on the ttp", False),
    ("who wrote the report", False),
    ("who wrote the doha accord", False),
    ("whats the whose stadium thing about, who wrote that", False),  # the banner's words
    ("who is the author of the report on terror attacks", False),
    ("when was the accord signed", False),
    ("when was this written", True),
    ("whens this from?", True),
    ("when was it signed", False),
])
def test_a_question_about_the_articles_themselves(text, about):
    from bot.kb.chat import asks_about_sources

    assert asks_about_sources(text) is about


@pytest.mark.parametrize(("text", "doubts"), [
    ("is that true?", True), ("really?", True), ("are you sure", True),
    ("is that true that the border is closed?", False), ("really bad floods?", False),
])
def test_a_reply_that_only_doubts_the_answer(text, doubts):
    from bot.kb.chat import only_doubts

    assert only_doubts(text) is doubts


@pytest.mark.parametrize(("text", "more"), [
    ("tell me more", True), ("more?", True), ("anything else?", True), ("what else?", True),
    ("go on", True), ("can you elaborate on that", True), ("more details pls", True),
    ("any more?", True), ("can u tell me more about it", True),
    # a new question, though it starts the same way
    ("tell me more about the ttp", False), ("more deportations?", False),
    ("what else did kakar say", False), ("anything else about the border?", False),
    ("more than 200?", False), ("continue the talks?", False),
])
def test_a_reply_that_asks_for_more(text, more):
    from bot.kb.chat import asks_for_more

    assert asks_for_more(text) is more


@pytest.mark.parametrize(("text", "summary"), [
    ("tldr?", True), ("lol tl;dr", True), ("summarize the article", True),
    ("what is this article about?", True), ("so what are the articles about", True),
    ("give me a quick summary", True), ("can you summarise it", True), ("sum it up pls", True),
    ("what does the article say", True), ("whats the gist", True),
    # a question about what the articles say of something
    ("summarize the deportation policy", False), ("what does the article say about refugees", False),
    ("summary of the talks", False), ("what is the ttp about", False),
    ("overview of afghan refugees", False),
])
def test_a_request_for_what_the_articles_are_about(text, summary):
    from bot.kb.chat import asks_for_summary

    assert asks_for_summary(text) is summary


@pytest.mark.parametrize(("text", "about_bot"), [
    ("what can you do?", True), ("who made you", True), ("are you a bot", True), ("help", True),
    ("hey what can u do", True), ("what topics do you cover", True), ("what can i ask you", True),
    ("how do i use this bot", True), ("what do you know about", True),
    # questions about the articles' subjects, in the same words
    ("what do you know about the ttp", False), ("who made the durand line", False),
    ("help the refugees?", False), ("how does the deportation work", False),
    ("who runs afghanistan", False), ("are you sure", False),
])
def test_a_question_to_the_bot_about_itself(text, about_bot):
    from bot.kb.chat import asks_about_bot

    assert asks_about_bot(text) is about_bot


@pytest.mark.parametrize(("text", "complaint"), [
    ("you're wrong", True), ("thats wrong", True), ("wrong answer", True), ("bad bot", True),
    ("that's not what i asked", True), ("that doesnt answer my question", True),
    ("no thats not right", True),
    ("was the deportation wrong?", False), ("is that wrong", False), ("what went wrong", False),
    ("the answer is wrong about the date", False),
])
def test_a_reply_that_says_the_answer_was_no_help(text, complaint):
    from bot.kb.chat import complains

    assert complains(text) is complaint


def test_us_is_the_united_states_where_the_articles_speak_of_it():
    of_the_us = {"united states"}.__contains__
    elsewhere = {"coffins"}.__contains__
    assert clean("who said it came back to us in coffins", elsewhere).text == (
        "who said it came back to us in coffins")
    assert clean("who said it came back to us in coffins", of_the_us).text == (
        "who said it came back to United States in coffins")
    assert clean("what did the us say", elsewhere).text == "what did the United States say"
