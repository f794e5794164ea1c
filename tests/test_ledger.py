from __future__ import annotations

import duckdb
import pytest

from warehouse.db import DatabaseLocked, connect, list_migrations, open_connection
from warehouse.documents import load_documents, store_documents
from warehouse.ledger import append_ledger_events, ledger_event, read_ledger_events


def _events():
    return [ledger_event("FeedPolled", "feed:a", "h1", {"url": "a"}),
            ledger_event("FeedPolled", "feed:a", "h2", {"url": "a"}),
            ledger_event("FeedPolled", "feed:b", "h1", {"url": "b"})]


def test_append_assigns_positions_and_stream_versions(db_path):
    with connect(db_path) as con:
        assert append_ledger_events(con, _events()) == 3
        rows = con.execute("SELECT position, stream_id, stream_version FROM ledger ORDER BY position").fetchall()
    assert rows == [(1, "feed:a", 1), (2, "feed:a", 2), (3, "feed:b", 1)]


def test_appending_the_same_ledger_events_twice_adds_nothing(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, _events())
        assert append_ledger_events(con, _events()) == 0
        assert append_ledger_events(con, _events() + [ledger_event("FeedPolled", "feed:a", "h3", {})]) == 1
        assert con.execute("SELECT max(stream_version) FROM ledger WHERE stream_id = 'feed:a'").fetchone()[0] == 3


def test_conflicting_stream_version_is_rejected(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, _events())
        with pytest.raises(duckdb.ConstraintException):
            con.execute("""INSERT INTO ledger VALUES (99, uuid(), 'feed:a', 1, 'FeedPolled', '{}', now(), NULL)""")


def test_read_after_position(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, _events())
        events = read_ledger_events(con, after=1)
    assert [e["position"] for e in events] == [2, 3]
    assert events[0]["payload"] == {"url": "a"}


def test_unknown_ledger_event_type_is_refused():
    with pytest.raises(ValueError):
        ledger_event("SomethingHappened", "x", "k", {})


def test_documents_are_content_addressed(db_path):
    with connect(db_path) as con:
        hashes = store_documents(con, [b"abc", b"abc", b"xyz"])
        store_documents(con, [b"abc"])
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert load_documents(con, hashes) == {hashes[0]: b"abc", hashes[2]: b"xyz"}


def test_migrations_are_recorded_once(db_path):
    with connect(db_path) as con:
        pass
    with connect(db_path) as con:
        rows = con.execute("SELECT number FROM _migrations ORDER BY number").fetchall()
    assert [r[0] for r in rows] == [n for n, _, _ in list_migrations()]


def test_locked_database_gives_a_clear_message(db_path):
    import subprocess
    import sys
    import time

    with connect(db_path):
        pass
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb, time; c = duckdb.connect({str(db_path)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        started = time.monotonic()
        with pytest.raises(DatabaseLocked) as info:
            open_connection(db_path, wait_seconds=0.5)
        assert time.monotonic() - started >= 0.4
        assert "locked" in str(info.value) and str(holder.pid) in str(info.value)
    finally:
        holder.kill()
        holder.wait()
