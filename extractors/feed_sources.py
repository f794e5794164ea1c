"""Find feeds: those a web page advertises, those an OPML export lists, and whether a
fetched document is a feed at all.

Pure functions over bytes/str; the fetcher decides what to download. A page may advertise
``application/json`` alternates that are not feeds (WordPress links its REST API that way),
so confirm a discovered URL with ``looks_like_feed`` on what it serves before adding it.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from lxml import etree

# Link types that advertise a feed (<link rel="alternate" type=...>).
ADVERTISED_FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
})
# Content types that declare a feed by themselves; generic ones (text/xml, application/json) do not.
FEED_CONTENT_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
})
_URL_SCHEMES = ("http", "https", "file")


@dataclass(frozen=True)
class DiscoveredFeed:
    url: str
    title: str | None = None
    content_type: str | None = None  # the advertised type, from HTML; None from OPML


def _media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


# --- HTML discovery -------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(html: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if html.startswith(bom):
            return html.decode(encoding, errors="replace")
    encoding = "utf-8"
    match = _META_CHARSET.search(html[:4096])
    if match:
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            pass
    if encoding.startswith("utf-16"):  # a meta that can be read as ASCII is not UTF-16 (HTML spec)
        encoding = "utf-8"
    return html.decode(encoding, errors="replace")


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base_href: str | None = None
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("base", "link"):
            return
        values: dict[str, str] = {}
        for name, value in attrs:  # names arrive lower-cased; the first of duplicates wins, as in browsers
            values.setdefault(name, value or "")
        if tag == "link":
            self.links.append(values)
        elif self.base_href is None and "href" in values:
            self.base_href = values["href"]


def _href(value: str) -> str:
    href = re.sub(r"[\t\n\r]", "", value).strip()
    if href[:5].lower() == "feed:":  # feed://host/x and feed:https://host/x are old aliases
        rest = href[5:]
        href = rest if rest.lower().startswith(("http:", "https:")) else "http:" + rest
    return href


def _usable(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in _URL_SCHEMES and bool(parts.netloc or parts.scheme.lower() == "file")


def discover_feeds(html: bytes | str, base_url: str) -> list[DiscoveredFeed]:
    """Feeds a page advertises with ``<link rel="alternate" type=...>``, in page order.

    Relative hrefs resolve against the page's ``<base href>`` if it has one, else
    ``base_url``. Pass ``str`` when the HTTP header named the charset; bytes are decoded
    by BOM or ``<meta charset>``, else as UTF-8.
    """
    collector = _LinkCollector()
    collector.feed(html if isinstance(html, str) else _decode_html(html))
    collector.close()
    base = base_url
    if collector.base_href and _href(collector.base_href):
        candidate = urljoin(base_url, _href(collector.base_href))
        if _usable(candidate):
            base = candidate
    feeds: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for link in collector.links:
        content_type = _media_type(link.get("type"))
        if "alternate" not in link.get("rel", "").lower().split() or content_type not in ADVERTISED_FEED_TYPES:
            continue
        href = _href(link.get("href", ""))
        if not href:  # an empty href points at the page itself
            continue
        url = urljoin(base, href)
        if _usable(url) and url not in seen:
            seen.add(url)
            feeds.append(DiscoveredFeed(url, _clean(link.get("title")), content_type))
    return feeds


# --- OPML -----------------------------------------------------------------------------------

def _opml_parser() -> etree.XMLParser:
    # No entity expansion, DTD loading or network: an OPML file is untrusted input.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_comments=True, remove_pis=True)


def _local_name(element: etree._Element) -> str:
    return etree.QName(element).localname.lower()


def parse_opml(content: bytes) -> list[DiscoveredFeed]:
    """Every outline with an ``xmlUrl``, at any depth, in document order, once per URL.

    Attribute names are matched case-insensitively; the title is the outline's ``text``,
    else its ``title``. Raises ``ValueError`` when the content is not OPML.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    try:
        root = etree.fromstring(content, parser=_opml_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"the document is not an OPML file: its XML is broken ({exc}); "
                         "export the subscription list again") from exc
    if _local_name(root) != "opml":
        raise ValueError(f"the document is not an OPML file: its root element is <{root.tag}>, "
                         "expected <opml>")
    feeds: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for element in root.iter(etree.Element):
        if _local_name(element) != "outline":
            continue
        attributes = {str(name).lower(): value for name, value in element.attrib.items()}
        url = (attributes.get("xmlurl") or "").strip()
        if url and url not in seen:
            seen.add(url)
            feeds.append(DiscoveredFeed(url, _clean(attributes.get("text")) or _clean(attributes.get("title"))))
    return feeds


# --- Sniffing -------------------------------------------------------------------------------

_SNIFF_BYTES = 8192
# XML declaration, processing instructions, comments, doctype (with internal subset), whitespace.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>)*", re.S | re.I)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_JSON_FEED_VERSION = re.compile(rb'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version')
_RSS1_MARKERS = ("purl.org/rss/1.0", "netscape.com/rdf/simple/0.9", "<channel")


def _head(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content[:_SNIFF_BYTES].decode("utf-16", errors="replace")
    # Markup is ASCII in every encoding a feed may use besides UTF-16, so latin-1 cannot fail.
    return content[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _xml_root(head: str) -> str | None:
    match = _ROOT.match(head, _PROLOG.match(head).end())
    return match.group(1).lower() if match else None


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    """Whether a fetched document is an RSS, Atom, RSS 1.0 (RDF) or JSON Feed document.

    The content decides when it can: a feed root element or a JSON Feed version URL.
    Otherwise a feed content type is believed, unless the body is empty or an HTML page.
    """
    head = _head(content)
    if not head.strip():
        return False
    root = _xml_root(head)
    if root in ("rss", "feed"):
        return True
    if root == "rdf" and any(marker in head.lower() for marker in _RSS1_MARKERS):
        return True
    if head.lstrip().startswith("{") and _JSON_FEED_VERSION.search(content):
        return True
    if root in ("html", "head", "body"):
        return False
    return _media_type(content_type) in FEED_CONTENT_TYPES
