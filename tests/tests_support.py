"""Builders of small ledgers for tests that need data without running the pipeline."""
from __future__ import annotations

from pathlib import Path

from warehouse.db import connect
from warehouse.ledger import append_ledger_events, ledger_event
from warehouse.projections import update_projections


def article_events(n: int, sentence: str = "Commerce on Monday added Huawei to the Entity List."):
    stream = f"article:a{n}"
    url = f"https://site{n % 2}.example/{n}"
    news_event = {
        "kind": "designation", "subtype": "export_control_list", "modality": "asserted", "trigger": "added",
        "trigger_start": 19, "trigger_end": 24, "actor": "Commerce", "actor_id": "us-department-of-commerce",
        "target": "Huawei", "target_id": "huawei", "label": "Entity List", "jurisdiction": "US",
        "sentence": sentence, "sentence_start": 0, "sentence_end": len(sentence), "rule_id": "designation.entity_list",
        "confidence": 0.9, "extractor_version": "rules.v1",
        "merge_key": "designation|export_control_list|asserted|huawei|entity list",
    }
    return [
        ledger_event("ArticleDiscovered", stream, "feed", {"url": url, "feed_url": "https://f.example/rss",
                                                         "title": f"t{n}"}),
        ledger_event("ArticleFetched", stream, f"h{n}", {"url": url, "content_hash": f"h{n}"}),
        ledger_event("ArticleExtracted", stream, f"h{n}|text.v1", {"content_hash": f"h{n}", "text_extractor": "text.v1",
                                                                  "text_hash": f"t{n}", "text": sentence}),
        ledger_event("NewsEventsExtracted", stream, f"t{n}|rules.v1", {
            "text_hash": f"t{n}", "extractor_version": "rules.v1", "news_events": [news_event]}),
    ]


def seed_ledger(db: Path, articles: int) -> None:
    with connect(db) as con:
        for n in range(1, articles + 1):
            append_ledger_events(con, article_events(n))
            update_projections(con)


SENTENCES = [
    "The Commerce Department added {name} to the Entity List on Monday.",
    "The Army awarded {name} a ${n} million contract for drone batteries.",
    "Regulators in France fined {name} 4 million euros for breaching privacy rules.",
    "Analysts said the weather had little effect on {name}'s quarterly results.",
]


def write_local_feed(folder: Path, articles: int) -> Path:
    """A feed list, an RSS feed and ``articles`` plain-text articles in ``folder``."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    items = []
    for i in range(articles):
        name = f"Vertex Dynamics {i}"
        body = "\n".join(s.format(name=name, n=10 + i) for s in SENTENCES[i % 4:] + SENTENCES[:i % 4])
        (folder / "articles" / f"a{i:03d}.txt").write_text(f"Story {i}.\n{body}\n", encoding="utf-8")
        items.append(f"<item><title>Story {i}</title><link>articles/a{i:03d}.txt</link></item>")
    (folder / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
                                     + "".join(items) + "</channel></rss>", encoding="utf-8")
    feeds = folder / "feeds.toml"
    feeds.write_text('[settings]\nallowed_dirs = ["."]\n[[feed]]\nurl = "feed.xml"\n', encoding="utf-8")
    return feeds


STABLE_COLUMNS = {
    "ledger": "ledger_event_id, stream_id, ledger_event_type, payload::VARCHAR",
    "documents": "content_hash, size_bytes",
    "articles": "article_id, url, title, text, content_hash, status",
    "news_event_mentions": "* EXCLUDE (news_event_id)",
    "news_events": "news_event_id, kind, subtype, modality, actor_id, target_id, amount_value, label, "
                   "jurisdiction, mention_count, source_count, merge_key",
    "entities": "*",
    "feeds": "feed_url, title, format, entries_seen, consecutive_failures",
}


def stable_snapshot(db: Path) -> dict:
    """Table contents without times and run ids, which differ between equivalent runs."""
    with connect(db, read_only=True) as con:
        return {t: con.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in STABLE_COLUMNS.items()}


def ingest_without_prefect(db: Path, feeds_file: Path) -> None:
    """Run the ingest steps as plain functions (what the flow's tasks call), for fast fixtures."""
    from newsledger import pipeline
    from newsledger.feedlist import load_feed_list
    from newsledger.fetch import FetchOptions

    feed_list = load_feed_list(feeds_file)
    cfg = pipeline.PipelineConfig(db=db, run_id="fixture", fetch=FetchOptions(allowed_dirs=feed_list.allowed_dirs),
                                  gazetteer=Path(__file__).resolve().parent.parent / "seeds" / "gazetteer.toml")
    ingest_steps(cfg, list(feed_list.feeds))


def ingest_steps(cfg, feeds) -> dict:
    """One ingest run's steps as plain functions; returns the fetch summary."""
    from newsledger import pipeline

    pipeline.poll_feeds(cfg, feeds)
    total = {"fetched": 0, "unchanged": 0, "failed": 0}
    pending = pipeline.find_pending_fetches(cfg)
    if pending:
        part = pipeline.fetch_articles(cfg, pending)
        total = {k: total[k] + part[k] for k in total}
    while pipeline.extract_texts(cfg, 100)["processed"]:
        pass
    while pipeline.extract_news_events(cfg, 100)["processed"]:
        pass
    pipeline.refresh_projections(cfg)
    return total
