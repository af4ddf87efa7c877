"""Changing the knowledge folder: adding, replacing and removing article files.

Every change is validated before anything is written (size, UTF-8, the
article schema, a safe id, no clash with another article's id) and written
atomically (a temporary file in the same folder, then ``os.replace``), so a
reader never sees half a file. Rebuilding the index is the caller's next step.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.kb.articles import UNKNOWN, Article, article_files, is_safe_id, parse_article
from bot.kb.errors import KnowledgeError, Problem

MAX_ARTICLE_BYTES = 512 * 1024  # an article file; the seed article is about 12 KB


@dataclass(frozen=True)
class Change:
    action: str  # "added", "replaced" or "removed"
    article: Article
    path: Path


def slug(text: str) -> str:
    """An article id made from a title: 'Pakistan's Dilemma' -> 'pakistans-dilemma'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    return "-".join(words)[:64].strip("-")


def text_to_markdown(raw: bytes, name: str, *, title: str, publication: str, date: str,
                     url: str, author: str = UNKNOWN, language: str = "en",
                     article_id: str | None = None) -> bytes:
    """A plain-text article (paragraphs separated by blank lines) as an article file."""
    try:
        body = raw.decode("utf-8").removeprefix("\ufeff").strip()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KnowledgeError([Problem(name, f"not valid UTF-8 (byte {exc.start}); save the file "
                                      "as UTF-8", line)]) from None
    meta = {"id": article_id or slug(title) or "untitled", "title": title,
            "publication": publication, "author": author, "date": date, "url": url,
            "language": language}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{body}\n".encode()


def _existing(folder: Path) -> dict[str, Path]:
    """Article id -> file, for the files that parse (broken files are a refresh's concern)."""
    found: dict[str, Path] = {}
    for path in article_files(folder):
        try:
            found[parse_article(path.read_bytes(), str(path)).id] = path
        except (KnowledgeError, OSError):
            continue
    return found


def validate_upload(raw: bytes, name: str) -> Article:
    """The article in an uploaded file, or KnowledgeError saying what is wrong with it."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise KnowledgeError([Problem(name, f"the file is {len(raw):,} bytes; the limit is "
                                      f"{MAX_ARTICLE_BYTES:,}")])
    article = parse_article(raw, name)
    if not is_safe_id(article.id):  # parse_article checks it too; a file name depends on it
        raise KnowledgeError([Problem(name, "not a safe id", 2, "id")])
    return article


def add_article(folder: str | Path, raw: bytes, name: str, replace: bool = False,
                replace_option: str = "replace") -> Change:
    """Validate ``raw`` as an article and write it into ``folder``/articles atomically.
    ``replace_option``: how the interface in use spells ``replace`` (the shell: --replace)."""
    folder = Path(folder)
    article = validate_upload(raw, name)
    existing = _existing(folder).get(article.id)
    if existing is not None and not replace:
        raise KnowledgeError([Problem(name, f"an article with id '{article.id}' already exists "
                                      f"({existing.name}); add it with {replace_option} to overwrite it",
                                      2, "id")])
    target = existing or folder / "articles" / f"{article.id}.md"
    if existing is None and target.exists():
        raise KnowledgeError([Problem(name, f"{target.name} exists but holds another article "
                                      "or cannot be read; fix or remove it first", 2, "id")])
    _write_atomically(target, raw)
    return Change("replaced" if existing else "added", article, target)


def remove_article(folder: str | Path, article_id: str) -> Change:
    """Delete the file of the article ``article_id``."""
    folder = Path(folder)
    path = _existing(folder).get(article_id)
    if path is None:
        raise KnowledgeError([Problem(str(folder / "articles"),
                                      f"no article has the id '{article_id}'")])
    article = parse_article(path.read_bytes(), str(path))
    path.unlink()
    return Change("removed", article, path)


def _write_atomically(target: Path, raw: bytes) -> None:
    """Write ``raw`` to a temporary file beside ``target``, then rename it over ``target``.

    The file keeps the permissions of the file it replaces; a new file gets 0666 less the
    umask, like any new file (not mkstemp's 0600, which hides it from a bot run as another
    user than the moderator's shell, and the other way round).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    while True:
        temporary = target.parent / f".upload-{secrets.token_hex(8)}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            out.flush()
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
