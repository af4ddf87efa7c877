"""The main text and metadata of a web page, a PDF or a plain-text file.

Web pages go through trafilatura, which finds the article among the
navigation, related links, cookie banners and comments, and reads the
metadata from ``<meta>`` tags, JSON-LD and the page itself. PDFs go through
pypdf (the document information's title, author and creation date). What a
library does not find is ``unknown``: nothing is guessed (a site's host name
is not its publication's name, and a date is never searched for in the text).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from urllib.parse import urlsplit

from bot.kb.articles import DATE_PATTERN, LANGUAGE_PATTERN, UNKNOWN, URL_PATTERN
from bot.kb.ingest.errors import IngestError

# C0 and C1 control characters other than tab, line feed and carriage return
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


class ExtractionError(IngestError):
    """Nothing usable could be read from a document; a one-line reason."""


@dataclass(frozen=True)
class Extracted:
    """What was read from a document, before it becomes an article file."""

    paragraphs: tuple[str, ...]
    title: str = UNKNOWN
    author: str = UNKNOWN
    date: str = UNKNOWN
    publication: str = UNKNOWN
    url: str = UNKNOWN
    language: str = UNKNOWN
    kind: str = "html"  # html, pdf or text
    link_paragraphs: int = 0  # paragraphs that are only the text of a link on the page
    notes: dict[str, str] = field(default_factory=dict)


def clean(text: str) -> str:
    """One line of text: Unicode NFC, control characters and runs of spaces made one space."""
    text = unicodedata.normalize("NFC", CONTROL.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def _value(text: object) -> str:
    value = clean(str(text)) if text else ""
    return value or UNKNOWN


def _date(value: object) -> str:
    text = str(value or "").strip()[:10]
    return text if DATE_PATTERN.match(text) else UNKNOWN


def _language(value: object) -> str:
    text = str(value or "").strip().replace("_", "-")
    if not text:
        return UNKNOWN
    head, _, tail = text.partition("-")
    text = head.lower() + (f"-{tail}" if tail else "")
    return text if LANGUAGE_PATTERN.match(text) else UNKNOWN


def _url(value: object) -> str:
    text = str(value or "").strip()
    return text if URL_PATTERN.match(text) else UNKNOWN


def decode(raw: bytes, charset: str | None = None) -> str:
    """Text bytes: UTF-8 (with or without a byte order mark), else the declared charset."""
    for encoding in ("utf-8-sig", charset):
        if encoding:
            try:
                return raw.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    raise ExtractionError("the text is not UTF-8 (nor in the charset the server declared)")


def from_html(raw: bytes | str, url: str | None = None) -> Extracted:
    """The article in a web page, with its metadata, via trafilatura."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(raw)
    if tree is None:
        raise ExtractionError("the page is not readable HTML")
    try:
        document = trafilatura.bare_extraction(
            raw, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # a page that trips the extractor is refused like any bad page
        raise ExtractionError(f"the page could not be read ({exc.__class__.__name__})") from None
    if document is None or not (document.text or "").strip():
        raise ExtractionError("no article text was found on the page")
    title = _value(document.title)
    paragraphs = [clean(line) for line in document.text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title != UNKNOWN and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline, which is the title
    links = {clean(a.text_content()).lower() for a in tree.iter("a")} - {""}
    link_paragraphs = sum(p.removeprefix("- ").lower() in links for p in paragraphs)
    canonical = _url(document.url)
    hosts = {(h or "").lower().removeprefix("www.") for h in (
        document.hostname, urlsplit(url or "").netloc, urlsplit(url or "").hostname,
        urlsplit(canonical if canonical != UNKNOWN else "").netloc)}
    publication = _value(document.sitename)
    if publication.lower().removeprefix("www.") in hosts:
        publication = UNKNOWN  # trafilatura's fallback is the host name: not a publication
    language = _language(document.language) if document.language else UNKNOWN
    if language == UNKNOWN:  # what the page declares: <html lang>, else Content-Language
        declared = tree.get("lang") or next(iter(tree.xpath(
            "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
            "='content-language']/@content")), "")
        language = _language(declared)
    return Extracted(tuple(paragraphs), title=title, author=_value(document.author),
                     date=_date(document.date), publication=publication,
                     url=canonical if canonical != UNKNOWN else _url(url), language=language,
                     kind="html", link_paragraphs=link_paragraphs)


def from_pdf(raw: bytes, url: str | None = None) -> Extracted:
    """The text of a PDF, in paragraphs, with its document information, via pypdf."""
    from pypdf import PdfReader

    # pypdf logs what it repairs as warnings; a refusal says it in one line instead
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(BytesIO(raw))
        if reader.is_encrypted:
            raise ExtractionError("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a broken file
        raise ExtractionError(f"the PDF cannot be read ({exc.__class__.__name__})") from None
    paragraphs = pdf_paragraphs("\n\n".join(pages))
    if not paragraphs:
        raise ExtractionError("the PDF has no text (a scanned document needs OCR first)")
    title = author = date = UNKNOWN
    if info is not None:
        title, author = _value(info.title), _value(info.author)
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        if isinstance(created, datetime):
            date = created.date().isoformat()
    if paragraphs and title != UNKNOWN and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return Extracted(tuple(paragraphs), title=title, author=author, date=date, url=_url(url),
                     kind="pdf", notes={"date": "the PDF's creation date"} if date != UNKNOWN
                     else {})


_END = re.compile(r"[.!?:;\"'\u201d\u2019)]$")


def pdf_paragraphs(text: str) -> list[str]:
    """Lines of extracted PDF text joined into paragraphs.

    A blank line ends a paragraph; so does a line that ends a sentence and is
    clearly shorter than the page's usual line (the last line of a paragraph).
    A word hyphenated across lines is joined.
    """
    lines = [clean(line) for line in text.replace("\r", "\n").split("\n")]
    widths = sorted(len(line) for line in lines if line)
    usual = widths[int(len(widths) * 0.8)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    for line in [*lines, ""]:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}".strip()
        if _END.search(line) and len(line) < 0.8 * usual:
            paragraphs.append(current)
            current = ""
    return paragraphs


def from_text(raw: bytes, charset: str | None = None, url: str | None = None) -> Extracted:
    """Plain text: paragraphs separated by blank lines; no metadata."""
    text = decode(raw, charset).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [clean(" ".join(block.split("\n"))) for block in re.split(r"\n\s*\n", text)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ExtractionError("the file has no text")
    return Extracted(tuple(paragraphs), url=_url(url), kind="text")
