"""The ``ingest`` flow: poll feeds, fetch articles, extract text, find news events, project.

Ledger events written: FeedPolled, FeedFailed, ArticleDiscovered (poll); ArticleFetched,
FetchFailed (fetch); ArticleExtracted, ExtractionFailed (text); NewsEventsExtracted (NLP);
and any ledger events spooled by an earlier run that found the database locked.
Ledger events read: all of the above, to derive pending work and to build projections.
Each task handles a batch of articles, not one article, to keep task runs few.
"""
from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import (create_markdown_artifact, create_progress_artifact, create_table_artifact,
                               update_progress_artifact)
from prefect.runtime import flow_run

from flows.tasks import (drain_spool, extract_all, fetch_articles, find_pending_fetches, poll_feeds,
                         publish_alerts, record_failures, summarise_run, update_projections)
from newsledger import pipeline, progress
from newsledger.feedlist import Feed, load_feed_list
from newsledger.fetch import FetchOptions
from newsledger.report import markdown_summary
from newsledger.settings import Settings


def build_config(db: str | None, settings: Settings, feeds_allowed: tuple[Path, ...] = (),
                 allow_private: bool = False, n_process: int = 2, since: str | None = None) -> pipeline.PipelineConfig:
    options = FetchOptions(user_agent=settings.user_agent, obey_robots=settings.obey_robots,
                           host_delay=settings.host_delay_seconds,
                           allowed_dirs=feeds_allowed + settings.extra_file_dirs,
                           allow_private_hosts=allow_private or settings.allow_private_hosts)
    return pipeline.PipelineConfig(
        db=Path(db) if db else settings.db, run_id=str(uuid.uuid4()),
        flow_run_id=str(flow_run.get_id()) if flow_run.get_id() else None,
        fetch=options, spacy_model=settings.spacy_model, gazetteer=settings.gazetteer,
        lock_wait_seconds=settings.lock_wait_seconds, n_process=n_process, since=since)


@flow(name="ingest", log_prints=True)
def ingest(db: str | None = None, feeds_file: str | None = None, feed_urls: list[str] | None = None,
           fetch_batch_size: int = 50, text_batch_size: int = 200, nlp_batch_size: int = 500,
           n_process: int = 2, alert_min_contract_value: float = 10_000_000) -> dict:
    """Ingest the feeds of ``feeds_file`` (or only ``feed_urls``) into the DuckDB file ``db``."""
    logger = get_run_logger()
    settings = Settings.from_env()
    feed_list = load_feed_list(Path(feeds_file) if feeds_file else settings.feeds_file)
    feeds = [Feed(u) for u in feed_urls] if feed_urls else list(feed_list.feeds)
    cfg = build_config(db, settings, feed_list.allowed_dirs, feed_list.allow_private_hosts, n_process)
    started = time.monotonic()
    stages: dict[str, float] = {}
    progress_artifact = create_progress_artifact(progress=0.0, key="ingest-progress",
                                        description="Share of this run's stages done")
    timings_before = pipeline.timings()
    start_position = pipeline.ledger_position(cfg)
    pipeline.record_run(cfg, "running")
    recovered = drain_spool(cfg)
    if recovered:
        logger.info("Appended %d ledger events spooled by an earlier run that found the database locked", recovered)

    t0 = time.monotonic()
    polled = poll_feeds(cfg, feeds)
    stages["poll"] = time.monotonic() - t0
    update_progress_artifact(progress_artifact, 10.0)
    logger.info("Polled %d feeds: %d read, %d unchanged, %d failed, %d entries",
                polled["feeds"], polled["polled"], polled["unchanged"], polled["failed"], polled["entries"])
    for failure in polled["failures"]:
        logger.warning("Feed failed: %s: %s", failure["url"], failure["reason"])

    t0 = time.monotonic()
    pending = find_pending_fetches(cfg)
    progress.advance("fetch", 0, len(pending))
    fetched = {"fetched": 0, "unchanged": 0, "failed": 0, "failures": []}
    for i in range(0, len(pending), fetch_batch_size):
        part = fetch_articles(cfg, pending[i:i + fetch_batch_size])
        for key in ("fetched", "unchanged", "failed"):
            fetched[key] += part[key]
        fetched["failures"] += part["failures"]
        update_progress_artifact(progress_artifact, 10.0 + 40.0 * min(1.0, (i + fetch_batch_size) / len(pending)))
    stages["fetch"] = time.monotonic() - t0

    t0 = time.monotonic()
    texts, analysed = extract_all(cfg, text_batch_size, nlp_batch_size)
    stages["text_and_news_events"] = time.monotonic() - t0
    update_progress_artifact(progress_artifact, 90.0)

    t0 = time.monotonic()
    update_projections(cfg)
    stages["projections"] = time.monotonic() - t0

    alerts_sent = publish_alerts(cfg, start_position, alert_min_contract_value)
    record_failures(polled["failures"] + fetched["failures"] + texts["failures"], return_state=True)
    update_progress_artifact(progress_artifact, 100.0)
    report = summarise_run(cfg, start_position)
    duration = time.monotonic() - started
    spent = pipeline.timings()
    # where the time went, across stages: the libraries' work, DuckDB, and the rest (Prefect, the flow)
    breakdown = {k: round(spent.get(k, 0.0) - timings_before.get(k, 0.0), 3) for k in ("fetch", "text", "nlp", "storage")}
    breakdown["orchestration"] = round(max(0.0, duration - sum(breakdown.values())), 3)
    result = {"db": str(cfg.db), "run_id": cfg.run_id, "feeds": polled, "articles": fetched, "texts": texts,
              "analysed": analysed, "alerts": alerts_sent, "stages_seconds": {k: round(v, 3) for k, v in stages.items()},
              "time_breakdown_seconds": breakdown, "duration_seconds": round(duration, 3), **report}
    pipeline.record_run(cfg, "completed", {k: result[k] for k in ("feeds", "articles", "texts", "analysed",
                                                                  "stages_seconds", "ledger_events")})
    create_markdown_artifact(markdown=markdown_summary(result), key="ingest-summary",
                             description="What this ingest run found")
    if report["news_event_rows"]:
        create_table_artifact(
            table=[dict(zip(report["news_event_columns"], map(_plain, row))) for row in report["news_event_rows"]],
            key="ingest-news-events", description="News events, most recently seen first (up to 50)")
    logger.info("Run finished: %s", json.dumps({k: result[k] for k in ("stages_seconds", "news_events_by_kind")}))
    return result


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


if __name__ == "__main__":
    import sys

    if "--serve" in sys.argv:  # one process: schedule and run without a work pool
        ingest.serve(name="ingest-hourly", cron="0 * * * *")
    else:
        ingest()
