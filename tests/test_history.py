"""Time travel, the change feed, Parquet export, reprocessing and the spool."""
from __future__ import annotations

import json

import duckdb
import pytest

from newsledger.cli import main
from tests_support import seed_ledger
from warehouse.db import connect
from warehouse.history import as_of, export_parquet, resolve_point, tail


def test_as_of_position_answers_from_the_past(db_path):
    seed_ledger(db_path, articles=3)
    with connect(db_path, read_only=True) as con:
        positions = [r[0] for r in con.execute(
            "SELECT position FROM ledger WHERE ledger_event_type = 'NewsEventsExtracted' ORDER BY 1").fetchall()]
    mem, position = as_of(db_path, str(positions[0]))
    try:
        assert position == positions[0]
        assert mem.execute("SELECT count(*) FROM news_event_mentions").fetchone()[0] == 1
        assert mem.execute("SELECT max(position) FROM ledger").fetchone()[0] == positions[0]
    finally:
        mem.close()
    mem, _ = as_of(db_path, str(positions[-1]))
    assert mem.execute("SELECT count(*) FROM news_event_mentions").fetchone()[0] == 3
    mem.close()


def test_as_of_timestamp(db_path):
    seed_ledger(db_path, articles=1)
    with connect(db_path, read_only=True) as con:
        assert resolve_point(con, "2000-01-01T00:00:00Z") == 0
        assert resolve_point(con, "2999-01-01") == con.execute("SELECT max(position) FROM ledger").fetchone()[0]
        with pytest.raises(ValueError):
            resolve_point(con, "last tuesday")


def test_query_as_of_from_the_cli(db_path, capsys):
    seed_ledger(db_path, articles=2)
    assert main(["query", "--db", str(db_path), "--as-of", "1", "--format", "json",
                 "SELECT count(*) AS n FROM articles"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 1}]


def test_tail_prints_every_ledger_event_after_a_position(db_path, capsys):
    seed_ledger(db_path, articles=2)
    with connect(db_path, read_only=True) as con:
        total = con.execute("SELECT count(*) FROM ledger").fetchone()[0]
        lines = list(tail(con, after=2, batch=3))
    assert [json.loads(line)["position"] for line in lines] == list(range(3, total + 1))
    assert main(["tail", "--db", str(db_path), "--after", str(total - 1)]) == 0
    assert json.loads(capsys.readouterr().out)["position"] == total


def test_export_parquet_is_readable_without_the_database(db_path, tmp_path):
    seed_ledger(db_path, articles=2)
    with connect(db_path, read_only=True) as con:
        written = export_parquet(con, tmp_path / "out", include_ledger=True)
        expected = con.execute("SELECT count(*) FROM news_event_mentions").fetchone()[0]
    names = {p.name for p in written}
    assert {"articles.parquet", "news_events.parquet", "ledger.parquet"} <= names
    other = duckdb.connect()
    assert other.execute(f"SELECT count(*) FROM '{tmp_path / 'out' / 'news_event_mentions.parquet'}'").fetchone()[0] == expected
