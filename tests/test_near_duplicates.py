from __future__ import annotations

from extractors.simhash import NEAR_DUPLICATE_BITS, hamming, simhash64
from extractors.text import article_type_problem
from warehouse.db import connect
from warehouse.ledger import append_ledger_events, ledger_event
from warehouse.projections import update_projections

WIRE = ("The Commerce Department on Tuesday added 14 Chinese companies to the Entity List, citing support for "
        "military modernisation, in a move that restricts exports of American technology to the firms. "
        "Officials said the listings take effect immediately and cover makers of chips and drones. "
        "The companies named include suppliers of machine tools, optical sensors and satellite components, "
        "several of them based in Shenzhen, Wuhan and Xi'an. A spokesperson for the Chinese embassy in Washington "
        "said Beijing firmly opposed the decision and would take measures to protect the legitimate rights of "
        "Chinese firms. Industry groups said exporters would need licences for most shipments, and that license "
        "applications would be reviewed under a presumption of denial. Shares of two listed suppliers fell "
        "sharply in Hong Kong trading after the announcement, while analysts said the measures had been expected "
        "since a review of export controls began earlier this year. The department said further additions were "
        "possible as investigations into diversion of controlled items continue.")


def test_syndicated_copy_is_near_and_other_story_is_far():
    copy = WIRE.replace("Tuesday", "Tuesday,") + " (Reuters)"
    other = "Spain implemented a criminal executive liability framework for tech platforms, officials said."
    assert hamming(simhash64(WIRE), simhash64(copy)) <= NEAR_DUPLICATE_BITS
    assert hamming(simhash64(WIRE), simhash64(other)) > 10
    assert -(1 << 63) <= simhash64(WIRE) < (1 << 63)


def _article(n, text, host):
    stream = f"article:d{n}"
    return [ledger_event("ArticleDiscovered", stream, "f", {"url": f"https://{host}/{n}", "feed_url": "f"}),
            ledger_event("ArticleFetched", stream, f"h{n}", {"url": f"https://{host}/{n}", "content_hash": f"h{n}"}),
            ledger_event("ArticleExtracted", stream, f"h{n}|v", {"content_hash": f"h{n}", "text_extractor": "v",
                                                                "text_hash": f"t{n}", "text": text,
                                                                "simhash": simhash64(text)})]


def test_copies_link_to_the_first_fetched_article_and_keep_their_urls(db_path):
    with connect(db_path) as con:
        append_ledger_events(con, _article(1, WIRE, "wire.example"))
        append_ledger_events(con, _article(2, WIRE + " (AP)", "paper.example"))
        append_ledger_events(con, _article(3, "An unrelated story about football regulation time.", "x.example"))
        update_projections(con)
        rows = con.execute("SELECT url, canonical_url FROM article_duplicates").fetchall()
    assert rows == [("https://paper.example/2", "https://wire.example/1")]


def test_binary_and_non_text_bodies_are_not_articles():
    assert "unsupported content type image/png" in article_type_problem(b"\x89PNG", "image/png")
    assert "binary" in article_type_problem(b"abc\x00def", None)
    assert article_type_problem(b"<html></html>", "text/html; charset=utf-8") is None


def test_pages_declaring_the_same_canonical_url_are_one_article(db_path):
    def article(n, url, text):
        evs = _article(n, text, "x.example")
        payload = dict(evs[2].payload, canonical_url="https://news.example/story")
        return evs[:2] + [ledger_event("ArticleExtracted", f"article:d{n}", f"h{n}|v", payload)]

    with connect(db_path) as con:
        append_ledger_events(con, article(1, "a", "First version of a story about export controls and chips."))
        append_ledger_events(con, article(2, "b", "A rather different text: the AMP page of that same story."))
        update_projections(con)
        rows = con.execute("SELECT url, canonical_url, distance FROM article_duplicates").fetchall()
    assert rows == [("https://x.example/2", "https://x.example/1", None)]
