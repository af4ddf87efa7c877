"""Changing the knowledge folder: adding, replacing and removing article files.

Every change is validated before anything is written (size, UTF-8, the
article schema, a safe id, no clash with another article's id) and written
atomically (a temporary file in the same folder, then ``os.replace``), so a
reader never sees half a file. Rebuilding the index is the caller's next step.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml

from bot.kb.articles import UNKNOWN, Article, article_files, is_safe_id, parse_article
from bot.kb.errors import KnowledgeError, Problem

if TYPE_CHECKING:
    from bot.kb.snapshot import KnowledgeBase

try:
    import fcntl
except ImportError:  # not POSIX: exclusive create alone guards a new file
    fcntl = None  # type: ignore[assignment]

MAX_ARTICLE_BYTES = 512 * 1024  # an article file; the seed article is about 12 KB
MIN_DUPLICATE_WORDS = 30  # texts shorter than this may coincide without being the same article
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|icid)$", re.IGNORECASE)


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


def canonical_link(url: str) -> str | None:
    """A link as compared for duplicates: no scheme, no "www.", no fragment, no tracking
    parameters, no trailing slash; None for "unknown"."""
    if url == UNKNOWN or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = parts.path.rstrip("/")
    return f"{host}{port}{path}" + (f"?{query}" if query else "")


# punctuation (ASCII and typographic) read as space: "U.S.-led" and "U.S. led" are one text
_PUNCTUATION = str.maketrans(dict.fromkeys(
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2015"
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2026\u2032\u2033", " "))


def text_fingerprint(article: Article) -> str | None:
    """A digest of the article's words (case, punctuation and spacing ignored); None for a
    text too short to tell one article from another."""
    found = " ".join(p.text for p in article.paragraphs).casefold().translate(_PUNCTUATION).split()
    if len(found) < MIN_DUPLICATE_WORDS:
        return None
    return hashlib.sha256(" ".join(found).encode()).hexdigest()


@dataclass(frozen=True)
class Known:
    """An article already in the folder, as the duplicate checks see it."""

    id: str
    path: Path
    link: str | None
    fingerprint: str | None


def known_articles(folder: str | Path, served: KnowledgeBase | None = None) -> dict[str, Known]:
    """Article id -> what is known of it, for the files that parse (broken files are a
    refresh's concern).

    ``served``: the snapshot being served. Every file is read, but one whose bytes are
    those of an article in ``served`` (by digest) is not parsed again.
    """
    by_digest = {a.digest: a for a in served.articles.values()} if served is not None else {}
    found: dict[str, Known] = {}
    for path in article_files(Path(folder)):
        try:
            raw = read_limited(path)
            old = by_digest.get(hashlib.sha256(raw).hexdigest()) if by_digest else None
            if old is not None:
                found[old.id] = Known(old.id, path, canonical_link(old.url), old.fingerprint or None)
                continue
            article = parse_article(raw, str(path))
        except (KnowledgeError, OSError):
            continue
        found[article.id] = Known(article.id, path, canonical_link(article.url),
                                  text_fingerprint(article))
    return found


def _existing(folder: Path) -> dict[str, Path]:
    """Article id -> file, for the files that parse."""
    return {i: k.path for i, k in known_articles(folder).items()}


def duplicate_of(article: Article, known: dict[str, Known]) -> tuple[Known, str] | None:
    """The article in the folder (another id) that ``article`` repeats, and how: by its
    link or by its text."""
    link, fingerprint = canonical_link(article.url), text_fingerprint(article)
    for other in known.values():
        if other.id == article.id:
            continue
        if link is not None and other.link == link:
            return other, "the same link"
        if fingerprint is not None and other.fingerprint == fingerprint:
            return other, "the same text"
    return None


def read_limited(path: str | Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """A regular file's bytes, its size checked before it is read: a device, a pipe or a
    file over ``limit`` is refused with KnowledgeError (``kb add /dev/urandom`` ends at once,
    and a named pipe is never opened, which would wait for a writer)."""
    path = Path(path)

    def refuse(info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            raise KnowledgeError([Problem(str(path), "not a regular file (a device, pipe or "
                                          "folder cannot be an article)")])
        if info.st_size > limit:
            raise KnowledgeError([Problem(str(path), f"the file is {info.st_size:,} bytes; the "
                                          f"limit is {limit:,}")])

    try:
        refuse(path.stat())
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            refuse(os.fstat(stream.fileno()))  # the same file that was checked
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise KnowledgeError([Problem(str(path), f"cannot be read: {exc.strerror or exc}")]) from None
    if len(raw) > limit:  # it grew while being read
        raise KnowledgeError([Problem(str(path), f"the file is over the limit of {limit:,} bytes")])
    return raw


def folder_error(folder: Path, exc: OSError) -> KnowledgeError:
    """One line naming the folder that could not be changed, instead of a traceback."""
    why = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"the bot cannot write there ({why})"
    return KnowledgeError([Problem(str(folder), f"cannot change the knowledge folder: {why}")])


@contextlib.contextmanager
def _folder_lock(articles: Path) -> Iterator[None]:
    """Hold an exclusive lock on the articles folder (one change at a time, across
    processes), creating the folder if needed; OSError becomes one line naming the folder."""
    try:
        articles.mkdir(parents=True, exist_ok=True)
        handle = os.open(articles, os.O_RDONLY)
    except OSError as exc:
        raise folder_error(articles, exc) from None
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


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
                served: KnowledgeBase | None = None) -> Change:
    """Validate ``raw`` as an article and write it into ``folder``/articles atomically.

    An article whose link or text is already in the folder under another id is refused,
    naming that id; with ``replace`` it takes that article's place (its file is removed).
    Two adds of the same id at once cannot both succeed: changes hold a lock on the
    folder, and a new file is created exclusively. ``served``: the snapshot being served,
    whose articles need not be parsed again (see ``known_articles``).
    """
    folder = Path(folder)
    article = validate_upload(raw, name)
    with _folder_lock(folder / "articles"):
        known = known_articles(folder, served)
        found = known.get(article.id)
        existing = found.path if found else None
        if existing is not None and not replace:
            raise KnowledgeError([Problem(name, f"an article with id '{article.id}' already exists "
                                          f"({existing.name}); add it with replace to overwrite it",
                                          2, "id")])
        twin = duplicate_of(article, known)
        if twin is not None and not replace:
            other, how = twin
            raise KnowledgeError([Problem(name, f"already in the knowledge base as '{other.id}' "
                                          f"({how}); add it with replace to overwrite it")])
        target = existing or folder / "articles" / f"{article.id}.md"
        if existing is None and target.exists():
            raise KnowledgeError([Problem(name, f"{target.name} exists but holds another article "
                                          "or cannot be read; fix or remove it first", 2, "id")])
        try:
            _write_atomically(target, raw, exclusive=existing is None)
            if twin is not None and twin[0].path != target:
                twin[0].path.unlink(missing_ok=True)
        except FileExistsError:
            raise KnowledgeError([Problem(name, f"{target.name} was created by another change at "
                                          "the same moment; nothing was written", 2, "id")]) from None
        except OSError as exc:
            raise folder_error(target.parent, exc) from None
    replaced = existing is not None or twin is not None
    return Change("replaced" if replaced else "added", article, target)


def remove_article(folder: str | Path, article_id: str) -> Change:
    """Delete the file of the article ``article_id``."""
    folder = Path(folder)
    if not (folder / "articles").is_dir():
        raise KnowledgeError([Problem(str(folder / "articles"),
                                      f"no article has the id '{article_id}'")])
    with _folder_lock(folder / "articles"):
        path = _existing(folder).get(article_id)
        if path is None:
            raise KnowledgeError([Problem(str(folder / "articles"),
                                          f"no article has the id '{article_id}'")])
        article = parse_article(read_limited(path), str(path))
        try:
            path.unlink()
        except OSError as exc:
            raise folder_error(path.parent, exc) from None
    return Change("removed", article, path)


def _write_atomically(target: Path, raw: bytes, exclusive: bool = False) -> None:
    """Write ``raw`` to a temporary file beside ``target``, then rename it over ``target``
    (``exclusive``: link it to ``target``, which fails with FileExistsError if another
    process created ``target`` meanwhile).

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
        if exclusive:
            os.link(temporary, target)
            os.unlink(temporary)
        else:
            os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
