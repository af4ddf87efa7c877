from bot.kb.text import Tokenizer, normalize, words


def test_normalize_folds_quotes_dashes_and_invisible_characters():
    folded = normalize("Pakistan\u2019s \u201cwar\u201d \u2013 IS\u2011K\u200b")
    assert folded == "Pakistan's \"war\" - IS-K"
    assert normalize("ﬁne") == "fine"  # NFKC ligature


def test_words_keep_compounds_and_drop_possessives():
    assert words("Pakistan’s US-led “War on Terror” after 9/11, IS-K") == [
        "pakistan", "us-led", "war", "on", "terror", "after", "9/11", "is-k"]
    assert words("1,000 people") == ["1000", "people"]


def test_terms_lowercase_stem_and_drop_stop_words():
    t = Tokenizer()
    assert t.terms("The refugees were deported") == ["refuge", "deport"]
    assert t.terms("refugee") == t.terms("Refugees")
    assert t.terms("what is it that they did") == []


def test_accents_are_typed_without_them():
    t = Tokenizer()
    assert t.terms("the café of Jurek Halász") == t.terms("the cafe of jurek halasz")
    assert t.terms("Tomšić, Iveković") == ["tomsic", "ivekov"]


def test_compounds_meet_their_joined_and_spaced_forms():
    t = Tokenizer()
    assert "isk" in t.terms("IS-K") and "isk" in t.terms("ISK")
    assert t.terms("tit-for-tat")[-1] == t.terms("titfortat")[0]
    assert "911" in t.terms("9/11")


def test_per_cent_is_one_word_as_percent_is():
    t = Tokenizer()
    assert t.terms("sales fell by 14 per cent") == t.terms("sales fell by 14 percent")
    assert t.terms("Per  cent") == t.terms("percent")
    assert t.terms("cents per kilo") == ["cent", "per", "kilo"]


def test_contractions_are_stop_words():
    assert Tokenizer().terms("won't don't isn't") == []


def test_same_tokenizer_for_passages_and_questions(kb, answerer):
    assert answerer.analyser.tokenizer is kb.tokenizer


def test_irregular_forms_share_their_base_forms_term():
    tokenizer = Tokenizer()
    assert tokenizer.terms("held paid fled children") == tokenizer.terms(
        "holding pay flee child")
    # a form that is also a common word of its own is left alone
    assert tokenizer.terms("left rose") != tokenizer.terms("leave rise")
