"""End to end: asking in chat, with the real discord.py client in SimCord's simulated Discord."""

from __future__ import annotations

import logging

from tests.botsim import BrokenService, World, plain, shown_quotes

DURAND = "When was the Durand Line drawn?"


def bot_messages(world: World, channel) -> list:
    return [m for m in channel.history() if m.author.id == world.bot.user.id]


async def test_a_mention_gets_a_cited_answer_as_a_reply(world: World, answerer) -> None:
    question = await world.alice.send(world.general, f"{world.bot.user.mention} {DURAND}")

    (reply,) = bot_messages(world, world.general)
    assert reply.reference is not None and reply.reference.message_id == question.id
    (embed,) = reply.embeds
    assert embed.title == DURAND
    quotes = shown_quotes(embed)
    expected = answerer.answer(DURAND).excerpts
    assert quotes == [e.quote for e in expected[:len(quotes)]]
    assert "1893" in quotes[0]
    for quote, excerpt in zip(quotes, expected, strict=False):  # verbatim from the passage
        assert quote.strip("…") in excerpt.passage.text
    assert "**Durand**" in embed.description  # matched words in bold
    source = embed.fields[0]
    assert source.name.startswith("[1] ")
    assert "paragraph 5" in source.value and "Nov 2023" in source.value
    assert "Places: Durand Line" in source.value
    assert "<https://indiandefensenews.in/" in source.value
    assert embed.footer.text.startswith("Matched: durand line, drawn")
    labels = [c.label or str(c.emoji) for row in reply.components for c in row.children]
    more = ["More excerpts"] if len(answerer.answer(DURAND, max_excerpts=6).excerpts) > 3 else []
    assert labels == [*more, "Full paragraph", "👍", "👎"]  # "More" only when there are more

    (typing,) = world.requests("POST", rf"/channels/{world.general.id}/typing")
    assert typing is not None
    (post,) = world.requests("POST", rf"/channels/{world.general.id}/messages")
    assert post.json["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_only_addressed_messages_are_answered(world: World) -> None:
    await world.alice.send(world.general, DURAND)  # no mention, not a watched channel
    await world.alice.send(world.watched, "I read the article on the border yesterday.")  # no question
    assert bot_messages(world, world.general) == []
    assert bot_messages(world, world.watched) == []


async def test_small_talk_in_a_watched_channel_is_left_alone(world: World) -> None:
    await world.alice.send(world.watched, "hey how's everyone doing today?")
    assert bot_messages(world, world.watched) == []
    await world.alice.send(world.watched, f"{world.bot.user.mention} how's everyone doing today?")
    (reply,) = bot_messages(world, world.watched)  # addressed: the friendly pointer
    assert reply.content.startswith("Hi!")


async def test_a_question_in_a_watched_channel_needs_no_mention(world: World) -> None:
    await world.alice.send(world.watched, "why is pakistan deporting afghan refugees")

    (reply,) = bot_messages(world, world.watched)
    quotes = shown_quotes(reply.embeds[0])
    assert any("Afghan" in q for q in quotes)


async def test_a_reply_to_an_answer_follows_up_on_its_question(world: World) -> None:
    await world.alice.send(world.general,
                           f"{world.bot.user.mention} Who was the ISI chief who went to Kabul?")
    (first,) = bot_messages(world, world.general)
    assert "Faiz" in shown_quotes(first.embeds[0])[0]

    await world.bob.send(world.general, "what did he promise?", reply_to=first)

    second = bot_messages(world, world.general)[-1]
    assert second.id != first.id
    assert "everything will be okay" in shown_quotes(second.embeds[0])[0]
    # and the follow-up of the follow-up still knows what it is about
    await world.alice.send(world.general, "who did he assure?", reply_to=second)
    third = bot_messages(world, world.general)[-1]
    assert third.embeds and "people of Pakistan" in " ".join(shown_quotes(third.embeds[0]))


async def test_a_reply_of_question_words_alone_asks_them_of_the_answer(world: World) -> None:
    await world.alice.send(world.general,
                           f"{world.bot.user.mention} When was the Durand Line drawn?")
    (first,) = bot_messages(world, world.general)
    await world.bob.send(world.general, "why?", reply_to=first)
    second = bot_messages(world, world.general)[-1]
    assert second.id != first.id and second.embeds, second.content  # a cited answer
    assert "Durand" in " ".join(shown_quotes(second.embeds[0]))


async def test_tell_me_more_in_reply_shows_the_next_excerpts(world: World, answerer) -> None:
    question = "Why is Pakistan deporting Afghan refugees?"
    await world.alice.send(world.general, f"{world.bot.user.mention} {question}")
    (first,) = bot_messages(world, world.general)
    await world.bob.send(world.general, "tell me more", reply_to=first)
    second = bot_messages(world, world.general)[-1]
    assert second.id != first.id and second.reference.message_id != first.id
    (embed,) = second.embeds
    assert embed.title == f"More on: {question}"
    quotes = shown_quotes(embed)
    further = [e.quote for e in answerer.answer(question, max_excerpts=6).excerpts[3:]]
    assert quotes and quotes == further[:len(quotes)]
    assert not set(quotes) & set(shown_quotes(first.embeds[0]))
    assert embed.fields[0].name.startswith("[4] ")  # numbered on from the answer's three
    labels = [c.label or str(c.emoji) for row in second.components for c in row.children]
    assert labels == ["👍", "👎"]
    # more of the more: nothing further to show, said in a line
    await world.alice.send(world.general, "more?", reply_to=second)
    third = bot_messages(world, world.general)[-1]
    assert third.embeds == [] and "no further excerpts" in third.content
    # and a question in reply to the further excerpts is still about the earlier question
    await world.alice.send(world.general, "why?", reply_to=second)
    fourth = bot_messages(world, world.general)[-1]
    assert fourth.embeds and "deport" in " ".join(shown_quotes(fourth.embeds[0])).lower()
    for post in world.requests("POST", rf"/channels/{world.general.id}/messages"):
        assert post.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    # "anything else?" said to someone else in a watched channel is not for the bot
    await world.alice.send(world.watched, "anything else?")
    assert bot_messages(world, world.watched) == []


async def test_a_reply_to_someone_else_is_not_a_follow_up(world: World) -> None:
    other = await world.bob.send(world.general, "Who was the ISI chief who went to Kabul?")
    await world.alice.send(world.general, "what did he promise?", reply_to=other)
    assert bot_messages(world, world.general) == []


async def test_direct_messages_are_answered_when_enabled(world: World) -> None:
    user = world.alice.user
    await user.send_dm(DURAND)
    (reply,) = bot_messages(world, user.dm_channel)
    assert "1893" in shown_quotes(reply.embeds[0])[0]

    world.configure(discord={"answer_in_dms": False})
    await user.send_dm("Why is Pakistan deporting Afghan refugees?")
    assert len(bot_messages(world, user.dm_channel)) == 1


async def test_small_talk_gets_a_friendly_pointer(world: World) -> None:
    await world.alice.send(world.general, f"hi {world.bot.user.mention}!")
    (reply,) = bot_messages(world, world.general)
    assert reply.embeds == []
    assert reply.content.startswith("Hi!") and "/ask" in reply.content
    assert reply.components == []


async def test_an_uncovered_question_is_declined_with_what_was_missing(world: World) -> None:
    await world.alice.send(world.general,
                           f"{world.bot.user.mention} What is the capital of Peru?")
    (reply,) = bot_messages(world, world.general)
    assert reply.embeds == []
    assert "could not find" in reply.content
    assert "“peru”" in reply.content.lower()
    assert "/search" in reply.content


async def test_who_wrote_the_article_is_told_which_it_is(world: World) -> None:
    await world.alice.send(world.general, f"{world.bot.user.mention} who wrote this article?")
    (reply,) = bot_messages(world, world.general)
    assert reply.embeds == [] and reply.content.startswith("I quote this article:")
    assert "(<https://" in reply.content and "`/sources`" in reply.content


async def test_the_cooldown_says_when_to_try_again(world: World) -> None:
    world.configure(cooldown={"questions": 1, "per_seconds": 60})
    mention = world.bot.user.mention
    await world.alice.send(world.general, f"{mention} {DURAND}")
    await world.alice.send(world.general, f"{mention} Why is Pakistan deporting Afghan refugees?")

    first, second = bot_messages(world, world.general)
    assert first.embeds
    assert second.content.startswith("You're asking quickly: please wait")
    assert " s and try again" in second.content
    # another user is not held back
    await world.bob.send(world.general, f"{mention} Why is Pakistan deporting Afghan refugees?")
    assert bot_messages(world, world.general)[-1].embeds


async def test_everyone_and_role_mentions_in_a_question_ping_nobody(world: World) -> None:
    role = world.moderator_role.mention
    await world.alice.send(
        world.general,
        f"{world.bot.user.mention} @everyone {role} <@{world.bob.id}> why is pakistan deporting "
        "afghan refugees?")
    (reply,) = bot_messages(world, world.general)
    assert reply.embeds
    assert not reply.mention_everyone
    assert reply.mentions == [] and reply.role_mentions == []
    (post,) = world.requests("POST", rf"/channels/{world.general.id}/messages")
    assert post.json["allowed_mentions"]["parse"] == []

    # a declined question that repeats the mentions does not ping either
    await world.alice.send(world.general, f"{world.bot.user.mention} @everyone {role} zebra?")
    declined = bot_messages(world, world.general)[-1]
    assert not declined.mention_everyone and declined.role_mentions == []
    assert "@everyone" not in plain(declined.content).replace("@\u200beveryone", "")


async def test_an_overlong_question_is_refused(world: World) -> None:
    await world.alice.send(world.general, f"{world.bot.user.mention} why " + "border " * 200)
    (reply,) = bot_messages(world, world.general)
    assert "please ask in at most 500" in reply.content


async def test_bots_are_ignored(world: World) -> None:
    robot = world.guild.add_member(world.env.create_user("robot", bot=True))
    await robot.send(world.general, f"{world.bot.user.mention} {DURAND}")
    assert bot_messages(world, world.general) == []


async def test_an_error_while_answering_apologises_and_logs_the_ids(world: World, caplog) -> None:
    world.bot.service = BrokenService(world.bot.service.folder, world.bot.service.answerer)
    with caplog.at_level(logging.ERROR, logger="bot"):
        await world.alice.send(world.general, f"{world.bot.user.mention} {DURAND}")

    (reply,) = bot_messages(world, world.general)
    assert reply.content.startswith("Sorry, something went wrong")
    assert "fire" not in reply.content
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert str(world.guild.id) in record.getMessage()
    assert str(world.general.id) in record.getMessage()
    assert record.exc_info and "on fire" in str(record.exc_info[1])
    world.env.errors  # noqa: B018 (acknowledges the recorded error for SimCord's teardown)


async def test_the_closest_passages_are_marked_as_not_sure(world: World, answerer) -> None:
    near_miss = "when was the ttp founded?"
    assert answerer.answer(near_miss).tentative
    await world.alice.send(world.general, f"{world.bot.user.mention} {near_miss}")

    (reply,) = bot_messages(world, world.general)
    (embed,) = reply.embeds
    assert embed.description.startswith("⚠️ **Not sure these answer your question.**")
    assert embed.colour.value == 0xD69E2E  # amber, not the sure answer's blue
    assert shown_quotes(embed)  # the closest passages, each still a verbatim quote
    sure = await world.alice.send(world.general, f"{world.bot.user.mention} {DURAND}")
    answer = [m for m in bot_messages(world, world.general) if m.reference.message_id == sure.id]
    assert "Not sure" not in answer[0].embeds[0].description


async def test_tldr_shows_each_articles_own_summary(world: World, answerer) -> None:
    await world.alice.send(world.general, f"{world.bot.user.mention} tldr?")
    (reply,) = bot_messages(world, world.general)
    (embed,) = reply.embeds
    assert embed.description.startswith("*What the article is about, in its own words.*")
    (quote,) = shown_quotes(embed)
    (excerpt,) = answerer.answer("tldr?").excerpts
    assert quote == excerpt.quote and quote in excerpt.passage.text
    assert embed.fields[0].name.startswith("[1] ") and "standfirst" in embed.fields[0].value


async def test_questions_to_the_bot_and_complaints_get_a_line_not_a_search(world: World) -> None:
    await world.alice.send(world.general, f"{world.bot.user.mention} what can you do?")
    (about,) = bot_messages(world, world.general)
    assert about.embeds == [] and about.components == []
    assert "quotes from the 1 article I know" in about.content and "`/help`" in about.content
    await world.alice.send(world.general, f"{world.bot.user.mention} {DURAND}")
    answer = bot_messages(world, world.general)[-1]
    await world.bob.send(world.general, "that's not what i asked", reply_to=answer)
    complaint = bot_messages(world, world.general)[-1]
    assert complaint.embeds == [] and complaint.content.startswith("Sorry that did not help.")
    assert "passed it to the moderators" in complaint.content  # in reply: a 👎 of that answer
    earlier = world.bot.store.question_for_reply(answer.id)
    assert world.bot.store.feedback_counts(earlier.id) == (0, 1)
    await world.bob.send(world.general, "wrong answer", reply_to=answer)  # one vote a user
    assert world.bot.store.feedback_counts(earlier.id) == (0, 1)
    await world.alice.send(world.general, f"{world.bot.user.mention} you're wrong")  # of nothing
    assert "press 👎 under the answer" in bot_messages(world, world.general)[-1].content
    await world.bob.send(world.general, f"{world.bot.user.mention} ok bye")
    assert bot_messages(world, world.general)[-1].content.startswith("Bye!")
    for post in world.requests("POST", rf"/channels/{world.general.id}/messages"):
        assert post.json["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_an_edited_question_is_answered_again_in_the_same_reply(world: World) -> None:
    me = world.bot.user.mention
    question = await world.alice.send(world.general, f"{me} wen was the durand line drawn")
    (reply,) = bot_messages(world, world.general)
    assert "1893" in " ".join(shown_quotes(reply.embeds[0]))
    await world.alice.edit(question, f"{me} Why is Pakistan deporting Afghan refugees?")
    (edited,) = bot_messages(world, world.general)  # the same reply, answered again
    assert edited.id == reply.id
    assert edited.embeds[0].title == "Why is Pakistan deporting Afghan refugees?"
    assert any("Afghan" in q for q in shown_quotes(edited.embeds[0]))
    assert [c.label for row in edited.components for c in row.children if c.label]
    # edited into thanks: the embed and its buttons give way to a line
    await world.alice.edit(question, f"{me} thanks!")
    (line,) = bot_messages(world, world.general)
    assert line.id == reply.id and line.embeds == [] and line.components == []
    assert line.content.startswith("You're welcome")
    patches = world.requests("PATCH", rf"/channels/{world.general.id}/messages/{reply.id}")
    assert len(patches) == 2
    for patch in patches:  # (an edit is no reply: no replied_user to leave out)
        assert patch.json["allowed_mentions"] == {"parse": []}
    # the question deleted: its answer goes with it
    await world.alice.delete(question)
    assert bot_messages(world, world.general) == []


async def test_edits_that_change_nothing_or_come_late_are_left_alone(world: World,
                                                                     monkeypatch) -> None:
    from bot.chat.cogs import ask

    chat = await world.alice.send(world.general, "just chatting")  # never answered
    await world.alice.edit(chat, f"still chatting, {world.bot.user.mention}?")
    assert bot_messages(world, world.general) == []
    question = await world.alice.send(world.general, f"{world.bot.user.mention} {DURAND}")
    (reply,) = bot_messages(world, world.general)
    await world.alice.edit(question, f"{world.bot.user.mention} {DURAND}")  # the same words
    monkeypatch.setattr(ask, "EDIT_WINDOW", -1.0)  # ... and, later on, other words
    await world.alice.edit(question, f"{world.bot.user.mention} Why is Pakistan deporting "
                                     "Afghan refugees?")
    await world.alice.delete(question)
    (still,) = bot_messages(world, world.general)
    assert still.id == reply.id and "1893" in " ".join(shown_quotes(still.embeds[0]))
    assert world.requests("PATCH", rf"/channels/{world.general.id}/messages/{reply.id}") == []
