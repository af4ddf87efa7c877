"""Sentence vectors kept on disk, so that no text is embedded twice by the same model.

A SQLite file maps (model id, SHA-256 of the text) to the vector, stored as
float16. A refresh looks up every sentence and embeds only those it does not
find. The cache is a convenience: when its folder cannot be written (a
read-only container, say), vectors are kept in memory for the process.

Where it lives: ``$CITEBOT_CACHE_DIR``, else ``$XDG_CACHE_HOME/citebot``,
else ``~/.cache/citebot``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

CACHE_VARIABLE = "CITEBOT_CACHE_DIR"
FILE_NAME = "vectors.sqlite3"
LOOKUP_CHUNK = 500  # digests per SELECT (SQLite's parameter limit is far above)


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "citebot"


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class VectorCache:
    """(model, text digest) -> vector, in SQLite when it can be, else in memory."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self._memory: dict[tuple[str, bytes], np.ndarray] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.path: Path | None = None
        if folder is None:
            return
        path = Path(folder) / FILE_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, digest BLOB NOT "
                       "NULL, vector BLOB NOT NULL, PRIMARY KEY (model, digest)) WITHOUT ROWID")
        except (OSError, sqlite3.Error) as exc:
            log.warning("sentence vectors are not cached on disk (%s: %s); they are kept in "
                        "memory", path, exc)
            return
        self._db, self.path = db, path

    def get_many(self, model: str, digests: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for d in digests:
                vector = self._memory.get((model, d))
                if vector is not None:
                    found[d] = vector
            missing = [d for d in dict.fromkeys(digests) if d not in found]
            if self._db is None or not missing:
                return found
            try:
                for i in range(0, len(missing), LOOKUP_CHUNK):
                    chunk = missing[i:i + LOOKUP_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT digest, vector FROM vectors WHERE model = ? AND digest IN ({marks})",  # noqa: S608 (only placeholders)
                        (model, *chunk))
                    for d, blob in rows:
                        found[bytes(d)] = np.frombuffer(blob, dtype=np.float16)
            except sqlite3.Error as exc:
                log.warning("reading the vector cache %s failed: %s", self.path, exc)
        return found

    def put_many(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        rows = [(model, d, np.asarray(v, dtype=np.float16).tobytes()) for d, v in items]
        with self._lock:
            if self._db is not None:
                try:
                    with self._db:
                        self._db.execute("BEGIN")
                        self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                                             rows)
                    return
                except sqlite3.Error as exc:
                    log.warning("writing the vector cache %s failed: %s", self.path, exc)
            for _, d, blob in rows:  # no file, or it failed: kept for this process
                self._memory[(model, d)] = np.frombuffer(blob, dtype=np.float16)

    def count(self, model: str) -> int:
        with self._lock:
            memory = sum(1 for m, _ in self._memory if m == model)
            if self._db is None:
                return memory
            row = self._db.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", (model,))
            return memory + int(row.fetchone()[0])
