from __future__ import annotations

from datetime import date

import pytest

from extractors.dates import resolve_event_date

ARTICLE = date(2026, 3, 5)  # a Thursday


@pytest.mark.parametrize("text,expected", [
    ("on Tuesday", date(2026, 3, 3)),
    ("Thursday", date(2026, 3, 5)),
    ("last Friday", date(2026, 2, 27)),
    ("March 3, 2026", date(2026, 3, 3)),
    ("in September 2023", date(2023, 9, 1)),
    ("on 12 January", date(2026, 1, 12)),
    ("today", ARTICLE),
    ("last year", None),
    ("the coming months", None),
    ("2024", None),
    (None, None),
])
def test_stated_dates_resolve_against_the_article_date(text, expected):
    assert resolve_event_date(text, ARTICLE) == expected


def test_relative_dates_need_an_article_date():
    assert resolve_event_date("on Tuesday", None) is None
    assert resolve_event_date("March 3, 2026", None) == date(2026, 3, 3)


def test_news_events_carry_stated_or_article_dates(tmp_path):
    from tests_support import ingest_without_prefect
    from warehouse.db import connect

    (tmp_path / "a.txt").write_text("The Commerce Department added Vertex Labs to the Entity List on Monday.\n"
                                    "The Army awarded Lockheed Martin a $1.2 billion contract for interceptors.\n")
    (tmp_path / "feed.xml").write_text('<rss version="2.0"><channel><title>T</title><item><title>A</title>'
                                       '<link>a.txt</link><pubDate>Thu, 05 Mar 2026 10:00:00 GMT</pubDate>'
                                       '</item></channel></rss>')
    (tmp_path / "feeds.toml").write_text('[[feed]]\nurl = "feed.xml"\n')
    db = tmp_path / "d.duckdb"
    ingest_without_prefect(db, tmp_path / "feeds.toml")
    with connect(db, read_only=True) as con:
        rows = dict((k, (d, a)) for k, d, a in con.execute(
            "SELECT kind, event_date, date_is_article_date FROM news_events").fetchall())
    assert rows["designation"] == (date(2026, 3, 2), False)  # "on Monday" before Thursday 5 March
    assert rows["contract"] == (date(2026, 3, 5), True)
