from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from warehouse.db import MigrationError, connect, list_migrations, migrate
from warehouse.projections import projection_checksums, rebuild_projections, update_projections

OLD = ROOT / "tests" / "data" / "first_schema.duckdb"


def test_database_from_the_first_schema_upgrades_in_place(tmp_path):
    db = tmp_path / "old.duckdb"
    shutil.copy(OLD, db)
    with connect(db) as con:  # connecting applies pending migrations
        applied = [r[0] for r in con.execute("SELECT number FROM _migrations ORDER BY 1").fetchall()]
        assert applied == [n for n, _, _ in list_migrations()]
        assert con.execute("SELECT count(*) FROM ledger").fetchone()[0] == 8
        before = projection_checksums(con)  # connecting rebuilt the projections for the new schema
        assert before["news_event_mentions"].endswith(":2")
        rebuild_projections(con)
        assert projection_checksums(con) == before
        history = con.execute("SELECT count(*) FROM news_event_mentions_history").fetchone()[0]
        assert history == 2
        assert con.execute("SELECT count(*) FROM news_events WHERE event_date IS NOT NULL").fetchone()[0] == 1
        update_projections(con)
        assert projection_checksums(con) == before


def test_each_migration_runs_in_its_own_transaction(tmp_path, monkeypatch):
    import warehouse.db as db_module

    good = list_migrations()
    broken = good + [(999, "999_broken.sql", "CREATE TABLE half_done (x INTEGER); SELECT * FROM missing_table;")]
    monkeypatch.setattr(db_module, "list_migrations", lambda: broken)
    import duckdb

    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    with pytest.raises(duckdb.Error):
        migrate(con)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "ledger" in tables and "half_done" not in tables
    assert con.execute("SELECT max(number) FROM _migrations").fetchone()[0] == good[-1][0]


def test_an_edited_migration_is_refused(tmp_path, monkeypatch):
    import warehouse.db as db_module

    db = tmp_path / "e.duckdb"
    with connect(db):
        pass
    edited = [(n, name, sql + "\n-- edited") if n == 1 else (n, name, sql) for n, name, sql in list_migrations()]
    monkeypatch.setattr(db_module, "list_migrations", lambda: edited)
    with pytest.raises(MigrationError):
        with connect(db):
            pass
