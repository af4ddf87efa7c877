"""Rendering answers for Discord: escaping, bold matches, and Discord's size limits."""

from __future__ import annotations

from dataclasses import replace

import discord

from bot.chat import render
from bot.chat.markup import strip_markup
from bot.kb import Answer, Answerer, Excerpt, build_knowledge_base
from bot.kb.passages import pack_spans
from tests.botsim import plain, shown_quotes
from tests.conftest import article_text

TRICKY = ("Officials said *nothing* about __it__, ~~really~~, `code`, > quotes, "
          "@everyone and <@123> or <@&456>.")


def long_answer(make_folder, sentences: int, length: int) -> tuple[Answer, Answerer]:
    """An answer whose quotes are whole, very long paragraphs (the engine never makes these)."""
    paragraphs = [f"Paragraph {i} on the border. " + ("The Durand Line was disputed. " * (length // 31))
                  for i in range(sentences)]
    folder = make_folder({"long.md": article_text("long", "\n\n".join(paragraphs))})
    kb = build_knowledge_base(folder)
    excerpts = tuple(Excerpt(p, kb.articles["long"], p.text, 0, len(p.text), 1.0)
                     for p in kb.passages if p.number)
    return Answer("Durand Line?", True, excerpts, matched=("durand",)), Answerer(kb)


def test_quotes_show_exactly_as_printed(make_folder) -> None:
    folder = make_folder({"t.md": article_text("t", TRICKY)})
    kb = build_knowledge_base(folder)
    passage = kb.passages[0]
    excerpt = Excerpt(passage, kb.articles["t"], passage.text, 0, len(passage.text), 1.0,
                      highlights=((0, 9),))
    embed = render.answer_embed(Answer("q", True, (excerpt,)), kb.glossary)
    (quote,) = shown_quotes(embed)
    assert quote.replace("\u200b", "") == TRICKY  # escape_mentions adds a zero-width space
    assert embed.description.startswith("> **Officials**")
    assert "\\*nothing\\*" in embed.description and "\\_\\_it\\_\\_" in embed.description


def test_an_answer_that_does_not_fit_drops_whole_quotes(make_folder) -> None:
    answer, answerer = long_answer(make_folder, sentences=5, length=1900)
    embed = render.answer_embed(answer, answerer.kb.glossary)
    quotes = shown_quotes(embed)
    assert 1 <= len(quotes) < 5
    assert quotes == [e.quote for e in answer.excerpts[:len(quotes)]]  # whole, in order
    assert len(embed) <= render.EMBED_TOTAL_LIMIT
    assert len(embed.description) <= render.DESCRIPTION_LIMIT
    assert len(embed.fields) == len(quotes)


def test_a_long_paragraph_continues_over_several_embeds(make_folder) -> None:
    answer, answerer = long_answer(make_folder, sentences=1, length=9000)
    passage, article = answer.excerpts[0].passage, answer.excerpts[0].article
    embeds = render.passage_embeds(passage, article, answerer.kb.glossary)
    assert len(embeds) >= 2
    assert sum(len(e) for e in embeds) <= render.EMBED_TOTAL_LIMIT
    assert all(len(e.description) <= render.DESCRIPTION_LIMIT for e in embeds)
    shown = plain(" ".join(e.description for e in embeds))
    assert len(shown) > render.DESCRIPTION_LIMIT
    assert passage.text.startswith(shown) and shown.endswith(".")  # whole sentences, in order
    assert embeds[-1].footer.text == render.CONTINUES

    two = passage.sentences[:2]
    short = replace(passage, utf8=passage.text[:two[1][1]].encode(), spans=pack_spans(two))
    (embed,) = render.passage_embeds(short, article, answerer.kb.glossary)
    assert plain(embed.description) == short.text and embed.footer.text is None


def test_search_previews_and_titles_stay_within_limits(kb, answerer) -> None:
    hits = answerer.search("Taliban Pakistan border attacks refugees", 25)
    embed = render.search_embed("x" * 400, hits, 0, 5, kb.glossary)
    assert len(embed.title) == render.TITLE_LIMIT
    assert len(embed) <= render.EMBED_TOTAL_LIMIT
    assert embed.description.count("**") >= 2


def test_footer_names_what_matched_and_corrections(answerer) -> None:
    answer = answerer.answer("When was the Durrand Line drawn?")
    footer = render.footer_text(answer, "abc")
    assert footer.startswith("Matched: ")
    assert footer.endswith("read “durrand” as “durand” · knowledge vabc")


def test_decline_text_names_the_missing_words_and_suggests_search(answerer) -> None:
    text = render.decline_text(answerer.answer("What is the capital of Peru?"))
    assert "“peru”" in text.lower() and "/search" in text
    assert render.decline_text(answerer.answer("hi!")).startswith("Hi!")
    assert render.decline_text(answerer.answer("thanks thats all")).startswith("You're welcome!")
    assert len(render.decline_text(replace(answerer.answer("zebra"), missing=("x" * 3000,)))) \
        <= render.CONTENT_LIMIT


def test_no_mentions_allows_nothing() -> None:
    assert render.NO_MENTIONS.to_dict() == {"parse": []}
    assert isinstance(render.NO_MENTIONS, discord.AllowedMentions)


def test_strip_markup_keeps_only_the_words() -> None:
    assert strip_markup("<@1> @everyone <@&2> <#3> why  is <:kek:44> it </ask:5> @here?") == \
        "why is it ?"
    assert strip_markup("email me @ home") == "email me @ home"


def test_a_link_cannot_break_out_of_its_angle_brackets(make_folder) -> None:
    url = "https://example.org/a>b<c>?q=<@123>&x=1"
    folder = make_folder({"t.md": article_text("t", "The Durand Line was drawn in 1893.",
                                               url=f"'{url}'")})
    kb = build_knowledge_base(folder)
    passage = kb.passages[0]
    _, value = render.source_field(1, kb.articles["t"], passage, kb.glossary)
    shown = value.splitlines()[-1]
    assert shown == "<https://example.org/a%3Eb%3Cc%3E?q=%3C@123%3E&x=1>"
    listing = render.sources_embed(list(kb.articles.values()), {"t": 1}).description
    assert listing.endswith(" · <https://example.org/a%3Eb%3Cc%3E?q=%3C@123%3E&x=1>")
    assert render.link("https://example.org/plain") == "<https://example.org/plain>"


def test_decline_text_for_a_question_about_the_articles(answerer) -> None:
    text = render.decline_text(answerer.answer("who wrote this article?"))
    # the article's link without a preview, and where the whole list is
    assert "(<https://indiandefensenews.in/" in text and "`/sources`" in text, text
    many = Answer("who wrote it", False, reason="sources", source_count=7,
                  sources=("\u201cA_b\u201d, 2024 (https://example.org/a_b)",))
    text = render.decline_text(many)
    assert "\u201cA\\_b\u201d" in text and "<https://example.org/a_b>" in text  # (as typed)
    assert "and 6 more" in text
