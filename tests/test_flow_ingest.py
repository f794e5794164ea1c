"""End-to-end: the ingest flow under Prefect's test harness, into a temporary DuckDB file."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from flows.ingest import ingest
from warehouse.db import connect
from warehouse.projections import projection_checksums, rebuild_projections

TABLES = ("ledger", "documents", "feeds", "articles", "news_event_mentions", "entity_mentions", "news_events",
          "entities", "_projection_positions")


def snapshot(db: Path) -> dict:
    with connect(db, read_only=True) as con:
        return {t: con.execute(f"SELECT * EXCLUDE ({'updated_at' if t == '_projection_positions' else 'zz_none'}) "
                               f"FROM {t} ORDER BY ALL").fetchall()
                if t == "_projection_positions" else con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in TABLES}


@pytest.fixture(scope="module")
def seeded(prefect_harness, tmp_path_factory):
    db = tmp_path_factory.mktemp("seed") / "news.duckdb"
    first = ingest(db=str(db), n_process=1)
    after_first = snapshot(db)
    second = ingest(db=str(db), n_process=1)
    return db, first, second, after_first


def test_default_run_ingests_the_seed(seeded):
    db, first, _, _ = seeded
    assert first["feeds"]["polled"] == 1
    assert first["articles"]["fetched"] == 1
    assert first["ledger_events"] == {"ArticleDiscovered": 1, "ArticleExtracted": 1, "ArticleFetched": 1,
                                      "FeedPolled": 1, "NewsEventsExtracted": 1}
    assert set(first["news_events_by_kind"]) == {"designation", "contract", "regulation"}
    with connect(db, read_only=True) as con:
        article = con.execute("SELECT title, status, text, feed_title FROM articles").fetchone()
        assert article[0].startswith("OpenAI expands Pentagon partnership")
        assert article[1] == "analysed" and article[3] == "newsledger seed feed"
        text = article[2]
        rows = con.execute("""SELECT m.trigger, m.trigger_start, m.trigger_end, m.sentence, m.sentence_start
                              FROM news_event_mentions m""").fetchall()
        for trigger, start, end, sentence, s_start in rows:
            assert text[start:end] == trigger
            assert text[s_start:s_start + len(sentence)] == sentence
        designation = con.execute("""SELECT actor_id, target, label, mention_count, jurisdiction FROM news_events
                                     WHERE kind = 'designation' AND target_id = 'anthropic'""").fetchone()
        assert designation == ("us-government", "Anthropic", "supply chain risk", 2, "US")
        dod = con.execute("""SELECT DISTINCT surface FROM entity_mentions
                             WHERE entity_id = 'us-department-of-defense' ORDER BY 1""").fetchall()
        assert {"Pentagon", "U.S. Defense Department"} <= {r[0] for r in dod}
        evidence = con.execute("""SELECT evidence, url FROM designations WHERE target_id = 'anthropic'""").fetchall()
        assert evidence and all(url.endswith("000_a69666a9bb7fca7c.txt") for _, url in evidence)


def test_the_run_says_where_its_time_went(seeded):
    _, first, second, _ = seeded
    parts = first["time_breakdown_seconds"]
    assert set(parts) == {"fetch", "text", "nlp", "storage", "orchestration"}
    assert all(v >= 0 for v in parts.values())
    assert parts["storage"] > 0 and parts["text"] > 0 and parts["nlp"] > 0  # the seed was stored, read, analysed
    assert sum(parts.values()) == pytest.approx(first["duration_seconds"], abs=0.05)
    assert second["time_breakdown_seconds"]["text"] == 0 and second["time_breakdown_seconds"]["nlp"] == 0


def test_running_twice_equals_running_once(seeded):
    db, _, second, after_first = seeded
    assert second["ledger_events"] == {}
    assert second["articles"]["fetched"] == 0
    assert snapshot(db) == after_first


def test_replay_rebuilds_identical_projections(seeded):
    db, _, _, _ = seeded
    with connect(db) as con:
        incremental = projection_checksums(con)
        rebuild_projections(con)
        assert projection_checksums(con) == incremental


def test_bad_input_is_recorded_and_the_rest_is_ingested(prefect_harness, tmp_path):
    (tmp_path / "broken.xml").write_bytes(b"<rss><channel><item><title>x</title></item>")
    (tmp_path / "missing-article.xml").write_text(
        '<rss version="2.0"><channel><title>m</title><item><title>gone</title>'
        '<link>articles/does-not-exist.txt</link></item></channel></rss>')
    feeds = tmp_path / "feeds.toml"
    seed_feed = (SEEDS / "seed-feed.xml").as_posix()
    feeds.write_text(f'[settings]\nallowed_dirs = [".", "{SEEDS.as_posix()}"]\n'
                     f'[[feed]]\nurl = "broken.xml"\n[[feed]]\nurl = "nowhere.xml"\n'
                     f'[[feed]]\nurl = "missing-article.xml"\n[[feed]]\nurl = "{seed_feed}"\n'
                     f'[[feed]]\nurl = "gopher://example.org/feed"\n')
    db = tmp_path / "bad.duckdb"
    result = ingest(db=str(db), feeds_file=str(feeds), n_process=1)
    assert result["feeds"]["polled"] == 2 and result["feeds"]["failed"] == 3
    assert result["articles"]["fetched"] == 1 and result["articles"]["failed"] == 1
    reasons = " ".join(r[2] for r in result["failures"])
    assert "no such file" in reasons and "gopher" in reasons and "no entries" in reasons
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM news_events").fetchone()[0] > 0
        failed = con.execute("SELECT ledger_event_type, count(*) FROM failures GROUP BY 1 ORDER BY 1").fetchall()
    assert failed == [("FeedFailed", 3), ("FetchFailed", 1)]


def test_feed_urls_parameter_polls_only_those(prefect_harness, tmp_path):
    db = tmp_path / "only.duckdb"
    result = ingest(db=str(db), feed_urls=[(SEEDS / "seed-feed.xml").as_uri()], n_process=1)
    assert result["feeds"]["feeds"] == 1 and result["articles"]["fetched"] == 1


def test_readme_sql_examples_run_on_the_seeded_database(seeded):
    import re

    from conftest import ROOT

    db, _, _, _ = seeded
    blocks = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    with connect(db, read_only=True) as con:
        results = [con.execute(sql).fetchall() for sql in blocks]
    assert results[0], "the designation example should find the seed's designation"
    assert results[1][0][2] == 200_000_000


def test_new_designations_reach_the_prefect_server_as_events(seeded):
    import asyncio
    import time

    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter

    _, first, second, _ = seeded
    assert first["alerts"] >= 3 and second["alerts"] == 0

    async def read():
        async with get_client() as client:
            page = await client.read_events(EventFilter(event=EventNameFilter(prefix=["newsledger.news_event."])),
                                            limit=50)
            return page.events

    deadline = time.monotonic() + 30  # events reach the server asynchronously
    events = []
    while time.monotonic() < deadline:
        events = asyncio.run(read())
        if any(e.event == "newsledger.news_event.designation" for e in events):
            break
        time.sleep(0.5)
    designation = next(e for e in events if e.event == "newsledger.news_event.designation")
    assert designation.resource.id == "newsledger.entity.anthropic"
    assert designation.payload["label"] == "supply chain risk"
