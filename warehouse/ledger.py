"""The append-only ledger: what the pipeline saw and did, as ledger events.

A ledger event's id is a uuid5 of its natural key (see ``ledger_event``), so appending
the same fact twice adds nothing. Positions are assigned in commit order by the one
process that holds the file read-write; stream versions count up within each stream and
``UNIQUE (stream_id, stream_version)`` rejects a conflicting concurrent append.
Nothing in this package updates or deletes ledger rows.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

import duckdb
import pyarrow as pa

NAMESPACE = uuid.UUID("6f1c1d0e-4b8e-5d55-9a51-6e6577736c67")

LEDGER_EVENT_TYPES = (
    "FeedPolled",         # a feed answered; payload lists its entries
    "FeedUnchanged",      # a feed answered 304 Not Modified
    "FeedFailed",         # a feed could not be fetched or parsed
    "ArticleDiscovered",  # a feed listed an article URL
    "ArticleFetched",     # an article's bytes were stored in documents
    "FetchFailed",        # an article could not be fetched
    "ArticleNotModified",  # a conditional refetch found the article unchanged
    "ArticleExtracted",   # main text and metadata extracted from stored bytes
    "ExtractionFailed",   # no text could be extracted
    "NewsEventsExtracted",  # the news events found in an article's text
)


@dataclass(frozen=True)
class LedgerEvent:
    ledger_event_id: str
    stream_id: str
    ledger_event_type: str
    payload: dict
    flow_run_id: str | None = None


def ledger_event(ledger_event_type: str, stream_id: str, natural_key: str, payload: dict,
                 flow_run_id: str | None = None) -> LedgerEvent:
    """Build a ledger event whose id is determined by (type, stream, natural key)."""
    if ledger_event_type not in LEDGER_EVENT_TYPES:
        raise ValueError(f"unknown ledger event type {ledger_event_type!r}")
    key = f"{ledger_event_type}|{stream_id}|{natural_key}"
    return LedgerEvent(str(uuid.uuid5(NAMESPACE, key)), stream_id, ledger_event_type, payload, flow_run_id)


def stable_id(*parts: str) -> str:
    """A deterministic id for a natural key (articles, news events, mentions)."""
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


_SCHEMA = pa.schema([
    ("ord", pa.int64()), ("ledger_event_id", pa.string()), ("stream_id", pa.string()),
    ("ledger_event_type", pa.string()), ("payload", pa.string()), ("flow_run_id", pa.string()),
])


def append_ledger_events(con: duckdb.DuckDBPyConnection, events: Iterable[LedgerEvent],
                         recorded_at: datetime | None = None) -> int:
    """Append the events not yet in the ledger, in one columnar insert. Returns how many were new.

    The caller owns the transaction when it wants the append to commit together with
    other writes (documents, projections); otherwise DuckDB autocommits this statement.
    """
    unique: dict[str, LedgerEvent] = {}
    for ev in events:
        unique.setdefault(ev.ledger_event_id, ev)
    if not unique:
        return 0
    rows = list(unique.values())
    batch = pa.table({
        "ord": list(range(len(rows))),
        "ledger_event_id": [e.ledger_event_id for e in rows],
        "stream_id": [e.stream_id for e in rows],
        "ledger_event_type": [e.ledger_event_type for e in rows],
        "payload": [json.dumps(e.payload, sort_keys=True, ensure_ascii=False, default=str) for e in rows],
        "flow_run_id": [e.flow_run_id for e in rows],
    }, schema=_SCHEMA)
    when = recorded_at or datetime.now(timezone.utc)
    con.register("_incoming_ledger_events", batch)
    try:
        inserted = con.execute("""
            INSERT INTO ledger BY NAME
            SELECT
                (SELECT coalesce(max(position), 0) FROM ledger) + row_number() OVER (ORDER BY c.ord) AS position,
                c.ledger_event_id::UUID AS ledger_event_id,
                c.stream_id,
                coalesce(v.version, 0) + row_number() OVER (PARTITION BY c.stream_id ORDER BY c.ord) AS stream_version,
                c.ledger_event_type,
                c.payload::JSON AS payload,
                ?::TIMESTAMPTZ AS recorded_at,
                c.flow_run_id
            FROM _incoming_ledger_events c
            LEFT JOIN (SELECT stream_id, max(stream_version) AS version FROM ledger
                       WHERE stream_id IN (SELECT stream_id FROM _incoming_ledger_events)
                       GROUP BY stream_id) v USING (stream_id)
            ANTI JOIN ledger l ON l.ledger_event_id = c.ledger_event_id::UUID
            ORDER BY c.ord
        """, [when]).fetchall()
        return inserted[0][0] if inserted else 0
    finally:
        con.unregister("_incoming_ledger_events")


def read_ledger_events(con: duckdb.DuckDBPyConnection, after: int = 0, types: Iterable[str] | None = None,
                       stream_ids: Iterable[str] | None = None, limit: int | None = None) -> list[dict]:
    """Ledger events after ``position``, oldest first, payloads decoded."""
    sql = ["SELECT position, ledger_event_id::VARCHAR, stream_id, stream_version, ledger_event_type,",
           "payload::VARCHAR, recorded_at, flow_run_id FROM ledger WHERE position > ?"]
    params: list = [after]
    if types is not None:
        sql.append("AND list_contains(?, ledger_event_type)")
        params.append(list(types))
    if stream_ids is not None:
        sql.append("AND list_contains(?, stream_id)")
        params.append(list(stream_ids))
    sql.append("ORDER BY position")
    if limit:
        sql.append(f"LIMIT {int(limit)}")
    cols = ["position", "ledger_event_id", "stream_id", "stream_version", "ledger_event_type",
            "payload", "recorded_at", "flow_run_id"]
    out = []
    for row in con.execute(" ".join(sql), params).fetchall():
        item = dict(zip(cols, row))
        item["payload"] = json.loads(item["payload"])
        out.append(item)
    return out


def last_position(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(position), 0) FROM ledger").fetchall()[0][0]
