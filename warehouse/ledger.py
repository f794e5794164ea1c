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


def ledger_event_id(ledger_event_type: str, stream_id: str, natural_key: str) -> str:
    """The id of the ledger event (type, stream, natural key), whether or not it was recorded."""
    return str(uuid.uuid5(NAMESPACE, f"{ledger_event_type}|{stream_id}|{natural_key}"))


def ledger_event(ledger_event_type: str, stream_id: str, natural_key: str, payload: dict,
                 flow_run_id: str | None = None) -> LedgerEvent:
    """Build a ledger event whose id is determined by (type, stream, natural key)."""
    if ledger_event_type not in LEDGER_EVENT_TYPES:
        raise ValueError(f"unknown ledger event type {ledger_event_type!r}")
    return LedgerEvent(ledger_event_id(ledger_event_type, stream_id, natural_key), stream_id, ledger_event_type,
                       payload, flow_run_id)


def text_extraction_key(content_hash: str, text_extractor: str) -> str:
    """Natural key of ArticleExtracted and ExtractionFailed: which bytes, which extractor version.
    ``queries.pending_text`` finds the texts already done by these ids, without reading the texts."""
    return f"{content_hash}|{text_extractor}"


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
    """Ledger events after ``position``, oldest first, payloads decoded.

    The rows are chosen on narrow columns first and only their payloads are read: filtering the
    payload scan itself by stream made DuckDB read (and cache) every payload in the ledger, stored
    texts included, so memory grew with the ledger."""
    where, params = ["position > ?"], [after]
    if types is not None:
        where.append("list_contains(?, ledger_event_type)")
        params.append(list(types))
    if stream_ids is not None:
        where.append("stream_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(stream_ids))
    positions = [r[0] for r in con.execute(
        f"SELECT position FROM ledger WHERE {' AND '.join(where)} ORDER BY position"
        + (f" LIMIT {int(limit)}" if limit else ""), params).fetchall()]
    cols = ["position", "ledger_event_id", "stream_id", "stream_version", "ledger_event_type",
            "payload", "recorded_at", "flow_run_id"]
    out = []
    for row in con.execute("""SELECT position, ledger_event_id::VARCHAR, stream_id, stream_version, ledger_event_type,
                                     payload::VARCHAR, recorded_at, flow_run_id
                              FROM ledger WHERE position IN (SELECT unnest(?::BIGINT[])) ORDER BY position""",
                           [positions]).fetchall():
        item = dict(zip(cols, row))
        item["payload"] = json.loads(item["payload"])
        out.append(item)
    return out


def last_position(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(position), 0) FROM ledger").fetchall()[0][0]
