"""What is pending for text and news-event extraction, decided without reading stored texts.

``queries.pending_text`` looks up ArticleExtracted / ExtractionFailed by the ids they would have;
``queries.pending_news_events`` by the ArticleExtracted a NewsEventsExtracted names, falling back
to the text hash for an article analysed from another extraction (or before that field existed).
"""
from __future__ import annotations

from warehouse.db import connect
from warehouse.ledger import append_ledger_events, ledger_event, text_extraction_key
from warehouse.queries import article_dates, pending_news_events, pending_text

STREAM = "article:a1"


def _fetched(content_hash: str, n: int = 1):
    return ledger_event("ArticleFetched", STREAM, f"{content_hash}|d{n}", {
        "url": "https://site.example/1", "final_url": "https://site.example/1", "content_hash": content_hash,
        "content_type": "text/html", "charset": "utf-8"})


def _extracted(content_hash: str, text: str, extractor: str = "text.v1"):
    return ledger_event("ArticleExtracted", STREAM, text_extraction_key(content_hash, extractor), {
        "url": "https://site.example/1", "content_hash": content_hash, "text_extractor": extractor,
        "text_hash": f"th-{text}", "text": text, "published": "2026-03-02T00:00:00+00:00"})


def _analysed(text: str, extracted=None, version: str = "rules.v1"):
    payload = {"text_hash": f"th-{text}", "extractor_version": version, "model": "m", "news_events": []}
    if extracted is not None:
        payload["extracted_ledger_event_id"] = extracted.ledger_event_id
    return ledger_event("NewsEventsExtracted", STREAM, f"th-{text}|{version}|m", payload)


def _discovered():
    return ledger_event("ArticleDiscovered", STREAM, "feed", {"url": "https://site.example/1",
                                                           "published": "2026-03-01T00:00:00+00:00"})


def test_pending_text_until_this_extractor_version_extracted_the_latest_bytes(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, [_discovered(), _fetched("h1")])
        assert [p["content_hash"] for p in pending_text(con, "text.v1", 10)] == ["h1"]
        append_ledger_events(con, [_extracted("h1", "one")])
        assert pending_text(con, "text.v1", 10) == []
        assert [p["content_hash"] for p in pending_text(con, "text.v2", 10)] == ["h1"]
        append_ledger_events(con, [_fetched("h2", 2)])  # new bytes: pending again
        assert [(p["stream_id"], p["url"], p["content_hash"], p["content_type"], p["charset"])
                for p in pending_text(con, "text.v1", 10)] == [
            (STREAM, "https://site.example/1", "h2", "text/html", "utf-8")]
        failed = ledger_event("ExtractionFailed", STREAM, text_extraction_key("h2", "text.v1"), {
            "url": "https://site.example/1", "content_hash": "h2", "text_extractor": "text.v1", "reason": "x"})
        append_ledger_events(con, [failed])
        assert pending_text(con, "text.v1", 10) == []


def test_pending_news_events_by_extraction_then_by_text_hash(db_path):
    with connect(db_path) as con:
        first = _extracted("h1", "one")
        append_ledger_events(con, [_discovered(), _fetched("h1"), first])
        (item,) = pending_news_events(con, "rules.v1", 10)
        assert item == {"stream_id": STREAM, "text_hash": "th-one", "text": "one",
                        "extracted_ledger_event_id": first.ledger_event_id}
        append_ledger_events(con, [_analysed("one", first)])
        assert pending_news_events(con, "rules.v1", 10) == []
        assert len(pending_news_events(con, "rules.v3", 10)) == 1
        # refetched bytes, same text: analysed already, by text hash
        append_ledger_events(con, [_fetched("h2", 2), _extracted("h2", "one")])
        assert pending_news_events(con, "rules.v1", 10) == []
        # refetched bytes, another text: pending
        append_ledger_events(con, [_fetched("h3", 3), _extracted("h3", "three")])
        assert [p["text"] for p in pending_news_events(con, "rules.v1", 10)] == ["three"]


def test_pending_news_events_on_a_ledger_written_before_the_extraction_was_named(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, [_discovered(), _fetched("h1"), _extracted("h1", "one"), _analysed("one")])
        assert pending_news_events(con, "rules.v1", 10) == []
        append_ledger_events(con, [_fetched("h2", 2), _extracted("h2", "two")])
        assert [p["text"] for p in pending_news_events(con, "rules.v1", 10)] == ["two"]


def test_pending_news_events_limit_keeps_ledger_order(db_path):
    with connect(db_path) as con:
        events = []
        for n in range(5):
            stream = f"article:s{n}"
            events += [ledger_event("ArticleFetched", stream, "h", {"url": f"u{n}", "content_hash": f"h{n}"}),
                       ledger_event("ArticleExtracted", stream, text_extraction_key(f"h{n}", "text.v1"), {
                           "content_hash": f"h{n}", "text_extractor": "text.v1", "text_hash": f"t{n}",
                           "text": f"text {n}"})]
        append_ledger_events(con, events)
        assert [p["text"] for p in pending_news_events(con, "rules.v1", 3)] == ["text 0", "text 1", "text 2"]


def test_article_dates_feed_entry_then_page_then_fetch_day(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, [_discovered(), _fetched("h1"), _extracted("h1", "one")])
        assert str(article_dates(con, [STREAM])[STREAM]) == "2026-03-01"
        assert article_dates(con, ["article:none"]) == {}
