"""newsledger.fetch against a real local HTTP server (pytest-httpserver) and real files.

Every test talks only to loopback and keeps its timeouts small, so the module runs in seconds.
"""
from __future__ import annotations

import gzip
import threading
import time
from pathlib import Path

import brotli
import pytest
from werkzeug import Request, Response
from werkzeug.datastructures import Headers

from newsledger import fetch as fetch_module
from newsledger.fetch import FetchOptions, FetchResult, fetch_many, fetch_url, make_client

pytestmark = pytest.mark.timeout(30)

FEED = b"<?xml version='1.0'?><rss><channel><title>t</title></channel></rss>"


def _options(**overrides) -> FetchOptions:
    base = dict(user_agent="newsledger-test/9", allow_private_hosts=True, connect_timeout=1.0,
                read_timeout=0.5, total_timeout=2.0, max_bytes=10_000, max_redirects=3, retries=1,
                max_retry_after=1.0, workers=4)
    base.update(overrides)
    return FetchOptions(**base)


def _fetch(url: str, options: FetchOptions | None = None, **kwargs) -> FetchResult:
    options = options or _options()
    with make_client(options) as client:
        return fetch_url(client, url, options, **kwargs)


def _paths(httpserver) -> list[str]:
    return [request.path for request, _ in httpserver.log]


# --- plain success -------------------------------------------------------------------------

def test_200_body_content_type_charset_and_user_agent(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED, headers={"Content-Type": "Application/RSS+XML; charset=ISO-8859-1", "ETag": '"v1"',
                       "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"})
    url = httpserver.url_for("/feed.xml")
    result = _fetch(url)
    assert result.ok
    assert result.error is None and not result.permanent and not result.not_modified
    assert result.status == 200
    assert result.content == FEED
    assert result.content_type == "application/rss+xml"
    assert result.charset == "ISO-8859-1"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert result.url == url and result.final_url == url
    assert result.headers["content-type"].startswith("Application/RSS+XML")
    (request, _), = httpserver.log
    assert request.headers["User-Agent"] == "newsledger-test/9"
    assert "If-None-Match" not in request.headers
    assert "If-Modified-Since" not in request.headers


def test_200_without_content_type(httpserver):
    bare = Response(b"x")
    del bare.headers["Content-Type"]
    httpserver.expect_request("/bare").respond_with_response(bare)
    result = _fetch(httpserver.url_for("/bare"))
    assert result.ok and result.content == b"x"
    assert result.content_type is None and result.charset is None


def test_quoted_charset_is_unquoted(httpserver):
    httpserver.expect_request("/q").respond_with_data(b"x", headers={"Content-Type": 'text/html; Charset="utf-8"'})
    result = _fetch(httpserver.url_for("/q"))
    assert result.content_type == "text/html" and result.charset == "utf-8"


# --- conditional requests ------------------------------------------------------------------

def test_etag_sends_if_none_match_and_304_is_not_modified(httpserver):
    httpserver.expect_request("/feed", headers={"If-None-Match": '"abc"'}).respond_with_data(
        b"", status=304, headers={"ETag": '"abc"'})
    result = _fetch(httpserver.url_for("/feed"), etag='"abc"')
    assert result.not_modified is True
    assert result.ok is False
    assert result.error is None and not result.permanent
    assert result.status == 304
    assert result.etag == '"abc"'
    assert result.content == b""
    (request, _), = httpserver.log
    assert request.headers["If-None-Match"] == '"abc"'
    assert "If-Modified-Since" not in request.headers


def test_last_modified_sends_if_modified_since(httpserver):
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    httpserver.expect_request("/feed", headers={"If-Modified-Since": stamp}).respond_with_data(b"", status=304)
    result = _fetch(httpserver.url_for("/feed"), last_modified=stamp)
    assert result.not_modified and not result.ok
    (request, _), = httpserver.log
    assert request.headers["If-Modified-Since"] == stamp
    assert "If-None-Match" not in request.headers


def test_both_conditions_sent_and_changed_content_returned(httpserver):
    httpserver.expect_request("/feed").respond_with_data(FEED, headers={"ETag": '"new"'})
    result = _fetch(httpserver.url_for("/feed"), etag='"old"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert result.ok and result.content == FEED and result.etag == '"new"'
    (request, _), = httpserver.log
    assert request.headers["If-None-Match"] == '"old"'
    assert request.headers["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


# --- client errors are permanent -----------------------------------------------------------

@pytest.mark.parametrize("status", [404, 410])
def test_gone_or_missing_is_permanent_and_not_retried(httpserver, status):
    httpserver.expect_request("/missing").respond_with_data(b"nope", status=status)
    started = time.monotonic()
    result = _fetch(httpserver.url_for("/missing"), _options(retries=2))
    assert not result.ok
    assert str(status) in result.error
    assert result.status == status
    assert result.permanent is True
    assert result.content == b""
    assert _paths(httpserver) == ["/missing"]
    assert time.monotonic() - started < 0.5  # no backoff sleep either


# --- server errors are retried -------------------------------------------------------------

def test_500_then_200_is_retried_and_succeeds(httpserver):
    httpserver.expect_ordered_request("/flaky").respond_with_data(b"boom", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data(FEED, content_type="application/xml")
    result = _fetch(httpserver.url_for("/flaky"))
    assert result.ok
    assert result.status == 200 and result.content == FEED
    assert _paths(httpserver) == ["/flaky", "/flaky"]
    httpserver.check_assertions()


def test_500_always_is_transient_error_after_retries(httpserver):
    httpserver.expect_request("/down").respond_with_data(b"boom", status=500)
    result = _fetch(httpserver.url_for("/down"), _options(retries=1))
    assert not result.ok
    assert "500" in result.error
    assert result.status == 500
    assert result.permanent is False
    assert _paths(httpserver) == ["/down", "/down"]


def test_retries_zero_means_one_attempt(httpserver):
    httpserver.expect_request("/down").respond_with_data(b"boom", status=503)
    result = _fetch(httpserver.url_for("/down"), _options(retries=0))
    assert "503" in result.error and not result.permanent
    assert _paths(httpserver) == ["/down"]


@pytest.mark.parametrize("retry_after", ["0", "1"])
def test_429_with_retry_after_is_retried(httpserver, retry_after):
    httpserver.expect_oneshot_request("/limited").respond_with_data(
        b"slow down", status=429, headers={"Retry-After": retry_after})
    httpserver.expect_request("/limited").respond_with_data(FEED)
    started = time.monotonic()
    result = _fetch(httpserver.url_for("/limited"))
    elapsed = time.monotonic() - started
    assert result.ok and result.content == FEED
    assert _paths(httpserver) == ["/limited", "/limited"]
    assert elapsed >= float(retry_after) * 0.9
    assert elapsed < float(retry_after) + 1.5


def test_429_retry_after_is_capped(httpserver):
    httpserver.expect_oneshot_request("/limited").respond_with_data(
        b"", status=429, headers={"Retry-After": "3600"})
    httpserver.expect_request("/limited").respond_with_data(FEED)
    started = time.monotonic()
    result = _fetch(httpserver.url_for("/limited"), _options(max_retry_after=0.2))
    assert result.ok
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("retry_after", ["-5", "nan", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_429_with_odd_retry_after_does_not_crash(httpserver, retry_after):
    httpserver.expect_oneshot_request("/limited").respond_with_data(
        b"", status=429, headers={"Retry-After": retry_after})
    httpserver.expect_request("/limited").respond_with_data(FEED)
    result = _fetch(httpserver.url_for("/limited"))
    assert result.ok and result.content == FEED
    assert _paths(httpserver) == ["/limited", "/limited"]


def test_429_always_is_transient(httpserver):
    httpserver.expect_request("/limited").respond_with_data(b"", status=429, headers={"Retry-After": "0"})
    result = _fetch(httpserver.url_for("/limited"))
    assert "429" in result.error and result.permanent is False
    assert _paths(httpserver) == ["/limited", "/limited"]


# --- timeouts and connection failures ------------------------------------------------------

def test_slow_server_times_out_without_crashing(httpserver):
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(3)  # much longer than read_timeout; released as soon as the test is done
        return Response(FEED)

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    try:
        result = _fetch(httpserver.url_for("/slow"), _options(read_timeout=0.3, retries=0))
    finally:
        release.set()
    assert time.monotonic() - started < 2
    assert not result.ok
    assert "timed out" in result.error
    assert result.permanent is False
    assert result.status is None


def test_slow_drip_body_exceeds_total_timeout(httpserver):
    stop = threading.Event()

    def drip():
        for _ in range(20):
            if stop.is_set():
                return
            yield b"x" * 10
            time.sleep(0.15)

    httpserver.expect_request("/drip").respond_with_response(Response(drip()))
    try:
        result = _fetch(httpserver.url_for("/drip"), _options(read_timeout=1.0, total_timeout=0.5))
    finally:
        stop.set()
    assert not result.ok
    assert "took longer than" in result.error
    assert result.content == b""


def test_connection_refused_is_transient_error():
    options = _options(retries=0)
    with make_client(options) as client:
        result = fetch_url(client, "http://127.0.0.1:1/feed", options)
    assert not result.ok
    assert "ConnectError" in result.error
    assert result.permanent is False


# --- size limits ---------------------------------------------------------------------------

def test_content_length_over_max_bytes_is_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    result = _fetch(httpserver.url_for("/big"), _options(max_bytes=1000))
    assert not result.ok
    assert "larger than 1000 bytes" in result.error
    assert "Content-Length 5000" in result.error
    assert result.permanent is True
    assert result.content == b""
    assert _paths(httpserver) == ["/big"]


def test_streamed_body_over_max_bytes_is_refused(httpserver):
    def chunks():
        for _ in range(50):
            yield b"y" * 100

    httpserver.expect_request("/stream").respond_with_response(Response(chunks()))
    result = _fetch(httpserver.url_for("/stream"), _options(max_bytes=1000))
    assert "content-length" not in result.headers  # really streamed, no declared size
    assert not result.ok
    assert "larger than 1000 bytes" in result.error
    assert result.permanent is True
    assert _paths(httpserver) == ["/stream"]


def test_streamed_body_within_max_bytes_is_read(httpserver):
    def chunks():
        for i in range(5):
            yield bytes([65 + i]) * 100

    httpserver.expect_request("/stream").respond_with_response(Response(chunks()))
    result = _fetch(httpserver.url_for("/stream"), _options(max_bytes=1000))
    assert result.ok
    assert result.content == b"A" * 100 + b"B" * 100 + b"C" * 100 + b"D" * 100 + b"E" * 100


def test_body_exactly_max_bytes_is_accepted(httpserver):
    httpserver.expect_request("/exact").respond_with_data(b"z" * 1000)
    result = _fetch(httpserver.url_for("/exact"), _options(max_bytes=1000))
    assert result.ok and len(result.content) == 1000


# --- content encodings ---------------------------------------------------------------------

def test_gzip_response_is_decoded(httpserver):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(FEED), headers={"Content-Encoding": "gzip", "Content-Type": "application/xml"})
    result = _fetch(httpserver.url_for("/gz"))
    assert result.ok
    assert result.content == FEED
    (request, _), = httpserver.log
    assert "gzip" in request.headers["Accept-Encoding"]


def test_brotli_response_is_decoded(httpserver):
    httpserver.expect_request("/br").respond_with_data(brotli.compress(FEED), headers={"Content-Encoding": "br"})
    result = _fetch(httpserver.url_for("/br"))
    assert result.ok and result.content == FEED


def test_gzip_bomb_is_limited_by_decoded_size(httpserver):
    packed = gzip.compress(b"\0" * 200_000)
    assert len(packed) < 1000
    httpserver.expect_request("/bomb").respond_with_data(packed, headers={"Content-Encoding": "gzip"})
    result = _fetch(httpserver.url_for("/bomb"), _options(max_bytes=1000))
    assert not result.ok
    assert "larger than 1000 bytes" in result.error
    assert result.permanent is True


# --- redirects -----------------------------------------------------------------------------

def test_redirect_is_followed_and_final_url_set(httpserver):
    httpserver.expect_request("/old").respond_with_data(b"", status=302, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(FEED, content_type="application/rss+xml")
    url = httpserver.url_for("/old")
    result = _fetch(url)
    assert result.ok
    assert result.content == FEED
    assert result.url == url
    assert result.final_url == httpserver.url_for("/new")
    assert result.content_type == "application/rss+xml"
    assert _paths(httpserver) == ["/old", "/new"]


def test_redirect_keeps_conditional_headers(httpserver):
    httpserver.expect_request("/old").respond_with_data(b"", status=301,
                                                        headers={"Location": httpserver.url_for("/new")})
    httpserver.expect_request("/new").respond_with_data(b"", status=304)
    result = _fetch(httpserver.url_for("/old"), etag='"e"')
    assert result.not_modified
    assert result.final_url == httpserver.url_for("/new")
    assert [request.headers.get("If-None-Match") for request, _ in httpserver.log] == ['"e"', '"e"']


def test_redirect_loop_ends_with_redirects_error(httpserver):
    httpserver.expect_request("/loop").respond_with_data(b"", status=302, headers={"Location": "/loop"})
    result = _fetch(httpserver.url_for("/loop"), _options(max_redirects=2, retries=2))
    assert not result.ok
    assert "redirects" in result.error
    assert "more than 2" in result.error
    assert result.permanent is True
    assert _paths(httpserver) == ["/loop"] * 3  # first hop + 2 redirects, and no retries


def test_redirect_to_other_scheme_is_refused(httpserver):
    httpserver.expect_request("/jump").respond_with_data(
        b"", status=302, headers={"Location": "ftp://127.0.0.1/feed"})
    result = _fetch(httpserver.url_for("/jump"))
    assert not result.ok
    assert "refused scheme 'ftp'" in result.error
    assert result.permanent is True
    assert result.final_url == "ftp://127.0.0.1/feed"
    assert _paths(httpserver) == ["/jump"]


def test_redirect_to_file_url_is_refused(httpserver, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    httpserver.expect_request("/jump").respond_with_data(b"", status=302, headers={"Location": secret.as_uri()})
    result = _fetch(httpserver.url_for("/jump"), _options(allowed_dirs=(tmp_path,)))
    assert not result.ok
    assert "refused scheme 'file'" in result.error
    assert b"secret" not in result.content


class _RawResponse(Response):
    """A response whose headers werkzeug sends as given (it would otherwise choke on a bad Location)."""

    def get_wsgi_headers(self, environ):
        return Headers(self.headers)


def test_redirect_with_malformed_location_is_an_error_not_an_exception(httpserver):
    # httpx itself rejects this Location while building the response (RemoteProtocolError), before
    # fetch.py sees it; that surfaces as an ordinary transient HTTP error.
    httpserver.expect_request("/jump").respond_with_response(
        _RawResponse(b"", status=302, headers={"Location": "http://[::1/x", "Content-Length": "0"}))
    result = _fetch(httpserver.url_for("/jump"), _options(retries=0))
    assert not result.ok
    assert "invalid url" in result.error.lower()
    assert _paths(httpserver) == ["/jump"]


def test_redirect_to_unencodable_host_is_a_permanent_error(httpserver):
    location = "http://" + "a" * 64 + ".example/x"  # a DNS label longer than 63 characters
    httpserver.expect_request("/jump").respond_with_response(
        _RawResponse(b"", status=302, headers={"Location": location, "Content-Length": "0"}))
    result = _fetch(httpserver.url_for("/jump"), _options(retries=2))
    assert not result.ok
    assert "invalid URL" in result.error
    assert result.permanent is True
    assert _paths(httpserver) == ["/jump"]


# --- private addresses (SSRF rule) ---------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_host_refused_and_nothing_sent(httpserver, host):
    httpserver.expect_request("/feed").respond_with_data(FEED)
    url = f"http://{host}:{httpserver.port}/feed"
    result = _fetch(url, _options(allow_private_hosts=False))
    assert not result.ok
    assert "NEWSLEDGER_ALLOW_PRIVATE_HOSTS" in result.error
    assert "127.0.0.1" in result.error
    assert result.permanent is True
    assert result.status is None
    assert httpserver.log == []


def test_private_host_allowed_when_enabled(httpserver):
    httpserver.expect_request("/feed").respond_with_data(FEED)
    result = _fetch(f"http://127.0.0.1:{httpserver.port}/feed", _options(allow_private_hosts=True))
    assert result.ok and result.content == FEED


def test_redirect_to_private_host_is_checked_on_every_hop(httpserver, monkeypatch):
    # Only loopback exists here, so pretend the first hop's host (127.0.0.1) is public and let the real
    # check judge the redirect target (localhost): the redirect must be refused before it is requested.
    real_check = fetch_module.check_address

    def check(host: str, allow_private: bool) -> None:
        if host != "127.0.0.1":
            real_check(host, allow_private)

    monkeypatch.setattr(fetch_module, "check_address", check)
    monkeypatch.setattr(fetch_module, "_peer_address", lambda response: None)  # and its connection too
    httpserver.expect_request("/start").respond_with_data(
        b"", status=302, headers={"Location": f"http://localhost:{httpserver.port}/internal"})
    httpserver.expect_request("/internal").respond_with_data(b"internal secrets")
    result = _fetch(f"http://127.0.0.1:{httpserver.port}/start", _options(allow_private_hosts=False))
    assert not result.ok
    assert "NEWSLEDGER_ALLOW_PRIVATE_HOSTS" in result.error
    assert result.permanent is True
    assert result.final_url == f"http://localhost:{httpserver.port}/internal"
    assert _paths(httpserver) == ["/start"]


def test_check_address_refuses_private_ranges():
    for host in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "0.0.0.0", "224.0.0.1"):
        with pytest.raises(fetch_module._Refused):
            fetch_module.check_address(host, allow_private=False)
        fetch_module.check_address(host, allow_private=True)  # no error
    fetch_module.check_address("8.8.8.8", allow_private=False)  # public literal, no DNS needed


# --- schemes and malformed URLs ------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed.xml", "javascript:alert(1)", "data:text/plain,hi",
                                 "gopher://example.com/", "no-scheme-at-all"])
def test_other_schemes_refused_permanently(httpserver, url):
    result = _fetch(url)
    assert not result.ok
    assert "refused scheme" in result.error
    assert result.permanent is True
    assert result.url == url
    assert httpserver.log == []


def test_scheme_is_case_insensitive(httpserver):
    httpserver.expect_request("/feed").respond_with_data(FEED)
    result = _fetch(httpserver.url_for("/feed").replace("http://", "HTTP://"))
    assert result.ok and result.content == FEED


@pytest.mark.parametrize("url", ["http://[::1/feed", "http://" + "a" * 64 + ".example/feed"])
@pytest.mark.parametrize("allow_private", [False, True])
def test_malformed_url_is_a_permanent_error_not_an_exception(url, allow_private):
    result = _fetch(url, _options(allow_private_hosts=allow_private, retries=2))
    assert not result.ok
    assert result.error
    assert result.permanent is True


# --- file: URLs ----------------------------------------------------------------------------

def test_file_url_inside_allowed_dir_is_read(tmp_path):
    (tmp_path / "feed.xml").write_bytes(FEED)
    result = _fetch((tmp_path / "feed.xml").as_uri(), _options(allowed_dirs=(tmp_path,)))
    assert result.ok
    assert result.status == 200
    assert result.content == FEED
    assert result.content_type == "application/xml"


def test_file_url_in_subdirectory_with_quoted_name(tmp_path):
    sub = tmp_path / "sub dir"
    sub.mkdir()
    (sub / "a b.txt").write_text("hello")
    url = (sub / "a b.txt").as_uri()
    assert "%20" in url
    result = _fetch(url, _options(allowed_dirs=(tmp_path,)))
    assert result.ok and result.content == b"hello"
    assert result.content_type == "text/plain"


def test_file_url_outside_allowed_dirs_refused(tmp_path):
    allowed, other = tmp_path / "allowed", tmp_path / "other"
    allowed.mkdir()
    other.mkdir()
    (other / "secret.txt").write_text("secret")
    result = _fetch((other / "secret.txt").as_uri(), _options(allowed_dirs=(allowed,)))
    assert not result.ok
    assert "outside the allowed directories" in result.error
    assert result.permanent is True
    assert result.content == b""


def test_file_url_dotdot_escape_refused(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    result = _fetch(f"file://{allowed}/../secret.txt", _options(allowed_dirs=(allowed,)))
    assert not result.ok
    assert "outside the allowed directories" in result.error
    assert result.permanent is True


def test_file_url_symlink_escape_refused(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (allowed / "link.txt").symlink_to(tmp_path / "secret.txt")
    result = _fetch((allowed / "link.txt").as_uri(), _options(allowed_dirs=(allowed,)))
    assert not result.ok
    assert "outside the allowed directories" in result.error


def test_file_url_refused_when_no_dirs_allowed(tmp_path):
    (tmp_path / "feed.xml").write_bytes(FEED)
    result = _fetch((tmp_path / "feed.xml").as_uri(), _options(allowed_dirs=()))
    assert not result.ok and result.permanent
    assert "outside the allowed directories" in result.error


def test_missing_file_is_permanent_404(tmp_path):
    result = _fetch((tmp_path / "nope.xml").as_uri(), _options(allowed_dirs=(tmp_path,)))
    assert not result.ok
    assert result.status == 404
    assert "no such file" in result.error
    assert result.permanent is True


def test_directory_file_url_is_not_a_file(tmp_path):
    (tmp_path / "sub").mkdir()
    result = _fetch((tmp_path / "sub").as_uri(), _options(allowed_dirs=(tmp_path,)))
    assert result.status == 404 and result.permanent


def test_file_larger_than_max_bytes_refused(tmp_path):
    (tmp_path / "big.xml").write_bytes(b"x" * 2000)
    result = _fetch((tmp_path / "big.xml").as_uri(), _options(allowed_dirs=(tmp_path,), max_bytes=1000))
    assert not result.ok
    assert "larger than 1000 bytes" in result.error
    assert result.permanent is True


@pytest.mark.parametrize("name", ["a%00b.xml", "a" * 300 + ".xml"])
def test_unusable_file_name_is_an_error_not_an_exception(tmp_path, name):
    result = _fetch(tmp_path.as_uri() + "/" + name, _options(allowed_dirs=(tmp_path,)))
    assert not result.ok
    assert result.error


def test_file_url_with_relative_allowed_dir(tmp_path, monkeypatch):
    # Settings.from_env builds allowed dirs from NEWSLEDGER_FILE_DIRS without resolving them.
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "feed.xml").write_bytes(FEED)
    monkeypatch.chdir(tmp_path)
    result = _fetch((tmp_path / "feeds" / "feed.xml").as_uri(), _options(allowed_dirs=(Path("feeds"),)))
    assert result.ok, result.error
    assert result.content == FEED


def test_file_url_with_symlinked_allowed_dir(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "feed.xml").write_bytes(FEED)
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    result = _fetch((tmp_path / "alias" / "feed.xml").as_uri(), _options(allowed_dirs=(tmp_path / "alias",)))
    assert result.ok, result.error
    assert result.content == FEED


# --- fetch_many ----------------------------------------------------------------------------

def test_fetch_many_returns_results_in_input_order(httpserver, tmp_path):
    release = threading.Event()

    def late(request: Request) -> Response:
        release.wait(0.3)
        return Response(b"late")

    httpserver.expect_request("/late").respond_with_handler(late)
    for name in ("a", "b", "c"):
        httpserver.expect_request(f"/{name}").respond_with_data(name.encode() * 3)
    httpserver.expect_request("/gone").respond_with_data(b"", status=410)
    (tmp_path / "local.xml").write_bytes(FEED)
    urls = [httpserver.url_for("/late"), httpserver.url_for("/a"), "ftp://127.0.0.1/x",
            httpserver.url_for("/b"), (tmp_path / "local.xml").as_uri(), httpserver.url_for("/gone"),
            httpserver.url_for("/c")]
    results = fetch_many(urls, _options(allowed_dirs=(tmp_path,), workers=4))
    assert [r.url for r in results] == urls
    assert [r.content for r in results] == [b"late", b"aaa", b"", b"bbb", FEED, b"", b"ccc"]
    assert [r.ok for r in results] == [True, True, False, True, True, False, True]
    assert results[5].status == 410 and results[5].permanent
    assert "refused scheme" in results[2].error


def test_fetch_many_passes_conditions_per_url(httpserver):
    httpserver.expect_request("/one").respond_with_data(b"", status=304)
    httpserver.expect_request("/two").respond_with_data(b"two")
    one, two = httpserver.url_for("/one"), httpserver.url_for("/two")
    results = fetch_many([one, two], _options(), {one: ('"e1"', "Mon, 01 Jan 2024 00:00:00 GMT")})
    assert results[0].not_modified and results[1].ok and results[1].content == b"two"
    sent = {request.path: request.headers for request, _ in httpserver.log}
    assert sent["/one"]["If-None-Match"] == '"e1"'
    assert sent["/one"]["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert "If-None-Match" not in sent["/two"]


def test_fetch_many_empty_list():
    assert fetch_many([], _options()) == []


def test_fetch_many_reuses_one_client_per_settings_without_cookies_between_batches(httpserver):
    httpserver.expect_request("/set").respond_with_response(Response(b"ok", headers={"Set-Cookie": "s=1; Path=/"}))
    httpserver.expect_request("/echo").respond_with_handler(
        lambda request: Response(request.headers.get("Cookie", "none").encode()))
    options = _options(user_agent="newsledger-test/shared")
    assert fetch_many([httpserver.url_for("/set")], options)[0].ok
    client = fetch_module.shared_client(options)
    assert fetch_module.shared_client(options) is client and not client.is_closed
    assert fetch_module.shared_client(_options(user_agent="newsledger-test/other")) is not client
    (echo,) = fetch_many([httpserver.url_for("/echo")], options)
    assert echo.content == b"none"  # a batch does not send what an earlier batch was given


def test_fetch_many_uses_user_agent(httpserver):
    httpserver.expect_request("/ua").respond_with_data(b"ok")
    results = fetch_many([httpserver.url_for("/ua")], _options(user_agent="agent/42", workers=0))
    assert results[0].ok
    (request, _), = httpserver.log
    assert request.headers["User-Agent"] == "agent/42"


def test_connection_to_a_private_address_is_refused_even_after_a_public_dns_answer(httpserver, monkeypatch):
    """DNS rebinding: the name looked public when checked, but the connection went to loopback."""
    import newsledger.fetch as fetch_module

    httpserver.expect_request("/rebind").respond_with_data("secret")
    monkeypatch.setattr(fetch_module, "check_address", lambda host, allow_private: None)
    options = FetchOptions(allow_private_hosts=False, retries=0, read_timeout=2, total_timeout=4)
    with make_client(options) as client:
        result = fetch_url(client, httpserver.url_for("/rebind"), options)
    assert result.permanent and "non-public address" in result.error and result.content == b""
