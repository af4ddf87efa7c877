"""The last build of each knowledge folder, kept on disk: a restart does not annotate again.

After a whole build, the snapshot (a KnowledgeBase without its sentence
vectors, which have their own cache: see ``bot.kb.vector_cache``) is written
to one file per knowledge folder, named after a digest of the folder's
resolved path, in the cache folder (``default_cache_dir()``). The next whole
build of that folder reads it back and uses it only if it was written by the
same engine (``engine_version``: the engine's source and what else changes
what a build produces); ``bot.kb.build`` then checks every article file's
bytes against it (see ``build_knowledge_base``).

The format is this module's own, and holds no code: the sections one after
the other (each numpy array as it is in memory; the passages' texts and
sentence spans as blobs with their sizes; the articles, the passages' other
fields, the terms and the spelling vocabulary as JSON), then a JSON header
(format, engine, folder, each section's name, type and size), the header's
length and a CRC-32 of the whole. The sections are written one at a time as
they are made, so that writing holds no second copy of the snapshot, and
read into buffers that become the arrays themselves. Why not pickle: loading
a pickle runs whatever its writer chose, so it would rest on who may write
the cache folder; loading this runs nothing. Why not ``np.savez``: the
arrays are the easy part; the objects beside them would need a format
anyway. No new dependency.

Still, the file holds the text the bot quotes, so a file is loaded only when
it is a regular file that this process's user owns and nobody else may write
to: files are written with 0o600 permissions (the folder, when created here,
with 0o700). A file that cannot be read, is cut short or damaged (its sizes,
CRC-32, then its arrays' consistency are checked), another folder's, another
engine's or another format's is ignored, and replaced by the next build. A
cache folder that cannot be written (a read-only container) means no cache,
never a failed build. A file is replaced atomically (a temporary file, then
``os.replace``), without fsync: a file cut short by a crash fails its checks.
At most ``KEEP_FILES`` snapshot files are kept, the least recently used
removed first, so that temporary folders built once do not pile up.

``CITEBOT_SNAPSHOT_CACHE=off`` turns the cache off (the tests do, so that two
builds of one folder in a test are two builds); deleting the ``*.snapshot``
files of the cache folder clears it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import stat
import sys
import tempfile
import time
import unicodedata
import zlib
from dataclasses import fields
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import numpy as np

from bot.kb.articles import Article
from bot.kb.glossary import Glossary
from bot.kb.index import PassageIndex
from bot.kb.passages import Passage
from bot.kb.snapshot import KnowledgeBase
from bot.kb.text import Tokenizer
from bot.kb.vector_cache import default_cache_dir

log = logging.getLogger(__name__)

SWITCH_VARIABLE = "CITEBOT_SNAPSHOT_CACHE"  # "off", "0", "no" or "false": no snapshot cache
FORMAT = 1
MAGIC = b"citebot snapshot\n"
SUFFIX = ".snapshot"
KEEP_FILES = 8  # snapshot files kept in the cache folder (one a knowledge folder)
STALE_TEMPORARY_SECONDS = 3600  # a temporary file this old was left by a writer that died
MAX_HEADER_BYTES = 1 << 20
ENGINE_SOURCE = Path(__file__).resolve().parent  # bot/kb
# what else changes what a build produces: the stemmer, the YAML parser, numpy's arrays
ENGINE_PACKAGES = ("snowballstemmer", "PyYAML", "numpy")
# the KnowledgeBase fields this module writes or sets; another field must be added here
_WRITTEN = {"articles", "passages", "index", "rows", "tokens", "sentence_bounds",
            "passage_sentences", "sentence_kinds", "vocabulary", "version", "glossary_digest"}
_SET = {"glossary", "tokenizer", "folder", "build_seconds", "built_at", "vectors", "loaded_from"}
_ARRAYS = ("tokens", "sentence_bounds", "passage_sentences", "sentence_kinds", "rows")


class SnapshotCacheError(Exception):
    """A snapshot file that cannot be used (it is then ignored)."""


class OutOfDate(SnapshotCacheError):
    """A sound snapshot file of another engine or format: after an upgrade, say."""


def engine_version(source: Path | None = None) -> str:
    """A digest of what makes a build's output: the engine's source (``bot/kb/**/*.py``,
    not the model's files: sentence vectors are cached by the model's id), the snapshot
    file's format, the Python version (Unicode tables, ``str.lower``) and the versions of
    the packages a build uses. Any change to the code gives another digest."""
    if source is None:
        return _ENGINE
    digest = hashlib.sha256(f"format {FORMAT}\n{sys.version}\n"
                            f"unicode {unicodedata.unidata_version}\n".encode())
    for package in ENGINE_PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        digest.update(f"{package} {version}\n".encode())
    with contextlib.suppress(ImportError):
        import yaml

        digest.update(f"libyaml {getattr(yaml, '__with_libyaml__', False)}\n".encode())
    for path in sorted(source.rglob("*.py")):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# Worked out as the engine is imported, so that it describes the code this process runs
# (source changed after the start would otherwise label old annotations as new). A few
# milliseconds: about 300 KB of source.
_ENGINE = engine_version(ENGINE_SOURCE)


def cache_enabled() -> bool:
    return os.environ.get(SWITCH_VARIABLE, "").strip().lower() not in ("off", "0", "no", "false")


class SnapshotCache:
    """Snapshot files in ``folder``, one a knowledge folder, written by engine ``engine``.

    ``save``: False for a cache only read (a preflight check creates nothing).
    """

    def __init__(self, folder: Path | str, engine: str | None = None, save: bool = True) -> None:
        self.folder = Path(folder)
        self.engine = engine or engine_version()
        self.saves = save

    @classmethod
    def default(cls, save: bool = True) -> SnapshotCache | None:
        """The cache in ``default_cache_dir()``; None when ``CITEBOT_SNAPSHOT_CACHE`` is off."""
        return cls(default_cache_dir(), save=save) if cache_enabled() else None

    def path_for(self, knowledge: Path | str) -> Path:
        key = hashlib.sha256(str(Path(knowledge).resolve()).encode()).hexdigest()[:32]
        return self.folder / f"{key}{SUFFIX}"

    # --- reading ------------------------------------------------------------
    def load(self, knowledge: Path | str, glossary: Glossary) -> KnowledgeBase | None:
        """The snapshot last written for the knowledge folder, its article paths under
        ``knowledge`` as given; None when there is none this engine can use (logged)."""
        path = self.path_for(knowledge)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except (FileNotFoundError, NotADirectoryError):  # none yet; no cache folder
            return None
        except OSError as exc:
            log.warning("the snapshot cache %s cannot be read (%s): building the knowledge "
                        "base from its files", path, exc)
            return None
        started = time.perf_counter()
        try:
            with os.fdopen(fd, "rb") as file:
                _check_owner(os.fstat(file.fileno()))
                kb = _read(file, self.engine, str(Path(knowledge).resolve()), Path(knowledge),
                           glossary, str(path))
        except OutOfDate as exc:
            log.info("the snapshot cache %s is not used: %s", path, exc)
            return None
        except Exception as exc:  # the cache is a convenience: whatever is wrong, build instead
            log.warning("the snapshot cache %s is not used (%s): it is replaced after the "
                        "build", path, exc if isinstance(exc, SnapshotCacheError)
                        else f"{type(exc).__name__}: {exc}")
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when old files are removed
        log.info("read the snapshot cache %s in %.2f s", path, time.perf_counter() - started)
        return kb

    # --- writing ------------------------------------------------------------
    def save(self, kb: KnowledgeBase) -> Path | None:
        """Write the snapshot of ``kb.folder`` (atomically); the file, or None when the
        cache folder cannot be written (logged) or this cache only reads."""
        if not self.saves or not kb.folder:
            return None
        path = self.path_for(kb.folder)
        temporary: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._remove_stale(path.stem)
            fd, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp",
                                             dir=self.folder)  # 0o600
            with os.fdopen(fd, "wb") as file:
                _write(file, kb, self.engine, str(Path(kb.folder).resolve()))
            os.replace(temporary, path)
            temporary = None
        except OSError as exc:
            log.warning("the knowledge base is not kept in the snapshot cache %s (%s): the "
                        "next start builds it from its files", path, exc)
            return None
        except Exception as exc:  # a field this format does not know, say: never a failure
            log.warning("the knowledge base is not kept in the snapshot cache %s (%s: %s)",
                        path, type(exc).__name__, exc)
            return None
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        self._prune(path)
        return path

    def _remove_stale(self, stem: str) -> None:
        """Temporary files of writers that died (killed mid-write) are removed."""
        now = time.time()
        for leftover in self.folder.glob(f".{stem}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - leftover.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    leftover.unlink()

    def _prune(self, kept: Path) -> None:
        """At most KEEP_FILES snapshot files: the least recently used go first."""
        found = []
        for other in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                if other != kept:
                    found.append((other.stat().st_mtime, other))
        found.sort(reverse=True)
        for _, other in found[KEEP_FILES - 1:]:
            with contextlib.suppress(OSError):
                other.unlink()


def _check_owner(info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise SnapshotCacheError("not a regular file")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise SnapshotCacheError("owned by another user")
    if info.st_mode & 0o022:
        raise SnapshotCacheError("writable by other users")


# --- the format -------------------------------------------------------------
# MAGIC; the sections, one after the other; the JSON header (format, engine, folder, and
# each section's name, type and size in bytes, in order); the header's length (8 bytes,
# little-endian); the CRC-32 of every byte before it (4 bytes). The sections are written as
# they are made, one at a time: writing holds no second copy of the snapshot.

BLOB_CHUNK = 4096  # passages' bytes joined and written at a time
TAIL = 12  # the header's length and the CRC-32


class _Sections:
    """Writes sections to a file, noting each in the header's table."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.crc = 0
        self.table: list[list] = []
        self._put(MAGIC)

    def _put(self, data) -> None:
        view = memoryview(data).cast("B")
        self.file.write(view)
        self.crc = zlib.crc32(view, self.crc)

    def array(self, name: str, array: np.ndarray) -> None:
        array = np.ascontiguousarray(array)
        if array.ndim != 1 or array.dtype.kind not in "iub":
            raise TypeError(f"{name}: an array of {array.dtype}, {array.ndim} dimension(s)")
        self._put(array.data)
        self.table.append([name, array.dtype.str, int(array.nbytes)])

    def blob(self, name: str, values: list[bytes]) -> None:
        size = 0
        for i in range(0, len(values), BLOB_CHUNK):
            chunk = b"".join(values[i:i + BLOB_CHUNK])
            self._put(chunk)
            size += len(chunk)
        self.table.append([name, "|u1", size])

    def json(self, name: str, value: object) -> None:
        data = json.dumps(value, ensure_ascii=False).encode()
        self._put(data)
        self.table.append([name, "json", len(data)])

    def finish(self, header: dict) -> None:
        data = json.dumps({**header, "sections": self.table}).encode()
        self._put(data)
        self._put(len(data).to_bytes(8, "little"))
        self.file.write(self.crc.to_bytes(4, "little"))


def _write(file: BinaryIO, kb: KnowledgeBase, engine: str, resolved: str) -> None:
    names = {f.name for f in fields(KnowledgeBase)}
    if names != _WRITTEN | _SET:
        raise TypeError(f"KnowledgeBase fields {sorted(names ^ (_WRITTEN | _SET))} are not "
                        f"known to bot.kb.snapshot_cache")
    folder = Path(kb.folder)
    articles = []
    for article in kb.articles.values():
        if article.paragraphs:
            raise ValueError("a snapshot's article holds its paragraphs")
        entry = {f.name: getattr(article, f.name) for f in fields(Article)
                 if f.name != "paragraphs"}
        entry["path"] = Path(article.path).relative_to(folder).as_posix()
        articles.append(_plain(entry, "Article"))
    out = _Sections(file)
    out.json("articles", articles)
    for f in fields(Passage):
        values = [getattr(p, f.name) for p in kb.passages]
        if f.type == "bytes":
            out.array(f"passages.{f.name}.sizes", np.fromiter(
                (len(v) for v in values), dtype=np.int64, count=len(values)))
            out.blob(f"passages.{f.name}", values)
        else:
            out.json(f"passages.{f.name}", _plain(values, f"Passage.{f.name}"))
    out.json("terms", _plain(kb.index.terms, "terms"))
    out.json("vocabulary", sorted(kb.vocabulary))
    for name in _ARRAYS:
        out.array(name, getattr(kb, name))
    for name, array in zip(("docs", "tfs", "df"), kb.index.postings, strict=True):
        out.array(f"index.{name}", array)
    out.finish({"format": FORMAT, "engine": engine, "folder": resolved, "version": kb.version,
                "glossary_digest": kb.glossary_digest, "passages": len(kb.passages)})


def _plain(value, what: str):
    """``value`` if JSON gives it back as it is (str, int, float, bool, None, and lists and
    string-keyed dicts of them); TypeError otherwise (a field of another type)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        for item in value:
            if not (item is None or isinstance(item, str | int | float | bool)):
                _plain(item, what)
        return value
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        for item in value.values():
            _plain(item, what)
        return value
    raise TypeError(f"{what}: a {type(value).__name__} cannot be written to the snapshot cache")


def _read_exactly(file: BinaryIO, size: int) -> bytearray:
    buffer = bytearray(size)
    if file.readinto(buffer) != size:
        raise SnapshotCacheError("the file is cut short")
    return buffer


def _read(file: BinaryIO, engine: str, resolved: str, knowledge: Path, glossary: Glossary,
          where: str) -> KnowledgeBase:
    size = os.fstat(file.fileno()).st_size
    if size < len(MAGIC) + TAIL or file.read(len(MAGIC)) != MAGIC:
        raise SnapshotCacheError("not a snapshot file")
    file.seek(size - TAIL)
    tail = _read_exactly(file, TAIL)
    length = int.from_bytes(tail[:8], "little")
    if length > min(MAX_HEADER_BYTES, size - len(MAGIC) - TAIL):
        raise SnapshotCacheError("cut short, or its header's length is damaged")
    file.seek(size - TAIL - length)
    encoded = _read_exactly(file, length)
    header = json.loads(encoded)
    if header.get("format") != FORMAT:
        raise OutOfDate(f"format {header.get('format')}, not {FORMAT}")
    if header.get("engine") != engine:
        raise OutOfDate("written by another version of the engine")
    if header.get("folder") != resolved:
        raise SnapshotCacheError(f"the snapshot of another folder ({header.get('folder')})")
    table = header["sections"]
    if len(MAGIC) + sum(int(n) for _, _, n in table) != size - TAIL - length:
        raise SnapshotCacheError("its sections' sizes do not add up")
    file.seek(len(MAGIC))
    crc = zlib.crc32(MAGIC)
    buffers: dict[str, tuple[str, bytearray]] = {}
    for name, kind, nbytes in table:
        buffer = _read_exactly(file, int(nbytes))
        crc = zlib.crc32(buffer, crc)
        buffers[name] = (kind, buffer)
    if zlib.crc32(tail[:8], zlib.crc32(encoded, crc)) != int.from_bytes(tail[8:], "little"):
        raise SnapshotCacheError("damaged (CRC-32 differs)")
    sections: dict[str, object] = {}
    for name, (kind, buffer) in buffers.items():
        if kind == "json":
            sections[name] = json.loads(buffer)
            continue
        dtype = np.dtype(kind)
        if dtype.kind not in "iub":
            raise SnapshotCacheError(f"section {name} is of type {kind}")
        sections[name] = np.frombuffer(buffer, dtype=dtype)  # the buffer, not a copy
    del buffers
    return _snapshot(header, sections, knowledge, glossary, where)


def _snapshot(header: dict, sections: dict, knowledge: Path, glossary: Glossary,
              where: str) -> KnowledgeBase:
    count = int(header["passages"])
    columns: dict[str, list] = {}
    for f in fields(Passage):
        if f.type != "bytes":
            columns[f.name] = sections.pop(f"passages.{f.name}")
            continue
        blob = sections.pop(f"passages.{f.name}").data  # each passage's bytes copied once
        sizes = sections.pop(f"passages.{f.name}.sizes")
        if len(sizes) != count or (count and (sizes.min() < 0 or sizes.sum() != len(blob))):
            raise SnapshotCacheError(f"the passages' {f.name} sizes do not add up")
        bounds = [0, *np.cumsum(sizes).tolist()]
        columns[f.name] = [bytes(blob[s:e]) for s, e in pairwise(bounds)]
        del blob
    if any(len(c) != count for c in columns.values()):
        raise SnapshotCacheError("the passages' fields differ in length")
    passages = [Passage(*values) for values in zip(*columns.values(), strict=True)]
    del columns
    articles = {}
    for entry in sections.pop("articles"):
        entry["path"] = str(knowledge / entry["path"])
        article = Article(**entry, paragraphs=())
        articles[article.id] = article
    terms = sections.pop("terms")
    term_ids = {term: i for i, term in enumerate(terms)}
    tokens, sentence_bounds = sections["tokens"], sections["sentence_bounds"]
    passage_sentences, kinds = sections["passage_sentences"], sections["sentence_kinds"]
    rows, docs, tfs, df = (sections["rows"], sections["index.docs"], sections["index.tfs"],
                           sections["index.df"])
    # consistent with one another, so that no answer reads past an array
    if not (len(term_ids) == len(terms) == len(df)
            and len(passage_sentences) == count + 1 and passage_sentences[0] == 0
            and passage_sentences[-1] == len(kinds) == len(sentence_bounds) - 1
            and sentence_bounds[0] == 0 and sentence_bounds[-1] == len(tokens)
            and np.all(np.diff(passage_sentences) >= 0) and np.all(np.diff(sentence_bounds) >= 0)
            and (not len(tokens) or (tokens.min() >= 0 and tokens.max() < len(terms)))
            and np.all(np.diff(rows) > 0)
            and (not len(rows) or (rows[0] >= 0 and rows[-1] < count))
            and int(df.sum()) == len(docs) == len(tfs) and (not len(df) or df.min() >= 0)
            and (not len(docs) or (docs.min() >= 0 and docs.max() < len(rows)))):
        raise SnapshotCacheError("its arrays do not fit together")
    passage_bounds = sentence_bounds[passage_sentences]
    lengths = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.diff(passage_bounds)[rows], out=lengths[1:])
    index = PassageIndex(np.zeros(0, dtype=np.int32), lengths, terms, term_ids,
                         postings=(docs, tfs, df))
    return KnowledgeBase(
        articles=articles, passages=passages, glossary=glossary, tokenizer=Tokenizer(),
        index=index, rows=rows, tokens=tokens, sentence_bounds=sentence_bounds,
        passage_sentences=passage_sentences, sentence_kinds=kinds,
        vocabulary=frozenset(sections["vocabulary"]), version=header["version"],
        folder=str(knowledge), glossary_digest=header["glossary_digest"], loaded_from=where)
