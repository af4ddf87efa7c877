"""SQLite records: the question log, feedback, the audit log and the knowledge stamp.

The schema is versioned with ``PRAGMA user_version`` and migrated on open.
Calls are short and synchronous; the bot runs them in a worker thread
(``asyncio.to_thread``), so one connection is shared under a lock.
No user ids are stored, except the moderator's in the audit log of knowledge changes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# each entry upgrades the schema by one version
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at REAL NOT NULL,
        kind TEXT NOT NULL,             -- chat, ask, search
        question TEXT NOT NULL,
        context TEXT,                   -- the earlier question of a follow-up
        guild_id INTEGER,
        channel_id INTEGER,
        answered INTEGER NOT NULL,
        reason TEXT,                    -- why it was declined
        top_passage TEXT,
        score REAL,
        kb_version TEXT,
        reply_message_id INTEGER        -- the bot's answer, for follow-ups and buttons
    );
    CREATE INDEX questions_reply ON questions (reply_message_id);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        value INTEGER NOT NULL CHECK (value IN (-1, 1)),
        at REAL NOT NULL
    );
    """,
    # v2: the audit log of knowledge changes; an index for retention and gaps
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        actor TEXT NOT NULL,            -- who: a moderator's name, or "shell"
        actor_id INTEGER,               -- the moderator's Discord id (the only user id kept)
        action TEXT NOT NULL,           -- refresh, refresh failed, added, replaced, removed
        detail TEXT,
        kb_version TEXT
    );
    CREATE INDEX questions_asked ON questions (asked_at);
    """,
    # v3: the knowledge stamp, one row: the version the last refresh or shell change produced,
    # so that every bot process serving this database and folder loads it (bot/watch.py)
    """
    CREATE TABLE knowledge_stamp (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL,          -- the knowledge base's fingerprint (KnowledgeBase.version)
        counter INTEGER NOT NULL,       -- 1, 2, ...: one more at every stamp
        stamped_by TEXT NOT NULL,       -- a moderator's name, "shell:<login>", or a process
        origin TEXT NOT NULL,           -- discord, shell or watcher (see bot/watch.py)
        stamped_at REAL NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# the question tables of the current schema, as TEMP tables: with the question log off
_MEMORY_ONLY = (MIGRATIONS[0].replace("CREATE TABLE ", "CREATE TEMP TABLE ")
                .replace("CREATE INDEX ", "CREATE INDEX temp."))


class StoreError(Exception):
    """A database that cannot be used, in one line naming its path."""


def _newer(version: int) -> str:
    return f"schema v{version} is newer than this bot (v{SCHEMA_VERSION}); upgrade the bot"


def schema_problem(db: sqlite3.Connection) -> str | None:
    """Why this bot cannot use the schema of the open database ``db``, or None."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        return _newer(version)
    if version == 0 and db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
        return "holds tables but no citebot schema version (another program's database?)"
    return None


def unwritable(path: Path) -> str | None:
    """Why a file could not be written at ``path``, or None. Its folder (made as needed) must
    be writable too: a database's -wal and -shm files go there."""
    if path.is_dir():
        return "is a folder"
    if path.exists() and not os.access(path, os.W_OK):
        return "is read-only"
    folder = path.parent
    while not folder.exists():  # Store makes the missing folders
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def describe(error: OSError | sqlite3.Error) -> str:
    """What an error opening or writing a database means, in words for the person running it."""
    if isinstance(error, OSError):
        return f"cannot be created: {error.strerror or error}"
    text = str(error)
    return {
        "file is not a database": "is not a SQLite database (file is not a database)",
        "attempt to write a readonly database": "is read-only (attempt to write a readonly "
                                                "database)",
        "unable to open database file": "cannot be opened (unable to open database file: is "
                                        "its folder writable?)",
        "database disk image is malformed": "is damaged (database disk image is malformed)",
    }.get(text, text)


@dataclass(frozen=True)
class AuditEntry:
    at: float
    actor: str
    actor_id: int | None
    action: str
    detail: str | None
    kb_version: str | None


@dataclass(frozen=True)
class Stamp:
    """The knowledge version that every process sharing the database should serve."""

    version: str
    counter: int
    by: str
    origin: str  # discord (a /kb command), shell, or watcher (a process found the folder ahead)
    at: float


@dataclass(frozen=True)
class GapRow:
    question: str
    asked_at: float
    declined: bool
    thumbs_down: int


@dataclass(frozen=True)
class QuestionRecord:
    id: int
    kind: str
    question: str
    context: str | None
    answered: bool
    guild_id: int | None
    channel_id: int | None


class Store:
    """The bot's SQLite database."""

    def __init__(self, path: str | Path, keep_questions: bool = True) -> None:
        """Open the database at ``path`` (created if missing) and bring its schema up to date.

        Before anything is written it is checked: a SQLite file, a schema this bot knows,
        writable. StoreError (one line, naming the path) says what is wrong.
        ``keep_questions=False`` holds questions and feedback in memory only (TEMP tables,
        which shadow the file's), for follow-ups and buttons; the audit log is still kept.
        """
        self.path = str(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self._open(keep_questions)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise StoreError(f"database {self.path}: {describe(exc)}") from None
        except StoreError:
            self.close()
            raise

    def _open(self, keep_questions: bool) -> None:
        if self.path != ":memory:":
            # SQLite opens a file it may not write read-only, and leaves -wal and -shm
            # files beside it: look first
            problem = unwritable(Path(self.path))
            if problem:
                raise StoreError(f"database {self.path}: {problem}")
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        problem = schema_problem(self._db)  # reading page 1: "file is not a database" if junk
        if problem:
            raise StoreError(f"database {self.path}: {problem}")
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA busy_timeout = 5000")
        self._check_writable()
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self.migrate()
        if not keep_questions:
            self._db.executescript(_MEMORY_ONLY)

    def _check_writable(self) -> None:
        """Write the schema version over itself and roll back: SQLite opens a file it may
        not write read-only without a word, and says so only at the first write."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(f"PRAGMA user_version = {self.version}")
        finally:
            self._db.execute("ROLLBACK")

    # --- schema -------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        with self._lock:
            current = self.version
            if current > SCHEMA_VERSION:
                raise StoreError(f"database {self.path}: {_newer(current)}")
            for number in range(current, SCHEMA_VERSION):
                script = (f"BEGIN IMMEDIATE; {MIGRATIONS[number]};"
                          f" PRAGMA user_version = {number + 1}; COMMIT;")
                try:
                    self._db.executescript(script)
                except sqlite3.Error:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    if self.version > number:
                        continue  # another process (another shard) migrated it meanwhile
                    raise

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN ... COMMIT, rolled back on error (the connection is in autocommit mode)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()

    # --- questions ----------------------------------------------------------
    def log_question(self, *, kind: str, question: str, answered: bool,
                     context: str | None = None, guild_id: int | None = None,
                     channel_id: int | None = None, reason: str | None = None,
                     top_passage: str | None = None, score: float | None = None,
                     kb_version: str | None = None) -> int:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO questions (asked_at, kind, question, context, guild_id, channel_id,"
                " answered, reason, top_passage, score, kb_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), kind, question, context, guild_id, channel_id, int(answered),
                 reason, top_passage, score, kb_version))
            return int(cursor.lastrowid or 0)

    def set_reply_message(self, question_id: int, message_id: int) -> None:
        with self._lock:
            self._db.execute("UPDATE questions SET reply_message_id = ? WHERE id = ?",
                             (message_id, question_id))

    def _record(self, row: tuple | None) -> QuestionRecord | None:
        if row is None:
            return None
        return QuestionRecord(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6])

    _COLUMNS = "id, kind, question, context, answered, guild_id, channel_id"

    def question(self, question_id: int) -> QuestionRecord | None:
        with self._lock:
            row = self._db.execute(f"SELECT {self._COLUMNS} FROM questions WHERE id = ?",  # noqa: S608
                                   (question_id,)).fetchone()
        return self._record(row)

    def question_for_reply(self, message_id: int) -> QuestionRecord | None:
        """The question that the bot's message ``message_id`` answered."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {self._COLUMNS} FROM questions WHERE reply_message_id = ?"  # noqa: S608
                " ORDER BY id DESC LIMIT 1", (message_id,)).fetchone()
        return self._record(row)

    # --- feedback -----------------------------------------------------------
    def add_feedback(self, question_id: int, value: int, replaces: int | None = None) -> None:
        """Record a vote (+1 or -1); ``replaces`` withdraws one earlier vote of that value."""
        with self._lock, self._transaction():
            if replaces is not None:
                self._db.execute(
                    "DELETE FROM feedback WHERE id = (SELECT MAX(id) FROM feedback"
                    " WHERE question_id = ? AND value = ?)", (question_id, replaces))
            self._db.execute("INSERT INTO feedback (question_id, value, at) VALUES (?, ?, ?)",
                             (question_id, 1 if value > 0 else -1, time.time()))

    def feedback_counts(self, question_id: int) -> tuple[int, int]:
        with self._lock:
            row = self._db.execute(
                "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0)"
                " FROM feedback WHERE question_id = ?", (question_id,)).fetchone()
        return int(row[0]), int(row[1])

    # --- audit log ----------------------------------------------------------
    def log_audit(self, *, actor: str, action: str, actor_id: int | None = None,
                  detail: str | None = None, kb_version: str | None = None) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO audit (at, actor, actor_id, action, detail, kb_version)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (time.time(), actor, actor_id, action, detail, kb_version))

    def audit(self, limit: int = 20) -> list[AuditEntry]:
        """The newest entries first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, actor, actor_id, action, detail, kb_version FROM audit"
                " ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [AuditEntry(*row) for row in rows]

    # --- knowledge stamp ----------------------------------------------------
    def write_stamp(self, version: str, by: str, origin: str = "discord") -> Stamp:
        """Record ``version`` as the knowledge to serve, with the next counter; the new stamp."""
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO knowledge_stamp (id, version, counter, stamped_by, origin, stamped_at)"
                " VALUES (1, ?, 1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " version = excluded.version, counter = counter + 1,"
                " stamped_by = excluded.stamped_by, origin = excluded.origin,"
                " stamped_at = excluded.stamped_at",
                (version, by, origin, time.time()))
            return self._read_stamp()  # type: ignore[return-value]

    def stamp(self) -> Stamp | None:
        """The last stamp; None before the first refresh or shell change."""
        with self._lock:
            return self._read_stamp()

    def _read_stamp(self) -> Stamp | None:
        row = self._db.execute("SELECT version, counter, stamped_by, origin, stamped_at"
                               " FROM knowledge_stamp WHERE id = 1").fetchone()
        return None if row is None else Stamp(row[0], int(row[1]), row[2], row[3], row[4])

    # --- gaps and retention -------------------------------------------------
    def gap_rows(self, since: float) -> list[GapRow]:
        """Questions since ``since`` that were declined (not small talk, a question about the
        articles or the bot, a complaint, nor a request for more with nothing further) or got
        a 👎."""
        with self._lock:
            rows = self._db.execute(
                "SELECT q.question, q.asked_at, q.answered = 0,"
                " (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.value = -1)"
                " AS down FROM questions q"
                " WHERE q.asked_at >= ? AND q.kind != 'search'"
                " AND ((q.answered = 0"
                "       AND COALESCE(q.reason, '') NOT IN ('small_talk', 'empty', 'sources',"
                "                                          'no_more', 'help', 'complaint'))"
                "      OR down > 0)", (since,)).fetchall()
        return [GapRow(r[0], r[1], bool(r[2]), int(r[3])) for r in rows]

    def purge(self, older_than: float) -> int:
        """Delete questions (and their feedback) asked before ``older_than``; how many."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM questions WHERE asked_at < ?", (older_than,))
            return cursor.rowcount
