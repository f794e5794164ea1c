"""The ``report`` flow: write the self-contained HTML report of the news events.

Ledger events read: none directly (it reads the projections). Ledger events written: none.
``prefect.yaml`` runs it whenever an ingest run emits ``newsledger.news_event.designation``.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, task

from newsledger.html_report import build_report
from newsledger.settings import Settings
from warehouse.db import connect
from warehouse.reporting import report_data


@task(name="write-report", retries=3, retry_delay_seconds=10)
def write_report(db: Path, out: Path, since: str | None) -> int:
    with connect(db, read_only=True, wait_seconds=30) as con:
        data = report_data(con, since)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(data, subtitle=f"From {db}."), encoding="utf-8")
    return len(data["news_events"])


@flow(name="report")
def report(db: str | None = None, out: str = "reports/newsledger.html", since: str | None = None) -> str:
    """Write the HTML report for ``db`` to ``out``; returns its path."""
    write_report(Path(db) if db else Settings.from_env().db, Path(out), since)
    return out
