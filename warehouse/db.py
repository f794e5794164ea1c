"""Open the DuckDB file, retrying while another process holds it, and apply migrations.

Migrations are numbered ``.sql`` files in ``warehouse/migrations``; each runs in its own
transaction and is recorded in ``_migrations`` with a checksum, so a database written
by an older schema upgrades in place and an edited migration is detected.
"""
from __future__ import annotations

import hashlib
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseLocked(RuntimeError):
    """Another process holds the DuckDB file."""


class MigrationError(RuntimeError):
    pass


def _lock_message(path: Path, exc: Exception) -> str:
    holder = re.search(r"\(PID (\d+)\)", str(exc))
    who = f" by process {holder.group(1)}" if holder else ""
    return (f"The database {path} is locked{who}. DuckDB lets one process write a file at a time. "
            f"Wait for that process to finish, or query a copy: `newsledger export --db {path} DIR` "
            f"while nothing writes, then read the Parquet files.")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


def open_connection(path: Path | str, read_only: bool = False, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying with backoff for up to ``wait_seconds`` while it is locked."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(_lock_message(path, exc)) from exc
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, 2.0)


def list_migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every migration file, in order."""
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        number = int(file.name.split("_", 1)[0])
        found.append((number, file.name, file.read_text(encoding="utf-8")))
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    con.execute("""CREATE TABLE IF NOT EXISTS _migrations (
        number INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL)""")
    applied = {n: c for n, c in con.execute("SELECT number, checksum FROM _migrations").fetchall()}
    done = []
    for number, name, sql in list_migrations():
        checksum = hashlib.sha256(sql.encode()).hexdigest()
        if number in applied:
            if applied[number] != checksum:
                raise MigrationError(f"migration {name} changed after it was applied; add a new migration instead")
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO _migrations VALUES (?, ?, ?, now())", [number, name, checksum]).fetchall()
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(name)
    return done


@contextmanager
def connect(path: Path | str, read_only: bool = False, wait_seconds: float = 0.0,
            threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with the schema up to date; closed (and the file released) on exit.

    ``threads`` caps DuckDB's worker threads (default: one per CPU). Its worker threads keep
    buffers and malloc arenas of their own, which a process opening many short connections
    (one per batch) accumulates; small queries gain nothing from them."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"No database at {path}. Run `newsledger ingest --db {path}` first.")
    con = open_connection(path, read_only=read_only, wait_seconds=wait_seconds)
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}").fetchall()
        if not read_only and migrate(con) and con.execute("SELECT count(*) FROM ledger").fetchall()[0][0]:
            # the schema changed under existing data: projections are rebuilt to the new definitions
            from warehouse.projections import rebuild_projections

            rebuild_projections(con)
        yield con
    finally:
        con.close()
