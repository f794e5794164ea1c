"""Fetch feeds and articles over http(s), or from allowed local directories (file: URLs).

Never raises for a problem the input can cause: every outcome is a ``FetchResult`` whose
``error`` says what went wrong, and ``permanent`` says whether retrying could help.
Safe by default: only http, https and file (inside allowed directories); loopback,
private, link-local, multicast and reserved addresses are refused after DNS resolution
and after every redirect unless private hosts are allowed.
"""
from __future__ import annotations

import atexit
import ipaddress
import mimetypes
import socket
import time
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from newsledger.politeness import ROBOTS_MAX_CHARS, HostThrottle, RobotsCache, host_of


@dataclass(frozen=True)
class FetchOptions:
    user_agent: str = "newsledger/0.1"
    allowed_dirs: tuple[Path, ...] = ()
    allow_private_hosts: bool = False
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    max_retry_after: float = 30.0
    workers: int = 8
    obey_robots: bool = False       # the CLI and flows turn this on (see newsledger.settings)
    host_delay: float = 0.0         # minimum seconds between requests to one host
    per_host_concurrency: int = 2


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int | None = None
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    permanent: bool = False
    not_modified: bool = False
    headers: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.not_modified


class _Refused(Exception):
    pass


def _split_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower() or None, charset


def check_address(host: str, allow_private: bool) -> None:
    """Refuse hosts that resolve to non-public addresses (SSRF protection)."""
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise _Refused(f"cannot resolve host {host!r}: {exc.strerror or exc}") from exc
    for info in infos:
        if not _is_public(info[4][0]):
            raise _Refused(f"refused {host!r}: it resolves to the non-public address {info[4][0]} "
                           f"(set NEWSLEDGER_ALLOW_PRIVATE_HOSTS=1 for local use)")


def _is_public(address: str) -> bool:
    addr = ipaddress.ip_address(address.split("%")[0])
    return not (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast
                or addr.is_reserved or addr.is_unspecified)


def _peer_address(response: httpx.Response) -> str | None:
    """The IP address the response actually came from, when the transport tells."""
    stream = response.extensions.get("network_stream")
    try:
        server = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:  # transports differ; the DNS check before connecting still applies
        return None
    return server[0] if server else None


def _fetch_file(url: str, options: FetchOptions) -> FetchResult:
    try:
        path = Path(unquote(urlsplit(url).path)).resolve()
    except (OSError, ValueError) as exc:
        return FetchResult(url, url, error=f"invalid file URL: {exc}", permanent=True)
    # Allowed directories may be relative or reached through symlinks: compare resolved paths.
    allowed = [Path(d).resolve() for d in options.allowed_dirs]
    if not any(path == d or d in path.parents for d in allowed):
        return FetchResult(url, url, error=f"refused file URL outside the allowed directories: {path}",
                           permanent=True)
    try:
        if not path.is_file():
            return FetchResult(url, url, status=404, error=f"no such file: {path}", permanent=True)
        with path.open("rb") as fh:
            content = fh.read(options.max_bytes + 1)
    except OSError as exc:
        return FetchResult(url, url, error=f"cannot read {path}: {exc.strerror or exc}")
    if len(content) > options.max_bytes:
        return FetchResult(url, url, error=f"file larger than {options.max_bytes} bytes", permanent=True)
    guessed, _ = mimetypes.guess_type(path.name)
    if path.suffix in (".xml", ".rss", ".atom"):
        guessed = "application/xml"
    return FetchResult(url, url, status=200, content=content, content_type=guessed)


def _retry_after(value: str | None, cap: float) -> float:
    if not value:
        return 1.0
    try:
        return min(max(0.0, float(value)), cap)  # max(0.0, nan) is 0.0: never a negative or NaN sleep
    except ValueError:
        try:
            return min(max(0.0, parsedate_to_datetime(value).timestamp() - time.time()), cap)
        except (TypeError, ValueError):
            return 1.0


def _fetch_http_once(client: httpx.Client, url: str, options: FetchOptions, headers: dict) -> FetchResult:
    deadline = time.monotonic() + options.total_timeout
    current = url
    for _ in range(options.max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            return FetchResult(url, current, error=f"refused scheme {parts.scheme!r} (only http and https)",
                               permanent=True)
        try:
            check_address(parts.hostname or "", options.allow_private_hosts)
        except _Refused as exc:
            return FetchResult(url, current, error=str(exc), permanent=True)
        with client.stream("GET", current, headers=headers) as response:
            peer = _peer_address(response)
            if peer is not None and not options.allow_private_hosts and not _is_public(peer):
                # the name resolved to a public address when checked, then to this one (DNS rebinding)
                return FetchResult(url, current, error=f"refused {parts.hostname!r}: connected to the non-public "
                                   f"address {peer}", permanent=True)
            if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            ctype, charset = _split_content_type(response.headers.get("content-type"))
            common = dict(status=response.status_code, content_type=ctype, charset=charset,
                          etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
                          headers=dict(response.headers))
            if response.status_code == 304:
                return FetchResult(url, current, not_modified=True, **common)
            if response.status_code >= 400:
                permanent = response.status_code in (400, 401, 403, 404, 405, 410, 451)
                return FetchResult(url, current, error=f"HTTP {response.status_code} {response.reason_phrase}",
                                   permanent=permanent, **common)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                return FetchResult(url, current, error=f"response larger than {options.max_bytes} bytes "
                                   f"(Content-Length {declared})", permanent=True, **common)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    return FetchResult(url, current, error=f"response larger than {options.max_bytes} bytes",
                                       permanent=True, **common)
                if time.monotonic() > deadline:
                    return FetchResult(url, current, error=f"took longer than {options.total_timeout:.0f} s",
                                       **common)
                chunks.append(chunk)
            return FetchResult(url, current, content=b"".join(chunks), **common)
    return FetchResult(url, current, error=f"more than {options.max_redirects} redirects", permanent=True)


def fetch_url(client: httpx.Client, url: str, options: FetchOptions, etag: str | None = None,
              last_modified: str | None = None) -> FetchResult:
    """Fetch one URL with conditional headers, retrying transient failures with backoff."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as exc:
        return FetchResult(url, url, error=f"invalid URL: {exc}", permanent=True)
    if scheme == "file":
        return _fetch_file(url, options)
    if scheme not in ("http", "https"):
        return FetchResult(url, url, error=f"refused scheme {scheme!r} (only http, https and allowed files)",
                           permanent=True)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    result = FetchResult(url, url, error="not attempted")
    for attempt in range(options.retries + 1):
        try:
            result = _fetch_http_once(client, url, options, headers)
        except httpx.TimeoutException as exc:
            result = FetchResult(url, url, error=f"timed out ({type(exc).__name__})")
        except httpx.HTTPError as exc:
            result = FetchResult(url, url, error=f"{type(exc).__name__}: {exc}")
        except (httpx.InvalidURL, ValueError) as exc:  # malformed URL, redirect target or host name
            return FetchResult(url, url, error=f"invalid URL: {exc}", permanent=True)
        transient = result.error is not None and not result.permanent and (
            result.status is None or result.status == 429 or result.status >= 500)
        if not transient or attempt == options.retries:
            return result
        wait = _retry_after(result.headers.get("retry-after"), options.max_retry_after) \
            if result.status == 429 else 0.5 * (2 ** attempt)
        time.sleep(wait)
    return result


def make_client(options: FetchOptions) -> httpx.Client:
    timeout = httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout,
                            write=options.read_timeout, pool=options.connect_timeout)
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                        headers={"User-Agent": options.user_agent,
                                 "Accept-Encoding": "gzip, deflate, br"})


_POLITENESS: dict[tuple, tuple[RobotsCache, HostThrottle]] = {}
_POLITENESS_LOCK = threading.Lock()


def _politeness(options: FetchOptions) -> tuple[RobotsCache, HostThrottle]:
    """One robots cache and throttle per process and settings, shared by every batch of a run."""
    key = (options.user_agent, options.host_delay, options.per_host_concurrency, options.allow_private_hosts)
    with _POLITENESS_LOCK:
        if key not in _POLITENESS:
            robots_options = replace(options, retries=0, max_bytes=ROBOTS_MAX_CHARS, obey_robots=False)
            client = make_client(robots_options)

            def fetch_text(url: str) -> tuple[int | None, str]:
                result = fetch_url(client, url, robots_options)
                if result.status is None:
                    return None, result.error or "no response"
                return result.status, result.content.decode("utf-8", errors="replace")

            _POLITENESS[key] = (RobotsCache(fetch_text, options.user_agent),
                                HostThrottle(options.host_delay, options.per_host_concurrency))
        return _POLITENESS[key]


def fetch_politely(client: httpx.Client, url: str, options: FetchOptions, etag: str | None = None,
                   last_modified: str | None = None) -> FetchResult:
    """``fetch_url`` behind robots.txt and per-host pacing (http and https only)."""
    if not options.obey_robots or urlsplit(url).scheme.lower() not in ("http", "https"):
        return fetch_url(client, url, options, etag, last_modified)
    robots, throttle = _politeness(options)
    reason = robots.reason(url)
    if reason is not None:
        return FetchResult(url, url, error=f"refused by robots.txt: {reason}", permanent=not robots.unreachable(url))
    host = host_of(url)
    throttle.set_delay(host, robots.crawl_delay(url))
    with throttle.slot(host):
        return fetch_url(client, url, options, etag, last_modified)


_CLIENTS: dict[FetchOptions, httpx.Client] = {}
_CLIENTS_LOCK = threading.Lock()


def shared_client(options: FetchOptions) -> httpx.Client:
    """One client per process and settings, reused by every batch of a run: connections to a host
    stay open between batches and TLS is set up once (a client per batch paid both every time)."""
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(options)
        if client is None or client.is_closed:
            client = _CLIENTS[options] = make_client(options)
            atexit.register(client.close)
        return client


def fetch_many(urls: list[str], options: FetchOptions,
               conditions: dict[str, tuple[str | None, str | None]] | None = None) -> list[FetchResult]:
    """Fetch URLs concurrently (politely when ``options.obey_robots``); results in input order."""
    if not urls:
        return []
    conditions = conditions or {}
    client = shared_client(options)
    client.cookies.clear()  # cookies last one batch, as with a client per batch: no state across runs
    with ThreadPoolExecutor(max_workers=max(1, min(options.workers, len(urls)))) as pool:
        return list(pool.map(lambda u: fetch_politely(client, u, options, *conditions.get(u, (None, None))), urls))
