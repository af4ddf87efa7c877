"""What an answer is: its quotes (``Excerpt``), its outcome and the message said with it
(``Answer``), and a whole passage found by a search (``Hit``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.kb.articles import Article
from bot.kb.glossary import About
from bot.kb.passages import Passage
from bot.kb.query import FAREWELLS, THANKS
from bot.kb.text import words


@dataclass(frozen=True)
class Excerpt:
    passage: Passage
    article: Article
    quote: str
    start: int  # the quote's span in passage.text (ellipses excluded)
    end: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # spans in ``quote`` of matched words

    def to_json(self) -> dict[str, object]:
        return {
            "quote": self.quote, "article": self.article.id,
            "title": self.article.display_title, "paragraph": self.passage.paragraph,
            "url": self.article.url, "score": round(self.score, 4),
            "publication": self.article.publication, "date": self.article.date,
            "author": self.article.author,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    excerpts: tuple[Excerpt, ...] = ()
    # when declined: "small_talk", "empty", "not_covered", "language", "sources" (a question
    # about the articles themselves: ``sources`` says which they are), "no_more" (asked for
    # more, with no further excerpts to show); when answered, "more": the further excerpts of
    # the earlier question, asked for in reply ("tell me more"); "summary": each article's own
    # summary ("tldr?", "what is this article about?"), ``source_count`` articles in all;
    # declined, "help": a question to the bot about itself ("what can you do?"), and
    # "complaint": a reply that the answer was wrong or no help ("that's not what i asked")
    reason: str | None = None
    matched: tuple[str, ...] = ()  # informative question words found in the best passage
    missing: tuple[str, ...] = ()  # informative question words not found there
    coverage: float = 0.0
    corrections: dict[str, str] = field(default_factory=dict)
    tentative: bool = False  # the closest passages, not sure to answer the question
    absent: tuple[str, ...] = ()  # question words the articles never contain
    similarity: float | None = None  # cosine of the question and the first quote
    # the newest articles' details ("title", author, publication, date), and how many there are
    sources: tuple[str, ...] = ()
    source_count: int = 0
    # what the articles are about (the glossary's ``about``), for the greeting and the help
    about: About | None = None

    @property
    def thanks(self) -> bool:
        """Small talk that thanks the bot ("thanks thats all"), not a greeting."""
        return self.reason == "small_talk" and not THANKS.isdisjoint(words(self.question))

    @property
    def farewell(self) -> bool:
        """Small talk that says goodbye ("ok bye", "good night"), not a greeting."""
        return (self.reason == "small_talk" and not self.thanks
                and not FAREWELLS.isdisjoint(words(self.question)))

    @property
    def message(self) -> str:
        """A short explanation for a declined or tentative answer."""
        if self.answered:
            if self.reason == "summary":
                if self.source_count == 1:
                    return "What the article is about, in its own words."
                more = self.source_count - len(self.excerpts)
                unshown = (f" {more} more {'article is' if more == 1 else 'articles are'} not shown."
                           if more > 0 else "")
                return "What the articles are about, in their own words, the newest first." + unshown
            if not self.tentative:
                return ""
            if self.absent:
                return (f"Not sure these answer it: the articles never mention {_listed(self.absent)}."
                        " These are the closest passages.")
            return "Not sure these answer it. These are the closest passages."
        topic = self.about.topic if self.about else "the articles I know"
        if self.thanks:
            return f"You're welcome! Ask me anything else about {topic}."
        if self.farewell:
            return f"Bye! Ask me about {topic} any time."
        if self.reason == "help":
            return what_i_do(self.source_count, self.about) + " Ask in your own words" + (
                _how_to_ask(self.about))
        if self.reason == "complaint":
            return ("Sorry that did not help. Ask again in other words; when the articles do not "
                    "cover a question, I say so.")
        if self.reason == "small_talk":
            return f"Hi! Ask me about {topic}" + _how_to_ask(self.about)
        if self.reason == "empty":
            return "That has no words I can search for. Ask a question in a few words."
        if self.reason == "language":
            return "The articles I know are in English: please ask in English."
        if self.reason == "sources":
            return sources_line(self)
        if self.reason == "no_more":
            return ("There are no further excerpts to show: ask a new question, or the same one "
                    "in other words.")
        if self.absent:
            return (f"The articles I know do not cover that: they never mention "
                    f"{_listed(self.absent)}. Try other words, or search the passages directly.")
        return ("The articles I know do not cover that: nothing in them answers it. "
                "Try other words, or search the passages directly.")

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question, "answered": self.answered, "tentative": self.tentative,
            "excerpts": [e.to_json() for e in self.excerpts],
            "reason": self.reason, "message": self.message,
            "matched": list(self.matched), "missing": list(self.missing),
            "absent": list(self.absent), "coverage": round(self.coverage, 3),
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "corrections": self.corrections,
        }


def _how_to_ask(about: About | None) -> str:
    """The end of "Ask me ...": the articles' example question, or where to start without one."""
    if about and about.example:
        return f", for example: \"{about.example}\""
    return ", or \"tldr?\" for what each article is about."


def what_i_do(articles: int, about: About | None) -> str:
    """What the bot does, from how many articles, on what: for "what can you do?"."""
    known = ("the articles I know (none yet)" if articles == 0 else
             f"the {articles} article{'' if articles == 1 else 's'} I know")
    on = f" about {about.topic}" if about else ""
    return (f"I answer questions{on} with quotes from {known}, each with its source, and I "
            "say so when they do not cover a question.")


def sources_line(answer: Answer) -> str:
    """Which articles the quotes come from, newest first, for a question about them."""
    if not answer.source_count:
        return "I know no articles yet, so I have nothing to quote."
    more = answer.source_count - len(answer.sources)
    listed = "; ".join(answer.sources) + (f"; and {more} more" if more > 0 else "")
    return (f"I quote {'this article' if answer.source_count == 1 else 'these articles'}: "
            f"{listed}. Ask me what {'it says' if answer.source_count == 1 else 'they say'}.")


def _listed(words: tuple[str, ...]) -> str:
    return ", ".join(f"\"{w}\"" for w in words[:6])


@dataclass(frozen=True)
class Hit:
    """A whole passage found by a search, with the matched words' spans in its text."""

    passage: Passage
    article: Article
    score: float
    highlights: tuple[tuple[int, int], ...] = ()
