"""The ``reprocess`` flow: re-run text and news-event extraction on stored documents with the
current extractor versions, without the network.

Ledger events read: ArticleFetched (which documents exist), ArticleExtracted and
NewsEventsExtracted (which versions already ran). Ledger events written: ArticleExtracted,
ExtractionFailed, NewsEventsExtracted for the current versions. Older versions' ledger
events stay in the ledger; projections show the newest.
"""
from __future__ import annotations

import time

from prefect import flow, get_run_logger

from flows.ingest import build_config
from flows.tasks import extract_all, update_projections
from newsledger.settings import Settings


@flow(name="reprocess", log_prints=True)
def reprocess(db: str | None = None, since: str | None = None, text_batch_size: int = 200,
              nlp_batch_size: int = 500, n_process: int = 2) -> dict:
    """Bring every stored document (fetched at or after ``since``) up to the current extractors."""
    started = time.monotonic()
    cfg = build_config(db, Settings.from_env(), n_process=n_process, since=since)
    texts, analysed = extract_all(cfg, text_batch_size, nlp_batch_size)
    update_projections(cfg)
    get_run_logger().info("Reprocessed: %d texts extracted, %d texts analysed, %d news events",
                          texts["extracted"], analysed["processed"], analysed["news_events"])
    return {"db": str(cfg.db), "texts": texts, "analysed": analysed,
            "duration_seconds": round(time.monotonic() - started, 3)}
