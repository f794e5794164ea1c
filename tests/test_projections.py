from __future__ import annotations

from warehouse.db import connect
from warehouse.ledger import append_ledger_events, ledger_event
from warehouse.projections import projection_checksums, rebuild_projections, update_projections

NEWS_EVENT = {
    "kind": "designation", "subtype": "export_control_list", "modality": "asserted", "trigger": "added",
    "trigger_start": 20, "trigger_end": 25, "actor": "Commerce", "actor_id": "us-department-of-commerce",
    "actor_start": 0, "actor_end": 8, "target": "Huawei", "target_id": "huawei", "target_start": 26,
    "target_end": 32, "label": "Entity List", "jurisdiction": "US", "sentence": "Commerce on Monday added Huawei to the Entity List.",
    "sentence_start": 0, "sentence_end": 51, "rule_id": "designation.entity_list", "confidence": 0.9,
    "extractor_version": "rules.v1", "merge_key": "designation|export_control_list|asserted|huawei|entity list",
    "actor_entity": {"id": "us-department-of-commerce", "name": "U.S. Department of Commerce", "type": "agency",
                     "country": "US", "wikidata": None},
    "target_entity": {"id": "huawei", "name": "Huawei", "type": "company", "country": None, "wikidata": "Q160120"},
}


def _article(n: int, news_events=True):
    stream = f"article:a{n}"
    url = f"https://site{n % 2}.example/{n}"
    evs = [ledger_event("ArticleDiscovered", stream, "feed", {"url": url, "feed_url": "https://f.example/rss",
                                                             "title": f"t{n}", "published": "2026-03-01T00:00:00+00:00"}),
           ledger_event("ArticleFetched", stream, f"h{n}", {"url": url, "content_hash": f"h{n}", "content_type": "text/html"}),
           ledger_event("ArticleExtracted", stream, f"h{n}|text.v1", {"content_hash": f"h{n}", "text_extractor": "text.v1",
                                                                     "text_hash": f"t{n}", "text": NEWS_EVENT["sentence"]})]
    if news_events:
        evs.append(ledger_event("NewsEventsExtracted", stream, f"t{n}|rules.v1", {
            "text_hash": f"t{n}", "extractor_version": "rules.v1", "news_events": [NEWS_EVENT]}))
    return evs


def test_same_news_event_in_two_articles_is_one_news_event_with_two_mentions(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, _article(1) + _article(2))
        update_projections(con)
        row = con.execute("SELECT mention_count, source_count, target_id, label, merge_key FROM news_events").fetchall()
        assert row == [(2, 2, "huawei", "Entity List", NEWS_EVENT["merge_key"])]
        assert con.execute("SELECT count(*) FROM news_event_mentions").fetchone()[0] == 2
        assert con.execute("SELECT entity_id, mention_count FROM entities ORDER BY 1").fetchall() == [
            ("huawei", 2), ("us-department-of-commerce", 2)]


def test_replay_equals_incremental(db_path):
    with connect(db_path) as con:
        for n in range(1, 6):  # projections updated after each article, as runs would
            append_ledger_events(con, _article(n, news_events=n != 3))
            update_projections(con)
        append_ledger_events(con, [ledger_event("FeedPolled", "feed:https://f.example/rss", "x",
                                                {"url": "https://f.example/rss", "title": "F"})])
        update_projections(con)
        incremental = projection_checksums(con)
        rebuild_projections(con)
        assert projection_checksums(con) == incremental
        assert con.execute("SELECT status, count(*) FROM articles GROUP BY 1 ORDER BY 1").fetchall() == [
            ("analysed", 4), ("extracted", 1)]


def test_update_is_a_no_op_when_nothing_is_new(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, _article(1))
        assert update_projections(con) == 1
        before = projection_checksums(con)
        assert update_projections(con) == 0
        assert projection_checksums(con) == before


def test_feed_health_projection(db_path):
    with connect(db_path) as con:
        feed = "https://f.example/rss"
        append_ledger_events(con, [
            ledger_event("FeedPolled", f"feed:{feed}", "c1", {"url": feed, "title": "F", "format": "rss20"}),
            ledger_event("FeedFailed", f"feed:{feed}", "run2", {"url": feed, "reason": "HTTP 500", "http_status": 500}),
            ledger_event("FeedFailed", f"feed:{feed}", "run3", {"url": feed, "reason": "timed out"}),
        ] + _article(1))
        update_projections(con)
        row = con.execute("SELECT title, format, last_error, entries_seen, consecutive_failures FROM feeds").fetchone()
    assert row == ("F", "rss20", "timed out", 1, 2)



def test_folding_in_chunks_and_steps_equals_one_pass(db_path, monkeypatch):
    from warehouse import projections

    events = [ev for n in range(1, 8) for ev in _article(n, news_events=n % 3 != 0)]
    events.append(ledger_event("FeedPolled", "feed:https://f.example/rss", "x",
                               {"url": "https://f.example/rss", "title": "F"}))
    monkeypatch.setattr(projections, "CHUNK_STREAMS", 2)
    with connect(db_path) as con:
        append_ledger_events(con, events)
        assert update_projections(con, max_streams=3) == 3  # in two transactions: two streams, one
        # streams are folded in the order of their last ledger event; the position is that of the 3rd
        third_last = con.execute("SELECT max(position) FROM ledger WHERE stream_id = 'article:a3'").fetchone()[0]
        assert con.execute("SELECT position FROM _projection_positions").fetchone()[0] == third_last
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert update_projections(con, max_streams=2) == 2
        assert update_projections(con, max_streams=2) == 2
        assert update_projections(con, max_streams=2) == 0
        in_steps = projection_checksums(con)
        assert rebuild_projections(con) == 7  # four transactions of two streams
        assert projection_checksums(con) == in_steps
        monkeypatch.setattr(projections, "CHUNK_STREAMS", 500)
        assert rebuild_projections(con) == 7  # one transaction
        assert projection_checksums(con) == in_steps
