from __future__ import annotations

import json

import pytest

from extractors.feed_sources import DiscoveredFeed, discover_feeds, looks_like_feed, parse_opml

PAGE = "https://news.example.org/section/world/index.html"


# --- discover_feeds -------------------------------------------------------------------------

def test_relative_href_resolves_against_the_page_url():
    html = """<html><head><title>World</title>
      <link rel="alternate" type="application/rss+xml" title="World news" href="../feeds/world.xml">
    </head><body></body></html>"""
    assert discover_feeds(html, PAGE) == [
        DiscoveredFeed("https://news.example.org/section/feeds/world.xml", "World news", "application/rss+xml")]


def test_base_href_wins_over_the_page_url():
    html = b"""<!doctype html><html><head><base href="https://cdn.example.net/site/">
      <link rel="alternate" type="application/atom+xml" href="atom.xml" title="Atom">
    </head></html>"""
    assert [f.url for f in discover_feeds(html, PAGE)] == ["https://cdn.example.net/site/atom.xml"]


def test_relative_base_href_resolves_against_the_page_url_and_applies_to_earlier_links():
    html = """<head><link rel=alternate type=application/rss+xml href=rss.xml>
      <base href="/archive/"></head>"""
    assert [f.url for f in discover_feeds(html, PAGE)] == ["https://news.example.org/archive/rss.xml"]


def test_multiple_feeds_of_every_advertised_type_in_page_order_without_duplicates():
    html = """<head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" href="/rss" title="RSS">
      <link rel="alternate" type="application/atom+xml" href="/atom" title="Atom">
      <link rel="alternate" type="application/feed+json" href="/feed.json" title="JSON Feed">
      <link rel="alternate" type="application/json" href="/feed2.json">
      <link rel="alternate" type="application/rss+xml" href="https://news.example.org/rss" title="again">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="alternate" type="text/html" href="/mobile/">
    </head>"""
    feeds = discover_feeds(html, PAGE)
    assert [(f.url, f.title, f.content_type) for f in feeds] == [
        ("https://news.example.org/rss", "RSS", "application/rss+xml"),
        ("https://news.example.org/atom", "Atom", "application/atom+xml"),
        ("https://news.example.org/feed.json", "JSON Feed", "application/feed+json"),
        ("https://news.example.org/feed2.json", None, "application/json"),
    ]


def test_page_without_feeds_gives_an_empty_list():
    html = """<html><head><link rel="icon" href="/favicon.ico"><link rel="canonical" href="/a">
      </head><body><a rel="alternate" type="application/rss+xml" href="/not-a-link-element">x</a>
      <!-- <link rel="alternate" type="application/rss+xml" href="/commented-out"> -->
      <script>document.write('<link rel="alternate" type="application/rss+xml" href="/js">')</script>
      </body></html>"""
    assert discover_feeds(html, PAGE) == []
    assert discover_feeds(b"", PAGE) == []


def test_uppercase_tags_attributes_and_values_and_several_rel_tokens():
    html = """<HTML><HEAD>
      <LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=UTF-8" HREF="/Upper.xml" TITLE="Upper &amp; Lower">
      <Link Rel="home alternate" Type="application/atom+xml" HRef="atom.xml">
    </HEAD></HTML>"""
    assert discover_feeds(html, PAGE) == [
        DiscoveredFeed("https://news.example.org/Upper.xml", "Upper & Lower", "application/rss+xml"),
        DiscoveredFeed("https://news.example.org/section/world/atom.xml", None, "application/atom+xml"),
    ]


def test_links_without_href_or_with_unusable_schemes_are_skipped_and_feed_scheme_is_rewritten():
    html = """<head>
      <link rel="alternate" type="application/rss+xml">
      <link rel="alternate" type="application/rss+xml" href="  ">
      <link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
      <link rel="alternate" type="application/rss+xml" href="mailto:desk@example.org">
      <link rel="alternate" type="application/rss+xml" href="feed://other.example.com/rss">
      <link rel="alternate" type="application/rss+xml" href="feed:https://third.example.com/rss">
      <link rel="alternate" type="application/rss+xml" href=" /spaced.xml
      ">
    </head>"""
    assert [f.url for f in discover_feeds(html, PAGE)] == [
        "http://other.example.com/rss", "https://third.example.com/rss", "https://news.example.org/spaced.xml"]


def test_bytes_are_decoded_by_meta_charset_and_title_whitespace_is_collapsed():
    html = ('<head><meta charset="iso-8859-1"><link rel="alternate" type="application/rss+xml" '
            'href="/r.xml" title="  Économie\n  et   société ">').encode("iso-8859-1")
    assert discover_feeds(html, PAGE)[0].title == "Économie et société"


def test_broken_html_still_yields_its_feeds():
    html = b'<html><head><link rel="alternate" type="application/rss+xml" href="/r.xml" <p><div'
    html2 = b'<head><link rel="alternate" type="application/rss+xml" href="/ok.xml"><title>unclosed'
    assert discover_feeds(html2, PAGE)[0].url == "https://news.example.org/ok.xml"
    assert isinstance(discover_feeds(html, PAGE), list)


# --- parse_opml -----------------------------------------------------------------------------

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a reader -->
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="Reuters World" title="Reuters" xmlUrl="https://example.com/world.xml" htmlUrl="https://example.com/"/>
      <outline text="Regional">
        <outline type="rss" title="Only a title" xmlUrl="https://example.net/regional.rss"/>
        <outline type="rss" xmlUrl="https://example.net/untitled.rss"/>
      </outline>
    </outline>
    <outline type="rss" text="Duplicate" xmlUrl="https://example.com/world.xml"/>
    <outline text="A folder without a feed"/>
    <outline type="link" text="Just a link" url="https://example.org/"/>
    <outline type="rss" text="Odd case" XMLURL=" https://example.org/odd.xml "/>
  </body>
</opml>"""


def test_opml_nested_outlines_with_titles_missing_titles_and_duplicates():
    assert parse_opml(OPML) == [
        DiscoveredFeed("https://example.com/world.xml", "Reuters World"),
        DiscoveredFeed("https://example.net/regional.rss", "Only a title"),
        DiscoveredFeed("https://example.net/untitled.rss", None),
        DiscoveredFeed("https://example.org/odd.xml", "Odd case"),
    ]


def test_opml_with_no_body_or_no_feeds_is_empty():
    assert parse_opml(b'<opml version="1.0"><head/></opml>') == []
    assert parse_opml(b'<opml version="2.0"><body><outline text="empty"/></body></opml>') == []


def test_opml_in_latin1_with_entities():
    content = ('<?xml version="1.0" encoding="ISO-8859-1"?><opml><body>'
               '<outline text="Le Monde &amp; Cie — é" xmlUrl="https://e.fr/rss?a=1&amp;b=2"/>'
               '</body></opml>').encode("iso-8859-1", errors="xmlcharrefreplace")
    assert parse_opml(content) == [DiscoveredFeed("https://e.fr/rss?a=1&b=2", "Le Monde & Cie — é")]


@pytest.mark.parametrize("content", [
    b"",
    b"<opml><body><outline text='x' xmlUrl='https://e.org/a'></body>",  # unclosed outline
    b"just some text",
    b"\x00\x01\x02 binary",
])
def test_broken_xml_is_not_an_opml_file(content):
    with pytest.raises(ValueError, match="not an OPML file.*XML is broken"):
        parse_opml(content)


@pytest.mark.parametrize("content", [
    b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>",
    b"<html><body><outline xmlUrl='https://e.org/a'/></body></html>",
])
def test_well_formed_xml_of_another_kind_is_not_an_opml_file(content):
    with pytest.raises(ValueError, match=r"not an OPML file.*root element is <(rss|html)>"):
        parse_opml(content)


def test_opml_with_an_external_entity_is_refused_not_expanded():
    content = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml><body><outline text="&secret;" xmlUrl="https://e.org/a"/></body></opml>"""
    with pytest.raises(ValueError, match="not an OPML file") as raised:
        parse_opml(content)
    assert "root:" not in str(raised.value)


# --- looks_like_feed ------------------------------------------------------------------------

RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
RDF = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
       b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"/></rdf:RDF>')
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}).encode()
HTML = b"<!DOCTYPE html>\n<html><head><title>Not found</title></head></html>"


@pytest.mark.parametrize("content", [
    RSS,
    ATOM,
    RDF,
    JSON_FEED,
    b"\xef\xbb\xbf" + RSS,  # UTF-8 BOM
    "<?xml version='1.0' encoding='utf-16'?><rss version='2.0'/>".encode("utf-16"),
    b'<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- c -->\n'
    b'<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x.dtd">\n<rss version="0.91"/>',
    b'<!DOCTYPE feed [<!ENTITY n "&#160;">]><atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>',
    b'{"items": [], "title": "t", "version": "https:\\/\\/jsonfeed.org\\/version\\/1"}',  # PHP-escaped, version last
])
def test_feeds_are_sniffed_whatever_the_content_type(content):
    assert looks_like_feed(content, None)
    assert looks_like_feed(content, "text/html; charset=utf-8")
    assert looks_like_feed(content, "application/octet-stream")


@pytest.mark.parametrize("content", [
    HTML,
    b"",
    b"   \n",
    b'<?xml version="1.0"?><sitemapindex/>',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>',
    b'{"id": 2, "type": "page", "title": {"rendered": "About"}}',  # a WordPress REST alternate
    b"[1, 2, 3]",
    b"plain text",
])
def test_non_feeds_are_not_feeds_under_generic_types(content):
    for content_type in (None, "text/xml", "application/xml", "application/json", "text/html"):
        assert not looks_like_feed(content, content_type)


@pytest.mark.parametrize("content_type", [
    "application/rss+xml", "Application/Atom+XML; charset=utf-8", "application/rdf+xml", "application/feed+json",
])
def test_a_feed_content_type_is_believed_unless_the_body_is_empty_or_html(content_type):
    unsniffable = b"<?xml version='1.0'?>" + b"<!-- a very long comment -->" * 400 + b"<rss/>"
    assert looks_like_feed(unsniffable, content_type)
    assert not looks_like_feed(unsniffable, "text/xml")
    assert not looks_like_feed(HTML, content_type)
    assert not looks_like_feed(b"", content_type)
