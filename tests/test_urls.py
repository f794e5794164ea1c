from __future__ import annotations

from extractors.urls import normalize_url


def test_tracking_parameters_and_fragments_are_dropped():
    assert normalize_url("HTTPS://Example.ORG:443/a?utm_source=x&id=3&fbclid=y#top") == "https://example.org/a?id=3"


def test_query_order_does_not_matter():
    assert normalize_url("http://e.org/p?b=2&a=1") == normalize_url("http://e.org/p?a=1&b=2")


def test_file_urls_keep_their_path():
    assert normalize_url("file:///srv/seeds/a.txt") == "file:///srv/seeds/a.txt"
