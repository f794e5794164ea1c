"""Adding feeds: by URL (a feed, or an HTML page advertising feeds) or from an OPML file."""
from __future__ import annotations

from pathlib import Path

from extractors.feed_sources import discover_feeds, looks_like_feed, parse_opml
from extractors.text import is_html
from newsledger.feedlist import Feed, append_feeds
from newsledger.fetch import FetchOptions, fetch_url, make_client


class FeedAdminError(ValueError):
    pass


def feeds_at(url: str, options: FetchOptions) -> list[Feed]:
    """The feed at ``url``, or the feeds an HTML page at ``url`` advertises."""
    with make_client(options) as client:
        result = fetch_url(client, url, options)
    if not result.ok:
        raise FeedAdminError(f"could not fetch {url}: {result.error}")
    if looks_like_feed(result.content, result.content_type):
        return [Feed(url)]
    if is_html(result.content, result.content_type):
        found = discover_feeds(result.content, result.final_url)
        if not found:
            raise FeedAdminError(f"{url} is an HTML page that advertises no feeds (no <link rel=\"alternate\">)")
        return [Feed(f.url, f.title) for f in found]
    raise FeedAdminError(f"{url} is neither a feed nor an HTML page (content type {result.content_type})")


def add_feed(list_path: Path, url: str, options: FetchOptions) -> list[Feed]:
    return append_feeds(list_path, feeds_at(url, options))


def import_opml(list_path: Path, opml: Path) -> list[Feed]:
    try:
        found = parse_opml(opml.read_bytes())
    except ValueError as exc:
        raise FeedAdminError(f"{opml}: {exc}") from exc
    return append_feeds(list_path, [Feed(f.url, f.title) for f in found])
