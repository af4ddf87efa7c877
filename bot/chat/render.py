"""Answers, passages and lists as Discord embeds, within Discord's limits.

Article text is escaped so that a quote shows exactly as printed; the
question's matched words are bold. When an answer does not fit, whole quotes
are dropped: a quote is never cut here.
"""

from __future__ import annotations

import re

import discord

from bot.kb import Answer, Hit
from bot.kb.articles import UNKNOWN, Article
from bot.kb.glossary import About, Glossary
from bot.kb.passages import Passage
from bot.kb.result import sources_line, what_i_do

NO_MENTIONS = discord.AllowedMentions.none()
COLOUR = discord.Colour(0x2B6CB0)
DECLINE_COLOUR = discord.Colour(0x718096)
TENTATIVE_COLOUR = discord.Colour(0xD69E2E)  # amber: the closest passages, not a sure answer
TENTATIVE_LINE = "⚠️ **Not sure these answer your question.** The closest passages:"

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000
CONTINUES = "The paragraph continues: see the link."

ANNOTATION_KINDS = (("person", "People"), ("group", "Groups"), ("organisation", "Groups"),
                    ("place", "Places"))
# what Discord shows as a link (discord.utils' pattern): left as written, since a backslash
# put into a link would show, and break it
_LINK_TEXT = re.compile(r"<[^: >]+:/[^ >]+>|(?:https?|steam)://[^\s<]+[^<.,:;\"'\]\s]")
# characters that start or close markdown anywhere; "[" opens a masked link
_INLINE = re.compile(r"[\\*_~|`\[]")
# headings, quotes, lists and small text at a line's start (spaces before them too)
_LINE_START = re.compile(r"^([ \t]*)([#>\-+])", re.MULTILINE)
_NUMBERED = re.compile(r"^([ \t]*\d+)\.", re.MULTILINE)
# user, role and channel mentions with ids of any length (escape_mentions takes 17-20 digits)
_MENTION = re.compile(r"<([@#][!&]?)(?=\d+>)")


def escape(text: str) -> str:
    """Text shown literally: no markdown, no headers or lists, no mention syntax.

    Every markdown character gets its own backslash, except inside a link."""
    parts, last = [], 0
    for link_text in _LINK_TEXT.finditer(text):
        parts += (_INLINE.sub(r"\\\g<0>", text[last:link_text.start()]), link_text.group())
        last = link_text.end()
    parts.append(_INLINE.sub(r"\\\g<0>", text[last:]))
    text = _MENTION.sub("<\\1\u200b", discord.utils.escape_mentions("".join(parts)))
    return _NUMBERED.sub(r"\1\\.", _LINE_START.sub(r"\1\\\2", text))


# what would end a <link> early or break its line
_LINK_UNSAFE = re.compile(r"[<>\s\x00-\x1f\x7f]")


def link(url: str) -> str:
    """``<url>``: a link without a preview. Characters that would close it early are
    percent-encoded, as a browser sends them."""
    encoded = _LINK_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    return f"<{encoded}>"


def clip(text: str, limit: int) -> str:
    """Plain text (titles, footers, names) shortened to a limit with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def emphasise(text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """Escaped text with the given spans in bold."""
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out.append(escape(text[last:start]))
        out.append(f"**{escape(text[start:end])}**")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def start_of(text: str, limit: int) -> str:
    """The start of ``text``, escaped, cut at a space, with " …": within ``limit`` characters."""
    size = limit
    while True:
        cut = text[:size]
        space = cut.rfind(" ")
        if space > 0 and size < len(text):
            cut = cut[:space]
        shown = escape(cut.rstrip()) + " …"
        if len(shown) <= limit or size <= 1:
            return shown
        size = min(size - 1, len(cut) * limit // len(shown))


def date_label(value: str) -> str:
    if value == UNKNOWN:
        return "date unknown"
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def citation_line(article: Article, passage: Passage) -> str:
    """'Publication, Nov 2023, paragraph 5' (unknown values left out)."""
    bits = []
    if article.publication != UNKNOWN:
        bits.append(article.publication)
    if article.author != UNKNOWN:
        bits.append(f"by {article.author}")
    bits.append(date_label(article.date))
    bits.append(passage.label)
    return ", ".join(bits)


def annotation_line(passage: Passage, glossary: Glossary, limit: int = 4) -> str:
    """'People: A, B · Groups: C · Places: D' from the passage's annotations."""
    groups: dict[str, list[str]] = {}
    for entity_id in passage.annotations.entities:
        entity = glossary.entities.get(entity_id)
        for kind, label in ANNOTATION_KINDS:
            if entity and entity.type == kind:
                names = groups.setdefault(label, [])
                if len(names) < limit:
                    names.append(entity.name)
    return " · ".join(f"{label}: {', '.join(names)}" for label, names in groups.items())


def source_field(n: int, article: Article, passage: Passage, glossary: Glossary) -> tuple[str, str]:
    name = clip(f"[{n}] {escape(article.display_title)}", FIELD_NAME_LIMIT)
    lines = [escape(citation_line(article, passage))]
    notes = annotation_line(passage, glossary)
    if notes:
        lines.append(escape(notes))
    if article.url != UNKNOWN:
        lines.append(link(article.url))
    value = "\n".join(lines)
    if len(value) > FIELD_VALUE_LIMIT:  # the link matters most: shorten the notes
        value = "\n".join([lines[0], lines[-1]])[:FIELD_VALUE_LIMIT]
    return name, value


def answer_embed(answer: Answer, glossary: Glossary, kb_version: str = "",
                 first_number: int = 1) -> discord.Embed:
    """One embed for an answered question: quotes, numbered sources, what matched."""
    title = clip(escape(answer.question.strip()) or "Answer", TITLE_LIMIT)
    footer = footer_text(answer, kb_version)
    colour = TENTATIVE_COLOUR if answer.tentative else COLOUR
    blocks: list[str] = ([TENTATIVE_LINE] if answer.tentative else
                         [f"*{escape(answer.message)}*"] if answer.reason == "summary" else [])
    sources: list[tuple[str, str]] = []
    for offset, excerpt in enumerate(answer.excerpts):
        n = first_number + offset
        block = f"> {emphasise(excerpt.quote, excerpt.highlights)} **[{n}]**"
        source = source_field(n, excerpt.article, excerpt.passage, glossary)
        trial = _answer_embed(title, footer, [*blocks, block], [*sources, source], colour)
        if len(trial.description or "") > DESCRIPTION_LIMIT or len(trial) > EMBED_TOTAL_LIMIT:
            break  # drop this quote and the ones after it: never cut a quote
        blocks.append(block)
        sources.append(source)
    return _answer_embed(title, footer, blocks, sources, colour)


def _answer_embed(title: str, footer: str, blocks: list[str],
                  sources: list[tuple[str, str]],
                  colour: discord.Colour = COLOUR) -> discord.Embed:
    embed = discord.Embed(title=title, description="\n\n".join(blocks), colour=colour)
    for name, value in sources:
        embed.add_field(name=name, value=value, inline=False)
    return embed.set_footer(text=footer)


def footer_text(answer: Answer, kb_version: str = "") -> str:
    bits = []
    if answer.matched:
        bits.append("Matched: " + ", ".join(answer.matched))
    if answer.corrections:
        bits.append("read " + ", ".join(f"“{k}” as “{v}”" for k, v in answer.corrections.items()))
    if kb_version:
        bits.append(f"knowledge v{kb_version}")
    return clip(" · ".join(bits) or "citebot", FOOTER_LIMIT)


def decline_text(answer: Answer) -> str:
    """A short line for a question the bot will not answer (content, not an embed)."""
    topic = answer.about.topic if answer.about else "the articles I know"
    if answer.thanks:
        return (f"You're welcome! Ask me anything else about {topic}: mention me with a "
                "question, or use `/ask`.")
    if answer.farewell:
        return "Bye! Mention me or use `/ask` whenever you have a question."
    if answer.reason == "help":
        return (what_i_do(answer.source_count, answer.about) + " Mention me with a question or "
                "use `/ask`; reply to an answer to follow up. `/help` lists everything.")
    if answer.reason == "complaint":
        return ("Sorry that did not help. Ask again in other words, or press 👎 under the "
                "answer so the moderators can review it.")
    if answer.reason == "small_talk":
        on = f" about {answer.about.topic}" if answer.about else ""
        example = (f", for example: *{escape(answer.about.example)}*"
                   if answer.about and answer.about.example else "")
        return (f"Hi! I answer questions{on} with quotes from the articles I know. Mention me "
                f"with a question{example} or use `/ask`.")
    if answer.reason == "empty":
        return "Ask me a question in a few words, or use `/ask`."
    if answer.reason == "language":
        return "The articles I know are in English: please ask in English."
    if answer.reason == "no_more":
        return ("There are no further excerpts for that question. Ask a new one, or the same "
                "one in other words.")
    if answer.reason == "sources" and not answer.source_count:
        return sources_line(answer) + " A moderator can add articles with `/kb add`."
    if answer.reason == "sources":  # (links without previews; `/sources` lists them all)
        listed = "".join(f"<{part}>" if k % 2 else escape(part) for k, part in enumerate(
            re.split(r"(?<=\()(https?://[^\s)]+)(?=\))", sources_line(answer))))
        return clip(listed + " `/sources` lists them all.", CONTENT_LIMIT)
    if answer.absent:  # only words the articles never contain
        absent = ", ".join(f"“{escape(w)}”" for w in answer.absent[:6])
        return clip(f"I could not find that in the articles I know: they never mention {absent}. "
                    "Try other words, or browse the passages with `/search`.", CONTENT_LIMIT)
    return ("I could not find anything in the articles I know that answers that. "
            "Try other words, or browse the passages with `/search`.")


def passage_embeds(passage: Passage, article: Article, glossary: Glossary,
                   highlights: tuple[tuple[int, int], ...] = ()) -> list[discord.Embed]:
    """A whole passage with its citation, over several embeds when it is long.

    Whole sentences only: a paragraph longer than one message holds (6000
    characters) stops after the last sentence that fits, and says so. A first
    sentence too long for an embed is cut at a space.
    """
    title = clip(f"{escape(article.display_title)} — {passage.label}", TITLE_LIMIT)
    name, value = source_field(1, article, passage, glossary)
    name = clip(name.replace("[1] ", "Source: ", 1), FIELD_NAME_LIMIT)
    budget = EMBED_TOTAL_LIMIT - len(title) - len(name) - len(value) - len(CONTINUES) - 10
    chunks: list[str] = [""]
    complete = True
    for start, end in passage.sentences:
        spans = tuple((max(s, start) - start, min(e, end) - start)
                      for s, e in highlights if s < end and e > start)
        piece = emphasise(passage.text[start:end], spans)
        if len(piece) > DESCRIPTION_LIMIT or sum(len(c) + 1 for c in chunks) + len(piece) > budget:
            complete = False
            break
        if chunks[-1] and len(chunks[-1]) + 1 + len(piece) > DESCRIPTION_LIMIT:
            if len(chunks) == EMBEDS_PER_MESSAGE:
                complete = False
                break
            chunks.append("")
        chunks[-1] = f"{chunks[-1]} {piece}" if chunks[-1] else piece
    if not chunks[0]:  # not even the first sentence fits: its start
        start, end = passage.sentences[0] if passage.sentences else (0, len(passage.text))
        chunks, complete = [start_of(passage.text[start:end], DESCRIPTION_LIMIT)], False
    embeds = [discord.Embed(title=title if i == 0 else None, description=chunk, colour=COLOUR)
              for i, chunk in enumerate(chunks) if chunk]
    embeds[-1].add_field(name=name, value=value, inline=False)
    if not complete:
        embeds[-1].set_footer(text=CONTINUES)
    return embeds


def search_embed(query: str, hits: list[Hit], page: int, page_size: int,
                 glossary: Glossary) -> discord.Embed:
    pages = max(1, -(-len(hits) // page_size))
    embed = discord.Embed(title=clip(f"Search: {escape(query)}", TITLE_LIMIT), colour=COLOUR)
    if not hits:
        embed.description = "No passage matches those words. Try other words or spellings."
        return embed
    shown = hits[page * page_size:(page + 1) * page_size]
    per_passage = (DESCRIPTION_LIMIT - 200) // max(1, len(shown))
    blocks = []
    for k, hit in enumerate(shown, page * page_size + 1):
        text = hit.passage.text
        spans = hit.highlights
        head = escape(clip(f"{hit.article.display_title}, "
                           f"{citation_line(hit.article, hit.passage)}", 250))
        room = per_passage - len(head) - 12
        if len(text) > room:  # a preview: whole sentences up to the budget
            cut = max((e for _, e in hit.passage.sentences if e <= room - 2), default=0)
            cut = cut or text.rfind(" ", 0, room - 2)
            text, spans = text[:cut] + " …", tuple(s for s in spans if s[1] <= cut)
        preview = emphasise(text, spans)
        if len(preview) > room:  # no space to cut at, or escaping made it longer
            preview = start_of(hit.passage.text, room)
        blocks.append(f"**{k}.** {head}\n> {preview}")
    embed.description = "\n\n".join(blocks)
    embed.set_footer(text=f"Page {page + 1} of {pages} · {len(hits)} passages · "
                          "“Post” shares a passage with the channel")
    return embed


def sources_embed(articles: list[Article], passage_counts: dict[str, int]) -> discord.Embed:
    embed = discord.Embed(title="Articles in the knowledge base", colour=COLOUR)
    lines, shown = [], 0
    for article in articles:
        url = f" · {link(article.url)}" if article.url != UNKNOWN else ""
        publication = article.publication if article.publication != UNKNOWN else "publication unknown"
        line = (f"• **{escape(article.display_title)}** — {escape(publication)}, "
                f"{date_label(article.date)} · {passage_counts.get(article.id, 0)} passages · "
                f"`{article.id}`{url}")
        if len("\n".join([*lines, line])) > DESCRIPTION_LIMIT - 100:
            break
        lines.append(line)
        shown += 1
    if shown < len(articles):
        lines.append(f"…and {len(articles) - shown} more.")
    embed.description = "\n".join(lines) or "No articles yet."
    embed.set_footer(text=f"{len(articles)} article(s) · /source shows a whole paragraph")
    return embed


def help_embed(watched: bool, dms: bool, about: About | None = None) -> discord.Embed:
    # (a topic is at most glossary.ABOUT_TOPIC_LIMIT characters: the title stays in bounds)
    embed = discord.Embed(title="citebot: cited answers" + (
        f" about {about.topic}" if about else ""), colour=COLOUR)
    example = (f"`@citebot {about.example.replace('`', '')}`" if about and about.example
               else "`@citebot` and your question")
    ways = [f"**Mention me** with a question: {example}",
            "**Reply** to one of my answers to follow up: *what did he promise?*, *why?*, or "
            "*tell me more* for the next excerpts",
            "**Edit** your question soon after I answer and I answer it again; *tldr?* gives "
            "each article's own summary"]
    if watched:
        ways.append("In the channels I watch, just **ask**: any message that is a question.")
    if dms:
        ways.append("Or ask me in a **direct message**.")
    embed.description = (
        "I answer only with **exact quotes** from the articles I know, each with its source. "
        "When they do not cover a question, I say so.\n\n" + "\n".join(ways))
    embed.add_field(name="Commands", inline=False, value="\n".join([
        "`/ask question` — an answer everyone in the channel sees",
        "`/search query` — browse the matching passages (only you see them)",
        "`/source article paragraph` — a whole paragraph with its citation",
        "`/sources` — the articles I know",
    ]))
    embed.add_field(name="Under each answer", inline=False, value=(
        "**More excerpts**, **Full paragraph**, and 👍/👎 to tell the moderators "
        "whether the answer helped."))
    return embed
