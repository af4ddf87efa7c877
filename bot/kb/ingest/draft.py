"""A draft article: what a moderator is shown before anything is written.

``prepare`` turns what was read from a link or a document into the usual
article file (Markdown with front matter), checks it as an upload is checked,
refuses a duplicate of an article already in the folder (by link or by text,
naming its id) unless the moderator asked to replace it, and lists what looks
wrong (too short, a list of links, not English). ``commit`` writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import yaml

from bot.kb.articles import UNKNOWN, Article, is_safe_id
from bot.kb.errors import KnowledgeError, Problem
from bot.kb.ingest.errors import IngestError
from bot.kb.ingest.extract import Extracted, from_html, from_pdf, from_text
from bot.kb.ingest.fetch import Fetched, fetch
from bot.kb.library import (
    Change,
    add_article,
    duplicate_of,
    known_articles,
    slug,
    validate_upload,
)
from bot.kb.text import STOP_WORDS, words

if TYPE_CHECKING:
    from bot.kb.snapshot import KnowledgeBase

FIELDS = ("title", "publication", "author", "date", "url", "language")
MIN_WORDS = 80  # fewer: "too short"
MIN_PARAGRAPHS = 2
MIN_ENGLISH_SHARE = 0.2  # share of common English words in an English text (usually 0.4-0.5)
DOCUMENT_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "text", ".md": "md"}


@dataclass(frozen=True)
class Overrides:
    """Fields the moderator set: they win over what was extracted."""

    title: str | None = None
    publication: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    article_id: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v.strip() for k in FIELDS if (v := getattr(self, k)) and v.strip()}


@dataclass(frozen=True)
class Draft:
    article: Article
    raw: bytes  # the article file that Add writes
    name: str  # how messages name the source: a file name or a link
    warnings: tuple[str, ...] = ()
    replaces: str | None = None  # the id of the article it takes the place of

    @property
    def words(self) -> int:
        return sum(len(words(p.text)) for p in self.article.paragraphs)

    def preview(self, paragraphs: int = 3, width: int = 300) -> str:
        """Plain text: the metadata, the count, the first paragraphs, the problems."""
        a = self.article
        lines = [f"Title: {a.title}", f"Publication: {a.publication}", f"Author: {a.author}",
                 f"Date: {a.date}", f"Link: {a.url}", f"Language: {a.language}",
                 f"Id: {a.id}" + (f" (replaces '{self.replaces}')" if self.replaces else ""),
                 f"Paragraphs: {len(a.paragraphs)} ({self.words:,} words)"]
        for i, p in enumerate(a.paragraphs[:paragraphs], 1):
            text = p.text if len(p.text) <= width else p.text[:width - 1].rstrip() + "…"
            lines.append(f"  {i}. {text}")
        if len(a.paragraphs) > paragraphs:
            lines.append(f"  … and {len(a.paragraphs) - paragraphs} more")
        lines += [f"Problem: {w}" for w in self.warnings] or ["Problems: none found"]
        return "\n".join(lines)


def read_link(url: str, *, allow_loopback: bool = False) -> tuple[Extracted, str]:
    """Fetch ``url`` safely and extract its article; (extracted, final link)."""
    fetched: Fetched = fetch(url, allow_loopback=allow_loopback)
    return extract(fetched.body, fetched.kind, fetched.final_url, fetched.charset), fetched.final_url


def extract(raw: bytes, kind: str, url: str | None = None, charset: str | None = None) -> Extracted:
    """What a document of ``kind`` (html, pdf or text) holds; IngestError if nothing."""
    if kind == "html":
        return from_html(raw, url)
    if kind == "pdf":
        return from_pdf(raw, url)
    return from_text(raw, charset, url)


def _base_id(extracted: Extracted, source: str) -> str:
    if extracted.title != UNKNOWN and (made := slug(extracted.title)):
        return made
    path = urlsplit(source).path if "://" in source else source
    stem = PurePosixPath(unquote(path).rstrip("/")).stem
    return slug(stem.replace("_", "-")) or "article"


def _front(meta: dict[str, str]) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)


def render_article(meta: dict[str, str], paragraphs: tuple[str, ...]) -> bytes:
    body = "\n\n".join(paragraphs)
    return f"---\n{_front(meta)}---\n\n{body}\n".encode()


def prepare(extracted: Extracted, folder: str | Path, source: str,
            overrides: Overrides | None = None, replace_existing: bool = False,
            served: KnowledgeBase | None = None) -> Draft:
    """The article file for ``extracted`` with the moderator's ``overrides``, checked.

    KnowledgeError when it cannot be added (a bad field, an id in use, a duplicate without
    ``replace_existing``); the problems that do not stop it are the draft's warnings.
    """
    overrides = overrides or Overrides()
    if not extracted.paragraphs:
        raise IngestError("no article text was found")
    meta = {k: getattr(extracted, k) for k in FIELDS} | overrides.given()
    known = known_articles(folder, served)
    wanted = (overrides.article_id or "").strip()
    if wanted and not is_safe_id(wanted):
        raise KnowledgeError([Problem(source, "must be lower-case letters, digits and hyphens "
                                      "(at most 64), e.g. 'my-article'", None, "id")])
    base = wanted or _base_id(replace(extracted, title=meta["title"]), source)
    article_id = base
    if not wanted:  # an id made up here never takes another article's place
        n = 2
        while article_id in known:
            article_id = f"{base[:60]}-{n}"
            n += 1
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    notes = f"Added from {source} on {when}; text extracted from the {extracted.kind}"
    if extracted.notes.get("date"):
        notes += f"; date: {extracted.notes['date']}"
    if (given := overrides.given()):
        notes += f"; set by the moderator: {', '.join(given)}"
    full = {"id": article_id, **meta, "notes": notes}
    raw = render_article(full, extracted.paragraphs)
    article = validate_upload(raw, source)
    twin = duplicate_of(article, known)
    if twin is not None and replace_existing and not wanted:  # a new version keeps its id
        full["id"] = twin[0].id
        raw = render_article(full, extracted.paragraphs)
        article = validate_upload(raw, source)
    return _checked(article, raw, source, known, replace_existing, extracted)


def prepare_file(raw: bytes, name: str, folder: str | Path, replace_existing: bool = False,
                 served: KnowledgeBase | None = None) -> Draft:
    """A Markdown article file (front matter and all), checked the same way."""
    article = validate_upload(raw, name)
    return _checked(article, raw, name, known_articles(folder, served), replace_existing, None)


def _checked(article: Article, raw: bytes, name: str, known: dict, replace_existing: bool,
             extracted: Extracted | None) -> Draft:
    replaces = None
    if article.id in known:
        if not replace_existing:
            raise KnowledgeError([Problem(name, f"an article with id '{article.id}' already "
                                          f"exists ({known[article.id].path.name}); add it with "
                                          "replace to overwrite it", 2, "id")])
        replaces = article.id
    twin = duplicate_of(article, known)
    warnings: list[str] = []
    if twin is not None:
        other, how = twin
        if not replace_existing:
            raise KnowledgeError([Problem(name, f"already in the knowledge base as '{other.id}' "
                                          f"({how}); add it with replace to overwrite it")])
        replaces = other.id
        warnings.append(f"already in the knowledge base as '{other.id}' ({how}): it is replaced")
    warnings += quality_warnings(article, extracted)
    return Draft(article, raw, name, tuple(warnings), replaces)


def quality_warnings(article: Article, extracted: Extracted | None = None) -> list[str]:
    """What looks wrong with an article that can still be added."""
    found: list[str] = []
    texts = [p.text for p in article.paragraphs]
    all_words = [w for t in texts for w in words(t)]
    if len(texts) < MIN_PARAGRAPHS or len(all_words) < MIN_WORDS:
        found.append(f"too short: {len(texts)} paragraph(s), {len(all_words)} words")
    links = extracted.link_paragraphs if extracted else 0
    if links >= 3 and links * 2 >= len(texts):
        found.append(f"looks like a list of links: {links} of {len(texts)} paragraphs are "
                     "the text of a link")
    elif sum(len(t) < 60 for t in texts) >= 5 and sum(len(t) < 60 for t in texts) * 4 >= 3 * len(texts):
        found.append("looks like a list (most paragraphs are a few words): check the text")
    language = article.language.lower()
    if language != UNKNOWN and not language.startswith("en"):
        found.append(f"not English: the language is '{article.language}'")
    elif len(all_words) >= 20:
        share = sum(w in STOP_WORDS for w in all_words) / len(all_words)
        if share < MIN_ENGLISH_SHARE:
            found.append(f"does not look like English: only {share:.0%} of the words are "
                         "common English words")
    return found


def commit(draft: Draft, folder: str | Path, served: KnowledgeBase | None = None) -> Change:
    """Write the draft (the checks run again, under the folder's lock)."""
    return add_article(folder, draft.raw, draft.name, replace=draft.replaces is not None,
                       served=served)


def kind_of(name: str) -> str | None:
    """html, pdf, text or md for a document's file name; None for anything else."""
    return DOCUMENT_SUFFIXES.get(PurePosixPath(name).suffix.lower())


def looks_like_link(source: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source.strip()))


