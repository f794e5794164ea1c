from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_ARTICLE
from newsledger.cli import main
from warehouse.db import connect
from warehouse.ledger import append_ledger_events, ledger_event
from warehouse.projections import update_projections


@pytest.fixture
def small_db(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, [ledger_event("FeedPolled", "feed:x", "1", {"url": "x", "title": "X feed"})])
        update_projections(con)
    return db_path


def test_query_json_prints_one_array_of_row_objects(small_db, capsys):
    assert main(["query", "--db", str(small_db), "--format", "json",
                 "SELECT feed_url, title, entries_seen FROM feeds"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"feed_url": "x", "title": "X feed", "entries_seen": 0}]


def test_query_csv(small_db, capsys):
    assert main(["query", "--db", str(small_db), "--format", "csv", "SELECT 1 AS a, 'b' AS b"]) == 0
    assert capsys.readouterr().out.splitlines() == ["a,b", "1,b"]


def test_query_is_read_only(small_db, capsys):
    assert main(["query", "--db", str(small_db), "DELETE FROM ledger"]) == 2
    assert "read-only" in capsys.readouterr().err.lower()


def test_bad_sql_gets_a_message_not_a_traceback(small_db, capsys):
    assert main(["query", "--db", str(small_db), "SELECT * FROM no_such_table"]) == 2
    err = capsys.readouterr().err
    assert "the query failed" in err and "no_such_table" in err and "Traceback" not in err


def test_query_on_missing_database(tmp_path, capsys):
    assert main(["query", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"]) == 2
    assert "newsledger ingest" in capsys.readouterr().err


def test_status(small_db, capsys):
    assert main(["status", "--db", str(small_db)]) == 0
    out = capsys.readouterr().out
    assert "X feed" in out and "FeedPolled" in out


def test_replay_prints_checksums(small_db, capsys):
    assert main(["replay", "--db", str(small_db)]) == 0
    assert "feeds" in capsys.readouterr().out


def test_extract_document_prints_jsonl(capsys):
    assert main(["extract", str(SEED_ARTICLE)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["kind"] for r in rows} == {"designation", "contract", "regulation"}
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    for r in rows:
        assert text[r["trigger_start"]:r["trigger_end"]] == r["trigger"]
        for key in ("kind", "subtype", "modality", "actor", "actor_id", "target", "target_id", "amount",
                    "amount_value", "currency", "label", "jurisdiction", "sentence", "confidence"):
            assert key in r


def test_extract_batch_jsonl_echoes_ids(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "text": "The Commerce Department added Huawei to the Entity List."}) + "\n"
                   + json.dumps({"id": "p2", "text": "The weather was mild on Tuesday."}) + "\n")
    assert main(["extract", str(src), "--input-format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["id"] for r in rows} == {"p1"}
    assert rows[0]["target"] == "Huawei" and rows[0]["kind"] == "designation"


def test_extract_nothing_found_prints_nothing(tmp_path, capsys):
    src = tmp_path / "plain.txt"
    src.write_text("The weather was mild on Tuesday.")
    assert main(["extract", str(src)]) == 0
    assert capsys.readouterr().out == ""


def test_console_script_help_lists_commands():
    out = subprocess.run([sys.executable, "-m", "newsledger.cli", "--help"], capture_output=True, text=True,
                         cwd=ROOT).stdout
    for command in ("ingest", "query", "extract", "replay", "status"):
        assert command in out


def test_query_output_is_csv_when_piped(small_db):
    out = subprocess.run([sys.executable, "-m", "newsledger.cli", "query", "--db", str(small_db),
                          "SELECT feed_url, title FROM feeds"], capture_output=True, text=True, cwd=ROOT).stdout
    assert out.splitlines() == ["feed_url,title", "x,X feed"]


def test_query_waits_briefly_for_a_writer_mid_batch(small_db, capsys):
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(small_db)!r}); "
                               "print('ok', flush=True); time.sleep(1.5); c.close(); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        assert main(["query", "--db", str(small_db), "--format", "csv", "SELECT count(*) AS n FROM ledger"]) == 0
        assert capsys.readouterr().out.splitlines() == ["n", "1"]
    finally:
        holder.kill()
        holder.wait()


def test_replay_reports_progress_as_plain_lines_when_not_a_terminal(small_db, capsys):
    from tests_support import seed_ledger

    seed_ledger(small_db, articles=2)
    assert main(["replay", "--db", str(small_db)]) == 0
    assert "article streams replayed: +2 of 2" in capsys.readouterr().err


def test_progress_listeners_receive_advances():
    from newsledger import progress

    seen = []
    with progress.listening(lambda stage, n, total: seen.append((stage, n, total))):
        progress.advance("fetch", 3, 10)
    progress.advance("fetch", 1)  # nobody listening: nothing happens
    assert seen == [("fetch", 3, 10)]
