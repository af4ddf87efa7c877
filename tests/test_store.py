"""The SQLite store: question log, replies for follow-ups, feedback, schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store import SCHEMA_VERSION, Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "db" / "citebot.sqlite3")
    yield s
    s.close()


def test_a_new_database_is_at_the_current_schema_in_wal_mode(store) -> None:
    assert store.version == SCHEMA_VERSION
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_questions_are_logged_and_found_by_their_reply(store) -> None:
    qid = store.log_question(kind="chat", question="Why?", answered=False, guild_id=1,
                             channel_id=2, reason="not_covered", kb_version="v1")
    assert store.question_for_reply(99) is None
    store.set_reply_message(qid, 99)
    record = store.question_for_reply(99)
    assert (record.id, record.kind, record.question, record.answered) == (qid, "chat", "Why?", False)
    assert (record.guild_id, record.channel_id) == (1, 2)
    columns = [row[1] for row in sqlite3.connect(store.path).execute("PRAGMA table_info(questions)")]
    assert not any("user" in c or "author" in c for c in columns)  # no user ids are stored


def test_feedback_counts_and_a_changed_vote_replaces_the_earlier_one(store) -> None:
    qid = store.log_question(kind="ask", question="q", answered=True)
    store.add_feedback(qid, 1)
    store.add_feedback(qid, -1)
    assert store.feedback_counts(qid) == (1, 1)
    store.add_feedback(qid, -1, replaces=1)
    assert store.feedback_counts(qid) == (0, 2)


def test_the_log_survives_a_restart(tmp_path) -> None:
    path = tmp_path / "citebot.sqlite3"
    first = Store(path)
    qid = first.log_question(kind="ask", question="kept?", answered=True)
    first.close()
    again = Store(path)
    assert again.question(qid).question == "kept?"
    again.close()


def test_a_database_from_a_newer_bot_is_refused(tmp_path) -> None:
    path = tmp_path / "citebot.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer than this bot"):
        Store(path)
