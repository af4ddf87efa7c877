"""Article files: YAML front matter, then the article's paragraphs.

An article file looks like this::

    ---
    id: some-article
    title: The headline
    publication: The publisher
    author: unknown
    date: 2023-11
    url: https://example.org/some-article
    language: en
    caption: A photo caption, if the article has one
    standfirst: The summary under the headline, if any
    ---

    First body paragraph.

    Second body paragraph; a paragraph may wrap over several lines.

Values that are not known are written as ``unknown``, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bot.kb.errors import KnowledgeError, Problem

UNKNOWN = "unknown"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: faster
REQUIRED_FIELDS = ("id", "title", "publication", "author", "date", "url", "language")
OPTIONAL_FIELDS = ("caption", "standfirst", "notes")
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
DATE_PATTERN = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# C0 and C1 control characters other than tab, line feed and carriage return: they do not
# belong in an article, and some (bidirectional tricks aside) break what shows it
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int  # line of the file where the paragraph starts


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    publication: str
    author: str
    date: str
    url: str
    language: str
    paragraphs: tuple[Paragraph, ...]
    caption: str | None = None
    standfirst: str | None = None
    notes: str | None = None
    path: str = ""
    digest: str = ""  # of the file's bytes, when loaded into a knowledge base
    fingerprint: str = ""  # of its words, when loaded into a knowledge base (duplicates)

    @property
    def display_title(self) -> str:
        """The title to show a reader; never invented when it is unknown."""
        if self.title != UNKNOWN:
            return self.title
        host = re.sub(r"^https?://(?:www\.)?([^/]+).*$", r"\1", self.url)
        return f"Untitled article ({host})" if self.url != UNKNOWN else f"Untitled article ({self.id})"


def is_safe_id(value: str) -> bool:
    """True for an id that can name a file: lower-case letters, digits and inner hyphens."""
    return bool(ID_PATTERN.match(value))


def _key_lines(text: str) -> dict[str, int]:
    """Line (1-based, within the YAML text) of each top-level key."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


class _KeyLines:
    """The front matter's key -> line in the file, worked out (a second, slower YAML pass)
    only when a problem needs a line: a good file is parsed once."""

    def __init__(self, yaml_text: str) -> None:
        self._text = yaml_text
        self._lines: dict[str, int] | None = None

    def get(self, key: str, default: int | None = None) -> int | None:
        if self._lines is None:
            self._lines = {k: v + 1 for k, v in _key_lines(self._text).items()}
        return self._lines.get(key, default)


def _check_field(name: str, value: object) -> str | None:
    """What is wrong with a front-matter value, or None."""
    if isinstance(value, date) and name == "date":
        value = value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and name == "date":
        value = str(value)  # date: 2023 is a year, which YAML reads as a number
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if not value.strip():
        return "must not be empty"
    if name == "id" and not is_safe_id(value):
        return "must be lower-case letters, digits and hyphens (at most 64), e.g. 'my-article'"
    if name == "date" and value != UNKNOWN and not DATE_PATTERN.match(value):
        return "must be YYYY, YYYY-MM or YYYY-MM-DD (or 'unknown')"
    if name == "url" and value != UNKNOWN and not URL_PATTERN.match(value):
        return "must be an http(s) link (or 'unknown')"
    if name == "language" and value != UNKNOWN and not LANGUAGE_PATTERN.match(value):
        return "must be a language code such as 'en' (or 'unknown')"
    return None


def _split_front_matter(lines: list[str], name: str) -> tuple[str, int]:
    """The YAML text and the index of the first body line, or raise."""
    if not lines or lines[0].strip() != "---":
        raise KnowledgeError([Problem(name, "missing front matter: the file must start with '---'", 1)])
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), i + 1
    raise KnowledgeError([Problem(name, "front matter is not closed by a line '---'", 1)])


def _paragraphs(lines: list[str], first: int) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    chunk: list[str] = []
    start = first
    for i in range(first, len(lines) + 1):
        line = lines[i].strip() if i < len(lines) else ""
        if line:
            if not chunk:
                start = i
            chunk.append(line)
        elif chunk:
            paragraphs.append(Paragraph(" ".join(chunk), start + 1))
            chunk = []
    return paragraphs


def parse_article(raw: bytes, name: str) -> Article:
    """Parse one article file's bytes; raise KnowledgeError listing every problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KnowledgeError(
            [Problem(name, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8", line)]
        ) from None
    text = text.removeprefix("\ufeff")
    if bad := CONTROL_CHARACTER.search(text):
        line = text[: bad.start()].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        raise KnowledgeError([Problem(name, f"a control character (U+{ord(bad.group()):04X}) is "
                                      "in the file; remove it", line)])
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    yaml_text, body_start = _split_front_matter(lines, name)
    try:
        meta = yaml.load(yaml_text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except Exception as exc:  # YAMLError; ValueError, KeyError... from !!tags, dates like 2023-02-30
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or (
            "invalid YAML" if isinstance(exc, yaml.YAMLError) else f"a value cannot be read ({exc})")
        raise KnowledgeError([Problem(name, f"bad YAML in front matter: {problem}", line)]) from None
    if not isinstance(meta, dict):
        raise KnowledgeError([Problem(name, "front matter must be a mapping of 'key: value' lines", 2)])

    key_lines = _KeyLines(yaml_text)
    problems: list[Problem] = []
    allowed = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)
    for key in meta:
        if str(key) not in allowed:
            problems.append(Problem(name, f"unknown key; allowed keys: {', '.join(sorted(allowed))}",
                                    key_lines.get(str(key)), str(key)))
    for key in REQUIRED_FIELDS:
        if key not in meta or meta[key] is None:
            problems.append(Problem(name, "missing (write 'unknown' if it is not known)", 1, key))
    for key in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS):
        if meta.get(key) is not None and (why := _check_field(key, meta[key])):
            problems.append(Problem(name, why, key_lines.get(key), key))
    paragraphs = _paragraphs(lines, body_start)
    if not paragraphs:
        problems.append(Problem(name, "the article has no body paragraphs", body_start + 1))
    if problems:
        raise KnowledgeError(problems)

    def value(key: str) -> str | None:
        item = meta.get(key)
        if item is None:
            return None
        return item.isoformat() if isinstance(item, date) else str(item).strip()

    return Article(
        id=str(value("id")), title=str(value("title")), publication=str(value("publication")),
        author=str(value("author")), date=str(value("date")), url=str(value("url")),
        language=str(value("language")), paragraphs=tuple(paragraphs),
        caption=value("caption"), standfirst=value("standfirst"), notes=value("notes"), path=name,
    )


def article_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "articles").glob("*.md") if p.is_file())


def leaves_folder(path: Path, folder: Path) -> bool:
    """True when ``path`` (or a symbolic link on the way to it) points outside ``folder``.

    The policy: every knowledge file is inside the knowledge folder. A link to another
    file inside it is fine; one that leaves it (to /etc/passwd, a home folder) is refused,
    so that adding a link cannot make the bot quote a file it was never meant to read.
    """
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def load_articles(paths: Iterable[Path]) -> list[Article]:
    """Load every article; raise one KnowledgeError with all problems of all files."""
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            article = parse_article(path.read_bytes(), str(path))
        except KnowledgeError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot be read: {exc.strerror or exc}"))
            continue
        if article.id in seen:
            problems.append(Problem(str(path), f"duplicate id '{article.id}', already used by "
                                    f"{seen[article.id]}", None, "id"))
            continue
        seen[article.id] = str(path)
        articles.append(article)
    if problems:
        raise KnowledgeError(problems)
    return articles
