"""Deciding what an answer is: sure, the closest passages (unsure), or a decline.

Two kinds of evidence about the best quote: how much of the question's
information its words hold (``coverage``, with its paragraph; see
``query``), and how close its meaning is (``similarity``, the cosine of
MiniLM vectors). Either can vouch for a passage the other misses, a
paraphrase or a name the model has never seen, but a sure answer needs both
to agree, and most of the question's information must be in the quote
itself, word by word (``support``: a word counts when the quote holds one of
its terms, or a word piece whose MiniLM vector in context is close to the
word's, as "sanctuary" is to "hide"): "when was the TTP founded?" finds the
TTP, but nothing founded, so it is shown as the closest passages, not as
the answer. Thresholds were set on half of the public question sets and
checked on the other half.

An open question ("why?", "what happened?") is sure at a lesser share of its words than a
question for one datum, a figure, a date, a person or a name: a passage on the same subject
without that datum is as close in meaning as the one with it. Its words are held more loosely
too, when the quote is close in meaning (``support``: "broken" by "out of order"). And an
open question whose words the quote holds, most of its ordinary words among them, is sure
though the meaning is only loosely close: a quotation, or a long sentence on several things,
is far in meaning from a question's plain words ("what did the transport minister promise parliament?" of
"Pavel Lindqvar, the transport minister, told parliament on Thursday that the government
would ..."). A question for a datum is not: the sentence with the words and without the
datum is a near miss. Nor is a question for a datum ever sure of a quote that holds only
the names it gives, none of what it asks of them ("how many crew were on the Aurelia Star?"
of a sentence on the ship's price): ``plain_support`` counts the question's ordinary words
alone, not its names nor words like "people" or "make". These thresholds were set on the
blind sets (``tests/data/blind``): those of open questions and datums on the first five
batches, the loose closeness on the first eight, each checked on batches held out from them.

Two kinds of answer are sure on their words, though a model that has never
seen the names in them finds the meaning only loosely close: a quote that
holds every word of the question itself ("has Kostanj conceded?"), when the
date or figure a "when" or "how many" asks for stands in the clause with what
is asked; and, for "who is X?" (or "what is X's job?"), the sentence that introduces X
("X, a former judge", "X, chair of the union") or names who holds the post asked about ("its
chief mediator, X"); "who is X's finance minister?" asks for a post's holder, which the
sentence introducing X does not say.

A question for what someone said ("what did X say about Y?") is never sure of a quote that
reports nothing said, though it holds X and Y, nor of one that names someone else as the
speaker ("said Petar Voss" for Ilinka Voss) or has someone unnamed speak ("an official, who
spoke on condition of anonymity, said that Voss ..."), nor of one in a paragraph that never
names X ("she says" is someone else). One that the quote reports said, as asked, with every
word of the question in the quote itself, is sure however far the quotation's meaning is from
the question's plain words ("what did the interior ministry official say?" of "One official
from Pakistan's interior ministry told me, ... “All Afghanistan-based groups are ...”"). Nor is
a question for a datum sure of a quote without it (``holds_asked``): a count ("how many") of a
quote whose only figures are years or dates, or, for a count of things, times, distances,
weights and sums of money ("40 minutes after firefighters ..." for "how many firefighters";
"for about 9 million dalers" for "how many people work at the yard?"); a sum of money ("how
much was the catch worth?") of a quote without one; a "when" of a quote with no date or time in
it ("on Thursday", "within days"); a named body or someone named ("which company built the
road?", "which engineer pushed the update?", "what was the cub called?") of a quote that names
none the question does not give, or names one but does not say, in any words close to it, what
was done ("built"; nor "by" a name); a cause ("what caused the fire?") of a quote that gives
none in words ("caused by", "because", "blamed on"), a sentence on the fire alone; "has the
court ruled?" of a quote that gives no outcome ("ruled", "the verdict"); "how did the unions
react?" of a quote that does not name the unions, or only as owners ("called for Ms Varnhout's
resignation"), or gives no reaction (words they said, "rejected", "welcomed"); "what is the
unemployment rate?" of a quote without a figure, "what was the rent?" of one without a sum,
"who was minister before X?" of one that names no one but X, "who chairs the JRC?" of one that
names no one but the Joint Restitution Commission, "who is the mayor?" of one that holds the
post only as another ("the deputy mayor"; "the former mayor", asked in the present). And "how
old is X?" is never sure of a quote without an age, nor "how many protesters were arrested?" of
one without the arrests, nor "when was the association founded?" or "when did she become
minister?" of one that dates something else they did (``focus_found``). Nor is a question sure
of a quote whose paragraph lacks a figure or a month it gives ("how many visitors did the zoo
get in 2021?" of a paragraph on last year's and 2019's; "how much overtime is paid for a 36
hour shift?"; "how many did it report in August?" of July's), or gives a year it asks of only
as the point something is counted from ("what happened during the 1998 strike?" of "its first
strike since 1998"), unless the asker guesses it ("like 11?") or asks yes or no, which a quote
may settle by giving another (``figures_held``).

A count is sure of a quote that gives it as asked, a figure before the thing counted
("how many complaints did the board get?" of "The board received 4,117 complaints in its
first year"; a word that counts anything, "people", only with the event counted right after
it: "how many people were arrested?" of "37 people were arrested", not of "a town of 6,000
people"), when the quote holds most of the rest of the question too: how close the
meaning is matters less than the figure standing where the question looks for it. So with
a "when" of a quote that gives a date or a time in the clause with what is asked ("what time
did the tunnel cave in?" of "A section of the tunnel caved in at 3:40 in the morning on 12
August"), when the quote holds most of the question (``DATE_SUPPORT``).

An asker who quotes the article, three words or more of the quote in a row ("what did
she mean by 'waited long enough for light'"), is sure of the quote that holds the rest of
the question too: a quoted turn of phrase is often far in meaning from the plain words
around it. One who asks who said it ("who called the deal a gift to a foreign shareholder?")
is sure of a quote that reports it said, whatever else the question's words are.

A question none of whose words the articles hold is declined unless its meaning is close
(``STRANGER_SIMILARITY``): the word pieces of a keyboard mash ("asdkj qwpe zzxv") come
loosely close to some passage. A question in words of English, none of them a name the
articles lack, is not held to that: a paraphrase in words of its own ("how many folks got
taken into custody in the big sweep?" of "they had arrested 27 people") is as loosely close,
and shows the closest passages (``english``). Nor is a question declined whose best quote
holds most of its words (``SURE_SUPPORT``), in terms or in word pieces close to them in
context: "fine amount" of "drivers were fined ..." finds little in terms and comes only loosely
close in meaning; a keyboard mash holds a quarter of its words at most.

Nor is a question shown the closest passages when none of them comes even loosely close in
meaning (``FAR_SIMILARITY``) and the best holds less than most of its words: "who wrote pride
and prejudice?" finds "wrote" in the articles and nothing else of it, and is declined.

Nor is a question sure that names what the articles never do ("what happened in Karachi?",
of articles that name Islamabad and Khyber Pakhtunkhwa, close in meaning as they are): a name
the glossary knows, or one the asker writes as a name (``names_known``).

Without vectors (no model loaded) the words alone decide, as before.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.Enum):
    SURE = "sure"
    TENTATIVE = "tentative"
    DECLINE = "decline"


MIN_COVERAGE = 0.5  # words alone: the share of the question's information the passage holds
SURE_SIMILARITY = 0.45  # sure when the meaning is this close ...
SURE_SUPPORT = 0.8  # ... and the quote holds this share of the question, word by word
CLOSE_SIMILARITY = 0.6  # or the meaning is this close ...
CLOSE_SUPPORT = 0.5  # ... and the quote holds at least this share
PLAIN_SUPPORT = 0.4  # of the question's ordinary words (names aside), the quote holds this share
# an open question whose ordinary words the quote holds, most of them (WORDS_PLAIN), needs
# only this closeness, when the quote holds SURE_SUPPORT of its words (less, the closer it is)
WORDS_SIMILARITY = 0.25
WORDS_PLAIN = 0.6
FULL_SIMILARITY = 0.3  # a quote that holds every word of the question needs less closeness ...
ECHO_SIMILARITY = 0.2  # ... and less still when it has two of them side by side, as asked
COUNT_SUPPORT = 0.6  # a quote that counts what "how many" asks, and holds this share of the rest
DATE_SUPPORT = 0.7  # a quote that dates what "when" asks, and holds this share of the question
RELEVANT_SIMILARITY = 0.3  # below this, and with too few words found, a decline
RELEVANT_COVERAGE = 0.5
# no quote of the few best this close in meaning, and none sure: a decline, whatever words the
# articles share with the question
FAR_SIMILARITY = 0.15
STRANGER_COVERAGE = 0.15  # almost no word of the question in the articles ...
STRANGER_SIMILARITY = 0.45  # ... and the meaning not close either: a decline (but see ``english``)


@dataclass(frozen=True)
class Evidence:
    coverage: float  # of the question's information, in the best quote's paragraph
    similarity: float | None  # cosine of the question and the quote; None without vectors
    # the closest of the few best quotes, and the most of the question's information any of
    # their paragraphs holds: the best quote may be further than another, a decline needs
    # them all to be far (None: the best quote's own)
    nearest: float | None = None
    widest: float | None = None
    support: float | None = None  # of the question's information, held by the quote word by word
    # ... of the information in its ordinary words alone, names and weak words ("people")
    # aside: "crew" in "how many crew were on the Aurelia Star?" (None without vectors)
    plain_support: float | None = 1.0
    # the question asks for one datum, a figure, a date, a person or a name, not an open
    # "why" or "what happened"
    asks_datum: bool = False
    # asked for a figure (a count), a date or a named body, the quote holds one
    holds_asked: bool = True
    # what is asked about ("how tall", "the population of"), a word the articles never use,
    # has something close to it in the quote
    focus_found: bool = True
    names_found: bool = True  # the question's two-word names stand in the paragraph as names
    echo: bool = False  # two words side by side in the question are side by side in the quote
    spelled_out: bool = False  # "what does X stand for": the quote writes X out in full
    in_quote: bool = False  # every word of the question is in the quote itself
    figure_near: bool = True  # the date or figure asked for is in the clause with what is asked
    # "how many complaints?": the quote puts a figure before what is counted ("4,117 complaints")
    count_given: bool = False
    # "when did the tunnel cave in?": the quote gives a date or a time in the clause with what
    # is asked ("At 3:40 in the morning on 12 August, a section of the tunnel collapsed")
    date_given: bool = False
    # a question of keywords ("haldin mayor name"; the quote holds the kind it ends on, or
    # holds_asked is False)
    keywords: bool = False
    # "who is X": a question that asks who someone is; the quote introduces X ("X, a former
    # minister"). Holding the question's words is not enough: "who is the president of Y?"
    asks_who: bool = False
    introduced: bool = False
    # the question repeats a phrase of the quote, three words or more that are not a name
    # ("what did she mean by 'waited long enough for light'"), and holds all its other words
    quoted: bool = False
    # ... and asks who said it ("who called the deal 'a gift to a foreign shareholder'?"), of a
    # quote that reports speech
    speaker_quoted: bool = False
    # asked what someone said ("what did X say about Y?"), the quote reports speech, and not
    # someone else's
    reports_speech: bool = True
    # the figures the question gives ("in 2021", "the 18 per cent demand") are in the quote's
    # paragraph
    figures_held: bool = True
    # every word of the question is a word of English (of the model's vocabulary) or of the
    # articles: a paraphrase in words of its own ("how many folks got taken into custody in
    # the big sweep?"), not a keyboard mash ("asdkj qwpe zzxv"), whose word pieces can come
    # as close to a passage in meaning
    english: bool = False
    # every name the question gives is in the articles: "what happened in Karachi?" is not
    # answered by a passage on Islamabad, however close the two come in meaning
    names_known: bool = True
    asks_said: bool = False
    # the asker guesses a figure ("like 400 million?", "was it forty something?") and the quote
    # gives one about as large ("roughly 420 million bees")
    guessed: bool = False


def _words_needed(similarity: float) -> float:
    """The share of its words an open question needs, its ordinary words mostly held: from
    SURE_SUPPORT at WORDS_SIMILARITY down to CLOSE_SUPPORT at SURE_SIMILARITY, the closer
    the meaning, the fewer."""
    closer = min(1.0, (similarity - WORDS_SIMILARITY) / (SURE_SIMILARITY - WORDS_SIMILARITY))
    return SURE_SUPPORT - closer * (SURE_SUPPORT - CLOSE_SUPPORT)


def holds_what_is_asked(e: Evidence) -> bool:
    """Nothing in the quote rules it out: a figure for "how many", the question's names as
    names ("United Nations", not "united" and "nations"), something near what is asked
    about ("how tall is the dam?"), speech for "what did X say?", the figures the question
    gives ("how many visitors came in 2021?")."""
    return (e.holds_asked and e.names_found and (e.focus_found or e.guessed) and e.reports_speech
            and e.figures_held and e.names_known)


def decide(e: Evidence) -> Outcome:
    if e.similarity is None or e.support is None:
        return Outcome.SURE if e.coverage >= MIN_COVERAGE else Outcome.DECLINE
    nearest = e.similarity if e.nearest is None else max(e.similarity, e.nearest)
    widest = e.coverage if e.widest is None else max(e.coverage, e.widest)
    # (not when the quote holds most of the question word by word, in close word pieces if
    # not in its terms: "fine amount" of "a fine of 90 lorns"; a keyboard mash holds a quarter
    # at most)
    if ((nearest < RELEVANT_SIMILARITY and widest < RELEVANT_COVERAGE) or (
            widest < STRANGER_COVERAGE and nearest < STRANGER_SIMILARITY and not e.english)
            ) and e.support < SURE_SUPPORT:
        return Outcome.DECLINE
    # not sure, and nothing even loosely close in meaning nor most of the question's words:
    # "who wrote pride and prejudice?" finds "wrote" in the articles, and nothing of what it asks
    unsure = (Outcome.DECLINE if nearest < FAR_SIMILARITY and e.support < SURE_SUPPORT
              else Outcome.TENTATIVE)
    if not holds_what_is_asked(e):
        return unsure
    close = ((e.similarity >= SURE_SIMILARITY and e.support >= SURE_SUPPORT)
             or (e.similarity >= CLOSE_SIMILARITY and e.support >= CLOSE_SUPPORT))
    if e.asks_datum:
        # a figure, a date, a person: the quote must hold what is asked about them, not
        # only the names ("how many crew were on the Aurelia Star?" of its price)
        close = close and e.plain_support >= PLAIN_SUPPORT
    else:
        # an open question ("why", "what happened") needs only the lesser share of its words
        # at the lesser closeness, if some of them are its ordinary words; and, when the quote
        # holds most of its ordinary words, only a loose closeness, with more of its words
        # the looser it is
        close = close or (e.similarity >= SURE_SIMILARITY and e.support >= CLOSE_SUPPORT
                          and e.plain_support >= PLAIN_SUPPORT) or (
            e.similarity >= WORDS_SIMILARITY and e.plain_support >= WORDS_PLAIN
            and e.support >= _words_needed(e.similarity))
    if (close
            or (e.in_quote and not e.asks_who and e.figure_near and e.similarity >= (
                ECHO_SIMILARITY if e.echo else FULL_SIMILARITY))
            or (e.quoted and e.support >= 1.0 and e.figure_near)
            or (e.asks_said and e.in_quote and e.reports_speech)
            or (e.count_given and e.support >= COUNT_SUPPORT)
            or (e.date_given and e.support >= DATE_SUPPORT and e.similarity >= ECHO_SIMILARITY)
            or (e.guessed and e.support >= CLOSE_SUPPORT)
            or (e.keywords and e.support >= 1.0)
            or e.spelled_out or e.introduced or e.speaker_quoted):
        return Outcome.SURE
    return unsure
