"""Answers: the best sentences of the best passages, quoted exactly; or the closest
passages, said to be unsure; or a decline.

Reading. A chat message is cleaned first (``chat``): filler and frames go,
abbreviations and number words are written out, a two-part question is
split and each part answered, a message in another language is told that
the articles are in English.

Ranking. Candidate passages come from BM25 and, when the snapshot has
sentence vectors (``semantic``), from the sentences closest in meaning to
the question. Every sentence of the candidates is scored with both: how
much of the question's information (the IDF of each question word, see
``query``) it holds, with its paragraph as context and a bonus when it holds
what the question asks for (a number, a date, a person); and the cosine of
its vector (with the sentence it leans on, and its paragraph's) with the
question's.

Quoting. A quote is a sentence as printed. It takes the sentence before it
when it starts by pointing back ("It was drawn..."), a short sentence that
leads in ("The union was unimpressed.") takes the one after it when that one
leans on it (a quotation, "It...", "She..."), and a sentence too long
to read at a glance is cut to the clauses that matter, with an ellipsis
where it was cut. Every quote is a substring of its passage.

Deciding (``decide``). Three outcomes: a sure answer; the closest passages,
said plainly to be unsure; or a decline, which names only question words
that the articles never contain.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein

from bot.kb import people, rerank
from bot.kb.annotate import (
    ENTITY_PREFIX,
    HAS_AMOUNT,
    HAS_DATE,
    HAS_NUMBER,
    figure_kinds,
    is_figure,
)
from bot.kb.articles import UNKNOWN, Article
from bot.kb.chat import (
    ASKS_ALONE,
    AUXILIARIES,
    QUESTION_WORDS,
    SCALE_OF,
    amounts_in,
    asks_about_bot,
    asks_about_sources,
    asks_for_more,
    asks_for_summary,
    clean,
    complains,
    figures_in,
    guesses,
    numbers_as_digits,
    only_doubts,
    ordinals_in,
    without_guess,
)
from bot.kb.decide import SURE_SIMILARITY, Evidence, Outcome, decide, holds_what_is_asked
from bot.kb.english import english_word, in_plain_english, written_as_name
from bot.kb.facts import (
    FIGURE_WORD,
    GIVES_CAUSE,
    GIVES_MONTH,
    GIVES_OUTCOME,
    GIVES_YEAR,
    INHABITANTS,
    LASTING,
    MEASURE_UNITS,
    MEMBERSHIP,
    REFUSED_TO_SAY,
    RELATIVE_YEAR,
    SETTLES,
    SHORT_CLAUSE,
    SPEAKS_OF_DONE,
    SPEAKS_OF_FUTURE,
    STILL_TO_COME,
    YEAR_OFFSET,
    gives_date,
    gives_size,
    in_short_clauses,
    measures_only,
    written_month,
)
from bot.kb.glossary import Glossary
from bot.kb.parts import merge_parts, read_whole
from bot.kb.passages import BODY, STANDFIRST, Passage
from bot.kb.query import (
    ALWAYS_MEASURED,
    CURRENCY,
    CURRENCY_SIGNS,
    MEASURES,
    MONEY,
    PART_OF_NAME_WEIGHT,
    Analyser,
    Query,
    QueryWord,
)
from bot.kb.rerank import RERANK, Features
from bot.kb.result import Answer, Excerpt, Hit
from bot.kb.semantic import SemanticModel
from bot.kb.snapshot import KnowledgeBase, SentenceInfo
from bot.kb.speakers import (
    ADDRESSED,
    ANONYMOUS_SOURCE,
    ATTRIBUTION,
    CAPITALISED,
    DESCRIBED_SPEAKER,
    FULL_NAME,
    GIVES_NAME,
    GIVES_REACTION,
    INNER_CAPITAL,
    NAME_BEFORE,
    NAME_BEFORE_ROLE,
    NAME_FOLLOWS,
    NAME_TITLES,
    NAMES_SPEAKER,
    ONE_OF_A_KIND,
    PLACE_PREPOSITIONS,
    PRONOUN_SPEAKER,
    QUOTES_NAMED_BEFORE,
    REPORTS_SPEECH,
    ROLES,
    SAYS_SOMETHING,
    SURNAME,
    another_post,
    introduces,
    names_another_than,
    names_someone,
    speaker_names,
)
from bot.kb.text import (
    MONTHS,
    OPINION_WORDS,
    STOP_WORDS,
    WEAK_WORDS,
    WEEKDAYS,
    YEAR,
    Tokenizer,
    normalize,
    words,
)

CANDIDATES = 12  # passages BM25 finds, whose sentences are considered
SEMANTIC_CANDIDATES = 12  # sentences closest in meaning, whose passages are considered too
LAZY_SENTENCES = 1  # a base too large to embed at build: the best quote by words, embedded now
MAX_READ = 1000  # characters of a question that are read (Discord's own limit is lower)
MAX_CONTEXT = 600  # characters of a follow-up's earlier questions that are read
CONTEXT_VECTOR_SHARE = 0.5  # the earlier question's weight in a follow-up's vector
CLOSER = 0.05  # a quote this much closer in meaning than the best few is looked at again
MEASURE_REACH = 10  # "how old is X?": the quotes looked through for an age, best first
GUESS_RATIO = 1.35  # a guessed figure is near one of the quote's up to this ratio
FIRST_NAME_LETTERS = 2  # a first name typed this many letters off is the one written
TOKEN_SUPPORT = 0.5  # a question word is in the quote when a word piece is this close
LOOSE_TOKEN_SUPPORT = 0.45  # ... or this close, for an open question close in meaning
LEXICAL_SHARE = 0.8  # a quote's score: its words' score ...
SEMANTIC_SHARE = 1.0  # ... its cosine with the question ...
SEMANTIC_CONTEXT_SHARE = 0.6  # ... and its paragraph's cosine
MAX_QUOTE = 320  # characters; a longer sentence is cut to its best clauses
MAX_JOINED = 420  # characters; a sentence brings the one before only within this
SHORT_PAIR = 280  # characters; a quote brings the sentence after it when both fit in this
LEAD_IN_WORDS = 15  # a sentence this short may lead into the next ("X was no less blunt.")
MAX_LEANING = 3  # sentences a quote goes back for the subject of "it", "the group" ...
MAX_CHAIN = 650  # ... within this many characters
ELLIPSIS = "…"
ROLE_REACH = 30  # characters: "Marvonia's president, X" names Marvonia's president
# "what did the finance minister say?": a post or a body that speaks, not a name ("the
# government" speaks through any of its ministers)
SPEAKING_POSTS = ROLES - {"government", "office"}
# ... and words before a post that do not tell one of its kind from another: "the govt
# minister" may be the industry minister
GENERIC_QUALIFIERS = frozenset("government state national regional federal local senior top "
                               "current new".split())
NAME_REACH = 60  # characters: "a contractor, Ostmar Halbrook", the name beside what it names
OWNER_REACH = 250  # ... and "Its president, X", the body named in the sentence before
_SCALES = (*SCALE_OF, "bn")
# a figure, its scale and the word after it: "9 million dalers", "two decades", "in 2019"
_FIGURE_UNIT = re.compile(rf"(?<![\w.,])(?P<figure>\d+(?:,\d{{3}})*(?:\.\d+)?)"
                          rf"(?:\s+(?P<scale>{'|'.join(_SCALES)}|m)\b)?(?:[\s-]+(?P<unit>[A-Za-z.%]+))?")
# a sentence that opens on who holds a post of the body named before: "Its chief executive,
# Torvald Brenne, said"
_ITS_HOLDER = re.compile(rf"(?:Its|Their)\s+(?:[\w-]+\s+){{0,3}}?[\w-]+,\s+{CAPITALISED},")
_ITS_ROLE = re.compile(r"\b(?:its|their)\s+(?:\w+[\s-]+){0,3}$", re.IGNORECASE)
COUNT_REACH = 2  # words between a figure and what it counts: "4,117 written complaints"
# "was [quickly] drawn": a verb in the passive, its auxiliary at most this far before it ...
PASSIVE_REACH = 3
AGENT_REACH = 4  # ... and its doer, "by ...", at most this far after
_PASSIVE = frozenset("is are was were be been being".split())
EVENT_REACH = 3  # ... and between that and the event counted: "37 people [had been] arrested"
PHRASE_PASSAGES = 5  # passages looked in for a phrase an abbreviation may stand for
QUOTED_PHRASE = 3  # words of the quote in a row, in the question: the asker quotes it
SOURCES_LISTED = 5  # articles named to a question about them, newest first
PHRASE_WORDS = 4  # ... of a question of common words alone, found as typed
PHRASE_NEAREST = 5  # ... in one of the sentences this close in meaning
CONTEXT_SHARE = 0.35  # weight of the paragraph's match beside the sentence's own
BM25_SHARE = 0.3
ANSWER_TYPE_BONUS = 0.15
MEASURE_BONUS = 0.15  # ... and more for the measure "how long" or "how tall" asks ("40 minutes")
COUNT_BONUS = 0.3  # ... and more for a figure before what "how many" counts
REFUSAL_BONUS = 0.3  # "did she comment?": a refusal to say ("declined to comment") settles it
# the sentence that gives just what is asked: "what does X stand for" (X written out in full),
# "what is the treaty called" (its name), "who is X" (X introduced: "X, a former minister")
GIVES_WHAT_IS_ASKED_BONUS = 0.6
SPELLS_OUT_BONUS = 1.0  # ... and more for X written out: no other sentence says what X is
MISSING_TYPE_FACTOR = 0.7  # "when"/"how many" asked, and the sentence has no date/number
OUTSIDE_BODY_PENALTY = 0.1  # caption and standfirst summarise; the body says it first
QUESTION_PENALTY = 0.5  # the article's own (rhetorical) questions answer nothing
LENGTH_PENALTY = 0.02  # between equals, the shorter sentence is the more focused
MAX_QUOTES_A_PASSAGE = 2  # the others come from other passages
EXCERPT_POOL = 10  # quotes chosen, of which the first asked for are shown
FOLLOWING_EXCERPT_MIN = 0.5  # a further excerpt must score this share of the first
CONTINUATION_SHARE = 0.9  # a quote's continuation scoring this share of it replaces it
WORD_CACHE = 50_000  # printed words whose terms are remembered for highlighting
PHRASE_CACHE = 10_000  # phrases and words of questions known to be in the articles, or not
QUALIFIERS = 2  # words before a word that say which: "the [lutavian interior] minister"
PEOPLE_CACHE = 1_000  # articles whose people are known (what each calls them)
SURNAME_PASSAGES = 5  # passages looked in for a word of English that is someone's surname
SPOKEN_OF_CACHE = 100_000  # quotes whose people are known

# a person a follow-up speaks of by a pronoun: "how old is he?"
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.IGNORECASE)
# a sentence whose subject is in the one before: "It was drawn...", "The group ..."
_LEANS_BACK = (
    # an introductory phrase may come first: "Earlier, in September 2022, it had ..."
    r"^(?:[^,;:.\u201c\"]{1,40},\s+){0,2}[\"'\u201c\u2018(]*"
    # "This September", "That year" name a time, not something said before
    r"(?!(?:this|that)\s+(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|year|month|week|spring|summer|autumn|winter|morning|time)\b)"
    r"(?:(?:it|its|he|his|him|she|her|they|their|them|this|that|there|"
    r"the latter|the former|the group|the official|the militant group)\b"
    r"|(?:\w+\s+){0,2}(?:these|those|such)\b)")
_SUBJECT_BACK = re.compile(_LEANS_BACK, re.IGNORECASE)
# ... or that points back elsewhere: "during that conflict"
_POINTS_BACK = re.compile(
    _LEANS_BACK + r"|^.{0,60}?\b(?:during|in|after|before|since|from|of|at|by|with|for|under|"
    r"until) (?:this|that|these|those) (?-i:[a-z])", re.IGNORECASE)
# how a question opens ("when was", "why did"): of an earlier question a follow-up of
# question words alone ("why?") asks again, only its subject is wanted
_ASKING = re.compile(rf"^\W*(?:(?:{QUESTION_WORDS})\b\W*)?(?:(?:{AUXILIARIES})\b\W*)?",
                     re.IGNORECASE)
_NOT_A_DEGREE = frozenset("often come".split())  # "how often", "how come": not a degree
MONEY_WORDS = frozenset("money cash funds funding".split())  # held by any sum of money
# a government by its parts: "the govt" is held by "the interior ministry", "the minister"
GOVERNING = re.compile(r"\b(?:ministry|ministries|minister|ministers|cabinet|premier|"
                       r"the state)\b", re.IGNORECASE)
# "what year", "what percentage": the word names what is asked; a quote with a date or a
# figure holds it
TYPE_WORDS = {"date": frozenset("year years date month day time".split()),
              "number": frozenset("number figure amount total percentage percent share people "
                                  "proportion rate count".split())}
_HIGHLIGHT_WORD = re.compile(r"[^\W_]+(?:[-'\u2019/][^\W_]+)*")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")  # a word of a quote, as it is written
_PARENTHESIS = re.compile(r"\(([^()]{2,60})\)")


_CLAUSE_BREAK = re.compile(r"(?:,|;|:|\s[\u2013\u2014-])\s+")


@dataclass(frozen=True)
class _Scored:
    score: float
    passage_index: int
    sentence: int
    first: int  # first sentence of the quote (sentence - 1 when it points back)
    lexical: float = 0.0
    semantic: float | None = None  # cosine with the question (None: no vectors)
    # the score before the best few were scored again: further quotes are measured on it
    base: float | None = None
    paragraph: float | None = None  # its paragraph's cosine with the question
    features: Features | None = None  # what the second ranking knew of it (``rerank``)

    @property
    def first_score(self) -> float:
        return self.score if self.base is None else self.base


@dataclass
class _Unit:
    """A candidate quote while it is being scored."""

    passage_index: int
    sentence: int
    first: int
    lexical: float
    factor: float  # the answer type's fit (1.0, or less when it lacks what is asked)
    global_id: int  # the sentence's number in the snapshot (its vector's row)

# a word not followed by "'s": not an owner ("Ms Varnhout's resignation")
_WORD_NOT_OWNER = re.compile(r"\b([\w-]+)\b(?!['\u2019]s?\b)(?!['\u2019]\w)")
# the doer of something, named after "by": "introduced on 9 October by the Ministry of Trade"
_BY_NAME = re.compile(r"\bby (?:the )?[A-Z]")
_CALENDAR = frozenset(Tokenizer().stem(day) for day in (*MONTHS, *WEEKDAYS))  # never a name
_SAID = re.compile(r"\b(?:said|says|told|tells|added)\b")
# a year as the point something is counted from: "since 1998", "since the end of military
# rule in 1987"
_SINCE_YEAR = re.compile(r"\bsince\b[^,.;:()\u201c\u201d\"]{0,40}?\b(\d{4})\b", re.IGNORECASE)


def _only_since(year: str, text: str) -> bool:
    """Every mention of ``year`` in ``text`` is the point something is counted from."""
    since = {m.start(1) for m in _SINCE_YEAR.finditer(text) if m.group(1) == year}
    return bool(since) and all(m.start() in since for m in re.finditer(rf"\b{year}\b", text))


def _match(word: QueryWord, terms: frozenset[str]) -> float:
    """How well a set of terms holds a question word: its best present term's weight."""
    return max((w for t, w in word.terms.items() if t in terms), default=0.0)


def _holds(word: QueryWord, terms: frozenset[str]) -> bool:
    """The terms hold the question word: one of its terms, or, for a name of several words
    the glossary knows, the name itself, not one ordinary word of it ("states", for "the
    United States")."""
    several = " " in word.surface and word.in_glossary
    return _match(word, terms) > (PART_OF_NAME_WEIGHT if several else 0.0)


def _coverage(words: list[QueryWord], terms: frozenset[str]) -> float:
    total = sum(w.info for w in words)
    return sum(w.info * _match(w, terms) for w in words) / total if total else 0.0


def _defines(query: Query, info: SentenceInfo) -> bool:
    """The sentence names an entity of the question twice (name and acronym, say)."""
    return any(info.mentions.count(e) >= 2 for e in query.entities)


def _asked_kind(query: Query) -> int:
    """The kind of figure a "when" or "how many" asks for (0: none)."""
    if query.expects == "date":
        return HAS_DATE
    if query.expects == "number":
        return HAS_AMOUNT if query.counts else HAS_NUMBER
    return 0


def _type_fits(query: Query, info: SentenceInfo) -> bool:
    if kind := _asked_kind(query):
        return bool(info.kinds & kind)
    return ((query.expects == "person" and info.has_person)
            or (query.expects == "reason" and info.has_reason))


def _spells_out(query: Query, sentence: str, glossary: Glossary) -> bool:
    """The sentence writes out a name the question asks about beside its short form:
    "Tehrik-i-Taliban Pakistan (TTP)" or "TTP (Tehrik-i-Taliban Pakistan)"."""
    asked = {w.surface.replace(" ", "").replace("-", "") for w in query.own_words}
    entities = query.entities
    for match in _PARENTHESIS.finditer(sentence):
        inside = match.group(1)
        before = (sentence[:match.start()].split()[-1:] or [""])[0]
        if ({inside.replace("-", "").replace(" ", "").lower(),
             before.replace("-", "").lower()} & asked):
            return True
        if entities and any(m.entity in entities for m in glossary.mentions(inside)):
            return True
    # the glossary's full name of what was asked by a short form ("FATA": "the Federally
    # Administered Tribal Areas")
    lower = sentence.lower()
    return any(len(name.split()) > 1 and name.lower() in lower and name.lower() not in query.text.lower()
               for name in (glossary.entities[e].name for e in entities if e in glossary.entities))


def _asked_names(query: Query) -> list[str]:
    """The question's words that may be a name (as typed or corrected), and the last word of
    a name of several the glossary knows ("Kakar" of "anwar ul haq kakar", which an article
    writes "Anwar-ul-Haq Kakar")."""
    names = []
    for word in query.own_words:
        surface = word.correction or word.surface
        name = surface if surface.isalpha() else re.split(r"[\s-]+", surface)[-1]
        if name.isalpha():
            names.append(name)
    return names


# "Imran Khan, who was then Pakistan's prime minister,": a name, then the post it held
_WHO_WAS = (r"(?:who\s+(?:is|was|has\s+been|had\s+been)\s+(?:then\s+|now\s+|still\s+|"
            r"at\s+the\s+time\s+)?)?")


def _names_holder(sentence: str, query: Query, is_name: Callable[[QueryWord], bool],
                  terms_of: Callable[[str], frozenset[str]], posts: tuple[str, ...] = ()) -> bool:
    """The sentence names who holds the post "who is the chief mediator?" asks about:
    "Its chief mediator, Rafael Ondreth", "Ondreth, the chief mediator", "Imran Khan, who
    was then Pakistan's prime minister"; or one of the ``posts`` ("chairman" for "who chairs
    the federation?"). The names the
    question gives stand beside it ("who is the president of Marvonia?" is not answered
    by "Its president, Yara Dovlek", the president of something else)."""
    names = [w for w in query.own_words if is_name(w)]
    roles = posts or tuple(w.correction or w.surface for w in query.own_words if w not in names)
    for role in roles:
        if not role.replace(" ", "").isalpha():
            continue
        after = rf"\b(?i:{role})s?,?\s+{CAPITALISED}"
        # ("X, the chairman of Y", "X, chairman of the Federation of Upland Farmers")
        before = (rf"{CAPITALISED},\s+{_WHO_WAS}(?:(?:the|a|an|its|his|her|their|"
                  rf"{CAPITALISED}[\u2019']s)\s+(?:\w+[\s-]+){{0,4}})?"
                  rf"{role}s?(?:\s+(?:of|at|for|in)\s+(?:the\s+)?{CAPITALISED}"
                  rf"(?:\s+(?:of|for)\s+(?:the\s+)?{CAPITALISED})?)?[,.;]")
        for match in itertools.chain(re.finditer(after, sentence),
                                     re.finditer(before, sentence, re.IGNORECASE)):
            # ("Its chief executive, X": its, the body the sentence before names)
            reach = OWNER_REACH if _ITS_ROLE.search(sentence, 0, match.start()) else ROLE_REACH
            beside = terms_of(
                sentence[max(0, match.start() - reach):match.end() + ROLE_REACH])
            if all(_match(w, beside) > 0 for w in names):
                return True
    return False


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _closest_looked_at(scored: list[_Scored]) -> list[_Scored]:
    """The quote closest in meaning among the best few the second ranking looks at: a
    paraphrase shares few words with its answer, which the first ranking's words' score
    leaves below quotes that share more ("how many houses got wiped out in the fire?": the
    sentence that says "destroyed 212 homes" is the closest in meaning, seventh by score)."""
    rest = [s for s in scored[RERANK:] if s.semantic is not None]
    if not rest or len(scored) <= RERANK:
        return scored
    closest = max(rest, key=lambda s: s.semantic or 0.0)
    if (closest.semantic or 0.0) < max((s.semantic or 0.0) for s in scored[:RERANK]) + CLOSER:
        return scored
    at = scored.index(closest)
    return [*scored[:RERANK - 1], closest, *scored[RERANK - 1:at], *scored[at + 1:]]


def _guessed(question: str, quote: str) -> bool:
    """The asker guesses a figure ("like 400 million?") the quote gives about as large, within
    a third ("roughly 420 million bees"): a figure near the guess is what was asked. A share
    guesses a share ("like 5 percent?"), a count or a sum any other figure: "how many ships
    are stuck, like 40?" is not answered by "40 percent to transport costs"."""
    return any(max(g, a) <= GUESS_RATIO * min(g, a)
               for percent in (True, False)
               for g in guesses(question, percent) if g > 0
               for a in amounts_in(quote, percent) if a > 0)


def _gives_part(whole: str, quote: str) -> bool:
    """The quote gives a figure smaller than the ``whole`` a question asks a part of ("how
    many of the 4,118 appeals succeeded?": not "4,118 drivers lodged appeals, and around
    11,000 notices were unpaid"), a year aside."""
    total = max(amounts_in(whole), default=0.0)
    return total <= 0 or any(0 < amount < total
                             for amount in amounts_in(YEAR.sub(" ", quote), percent=False))


def _corrected(text: str, corrections: dict[str, str]) -> str:
    """The question with its misspelt words as corrected ("the evning lantren" is "the
    evening lantern"): a misspelt word is only word pieces to the embedding model."""
    for typed, fixed in corrections.items():
        text = re.sub(r"\b" + re.escape(typed) + r"\b", fixed.replace("\\", r"\\"), text,
                      flags=re.IGNORECASE)
    return text


def _bounded(context: str | None) -> str | None:
    """The end of a long follow-up context: the latest questions matter most."""
    if not context or len(context) <= MAX_CONTEXT:
        return context
    cut = context[-MAX_CONTEXT:]
    space = cut.find(" ")
    return cut[space + 1:] if 0 <= space < 40 else cut


class Answerer:
    """Answers questions from one knowledge base snapshot."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.analyser = Analyser(kb)
        self.vectors = kb.vectors
        self._word_terms: dict[str, list[str]] = {}  # a printed word -> its terms (highlights)
        self._phrases: dict[str, bool] = {}  # a phrase -> whether the articles use it
        self._people: dict[str, people.People] = {}  # an article -> what it calls its people
        # a quote (passage, first and last sentence) -> the terms of what its people are called
        self._spoken_of: dict[tuple[int, int, int], frozenset[str]] = {}
        self._surnames: dict[str, bool] = {}  # a word of English -> whether it is a surname
        self._titled: frozenset[str] | None = None  # the terms of the articles' titles

    def _in_a_title(self, word: QueryWord) -> bool:
        """One of the word's terms is in an article's title, which is no passage: the
        articles do mention it ("whistleblower" of "... as whistleblower's claims spark
        inquiry")."""
        if self._titled is None:
            tokenizer = self.kb.tokenizer
            self._titled = frozenset(term for article in self.kb.articles.values()
                                     for term in tokenizer.terms(article.title))
        return not self._titled.isdisjoint(word.terms)

    def _has_phrase(self, phrase: str) -> bool:
        """Whether a passage of the articles has ``phrase`` (in the passages that hold its
        words best). ``clean`` asks it of the words of a chat lead-in too, whatever they are:
        what is remembered is bounded."""
        found = self._phrases.get(phrase)
        if found is None:
            if len(self._phrases) >= PHRASE_CACHE:
                self._phrases.clear()
            pattern = re.compile(r"\b" + re.escape(phrase) + r"\b", re.IGNORECASE)
            weights = dict.fromkeys(self.kb.tokenizer.terms(phrase), 1.0)
            found = any(pattern.search(self.kb.passages[int(self.kb.rows[row])].text)
                        for row, _ in self.kb.index.top(weights, PHRASE_PASSAGES))
            self._phrases[phrase] = found
        return found

    def answer(self, question: str, context: str | None = None,
               max_excerpts: int = 3) -> Answer:
        found = self._answered(question, context, max_excerpts)
        if found.reason in ("small_talk", "help"):  # they say what the articles are about
            return replace(found, about=self.kb.glossary.about)
        return found

    def _answered(self, question: str, context: str | None, max_excerpts: int) -> Answer:
        cleaned = clean(question[:MAX_READ], self._has_phrase)
        if cleaned.foreign:
            return Answer(question, False, reason="language")
        read = (question, cleaned.text)  # (as typed: "can you sum it up" is read as "it")
        if asks_about_bot(*read):
            return Answer(question, False, reason="help", source_count=len(self.kb.articles))
        if complains(*read):
            return Answer(question, False, reason="complaint")
        if asks_about_sources(cleaned.text):
            return self._about_sources(question)
        if asks_for_summary(*read):
            return self._summaries(question, max_excerpts)
        context = _bounded(context)
        if asks_for_more(*read):  # "tell me more" in reply: the earlier question's next excerpts
            return self.more(question, context, None, max_excerpts, max_excerpts)
        if len(cleaned.parts) == 1:
            return self._answer_one(question, cleaned.text, context, max_excerpts)
        answers, holds = [], []
        for n, part in enumerate(cleaned.parts):  # a later part may lean on the one before
            lean = " ".join(x for x in (context, cleaned.parts[n - 1] if n else None) if x)
            answer, evidence = self._decided(part, part, lean or None, max_excerpts)
            answers.append(answer)
            holds.append(evidence is not None and holds_what_is_asked(evidence))
        merged = merge_parts(question, answers, max_excerpts, holds)
        if not merged.answered:
            return merged
        return read_whole(merged, self._answer_one(question, cleaned.text, context,
                                                   max_excerpts), answers)

    def more(self, question: str, earlier: str | None, context: str | None, shown: int,
             count: int) -> Answer:
        """The excerpts after the first ``shown`` of the answer to ``earlier`` (asked with
        ``context``), up to ``count`` of them: what "tell me more" asks of an answer. The
        earlier answer's decline, when it was one; "no_more" when there is nothing further,
        no earlier question, or the earlier one was itself a request for more."""
        if not earlier or asks_for_more(earlier, clean(earlier[:MAX_READ], self._has_phrase).text):
            return Answer(question, False, reason="no_more")
        full = self.answer(earlier, context, shown + count)
        if not full.answered:  # a decline, or the articles' list
            return replace(full, question=question)
        if len(full.excerpts) <= shown:
            return Answer(question, False, reason="no_more")
        return replace(full, question=question, excerpts=full.excerpts[shown:], reason="more")

    def _newest_articles(self) -> list[Article]:
        return sorted(self.kb.articles.values(), key=lambda a: (a.date, a.id), reverse=True)

    def _about_sources(self, question: str) -> Answer:
        """"Who wrote this article?": the articles' own details, newest first."""
        articles = self._newest_articles()
        details = []
        for a in articles[:SOURCES_LISTED]:
            known = [x for x in (a.author, a.publication, a.date) if x != UNKNOWN]
            detail = ", ".join([f"\u201c{a.display_title}\u201d", *(
                [f"by {known[0]}", *known[1:]] if a.author != UNKNOWN else known)])
            details.append(detail + (f" ({a.url})" if a.url != UNKNOWN else ""))
        return Answer(question, False, reason="sources", sources=tuple(details),
                      source_count=len(articles))

    def _summaries(self, question: str, max_excerpts: int) -> Answer:
        """"tldr?", "what is this article about?": each article's own summary, its standfirst
        or, without one, its first sentence, the newest articles first."""
        articles = self._newest_articles()
        excerpts = []
        for article in articles:
            passage = (self.kb.passage(article.id, STANDFIRST)
                       or next((p for p in self.kb.passages_of(article.id) if p.role == BODY),
                               None))
            if passage is None or not passage.sentences:
                continue
            start, end = (0, len(passage.text)) if passage.role == STANDFIRST else passage.sentences[0]
            excerpts.append(Excerpt(passage, article, passage.text[start:end], start, end, 1.0))
            if len(excerpts) == max_excerpts:
                break
        if not excerpts:  # (no article: said as the articles' list says it)
            return Answer(question, False, reason="sources", source_count=0)
        return Answer(question, True, tuple(excerpts), reason="summary",
                      source_count=len(articles))

    def _phrase_found(self, text: str) -> _Scored | None:
        """A question of common words alone ("who said i would like to have one too"), which
        the index cannot search: of the sentences closest in meaning, the first to have
        ``PHRASE_WORDS`` of its words in a row as typed (None: none has, or the base is too
        large to search by meaning)."""
        typed = re.findall(r"[^\W_]+", text.lower())
        if len(typed) < PHRASE_WORDS or self.vectors is None or self.vectors.on_demand:
            return None
        vector = self._question_vector(text, None)
        if vector is None:
            return None
        pattern = re.compile("|".join(
            r"\b" + r"\W+".join(map(re.escape, typed[i:i + PHRASE_WORDS])) + r"\b"
            for i in range(len(typed) - PHRASE_WORDS + 1)), re.IGNORECASE)
        bounds = self.kb.passage_sentences
        for sentence_id, cosine in self.vectors.nearest(vector, PHRASE_NEAREST):
            p = int(np.searchsorted(bounds, sentence_id, side="right")) - 1
            j = sentence_id - int(bounds[p])
            passage = self.kb.passages[p]
            if pattern.search(passage.text, *passage.sentences[j]):
                first, _ = self._span(passage, self.kb.sentence_info(p), j)
                return _Scored(cosine, p, j, first, semantic=cosine)
        return None

    def _phrase_answer(self, question: str, query: Query, found: _Scored,
                       max_excerpts: int) -> Answer:
        """The sentence with the phrase a question of common words quotes: sure when it asks
        who said it and the quote names who did."""
        excerpts = self._excerpts(query, [found], max_excerpts)
        sure = query.asks_speaker and ATTRIBUTION.search(excerpts[0].quote) is not None
        return Answer(question, True, tuple(excerpts), tentative=not sure,
                      similarity=found.semantic)

    def search(self, text: str, limit: int = 25) -> list[Hit]:
        """Passages ranked by BM25 alone, for browsing; no decline rule."""
        query = self.analyser.analyse(clean(text, self._has_phrase).text)
        if query.small_talk or not query.words:
            return []
        hits = []
        for row, score in self.kb.index.top(query.weights, limit):
            passage = self.kb.passages[int(self.kb.rows[row])]
            hits.append(Hit(passage, self.kb.articles[passage.article_id], score,
                            tuple(self.highlight_spans(query, passage.text))))
        return hits

    def _answer_one(self, question: str, text: str, context: str | None,
                    max_excerpts: int) -> Answer:
        return self._decided(question, text, context, max_excerpts)[0]

    def _decided(self, question: str, text: str, context: str | None,
                 max_excerpts: int) -> tuple[Answer, Evidence | None]:
        """The answer, and the evidence it was decided on (None when nothing was)."""
        if context and only_doubts(text):  # "is that true?", "really?" in reply: the earlier
            return self._decided(question, context, None, max_excerpts)  # question again
        if context and _PERSON_PRONOUN.search(text) and (named := self._person_named(context)):
            # "who is bakar tessim?", then "how old is he?": asked of him, by name
            text = _PERSON_PRONOUN.sub(lambda m: named + ("'s" if m.group().lower() in (
                "his", "hers") else ""), text)
        query = self.analyser.analyse(text, context)
        # (a reply of a question word alone, which small talk has too: "who?", "how?")
        if query.small_talk and not (context and ASKS_ALONE.match(text)):
            return Answer(question, False, reason="small_talk"), None
        own = query.own_words
        if context and not own:  # "why?", "how many?" in reply: asked of the earlier question
            return self._decided(question, f"{text} {_ASKING.sub('', context)}", None,
                                 max_excerpts)
        if not own:
            found = self._phrase_found(text)
            if found is None:
                return Answer(question, False, reason="empty"), None
            return self._phrase_answer(question, query, found, max_excerpts), None
        absent = tuple(w.surface for w in own if not w.known
                       and self.kb.tokenizer.is_content_word(w.surface)
                       and not self._in_a_title(w))
        # ... of them names: "what happened in Karachi?" of articles that never name it
        # (a name the glossary knows, or written as one; not a misspelling read as a word)
        absent_names = [w for w in own if w.surface in absent and w.correction is None
                        and not any(c.isdigit() for c in w.surface) and (
            w.in_glossary
            or written_as_name(question, w.surface))]
        scored, question_vector = self._first_ranking(text, query, context)
        if question_vector is not None and len(scored) > 1:
            scored = self._reranked(text, query, scored)
        if scored and query.asks_leader:
            scored[0] = self._with_holder(scored[0])
        if query.expects == "number" and guesses(question):
            scored = self._guess_first(question, scored)
        elif query.degree and query.focus in ALWAYS_MEASURED:  # "how old is X?"
            scored = self._measure_first(query, scored)
        if not scored:
            return Answer(question, False, reason="not_covered", absent=absent,
                          missing=tuple(w.surface for w in own),
                          corrections=query.corrections), None
        best = scored[0]
        terms = self.kb.passage_terms(best.passage_index)
        f = best.features  # (None: no second ranking)
        support = f.support if f else self._support(text, query, best)
        plain_support = f.plain_support if f else self._support(text, query, best, names=False)
        quote = self._quote_text(best)
        guessed = query.expects == "number" and _guessed(question, quote)
        if guessed and (asked := without_guess(text)) != text:
            # "what was the budget, like 100 million?": the guess helps find the figure, and
            # the quote that gives a figure near it need not hold its words ("128 million
            # ducats"); one far from every figure of the quote still counts against it
            bare = self.analyser.analyse(asked, context)
            support = max(support, self._support(asked, bare, best))
            plain_support = max(plain_support, self._support(asked, bare, best, names=False))
        # every word in the quote itself, not a name only its paragraph holds
        in_quote = support == 1.0 and self._support(text, query, best, borrow_names=False) == 1.0
        found = scored[:RERANK]  # a decline: none of them is near the question
        quoted = self._quotes_phrase(text, quote)
        evidence = Evidence(
            coverage=_coverage(own, terms), similarity=best.semantic, support=support,
            nearest=max((s.semantic for s in found if s.semantic is not None), default=None),
            widest=max(_coverage(own, self.kb.passage_terms(s.passage_index)) for s in found),
            plain_support=plain_support,
            asks_datum=query.asks_datum,
            holds_asked=self._holds_asked(query, best, quote, text),
            focus_found=self._focus_found(text, query, quote),
            names_found=self._names_found(text, best),
            echo=self._echoes(own, quote), quoted=quoted,
            speaker_quoted=quoted and query.asks_speaker and bool(REPORTS_SPEECH.search(quote)),
            reports_speech=not query.asks_said or (
                self._says_as_asked(query, quote) and self._speaker_there(query, terms)
                and not self._another_post_spoke(query, best, quote)),
            spelled_out=query.expects == "definition" and _spells_out(
                query, quote, self.kb.glossary),
            figure_near=self._figure_near(query, quote), in_quote=in_quote,
            count_given=self._counts_what_is_asked(query, quote),
            # "when did the tunnel cave in?": a date in the clause with what is asked
            date_given=query.expects == "date" and gives_date(quote) and self._figure_near(
                query, quote, found_only=True),
            keywords=query.keyword_kind is not None,
            asks_who=query.asks_who_is, introduced=self._introduced(query, quote),
            figures_held=self._figures_held(query, self.kb.passages[best.passage_index]),
            names_known=not absent_names, asks_said=query.asks_said,
            guessed=guessed,
            # (not a follow-up: its meaning is half the earlier question's)
            english=context is None and in_plain_english(question, own,
                                                         self.analyser.common_words))
        matched = tuple(w.surface for w in own if _match(w, terms) > 0)
        missing = tuple(w.surface for w in own if _match(w, terms) == 0)
        outcome = decide(evidence)
        if outcome is Outcome.DECLINE:
            return Answer(question, False, reason="not_covered", matched=matched,
                          missing=missing, coverage=evidence.coverage,
                          corrections=query.corrections, absent=absent,
                          similarity=best.semantic), evidence
        excerpts = self._excerpts(query, scored, max_excerpts)
        return Answer(question, True, tuple(excerpts), matched=matched, missing=missing,
                      coverage=evidence.coverage, corrections=query.corrections,
                      tentative=outcome is Outcome.TENTATIVE, absent=absent,
                      similarity=best.semantic), evidence

    def _guess_first(self, question: str, scored: list[_Scored]) -> list[_Scored]:
        """"How many drivers were fined, like 40k?": of the best few quotes, the first that
        gives a figure near the guess ("more than 38,000 drivers") comes first, before one
        that gives none ("4,118 drivers had lodged appeals")."""
        return self._first_that(scored, RERANK,
                                lambda item: _guessed(question, self._quote_text(item)))

    def _measure_first(self, query: Query, scored: list[_Scored]) -> list[_Scored]:
        """"How old is Lisko?": of the best few quotes, the first that gives a measure of the
        kind asked and holds the question's other words ("Edvard Lisko, 64, who ran the
        library") comes first, before one that gives none (not another's age)."""
        measure = MEASURES[query.focus or ""]
        others = [w for w in query.own_words if w.surface != query.focus]

        def gives(item: _Scored) -> bool:
            quote = self._quote_text(item)
            terms = frozenset(self.kb.tokenizer.terms(quote))
            return measure.search(quote) is not None and all(_match(w, terms) > 0 for w in others)
        return self._first_that(scored, MEASURE_REACH, gives)

    @staticmethod
    def _first_that(scored: list[_Scored], reach: int, gives: Callable[[_Scored], bool]
                    ) -> list[_Scored]:
        """The ranking with the first of its best ``reach`` quotes that ``gives`` what is
        asked moved to the top, when the top one does not."""
        if not scored or gives(scored[0]):
            return scored
        near = next((k for k in range(1, min(reach, len(scored))) if gives(scored[k])), None)
        if near is None:
            return scored
        return [scored[near], *scored[:near], *scored[near + 1:]]

    def _first_ranking(self, text: str, query: Query, context: str | None
                       ) -> tuple[list[_Scored], np.ndarray | None]:
        """Candidate quotes by words and meaning, best first (the best few with the sentence
        they lead into), and the question's vector (None: no vectors, or embedded on demand)."""
        hits = self.kb.index.top(query.weights, CANDIDATES)
        on_demand = self.vectors is not None and self.vectors.on_demand
        meant = _corrected(text, query.corrections)  # the model reads what was meant
        # (on demand, the question is embedded with its best quotes, in one pass)
        question_vector = None if on_demand else self._question_vector(meant, context)
        near = (self.vectors.nearest(question_vector, SEMANTIC_CANDIDATES)
                if question_vector is not None and self.vectors is not None else [])
        scored = _closest_looked_at(
            self._score_sentences(query, hits, near, question_vector, (meant, context)))
        scored = [self._with_following(s) for s in scored[:RERANK]] + scored[RERANK:]
        return scored, question_vector

    def reranking_candidates(self, question: str) -> list[tuple[Features, str]]:
        """What the second ranking is fitted on (``bench/fit_ranking.py``): the first
        ranking's best few quotes for a question, each with its features and the quote
        as it would be shown. Empty when the question is not read as one (small talk,
        another language) or the base has no vectors."""
        cleaned = clean(question[:MAX_READ], self._has_phrase)
        query = self.analyser.analyse(cleaned.text)
        if cleaned.foreign or query.small_talk or not query.own_words or self.vectors is None:
            return []
        scored, question_vector = self._first_ranking(cleaned.text, query, None)
        if question_vector is None:
            return []
        return [(self._ranking_features(cleaned.text, query, item),
                 self._quote(query, self._with_speaker(query, item)).quote)
                for item in scored[:RERANK]]

    def _says_as_asked(self, query: Query, quote: str) -> bool:
        """For "what did X say?": the quote reports something said, and not by someone else."""
        return bool(SAYS_SOMETHING.search(quote)) and not self._someone_else_spoke(query, quote)

    def _speaker_there(self, query: Query, paragraph: frozenset[str]) -> bool:
        """"What did X say?": the quote's paragraph holds the names X is asked by, a
        person's ("Ilinka Voss") or a place's or a body's before a role ("the Ostrian health
        minister", "the MEA's director general"), somewhere (the quote may say "she"); a
        paragraph that never does reports someone else's words."""
        if query.said_by is None:
            return True
        own = query.own_by_surface
        said = words(query.said_by)
        who = [(own[word], self._is_name(own[word])) for word in said if word in own]
        names = {word.surface for word, name in who if name}
        if not names:
            return True
        if not any(_match(word, paragraph) > 0 for word, name in who if name):
            return False
        # a role a name qualifies ("Halvard's prime minister", "the KGC chief executive", "the
        # head of KAFO"): its words there too, not the name alone (Halvard's finance ministry
        # speaking); not a title before a person's name ("minister Doria Felk": "Ms Felk said")
        titled = who[-1][1] and not any(a == "of" and b in names
                                        for a, b in itertools.pairwise(said))
        return titled or all(_match(word, paragraph) > 0 for word, name in who
                             if not name and word.surface not in WEAK_WORDS)

    def _someone_else_spoke(self, query: Query, quote: str) -> bool:
        """"What did X say?": X stands in the quote only as the one spoken to or of ("in a
        letter to the prime minister, X, he wrote"), or, X a name (not a role, "the
        Lunemark foreign minister", nor someone from a place, "that schoolteacher in
        Halvery"), the quote names who spoke and no speaker is X ("said Petar Voss" for
        "what did Ilinka Voss say"; "Henrik Aasgaard said" is X for "what did the
        Castellane CEO Henrik Aasgaard say"). A speaker named by a pronoun ("she said")
        may be anyone: no one else is known to have spoken."""
        if query.said_by is None:
            return False
        own = query.own_by_surface
        said_by = words(query.said_by)
        who = [own[word] for word in said_by if word in own]
        if not any(self._is_name(w) for w in who):
            return False
        surname = max(k for k in range(len(who)) if self._is_name(who[k]))

        def same(word: str, k: int) -> bool:  # "Marvonian" is asked as "Marvonia" too
            return self._written_holds(who[k], word.lower())

        mentions = [m.start() for m in re.finditer(r"\b[\w\u2019'-]+", quote)
                    if same(m.group(), surname)]
        if (anonymous := ANONYMOUS_SOURCE.search(quote)) and (
                said := _SAID.search(quote, anonymous.end())) and all(
                i > said.start() for i in mentions):
            return True  # what Voray said: not what an official "who spoke on condition of
            # anonymity" said, of him or not
        at = said_by.index(who[surname].surface)
        role = said_by[at + 1:]
        first = at
        while first > 0 and said_by[first - 1] in own and self._is_name(own[said_by[first - 1]]):
            first -= 1
        if first > 0 and said_by[first - 1] in PLACE_PREPOSITIONS:
            return False  # a place: "the schoolteacher in Halvery", "people at the cafe in
            # Dressan" (the quote may name it as a place: "a café in Dressan")
        addressed = [m.span("name") for m in ADDRESSED.finditer(quote)]
        if mentions and all(any(a <= i < b for a, b in addressed) for i in mentions):
            return True  # only spoken to or of: "in a letter to X, he wrote"
        if not ROLES.isdisjoint(role) and any(
                not (other := NAME_BEFORE_ROLE.search(quote, 0, m.start()))
                or same(other.group(1), surname)
                for m in re.finditer(r"\b" + r"\s+".join(map(re.escape, role)) + r"\b", quote,
                                     re.IGNORECASE)):
            return False  # a role the name qualifies, and the quote's: "the Lunemark foreign
            # minister" of "Pavel Lindqvar, the foreign minister, said ...", not another's
            # ("the Dravonian government has declared" for the Ostrelian government)
        named = [name for speaker in speaker_names(quote)
                 if (name := [word for word in words(speaker) if word not in NAME_TITLES
                              and word not in STOP_WORDS and word not in MONTHS])]

        def is_asked(name: list[str]) -> bool:
            # the surname, or the one word of an organisation or a people, is asked ...
            at = next((k for k in range(len(who)) if same(name[-1], k)), None)
            if at is None:
                return False
            # ... and a first name given in both is the same, or misspelt ("matias" for
            # "Matthias")
            if len(name) < 2 or at == 0 or not self._is_name(who[at - 1]):
                return True
            first = who[at - 1].surface
            return same(name[-2], at - 1) or (
                name[-2][0] == first[0]
                and DamerauLevenshtein.distance(name[-2], first) <= FIRST_NAME_LETTERS)
        return bool(named) and not any(is_asked(name) for name in named)

    def _names_found(self, text: str, item: _Scored) -> bool:
        """A name of two capitalised words in the question ("United Nations", "Supreme
        Court") stands in the quote's paragraph as a name, not as two words apart (or
        the glossary knows it under another spelling)."""
        tokenizer = self.kb.tokenizer
        passage = self.kb.passages[item.passage_index]
        pairs: set[tuple[str, str]] | None = None
        for match in FULL_NAME.finditer(text):
            if match.start() == 0 or self.kb.glossary.mentions(match.group()):
                continue
            if pairs is None:
                terms = tokenizer.terms(passage.text)
                pairs = set(itertools.pairwise(terms))
            name = tokenizer.terms(match.group())
            if len(name) == 2 and (name[0], name[1]) not in pairs:
                return False
        return True

    def _holds_asked(self, query: Query, item: _Scored, quote: str,
                     text: str | None = None) -> bool:
        """What a question for a datum needs in the quote: for a figure ("how many", "how
        long"), a figure, and for a count of something ("how many firefighters") more than
        times, distances or weights ("40 minutes after firefighters ..."), and, in the
        decision, more than years and sums of money ("how many people work at the yard?": not
        "it offered to do the work for 9 million dalers"); for a sum of money
        ("how much did it cost"), a sum; for a date ("when"), a date or a time ("on
        Thursday", "at 11.47 p.m.", "within days"); for a named body ("which company built
        the road?"), a name the question does not give; for a cause ("what caused the
        fire?"), words that give one ("caused by", "because", "blamed on"); for an outcome
        ("has the court ruled?"), words that give one ("ruled", "the verdict"); for how
        someone reacted ("how did the unions react?"), their name. With the question's
        ``text`` (the decision, not the second ranking, which was fitted without it): for a
        name, the thing to be named, named ("which two architects?": not "working with two
        local architects")."""
        if query.keyword_kind and not self._gives_kind(query, query.keyword_kind[1], quote):
            return False  # "harbour master name": not "an official who asked not to be named"
        if text is not None and query.named and not self._names_what_is_asked(query, text, quote):
            return False
        if text is not None and query.asks_future and not SPEAKS_OF_FUTURE.search(quote):
            return False  # "is Pakistan going to attack?": not "Pakistan has been attacked"
        if text is not None and another_post(text, quote):
            return False  # "who is the mayor?": not "Annika Brandt, the deputy mayor"
        done = query.done_by if text is not None else None
        if done is not None and self._done_by_no_one(done, words(quote)):
            return False  # "who drew the line?", "which firm built it?": not "It was drawn in 1893"
        if query.asks_body:
            if (done is not None and self.vectors is not None and not _BY_NAME.search(quote)
                    and not any(self._written_holds(done, w) for w in words(quote))
                    and self._closeness(self.vectors.model, text, quote)(done.surface)
                    < TOKEN_SUPPORT):
                return False  # "which firm built the sirens?": not what a lender did
            return bool(self._other_names(query, quote))
        if text is not None and query.asks_leader and not names_another_than(
                quote, {w.surface for w in query.own_words}):
            return False  # "who chairs the commission?": not "a chair nominated by both"
        if query.asks_successor:  # "who was minister before X?": a name, not X's nor a post's
            return names_someone(quote, {w.surface for w in query.own_words})
        if query.asks_money and not self._holds_money(quote):
            return False
        # (not asked yes or no: "do they know what caused the fire yet?" is settled by "the
        # cause has not yet been determined")
        if query.asks_cause and not query.polar and not GIVES_CAUSE.search(quote):
            return False  # "what caused the fire?": not a sentence on the fire alone
        if query.asks_outcome and not GIVES_OUTCOME.search(quote):
            return False  # "has the court ruled?": not a sentence on the case being brought
        if query.asks_result and STILL_TO_COME.search(quote) and not SPEAKS_OF_DONE.search(quote):
            return False  # "what did the audit find?": not "the audit is due to report"
        if query.reacting and not (GIVES_REACTION.search(quote)
                                   and self._names_all(query, query.reacting, quote)
                                   and self._named_not_as_owner(query, query.reacting, quote)):
            return False  # "how did the unions react?": a reaction, and the unions' own
        if query.expects == "date":  # ("what month in 1998?": not "in 1998" alone; "what
            # year?": not "two days after")
            return gives_date(quote) and all(
                pattern.search(quote) is not None
                for asked, pattern in ((query.asks_month, GIVES_MONTH), (query.asks_year, GIVES_YEAR))
                if asked)
        if query.expects != "number":
            return True
        if query.part_of is not None and not _gives_part(query.part_of, quote):
            return False  # "how many of the 184 transplants were kidneys?": not "184 transplants"
        if query.counted not in (None, *MEASURE_UNITS) and measures_only(quote):
            return False  # "how many firefighters": not "40 minutes after firefighters ..."
        if (text is not None and query.counted not in (None, *MEASURE_UNITS, *_SCALES)
                and not query.asks_money and not CURRENCY.fullmatch(query.counted)
                and english_word(query.counted, self.analyser.common_words)
                and self._counts_nothing(quote)):
            return False  # "how many people work at the yard?": not "for 9 million dalers"
        if query.size_words and not self._size_given(query, words(quote)):
            return False  # "how many people live in X?": not "millions of Afghans living in X"
        infos = self.kb.sentence_info(item.passage_index)
        return any(_type_fits(query, infos[j]) for j in range(item.first, item.sentence + 1))

    def _figures_held(self, query: Query, passage: Passage) -> bool:
        """The figures a question gives (``Query.figures``: "in 2021", "for a 36 hour shift",
        "the 18 per cent demand") stand in the quote's paragraph, in figures or in words, a
        year also as "last year", "this year" or "next year" from the article's date: "how
        many visitors did the zoo get in 2021?" is not answered by a paragraph on last year's
        visitors and 2019's. So do the months it gives as dates ("how many did it report in
        August?" of a paragraph on July's). A yes/no question may give a figure the quote
        corrects."""
        if query.polar or not (query.figures or query.months):
            return True
        if not all(re.search(written_month(month), passage.text) for month in query.months):
            return False
        held = figures_in(passage.text) | ordinals_in(passage.text)  # ("2nd": "second")
        if year := re.match(r"\d{4}", self.kb.articles[passage.article_id].date):
            held.update(str(int(year.group()) + YEAR_OFFSET[m.group(1).lower()])
                        for m in RELATIVE_YEAR.finditer(passage.text))
        asked_since = {m.group(1) for m in _SINCE_YEAR.finditer(query.text.lower())}
        held.difference_update(  # "the 1998 strike" is not told of by "its first since 1998"
            year for year in set(query.figures) & held
            if len(year) == 4 and year not in asked_since and _only_since(year, passage.text))
        return held.issuperset(query.figures)

    def _written_holds(self, word: QueryWord, written: str) -> bool:
        """One word of a quote (see ``words``) holds the question's ``word``: one of its
        terms."""
        return not word.terms.keys().isdisjoint(self.kb.tokenizer.word_terms(written))

    def _done_by_no_one(self, done: QueryWord, seq: list[str]) -> bool:
        """The quote says what was ``done`` only in the passive, with no "by" after it ("It
        was drawn as a permanent border", "the bond has been set"): it does not say who."""
        places = [k for k, word in enumerate(seq) if self._written_holds(done, word)]
        return bool(places) and all(
            not _PASSIVE.isdisjoint(seq[max(0, k - PASSIVE_REACH):k])
            and "by" not in seq[k + 1:k + 1 + AGENT_REACH]
            for k in places)

    def _names_all(self, query: Query, phrase: str, quote: str) -> bool:
        """The quote holds every word of the question's ``phrase``, as the question's own
        words are held (a stem, an alias)."""
        terms = set(self.kb.tokenizer.terms(quote))
        own = query.own_by_surface
        return all(not terms.isdisjoint(own[word].terms) for word in words(phrase) if word in own)

    def _named_not_as_owner(self, query: Query, phrase: str, quote: str) -> bool:
        """The last of the question's words in ``phrase`` stands in the quote once at least
        other than as an owner: "how did Varnhout respond?" is not told by "the opposition
        has called for Ms Varnhout's resignation"."""
        own = [query.own_by_surface[w] for w in words(phrase) if w in query.own_by_surface]
        if not own:
            return True
        head = own[-1].terms
        return any(not head.keys().isdisjoint(self.kb.tokenizer.word_terms(m.group(1).lower()))
                   for m in _WORD_NOT_OWNER.finditer(quote))

    def _counts_nothing(self, quote: str) -> bool:
        """Every figure of the quote is a year, a measure ("two decades", "40 minutes") or a
        sum of money ("9 million dalers", "$38 million"): none counts people or things, as
        "how many people work at the yard?" asks."""
        found = False
        text = numbers_as_digits(quote)
        for match in _FIGURE_UNIT.finditer(text):
            found = True
            figure, unit = match.group("figure"), (match.group("unit") or "").rstrip(".")
            sign = text[max(0, match.start() - 3):match.start()].rstrip()[-1:]  # "$38 million"
            if (YEAR.fullmatch(figure) or unit.lower() in MEASURE_UNITS
                    or (sign != "" and sign in CURRENCY_SIGNS) or CURRENCY.fullmatch(unit)
                    # ("9 million dalers": after a scale, a word of no English is a currency)
                    or (match.group("scale") and unit.isalpha() and unit.islower()
                        and not english_word(unit, self.analyser.common_words))):
                continue
            return False
        return found

    def _holds_money(self, quote: str) -> bool:
        """A sum of money: a currency's sign or name, in figures or in words ("$4.3 billion",
        "900 krona", "five million ducats"), or a figure before a word of no English the
        quote writes in small letters, an invented currency ("1,940 korvas"), not "18 tonnes"
        or "340 village elders"."""
        return MONEY.search(numbers_as_digits(quote)) is not None or any(
            not english_word(unit, self.analyser.common_words)
            for unit in FIGURE_WORD.findall(quote))  # (in figures: "eleven glassblowers")

    def _gives_kind(self, query: Query, kind: str, quote: str) -> bool:
        """The quote gives a thing of the ``kind`` a question of keywords ends on: a date, a
        figure, a name the question does not give, or what someone it names is."""
        if kind == "name":
            return bool(self._other_names(query, quote))
        if kind == "who":  # "ruta delmar job": what the quote introduces her as
            return introduces(quote, _asked_names(query))
        if kind == "holder":  # "dgu chairman": a name beside the post, not the union's
            asked = {w.surface for w in query.own_words}
            # ("Oskar Lind, the programme's senior editor")
            return any(names_someone(quote[max(0, m.start() - NAME_REACH):
                                           m.end() + NAME_REACH], asked)
                       for m in re.finditer(rf"\b{re.escape(query.keyword_kind[0])}\b", quote,
                                            re.IGNORECASE))
        if kind == "date":
            return gives_date(quote)
        return bool(figure_kinds(quote) & ((HAS_AMOUNT | HAS_DATE) if kind == "age" else HAS_AMOUNT))

    def _introduced(self, query: Query, quote: str) -> bool:
        """"who is X?": the quote introduces X ("X, a former judge"); "who is the chief
        mediator?", and "the name of the chief mediator", which asks the same: the quote
        names who holds the post ("Its chief mediator, Rafael Ondreth"); "who chairs the
        federation?", the quote names its chairman."""
        if query.asks_who_is and not query.asks_holder and introduces(quote,
                                                                      _asked_names(query)):
            return True
        return ((query.asks_who_is or query.named is not None or bool(query.posts))
                and _names_holder(quote, query, self._is_name, self._terms_of, query.posts))

    def _terms_of(self, text: str) -> frozenset[str]:
        """The index terms of a piece of text, with the glossary's names it mentions
        ("Pakistan's" holds "pakistani")."""
        return frozenset(self.kb.tokenizer.terms(text)).union(
            ENTITY_PREFIX + m.entity for m in self.kb.glossary.mentions(text))

    def _names_what_is_asked(self, query: Query, text: str, quote: str) -> bool:
        """The quote speaks of what a question for a name asks to be named, by its word or
        one close to it ("the name of the TTP leader": not "the TTP's very name is inspired
        by ..."), not only as one of a kind ("a ski instructor who had been leading a
        class"), and, where it writes the word, with a name the question does not give
        beside it ("a contractor, Ostmar Halbrook"; not "the owner of the Kessarin shop" of
        "the name of the Kessarin shop owner")."""
        thing = query.named or ""
        if self._unnamed_only(thing, quote) or not self._named_beside(query, thing, quote):
            return False
        if (not set(self.kb.tokenizer.word_terms(thing)).isdisjoint(self.kb.tokenizer.terms(quote))
                or self.vectors is None):
            return True
        return self._closeness(self.vectors.model, text, quote)(thing) >= TOKEN_SUPPORT

    def _unnamed_only(self, thing: str, quote: str) -> bool:
        """The quote speaks of ``thing`` only as one of a kind, never named: "a supermarket",
        "two local architects", "a ski instructor who had been leading a class"; not "a
        contractor, Ostmar Halbrook", "Ostmar Halbrook, a Veldrian contractor", "the
        contractor"."""
        mentions = self._mentions(thing, quote)
        for mention in mentions:
            before = quote[:mention.start()]
            one_of = ONE_OF_A_KIND.search(before)
            if (not one_of or NAME_FOLLOWS.match(quote, mention.end())
                    or NAME_BEFORE.search(before, 0, one_of.start())
                    or any(w[0].isupper() for w in one_of.group().split()[1:])):
                return False
        return bool(mentions)

    def _named_beside(self, query: Query, thing: str, quote: str) -> bool:
        """A name the question does not give within ``NAME_REACH`` of the quote's words for
        ``thing``; a quote without them says nothing of it here."""
        mentions = [m.start() for m in self._mentions(thing, quote)]
        return not mentions or any(abs(name - at) <= NAME_REACH
                                   for name in self._other_names(query, quote) for at in mentions)

    def _mentions(self, thing: str, quote: str) -> list[re.Match[str]]:
        """The quote's words for ``thing`` ("contractor", "contractors")."""
        wanted = set(self.kb.tokenizer.word_terms(thing))
        return [m for m in _WORD.finditer(quote)
                if not wanted.isdisjoint(self.kb.tokenizer.word_terms(m.group().lower()))]

    def _other_names(self, query: Query, quote: str) -> list[int]:
        """Where the quote has a name that is not one of the question's words, nor a month or
        a day of the week ("the cub that died in February" names no cub)."""
        asked = {t for w in query.own_words for t in w.terms}
        return [at for at, terms in self._names_in(quote)
                if terms and asked.isdisjoint(terms) and not terms <= _CALENDAR]

    def _names_in(self, quote: str) -> list[tuple[int, frozenset[str]]]:
        """Where each name in the quote stands, and its terms: a capitalised word, not the
        first of a sentence."""
        tokenizer = self.kb.tokenizer
        return [(m.start(), frozenset(tokenizer.word_terms(m.group().lower())))
                for m in INNER_CAPITAL.finditer(quote)]

    def _with_following(self, item: _Scored) -> _Scored:
        """A short sentence that leads into the next ("The union was unimpressed.",
        "Her counterpart was no less blunt.") brings it, when the next leans on it: a
        quotation, or "It", "She", "The group" ... The lead-in names the subject; what
        is said of it follows. A short sentence with a date or a figure ("The river
        flooded the valley in 2019.") is a fact of its own, and stays alone."""
        passage = self.kb.passages[item.passage_index]
        spans, after = passage.sentences, item.sentence + 1
        if item.first != item.sentence or after >= len(spans):
            return item
        lead = passage.text[slice(*spans[item.sentence])]
        if len(words(lead)) > LEAD_IN_WORDS or figure_kinds(lead):
            return item  # a sentence with a date or a figure says something of its own
        following = passage.text[slice(*spans[after])]
        if not (_SUBJECT_BACK.match(following) or following[:1] in "\"\u201c"):
            return item
        if spans[after][1] - spans[item.first][0] > MAX_JOINED:
            return item
        return replace(item, sentence=after)

    def _with_holder(self, item: _Scored) -> _Scored:
        """For "who runs X?", a sentence on X brings the one after it that names its holder:
        "Kessvik Ship Repair, a smaller yard, ... Its managing director, Pekka Olund, said
        ..." (whether the post is the one asked is for ``_introduced``)."""
        passage = self.kb.passages[item.passage_index]
        spans, after = passage.sentences, item.sentence + 1
        if (after < len(spans) and _ITS_HOLDER.match(passage.text, spans[after][0])
                and spans[after][1] - spans[item.first][0] <= MAX_JOINED):
            return replace(item, sentence=after)
        return item

    def _reranked(self, text: str, query: Query, scored: list[_Scored]) -> list[_Scored]:
        """The best few again, on what each holds of the question word by word (``rerank``).
        The first ranking's best stays first unless another beats it by ``rerank.MARGIN``:
        the second ranking overrules the first only when it is clear."""
        if self.vectors is not None:  # the question's and the quotes' word pieces, in one pass
            self.vectors.model.remember(
                [text, *(self._quote_text(item) for item in scored[:RERANK])])
        again = []
        for item in scored[:RERANK]:
            features = self._ranking_features(text, query, item)
            again.append(replace(item, score=rerank.score(features), base=item.score,
                                 features=features))
        first, others = again[0], sorted(again[1:], key=lambda s: -s.score)
        if others and others[0].score > first.score + rerank.MARGIN:
            return sorted(again, key=lambda s: -s.score) + scored[RERANK:]
        top = max(first.score, others[0].score) if others else first.score
        return [replace(first, score=top), *others, *scored[RERANK:]]

    def _ranking_features(self, text: str, query: Query, item: _Scored) -> Features:
        passage = self.kb.passages[item.passage_index]
        quote = self._quote_text(item)
        terms = self._quote_terms(item)
        own = query.own_words
        total = sum(w.info for w in own) or 1.0
        closeness = [0.0] * len(own)
        if self.vectors is not None:
            close = self._closeness(self.vectors.model, text, quote)
            closeness = [max(close(w.surface), 0.0) for w in own]
        return Features(
            first=item.score, words=item.lexical, meaning=item.semantic or 0.0,
            paragraph=item.paragraph or 0.0,
            support=self._support(text, query, item) or 0.0,
            plain_support=self._support(text, query, item, names=False) or 0.0,
            own=_coverage(query.words, terms),
            context=_coverage(query.words, self.kb.passage_terms(item.passage_index)),
            holds_asked=float(self._holds_asked(query, item, quote)),
            gives_asked=float(self._gives_what_is_asked(
                query, quote, _asked_names(query) if query.asks_who_is else [])),
            outside_body=float(passage.role != BODY),
            says=float(query.asks_said and self._says_as_asked(query, quote)),
            closeness=sum(w.info * c for w, c in zip(own, closeness, strict=True)) / total,
            closeness_held=sum(w.info * (1.0 if _match(w, terms) > 0 else c)
                               for w, c in zip(own, closeness, strict=True)) / total,
            settles=float(query.polar and SETTLES.search(quote) is not None))

    def _called_as_asked(self, text: str, item: _Scored, quote_terms: frozenset[str]) -> set[str]:
        """The question's words the quote holds through what the article calls the people it
        speaks of ("the pm" of "Mr Kolm told parliament", Mr Kolm the prime minister), each
        with the words before it that say which ("the finance minister" is not held by Mr
        Kolm, the prime minister)."""
        called = self._described(item)
        if not called:
            return set()
        tokenizer = self.kb.tokenizer
        asked = [(word, None if word in STOP_WORDS else tokenizer.word_terms(word))
                 for word in words(text)]
        found: set[str] = set()
        for at, (word, terms) in enumerate(asked):
            if not terms or called.isdisjoint(terms):
                continue
            start = at
            while start > max(0, at - QUALIFIERS) and asked[start - 1][1]:
                start -= 1
            if all(not called.isdisjoint(t) or not quote_terms.isdisjoint(t)
                   for _, t in asked[start:at]):
                found.add(word)
        return found

    def _described(self, item: _Scored) -> frozenset[str]:
        """The terms of what the article calls the people the quote speaks of: "prime" and
        "minister" for "Mr Kolm said", or for "she said" after "Prime Minister Anna Kolm"
        (remembered: the second ranking and the decision ask it of the same quotes)."""
        key = (item.passage_index, item.first, item.sentence)
        found = self._spoken_of.get(key)
        if found is not None:
            return found
        passage = self.kb.passages[item.passage_index]
        known = self._article_people(passage.article_id)
        before = passage.text[:passage.sentences[item.first][0]]
        found = frozenset(self.kb.tokenizer.terms(" ".join(
            known.called[name] for name in known.referents(self._quote_text(item), before))))
        if len(self._spoken_of) >= SPOKEN_OF_CACHE:
            self._spoken_of.clear()
        self._spoken_of[key] = found
        return found

    def _article_people(self, article_id: str) -> people.People:
        """What the article calls its people (remembered, for a few articles)."""
        known = self._people.get(article_id)
        if known is None:
            if len(self._people) >= PEOPLE_CACHE:
                self._people.clear()
            start, end = self.kb.article_range(article_id)
            known = self._people[article_id] = people.People(people.descriptions(
                "\n\n".join(p.text for p in self.kb.passages[start:end]),
                self.analyser.common_words.__contains__))
        return known

    def _another_post_spoke(self, query: Query, item: _Scored, quote: str) -> bool:
        """"What did the defence ministry say?", asked of a post, not a name: everyone the
        quote names as speaking is someone the article calls by another post ("Hallgren
        said", Hallgren a councillor who chairs a committee), or another of its kind ("Ms
        Varga announced", Varga the transport minister, for the finance minister); or the
        quote holds the post only as another's ("the caretaker prime minister" for the
        foreign minister). One the article calls by the post ("the industry minister" for
        "the govt minister": "government" says no more than "minister") or by nothing, or the
        post in the quote ("refused by the prime minister"), may be the one asked."""
        own = query.own_by_surface
        who = [own[word] for word in words(query.said_by or "") if word in own]
        posts = [w for w in who if w.surface in SPEAKING_POSTS]
        if not posts or any(self._is_name(w) for w in who):
            return False
        kinds = [w for w in who if w not in posts and w.surface not in WEAK_WORDS
                 and w.surface not in GENERIC_QUALIFIERS]

        def another_of_kind(text: str) -> bool:  # the post, always after another word
            seq = words(text)
            if any(self._written_holds(w, word) for w in kinds for word in seq):
                return False
            found = False
            for k, word in enumerate(seq):
                if any(self._written_holds(post, word) for post in posts):
                    before = seq[k - 1] if k else ""
                    if (not self.kb.tokenizer.is_content_word(before)
                            or before in GENERIC_QUALIFIERS):
                        return False
                    found = True
            return found

        quote_terms = frozenset(self.kb.tokenizer.terms(quote))
        elsewhere = False
        if all(_match(w, quote_terms) > 0 for w in posts):
            if not (kinds and another_of_kind(quote)):
                return False  # the post is in the quote: what it did ("refused by the prime
                # minister"), if it said nothing
            elsewhere = True
        speakers = speaker_names(quote)
        if not speakers:
            return elsewhere
        called = self._article_people(self.kb.passages[item.passage_index].article_id).called
        for name in speakers:
            what = called.get(people.surname(name))
            if not what:
                return False
            terms = frozenset(self.kb.tokenizer.terms(what))
            if any(_match(w, terms) > 0 for w in posts) and not (kinds and another_of_kind(what)):
                return False  # the post, or one of its kind no word tells apart
        return True

    def _quote_terms(self, item: _Scored) -> frozenset[str]:
        infos = self.kb.sentence_info(item.passage_index)
        return frozenset().union(*(infos[j].terms for j in range(item.first, item.sentence + 1)))

    def _quote_text(self, item: _Scored) -> str:
        passage = self.kb.passages[item.passage_index]
        return passage.text[passage.sentences[item.first][0]:passage.sentences[item.sentence][1]]

    def _echoes(self, own: list[QueryWord], quote: str) -> bool:
        """Two words the question has side by side stand side by side in the quote too
        ("rude awakening", "36 percent"): the question echoes the article."""
        tokenizer = self.kb.tokenizer
        terms = tokenizer.terms(quote)
        pairs = set(itertools.pairwise(terms))
        asked = [tokenizer.word_terms(w.correction or w.surface) for w in own
                 if " " not in w.surface]
        return any((a, b) in pairs for left, right in itertools.pairwise(asked)
                   for a in left[-1:] for b in right[:1])

    def _quotes_phrase(self, text: str, quote: str) -> bool:
        """The question repeats a phrase of the quote, at least ``QUOTED_PHRASE`` words in a
        row that are not a name ("what did she mean by 'waited long enough for light'"):
        the asker is quoting the article."""
        tokenizer = self.kb.tokenizer

        def sequence(text: str) -> list[tuple[str, bool]]:  # a term a word, and "a name?"
            return [(terms[-1], word[0].isupper()) for word in words(text, lower=False)
                    if (terms := tokenizer.word_terms(word.lower()))]
        at: dict[str, list[int]] = {}
        for k, (term, name) in enumerate(sequence(quote)):
            if not name:
                at.setdefault(term, []).append(k)
        runs: dict[tuple[int, int], int] = {}
        longest = 0
        for i, (term, _) in enumerate(sequence(text)):
            for k in at.get(term, ()):
                runs[i, k] = runs.get((i - 1, k - 1), 0) + 1
                longest = max(longest, runs[i, k])
        return longest >= QUOTED_PHRASE

    def _support(self, text: str, query: Query, best: _Scored,
                 borrow_names: bool = True, names: bool = True) -> float | None:
        """Share of the question's information the quote holds, word by word: a word
        counts when the quote has one of its terms, or a word piece whose vector in
        context is close to the word's (a paraphrase: "hide" and "sanctuary"). Also held:
        what someone "thinks" or "meant", by a quote that reports speech; the "year" or
        "percentage" asked for, or the "people" counted, by a quote with a date or a
        figure; the measure "how long" or "how far" asks for, by a quote with a figure of
        that kind; the words that ask a size ("live", "population"), by a quote that gives
        one ("a town of about 8,500 people"); the money "how much cash" asks about, by a quote
        with a sum; "the government", by one that names a minister, a ministry or the cabinet;
        and, when
        ``borrow_names``, a name the quote's paragraph holds (the quote says "she"), and what
        the article calls the person the quote names or means by "she" ("the pm" of "Mr Kolm
        told parliament", the article's prime minister; see ``people``).
        Without ``names``, of the question's ordinary words alone: what it asks about the
        people and bodies it names ("how many crew", "did she resign"); a word the quote
        capitalises within a sentence is a name ("the Inland Seas Trade Council")."""
        if self.vectors is None:
            return None
        quote_terms = self._quote_terms(best)
        quote = self._quote_text(best)
        own = query.own_words
        passage_text = self.kb.passages[best.passage_index].text
        if not names:
            named = frozenset().union(*(terms for _, terms in self._names_in(quote)))
            own = [w for w in own if w.surface not in WEAK_WORDS and _match(w, named) == 0
                   and not (self._is_name(w) and not self._ordinary_there(w, passage_text))]
            if not own:
                return 1.0
        infos = self.kb.sentence_info(best.passage_index)
        typed = query.expects in TYPE_WORDS and any(
            _type_fits(query, infos[j]) for j in range(best.first, best.sentence + 1))
        paragraph = self.kb.passage_terms(best.passage_index)
        speech = bool(REPORTS_SPEECH.search(quote))
        measure = MEASURES.get(query.focus or "")
        measured = measure is not None and measure.search(quote) is not None
        sizing = query.size_words
        sized = bool(sizing) and self._size_given(query, words(quote))
        paid = query.asks_money and self._holds_money(quote)  # "how much cash": "$4 million"
        governed = GOVERNING.search(quote) is not None  # "the govt": "the finance ministry"
        unmatched = [w for w in own if not _holds(w, quote_terms)
                     and not (speech and w.surface in OPINION_WORDS)
                     and not (sized and w in sizing)
                     and not (measured and w.surface == query.focus)
                     and not (paid and w.surface in MONEY_WORDS)
                     and not (governed and w.surface == "government")
                     and not (typed and w.surface in TYPE_WORDS[query.expects or ""])
                     and not (query.keyword_kind and w.surface == query.keyword_kind[0]
                              and self._gives_kind(query, query.keyword_kind[1], quote))
                     and not (borrow_names and self._is_name(w) and _holds(w, paragraph)
                              and not self._ordinary_there(w, passage_text))]
        if unmatched and borrow_names:  # "the pm" of "Mr Kolm said": what he is called
            called = self._called_as_asked(_corrected(text, query.corrections), best,
                                           quote_terms)
            unmatched = [w for w in unmatched if (w.correction or w.surface) not in called]
        total = sum(w.info for w in own) or 1.0
        if not unmatched:
            return 1.0
        close = self._closeness(self.vectors.model, text, quote)
        # an open question close in meaning ("why were the coolers sitting there broken?") may
        # say its words a little differently; a question for a datum may not ("how many crew")
        loose = not query.asks_datum and (best.semantic or 0.0) >= SURE_SIMILARITY
        needed = LOOSE_TOKEN_SUPPORT if loose else TOKEN_SUPPORT
        missing = sum(w.info for w in unmatched if close(w.surface) < needed)
        return 1.0 - missing / total

    def _counts_what_is_asked(self, query: Query, quote: str,
                              terms: frozenset[str] | None = None) -> bool:
        """"How many complaints?" of a quote that puts a figure before the thing counted,
        at most two words between: "4,117 complaints", "eleven boxes", "the 52,000-seat
        stadium". Of a word that counts anything ("people"), only with the event counted
        right after it, or before them: "how many people were arrested?" of "37 people were
        arrested", "how many people signed?" of "a petition signed by 14,500 people", not of
        "a town of 6,000 people"."""
        counted = query.own_by_surface.get(query.counted or "")
        if counted is None:
            return False
        if (terms is not None and counted.surface not in WEAK_WORDS
                and counted.terms.keys().isdisjoint(terms)):
            return False  # the quote's terms, when known, lack what is counted
        seq = words(quote)
        event = None
        if counted.surface in WEAK_WORDS:
            event = query.own_by_surface.get(query.event or "")
            if event is None:  # "how many people live in Koranz?", "... sit on the board?"
                return self._size_given(query, seq)

        def holds(word: QueryWord, at: int) -> bool:
            return self._written_holds(word, seq[at])
        figures = [at for at, word in enumerate(seq) if is_figure(word)]
        return any(
            holds(counted, k) and (event is None or any(
                holds(event, after) for after in range(k + 1, min(k + 1 + EVENT_REACH, len(seq)))))
            for at in figures for k in range(at, min(at + COUNT_REACH + 1, len(seq)))) or (
            event is not None and any(  # ... or the event before them: "signed by 14,500 people"
                1 < at < len(seq) - 1 and holds(event, at - 2) and seq[at - 1] == "by"
                and holds(counted, at + 1) for at in figures))

    def _size_given(self, query: Query, seq: list[str]) -> bool:
        """The size a count of people asks for, in the words ``seq``: as what a place or a
        body is "of" ("a town of about 6,000 people"), or with the question's own verb after
        those counted ("380 people lived on houseboats"; not "thousands of migrant workers
        living in Dorn", some of them), or, asked who are members, as the members counted
        ("owned by 8,400 member farmers")."""
        asked = query.size_words
        if not asked:
            return False
        if gives_size(seq):
            return True
        terms = self.kb.tokenizer.word_terms
        names = [w for w in query.own_words if self._is_name(w)]
        if names:
            held = set().union(*(terms(w) for w in seq))
            if any(held.isdisjoint(w.terms) for w in names):
                return False  # "600 people living in hotels on the coast": not Belcastro's
        members = [w for w in asked if w.surface in MEMBERSHIP]
        return any(
            (seq[k] in INHABITANTS and any(self._written_holds(w, seq[after]) for w in asked
                                           for after in range(k + 1, min(k + 1 + EVENT_REACH,
                                                                         len(seq)))))
            # "how many people are members?": "owned by 8,400 member farmers"
            or any(self._written_holds(w, seq[k]) for w in members)
            for at, word in enumerate(seq) if is_figure(word)
            for k in range(at + 1, min(at + COUNT_REACH + 2, len(seq))))

    def _figure_near(self, query: Query, quote: str, found_only: bool = False) -> bool:
        """A "when" or "how many" finds its date or figure in a clause that holds a word of
        the question, or in a short one just before it ("In 2018, ..."), or in the short ones
        just after it (", Tobias Ekwendeni, on 11 November,"), or, for a date, in the one a
        "when" clause follows ("on 14 February, when Kestrania announced the ban"):
        not "the TTP, which helped it before its victory in 2021, and which is founded on a
        shared ideology" for "when was the TTP founded?". A quote none of whose clauses holds
        a word of the question passes, unless ``found_only``."""
        kind = _asked_kind(query)
        if not kind:
            return not found_only
        clauses = _CLAUSE_BREAK.split(quote)
        held = [frozenset(self.kb.tokenizer.terms(c)) for c in clauses]
        found = False
        for word in query.own_words:
            for at, terms in enumerate(held):
                if _match(word, terms) == 0:
                    continue
                found = True
                if bool(figure_kinds(clauses[at]) & kind) or (
                    # "announced by the finance minister, Tobias Ekwendeni, on 11 November"
                    in_short_clauses(clauses[at + 1:], kind)) or (
                    at > 0 and bool(figure_kinds(clauses[at - 1]) & kind) and (
                        len(words(clauses[at - 1])) <= SHORT_CLAUSE
                        # "On the morning of 3 October, when the management posted a notice"
                        or (kind == HAS_DATE and clauses[at].lower().startswith("when ")))):
                    return True
        return not found and not found_only

    def _person_named(self, earlier: str) -> str | None:
        """The one person an earlier question names, as it writes them ("bakar tessim"): its
        words that are names, in a row, none of them a body or a place the glossary knows."""
        query = self.analyser.analyse(earlier)
        names = [w for w in query.own_words if not w.context and self._is_name(w)
                 and self._capitalised_there(w)]
        entities = self.kb.glossary.entities
        known = {t[len(ENTITY_PREFIX):] for w in names for t in w.terms
                 if t.startswith(ENTITY_PREFIX)}
        if not names or any(entities[e].type != "person" for e in known if e in entities):
            return None
        run = " ".join(w.surface for w in names)
        if run not in " ".join(words(normalize(earlier).lower())):
            return None  # two people, or a name in two parts of the question
        return " ".join(w.correction or w.surface for w in names)

    def _articles_write(self, word: QueryWord, pattern: str, passages: int) -> bool:
        """The passages that hold the word most (so many) write it as ``pattern`` does, in
        which "{name}" stands for the word with a capital."""
        name = re.escape((word.correction or word.surface).capitalize())
        written = re.compile(pattern.replace("{name}", name))
        return any(written.search(self.kb.passages[p].text)
                   for p, _ in self.kb.index.top({t: 1.0 for t in word.terms}, passages))

    def _capitalised_there(self, word: QueryWord) -> bool:
        """The articles write the word with a capital, in the passage that holds it most
        ("Tessim"; not "reopen")."""
        return self._articles_write(word, r"\b{name}\b", 1)

    def _is_name(self, word: QueryWord) -> bool:
        """A name, not a word of English: the glossary knows it, or the embedding model's
        vocabulary does not ("Kessem", "Vask"), or the articles write it as someone's surname
        ("Ms Marrow")."""
        written = word.correction or word.surface
        return word.in_glossary or (written.isalpha() and (
            written not in self.analyser.common_words or self._surname_of_someone(word)))

    def _surname_of_someone(self, word: QueryWord) -> bool:
        """The word is someone's surname in the passages that hold it most
        (``SURNAME_PASSAGES``): after a title ("Ms Marrow") or before what they said ("Marrow
        said"); not "the Sea Lark", "Kesmar Copper" (remembered)."""
        written = word.correction or word.surface
        found = self._surnames.get(written)
        if found is None:
            found = self._articles_write(word, SURNAME, SURNAME_PASSAGES)
            if len(self._surnames) >= WORD_CACHE:
                self._surnames.clear()
            self._surnames[written] = found
        return found

    @staticmethod
    def _ordinary_there(word: QueryWord, text: str) -> bool:
        """A word the embedding model's vocabulary lacks ("radioed"), not one the glossary
        names, that the text writes in lower case: an ordinary word there, not a name."""
        return (not word.in_glossary
                and re.search(r"\b" + re.escape(word.surface) + r"\b", text) is not None)

    @staticmethod
    def _closeness(model: SemanticModel, text: str, quote: str) -> Callable[[str], float]:
        """How close a word of ``text`` comes to the quote: the mean, over the word's
        pieces, of each piece's best cosine with a piece of the quote (both in context)."""
        _, q_spans, q_vectors = model.pieces(text)
        _, _, p_vectors = model.pieces(quote)
        closest = (q_vectors @ p_vectors.T).max(1) if len(p_vectors) else np.zeros(len(q_spans))
        lower = text.lower()
        read = q_spans[-1][1] if q_spans else 0  # what the model read

        def close(surface: str) -> float:
            pattern = re.compile(r"\b" + re.escape(surface.split()[0]) + r"\b")
            places = [m.span() for m in pattern.finditer(lower, 0, read)]
            found = [k for k, (a, b) in enumerate(q_spans)
                     if any(start <= a and b <= end for start, end in places)]
            return float(closest[found].mean()) if found else -1.0
        return close

    def _focus_found(self, text: str, query: Query, quote: str) -> bool:
        """What the question asks about, when the articles never use its word ("how
        tall", "how much bail", "the population of", "who heads"): the quote holds a word
        piece close to it or, for a measure ("how tall"), a figure of that kind. An age
        ("how old") is asked for whether or not the articles use the word, and so is the
        event a count or a date is of ("how many protesters were arrested?": not a sentence
        that counts the protesters who marched; "when was the association founded?": not one
        that dates its complaint), by its own word in the quote, not a topic the glossary
        files it under, or a word piece close to it. A misspelt word is read as corrected
        ("when does the cap expier?")."""
        if self.vectors is None:
            return True
        closeness: Callable[[str], float] | None = None

        def near(word: QueryWord) -> bool:
            nonlocal closeness
            if closeness is None:
                closeness = self._closeness(self.vectors.model,
                                            _corrected(text, query.corrections), quote)
            return closeness(word.correction or word.surface) >= TOKEN_SUPPORT

        own = query.own_by_surface
        event = own.get(query.event or "")
        if event is not None:
            written = self.kb.tokenizer.word_terms(event.correction or event.surface)
            if set(written).isdisjoint(self.kb.tokenizer.terms(quote)) and not near(event):
                return False
        word = own.get(query.focus or "")
        # "how many people": a count of anyone, as "what year" is any date (the figure or the
        # date itself is what ``holds_asked`` looks for)
        if word is None or word.surface in TYPE_WORDS.get(query.expects or "", ()):
            return True
        measure = MEASURES.get(word.surface)
        if word.surface in ALWAYS_MEASURED:
            return measure.search(quote) is not None
        if word.known or (measure is not None and measure.search(quote)):
            return True
        # "how strict is the rationing?", "how bad was the air?": a degree no measure names is
        # given by a figure ("limited to 20 litres")
        if (query.degree and measure is None and word.surface not in _NOT_A_DEGREE
                and figure_kinds(quote) & (HAS_NUMBER | HAS_AMOUNT)):
            return True
        return near(word)

    def _question_vector(self, text: str, context: str | None) -> np.ndarray | None:
        if self.vectors is None:
            return None
        model = self.vectors.model
        vector = model.question(text)
        if context:
            vector = _unit(vector + CONTEXT_VECTOR_SHARE * model.question(context))
        return vector

    # --- ranking ----------------------------------------------------------------
    @staticmethod
    def _span(passage: Passage, infos: list[SentenceInfo], j: int) -> tuple[int, frozenset[str]]:
        """First sentence of the quote for sentence j, and the quote's terms.

        A sentence that points back ("It was drawn...") brings the one before, and so does
        a quotation of someone it names only by a pronoun ("“...,” she said."), when the
        two together are short enough to quote whole.
        """
        terms = infos[j].terms
        first = j
        end = passage.sentences[j][1]
        # back while the sentence leans on the one before: once when it points back at
        # all, again while its subject is the earlier sentence's ("it", "the group")
        while first > 0 and first > j - MAX_LEANING and (
                _POINTS_BACK if first == j else _SUBJECT_BACK).match(
                passage.text[slice(*passage.sentences[first])]) and (
                end - passage.sentences[first - 1][0] <= (MAX_JOINED if first == j else MAX_CHAIN)):
            first -= 1
            terms = terms | infos[first].terms
        if first == j > 0 and QUOTES_NAMED_BEFORE.match(
                passage.text[slice(*passage.sentences[j])]) and (
                end - passage.sentences[j - 1][0] <= MAX_QUOTE):  # the speaker, if short
            first = j - 1
            terms = terms | infos[first].terms
        return first, terms

    def _candidates(self, hits: list[tuple[int, float]],
                    near: list[tuple[int, float]]) -> dict[int, float | None]:
        """Candidate passages with their BM25 score (None: found by meaning alone)."""
        out: dict[int, float | None] = {int(self.kb.rows[row]): score for row, score in hits}
        if near:
            bounds = self.kb.passage_sentences
            owners = np.searchsorted(bounds, np.array([s for s, _ in near]), side="right") - 1
            for p in owners.tolist():
                out.setdefault(int(p), None)
        return out

    def _score_sentences(self, query: Query, hits: list[tuple[int, float]],
                         near: list[tuple[int, float]], question_vector: np.ndarray | None,
                         asked: tuple[str, str | None]) -> list[_Scored]:
        floor = self.kb.index.baseline(query.weights)
        top_bm25 = (hits[0][1] - floor) if hits else 0.0
        top_bm25 = top_bm25 or 1.0
        words = query.words
        units: list[_Unit] = []
        asks_who = _asked_names(query) if query.asks_who_is else []
        counting = query.expects == "number" and query.counted is not None  # "how many X"
        measure = MEASURES.get(query.focus or "") if query.expects == "number" else None
        for p, bm25 in self._candidates(hits, near).items():
            passage = self.kb.passages[p]
            infos = self.kb.sentence_info(p)
            context = _coverage(words, frozenset().union(*(info.terms for info in infos)))
            penalty = OUTSIDE_BODY_PENALTY if passage.role != BODY else 0.0
            relative = (bm25 - floor) / top_bm25 if bm25 is not None else 0.0
            first_id = int(self.kb.passage_sentences[p])
            for j, info in enumerate(infos):
                at = passage.sentences[j]  # (where the sentence stands in the passage's text)
                first, terms = self._span(passage, infos, j)
                own = _coverage(words, terms)
                if own == 0 and self.vectors is None:
                    continue
                lexical = own + CONTEXT_SHARE * context + BM25_SHARE * relative - penalty
                factor = 1.0
                if query.expects in ("number", "date") and not _type_fits(query, info):
                    factor = MISSING_TYPE_FACTOR
                elif _type_fits(query, info) or (
                        query.expects == "definition" and _defines(query, info)):
                    lexical += ANSWER_TYPE_BONUS
                    if measure is not None and measure.search(passage.text, *at):
                        lexical += MEASURE_BONUS
                    if counting and self._counts_what_is_asked(
                            query, passage.text[slice(*at)], info.terms):
                        lexical += COUNT_BONUS  # "how many policemen": "208 police personnel"
                if query.lasting and LASTING.search(passage.text, *at):
                    lexical += ANSWER_TYPE_BONUS  # "since 1994", "for the past three years"
                if (query.expects in ("definition", "name") or asks_who) and self._gives_what_is_asked(
                        query, passage.text[slice(*at)], asks_who):
                    lexical += (SPELLS_OUT_BONUS if query.expects == "definition"
                                else GIVES_WHAT_IS_ASKED_BONUS)
                if query.asks_if_said and REFUSED_TO_SAY.search(passage.text, *at):
                    lexical += REFUSAL_BONUS
                if info.is_question:
                    lexical -= QUESTION_PENALTY
                lexical -= LENGTH_PENALTY * min(info.length, MAX_JOINED) / MAX_JOINED
                units.append(_Unit(p, j, first, lexical, factor, first_id + j))
        if self.vectors is None:
            scored = [_Scored(u.lexical * u.factor, u.passage_index, u.sentence, u.first,
                              u.lexical) for u in units]
        elif question_vector is None:
            scored = self._embedding_the_best(units, *asked)
        else:
            scored = self._with_meaning(units, question_vector)
        scored.sort(key=lambda s: -s.score)
        return scored

    def _gives_what_is_asked(self, query: Query, sentence: str, asks_who: list[str]) -> bool:
        """The sentence writes out what "X stands for", gives the name "what is it called"
        asks for, introduces the person "who is X" names, or names who holds the post "who
        is the education minister?" asks about ("Education Minister Tomas Ravik")."""
        if query.expects == "definition":
            return _spells_out(query, sentence, self.kb.glossary)
        if query.expects == "name":
            return bool(GIVES_NAME.search(sentence)) or _spells_out(query, sentence,
                                                                    self.kb.glossary)
        return introduces(sentence, asks_who) or (query.asks_who_is and _names_holder(
            sentence, query, self._is_name, self._terms_of))

    def _embedding_the_best(self, units: list[_Unit], text: str,
                            context: str | None) -> list[_Scored]:
        """A base too large to embed at build: the question and its best few quotes by words
        are embedded now, in one pass; the other quotes keep their words' score alone."""
        if self.vectors is None or not units:
            return []
        model = self.vectors.model
        ranked = sorted(units, key=lambda u: -u.lexical)
        best = ranked[:LAZY_SENTENCES]
        # (as they will be quoted: a lead-in with what follows it, see ``_with_following``)
        quotes = [self._quote_text(self._with_following(
            _Scored(0.0, u.passage_index, u.sentence, u.first))) for u in best]
        model.remember([text, *([context] if context else []), *quotes])
        question = self._question_vector(text, context)
        if question is None:
            return []
        out = []
        for u, quote in zip(best, quotes, strict=True):
            own = float(model.question(quote) @ question)
            score = (LEXICAL_SHARE * u.lexical
                     + (SEMANTIC_SHARE + SEMANTIC_CONTEXT_SHARE) * own) * u.factor
            out.append(_Scored(score, u.passage_index, u.sentence, u.first, u.lexical, own))
        floor = min((s.score for s in out), default=0.0)
        out += [_Scored(min(floor, LEXICAL_SHARE * u.lexical * u.factor), u.passage_index,
                        u.sentence, u.first, u.lexical) for u in ranked[LAZY_SENTENCES:]]
        return out

    def _with_meaning(self, units: list[_Unit], question: np.ndarray) -> list[_Scored]:
        """Each unit's score with its cosine to the question beside its words' score."""
        if self.vectors is None or not units:
            return []
        wanted = sorted({i for u in units for i in range(
            u.global_id - u.sentence, u.global_id + 1)})
        position = {g: k for k, g in enumerate(wanted)}
        vectors = self.vectors.vectors(wanted)
        cosines = vectors @ question
        by_passage: dict[int, float] = {}
        for u in units:  # the paragraph's meaning: its sentences' mean vector
            if u.passage_index not in by_passage:
                rows = [position[g] for g in range(u.global_id - u.sentence, u.global_id + 1)]
                by_passage[u.passage_index] = float(_unit(vectors[rows].mean(0)) @ question)
        out = []
        for u in units:
            own = float(cosines[position[u.global_id]])
            if u.first < u.sentence:  # the quote with the sentences it leans on
                rows = [position[g] for g in range(u.global_id - (u.sentence - u.first),
                                                   u.global_id + 1)]
                own = max(own, float(_unit(vectors[rows].sum(0)) @ question))
            paragraph = by_passage[u.passage_index]
            score = (LEXICAL_SHARE * u.lexical + SEMANTIC_SHARE * own
                     + SEMANTIC_CONTEXT_SHARE * max(paragraph, own)) * u.factor
            out.append(_Scored(score, u.passage_index, u.sentence, u.first, u.lexical, own,
                               paragraph=paragraph))
        return out

    def _excerpts(self, query: Query, scored: list[_Scored], limit: int) -> list[Excerpt]:
        """The best quotes, at most two a paragraph. A quote's own continuation (the
        sentences after it that lean on it: "It wrote to the organisers. It has not yet
        received a reply.") replaces it when it scores almost as well and the whole is
        short enough to read at a glance. They are chosen as if ``EXCERPT_POOL`` were asked
        for, so that the first three are the same whether three or six are asked for."""
        room = max(limit, EXCERPT_POOL)
        chosen: list[tuple[_Scored, set[int], Excerpt]] = []
        top = scored[0].first_score
        for item in scored:
            if item.first_score < FOLLOWING_EXCERPT_MIN * top:
                break
            item = self._with_speaker(query, item)
            span = set(range(item.first, item.sentence + 1))
            same = [k for k, (c, _, _) in enumerate(chosen) if c.passage_index == item.passage_index]
            overlaps = [k for k in same if chosen[k][1] & span]
            if overlaps:
                k = overlaps[0]
                was, was_span, _ = chosen[k]
                passage = self.kb.passages[item.passage_index]
                if (len(overlaps) == 1 and span > was_span and item.first == was.first
                        and item.first_score >= CONTINUATION_SHARE * was.first_score
                        and passage.sentences[item.sentence][1]
                        - passage.sentences[item.first][0] <= MAX_JOINED):
                    # (in its place: it continues the quote it replaces)
                    chosen[k] = (item, span, self._quote(query, replace(item, score=was.score)))
                continue
            if len(chosen) < room and len(same) < MAX_QUOTES_A_PASSAGE:
                chosen.append((item, span, self._quote(query, item)))
        return self._shown_with_neighbours(query, chosen, limit)

    def _shown_with_neighbours(self, query: Query,
                               chosen: list[tuple[_Scored, set[int], Excerpt]],
                               limit: int) -> list[Excerpt]:
        """The first ``limit`` quotes chosen, each with a neighbour when the two are short
        together (``_neighbours``); a quote held whole by one shown is not shown again."""
        shown: list[tuple[int, set[int], Excerpt]] = []
        for n, (item, span, excerpt) in enumerate(chosen):
            if len(shown) == limit:
                break
            if any(p == item.passage_index and span <= s for p, s, _ in shown):
                continue  # held whole by a quote before it
            joined = (self._explained(item.passage_index, span) if n == 0 and query.asks_meaning
                      else self._neighbours(item.passage_index, span, n, chosen))
            if joined != span:
                span = joined
                excerpt = self._quote(query, replace(item, first=min(span), sentence=max(span),
                                                     score=excerpt.score))
            shown.append((item.passage_index, span, excerpt))
        return [excerpt for _, _, excerpt in shown]

    def _explained(self, passage_index: int, span: set[int]) -> set[int]:
        """What someone meant ("what does 'reset and hope' mean?"): the words with the
        sentences either side, where the article says what they meant, within
        ``MAX_JOINED`` characters (else the one after, or the one before)."""
        passage = self.kb.passages[passage_index]
        first, last = min(span), max(span)
        for wider in ((first - 1, last + 1), (first, last + 1), (first - 1, last)):
            a, b = max(wider[0], 0), min(wider[1], len(passage.sentences) - 1)
            if passage.sentences[b][1] - passage.sentences[a][0] <= MAX_JOINED:
                return set(range(a, b + 1))
        return span

    def _neighbours(self, passage_index: int, span: set[int], n: int,
                    chosen: list[tuple[_Scored, set[int], Excerpt]]) -> set[int]:
        """The sentences the ``n``th quote chosen (``span``) is shown as, within ``SHORT_PAIR``
        characters: with the sentence after it (what one sentence sets up, the next often
        says), unless a quote chosen before it shows that sentence or a longer quote of the
        pool begins there; or else with a quote chosen after it that ends just before it
        (what is asked is often split over the two). Only as shown: the quotes are chosen
        and decided on as they are ranked."""
        passage = self.kb.passages[passage_index]
        others = [(k, s) for k, (c, s, _) in enumerate(chosen)
                  if k != n and c.passage_index == passage_index]

        def short(first: int, last: int) -> bool:
            return passage.sentences[last][1] - passage.sentences[first][0] <= SHORT_PAIR

        after, before = max(span) + 1, min(span) - 1
        if (after < len(passage.sentences) and short(min(span), after)
                and not any(after in s and (k < n or not s <= span | {after}) for k, s in others)):
            return span | {after}
        ending_before = [s for k, s in others if k > n and before in s]
        if before >= 0 and ending_before and max(ending_before[0]) == before and short(
                min(ending_before[0]), max(span)):
            return span | ending_before[0]
        return span

    def _with_speaker(self, query: Query, item: _Scored) -> _Scored:
        """For "who said ...?", a quotation whose speaker is named in the sentence
        after it, or else the one before, brings that sentence (the end of a quotation of
        several sentences brings them all, back to where it opens); a speaker named only
        by a pronoun ("..., he said.") or by what they are ("..., the official said.")
        brings the sentences before, back to the one that names or introduces them."""
        if query.expects != "person" or not query.asks_speaker:
            return item
        passage = self.kb.passages[item.passage_index]
        spans, text = passage.sentences, passage.text
        # the end of a quotation: back to where it opens
        item = _back_while(item, spans, text, _ends_a_quotation)
        quoted = text[spans[item.first][0]:spans[item.sentence][1]]
        after, before = item.sentence + 1, item.first - 1
        if not ATTRIBUTION.search(quoted) and re.search("[\"\u201c\u201d]", quoted):
            if (after < len(spans) and ATTRIBUTION.search(text[slice(*spans[after])])
                    and spans[after][1] - spans[item.first][0] <= MAX_JOINED):
                item = replace(item, sentence=after)
            elif (before >= 0 and ATTRIBUTION.search(text[slice(*spans[before])])
                    and spans[item.sentence][1] - spans[before][0] <= MAX_JOINED):
                item = replace(item, first=before)
        # "..., he said.": back to the sentence that names him
        return _back_while(item, spans, text, lambda q: bool(
            PRONOUN_SPEAKER.search(q) or DESCRIBED_SPEAKER.search(q)), until=NAMES_SPEAKER)

    # --- quoting ----------------------------------------------------------------
    def _quote(self, query: Query, item: _Scored) -> Excerpt:
        passage = self.kb.passages[item.passage_index]
        start = passage.sentences[item.first][0]
        end = passage.sentences[item.sentence][1]
        cut_start = cut_end = False
        if end - start > MAX_QUOTE and item.first == item.sentence:
            start, end, cut_start, cut_end = self._best_window(query, passage.text, start, end)
        quote = (ELLIPSIS if cut_start else "") + passage.text[start:end] + (
            ELLIPSIS if cut_end else "")
        offset = len(ELLIPSIS) if cut_start else 0
        highlights = tuple((s + offset, e + offset)
                           for s, e in self.highlight_spans(query, passage.text[start:end]))
        return Excerpt(passage, self.kb.articles[passage.article_id], quote, start, end,
                       item.score, highlights)

    def _best_window(self, query: Query, text: str, start: int,
                     end: int) -> tuple[int, int, bool, bool]:
        """The run of clauses within [start, end) that holds most of the question (and the
        date or figure a "when" or "how many" asks for, the name a "who" asks for), and of
        those the one that runs on furthest, then the longest: the words a question echoes
        set the scene, and what it asks usually comes after them ("when Pakistan invoked
        the accord, a spokesman said …")."""
        bounds = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)] + [end]
        best: tuple[tuple[float, bool, int, int], int, int] = ((-1.0, False, 0, 0), start, end)
        kind = _asked_kind(query)
        person = query.expects == "person"  # "who called it …": the clause with the name
        asked = {w.surface for w in query.own_words}
        for a in range(len(bounds) - 1):
            for b in range(a + 1, len(bounds)):
                s, e = bounds[a], bounds[b]
                if e - s > MAX_QUOTE:
                    break
                window = text[s:e]
                terms = self._terms_of(window)
                covered = round(_coverage(query.words, terms), 6)
                if covered < best[0][0]:
                    continue
                fits = (bool(figure_kinds(window) & kind) if kind
                        else not person or names_someone(window, asked))
                value = (covered, fits, e, e - s)
                if value > best[0]:
                    best = (value, s, e)
        _, s, e = best
        if best[0][0] < 0:  # no clause break short enough: cut at a word boundary
            e = text.rfind(" ", start, start + MAX_QUOTE)
            s, e = start, e if e > start else start + MAX_QUOTE
        while e > s and text[e - 1] in " ,;:-\u2013\u2014":
            e -= 1
        return s, e, s > start, e < end

    def highlight_spans(self, query: Query, text: str) -> list[tuple[int, int]]:
        """Spans (relative to ``text``) of the words that match the question's terms."""
        wanted = {t for w in query.words for t in w.terms}
        spans = []
        known = self._word_terms
        for match in _HIGHLIGHT_WORD.finditer(text):
            word = match.group()
            terms = known.get(word)
            if terms is None:
                if len(known) >= WORD_CACHE:
                    known.clear()
                terms = known[word] = self.kb.tokenizer.terms(normalize(word))
            if not wanted.isdisjoint(terms):
                spans.append((match.start(), match.end()))
        return spans


def _ends_a_quotation(text: str) -> bool:
    """The text closes more quotations than it opens: it ends one begun before it. A
    straight double quote after a space (or at the start) opens one, any other closes."""
    opening = len(re.findall(r'(?:^|(?<=[\s(\[]))"', text))
    return text.count("\u201d") + text.count('"') - opening > text.count("\u201c") + opening


def _back_while(item: _Scored, spans: tuple[tuple[int, int], ...], text: str,
                leans: Callable[[str], bool], until: re.Pattern[str] | None = None) -> _Scored:
    """The quote taken back a sentence at a time while it ``leans`` on the one before (at
    most MAX_LEANING, within MAX_CHAIN characters), stopping at a sentence ``until``
    matches."""
    for _ in range(MAX_LEANING):
        before = item.first - 1
        if not (before >= 0 and spans[item.sentence][1] - spans[before][0] <= MAX_CHAIN
                and leans(text[spans[item.first][0]:spans[item.sentence][1]])):
            break
        item = replace(item, first=before)
        if until is not None and until.search(text[slice(*spans[before])]):
            break
    return item


