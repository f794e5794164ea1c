"""Read-side queries: pending work derived from the ledger, feed state, summaries, user SQL.

Most of the ledger's bytes are stored texts (ArticleExtracted payloads). DuckDB reads, and keeps
cached for the connection, every payload a scan touches, so queries that run once per batch decide
on narrow columns (position, stream, type, id) and payloads of small event types, and read a
text-bearing payload only for the rows they return. Otherwise a run's memory grows with the ledger.
"""
from __future__ import annotations

import duckdb

from warehouse.ledger import ledger_event_id, text_extraction_key


def feed_conditions(con: duckdb.DuckDBPyConnection, feed_urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """The ETag and Last-Modified of each feed's last successful poll, for conditional requests."""
    rows = con.execute("""
        SELECT payload->>'url', last(payload->>'etag' ORDER BY position), last(payload->>'last_modified' ORDER BY position)
        FROM ledger WHERE ledger_event_type = 'FeedPolled' AND list_contains(?, payload->>'url')
        GROUP BY 1""", [feed_urls]).fetchall()
    return {url: (etag, modified) for url, etag, modified in rows}


def streams_by_canonical_url(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, str]:
    """Article streams whose page declared one of ``urls`` as its canonical URL."""
    rows = con.execute("""SELECT payload->>'canonical_url', min(stream_id) FROM ledger
                          WHERE ledger_event_type = 'ArticleExtracted'
                            AND list_contains(?, payload->>'canonical_url') GROUP BY 1""", [urls]).fetchall()
    return dict(rows)


def feed_health(con: duckdb.DuckDBPyConnection, feed_urls: list[str]) -> dict[str, tuple]:
    """(last_success_at, last_polled_at, last_error, entries_seen, consecutive_failures) per feed."""
    rows = con.execute("""SELECT feed_url, last_success_at, last_polled_at, last_error, entries_seen,
                                 consecutive_failures FROM feeds WHERE list_contains(?, feed_url)""",
                       [feed_urls]).fetchall()
    return {r[0]: r[1:] for r in rows}


def pending_fetches(con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple]:
    """Articles to fetch: discovered (or seen again with a newer ``updated`` time) after their last
    fetch, conditional answer or permanent failure. Returns (stream_id, url, etag, last_modified,
    last content hash, discovering ledger event id); the validators come from the last fetch."""
    return con.execute("""
        WITH d AS (SELECT stream_id, min(position) AS first_pos,
                          -- seen first, or seen again with an "updated" time: worth a (conditional) request
                          greatest(min(position), coalesce(max(position) FILTER (WHERE payload->>'updated' IS NOT NULL), 0)) AS pos,
                          first(payload->>'url' ORDER BY position) AS url,
                          last(ledger_event_id::VARCHAR ORDER BY position) AS discovered_id
                   FROM ledger WHERE ledger_event_type = 'ArticleDiscovered' GROUP BY stream_id),
             -- one scan per type: filtered by IN (...) or OR, DuckDB reads every payload, texts included
             done AS (SELECT stream_id, max(position) AS pos FROM (
                          SELECT stream_id, position FROM ledger WHERE ledger_event_type = 'ArticleFetched'
                          UNION ALL SELECT stream_id, position FROM ledger WHERE ledger_event_type = 'ArticleNotModified'
                          UNION ALL SELECT stream_id, position FROM ledger
                                    WHERE ledger_event_type = 'FetchFailed' AND (payload->>'permanent')::BOOLEAN)
                      GROUP BY stream_id),
             f AS (SELECT stream_id, last(payload->>'etag' ORDER BY position) AS etag,
                          last(payload->>'last_modified' ORDER BY position) AS last_modified,
                          last(payload->>'content_hash' ORDER BY position) AS content_hash
                   FROM ledger WHERE ledger_event_type = 'ArticleFetched' GROUP BY stream_id)
        SELECT d.stream_id, d.url, f.etag, f.last_modified, f.content_hash, d.discovered_id
        FROM d LEFT JOIN done USING (stream_id) LEFT JOIN f USING (stream_id)
        WHERE d.pos > coalesce(done.pos, 0)
        ORDER BY d.first_pos LIMIT ?""", [limit]).fetchall()


def _existing_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    rows = con.execute("SELECT ledger_event_id::VARCHAR FROM ledger WHERE ledger_event_id IN (SELECT unnest(?::UUID[]))",
                       [ids]).fetchall() if ids else []
    return {r[0] for r in rows}


def pending_text(con: duckdb.DuckDBPyConnection, text_extractor: str, limit: int,
                 since: str | None = None) -> list[dict]:
    """Fetched articles whose latest bytes have no text from this extractor version yet.

    Whether a text was extracted (or failed) is looked up by the ids those ledger events would
    have (``text_extraction_key``), so no stored text is read to decide."""
    candidates = con.execute("""
        WITH f AS (SELECT stream_id, max(position) AS pos FROM ledger
                   WHERE ledger_event_type = 'ArticleFetched' GROUP BY stream_id
                   HAVING max(recorded_at) >= coalesce(?::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ))
        SELECT l.position, l.stream_id, l.payload->>'content_hash'
        FROM ledger l JOIN f ON l.position = f.pos
        WHERE l.ledger_event_type = 'ArticleFetched'
        ORDER BY l.position""", [since]).fetchall()
    expected = {position: [ledger_event_id(t, stream, text_extraction_key(digest, text_extractor))
                           for t in ("ArticleExtracted", "ExtractionFailed")] if digest is not None else []
                for position, stream, digest in candidates}
    done = _existing_ids(con, [i for ids in expected.values() for i in ids])
    chosen = [position for position, ids in expected.items() if not done.intersection(ids)][:limit]
    rows = con.execute("""
        SELECT stream_id, payload->>'url', payload->>'final_url', payload->>'content_hash',
               payload->>'content_type', payload->>'charset'
        FROM ledger WHERE ledger_event_type = 'ArticleFetched' AND position IN (SELECT unnest(?::BIGINT[]))
        ORDER BY position""", [chosen]).fetchall() if chosen else []
    keys = ("stream_id", "url", "final_url", "content_hash", "content_type", "charset")
    return [dict(zip(keys, r)) for r in rows]


def pending_news_events(con: duckdb.DuckDBPyConnection, extractor_version: str, limit: int,
                        since: str | None = None) -> list[dict]:
    """Extracted texts (latest per article) not yet analysed by this news-event extractor version.

    A NewsEventsExtracted names the ArticleExtracted it analysed (``extracted_ledger_event_id``),
    which decides most articles without reading their text. Only an article analysed before, but
    not from its latest extraction (a refetch with the same text, or a ledger written before that
    field), has its latest text hash read and compared, as the text hash is what counts."""
    candidates = con.execute("""
        WITH e AS (SELECT stream_id, max(position) AS pos FROM ledger
                   WHERE ledger_event_type = 'ArticleExtracted' GROUP BY stream_id),
             f AS (SELECT stream_id FROM ledger WHERE ledger_event_type = 'ArticleFetched' GROUP BY stream_id
                   HAVING max(recorded_at) >= coalesce(?::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ)),
             n AS (SELECT stream_id, payload->>'extracted_ledger_event_id' AS extracted_id FROM ledger
                   WHERE ledger_event_type = 'NewsEventsExtracted' AND payload->>'extractor_version' = ?)
        SELECT l.position, count(n.stream_id) AS analyses,
               coalesce(bool_or(n.extracted_id = l.ledger_event_id::VARCHAR), false) AS this_text_analysed
        FROM ledger l JOIN e ON l.position = e.pos JOIN f ON f.stream_id = l.stream_id
        LEFT JOIN n ON n.stream_id = l.stream_id
        WHERE l.ledger_event_type = 'ArticleExtracted'
        GROUP BY l.position ORDER BY l.position""", [since, extractor_version]).fetchall()
    unsure = [position for position, analyses, this_text in candidates if analyses and not this_text]
    same_text = {r[0] for r in con.execute("""
        WITH m AS (SELECT position, stream_id, payload->>'text_hash' AS text_hash FROM ledger
                   WHERE ledger_event_type = 'ArticleExtracted' AND position IN (SELECT unnest(?::BIGINT[]))),
             n AS (SELECT DISTINCT stream_id, payload->>'text_hash' AS text_hash FROM ledger
                   WHERE ledger_event_type = 'NewsEventsExtracted' AND payload->>'extractor_version' = ?)
        SELECT position FROM m SEMI JOIN n USING (stream_id, text_hash)""", [unsure, extractor_version]).fetchall()} \
        if unsure else set()
    chosen = [position for position, analyses, this_text in candidates
              if not analyses or not this_text and position not in same_text][:limit]
    rows = con.execute("""
        SELECT stream_id, payload->>'text_hash', payload->>'text', ledger_event_id::VARCHAR
        FROM ledger WHERE ledger_event_type = 'ArticleExtracted' AND position IN (SELECT unnest(?::BIGINT[]))
        ORDER BY position""", [chosen]).fetchall() if chosen else []
    return [dict(zip(("stream_id", "text_hash", "text", "extracted_ledger_event_id"), r)) for r in rows]


def article_dates(con: duckdb.DuckDBPyConnection, stream_ids: list[str]) -> dict[str, object]:
    """Each article's date: published (feed entry, else page), else the day it was fetched."""
    rows = con.execute("""
        WITH p AS (SELECT position FROM ledger WHERE stream_id IN (SELECT unnest(?::VARCHAR[]))
                     AND ledger_event_type IN ('ArticleDiscovered', 'ArticleExtracted', 'ArticleFetched'))
        SELECT stream_id, coalesce(
            TRY_CAST(first(payload->>'published' ORDER BY position) FILTER (WHERE ledger_event_type = 'ArticleDiscovered') AS TIMESTAMPTZ),
            TRY_CAST(last(payload->>'published' ORDER BY position) FILTER (WHERE ledger_event_type = 'ArticleExtracted') AS TIMESTAMPTZ),
            max(recorded_at) FILTER (WHERE ledger_event_type = 'ArticleFetched'))::DATE
        FROM ledger WHERE position IN (SELECT position FROM p) GROUP BY stream_id""", [stream_ids]).fetchall()
    return dict(rows)


def ledger_counts(con: duckdb.DuckDBPyConnection, after: int = 0) -> dict[str, int]:
    return dict(con.execute("SELECT ledger_event_type, count(*) FROM ledger WHERE position > ? "
                            "GROUP BY 1 ORDER BY 1", [after]).fetchall())


def news_event_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute("SELECT kind, count(*) FROM news_events GROUP BY 1 ORDER BY 1").fetchall())


NEWS_EVENT_TABLE_SQL = """
SELECT e.kind || ' / ' || e.subtype || CASE WHEN e.modality <> 'asserted' THEN ' (' || e.modality || ')' ELSE '' END AS kind,
       e.actor, e.target,
       CASE WHEN e.amount_value IS NOT NULL THEN printf('%,.0f %s', e.amount_value, e.currency) END AS amount,
       concat_ws(' · ', e.label, e.jurisdiction) AS "label / jurisdiction",
       e.mention_count AS mentions, e.sentence AS evidence, e.source_url AS source
FROM news_events e
ORDER BY e.last_seen DESC, e.kind, e.confidence DESC, e.news_event_id
LIMIT ?
"""


def news_event_table(con: duckdb.DuckDBPyConnection, limit: int = 50) -> tuple[list[str], list[tuple]]:
    """The most recently seen news events, with evidence and source, for summaries."""
    cur = con.execute(NEWS_EVENT_TABLE_SQL, [limit])
    return [d[0] for d in cur.description], cur.fetchall()


def new_news_events(con: duckdb.DuckDBPyConnection, after: int) -> list[dict]:
    """News events first found by ledger events after position ``after`` (i.e. new in this run)."""
    cur = con.execute("""
        WITH analysed AS (SELECT replace(stream_id, 'article:', '') AS article_id, max(position) AS pos
                          FROM ledger WHERE ledger_event_type = 'NewsEventsExtracted' GROUP BY 1),
             firsts AS (SELECT m.news_event_id, min(a.pos) AS first_pos
                        FROM news_event_mentions m JOIN analysed a USING (article_id) GROUP BY 1)
        SELECT e.news_event_id, e.kind, e.subtype, e.modality, e.actor, e.actor_id, e.target, e.target_id,
               e.amount, e.amount_value, e.currency, e.label, e.jurisdiction, e.sentence, e.source_url,
               e.confidence
        FROM news_events e JOIN firsts f USING (news_event_id)
        WHERE f.first_pos > ? ORDER BY e.kind, e.news_event_id""", [after])
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row)) for row in cur.fetchall()]


def failures(con: duckdb.DuckDBPyConnection, after: int = 0) -> list[tuple]:
    return con.execute("SELECT ledger_event_type, url, reason, http_status FROM failures WHERE position > ? "
                       "ORDER BY position", [after]).fetchall()


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(sql)
    if cur.description is None:
        return [], []
    return [d[0] for d in cur.description], cur.fetchall()


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, status: str,
               summary_json: str | None = None) -> None:
    con.execute("""INSERT INTO _runs VALUES (?, ?, now(), CASE WHEN ? = 'running' THEN NULL ELSE now() END, ?, ?)
                   ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
                   summary = excluded.summary""",
                [run_id, flow_run_id, status, status, summary_json]).fetchall()


def last_runs(con: duckdb.DuckDBPyConnection, n: int = 5) -> list[tuple]:
    return con.execute("SELECT run_id, started_at, finished_at, status FROM _runs ORDER BY started_at DESC LIMIT ?",
                       [n]).fetchall()
