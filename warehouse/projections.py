"""Projections: tables derived from the ledger, maintained incrementally or rebuilt.

``update_projections`` folds the article streams touched since the stored position and
recomputes the aggregate tables, storing rows and the new position in ONE transaction per
chunk of ``CHUNK_STREAMS`` streams. ``rebuild_projections`` does the same from position 0, so a
replay yields exactly the tables incremental maintenance produced.

Streams are folded in the order of their last ledger event, so a chunk's position is the last
event of its last stream and every stream with nothing after that position is folded by then:
a run stopped between chunks goes on from there. (One transaction for everything kept every
uncommitted row in memory, which grew with the size of the run.)
"""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pyarrow as pa

from warehouse.ledger import last_position, read_ledger_events, stable_id

PROJECTION = "projections"
PER_ARTICLE_TABLES = ("articles", "news_event_mentions", "entity_mentions")
ALL_TABLES = ("feeds", "articles", "news_event_mentions", "entity_mentions", "news_events", "entities")
CHUNK_STREAMS = 250  # article streams folded per transaction, to keep memory flat


def stored_position(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute("SELECT position FROM _projection_positions WHERE projection = ?", [PROJECTION]).fetchall()
    return rows[0][0] if rows else 0


def _column_names(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def fold_article(events: list[dict]) -> tuple[dict | None, list[dict], list[dict]]:
    """One article stream's ledger events -> (article row, mention rows, entity-mention rows)."""
    article: dict = {}
    fetched = extracted = analysed = None
    failed = None
    for ev in events:
        p, t = ev["payload"], ev["ledger_event_type"]
        if t == "ArticleDiscovered" and not article:
            article = {"url": p["url"], "feed_url": p.get("feed_url"), "feed_title": p.get("feed_title"),
                       "entry_title": p.get("title"), "entry_published": p.get("published")}
        elif t == "ArticleFetched":
            fetched, failed = (ev, p), None
        elif t in ("FetchFailed", "ExtractionFailed"):
            failed = p
        elif t == "ArticleExtracted":
            extracted = p
        elif t == "NewsEventsExtracted":
            analysed = p
    if not article:
        return None, [], []
    article_id = events[0]["stream_id"].split(":", 1)[1]
    row = {
        "article_id": article_id, "url": article["url"], "feed_url": article["feed_url"],
        "feed_title": article["feed_title"], "title": article["entry_title"], "author": None,
        "published_at": article["entry_published"], "site_name": None, "language": None,
        "description": None, "text": None, "content_hash": None, "content_type": None, "fetched_at": None,
        "text_extractor": None, "news_event_extractor": None,
        "status": "failed" if failed else "discovered",
    }
    if fetched:
        ev, p = fetched
        row.update(content_hash=p["content_hash"], content_type=p.get("content_type"),
                   fetched_at=ev["recorded_at"], status="failed" if failed else "fetched")
    if extracted and fetched and extracted["content_hash"] == row["content_hash"]:
        row.update(title=row["title"] or extracted.get("title"), author=extracted.get("author"),
                   published_at=row["published_at"] or extracted.get("published"),
                   site_name=extracted.get("site_name"), language=extracted.get("language"),
                   description=extracted.get("description"), text=extracted["text"],
                   simhash=extracted.get("simhash"), canonical_url=extracted.get("canonical_url"),
                   text_extractor=extracted["text_extractor"], status="extracted")
    mentions, entity_rows = [], []
    if analysed and row["text"] is not None and analysed["text_hash"] == extracted["text_hash"]:
        row.update(news_event_extractor=analysed["extractor_version"], status="analysed")
        for found in analysed["news_events"]:
            mention_id = stable_id(article_id, found["merge_key"], str(found["trigger_start"]),
                                   str(found.get("target_start")))
            mention = {k: found.get(k) for k in _MENTION_KEYS}
            mention.update(mention_id=mention_id, article_id=article_id,
                           news_event_id=stable_id("news_event", found["merge_key"]))
            mentions.append(mention)
            for role in ("actor", "target"):
                entity = found.get(f"{role}_entity")
                if entity:
                    entity_rows.append({"mention_id": mention_id, "article_id": article_id, "role": role,
                                        "entity_id": entity["id"], "surface": found[role],
                                        "name": entity["name"], "type": entity.get("type"),
                                        "country": entity.get("country"),
                                        "wikidata_id": entity.get("wikidata")})
    return row, mentions, entity_rows


_MENTION_KEYS = ("kind", "subtype", "modality", "trigger", "trigger_start", "trigger_end", "actor", "actor_id",
                 "actor_start", "actor_end", "target", "target_id", "target_start", "target_end", "amount",
                 "amount_value", "currency", "amount_qualifier", "amount_start", "amount_end", "label",
                 "jurisdiction", "date_text", "sentence", "sentence_start", "sentence_end", "rule_id",
                 "confidence", "extractor_version", "merge_key", "event_date", "date_is_article_date")


def _insert_rows(con, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = _column_names(con, table)
    batch = pa.table({c: [r.get(c) for r in rows] for c in columns})
    con.register("_incoming_rows", batch)
    try:
        casts = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({casts}) SELECT {casts} FROM _incoming_rows").fetchall()
    finally:
        con.unregister("_incoming_rows")


def _refresh_per_article(con, stream_ids: list[str]) -> None:
    if not stream_ids:
        return
    events = read_ledger_events(con, stream_ids=stream_ids)
    by_stream: dict[str, list[dict]] = {}
    for ev in events:
        by_stream.setdefault(ev["stream_id"], []).append(ev)
    del events
    article_ids = [s.split(":", 1)[1] for s in stream_ids]
    for table in PER_ARTICLE_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, article_id)", [article_ids]).fetchall()
    articles, mentions, entity_rows = [], [], []
    for stream in stream_ids:
        row, m, e = fold_article(by_stream.pop(stream, []))
        if row:
            articles.append(row)
            mentions.extend(m)
            entity_rows.extend(e)
    _insert_rows(con, "articles", articles)
    _insert_rows(con, "news_event_mentions", mentions)
    _insert_rows(con, "entity_mentions", entity_rows)


_FEEDS_SQL = """
INSERT INTO feeds
WITH f AS (
    SELECT payload->>'url' AS feed_url, ledger_event_type AS t, recorded_at, position, payload
    -- the stream prefix, not only IN (...), lets DuckDB skip the other payloads (stored texts) while scanning
    FROM ledger WHERE stream_id LIKE 'feed:%' AND ledger_event_type IN ('FeedPolled', 'FeedUnchanged', 'FeedFailed')
), ok AS (
    SELECT feed_url, max(position) AS pos, max(recorded_at) AS at FROM f WHERE t <> 'FeedFailed' GROUP BY ALL
), seen AS (
    SELECT payload->>'feed_url' AS feed_url, count(*) AS n FROM ledger
    WHERE ledger_event_type = 'ArticleDiscovered' GROUP BY ALL
)
SELECT f.feed_url,
       last(f.payload->>'title' ORDER BY f.position) FILTER (WHERE f.t = 'FeedPolled'),
       last(f.payload->>'format' ORDER BY f.position) FILTER (WHERE f.t = 'FeedPolled'),
       max(f.recorded_at),
       any_value(ok.at),
       last(coalesce(f.payload->>'reason', f.payload->>'problem') ORDER BY f.position)
           FILTER (WHERE f.t = 'FeedFailed' OR f.payload->>'problem' IS NOT NULL),
       coalesce(any_value(seen.n), 0),
       count(*) FILTER (WHERE f.t = 'FeedFailed' AND f.position > coalesce(ok.pos, 0))
FROM f LEFT JOIN ok USING (feed_url) LEFT JOIN seen USING (feed_url)
GROUP BY f.feed_url
"""

_NEWS_EVENTS_SQL = """
INSERT INTO news_events
WITH m AS (
    SELECT m.*, a.url, coalesce(a.published_at, a.fetched_at) AS seen_at,
           coalesce(a.site_name, regexp_extract(a.url, '^[a-z]+://([^/]*)', 1)) AS source
    FROM news_event_mentions m JOIN articles a USING (article_id)
)
SELECT news_event_id,
       first(kind), first(subtype), first(modality),
       first(actor ORDER BY actor IS NULL, confidence DESC, mention_id),
       first(actor_id ORDER BY actor IS NULL, confidence DESC, mention_id),
       first(target ORDER BY target IS NULL, confidence DESC, mention_id),
       first(target_id ORDER BY target IS NULL, confidence DESC, mention_id),
       first(amount ORDER BY amount IS NULL, confidence DESC, mention_id),
       first(amount_value ORDER BY amount IS NULL, confidence DESC, mention_id),
       first(currency ORDER BY amount IS NULL, confidence DESC, mention_id),
       first(amount_qualifier ORDER BY amount IS NULL, confidence DESC, mention_id),
       first(label ORDER BY label IS NULL, confidence DESC, mention_id),
       first(jurisdiction ORDER BY jurisdiction IS NULL, confidence DESC, mention_id),
       coalesce(min(event_date) FILTER (WHERE NOT date_is_article_date), min(event_date), CAST(min(seen_at) AS DATE)),
       NOT coalesce(bool_or(NOT date_is_article_date), false),
       first(sentence ORDER BY confidence DESC, seen_at, mention_id),
       first(url ORDER BY confidence DESC, seen_at, mention_id),
       max(confidence), count(*), count(DISTINCT source), min(seen_at), max(seen_at), first(merge_key)
FROM m GROUP BY news_event_id
"""

_ENTITIES_SQL = """
INSERT INTO entities
SELECT entity_id, first(name ORDER BY mention_id), first(type ORDER BY mention_id),
       first(country ORDER BY country IS NULL, mention_id), first(wikidata_id ORDER BY wikidata_id IS NULL, mention_id),
       count(*)
FROM entity_mentions GROUP BY entity_id
"""


def _refresh_aggregates(con) -> None:
    for table, sql in (("feeds", _FEEDS_SQL), ("news_events", _NEWS_EVENTS_SQL), ("entities", _ENTITIES_SQL)):
        con.execute(f"DELETE FROM {table}").fetchall()
        con.execute(sql).fetchall()


def _commit_position(con, position: int) -> None:
    con.execute("""INSERT INTO _projection_positions VALUES (?, ?, ?)
                   ON CONFLICT (projection) DO UPDATE SET position = excluded.position,
                   updated_at = excluded.updated_at""",
                [PROJECTION, position, datetime.now(timezone.utc)]).fetchall()


def _checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write committed rows to the file so DuckDB can let go of them; until then they stay in
    memory (up to its 16 MB write-ahead-log threshold). Only memory depends on it: skipped when
    another transaction is open."""
    try:
        con.execute("CHECKPOINT").fetchall()
    except duckdb.Error:
        pass


def _project(con: duckdb.DuckDBPyConnection, since: int | None, on_progress=None,
             max_streams: int | None = None) -> int:
    """Fold the article streams touched after ``since`` (all of them, from empty tables, when None),
    recompute the aggregates and store the new position: one transaction per chunk of streams.
    With ``max_streams``, stop after that many streams (the stored position says where to go on)."""
    start = since or 0
    upto = last_position(con)
    if since is not None and upto <= since:
        return 0
    touched = con.execute(
        "SELECT stream_id, max(position) AS last FROM ledger WHERE position > ? AND position <= ? "
        "AND stream_id LIKE 'article:%' GROUP BY 1 ORDER BY last", [start, upto]).fetchall()
    todo = touched if max_streams is None else touched[:max_streams]
    chunks = [todo[i:i + CHUNK_STREAMS] for i in range(0, len(todo), CHUNK_STREAMS)] or [[]]
    folded = 0
    for n, chunk in enumerate(chunks):
        con.execute("BEGIN")
        try:
            if since is None and n == 0:
                for table in ALL_TABLES:
                    con.execute(f"DELETE FROM {table}").fetchall()
            _refresh_per_article(con, [stream for stream, _ in chunk])
            _refresh_aggregates(con)
            folded += len(chunk)
            _commit_position(con, upto if folded == len(touched) else chunk[-1][1])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        if n < len(chunks) - 1:
            _checkpoint(con)
        if on_progress is not None:
            on_progress(len(chunk), len(touched))
    return folded


def update_projections(con: duckdb.DuckDBPyConnection, max_streams: int | None = None) -> int:
    """Bring projections up to the ledger's last position; returns how many streams were folded.

    With ``max_streams``, fold at most that many (the least recently touched first) and store how
    far that got; call again to go on. DuckDB keeps what a connection read until it is closed, so a
    caller with much to fold can use a fresh connection per call to keep memory flat."""
    return _project(con, stored_position(con), max_streams=max_streams)


def rebuild_projections(con: duckdb.DuckDBPyConnection, on_progress=None) -> int:
    """Replay: empty every projection and fold the whole ledger from position 0.

    ``on_progress(done, total)`` is called after each chunk of article streams."""
    return _project(con, None, on_progress)


def projection_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """An order-independent checksum of every projection table's content."""
    out = {}
    for table in ALL_TABLES:
        out[table] = con.execute(
            f"SELECT coalesce(bit_xor(hash(t)), 0)::VARCHAR || ':' || count(*) FROM {table} t").fetchall()[0][0]
    return out
