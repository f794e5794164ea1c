"""robots.txt and per-host pacing wired into fetch_many, against a real local server."""
from __future__ import annotations

import time

from newsledger.fetch import FetchOptions, fetch_many

OPTIONS = dict(allow_private_hosts=True, obey_robots=True, read_timeout=2, total_timeout=5, retries=0)


def test_robots_disallow_is_a_permanent_failure_and_the_page_is_not_requested(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/public/a").respond_with_data("ok")
    options = FetchOptions(user_agent="newsledger-test-1", **OPTIONS)
    public, private = fetch_many([httpserver.url_for("/public/a"), httpserver.url_for("/private/b")], options)
    assert public.ok and public.content == b"ok"
    assert private.permanent and "robots.txt" in private.error
    assert not any(req.path == "/private/b" for req, _ in httpserver.log)


def test_crawl_delay_spaces_requests_to_one_host(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 1\n")
    for i in range(3):
        httpserver.expect_request(f"/p{i}").respond_with_data("x")
    options = FetchOptions(user_agent="newsledger-test-2", workers=3, **OPTIONS)
    started = time.monotonic()
    results = fetch_many([httpserver.url_for(f"/p{i}") for i in range(3)], options)
    assert all(r.ok for r in results)
    assert time.monotonic() - started >= 1.9  # three requests, one second apart


def test_missing_robots_allows_everything(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("not here", status=404)
    httpserver.expect_request("/a").respond_with_data("x")
    options = FetchOptions(user_agent="newsledger-test-3", **OPTIONS)
    (result,) = fetch_many([httpserver.url_for("/a")], options)
    assert result.ok


def test_unreadable_robots_refuses_for_now_but_not_for_ever(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=503)
    options = FetchOptions(user_agent="newsledger-test-4", **OPTIONS)
    (result,) = fetch_many([httpserver.url_for("/a")], options)
    assert "robots.txt" in result.error and not result.permanent
