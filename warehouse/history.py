"""Reading the past and handing data on: time travel, the change feed, Parquet export.

Time travel copies the ledger up to a position into an in-memory database and folds it
with the same projection code as ``replay``, so "as of" answers are what the projections
held when the ledger ended there.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse.db import migrate, open_connection
from warehouse.ledger import read_ledger_events
from warehouse.projections import ALL_TABLES, rebuild_projections


def resolve_point(con: duckdb.DuckDBPyConnection, point: str) -> int:
    """A ledger position from a position number or a timestamp (the last position recorded by then)."""
    if re.fullmatch(r"\d+", point.strip()):
        return int(point)
    try:
        row = con.execute("SELECT coalesce(max(position), 0) FROM ledger WHERE recorded_at <= ?::TIMESTAMPTZ",
                          [point]).fetchall()[0]
    except duckdb.ConversionException as exc:
        raise ValueError(f"--as-of takes a ledger position or a timestamp such as 2026-03-01T12:00:00Z, "
                         f"not {point!r}") from exc
    return row[0]


def as_of(path: Path, point: str, wait_seconds: float = 5.0) -> tuple[duckdb.DuckDBPyConnection, int]:
    """An in-memory database whose projections are those of the ledger at ``point``."""
    source = open_connection(path, read_only=True, wait_seconds=wait_seconds)
    source.close()  # waits out a writer mid-batch, like any read
    mem = duckdb.connect()
    try:
        mem.execute(f"ATTACH '{Path(path).as_posix()}' AS source (READ_ONLY)")
        mem.execute("USE source")
        position = resolve_point(mem, point)
        mem.execute("USE memory")
        migrate(mem)
        mem.execute("INSERT INTO ledger SELECT * FROM source.ledger WHERE position <= ? ORDER BY position",
                    [position]).fetchall()
        mem.execute("DETACH source")
        rebuild_projections(mem)
    except Exception:
        mem.close()
        raise
    return mem, position


def tail(con: duckdb.DuckDBPyConnection, after: int, batch: int = 1000) -> Iterator[str]:
    """Ledger events after ``after`` as JSON lines, oldest first: a change feed for consumers."""
    position = after
    while True:
        events = read_ledger_events(con, after=position, limit=batch)
        if not events:
            return
        for ev in events:
            yield json.dumps(ev, ensure_ascii=False, default=str)
        position = events[-1]["position"]


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path, include_ledger: bool = False) -> list[Path]:
    """Write each projection (and optionally the ledger) to ``out_dir/<table>.parquet``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in (*ALL_TABLES, *(("ledger",) if include_ledger else ())):
        target = out_dir / f"{table}.parquet"
        con.execute(f"COPY (SELECT * FROM {table}) TO '{target.as_posix()}' (FORMAT parquet)").fetchall()
        written.append(target)
    return written
