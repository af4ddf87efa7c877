"""Property-based robustness: any text in, no error out, exact quotes, Discord's limits, no pings.

Hypothesis throws arbitrary and hostile text (empty, white space, 10,000
characters, control and zero-width characters, right-to-left text and
overrides, emoji, markdown, code blocks, mentions, @everyone) and mixtures of
it with real questions at the answer path and at every renderer. The number
of examples is set by the Hypothesis profile (see ``tests/conftest.py``).
"""

from __future__ import annotations

import ast
import asyncio
import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import discord
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from bot.chat import render
from bot.config import Config, ConfigError, parse_config
from bot.kb import Answer, Answerer, Excerpt, Hit, KnowledgeError
from bot.kb.answer import ELLIPSIS
from bot.kb.articles import (
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    Article,
    Paragraph,
    is_safe_id,
    parse_article,
)
from bot.kb.glossary import Glossary, parse_glossary
from bot.kb.passages import chunk_article
from bot.service import KnowledgeService
from tests.conftest import ANSWERED_QUESTIONS, ROOT

# the examples' reprs hold 10,000-character strings
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# --- strategies --------------------------------------------------------------------------

QUESTIONS = (*ANSWERED_QUESTIONS, "what did he promise?", "Taliban Pakistan border",
             "Durrand line", "hi")
ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
RIGHT_TO_LEFT = (
    "طالبان و پاکستان", "پاکستان اور افغان طالبان کے تعلقات", "מי צייר את קו דורנד?",
    "\u202edrawn line Durand\u202c", "\u202bطالبان\u202c Taliban", "\u2067ISI\u2069 \u2066chief\u2069",
    "\u200fTaliban\u200e",
)
EMOJI = ("😀", "👍🏽", "🇵🇰🇦🇫", "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "1️⃣", "🧕🏾", "🔥" * 12)
MARKDOWN = (
    "**bold**", "__underline__", "~~strike~~", "||spoiler||", "> quoted", ">>> all quoted",
    "# Heading", "## h2", "-# small", "- item", "* item", "1. item", "*", "_", "\\", "\\*",
    "[Durand Line](https://example.org/a_b)", "<https://example.org>", "`code`",
    "```py\nprint('Taliban')\n```", "```", "***", "_*__*_",
)
MENTIONS = (
    "<@123>", "<@!123>", "<@&123>", "<#123>", "<@123456789012345678>", "<@!123456789012345678>",
    "<@&123456789012345678>", "<#123456789012345678>", "@everyone", "@here", "@ everyone",
    "</ask:123456789012345678>", "<t:1700000000:R>", "<:kek:123456789012345678>",
    "<a:dance:123456789012345678>",
)
CONTROL = st.characters(codec=None, categories=("Cc", "Cf", "Zl", "Zp"))

real_question = st.sampled_from(QUESTIONS)
fragment = st.one_of(
    real_question,
    st.sampled_from(RIGHT_TO_LEFT), st.sampled_from(EMOJI), st.sampled_from(MARKDOWN),
    st.sampled_from(MENTIONS),
    st.text(alphabet=ZERO_WIDTH, min_size=1, max_size=4),
    st.text(alphabet=CONTROL, min_size=1, max_size=4),
    st.text(max_size=12),
)


@st.composite
def seasoned_question(draw: st.DrawFn) -> str:
    """A real question with hostile fragments put between (or into) its words."""
    words = draw(real_question).split()
    for _ in range(draw(st.integers(0, 3))):
        words.insert(draw(st.integers(0, len(words))), draw(fragment))
    if draw(st.booleans()):  # a zero-width character inside a word
        i = draw(st.integers(0, len(words) - 1))
        cut = draw(st.integers(0, len(words[i])))
        words[i] = words[i][:cut] + draw(st.sampled_from(ZERO_WIDTH)) + words[i][cut:]
    return draw(st.sampled_from([" ", "  ", "\n", "\t", " \u200b"])).join(words)


def filled(pieces: list[str], size: int = 10_000) -> str:
    text = "".join(pieces) or "x"
    return (text * (size // len(text) + 1))[:size]


long_text = st.lists(fragment, min_size=1, max_size=6).map(filled)
hostile_text = st.one_of(
    st.just(""),
    st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2003\u3000\u2028\u2029", max_size=20),
    long_text,
    st.lists(fragment, max_size=8).map(" ".join),
    st.lists(fragment, max_size=8).map("".join),
    st.text(),
)
# about half the examples start from a real question, so that many of them are answered
question_text = st.one_of(seasoned_question(), seasoned_question(), real_question, hostile_text)


# --- checks ------------------------------------------------------------------------------

# mention syntax Discord would parse: @everyone, @here, users, roles, channels
PARSEABLE_MENTION = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>|<#\d+>")
# what Discord trims before it checks that a field is not empty (JavaScript's white space)
JS_SPACE = " \t\n\r\x0b\x0c\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    map(chr, range(0x2000, 0x200B)))


def check_excerpt(excerpt: Excerpt, kb) -> None:
    text = excerpt.passage.text
    exact = text[excerpt.start:excerpt.end]
    assert 0 <= excerpt.start < excerpt.end <= len(text)
    # the quote is the span, with an ellipsis at either end where it was cut, and nothing else
    cut_start = excerpt.quote.startswith(ELLIPSIS) and not excerpt.quote.startswith(exact)
    cut_end = excerpt.quote.endswith(ELLIPSIS) and not excerpt.quote.endswith(exact)
    core = excerpt.quote[len(ELLIPSIS) * cut_start:len(excerpt.quote) - len(ELLIPSIS) * cut_end]
    assert core == exact and core in text
    assert kb.passage(excerpt.article.id, excerpt.passage.paragraph) == excerpt.passage
    assert excerpt.passage in kb.passages_of(excerpt.article.id)
    for start, end in excerpt.highlights:
        assert 0 <= start < end <= len(excerpt.quote)


def check_answer(answer: Answer, question: str, max_excerpts: int, kb) -> None:
    assert answer.question == question
    json.dumps(answer.to_json(), ensure_ascii=False)  # `ask --json` prints it
    if not answer.answered:
        assert answer.excerpts == () and answer.message
        return
    assert 1 <= len(answer.excerpts) <= max_excerpts
    for excerpt in answer.excerpts:
        check_excerpt(excerpt, kb)


def embed_strings(embed: discord.Embed) -> list[str]:
    data = embed.to_dict()
    out = [data.get("title", ""), data.get("description", ""),
           data.get("footer", {}).get("text", ""), data.get("author", {}).get("name", "")]
    for f in data.get("fields", []):
        out += [f["name"], f["value"]]
    return out


def check_message(content: str | None = None, embeds: list[discord.Embed] = ()) -> None:
    """Discord's hard limits for one message, and no mention it could parse."""
    assert content is None or len(content) <= render.CONTENT_LIMIT
    assert len(embeds) <= render.EMBEDS_PER_MESSAGE
    total = 0
    for embed in embeds:
        data = embed.to_dict()
        assert len(data.get("title", "")) <= render.TITLE_LIMIT
        assert len(data.get("description", "")) <= render.DESCRIPTION_LIMIT
        assert len(data.get("footer", {}).get("text", "")) <= render.FOOTER_LIMIT
        assert len(data.get("author", {}).get("name", "")) <= 256
        fields = data.get("fields", [])
        assert len(fields) <= 25
        for f in fields:
            assert f["name"].strip(JS_SPACE) and len(f["name"]) <= render.FIELD_NAME_LIMIT
            assert f["value"].strip(JS_SPACE) and len(f["value"]) <= render.FIELD_VALUE_LIMIT
        size = sum(len(s) for s in embed_strings(embed))
        assert size <= render.EMBED_TOTAL_LIMIT
        assert size == len(embed)  # discord.py counts the same characters
        total += size
    assert total <= render.EMBED_TOTAL_LIMIT
    # Discord shows footers and author names as typed: no markdown, no mentions to escape
    shown_as_markdown = [content or ""]
    for embed in embeds:
        data = embed.to_dict()
        shown_as_markdown += [data.get("title", ""), data.get("description", "")]
        shown_as_markdown += [s for f in data.get("fields", []) for s in (f["name"], f["value"])]
    for text in shown_as_markdown:
        found = PARSEABLE_MENTION.search(text)
        assert found is None, f"parseable mention {found.group()!r} in {text[:200]!r}"


def check_rendered_answer(answer: Answer, kb, shown: int = 3) -> None:
    """The Ask cog's messages for an answer: the answer, More excerpts, Full paragraph."""
    if not answer.answered:
        check_message(content=render.decline_text(answer))
        return
    check_message(embeds=[render.answer_embed(replace(answer, excerpts=answer.excerpts[:shown]),
                                              kb.glossary, kb.version)])
    if answer.excerpts[shown:]:
        check_message(embeds=[render.answer_embed(replace(answer, excerpts=answer.excerpts[shown:]),
                                                  kb.glossary, kb.version, first_number=shown + 1)])
    first = answer.excerpts[0]
    check_message(embeds=render.passage_embeds(first.passage, first.article, kb.glossary,
                                               highlights=((first.start, first.end),)))


# --- the answer path -----------------------------------------------------------------------

# a full answer costs some 50 ms: the tests that answer take half the profile's examples (100
# in the CI profile, 2,500 in "thorough"), to keep the CI run under its ten minutes
ANSWERING = settings(max_examples=max(1, settings.default.max_examples // 2))


def test_any_question_is_answered_with_exact_quotes_or_declined(answerer: Answerer) -> None:
    outcomes: Counter[bool] = Counter()

    @ANSWERING
    @given(question=question_text, max_excerpts=st.integers(1, 6))
    def check(question: str, max_excerpts: int) -> None:
        answer = answerer.answer(question, max_excerpts=max_excerpts)
        check_answer(answer, question, max_excerpts, answerer.kb)
        check_rendered_answer(answer, answerer.kb, shown=min(3, max_excerpts))
        outcomes[answer.answered] += 1

    check()
    assert outcomes[True] >= 0.2 * sum(outcomes.values()), outcomes  # not only declines


def test_any_follow_up_with_any_context(answerer: Answerer) -> None:
    @ANSWERING
    @given(question=question_text, context=st.one_of(st.none(), question_text))
    def check(question: str, context: str | None) -> None:
        answer = answerer.answer(question, context=context, max_excerpts=6)
        check_answer(answer, question, 6, answerer.kb)
        check_rendered_answer(answer, answerer.kb)

    check()


def test_any_search_finds_passages_of_the_snapshot(answerer: Answerer) -> None:
    kb = answerer.kb

    @given(query=question_text, limit=st.integers(1, 30), page_size=st.integers(1, 5))
    def check(query: str, limit: int, page_size: int) -> None:
        hits = answerer.search(query, limit)
        assert len(hits) <= limit
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        for hit in hits:
            assert kb.passage(hit.article.id, hit.passage.paragraph) == hit.passage
            assert all(0 <= s < e <= len(hit.passage.text) for s, e in hit.highlights)
        pages = max(1, -(-len(hits) // page_size))
        for page in range(pages):
            check_message(embeds=[render.search_embed(query, hits, page, page_size, kb.glossary)])
        for hit in hits[:2]:  # "Post" shares a passage
            check_message(embeds=render.passage_embeds(hit.passage, hit.article, kb.glossary,
                                                       hit.highlights))

    check()


def test_the_service_answers_any_question_as_the_answerer_does(answerer: Answerer) -> None:
    service = KnowledgeService(answerer.kb.folder, answerer)
    loop = asyncio.new_event_loop()
    try:
        @ANSWERING
        @given(question=question_text, context=st.one_of(st.none(), real_question))
        def check(question: str, context: str | None) -> None:
            answer = loop.run_until_complete(service.answer(question, context))
            assert answer == answerer.answer(question, context)
            check_answer(answer, question, 3, answerer.kb)

        check()
    finally:
        loop.close()


# --- the renderers, on text the engine never makes -------------------------------------------

plain_value = st.one_of(st.just("unknown"), hostile_text, st.text(min_size=1, max_size=80))
# as the loader gives front-matter values: stripped, never empty (nor only invisible characters)
metadata = plain_value.map(lambda v: v.strip().strip(JS_SPACE) or "unknown")


@st.composite
def articles(draw: st.DrawFn, base) -> object:
    url = draw(st.one_of(st.just("unknown"), st.just("https://example.org/a_b*c"),
                         st.text(alphabet="abc_*~|>@", max_size=30).map(
                             lambda p: f"https://example.org/{p}"),
                         st.integers(0, 3000).map(lambda n: "https://example.org/" + "a" * n)))
    date = draw(st.sampled_from(["unknown", "2023", "2023-11", "2024-02-29"]))
    return replace(base, title=draw(metadata), publication=draw(metadata), author=draw(metadata),
                   url=url, date=date, id=draw(st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True)))


@st.composite
def passages(draw: st.DrawFn, article: Article) -> object:
    """A passage with any text, made as the build makes one (sentences and all)."""
    text = draw(st.one_of(hostile_text, seasoned_question(), long_text))
    assume(text.strip())  # the loader keeps no empty paragraph
    one = replace(article, paragraphs=(Paragraph(text, 1),), caption=None, standfirst=None)
    (passage,) = chunk_article(one)
    return passage


def spans_in(text: str) -> st.SearchStrategy[tuple[tuple[int, int], ...]]:
    cuts = st.lists(st.integers(0, len(text)), max_size=8, unique=True).map(sorted)
    return cuts.map(lambda c: tuple((a, b) for a, b in zip(c[::2], c[1::2], strict=False) if a < b))


@st.composite
def excerpts(draw: st.DrawFn, kb) -> Excerpt:
    base = next(iter(kb.articles.values()))
    passage = draw(passages(base))
    article = draw(articles(base))
    start = draw(st.integers(0, len(passage.text) - 1))
    end = draw(st.integers(start + 1, min(len(passage.text), start + 500)))
    cut_start, cut_end = draw(st.booleans()), draw(st.booleans())
    quote = (ELLIPSIS if cut_start else "") + passage.text[start:end] + (ELLIPSIS if cut_end else "")
    return Excerpt(passage, article, quote, start, end, 1.0, draw(spans_in(quote)))


def test_answer_embeds_fit_whatever_the_articles_say(kb) -> None:
    @given(question=question_text, found=st.lists(excerpts(kb), min_size=1, max_size=5),
           matched=st.lists(plain_value, max_size=30), corrections=st.dictionaries(
               plain_value, plain_value, max_size=5), version=st.text(max_size=20),
           first=st.integers(1, 6), tentative=st.booleans())
    def check(question, found, matched, corrections, version, first, tentative) -> None:
        answer = Answer(question, True, tuple(found), matched=tuple(matched),
                        corrections=corrections, tentative=tentative)
        embed = render.answer_embed(answer, kb.glossary, version, first_number=first)
        check_message(embeds=[embed])
        assert render.footer_text(answer, version) == embed.footer.text
        shown = [b for b in embed.description.split("\n\n") if b.startswith("> ")]
        assert len(shown) == len(embed.fields)  # a quote and its source go together

    check()


def test_declines_fit_whatever_was_asked(answerer: Answerer) -> None:
    @ANSWERING
    @given(question=question_text, missing=st.lists(plain_value, max_size=10),
           reason=st.sampled_from(["small_talk", "empty", "not_covered", "language", None]))
    def check(question: str, missing: list[str], reason: str | None) -> None:
        declined = replace(answerer.answer(question), answered=False, excerpts=(),
                           missing=tuple(missing), absent=tuple(missing), reason=reason)
        check_message(content=render.decline_text(declined))

    check()


def test_passages_and_search_results_fit_whatever_the_articles_say(kb) -> None:
    base = next(iter(kb.articles.values()))

    @given(passage=passages(base), article=articles(base), query=question_text,
           page_size=st.integers(1, 5), data=st.data())
    def check(passage, article, query, page_size, data) -> None:
        highlights = data.draw(spans_in(passage.text))
        check_message(embeds=render.passage_embeds(passage, article, kb.glossary, highlights))
        hits = [Hit(passage, article, 2.0, highlights), *data.draw(st.lists(st.builds(
            Hit, passages(base), articles(base), st.just(1.0)), max_size=5))]
        for page in range(-(-len(hits) // page_size)):
            check_message(embeds=[render.search_embed(query, hits, page, page_size, kb.glossary)])
        check_message(embeds=[render.search_embed(query, [], 0, page_size, kb.glossary)])

    check()


def test_the_list_of_sources_fits_however_many_articles(kb) -> None:
    base = next(iter(kb.articles.values()))

    @given(listed=st.lists(articles(base), max_size=40), counts=st.integers(0, 10**6))
    def check(listed, counts) -> None:
        embed = render.sources_embed(listed, {a.id: counts for a in listed})
        check_message(embeds=[embed])

    check()
    for watched in (False, True):
        for dms in (False, True):
            check_message(embeds=[render.help_embed(watched, dms)])


# a link Discord shows as it is written (the pattern discord.utils models it by)
LINK_TEXT = re.compile(r"<[^: >]+:/[^ >]+>|(?:https?|steam)://[^\s<]+[^<.,:;\"'\]\s]")
# outside a link a backslash before a character that is not a letter, digit or space hides
# itself and shows that character as it is
ESCAPED = re.compile(r"\\([^0-9A-Za-z\s])")
# what would still be markdown once the escapes are taken out
MARKDOWN_LEFT = re.compile(r"(?<!\\)(?:[*_~|`]|\[[^\]]*\]\()|^[ \t]*(?:[#>\-+]|\d+\.)",
                           re.MULTILINE)


def shown_by_discord(message: str) -> str:
    """The text Discord shows for a message, as far as escapes and links go; markdown
    that would still apply fails the test here."""
    shown, last = [], 0
    for found in [*LINK_TEXT.finditer(message), None]:
        plain = message[last:found.start() if found else len(message)]
        # (a piece right after a link does not open a line: "<https://x.org>> quoted" quotes
        # nothing)
        opens_line = last == 0 or message[last - 1] == "\n"
        # (an escaped backslash shows as one: what follows it does not open a line)
        probe = ("" if opens_line else "x") + plain.replace("\\\\", "x")
        assert MARKDOWN_LEFT.search(probe) is None, plain
        shown += (ESCAPED.sub(r"\1", plain), found.group() if found else "")
        last = found.end() if found else last
    return "".join(shown)


def test_escaped_text_shows_as_typed(kb) -> None:
    """What escape() promises: the text shows literally (zero-width breaks aside)."""

    @given(text=hostile_text)
    # a masked link's inside, and what follows it, are escaped too
    @example(text="\\[Durand Line](https://example.org/a_b)\\[Durand Line](https://example.org/a_b)")
    @example(text="[a](http://x.org) *bold* [b](http://y.org)")
    # a link is left as written, backslash included; what is around it is not
    @example(text="see https://example.org/a\\_b*c, _then_ <https://example.org/x_y> **this**")
    @example(text="1. first\n  - indented item\n   # heading\n>>> quoted\n-# small\n+ plus")
    # a line-opening mark right after a link opens no line
    @example(text="> quoted<https://example.org>> quoted")
    # a backslash before a line-opening mark: the backslash shows, the mark opens nothing
    @example(text="\\> quoted\\> quoted")
    def check(text: str) -> None:
        escaped = render.escape(text)
        assert PARSEABLE_MENTION.search(escaped) is None
        assert shown_by_discord(escaped).replace("\u200b", "") == text.replace("\u200b", "")

    check()


# --- every message the bot sends parses no mention -------------------------------------------

SENDS = {"send", "reply", "send_message", "edit_message", "edit", "edit_original_response"}


def test_every_send_and_edit_allows_no_mentions() -> None:
    """Each call that sends or edits a message passes allowed_mentions=NO_MENTIONS."""
    assert render.NO_MENTIONS.to_dict() == discord.AllowedMentions.none().to_dict() == {"parse": []}
    calls = 0
    for path in sorted((ROOT / "bot" / "chat").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SENDS):
                continue
            calls += 1
            where = f"{Path(path).relative_to(ROOT)}:{node.lineno}"
            given_ = {k.arg: k.value for k in node.keywords}
            if "allowed_mentions" in given_:
                assert ast.unparse(given_["allowed_mentions"]).endswith("NO_MENTIONS"), where
            else:  # only the answer's payload, which carries it (checked below)
                (spread,) = [k.value for k in node.keywords if k.arg is None]
                assert ast.unparse(spread).startswith("self.reply_payload("), where
    assert calls >= 15
    ask = ast.parse((ROOT / "bot" / "chat" / "cogs" / "ask.py").read_text(encoding="utf-8"))
    (payload,) = [n for n in ast.walk(ask) if isinstance(n, ast.FunctionDef)
                  and n.name == "reply_payload"]
    dicts = [n for n in ast.walk(payload) if isinstance(n, ast.Dict)]
    assert len(dicts) == 2
    for d in dicts:
        keys = {k.value: ast.unparse(v) for k, v in zip(d.keys, d.values, strict=True)}
        assert keys["allowed_mentions"] == "NO_MENTIONS"


# --- knowledge files and configs: a clear error or a value, never a crash --------------------

YAML_VALUES = (
    "2023", "2023-11", "2023-02-30", "0000-01-01", "2023-11-05T25:61:00", "2023-11-05 10:00:00 +5",
    "!!int x", "!!float x", "!!binary '@@'", "!!timestamp x", "!!python/object:os.system", "!!str",
    "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!null x", "!!bool maybe", "!custom x",
    "[1, 2]", "{a: 1}", "&a x", "*a", "*b", "yes", "no", "on", "~", "''", '""', "|", "|\n  block",
    ">-", '"unterminated', "'single", "1e9999", "0x1F", "0o17", "0b101", ".nan", "-.inf", "1_000",
    "12:30:00", "- item", "? complex", "[" * 1000, "{a: " * 600, "a\tb", "\x00", "\ufeff",
    "https://example.org/a", "unknown", "en", "Text: with colon", "# comment", "%YAML 1.1", "---",
)
yaml_value = st.one_of(st.sampled_from(YAML_VALUES), st.text(max_size=20))
yaml_key = st.one_of(st.sampled_from((*REQUIRED_FIELDS, *OPTIONAL_FIELDS)), st.sampled_from(
    ("entities", "topics", "synonyms", "id", "name", "type", "aliases", "keywords", "log_level",
     "answers", "max_excerpts", "cooldown", "per_seconds", "discord", "watch_channel_ids",
     "records", "? [a]", "1", "<<", "[a]")), st.text(max_size=10))


@st.composite
def yaml_document(draw: st.DrawFn) -> str:
    """YAML-ish lines: keys, values, list items, nesting, and plain junk."""
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        indent = draw(st.sampled_from(["", "", "  ", "    ", "\t", "  - ", "- "]))
        line = draw(st.one_of(
            st.tuples(yaml_key, yaml_value).map(lambda kv: f"{kv[0]}: {kv[1]}"),
            yaml_value, st.text(max_size=30)))
        lines.append(indent + line)
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    valid = {"id": "tiny", "title": "t", "publication": "p", "author": "unknown",
             "date": "2024-01-02", "url": "https://example.org/t", "language": "en"}
    keep = draw(st.lists(st.sampled_from(sorted(valid)), unique=True))
    front = "\n".join(f"{k}: {valid[k]}" for k in keep) + "\n" + draw(yaml_document())
    body = draw(st.one_of(st.just(""), hostile_text, st.text(max_size=200)))
    text = draw(st.sampled_from(["---\n{f}\n---\n\n{b}", "{f}\n{b}", "---\n{f}\n{b}",
                                 "\ufeff---\n{f}\n---\n{b}", "---\n{f}\n...\n{b}"]))
    raw = text.format(f=front, b=body).encode("utf-8", "surrogatepass")
    return draw(st.one_of(st.just(raw), st.binary(max_size=200).map(lambda b: raw[:40] + b)))


def test_any_article_file_is_read_or_refused_with_its_problems() -> None:
    @given(raw=article_bytes())
    @example(raw=b"---\nid: x\ndate: 2023-02-30\n---\n\nText.")  # no such day
    @example(raw=b"---\nid: !!bool maybe\ndate: !!timestamp x\n---\n\nText.")  # bad tags
    @example(raw=("---\ntitle: " + "[" * 1000 + "\n---\n\nText.").encode())  # too deep
    def check(raw: bytes) -> None:
        try:
            article = parse_article(raw, "any.md")
        except KnowledgeError as error:
            assert error.problems and all(p.file == "any.md" for p in error.problems)
            assert "\n" not in str(error)
            return
        assert isinstance(article, Article) and is_safe_id(article.id) and article.paragraphs
        assert all(isinstance(getattr(article, k), str) for k in REQUIRED_FIELDS)

    check()


def test_any_glossary_is_read_or_refused_with_its_problems() -> None:
    sections = st.sampled_from(["entities:\n  - ", "topics:\n  - ", "synonyms:\n  - ", ""])

    @given(head=sections, document=yaml_document(), junk=st.binary(max_size=50))
    @example(head="", document="entities:\n  - name: 2023-02-30", junk=b"")
    @example(head="", document="synonyms: [!!bool maybe]", junk=b"")
    @example(head="", document="entities: 2023\ntopics: text\nsynonyms: {a: b}", junk=b"")
    @example(head="", document="topics: " + "[" * 1000, junk=b"\xff")
    def check(head: str, document: str, junk: bytes) -> None:
        for raw in ((head + document).encode("utf-8", "surrogatepass"), junk):
            try:
                glossary = parse_glossary(raw, "glossary.yaml")
            except KnowledgeError as error:
                assert error.problems and all(p.file == "glossary.yaml" for p in error.problems)
                continue
            assert isinstance(glossary, Glossary)

    check()


def test_any_config_is_read_or_refused_in_one_line() -> None:
    sections = st.sampled_from(["", "answers:\n  ", "cooldown:\n  ", "discord:\n  ",
                                "records:\n  "])

    @given(head=sections, document=yaml_document())
    @example(head="", document="knowledge_dir: 2023-02-30")
    @example(head="", document="!!bool maybe")
    @example(head="", document="!!timestamp x")
    @example(head="answers:\n  ", document="max_excerpts: " + "[" * 1000)
    def check(head: str, document: str) -> None:
        try:
            config = parse_config(head + document, "any.yaml")
        except ConfigError as error:
            assert str(error).startswith("any.yaml: ")
            return
        assert isinstance(config, Config)

    check()
