"""Main text and metadata of a fetched document (trafilatura for HTML).

Plain-text documents (the seed article, text/plain pages) are kept as they are,
with whitespace normalised, so character offsets are offsets into ``text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|p|article)\b",
                         re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ExtractedArticle:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date as found in the page
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    canonical_url: str | None = None  # from <link rel="canonical"> / og:url, when the page has one


def is_html(content: bytes, content_type: str | None = None) -> bool:
    """HTML by declared type, else by sniffing the first bytes."""
    if content_type:
        ct = content_type.split(";")[0].strip().lower()
        if ct in ("text/html", "application/xhtml+xml"):
            return True
        if ct == "text/plain":
            return False
    return bool(_HTML_SNIFF.match(content[:2048]))


def decode_text(content: bytes, charset: str | None = None) -> str:
    """Decode bytes with the declared charset, falling back to UTF-8 then cp1252."""
    for enc in filter(None, (charset, "utf-8-sig", "cp1252")):
        try:
            return content.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def normalize_text(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def extract_article(content: bytes, url: str | None = None, content_type: str | None = None,
                    charset: str | None = None) -> ExtractedArticle | None:
    """Main text and metadata, or None when the document has no extractable text."""
    if not is_html(content, content_type):
        text = normalize_text(decode_text(content, charset))
        return ExtractedArticle(text=text) if text else None
    doc = trafilatura.bare_extraction(content, url=url, with_metadata=True,
                                      include_comments=False, include_tables=True)
    if doc is None or not (doc.text or "").strip():
        return None
    return ExtractedArticle(
        text=normalize_text(doc.text),
        title=doc.title or None,
        author=doc.author or None,
        published=doc.date or None,
        site_name=doc.sitename or None,
        language=doc.language or None,
        description=doc.description or None,
        canonical_url=doc.url or None,
    )


_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def article_type_problem(content: bytes, content_type: str | None) -> str | None:
    """Why a fetched body cannot be an article (binary, an image, a PDF), or None when it can."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype and ctype not in _TEXT_TYPES and not ctype.startswith("text/"):
        return f"unsupported content type {ctype} (newsledger reads HTML and plain-text articles)"
    if b"\x00" in content[:4096]:
        return "the response is binary, not text"
    return None
