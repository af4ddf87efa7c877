"""End to end: a moderator adds an article from a link in SimCord's simulated Discord,
from a web server on 127.0.0.1 that the test owns."""

from __future__ import annotations

import json

import pytest
import simcord

from bot.chat.cogs import kb_admin
from bot.chat.errors import NotModerator, UserFacingError
from tests.botsim import World, kb_command_id, plain, shown_quotes, with_moderators
from tests.webpages import make_pdf, pdf_lines

CONVOYS = "Which tunnel did the relief convoys cross?"
TITLE = "Floods cut off the Chitral valley"
ARTICLE_ID = "floods-cut-off-the-chitral-valley"


@pytest.fixture
def simcord_bot(folder_bot):
    return folder_bot


@pytest.fixture
async def mods(world: World) -> World:
    return await with_moderators(world, ingest={"allow_private_addresses": True})


def articles(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "articles").iterdir())}


def embed_text(embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{f.name} {f.value}" for f in embed.fields]
    return plain("\n".join(parts))


async def test_a_moderator_adds_a_web_page_by_url_and_the_bot_quotes_it(mods: World, folder,
                                                                         web) -> None:
    before = articles(folder)
    preview = await mods.moderator.slash(mods.general, "kb add",
                                         url=web.url("/chitral-floods.html"))
    assert preview.ephemeral
    text = plain(preview.response.content)
    for shown in (f"Title: {TITLE}", "Publication: Valley Times", "Date: 2024-05-09",
                  "Link: https://valleytimes.example/2024/05/chitral-floods",
                  "Paragraphs: 4", "The Chitral river burst its banks", "Problems: none found",
                  "expires <t:"):
        assert shown in text, shown
    for noise in ("cookies", "Related stories", "Great reporting", "All rights reserved"):
        assert noise not in text
    assert articles(folder) == before  # nothing written before Add

    added = await mods.moderator.click(preview.response.message, label="Add")
    assert added.response.content.startswith(f"Added `{ARTICLE_ID}` ({TITLE}).")
    written = (folder / "articles" / f"{ARTICLE_ID}.md").read_text(encoding="utf-8")
    assert "title: Floods cut off the Chitral valley\n" in written
    assert "author: Sara Khan\n" in written and "date: '2024-05-09'\n" in written
    assert "cookies" not in written and "Great reporting" not in written

    answer = await mods.alice.slash(mods.general, "ask", question=CONVOYS)
    (embed,) = answer.response.embeds
    assert "Lowari tunnel" in shown_quotes(embed)[0]
    shown = embed_text(embed)
    assert TITLE in shown and "9 May 2024" in shown
    assert [r for r in mods.requests("POST", r".*/messages") if r.json
            and r.json.get("allowed_mentions") not in (None, {"parse": []})] == []


async def test_a_pdf_by_url_and_as_an_attachment(mods: World, folder, web) -> None:
    preview = await mods.moderator.slash(mods.general, "kb add", url=web.url("/torkham.pdf"),
                                         date="2024-10-20", publication="Border Desk Weekly")
    text = plain(preview.response.content)
    assert "Title: Torkham reopens" in text and "Date: 2024-10-20" in text
    assert "Publication: Border Desk Weekly" in text
    assert "The Torkham crossing reopened to trucks in October 2024" in text
    cancelled = await mods.moderator.click(preview.response.message, label="Cancel")
    assert cancelled.response.content == "Cancelled: nothing was written."
    assert not (folder / "articles" / "torkham-reopens.md").exists()

    pdf = make_pdf(pdf_lines(), title="Torkham reopens again")
    preview = await mods.moderator.slash(mods.general, "kb add", file=("torkham.pdf", pdf))
    assert "Title: Torkham reopens again" in plain(preview.response.content)
    added = await mods.moderator.click(preview.response.message, label="Add")
    assert added.response.content.startswith("Added `torkham-reopens-again`")
    answer = await mods.alice.slash(mods.general, "ask",
                                    question="How many containers waited at Landi Kotal?")
    assert "four thousand containers" in shown_quotes(answer.response.embeds[0])[0]


async def test_cancel_writes_nothing(mods: World, folder, web) -> None:
    before = articles(folder)
    preview = await mods.moderator.slash(mods.general, "kb add",
                                         url=web.url("/chitral-floods.html"))
    cancelled = await mods.moderator.click(preview.response.message, label="Cancel")
    assert cancelled.response.content == "Cancelled: nothing was written."
    assert articles(folder) == before
    assert mods.bot.store.audit() == []


async def test_the_preview_is_only_the_moderators_and_says_when_it_has_expired(
        mods: World, folder, web) -> None:
    before = articles(folder)
    preview = await mods.moderator.slash(mods.general, "kb add",
                                         url=web.url("/chitral-floods.html"))
    with pytest.raises(simcord.SetupError, match="not visible to this user"):
        await mods.bob.click(preview.response.message, label="Add")  # ephemeral: the asker's
    await mods.env.advance_time(kb_admin.CONFIRM_SECONDS + 1)
    text = preview.response.content
    assert text.startswith(f"This preview of `{ARTICLE_ID}` has expired: nothing was written.")
    assert not preview.response.components
    assert articles(folder) == before


async def test_a_non_moderator_cannot_add_by_url(mods: World, folder, web) -> None:
    mods.guild.set_command_permissions(await kb_command_id(mods), {mods.guild.default_role: True})
    before = articles(folder)
    result = await mods.alice.slash(mods.general, "kb add", url=web.url("/chitral-floods.html"))
    assert result.response.content.startswith("Only moderators can use this command")
    assert articles(folder) == before
    assert not web.requests  # not even fetched
    assert mods.handled_errors() == [NotModerator]


@pytest.mark.parametrize(("path", "reason"), [
    ("/to-metadata", "169.254.169.254 is a link-local address: not fetched"),
    ("/to-intranet", "10.0.0.1 is a private address: not fetched"),
    ("/big-declared.html", "the limit is 5,242,880"),
    ("/big-streamed.html", "more than 5,242,880 bytes"),
    ("/image.png", "the link gives image/png; only HTML, PDF or plain text can be added"),
    ("/loop", "more than 5 redirects"),
    ("/to-ftp", "only http and https links can be fetched"),
    ("/missing.html", "the server answered 404"),
])
async def test_bad_links_are_refused_with_their_reason(mods: World, folder, web, path,
                                                       reason) -> None:
    before = articles(folder)
    result = await mods.moderator.slash(mods.general, "kb add", url=web.url(path))
    assert result.ephemeral
    text = plain(result.response.content)
    assert "was not added; nothing was written: " in text and reason in text, text
    assert len(text.splitlines()) == 1
    assert not result.response.message.components  # no Add button
    assert articles(folder) == before


async def test_without_the_test_switch_a_loopback_link_is_refused(world: World, folder,
                                                                   web) -> None:
    world.configure(discord={"moderator_role_ids": (world.moderator_role.id,)})
    world.guild.set_command_permissions(await kb_command_id(world), {world.moderator_role: True})
    result = await world.moderator.slash(world.general, "kb add",
                                         url=web.url("/chitral-floods.html"))
    assert "127.0.0.1 is a loopback address: not fetched" in plain(result.response.content)
    assert not web.requests


async def test_a_duplicate_is_refused_naming_the_article_unless_replace(mods: World, folder,
                                                                        web) -> None:
    preview = await mods.moderator.slash(mods.general, "kb add",
                                         url=web.url("/chitral-floods.html"))
    await mods.moderator.click(preview.response.message, label="Add")
    before = articles(folder)

    # the same page under another address: the same canonical link
    again = await mods.moderator.slash(mods.general, "kb add", url=web.url("/moved"))
    text = plain(again.response.content)
    assert f"already in the knowledge base as '{ARTICLE_ID}' (the same link)" in text
    assert "replace" in text and not again.response.message.components
    # the same text with the moderator's own link: the same text
    again = await mods.moderator.slash(mods.general, "kb add",
                                       url=web.url("/chitral-floods.html"),
                                       article_id="chitral-copy")
    assert f"as '{ARTICLE_ID}'" in plain(again.response.content)
    assert articles(folder) == before

    # replace: the new version takes the old one's place and keeps its id
    replaced = await mods.moderator.slash(mods.general, "kb add", url=web.url("/moved"),
                                          replace=True, title="Chitral floods, updated")
    assert f"`{ARTICLE_ID}` (replaces `{ARTICLE_ID}`)" in replaced.response.content
    done = await mods.moderator.click(replaced.response.message, label="Add")
    assert done.response.content.startswith(f"Replaced `{ARTICLE_ID}`")
    assert sorted(articles(folder)) == sorted(before)
    assert "title: Chitral floods, updated" in (folder / "articles" / f"{ARTICLE_ID}.md").read_text()
    # with an id of its own, it replaces the duplicate under that id
    again = await mods.moderator.slash(mods.general, "kb add", url=web.url("/moved"),
                                       replace=True, article_id="chitral-2024")
    done = await mods.moderator.click(again.response.message, label="Add")
    assert done.response.content.startswith("Replaced `chitral-2024`")
    assert sorted(articles(folder)) == sorted(
        [n for n in before if n != f"{ARTICLE_ID}.md"] + ["chitral-2024.md"])


async def test_the_preview_lists_problems(mods: World, web) -> None:
    links = await mods.moderator.slash(mods.general, "kb add", url=web.url("/archive.html"))
    assert "looks like a list of links" in plain(links.response.content)
    french = await mods.moderator.slash(mods.general, "kb add", url=web.url("/francais.html"))
    text = plain(french.response.content)
    assert "not English: the language is 'fr'" in text and "too short" in text


async def test_add_needs_a_url_or_a_file(mods: World) -> None:
    result = await mods.moderator.slash(mods.general, "kb add")
    assert result.response.content.startswith("Give a url, or attach a file")
    assert mods.handled_errors() == [UserFacingError]


def test_the_fixture_pdf_is_read_by_pypdf() -> None:
    from bot.kb.ingest.extract import from_pdf

    extracted = from_pdf(make_pdf(pdf_lines()))
    assert (extracted.title, extracted.author, extracted.date) == (
        "Torkham reopens", "Border Desk", "2024-10-21")
    assert len(extracted.paragraphs) == 2
    assert json.dumps(extracted.paragraphs)  # plain strings
