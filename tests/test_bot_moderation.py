"""End to end: the moderators' /kb commands, in SimCord's simulated Discord."""

from __future__ import annotations

import pytest

from bot.chat.errors import NotModerator, UserFacingError
from bot.kb import build_knowledge_base
from tests.botsim import World, kb_command_id, make_bot, shown_quotes, with_moderators
from tests.conftest import NEW_ARTICLE, article_text

CHITRAL = "Which tunnel did the relief convoys cross?"


@pytest.fixture
def simcord_bot(folder_bot):
    return folder_bot


@pytest.fixture
async def mods(world: World) -> World:
    return await with_moderators(world)


async def test_a_moderator_adds_an_article_and_the_bot_quotes_it(mods: World, folder) -> None:
    before = await mods.alice.slash(mods.general, "ask", question=CHITRAL)
    assert not before.response.embeds  # not covered yet

    preview = await mods.moderator.slash(mods.general, "kb add",
                                         file=("chitral.md", NEW_ARTICLE.encode()))
    assert preview.ephemeral and "**Title:** Floods in Chitral" in preview.response.content
    assert not (folder / "articles" / "chitral-floods.md").exists()  # not before Add
    added = await mods.moderator.click(preview.response.message, label="Add")
    text = added.response.content
    assert text.startswith("Added `chitral-floods` (Floods in Chitral).")
    assert "added: `chitral-floods`" in text and "Passages: " in text
    assert (folder / "articles" / "chitral-floods.md").read_text() == NEW_ARTICLE

    after = await mods.alice.slash(mods.general, "ask", question=CHITRAL)
    assert "Lowari tunnel" in shown_quotes(after.response.embeds[0])[0]
    (entry, *_) = mods.bot.store.audit()
    assert (entry.actor, entry.actor_id, entry.action) == ("mod", mods.moderator.id, "refresh")
    assert any(e.action == "added" and e.detail.startswith("chitral-floods") for e in
               mods.bot.store.audit())
    stamp = mods.bot.store.stamp()  # for the bot's other processes (bot/watch.py)
    assert (stamp.version, stamp.by, stamp.origin) == (mods.bot.service.kb.version, "mod",
                                                       "discord")


async def test_a_txt_upload_needs_its_metadata(mods: World, folder) -> None:
    body = b"The Lowari tunnel opened in 2017.\n\nIt links Chitral with Dir."
    refused = await mods.moderator.slash(mods.general, "kb add", file=("lowari.txt", body))
    assert "also give title, publication, date, url" in refused.response.content
    preview = await mods.moderator.slash(
        mods.general, "kb add", file=("lowari.txt", body), title="The Lowari tunnel",
        publication="Valley Times", date="2017-07", url="https://example.org/lowari")
    added = await mods.moderator.click(preview.response.message, label="Add")
    assert added.response.content.startswith("Added `the-lowari-tunnel`")
    assert (folder / "articles" / "the-lowari-tunnel.md").is_file()
    assert mods.handled_errors() == [UserFacingError]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("bad.md", "no front matter here", "front matter"),
    ("bad.md", article_text("bad", title="A", body="x").replace("title: A", "title: [A"),
     "bad YAML"),
    ("bad.md", article_text("bad", body="x") .replace("language: en", "language: en\nsecret: 1"),
     "unknown key"),
    ("bad.md", article_text("../../etc/passwd", body="x"), "id"),
    ("seed.md", article_text("pakistan-disillusioned-with-taliban", body="Replaced."),
     "already exists"),
    ("bad.md", b"---\nid: x\n---\n\xff\xfe", "not valid UTF-8"),
])
async def test_a_malformed_upload_is_refused_and_nothing_is_written(
        mods: World, folder, name, content, reason) -> None:
    files = sorted(p.name for p in (folder / "articles").iterdir())
    seed = (folder / "articles" / f"{files[0]}").read_bytes()
    data = content if isinstance(content, bytes) else content.encode()
    result = await mods.moderator.slash(mods.general, "kb add", file=(name, data))
    assert result.ephemeral
    assert "was not added; nothing was written" in result.response.content
    assert reason in result.response.content
    assert sorted(p.name for p in (folder / "articles").iterdir()) == files
    assert (folder / "articles" / files[0]).read_bytes() == seed


async def test_an_upload_that_is_not_an_article_file_is_refused(mods: World, folder) -> None:
    result = await mods.moderator.slash(mods.general, "kb add", file=("evil.sh", b"rm -rf /"))
    assert "Attach a .md article" in result.response.content
    big = b"x" * (600 * 1024)
    result = await mods.moderator.slash(mods.general, "kb add", file=("big.md", big))
    assert "the limit is" in result.response.content
    assert not (folder / "articles" / "big.md").exists()
    assert mods.handled_errors() == [UserFacingError, UserFacingError]


async def test_a_refresh_with_a_broken_file_keeps_the_old_answers(mods: World, folder) -> None:
    version = mods.bot.service.kb.version
    (folder / "articles" / "broken.md").write_text("---\nid: broken\n---\n", encoding="utf-8")
    result = await mods.moderator.slash(mods.general, "kb refresh")
    text = result.response.content
    assert f"version {version} is still serving" in text
    assert "broken.md" in text and "missing" in text
    assert mods.bot.service.kb.version == version
    answer = await mods.alice.slash(mods.general, "ask", question="When was the Durand Line drawn?")
    assert "1893" in shown_quotes(answer.response.embeds[0])[0]

    (folder / "articles" / "broken.md").unlink()
    (folder / "articles" / "chitral-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    fixed = await mods.moderator.slash(mods.general, "kb refresh")
    assert fixed.response.content.startswith("Refreshed to version ")
    assert mods.bot.service.kb.version != version


async def test_remove_asks_for_confirmation(mods: World, folder) -> None:
    (folder / "articles" / "chitral-floods.md").write_text(NEW_ARTICLE, encoding="utf-8")
    await mods.moderator.slash(mods.general, "kb refresh")
    choices = await mods.moderator.autocomplete(mods.general, "kb remove", "article", "chit")
    assert [c["value"] for c in choices] == ["chitral-floods"]

    asked = await mods.moderator.slash(mods.general, "kb remove", article="chitral-floods")
    assert asked.ephemeral and "Remove `chitral-floods`" in asked.response.content
    cancelled = await mods.moderator.click(asked.response.message, label="Cancel")
    assert "nothing was removed" in cancelled.response.content
    assert (folder / "articles" / "chitral-floods.md").exists()

    asked = await mods.moderator.slash(mods.general, "kb remove", article="chitral-floods")
    done = await mods.moderator.click(asked.response.message, label="Remove it")
    assert done.response.content.startswith("Removed `chitral-floods`.")
    assert "removed: `chitral-floods`" in done.response.content
    assert not (folder / "articles" / "chitral-floods.md").exists()
    assert "chitral-floods" not in mods.bot.service.kb.articles


async def test_an_unanswered_confirmation_says_so_and_loses_its_buttons(mods: World,
                                                                       folder) -> None:
    from bot.chat.cogs.kb_admin import CONFIRM_SECONDS

    asked = await mods.moderator.slash(mods.general, "kb remove",
                                       article="pakistan-disillusioned-with-taliban")
    assert asked.response.components  # Remove it, Cancel
    edits = len(mods.requests("PATCH", r".*/messages/@original"))
    await mods.env.advance_time(CONFIRM_SECONDS + 1)

    edited = mods.requests("PATCH", r".*/messages/@original")[edits:]
    assert len(edited) == 1
    assert edited[0].json["allowed_mentions"] == {"parse": []}
    assert edited[0].json["components"] == []
    assert asked.response.content.startswith(
        f"No answer within {CONFIRM_SECONDS} s: `pakistan-disillusioned-with-taliban` was not "
        "removed.")
    assert not asked.response.components  # nothing left to click late
    assert (folder / "articles" / "pakistan-disillusioned-with-taliban.md").exists()


async def test_status_shows_version_counts_and_who_refreshed(mods: World) -> None:
    await mods.moderator.slash(mods.general, "kb refresh")
    status = await mods.moderator.slash(mods.general, "kb status")
    fields = {f.name: f.value for f in status.response.embeds[0].fields}
    assert fields["Version"] == f"`{mods.bot.service.kb.version}`"
    assert fields["Loaded"].endswith("by mod") and fields["Loaded"].startswith("<t:")
    assert fields["Articles"] == "1"
    assert "entities" in fields["Glossary"]
    assert fields["Last change"].startswith(f"`{mods.bot.service.kb.version}` by mod <t:")

    mods.bot.store.write_stamp("0123456789ab", "shell:ann", origin="shell")  # another process
    status = await mods.moderator.slash(mods.general, "kb status")
    fields = {f.name: f.value for f in status.response.embeds[0].fields}
    assert "`0123456789ab` by shell:ann" in fields["Last change"]
    assert "Not loaded here yet" in fields["Last change"]


async def test_gaps_lists_declined_questions_grouped(mods: World) -> None:
    mention = mods.bot.user.mention
    for text in ("Who funds the TTP?", "who is funding the TTP", "What is the capital of Peru?",
                 "hi"):
        await mods.alice.send(mods.watched, f"{mention} {text}")
    answered = await mods.bob.slash(mods.general, "ask", question="When was the Durand Line drawn?")
    down = next(c for row in answered.response.message.components for c in row.children
                if str(c.emoji) == "👎")
    await mods.bob.click(answered.response.message, custom_id=down.custom_id)

    result = await mods.moderator.slash(mods.general, "kb gaps", days=7)
    lines = result.response.embeds[0].description.split("\n")
    (ttp,) = [line for line in lines if "TTP" in line]  # near duplicates grouped
    assert "“Who funds the TTP?” — asked 2 times, declined 2, 2 wordings" in ttp
    assert any("Durand Line" in line and "👎 1" in line for line in lines)
    assert any("Peru" in line for line in lines)
    assert not any("“hi”" in line for line in lines)  # small talk is no gap


async def test_non_moderators_are_refused_every_kb_command(mods: World, folder) -> None:
    # a server admin let everyone see /kb: the bot still checks at run time
    mods.guild.set_command_permissions(await kb_command_id(mods), {mods.guild.default_role: True})
    files = sorted((folder / "articles").iterdir())
    calls = [("kb refresh", {}), ("kb status", {}), ("kb gaps", {}),
             ("kb remove", {"article": "pakistan-disillusioned-with-taliban"}),
             ("kb add", {"file": ("x.md", NEW_ARTICLE.encode())})]
    for name, options in calls:
        result = await mods.alice.slash(mods.general, name, **options)
        assert result.ephemeral, name
        assert result.response.content.startswith("Only moderators can use this command"), name
    assert sorted((folder / "articles").iterdir()) == files
    assert mods.handled_errors() == [NotModerator] * len(calls)


async def test_manage_server_is_enough(mods: World) -> None:
    import discord

    admin_role = mods.guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = mods.guild.add_member(mods.env.create_user("admin"), roles=[admin_role])
    result = await admin.slash(mods.general, "kb status")
    assert result.response.embeds[0].title == "Knowledge base"


async def test_a_restart_keeps_the_question_log_and_the_audit_log(mods: World, folder,
                                                                   tmp_path) -> None:
    await mods.alice.send(mods.general, f"{mods.bot.user.mention} What is the capital of Peru?")
    await mods.moderator.slash(mods.general, "kb refresh")
    mods.bot.store.close()

    restarted = make_bot(build_knowledge_base(folder), tmp_path / "citebot.sqlite3")
    restarted.config = mods.bot.config
    await mods.env.restart_bot(restarted)
    mods.bot = restarted
    try:
        result = await mods.moderator.slash(mods.general, "kb gaps")
        assert "Peru" in result.response.embeds[0].description
        assert [e.action for e in restarted.store.audit()] == ["refresh"]
    finally:
        restarted.store.close()


async def test_a_shell_add_is_served_after_kb_refresh(mods: World, folder, tmp_path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    upload = tmp_path / "chitral.md"
    upload.write_text(NEW_ARTICLE, encoding="utf-8")
    config = tmp_path / "shell.yaml"
    config.write_text(f"knowledge_dir: {folder}\ndatabase: {tmp_path / 'citebot.sqlite3'}\n",
                      encoding="utf-8")
    shell = subprocess.run([sys.executable, "-m", "bot", "kb", "add", str(upload), "--yes",
                            "--config", str(config)], cwd=ROOT, capture_output=True, text=True,
                           timeout=60, check=False)
    assert shell.returncode == 0, shell.stderr
    assert mods.bot.store.stamp().origin == "shell"  # this bot's watcher would load it in 30 s
    assert not (await mods.alice.slash(mods.general, "ask", question=CHITRAL)).response.embeds

    refreshed = await mods.moderator.slash(mods.general, "kb refresh")
    assert "added: `chitral-floods`" in refreshed.response.content
    after = await mods.alice.slash(mods.general, "ask", question=CHITRAL)
    assert "Lowari tunnel" in shown_quotes(after.response.embeds[0])[0]
    assert [e.actor for e in mods.bot.store.audit()][-1].startswith("shell")
