"""Parse RSS, Atom and JSON Feed documents into feed entries.

feedparser handles the XML formats (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) including
ill-formed ones ("bozo"); JSON Feed (1.0 and 1.1) is parsed here because
feedparser does not read it.
"""
from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None
    published: str | None  # ISO 8601 UTC, when the feed gave one
    guid: str | None
    summary: str | None
    updated: str | None = None  # when the feed says the entry last changed (ISO 8601 UTC)


@dataclass(frozen=True)
class ParsedFeed:
    format: str  # e.g. "rss20", "atom10", "json1"; "" when unrecognised
    title: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None  # why the feed is ill-formed, when it is (entries may still be usable)


def _iso(struct) -> str | None:
    if not struct:
        return None
    return datetime.fromtimestamp(calendar.timegm(struct), tz=timezone.utc).isoformat()


def _looks_like_json(content: bytes) -> bool:
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


def parse_json_feed(content: bytes, base_url: str) -> ParsedFeed:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ParsedFeed("", None, (), f"not valid JSON: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return ParsedFeed("", None, (), "JSON document is not a JSON Feed (no 'items' list)")
    version = str(data.get("version", ""))
    fmt = "json11" if version.endswith("/1.1") else "json1"
    base = data.get("home_page_url") or base_url
    entries = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if not link:
            continue
        entries.append(FeedEntry(
            url=urljoin(base, str(link)),
            title=item.get("title"),
            published=item.get("date_published"),
            guid=str(item.get("id")) if item.get("id") is not None else None,
            summary=item.get("summary") or item.get("content_text"),
            updated=item.get("date_modified"),
        ))
    return ParsedFeed(fmt, data.get("title"), tuple(entries), None)


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document fetched from ``url``; relative links resolve against it."""
    if _looks_like_json(content):
        return parse_json_feed(content, url)
    # Without a content-type feedparser flags every document as bozo; a file or a
    # server that sent none is treated as generic XML, letting the XML prolog decide.
    # Relative links are resolved below with urljoin (feedparser mangles file: bases).
    headers = {"content-type": content_type or "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False)
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
    entries = []
    for e in parsed.entries:
        link = e.get("link") or next(
            (l.get("href") for l in e.get("links", []) if l.get("href")), None)
        if not link:
            continue
        entries.append(FeedEntry(
            url=urljoin(url, link),
            title=e.get("title"),
            published=_iso(dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")),
            guid=e.get("id"),
            summary=e.get("summary"),
            # dict.get: FeedParserDict would quietly answer "updated" with the published date
            updated=_iso(dict.get(e, "updated_parsed")),
        ))
    return ParsedFeed(parsed.get("version", ""), parsed.feed.get("title"), tuple(entries), problem)
