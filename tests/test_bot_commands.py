"""End to end: slash commands and buttons, with the real discord.py client in SimCord."""

from __future__ import annotations

import importlib
import logging
import re

from bot.chat.client import EXTENSIONS
from bot.chat.errors import OnCooldown, UserFacingError
from tests.botsim import BrokenService, World, plain, shown_quotes

DEPORT = "Why is Pakistan deporting Afghan refugees?"
ARTICLE = "pakistan-disillusioned-with-taliban"


def button_labels(message) -> list[str]:
    """The labels (or emoji) of a message's buttons, from a discord.py or a SimCord message."""
    labels = []
    for row in message.components:
        for c in row["components"] if isinstance(row, dict) else row.children:
            if isinstance(c, dict):
                labels.append(c.get("label") or c["emoji"]["name"])
            else:
                labels.append(c.label or str(c.emoji))
    return labels


def button_id(message, label: str) -> str:
    """The custom id of the button with this label or emoji."""
    for row in message.components:
        for c in row.children:
            if label in (c.label, str(c.emoji)):
                return c.custom_id
    raise AssertionError(f"no button {label!r}")


async def test_every_command_and_option_has_a_description(world: World) -> None:
    commands = world.bot.tree.get_commands()
    assert sorted(c.name for c in commands) == ["ask", "help", "kb", "search", "source", "sources"]
    for command in world.bot.tree.walk_commands():
        assert command.description and command.description != "…", command.qualified_name
        for parameter in getattr(command, "parameters", []):
            assert parameter.description and parameter.description != "…", parameter.name
    assert set(world.alice.available_commands(world.general)) >= {
        "ask", "search", "source", "sources", "help"}


async def test_each_extension_holds_a_setup_and_names_do_not_collide(world: World) -> None:
    names: list[str] = []
    for extension in EXTENSIONS:
        module = importlib.import_module(extension)
        assert callable(module.setup)
        for cog in world.bot.cogs.values():
            if type(cog).__module__ == extension:
                names += [c.name for c in cog.walk_app_commands()]
    assert len(names) == len(set(names))
    assert sorted(names) == ["add", "ask", "gaps", "help", "refresh", "remove", "search",
                             "source", "sources", "status"]


async def test_ask_posts_a_public_cited_answer(world: World, answerer) -> None:
    result = await world.alice.slash(world.general, "ask", question=DEPORT)

    callback = [r for r in world.env.http_requests if r.path.endswith("/callback")]
    assert [r.json["type"] for r in callback] == [5]  # deferred: "citebot is thinking…"
    assert not result.ephemeral
    response = result.response
    assert response is not None and not response.ephemeral
    (embed,) = response.embeds
    assert embed.title == DEPORT
    quotes = shown_quotes(embed)
    expected = [e.quote for e in answerer.answer(DEPORT).excerpts]
    assert quotes == expected[:len(quotes)]
    assert button_labels(response) == ["More excerpts", "Full paragraph", "👍", "👎"]
    followups = [r for r in world.env.http_requests
                 if r.method in ("POST", "PATCH") and "/webhooks/" in r.path]
    assert followups and all(r.json["allowed_mentions"] == {"parse": []} for r in followups)


async def test_a_reply_to_an_ask_answer_follows_up(world: World) -> None:
    result = await world.alice.slash(world.general, "ask",
                                     question="Who was the ISI chief who went to Kabul?")
    await world.bob.send(world.general, "what did he promise?", reply_to=result.response.message)
    last = world.general.history()[-1]
    assert last.author.id == world.bot.user.id
    assert "everything will be okay" in shown_quotes(last.embeds[0])[0]


async def test_more_excerpts_and_full_paragraph_buttons(world: World, answerer) -> None:
    question = "What did Pakistan want from the Taliban?"
    result = await world.alice.slash(world.general, "ask", question=question)
    answer = answerer.answer(question, max_excerpts=6)
    assert len(answer.excerpts) > 3, "the test needs a question with more than three excerpts"

    more = await world.bob.click(result.response.message, label="More excerpts")
    assert more.ephemeral
    (embed,) = more.response.embeds
    assert shown_quotes(embed) == [e.quote for e in answer.excerpts[3:]]
    assert embed.fields[0].name.startswith("[4] ")

    full = await world.bob.click(result.response.message, label="Full paragraph")
    assert full.ephemeral
    first = answer.excerpts[0]
    text = plain(" ".join(e.description for e in full.response.embeds))
    assert text == first.passage.text
    shown = " ".join(e.description for e in full.response.embeds)
    bold = " ".join(plain(run) for run in re.findall(r"\*\*(.+?)\*\*", shown))
    assert bold == first.passage.text[first.start:first.end]  # the quoted sentences stand out
    assert any(f.name.startswith("Source: ") for e in full.response.embeds for f in e.fields)


async def test_feedback_buttons_store_one_vote_per_user(world: World) -> None:
    result = await world.alice.slash(world.general, "ask", question=DEPORT)
    message = result.response.message
    store = world.bot.store
    qid = store.question_for_reply(message.id).id

    up, down = button_id(message, "👍"), button_id(message, "👎")
    thanks = await world.alice.click(message, custom_id=up)
    assert thanks.ephemeral and thanks.response.content.startswith("Thanks")
    await world.alice.click(message, custom_id=up)  # the same vote again counts once
    await world.bob.click(message, custom_id=down)
    assert store.feedback_counts(qid) == (1, 1)
    await world.alice.click(message, custom_id=down)  # alice changes her mind
    assert store.feedback_counts(qid) == (0, 2)
    record = store.question(qid)
    assert (record.question, record.kind, record.answered) == (DEPORT, "ask", True)


async def test_search_pages_and_posts_a_passage(world: World) -> None:
    result = await world.alice.slash(world.general, "search", query="Taliban Pakistan")
    assert result.ephemeral
    page_one = result.response
    (embed,) = page_one.embeds
    assert embed.title == "Search: Taliban Pakistan"
    assert embed.footer.text.startswith("Page 1 of ")
    assert embed.description.startswith("**1.** ")
    assert button_labels(page_one) == ["◀ Previous", "Next ▶", "Post 1", "Post 2", "Post 3"]
    assert page_one.message.components[0].children[0].disabled

    turned = await world.alice.click(page_one.message, label="Next ▶")
    page_two = turned.response
    assert page_two.embeds[0].footer.text.startswith("Page 2 of ")
    assert page_two.embeds[0].description.startswith("**4.** ")
    assert "Post 4" in button_labels(page_two)

    posted = await world.alice.click(page_two.message, label="Post 4")
    assert not posted.ephemeral
    shared = posted.response
    assert shared.content.startswith("alice shared a passage")
    assert shared.embeds[0].title.startswith("Untitled article")
    public = world.general.history()[-1]
    assert public.id == shared.id


async def test_search_with_no_match_says_so(world: World) -> None:
    result = await world.alice.slash(world.general, "search", query="zebra giraffe")
    assert result.ephemeral
    assert "No passage matches" in result.response.embeds[0].description
    assert result.response.components == []


async def test_source_shows_a_whole_paragraph_with_autocomplete(world: World, kb) -> None:
    choices = await world.alice.autocomplete(world.general, "source", "article", "disill")
    assert [c["value"] for c in choices] == [ARTICLE]
    numbers = await world.alice.autocomplete(world.general, "source", "paragraph", "1",
                                             article=ARTICLE)
    assert [c["value"] for c in numbers][:3] == ["1", "10", "11"]

    result = await world.alice.slash(world.general, "source", article=ARTICLE, paragraph="5")
    assert not result.ephemeral
    passage = kb.passage(ARTICLE, 5)
    assert plain(" ".join(e.description for e in result.response.embeds)) == passage.text
    assert result.response.embeds[0].title.endswith("— paragraph 5")


async def test_source_explains_a_wrong_article_or_paragraph(world: World) -> None:
    wrong = await world.alice.slash(world.general, "source", article="nope", paragraph="1")
    assert wrong.ephemeral and "No article has the id “nope”" in wrong.response.content
    missing = await world.alice.slash(world.general, "source", article=ARTICLE, paragraph="99")
    assert missing.ephemeral
    assert "has no paragraph “99”" in missing.response.content
    assert "paragraphs 1 to" in missing.response.content
    assert world.handled_errors() == [UserFacingError, UserFacingError]


async def test_sources_and_help(world: World) -> None:
    sources = await world.alice.slash(world.general, "sources")
    assert sources.ephemeral
    assert f"`{ARTICLE}`" in sources.response.embeds[0].description
    helped = await world.alice.slash(world.general, "help")
    assert helped.ephemeral
    description = helped.response.embeds[0].description
    assert "exact quotes" in description and "channels I watch" in description
    assert "*tell me more*" in description and "**Edit**" in description


async def test_ask_on_cooldown_is_told_when_to_try_again(world: World) -> None:
    world.configure(cooldown={"questions": 1, "per_seconds": 60})
    await world.alice.slash(world.general, "ask", question=DEPORT)
    again = await world.alice.slash(world.general, "search", query="Durand Line")
    assert again.ephemeral
    assert again.response.content.startswith("You're asking quickly: please wait")
    assert world.handled_errors() == [OnCooldown]


async def test_an_everyone_question_in_ask_pings_nobody(world: World) -> None:
    result = await world.alice.slash(world.general, "ask",
                                     question=f"@everyone {world.moderator_role.mention} {DEPORT}")
    message = result.response.message
    assert message.embeds and not message.mention_everyone and message.role_mentions == []


async def test_an_error_in_a_command_apologises_and_logs(world: World, caplog) -> None:
    world.bot.service = BrokenService(world.bot.service.folder, world.bot.service.answerer)
    with caplog.at_level(logging.ERROR, logger="bot"):
        result = await world.alice.slash(world.general, "ask", question=DEPORT)

    reply = result.followups[-1] if result.followups else result.response
    assert reply.content.startswith("Sorry, something went wrong")
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    message = record.getMessage()
    assert "app command ask" in message
    assert str(world.guild.id) in message and str(world.general.id) in message
    world.env.errors  # noqa: B018 (acknowledges the recorded error for SimCord's teardown)


async def test_a_known_problem_gets_a_short_ephemeral_explanation(world: World, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="bot"):
        result = await world.alice.slash(world.general, "ask", question="why " * 200)
    assert result.ephemeral
    assert result.response.content == "That question is 799 characters long; please ask in at most 500."
    assert world.handled_errors() == [UserFacingError]
    assert caplog.records == []  # a known problem is not logged as an error
