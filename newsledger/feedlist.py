"""The feed list: a TOML file users edit (see seeds/feeds.toml for the documented format)."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Feed:
    url: str
    name: str | None = None


@dataclass(frozen=True)
class FeedList:
    feeds: tuple[Feed, ...]
    allowed_dirs: tuple[Path, ...]  # file: URLs may only point inside these
    allow_private_hosts: bool = False


class FeedListError(ValueError):
    pass


def resolve_feed_url(url: str, base_dir: Path) -> str:
    """URLs stay as written; paths (relative to the list) become file: URLs.

    A URL with an unsupported scheme is kept: fetching refuses it and the run records
    why, instead of one bad line stopping every other feed.
    """
    scheme = urlsplit(url).scheme.lower()
    if len(scheme) > 1:  # one letter is a Windows drive, not a scheme
        return url
    return (base_dir / url).resolve().as_uri()


def parse_feed_list(text: str, base_dir: Path) -> FeedList:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedListError(f"the feed list is not valid TOML: {exc}") from exc
    settings = data.get("settings", {})
    feeds = []
    for i, row in enumerate(data.get("feed", []), 1):
        if not isinstance(row, dict) or not row.get("url"):
            raise FeedListError(f"feed #{i} has no url")
        feeds.append(Feed(resolve_feed_url(str(row["url"]), base_dir), row.get("name")))
    dirs = tuple((base_dir / d).resolve() for d in settings.get("allowed_dirs", ["."]))
    return FeedList(tuple(feeds), dirs, bool(settings.get("allow_private_hosts", False)))


def load_feed_list(path: Path) -> FeedList:
    if not path.exists():
        raise FeedListError(f"feed list {path} does not exist (see seeds/feeds.toml for the format)")
    return parse_feed_list(path.read_text(encoding="utf-8"), path.resolve().parent)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML basic strings


def append_feeds(path: Path, feeds: list[Feed]) -> list[Feed]:
    """Add feeds to the list file, keeping its comments; returns those not already listed."""
    existing = {f.url for f in load_feed_list(path).feeds} if path.exists() else set()
    added = [f for f in feeds if f.url not in existing]
    if added:
        blocks = []
        for feed in added:
            lines = ["", "[[feed]]"]
            if feed.name:
                lines.append(f"name = {_toml_string(feed.name)}")
            lines.append(f"url = {_toml_string(feed.url)}")
            blocks.append("\n".join(lines))
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(text.rstrip("\n") + "\n" + "\n".join(blocks) + "\n", encoding="utf-8")
    return added
