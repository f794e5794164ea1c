from __future__ import annotations

from conftest import SEED_ARTICLE, SHARED
import json

import pytest

from extractors.text import decode_text, extract_article, is_html, normalize_text

HTML = b"""<!doctype html><html lang="en"><head><title>Pentagon awards contract | Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2026-03-02T09:00:00Z"></head>
<body><nav>Home | World | Tech</nav><article><h1>Pentagon awards contract</h1>
<p>The Army awarded Anduril a $100 million contract on Monday for counter-drone systems, the Pentagon said.</p>
<p>The award follows months of testing at several ranges, officials said, and deliveries begin next year.</p>
<p>Anduril said it would expand its factory in Ohio to meet the demand from the Army and other services.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def test_plain_text_is_kept_verbatim_modulo_whitespace():
    raw = SEED_ARTICLE.read_bytes()
    article = extract_article(raw, content_type="text/plain")
    assert article.text.startswith("OpenAI announced comprehensive security protections")
    assert "Spain implemented the world's first criminal executive liability framework" in article.text
    assert article.title is None


def test_html_main_text_and_metadata():
    article = extract_article(HTML, url="https://news.example.org/a")
    assert "awarded Anduril a $100 million contract" in article.text
    assert "Copyright" not in article.text and "Home | World" not in article.text
    assert article.author == "Jane Doe"
    assert article.published == "2026-03-02"
    assert article.site_name == "Example News"


def test_html_is_sniffed_without_content_type():
    assert is_html(HTML)
    assert not is_html(b"Just words.\nMore words.")


def test_empty_document_has_no_article():
    assert extract_article(b"   \n ") is None


def test_decoding_falls_back():
    assert decode_text("caf\u00e9".encode("cp1252")) == "caf\u00e9"
    assert decode_text("caf\u00e9".encode("utf-8"), "no-such-charset") == "caf\u00e9"
    assert normalize_text("a  b\r\n\n  c\t") == "a b\nc"


ARTICLES = SHARED / "corpus" / "articles"


@pytest.mark.skipif(not ARTICLES.exists(), reason="shared article corpus not present")
def test_corpus_pages_yield_text():
    truth = json.loads((ARTICLES / "ground-truth.json").read_text())
    pages = sorted((ARTICLES / "html").iterdir())[:10]
    for page in pages:
        article = extract_article(page.read_bytes(), url=truth[page.stem]["url"])
        assert article is not None and len(article.text) > 200, page.name
