"""The SQLite store: question log, replies for follow-ups, feedback, schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store import SCHEMA_VERSION, Store, StoreError


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
    with pytest.raises(StoreError, match="newer than this bot"):
        Store(path)


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_junk_file_is_refused_in_one_line_and_left_as_it_was(tmp_path) -> None:
    path = tmp_path / "citebot.sqlite3"
    path.write_text("not a database\n" * 100)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == (f"database {path}: is not a SQLite database "
                                 "(file is not a database)")
    assert path.read_text() == "not a database\n" * 100
    assert files(tmp_path) == ["citebot.sqlite3"]


def test_a_folder_is_refused(tmp_path) -> None:
    with pytest.raises(StoreError, match=f"^database {tmp_path}: is a folder$"):
        Store(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match=f"{blocker} is not a folder$"):
        Store(blocker / "citebot.sqlite3")


def test_a_read_only_database_is_refused_before_anything_is_written(tmp_path,
                                                                   make_read_only) -> None:
    path = tmp_path / "citebot.sqlite3"
    Store(path).close()
    before = path.read_bytes()
    make_read_only(path)
    with pytest.raises(StoreError, match=f"^database {path}: is read-only$"):
        Store(path)
    assert path.read_bytes() == before
    assert files(tmp_path) == ["citebot.sqlite3"]  # no -wal or -shm left behind


def test_a_version_1_database_migrates_and_keeps_its_rows(tmp_path) -> None:
    from bot.store import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO questions (asked_at, kind, question, answered)"
               " VALUES (1, 'chat', 'old?', 0)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()

    store = Store(path)
    assert store.version == SCHEMA_VERSION == 3
    assert store.question(1).question == "old?"
    store.log_audit(actor="mod", actor_id=7, action="refresh", detail="after the upgrade")
    store.close()
    again = Store(path)  # a restart keeps both logs
    assert again.question(1).question == "old?"
    assert [(e.actor, e.actor_id, e.action) for e in again.audit()] == [("mod", 7, "refresh")]
    again.close()


def test_with_the_question_log_off_nothing_reaches_the_file(tmp_path) -> None:
    path = tmp_path / "citebot.sqlite3"
    store = Store(path, keep_questions=False)
    qid = store.log_question(kind="chat", question="private?", answered=True)
    store.set_reply_message(qid, 5)
    store.add_feedback(qid, -1)
    assert store.question_for_reply(5).question == "private?"  # follow-ups still work
    store.log_audit(actor="mod", action="refresh")
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM questions").fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM feedback").fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM audit").fetchone() == (1,)


def test_retention_deletes_old_questions_and_their_feedback(store) -> None:
    old = store.log_question(kind="chat", question="old", answered=True)
    store.add_feedback(old, -1)
    new = store.log_question(kind="chat", question="new", answered=False, reason="not_covered")
    store._db.execute("UPDATE questions SET asked_at = 1000 WHERE id = ?", (old,))
    assert store.purge(older_than=2000) == 1
    assert store.question(old) is None and store.question(new) is not None
    assert store.feedback_counts(old) == (0, 0)
    assert [r.question for r in store.gap_rows(0)] == ["new"]


def test_gaps_leave_out_what_the_articles_were_never_asked(store) -> None:
    for question, reason in (("hi", "small_talk"), ("who wrote this article?", "sources"),
                             ("tell me more", "no_more"), ("what can you do?", "help"),
                             ("you're wrong", "complaint"), ("what about cricket?", "not_covered")):
        store.log_question(kind="chat", question=question, answered=False, reason=reason)
    assert [r.question for r in store.gap_rows(0)] == ["what about cricket?"]
