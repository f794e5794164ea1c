"""Regenerate tests/data/first_schema.duckdb: a database written by the first released schema
(migrations 001-004) with a few ledger events, for the upgrade-in-place test. Never hand-edit."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent)]

from tests_support import article_events  # noqa: E402
from warehouse.db import list_migrations  # noqa: E402
from warehouse.ledger import append_ledger_events  # noqa: E402

FIRST_SCHEMA = 4


def main() -> None:
    target = HERE / "first_schema.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute(f"ATTACH '{target.as_posix()}' AS old (BLOCK_SIZE 16384)")  # small file in the repo
    con.execute("USE old")
    con.execute("""CREATE TABLE _migrations (number INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
                   checksum VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)""")
    for number, name, sql in list_migrations():
        if number > FIRST_SCHEMA:
            break
        con.execute(sql)
        con.execute("INSERT INTO _migrations VALUES (?, ?, ?, now())",
                    [number, name, hashlib.sha256(sql.encode()).hexdigest()]).fetchall()
    for n in (1, 2):
        append_ledger_events(con, article_events(n))
    # projections are left empty: today's projection code does not fit the first schema
    con.execute("CHECKPOINT old")
    con.execute("USE memory")
    con.execute("DETACH old")
    con.close()
    print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
