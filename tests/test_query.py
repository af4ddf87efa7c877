import pytest

from bot.kb import build_knowledge_base
from bot.kb.query import NAME_FORM_WEIGHT, Analyser
from tests.conftest import article_text


def analysed(answerer, question):
    return answerer.analyser.analyse(question)


@pytest.mark.parametrize(("typed", "meant"), [
    ("Durrand", "durand"), ("Musharaf", "musharraf"), ("Pakhtunkwa", "pakhtunkhwa"),
    ("refugess", "refugees"), ("Talibaan", "taliban"),
])
def test_misspellings_map_to_the_closest_known_word(answerer, typed, meant):
    assert answerer.analyser.correct(typed.lower()) == meant


@pytest.mark.parametrize(("typed", "meant"), [
    # two letters off, but written as the word sounds
    ("pollisy", "policy"), ("fysical", "physical"),
])
def test_a_misspelling_written_as_the_word_sounds_is_corrected(answerer, typed, meant):
    assert answerer.analyser.correct(typed) == meant


def test_a_word_as_it_sounds():
    from bot.kb.query import sound_key

    assert sound_key("lisense") == sound_key("licence") == sound_key("license")
    assert sound_key("comitee") == sound_key("committee")
    assert sound_key("fotograf") == sound_key("photograph")
    assert sound_key("council") != sound_key("counsel")


@pytest.mark.parametrize("word", ["movie", "price", "bread", "weather", "london", "quantum"])
def test_unrelated_words_are_not_corrected(answerer, word):
    assert answerer.analyser.correct(word) is None


def test_corrected_word_reaches_its_entity(answerer):
    query = analysed(answerer, "Who was Musharaf?")
    assert "e:musharraf" in query.weights and query.corrections == {"musharaf": "musharraf"}


def test_aliases_expand_to_the_entity(answerer):
    for question in ("What did the ISKP do?", "What did ISIS-K do?", "What did IS-K do?"):
        assert "e:isk" in analysed(answerer, question).weights


def test_a_name_of_several_words_is_one_piece_of_information(answerer):
    query = analysed(answerer, "Tell me about the Durand Line")
    assert [w.surface for w in query.words] == ["durand line"]


def test_synonyms_expand_with_lower_weight(make_folder):
    folder = make_folder({"a.md": article_text("a", "Pakistan deported Afghans.")},
                         glossary="synonyms:\n  - [expel, deport]\n")
    weights = Analyser(build_knowledge_base(folder)).analyse("Why expel Afghans?").weights
    assert weights["deport"] < 1.0 <= weights["expel"]


def test_a_place_and_its_people_find_each_other(make_folder, semantic):
    folder = make_folder({"a.md": article_text(
        "a", "Marvonian farmers left Marvonia for Zelterra, where Zelterran police met them. "
        "The media reported a median wage.")})
    analyser = Analyser(build_knowledge_base(folder, semantic=semantic))
    weights = analyser.analyse("why did farmers from marvonia go to zelterran towns").weights
    assert weights["marvonia"] == 1.0 and weights["marvonian"] == NAME_FORM_WEIGHT
    assert weights["zelterran"] == 1.0 and weights["zelterra"] == NAME_FORM_WEIGHT
    # two common English words that differ by an ending are not a place and its people
    assert "median" not in analyser.analyse("what did the media say").weights


def test_question_types(answerer):
    assert analysed(answerer, "How many people died?").expects == "number"
    assert analysed(answerer, "When was the Durand Line drawn?").expects == "date"
    assert analysed(answerer, "Who is Kakar?").expects == "person"
    assert analysed(answerer, "Why did Trump blame Pakistan?").expects == "reason"
    assert analysed(answerer, "What does TTP stand for?").expects == "definition"
    # a "when" after another question word opens a clause: not a question for a date
    assert analysed(answerer, "so when did the TTP attack?").expects == "date"
    assert analysed(answerer, "what are the dates for next year's fair?").expects == "date"
    assert analysed(answerer, "whats the date of the vote").expects == "date"
    month = analysed(answerer, "what month in 1998 was the landslide")
    assert (month.expects, month.asks_month) == ("date", True)
    assert not analysed(answerer, "what year was the landslide").asks_month
    assert analysed(answerer, "what year was the landslide").asks_year
    assert analysed(answerer, "in which year did the dam open").asks_year
    assert not analysed(answerer, "when was the landslide").asks_year
    # what the question asks is read around the words it quotes, not in them
    quoting = analysed(answerer, 'who said "we are not the cause of this risk"?')
    assert (quoting.expects, quoting.asks_speaker, quoting.asks_cause) == ("person", True, False)
    assert not analysed(answerer, "who said 'why should we pay for it'").asks_cause
    assert analysed(answerer, "what does 'reset and hope' mean").asks_meaning
    assert analysed(answerer, "what caused the 'great flood'").asks_cause
    assert analysed(answerer, "what did Khan say when Kabul fell?").expects is None
    assert analysed(answerer, "how did Pakistan react when the Taliban won?").expects is None
    # "since when" and "how long has" ask for the start or the length of a state
    assert analysed(answerer, "since when has Pakistan backed the Taliban?").lasting
    assert analysed(answerer, "how long has the border been closed").lasting
    assert not analysed(answerer, "how long is the border").lasting
    assert analysed(answerer, "how long were the reporters detained").lasting
    # "how many" asks for a count; "how far" for any figure
    assert analysed(answerer, "how many refugees left?").counts
    assert not analysed(answerer, "how far is Kabul from Peshawar?").counts
    # "how many of the N": a part of a whole the question gives
    assert analysed(answerer, "how many of the 4,118 appeals succeeded").part_of == "4,118"
    assert analysed(answerer, "how many of the refugees left").part_of is None


def test_unknown_words_weigh_as_rare_and_unknown_years_double(answerer):
    query = analysed(answerer, "zqxvbn 2031 zebra")
    rare, year, common = query.words
    assert not rare.known and rare.info == answerer.analyser.max_idf
    assert year.info == 2 * rare.info
    # a common English word the articles lack tells less than a rare one
    assert not common.known and common.info < rare.info


def test_small_talk(answerer):
    for text in ("hi", "thanks!", "lol", "good morning everyone", "what time is it"):
        assert analysed(answerer, text).small_talk, text
    assert not analysed(answerer, "hi, who is Kakar?").small_talk
    # a name of words joined by hyphens is not the small talk its parts are ("is", "k")
    for text in ("what is IS-K?", "who are is-k"):
        query = analysed(answerer, text)
        assert not query.small_talk and [w.surface for w in query.words] == ["is-k"], text
    from bot.kb.query import is_small_talk

    assert not is_small_talk("what is IS-K?") and is_small_talk("good morning everyone")
    for text in ("hows your weekend going", "how have you been", "hows everything?",
                 "hey there, hope ur having a good day!", "hi there! anyone around?"):
        assert is_small_talk(text), text
    # thanks, and what the answer was to the asker; not those words without thanks
    for text in ("thanks a lot, that helped", "cheers, that's all i needed!",
                 "thanks, that was really helpful 👍"):
        assert is_small_talk(text), text
    for text in ("was it needed", "what help was needed", "hope the ttp is weak"):
        assert not is_small_talk(text), text


def test_looks_like_question() -> None:
    from bot.kb.query import looks_like_question

    for text in ("Why is Pakistan deporting Afghans", "who leads the TTP", "the border?",
                 "Tell me about the Durand Line", "HOW many refugees"):
        assert looks_like_question(text), text
    for text in ("I read the article yesterday.", "lol", "", "whyever not.", "Thanks for that"):
        assert not looks_like_question(text), text


@pytest.mark.parametrize(("question", "asked"), [
    # words that only colour a question
    ("what does the union actually want", ["union", "want"]),
    ("what does the electrician guy think", ["electrician", "think"]),
    ("what is the market lady worried about", ["market", "worried"]),
    ("exactly how many trucks were stuck", ["trucks", "stuck"]),
    # "back" after a verb belongs to it ("sent back"); "backed" is a verb of its own
    ("how many afghans were sent back", ["afghans", "sent"]),
    ("who backed the taliban", ["backed", "taliban"]),
    # the tense or aspect of a verb, and phrases that only stress
    ("where did her father used to work", ["father", "work"]),
    ("did drovic manage to avoid a runoff", ["drovic", "avoid", "runoff"]),
    ("what set off the outbreak in the first place", ["set", "outbreak"]),
    # "going to" a verb says only that it is to come; "going to" a place is going there
    ("is the health minister going to step down", ["health", "minister", "step"]),
    ("when is the velk plant going to reopen", ["velk", "plant", "reopen"]),
    ("is halvik going to court", ["halvik", "going", "court"]),
    ("when is the president going to Velmaria", ["president", "going", "velmaria"]),
    # pronouns of everyone, as "anyone" is
    ("is halvard keeping everyone on", ["halvard", "keeping"]),
    # a misspelt word that asks nothing ("happened" is a stop word)
    ("what happend in the capital", ["capital"]),
    ("what does the union actualy want", ["union", "want"]),  # a misspelt hedge
])
def test_a_question_is_read_without_words_that_ask_nothing(answerer, question, asked):
    assert [w.surface for w in analysed(answerer, question).own_words] == asked


def test_what_does_x_do_asks_for_a_definition(answerer):
    assert analysed(answerer, "what does the jrc do").expects == "definition"
    assert analysed(answerer, "what does NOSA actually do").expects == "definition"
    assert analysed(answerer, "what does the jrc do exactly").expects == "definition"
    assert analysed(answerer, "what does the jrc want to do").expects != "definition"


@pytest.mark.parametrize(("question", "who_is", "speaker"), [
    ("who is faiz hameed", True, False),
    ("who's the chief mediator", True, False),
    ("who was killed in the attack", False, False),  # who was killed: not what someone is
    ("who said the border was artificial", False, True),
    ("who called the durand line an artificial construction", False, True),
    ("who made the crack about the sofa", False, True),  # a remark: someone said it
    ("who came up with the collision of two promises line", False, True),
    ("whose words were 'strategic depth'", False, True),
    ("who made the bomb", False, False),
    ("what did faiz hameed say", False, False),
    # what someone's job is: who they are
    ("whats marta quillon's job", True, False),
    ("what is anton severin's role", True, False),
    ("whats ilse vargas job", True, False),
    ("what is the ministry's role in the talks", False, False),
    ("what was the job of the ministry", False, False),
    ("what job does mirela chasko have", True, False),
    ("what position does she hold", True, False),
    ("what job did the ministry give the contractor", False, False),
    ("what job does the trade minister have", False, False),  # a post, not someone named
])
def test_who_a_question_asks_about(answerer, question, who_is, speaker):
    query = analysed(answerer, question)
    assert (query.asks_who_is, query.asks_speaker) == (who_is, speaker)


@pytest.mark.parametrize(("question", "said"), [
    ("what did faiz hameed say about kabul", True),
    ("what did the ministry tell parliament", True),
    ("what the foreign minister said about the refugees", True),
    ("what did they call the plan", True),
    ("what is the treaty called", False),  # a name, not something said
    ("what happened after he told them", False),
    ("who said the border was artificial", False),
    # what someone thinks of something is asked of their words
    ("what did dascalu think of the government's package", True),
    ("what does the union make of the offer", True),
    ("how does hedda moro feel about being proven right", True),
    ("what do you think of the deal", False),  # asked of the bot: any quote on the deal
    ("what did they think the ban would do", False),  # not what they think *of* something
])
def test_what_someone_said_is_asked(answerer, question, said):
    assert analysed(answerer, question).asks_said is said


@pytest.mark.parametrize(("question", "who"), [
    ("what did faiz hameed say about kabul", "faiz hameed"),
    ("what did dascalu think of the government's package", "dascalu"),
    ("what does the porters union make of the offer", "the porters union"),
    ("how does hedda moro feel about being proven right", "hedda moro"),
])
def test_whose_words_are_asked(answerer, question, who):
    assert analysed(answerer, question).said_by == who


@pytest.mark.parametrize(("question", "event"), [
    ("when was the bottlers association founded", "founded"),
    ("when was the ban announced on july 3", "announced"),
    ("when did she resign", "resign"),
    ("when did marta kessel become transport minister", "become"),  # after the names
    ("when did the fund spot the attackers", "spot"),  # before an article
    ("when did the border crossing reopen for lorries", "reopen"),  # before a preposition
    ("how many protesters were arrested", "arrested"),
    ("when did the old transit deal run out", None),  # a particle: "expired" says the same
    ("when did lena go to meresk", None),  # says little alone: "travelled"
    ("when is the association filing its court case", "filing"),
    ("when did pakistan start deporting afghans", "deporting"),  # the event, not its start
    ("when did the army begin to withdraw", "withdraw"),
    ("when is the hearing", "hearing"),  # a noun: the quote that dates it names it
    ("how many people showed up to the march", None),  # a particle: "marched" says the same
    ("when did the sugar levy kick in", None),  # ... at the end: "came into force"
    ("how many were killed in the attack", "killed"),  # "in" before what follows: no particle
    ("what year exactly did the n7 open to traffic", "open"),  # "what year" dates as "when"
    ("how many welds do they need to check", None),  # "need" is no past participle
    ("how many cows were agreed", "agreed"),
    # a phrasal verb, another verb may say the same: "watched by", "arrested"
    ("how many viewers tuned in for the final", None),
    ("how many folks got taken into custody", None),
    # "are left": what remains, not who left
    ("how many seats are left now", None),
    ("how many people left the party", "left"),
])
def test_the_event_a_date_or_a_count_is_of(answerer, question, event):
    assert analysed(answerer, question).event == event


def test_a_digit_that_is_no_number_is_read_as_a_word(answerer):
    # "\u24f6" (a circled two) is a digit to str.isdigit, and int() refuses it
    assert analysed(answerer, "how many \u24f6 attacks").words
    assert answerer.answer("\u24f6") is not None


@pytest.mark.parametrize(("question", "result"), [
    ("what did the audit chamber find", True),
    ("which way did the council vote on the motion", True),
    ("how did the 3 june vote go", True),
    ("what did the court decide", True),
    ("what did they find in the box", True),
    ("what came out of the march 4 hearing", True),
    ("what was the outcome of the review", True),
    ("how did the tribunal hearing end?", True),
    ("how did the workers go on strike", False),
    ("when will the audit report", False),
    ("how many voted for the motion", False),
])
def test_a_result_asked_for(answerer, question, result):
    assert analysed(answerer, question).asks_result is result


@pytest.mark.parametrize(("question", "expects", "money"), [
    ("whats the unemployment rate in velmir", "number", False),
    ("what was the population of the town", "number", False),
    ("what was the rent in the 1994 lease", "number", True),
    ("how much is the clinic charging for a visit", "number", True),
    ("what is the point of the fee", None, False),
    # after a name, in the possessive
    ("what was brennick timber's profit last year", "number", True),
    ("whats the company's annual revenue", "number", True),
    ("what is the main reason for the price rise", None, False),
])
def test_a_figure_or_a_sum_asked_by_its_name(answerer, question, expects, money):
    query = analysed(answerer, question)
    assert (query.expects, query.asks_money) == (expects, money)


@pytest.mark.parametrize(("question", "other"), [
    ("who was health minister before annika vestrel", True),
    ("who replaced the mayor", True),
    ("who is replacing konrad brehme as chief executive", True),
    ("who will succeed the mayor", True),
    ("who took over as head of the port", True),
    ("who is the health minister", False),
    ("who is taking the case to court", False),
])
def test_someone_other_than_those_named_is_asked(answerer, question, other):
    assert analysed(answerer, question).asks_successor is other


@pytest.mark.parametrize(("question", "cause"), [
    ("what caused the fire", True),
    ("what made the moraine dam break", True),
    ("what triggered the sell-off", True),
    ("what did the dam company make", False),
    ("what was made in the factory", False),
])
def test_a_cause_is_asked(answerer, question, cause):
    assert analysed(answerer, question).asks_cause is cause


@pytest.mark.parametrize(("question", "body"), [
    ("which company built the road", True),
    ("which two countries does brightwell run lotteries in", True),  # plural
    ("which 2 countries does brightwell run lotteries in", True),  # as chat cleaning writes it
    ("what was the snow leopard cub called?", True),  # a name
    ("what's the new ferry named", True),
    ("what was the cub called after", False),
    ("which banks lent the money", True),
    ("what is the name of the retired judge", True),
    ("what did the company build", False),
    # after "which", whatever has a name of its own; "what school" may ask what kind
    ("which airline flew the first freighter out", True),
    ("which two architects are helping the group", True),
    ("what school does she run", False),
])
def test_a_named_body_is_asked(answerer, question, body):
    assert analysed(answerer, question).asks_body is body


@pytest.mark.parametrize(("question", "named"), [
    ("which company built the road", "company"),
    ("which two countries does brightwell run lotteries in", "countries"),
    ("what is the name of the international convention velmora ratified in 2006", "convention"),
    ("whats the name of the lawyer klua hired", "lawyer"),
    ("what's the name of the retired judge leading the review", "judge"),
    ("who was the one judge who voted against the ruling", "judge"),
    ("which online retailers use the hub", "retailers"),
    ("what is the name", None),
    ("who is marek sollan", None),
    ("who was the guy who said his knee doesnt read the newspapers", None),  # someone
])
def test_what_a_question_for_a_name_asks_to_be_named(answerer, question, named):
    assert analysed(answerer, question).named == named


@pytest.mark.parametrize(("question", "kind"), [
    ("ban expiry date", ("date", "date")),
    ("dunmere population", ("population", "number")),
    ("lantern editor name", ("name", "name")),
    ("ruta delmar job", ("job", "who")),
    ("bottling plant age", ("age", "age")),
    ("tourism income last year", None),  # when the income was, not what is asked
    ("merger savings per year", None),
    ("what is the date", None),  # a question word: not a question of keywords
    ("dunmere refinery", None),
    # a post: who holds it
    ("dgu chairman", ("chairman", "holder")),
    ("union general secretary", ("secretary", "holder")),
    ("the developer is family with the mayor", None),  # a sentence, not keywords
])
def test_a_question_of_keywords_ends_on_the_kind_it_asks_for(answerer, question, kind):
    assert analysed(answerer, question).keyword_kind == kind


@pytest.mark.parametrize(("question", "polar"), [
    ("has the factory reopened yet", True),
    ("did anyone die during the escape", True),
    ("are the fishermen against wind power", True),
    ("who reopened the factory", False),
    ("when did the factory reopen", False),
])
def test_a_yes_no_question_opens_on_its_verb(answerer, question, polar):
    assert analysed(answerer, question).polar is polar


@pytest.mark.parametrize(("question", "future"), [
    ("will the plant reopen next year?", True),
    ("is pakistan going to attack afghanistan", True),
    ("what does the mayor plan to do about the flooding", True),
    ("what will the council do now", True),
    ("did the plant reopen?", False),
    ("what did the mayor do about the flooding", False),
    ("what does the mayor do all day", False),
    ("why won't the council act", False),  # a refusal
    ("how many seats is the stadium gonna have", False),  # a datum: its own checks
    ("who said winter will not wait", False),  # said, not to come
])
def test_a_question_about_what_is_to_come(answerer, question, future):
    assert analysed(answerer, question).asks_future is future


@pytest.mark.parametrize(("question", "done"), [
    ("who drew the durand line", "drew"),
    ("who actually signed the accord", "signed"),  # a hedge between
    ("who released the ttp fighters and when", "released"),
    ("who is imran khan", None),  # what someone is
    ("who said everything will be okay", None),  # who spoke: its own checks
    ("who was the pm in 2021", None),
    ("when was the accord signed", None),  # not a question for someone
])
def test_what_a_question_for_its_doer_asks_was_done(answerer, question, done):
    word = analysed(answerer, question).done_by
    assert (word and word.surface) == done


def test_a_verb_finds_its_past_that_is_another_word_too(answerer):
    # "left" is also a side and "found" a founding: the question's verb finds them all the same
    stem = answerer.analyser.tokenizer.stem
    leave = analysed(answerer, "when did the us leave afghanistan").own_by_surface["leave"]
    assert leave.terms[stem("left")] < leave.terms[stem("leave")]
    find = analysed(answerer, "what did the report find").own_by_surface["find"]
    assert stem("found") in find.terms
    # ... and the past itself does not become its verb
    left = analysed(answerer, "who is on the left").own_by_surface.get("left")
    assert left is None or stem("leave") not in left.terms


@pytest.mark.parametrize(("question", "focus"), [
    ("how many people were arrested", "people"),
    # a people's name before what is counted says which: the soldiers are counted
    ("how many pakistani soldiers were killed in 2023", "soldiers"),
    ("how many sorelian truckers are stuck", "truckers"),
    # ... but a plain word before a verb is what is counted
    ("how many herders turned up", "herders"),
    ("what is the population of sambera", "population"),
    # what a thing is made of asks for no "made"
    ("whats the dome made of on the opera house", None),
])
def test_what_a_count_asks_about(answerer, question, focus):
    assert analysed(answerer, question).focus == focus


def test_a_count_of_soldiers_is_not_sure_of_a_count_of_diplomats(answerer):
    # "killing two Russian diplomats" is a count of the killed, not of the soldiers asked of
    answer = answerer.answer("how many pakistani soldiers were killed in 2023")
    assert answer.answered and answer.tentative, answer.to_json()
