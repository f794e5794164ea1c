"""Feeds served by a real local HTTP server, through the pipeline's poll step."""
from __future__ import annotations

from werkzeug.wrappers import Response

from newsledger import pipeline
from newsledger.feedlist import Feed
from newsledger.fetch import FetchOptions
from warehouse.db import connect

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<item><title>A</title><link>http://example.org/a</link></item></channel></rss>"""
RDF10 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.org/"><title>R</title></channel>
<item rdf:about="http://example.org/r1"><title>R1</title><link>http://example.org/r1</link></item></rdf:RDF>"""
ATOM03 = b"""<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom03</title>
<entry><title>E</title><link rel="alternate" type="text/html" href="http://example.org/e"/></entry></feed>"""
LATIN1 = "<?xml version='1.0' encoding='iso-8859-1'?><rss version='2.0'><channel><title>Caf\u00e9</title>" \
         "<item><title>Cr\u00e8me</title><link>http://example.org/c</link></item></channel></rss>"


def _cfg(tmp_path, run="r1"):
    return pipeline.PipelineConfig(db=tmp_path / "f.duckdb", run_id=run,
                                   fetch=FetchOptions(allow_private_hosts=True, retries=0, read_timeout=2))


def test_old_and_new_formats_over_http(tmp_path, httpserver):
    json_feed = b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "url": "/j1"}]}'
    for path, body, ctype in (("/091", RSS091, "application/rss+xml"), ("/rdf", RDF10, "application/rdf+xml"),
                              ("/atom03", ATOM03, "application/atom+xml"), ("/json", json_feed, "application/feed+json")):
        httpserver.expect_request(path).respond_with_data(body, content_type=ctype)
    feeds = [Feed(httpserver.url_for(p)) for p in ("/091", "/rdf", "/atom03", "/json")]
    summary = pipeline.poll_feeds(_cfg(tmp_path), feeds)
    assert summary["polled"] == 4 and summary["entries"] == 4
    with connect(tmp_path / "f.duckdb", read_only=True) as con:
        formats = {r[0] for r in con.execute("SELECT payload->>'format' FROM ledger WHERE ledger_event_type = 'FeedPolled'").fetchall()}
    assert formats == {"rss091u", "rss10", "atom03", "json11"}


def test_wrongly_declared_encoding_is_recovered(tmp_path, httpserver):
    # the HTTP header claims UTF-8, the bytes are ISO-8859-1 as the XML declaration says
    httpserver.expect_request("/latin").respond_with_data(LATIN1.encode("iso-8859-1"),
                                                           content_type="application/rss+xml; charset=utf-8")
    summary = pipeline.poll_feeds(_cfg(tmp_path), [Feed(httpserver.url_for("/latin"))])
    assert summary["entries"] == 1
    with connect(tmp_path / "f.duckdb", read_only=True) as con:
        title, problem = con.execute("""SELECT payload->>'title', payload->>'problem' FROM ledger
                                        WHERE ledger_event_type = 'FeedPolled'""").fetchone()
        entry = con.execute("SELECT payload->>'title' FROM ledger WHERE ledger_event_type = 'ArticleDiscovered'").fetchone()[0]
    assert (title, entry) == ("Caf\u00e9", "Cr\u00e8me")
    assert "CharacterEncodingOverride" in problem  # recovered, and the mismatch is recorded


def test_unchanged_feed_costs_one_304_and_no_other_work(tmp_path, httpserver):
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>x</title>' \
           b'<link>http://example.org/x</link></item></channel></rss>'

    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, headers={"ETag": '"v1"', "Content-Type": "application/rss+xml"})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    feed = [Feed(httpserver.url_for("/feed"))]
    first = pipeline.poll_feeds(_cfg(tmp_path, "r1"), feed)
    second = pipeline.poll_feeds(_cfg(tmp_path, "r2"), feed)
    assert first["polled"] == 1 and first["ledger_events_added"] == 2
    assert second["unchanged"] == 1 and second["polled"] == 0 and second["ledger_events_added"] == 0
    feed_requests = [req for req, _ in httpserver.log if req.path == "/feed"]
    assert len(feed_requests) == 2 and feed_requests[1].headers.get("If-None-Match") == '"v1"'


def test_http_errors_are_recorded_as_feed_failures(tmp_path, httpserver):
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    httpserver.expect_request("/html").respond_with_data("<html><body>not a feed</body></html>", content_type="text/html")
    summary = pipeline.poll_feeds(_cfg(tmp_path), [Feed(httpserver.url_for("/gone")), Feed(httpserver.url_for("/html"))])
    assert summary["failed"] == 2
    reasons = [f["reason"] for f in summary["failures"]]
    assert "HTTP 410" in reasons[0] and "no entries" in reasons[1]


def test_an_updated_entry_is_refetched_conditionally(tmp_path, httpserver):
    from tests_support import ingest_steps

    state = {"updated": "2026-03-01T10:00:00Z", "etag": '"a1"', "body": b"<html><body><article><p>"
             + b"The Commerce Department added Vertex Labs to the Entity List on Monday. " * 5 + b"</p></article></body></html>"}

    def feed(request):
        return Response(f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
                        f'<entry><title>E</title><link href="{httpserver.url_for("/story")}"/><id>e1</id>'
                        f'<updated>{state["updated"]}</updated></entry></feed>', content_type="application/atom+xml")

    def story(request):
        if request.headers.get("If-None-Match") == state["etag"]:
            return Response(status=304)
        return Response(state["body"], headers={"ETag": state["etag"], "Content-Type": "text/html"})

    httpserver.expect_request("/feed").respond_with_handler(feed)
    httpserver.expect_request("/story").respond_with_handler(story)
    cfg = _cfg(tmp_path)
    feeds = [Feed(httpserver.url_for("/feed"))]

    assert ingest_steps(cfg, feeds)["fetched"] == 1
    assert ingest_steps(cfg, feeds)["fetched"] == 0  # same entry: nothing is requested again
    state["updated"] = "2026-03-02T10:00:00Z"  # the feed says the entry changed, the page did not
    assert ingest_steps(cfg, feeds)["unchanged"] == 1
    state.update(updated="2026-03-03T10:00:00Z", etag='"a2"', body=state["body"].replace(b"Monday", b"Tuesday"))
    assert ingest_steps(cfg, feeds)["fetched"] == 1
    story_requests = [r for r, _ in httpserver.log if r.path == "/story"]
    assert [r.headers.get("If-None-Match") for r in story_requests] == [None, '"a1"', '"a1"']
    with connect(tmp_path / "f.duckdb", read_only=True) as con:
        counts = dict(con.execute("SELECT ledger_event_type, count(*) FROM ledger GROUP BY 1").fetchall())
        text = con.execute("SELECT text FROM articles").fetchall()[0][0]
    assert counts["ArticleFetched"] == 2 and counts["ArticleNotModified"] == 1
    assert "Tuesday" in text  # the projection shows the newest version


def test_a_url_declared_canonical_by_a_stored_page_is_not_fetched_again(tmp_path, httpserver):
    from tests_support import ingest_steps

    page = (f'<html><head><link rel="canonical" href="{httpserver.url_for("/story")}"></head><body><article><p>'
            + "The Commerce Department added Vertex Labs to the Entity List on Monday. " * 5
            + "</p></article></body></html>").encode()
    httpserver.expect_request("/amp/story").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/story").respond_with_data(page, content_type="text/html")
    for name, link in (("/amp-feed", "/amp/story"), ("/feed", "/story")):
        httpserver.expect_request(name).respond_with_data(
            f'<rss version="2.0"><channel><title>{name}</title><item><title>S</title>'
            f'<link>{httpserver.url_for(link)}</link></item></channel></rss>', content_type="application/rss+xml")
    cfg = _cfg(tmp_path)
    assert ingest_steps(cfg, [Feed(httpserver.url_for("/amp-feed"))])["fetched"] == 1
    assert ingest_steps(cfg, [Feed(httpserver.url_for("/feed"))]) == {"fetched": 0, "unchanged": 0, "failed": 0}
    assert [r.path for r, _ in httpserver.log if "story" in r.path] == ["/amp/story"]
    with connect(tmp_path / "f.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 1


def test_a_large_feed_is_recorded_in_parts_with_the_poll_last(tmp_path, httpserver, monkeypatch):
    items = "".join(f"<item><title>T{i}</title><link>http://example.org/{i}</link></item>" for i in range(7))
    httpserver.expect_request("/big").respond_with_data(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title>{items}</channel></rss>",
        content_type="application/rss+xml", headers={"ETag": '"v1"'})
    monkeypatch.setattr(pipeline, "POLL_APPEND_BATCH", 3)
    summary = pipeline.poll_feeds(_cfg(tmp_path), [Feed(httpserver.url_for("/big"))])
    assert summary["entries"] == 7 and summary["ledger_events_added"] == 8
    with connect(tmp_path / "f.duckdb", read_only=True) as con:
        types = [r[0] for r in con.execute("SELECT ledger_event_type FROM ledger ORDER BY position").fetchall()]
    # a crash before the FeedPolled leaves no ETag to ask with: the next poll reads every entry again
    assert types == ["ArticleDiscovered"] * 7 + ["FeedPolled"]
