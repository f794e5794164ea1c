"""Guarantees under failure: reprocessing, locked files, concurrent runs, SIGKILL at any point."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT
from tests_support import stable_snapshot, write_local_feed
from warehouse.db import DatabaseLocked, connect

ARTICLES = 12


def _env(tmp_path: Path, name: str) -> dict:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(tmp_path / f"prefect-{name}"), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING",
               NEWSLEDGER_LOCK_WAIT_SECONDS="120", PYTHONPATH=str(ROOT))
    env.pop("PREFECT_API_URL", None)
    return env


def _ingest_cmd(db: Path, feeds: Path) -> list[str]:
    code = (f"from flows.ingest import ingest; ingest(db={str(db)!r}, feeds_file={str(feeds)!r}, "
            "fetch_batch_size=3, text_batch_size=3, nlp_batch_size=3, n_process=1)")
    return [sys.executable, "-c", code]


def _run(db: Path, feeds: Path, env: dict) -> None:
    done = subprocess.run(_ingest_cmd(db, feeds), env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reference")
    feeds = write_local_feed(folder, ARTICLES)
    db = folder / "reference.duckdb"
    _run(db, feeds, _env(folder, "ref"))
    return feeds, stable_snapshot(db)


def _ledger_count(db: Path) -> int:
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1  # locked by the writer, or not created yet
    try:
        return con.execute("SELECT count(*) FROM ledger").fetchone()[0]
    except duckdb.Error:
        return -1
    finally:
        con.close()


@pytest.mark.parametrize("kill_after", [1, 14, 30, 45])
def test_sigkill_at_any_point_then_rerun_equals_an_uninterrupted_run(reference, tmp_path, kill_after):
    feeds, expected = reference
    db = tmp_path / "crash.duckdb"
    env = _env(tmp_path, "crash")
    proc = subprocess.Popen(_ingest_cmd(db, feeds), env=env, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if _ledger_count(db) >= kill_after:
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    _run(db, feeds, env)
    assert stable_snapshot(db) == expected


def test_two_runs_started_together_equal_one_run(reference, tmp_path):
    feeds, expected = reference
    db = tmp_path / "together.duckdb"
    procs = [subprocess.Popen(_ingest_cmd(db, feeds), env=_env(tmp_path, f"p{i}"), cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
    assert stable_snapshot(db) == expected


def test_locked_database_keeps_fetched_documents_for_the_next_run(tmp_path):
    from newsledger import pipeline
    from newsledger.feedlist import load_feed_list
    from newsledger.fetch import FetchOptions
    from newsledger.spool import spool_dir

    feeds_file = write_local_feed(tmp_path, 3)
    feed_list = load_feed_list(feeds_file)
    db = tmp_path / "locked.duckdb"
    cfg = pipeline.PipelineConfig(db=db, run_id="r1", fetch=FetchOptions(allowed_dirs=feed_list.allowed_dirs),
                                  lock_wait_seconds=0.3)
    pipeline.poll_feeds(cfg, list(feed_list.feeds))
    pending = pipeline.find_pending_fetches(cfg)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('ok', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(DatabaseLocked) as info:
            pipeline.fetch_articles(cfg, pending)
        message = str(info.value)
        assert "locked" in message and str(holder.pid) in message and "next run" in message
        assert len(list(spool_dir(db).iterdir())) == 1
    finally:
        holder.kill()
        holder.wait()
    (tmp_path / "articles" / "a000.txt").unlink()  # gone from the source: only the spool has it now
    assert pipeline.drain_spool(cfg) == 3
    assert pipeline.find_pending_fetches(cfg) == []
    assert not any(spool_dir(db).iterdir())
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_ingest_on_a_locked_file_says_who_holds_it(tmp_path):
    db = tmp_path / "held.duckdb"
    with connect(db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('ok', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        env = _env(tmp_path, "held")
        env["NEWSLEDGER_LOCK_WAIT_SECONDS"] = "1"
        done = subprocess.run([sys.executable, "-m", "newsledger.cli", "ingest", "--db", str(db)], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "is locked by process" in done.stderr and str(holder.pid) in done.stderr
    assert "Traceback" not in done.stderr


def test_reprocess_with_a_new_extractor_version(prefect_harness, tmp_path, monkeypatch):
    from flows.ingest import ingest
    from flows.reprocess import reprocess
    from newsledger import pipeline

    db = tmp_path / "re.duckdb"
    ingest(db=str(db), n_process=1)
    assert reprocess(db=str(db), n_process=1)["analysed"]["processed"] == 0  # nothing new to do
    current = pipeline.NEWS_EVENT_EXTRACTOR_VERSION
    monkeypatch.setattr(pipeline, "NEWS_EVENT_EXTRACTOR_VERSION", current + "-next")
    result = reprocess(db=str(db), n_process=1)
    assert result["analysed"]["processed"] == 1 and result["texts"]["extracted"] == 0
    with connect(db, read_only=True) as con:
        counts = dict(con.execute("SELECT ledger_event_type, count(*) FROM ledger GROUP BY 1").fetchall())
        assert counts["ArticleFetched"] == 1 and counts["NewsEventsExtracted"] == 2
        assert con.execute("SELECT news_event_extractor FROM articles").fetchall()[0][0] == current + "-next"
        versions = con.execute("SELECT DISTINCT extractor_version FROM news_event_mentions_history ORDER BY 1").fetchall()
        assert versions == [(current,), (current + "-next",)]
