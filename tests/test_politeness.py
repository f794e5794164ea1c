"""newsledger.politeness: robots.txt from a real local HTTP server, throttling on a fake clock."""
from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
from werkzeug import Response

from newsledger.politeness import HostThrottle, RobotsCache, host_of, robots_url

pytestmark = pytest.mark.timeout(30)

AGENT = "newsledger/0.1 (+https://example.org/bot)"


class FakeClock:
    def __init__(self, now: float = 1000.0, advance: bool = True) -> None:
        self.now = now
        self.advance = advance
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            if self.advance:
                self.now += seconds


def fetch_text(url: str) -> tuple[int | None, str]:
    try:
        response = httpx.get(url, timeout=2.0, follow_redirects=True)
    except httpx.HTTPError as exc:
        return None, str(exc)
    return response.status_code, response.text


def _serve_robots(httpserver, body: str = "", status: int = 200) -> None:
    httpserver.clear_all_handlers()
    httpserver.expect_request("/robots.txt").respond_with_data(body, status=status, content_type="text/plain")


def _robots_requests(httpserver) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == "/robots.txt")


# --- robots_url / host_of -------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("https://Example.ORG/a/b?c=d#e", "https://example.org/robots.txt"),
    ("http://example.org:80/a", "http://example.org/robots.txt"),
    ("https://example.org:443/a", "https://example.org/robots.txt"),
    ("https://example.org:8443/a", "https://example.org:8443/robots.txt"),
    ("http://user:pw@example.org/a", "http://example.org/robots.txt"),
    ("http://[::1]:8080/a", "http://[::1]:8080/robots.txt"),
    ("file:///srv/seeds/a.txt", None),
    ("mailto:desk@example.org", None),
    ("http://example.org:notaport/", None),
])
def test_robots_url(url, expected):
    assert robots_url(url) == expected


def test_host_of_ignores_scheme_port_and_case():
    assert host_of("https://News.Example.org:8443/a") == host_of("http://news.example.org/b") == "news.example.org"


# --- RobotsCache ----------------------------------------------------------------------------

GROUPS = """\
# comments and unknown lines are ignored
User-agent: otherbot
Disallow: /

User-agent: newsledger
Disallow: /private/
Allow: /private/press/
Disallow: /drafts
Sitemap: /sitemap.xml

User-agent: *
Disallow: /
"""


def test_disallow_rules_of_our_group_apply_with_longest_match(httpserver):
    _serve_robots(httpserver, GROUPS)
    cache = RobotsCache(fetch_text, AGENT)
    assert cache.allowed(httpserver.url_for("/news/2024/story.html"))
    assert cache.allowed(httpserver.url_for("/"))
    assert not cache.allowed(httpserver.url_for("/private/memo.html"))
    assert cache.allowed(httpserver.url_for("/private/press/release.html"))  # longer Allow wins
    assert not cache.allowed(httpserver.url_for("/drafts-2024/x"))  # rules are path prefixes
    assert cache.reason(httpserver.url_for("/news/")) is None
    assert "disallowed by http://localhost" in cache.reason(httpserver.url_for("/private/x"))
    assert _robots_requests(httpserver) == 1  # cached for every later URL on the origin


def test_other_agents_fall_back_to_the_star_group(httpserver):
    _serve_robots(httpserver, GROUPS)
    cache = RobotsCache(fetch_text, "SomeoneElse/2.0")
    assert not cache.allowed(httpserver.url_for("/news/"))


def test_allow_wins_a_tie_with_disallow(httpserver):
    _serve_robots(httpserver, "User-agent: *\nDisallow: /page\nAllow: /page\n")
    assert RobotsCache(fetch_text, AGENT).allowed(httpserver.url_for("/page"))


@pytest.mark.parametrize("body, expected", [
    ("User-agent: *\nCrawl-delay: 5\nDisallow: /x\n", 5.0),
    ("User-agent: newsledger\nCrawl-delay: 7\n\nUser-agent: *\nCrawl-delay: 2\n", 7.0),
    ("User-agent: *\nCrawl-delay: 3\nRequest-rate: 1/10\n", 10.0),
    ("User-agent: *\nDisallow: /x\n", None),
    ("User-agent: newsledger\nDisallow: /x\n\nUser-agent: *\nCrawl-delay: 9\n", None),  # our group has none
])
def test_crawl_delay(httpserver, body, expected):
    _serve_robots(httpserver, body)
    assert RobotsCache(fetch_text, AGENT).crawl_delay(httpserver.url_for("/a")) == expected


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_unavailable_robots_4xx_allows_everything(httpserver, status):
    _serve_robots(httpserver, "User-agent: *\nDisallow: /\n", status=status)
    cache = RobotsCache(fetch_text, AGENT)
    assert cache.allowed(httpserver.url_for("/anything"))
    assert cache.crawl_delay(httpserver.url_for("/anything")) is None


@pytest.mark.parametrize("status", [500, 503, 429])
def test_unreachable_robots_disallows_until_a_retry_succeeds(httpserver, status):
    clock = FakeClock()
    cache = RobotsCache(fetch_text, AGENT, retry_after=600, clock=clock)
    _serve_robots(httpserver, "oops", status=status)
    url = httpserver.url_for("/news/1")
    assert not cache.allowed(url)
    assert f"HTTP {status}" in cache.reason(url)
    clock.now += 599
    assert not cache.allowed(url)
    assert _robots_requests(httpserver) == 1
    _serve_robots(httpserver, "User-agent: *\nDisallow: /private/\n")
    clock.now += 2
    assert cache.allowed(url)
    assert _robots_requests(httpserver) == 2


def test_no_response_disallows():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cache = RobotsCache(fetch_text, AGENT)
    assert not cache.allowed(f"http://127.0.0.1:{port}/a")
    assert "no response" in cache.reason(f"http://127.0.0.1:{port}/a")


def test_a_fetch_function_that_raises_counts_as_no_response():
    def broken(url):
        raise OSError("network is down")

    cache = RobotsCache(broken, AGENT)
    assert "OSError: network is down" in cache.reason("https://example.org/a")


def test_a_failed_refresh_keeps_the_last_good_copy(httpserver):
    clock = FakeClock()
    cache = RobotsCache(fetch_text, AGENT, ttl=3600, retry_after=60, clock=clock)
    _serve_robots(httpserver, "User-agent: *\nDisallow: /private/\n")
    assert cache.allowed(httpserver.url_for("/news"))
    _serve_robots(httpserver, "down", status=503)
    clock.now += 3601
    assert cache.allowed(httpserver.url_for("/news"))
    assert not cache.allowed(httpserver.url_for("/private/a"))
    assert _robots_requests(httpserver) == 2
    clock.now += 61  # retried soon, not after a full ttl
    cache.allowed(httpserver.url_for("/news"))
    assert _robots_requests(httpserver) == 3


def test_cache_is_per_origin_and_expires_after_ttl(httpserver):
    clock = FakeClock()
    cache = RobotsCache(fetch_text, AGENT, ttl=3600, clock=clock)
    _serve_robots(httpserver, "User-agent: *\nDisallow: /private/\n")
    port = httpserver.port
    for path in ("/a", "/b", "/private/c"):
        cache.allowed(f"http://localhost:{port}{path}")
        cache.allowed(f"http://LOCALHOST:{port}{path}")
    assert _robots_requests(httpserver) == 1
    cache.allowed(f"http://127.0.0.1:{port}/a")  # another host name is another origin
    assert _robots_requests(httpserver) == 2
    clock.now += 3599
    cache.crawl_delay(f"http://localhost:{port}/a")
    assert _robots_requests(httpserver) == 2
    clock.now += 2
    cache.allowed(f"http://localhost:{port}/a")
    assert _robots_requests(httpserver) == 3


def test_concurrent_first_use_fetches_robots_once(httpserver):
    def slow_robots(request):
        time.sleep(0.02)
        return Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain")

    httpserver.expect_request("/robots.txt").respond_with_handler(slow_robots)
    cache = RobotsCache(fetch_text, AGENT)
    results: list[bool] = []
    threads = [threading.Thread(target=lambda i=i: results.append(cache.allowed(httpserver.url_for(f"/n/{i}"))))
               for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert results == [True] * 8
    assert _robots_requests(httpserver) == 1


def test_urls_robots_txt_does_not_cover_are_allowed_without_fetching():
    calls = []
    cache = RobotsCache(lambda url: calls.append(url) or (500, ""), AGENT)
    assert cache.allowed("file:///srv/seeds/feed.xml")
    assert cache.crawl_delay("file:///srv/seeds/feed.xml") is None
    assert calls == []


# --- HostThrottle ---------------------------------------------------------------------------

def test_first_request_goes_at_once_and_the_next_waits_min_delay():
    clock = FakeClock()
    throttle = HostThrottle(min_delay=1.5, clock=clock, sleep=clock.sleep)
    assert throttle.wait("example.org") == 0
    assert throttle.wait("example.org") == 1.5
    assert throttle.wait("example.org") == 1.5
    assert clock.sleeps == [1.5, 1.5]


def test_time_already_spent_counts_towards_the_delay():
    clock = FakeClock()
    throttle = HostThrottle(min_delay=1.0, clock=clock, sleep=clock.sleep)
    throttle.wait("example.org")
    clock.now += 0.25
    assert throttle.wait("example.org") == pytest.approx(0.75)
    clock.now += 5
    assert throttle.wait("example.org") == 0


def test_hosts_are_paced_independently_and_case_insensitively():
    clock = FakeClock()
    throttle = HostThrottle(min_delay=2.0, clock=clock, sleep=clock.sleep)
    assert throttle.wait("a.example") == 0
    assert throttle.wait("b.example") == 0
    assert throttle.wait("A.Example") == 2.0


def test_set_delay_raises_the_delay_is_capped_and_can_be_forgotten():
    clock = FakeClock()
    throttle = HostThrottle(min_delay=1.0, max_delay=60.0, clock=clock, sleep=clock.sleep)
    throttle.set_delay("slow.example", 5)
    assert throttle.delay("slow.example") == 5
    assert throttle.delay("SLOW.example") == 5
    assert throttle.delay("other.example") == 1.0
    throttle.wait("slow.example")
    assert throttle.wait("slow.example") == 5
    throttle.set_delay("slow.example", 0.1)  # never below min_delay
    assert throttle.delay("slow.example") == 1.0
    throttle.set_delay("slow.example", 86400)
    assert throttle.delay("slow.example") == 60.0
    throttle.set_delay("slow.example", None)
    assert throttle.delay("slow.example") == 1.0
    assert HostThrottle(max_delay=None).delay("x") == 1.0
    uncapped = HostThrottle(max_delay=None)
    uncapped.set_delay("x", 86400)
    assert uncapped.delay("x") == 86400


def test_concurrent_waiters_are_spaced_one_delay_apart():
    clock = FakeClock(advance=False)  # time stands still; each waiter's reserved pause is visible
    throttle = HostThrottle(min_delay=2.0, per_host_concurrency=8, clock=clock, sleep=clock.sleep)
    pauses: list[float] = []
    lock = threading.Lock()

    def request():
        with throttle.slot("example.org") as waited:
            with lock:
                pauses.append(waited)

    threads = [threading.Thread(target=request) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert sorted(pauses) == [0, 2, 4, 6, 8]
    assert sorted(clock.sleeps) == [2, 4, 6, 8]


def test_slot_caps_concurrent_requests_per_host():
    throttle = HostThrottle(min_delay=0, per_host_concurrency=2)
    lock = threading.Lock()
    release = threading.Event()
    state = {"active": 0, "peak": 0, "entered": 0}

    def request():
        with throttle.slot("example.org"):
            with lock:
                state["active"] += 1
                state["entered"] += 1
                state["peak"] = max(state["peak"], state["active"])
            release.wait(5)
            with lock:
                state["active"] -= 1

    threads = [threading.Thread(target=request) for _ in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while state["entered"] < 2 and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(0.02)  # room for a wrongly admitted third request to show up
    assert state["entered"] == 2
    release.set()
    for thread in threads:
        thread.join(5)
    assert state == {"active": 0, "peak": 2, "entered": 6}


def test_a_busy_host_does_not_block_other_hosts_and_slots_survive_errors():
    throttle = HostThrottle(min_delay=0, per_host_concurrency=1)
    other_done = threading.Event()
    same_entered = threading.Event()

    def use(host: str, done: threading.Event) -> None:
        with throttle.slot(host):
            done.set()

    with throttle.slot("busy.example"):
        threading.Thread(target=use, args=("other.example", other_done)).start()
        assert other_done.wait(2)
        same_host = threading.Thread(target=use, args=("BUSY.example", same_entered))
        same_host.start()
        assert not same_entered.wait(0.02)
    assert same_entered.wait(2)
    same_host.join(2)

    with pytest.raises(RuntimeError):
        with throttle.slot("busy.example"):
            raise RuntimeError("request failed")
    with throttle.slot("busy.example"):  # the failed request gave its slot back
        pass


@pytest.mark.parametrize("kwargs", [{"min_delay": -1}, {"per_host_concurrency": 0}])
def test_invalid_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        HostThrottle(**kwargs)


def test_wildcards_in_robots_rules():
    text = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\nAllow: /search/help\n"
    cache = RobotsCache(lambda url: (200, text), "newsledger-test")
    assert not cache.allowed("https://w.example/files/report.pdf")
    assert cache.allowed("https://w.example/files/report.pdf.html")
    assert not cache.allowed("https://w.example/search?q=sanctions")
    assert cache.allowed("https://w.example/search/help")
    assert cache.allowed("https://w.example/news/story")
