"""Politeness for the fetcher: obey robots.txt and pace requests per host.

``RobotsCache`` reads each origin's robots.txt once per ``ttl`` (RFC 9309) through a
``fetch_text`` function supplied by the caller, so the fetcher's own safety checks (address
filtering, size limits, redirect limits) apply to robots.txt as well. ``HostThrottle``
spaces successive requests to a host and caps how many run at once.

RFC 9309 behaviour, and where it departs:
- 2xx: the rules apply. 3xx left over after the fetcher's redirects, and 4xx: the file is
  "unavailable", so everything is allowed. 429 is the exception: it asks us to slow down,
  so like 5xx it is treated as "unreachable" (as Google does).
- 5xx or no response: "unreachable", so everything is disallowed until a retry after
  ``retry_after`` seconds succeeds; if an earlier copy was read, it stays in force instead
  (2.4). The optional "after 30 days assume unavailable" rule is not implemented.
- Rules are matched with ``urllib.robotparser``, with rules re-ordered so the longest match
  wins and allow wins ties (2.2.2), and ``*`` / ``$`` wildcards in paths matched as RFC 9309
  2.2.3 says. Not supported: merging several groups for one agent, and fractional
  ``Crawl-delay`` values (ignored).
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit
from urllib.robotparser import RobotFileParser

FetchText = Callable[[str], tuple[int | None, str]]
ROBOTS_MAX_CHARS = 512_000  # RFC 9309 2.5 asks for at least 500 KiB to be parsed


def robots_url(url: str) -> str | None:
    """The robots.txt URL governing ``url``, or None for schemes robots.txt does not cover."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:  # e.g. a port that is not a number; the fetcher will refuse the URL
        return None
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    default_port = 80 if scheme == "http" else 443
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    return f"{scheme}://{netloc}/robots.txt"


def host_of(url: str) -> str:
    """The throttling key of ``url``: its lower-cased host name, whatever the scheme or port."""
    return (urlsplit(url.strip()).hostname or "").lower()


@dataclass(frozen=True)
class _Robots:
    rules: RobotFileParser | None  # None: nothing is disallowed (or everything, when unreachable)
    unreachable: str | None  # why robots.txt could not be read, when that blocks everything
    expires: float


def _parse_rules(url: str, text: str) -> RobotFileParser:
    parser = RobotFileParser(url)
    parser.parse(text[:ROBOTS_MAX_CHARS].splitlines())
    # robotparser applies the first rule that matches; sorting longest path first (allow
    # before disallow on ties) makes that the longest match, as RFC 9309 2.2.2 requires.
    for entry in [*parser.entries, parser.default_entry]:
        if entry is not None:
            entry.rulelines.sort(key=lambda rule: (-len(rule.path), not rule.allowance))
            for rule in entry.rulelines:
                raw = unquote(rule.path)  # robotparser stores paths percent-encoded
                if "*" in raw or raw.endswith("$"):
                    rule.applies_to = _wildcard_matcher(raw)
    return parser


def _wildcard_matcher(path: str) -> Callable[[str], bool]:
    """RFC 9309 2.2.3: ``*`` matches any characters, a final ``$`` anchors the end of the path."""
    anchored = path.endswith("$")
    body = path[:-1] if anchored else path
    pattern = re.compile("".join(".*" if ch == "*" else re.escape(ch) for ch in body) + ("$" if anchored else ""))
    return lambda filename: bool(pattern.match(unquote(filename)))


class RobotsCache:
    """robots.txt per scheme, host and port, fetched on first use and cached; thread-safe.

    ``fetch_text(url)`` returns ``(status, body)``, with status None when no response came;
    it should follow redirects. ``user_agent``'s product token (before any ``/``) selects the
    robots.txt group.
    """

    def __init__(self, fetch_text: FetchText, user_agent: str, *, ttl: float = 24 * 3600.0,
                 retry_after: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch_text = fetch_text
        self._user_agent = user_agent
        self._ttl = ttl
        self._retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, _Robots] = {}
        self._fetch_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str) -> bool:
        return self.reason(url) is None

    def reason(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None when it may."""
        robots = robots_url(url)
        if robots is None:
            return None
        entry = self._entry(robots)
        if entry.unreachable is not None:
            return (f"{robots} could not be read ({entry.unreachable}); until it can, "
                    "the site is treated as disallowing everything")
        if entry.rules is not None and not entry.rules.can_fetch(self._user_agent, url):
            return f"disallowed by {robots} for user agent {self._user_agent!r}"
        return None

    def unreachable(self, url: str) -> bool:
        """True when the refusal is only because robots.txt could not be read (worth retrying later)."""
        robots = robots_url(url)
        return robots is not None and self._entry(robots).unreachable is not None

    def crawl_delay(self, url: str) -> float | None:
        """Seconds to leave between requests, from ``Crawl-delay`` or ``Request-rate``."""
        robots = robots_url(url)
        rules = self._entry(robots).rules if robots else None
        if rules is None:
            return None
        delays = []
        if (delay := rules.crawl_delay(self._user_agent)) is not None:
            delays.append(float(delay))
        if (rate := rules.request_rate(self._user_agent)) is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        return max(delays) if delays else None

    def _entry(self, robots: str) -> _Robots:
        with self._lock:
            entry = self._entries.get(robots)
            if entry is not None and entry.expires > self._clock():
                return entry
            fetch_lock = self._fetch_locks.setdefault(robots, threading.Lock())
        with fetch_lock:  # one fetch per origin; the others wait for its result
            with self._lock:
                entry = self._entries.get(robots)
            if entry is not None and entry.expires > self._clock():
                return entry
            entry = self._load(robots, entry)
            with self._lock:
                self._entries[robots] = entry
            return entry

    def _load(self, robots: str, previous: _Robots | None) -> _Robots:
        try:
            status, body = self._fetch_text(robots)
        except Exception as exc:  # a failing fetch must neither stop the crawl nor pass for permission
            status, body = None, f"{type(exc).__name__}: {exc}"
        now = self._clock()
        if status is not None and 200 <= status < 300:
            return _Robots(_parse_rules(robots, body), None, now + self._ttl)
        if status is not None and 300 <= status < 500 and status != 429:
            return _Robots(None, None, now + self._ttl)
        if previous is not None and previous.unreachable is None:
            return replace(previous, expires=now + self._retry_after)
        if status is not None:
            detail = f"HTTP {status}"
        else:
            detail = f"no response: {body.strip()[:200]}" if body.strip() else "no response"
        return _Robots(None, detail, now + self._retry_after)


class HostThrottle:
    """Spaces request starts to one host by at least its delay, and caps concurrent requests.

    The delay of a host is ``min_delay``, or the value given to ``set_delay`` (e.g. a
    robots.txt crawl-delay) when larger, capped at ``max_delay`` so that one site cannot stall
    a worker for hours. Hosts are independent of one another. Thread-safe.
    """

    def __init__(self, min_delay: float = 1.0, per_host_concurrency: int = 1, *,
                 max_delay: float | None = 60.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if min_delay < 0 or per_host_concurrency < 1:
            raise ValueError("min_delay must be >= 0 and per_host_concurrency >= 1")
        self.min_delay = min_delay
        self.per_host_concurrency = per_host_concurrency
        self.max_delay = max_delay
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._delays: dict[str, float] = {}
        self._next_start: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def set_delay(self, host: str, seconds: float | None) -> None:
        """Use ``seconds`` between requests to ``host`` when above ``min_delay``; None forgets it."""
        key = host.strip().lower()
        with self._lock:
            if seconds is None:
                self._delays.pop(key, None)
            else:
                self._delays[key] = max(0.0, seconds if self.max_delay is None else min(seconds, self.max_delay))

    def delay(self, host: str) -> float:
        with self._lock:
            return max(self.min_delay, self._delays.get(host.strip().lower(), 0.0))

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` may start; returns the seconds waited.

        Each caller reserves the next free start time under the lock and sleeps outside it,
        so concurrent callers are spaced out in arrival order.
        """
        key = host.strip().lower()
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(key, now))
            self._next_start[key] = start + max(self.min_delay, self._delays.get(key, 0.0))
        pause = start - now
        if pause > 0:
            self._sleep(pause)
        return pause

    @contextmanager
    def slot(self, host: str) -> Iterator[float]:
        """Hold one of ``host``'s concurrent slots, paced by ``wait``; yields the seconds waited."""
        key = host.strip().lower()
        with self._lock:
            semaphore = self._slots.setdefault(key, threading.BoundedSemaphore(self.per_host_concurrency))
        with semaphore:  # take the slot first, so the paced start is not spent queueing for it
            yield self.wait(key)
