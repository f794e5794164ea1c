from __future__ import annotations

import json

import pytest

from conftest import SHARED
from extractors.feeds import parse_feed

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://example.org/a?utm_source=x</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><guid>g1</guid></item>
<item><title>Relative</title><link>/b</link></item>
<item><title>No link</title></item></channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>A</title><entry><title>E</title><link href="https://example.org/e"/>
<id>urn:1</id><updated>2026-03-03T10:00:00Z</updated></entry></feed>"""


def test_rss20_entries_and_relative_links():
    feed = parse_feed(RSS, "https://example.org/feed.xml", "application/rss+xml")
    assert feed.format == "rss20"
    assert feed.title == "T"
    assert [e.url for e in feed.entries] == ["https://example.org/a?utm_source=x", "https://example.org/b"]
    assert feed.entries[0].published == "2026-03-03T10:00:00+00:00"
    assert feed.problem is None


def test_atom10():
    feed = parse_feed(ATOM, "https://example.org/atom")
    assert feed.format == "atom10"
    assert feed.entries[0].url == "https://example.org/e"
    assert feed.entries[0].guid == "urn:1"


def test_json_feed():
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J",
           "items": [{"id": "1", "url": "https://example.org/j1", "title": "x", "date_published": "2026-01-01T00:00:00Z"},
                     {"id": "2", "content_text": "no url"}]}
    feed = parse_feed(json.dumps(doc).encode(), "https://example.org/feed.json")
    assert feed.format == "json11"
    assert [e.url for e in feed.entries] == ["https://example.org/j1"]


def test_broken_json_is_reported():
    feed = parse_feed(b"{not json", "https://example.org/feed.json")
    assert feed.entries == () and "not valid JSON" in feed.problem


def test_illformed_feed_keeps_recoverable_entries_and_reports_problem():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>x & y</title><link>https://example.org/c</link></item>")
    feed = parse_feed(broken, "https://example.org/feed.xml")
    assert feed.problem
    assert any(e.url == "https://example.org/a?utm_source=x" for e in feed.entries)


def test_not_a_feed():
    feed = parse_feed(b"<html><body>hello</body></html>", "https://example.org/", "text/html")
    assert feed.entries == ()


CORPUS = SHARED / "corpus" / "feeds"


@pytest.mark.skipif(not CORPUS.exists(), reason="shared feed corpus not present")
def test_shared_feed_corpus_never_crashes():
    files = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".xml", ".rdf", ".json")]
    assert len(files) > 40
    for path in files:
        feed = parse_feed(path.read_bytes(), "https://example.org/" + path.name)
        assert feed.entries or feed.problem is not None or feed.format, path.name
