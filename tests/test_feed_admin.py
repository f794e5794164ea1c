"""Feed-list management: add by URL (with discovery), OPML import, health listing, back-off."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsledger import pipeline
from newsledger.cli import main
from newsledger.feedlist import Feed, append_feeds, load_feed_list
from newsledger.fetch import FetchOptions

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


def _list(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text("# my feeds\n[settings]\nallowed_dirs = [\".\"]\n", encoding="utf-8")
    return path


def test_append_feeds_keeps_comments_and_skips_duplicates(tmp_path):
    path = _list(tmp_path)
    assert append_feeds(path, [Feed("https://a.example/rss", 'A "quoted" name')]) == [
        Feed("https://a.example/rss", 'A "quoted" name')]
    assert append_feeds(path, [Feed("https://a.example/rss"), Feed("https://b.example/atom")]) == [
        Feed("https://b.example/atom")]
    assert path.read_text().startswith("# my feeds")
    assert [f.url for f in load_feed_list(path).feeds] == ["https://a.example/rss", "https://b.example/atom"]


def test_feeds_add_discovers_feeds_from_an_html_page(tmp_path, httpserver, monkeypatch, capsys):
    monkeypatch.setenv("NEWSLEDGER_ALLOW_PRIVATE_HOSTS", "1")
    httpserver.expect_request("/news/").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">'
        "</head><body>hi</body></html>", content_type="text/html")
    httpserver.expect_request("/direct.xml").respond_with_data(RSS, content_type="application/rss+xml")
    path = _list(tmp_path)
    assert main(["feeds", "--feeds", str(path), "add", httpserver.url_for("/news/")]) == 0
    assert main(["feeds", "--feeds", str(path), "add", httpserver.url_for("/direct.xml")]) == 0
    assert [f.url for f in load_feed_list(path).feeds] == [httpserver.url_for("/rss.xml"),
                                                           httpserver.url_for("/direct.xml")]
    assert load_feed_list(path).feeds[0].name == "All news"


def test_feeds_add_reports_a_page_without_feeds(tmp_path, httpserver, monkeypatch, capsys):
    monkeypatch.setenv("NEWSLEDGER_ALLOW_PRIVATE_HOSTS", "1")
    httpserver.expect_request("/plain").respond_with_data("<html><body>no feeds</body></html>",
                                                          content_type="text/html")
    assert main(["feeds", "--feeds", str(_list(tmp_path)), "add", httpserver.url_for("/plain")]) == 2
    assert "advertises no feeds" in capsys.readouterr().err


def test_feeds_import_opml_and_list(tmp_path, capsys):
    opml = tmp_path / "subs.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="Defence">'
                    '<outline text="One" xmlUrl="https://one.example/rss"/>'
                    '<outline text="Two" xmlUrl="https://two.example/atom"/></outline></body></opml>')
    path = _list(tmp_path)
    assert main(["feeds", "--feeds", str(path), "import", str(opml)]) == 0
    assert main(["feeds", "--feeds", str(path), "--db", str(tmp_path / "none.duckdb"), "list"]) == 0
    out = capsys.readouterr().out
    assert "Added 2 feed(s)" in out and "https://two.example/atom" in out


def test_failing_feeds_back_off(tmp_path):
    assert pipeline.feed_backoff(2) == timedelta(0)
    assert pipeline.feed_backoff(3) == timedelta(hours=1)
    assert pipeline.feed_backoff(20) == timedelta(hours=24)
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nurl = "missing.xml"\n')
    feed_list = load_feed_list(feeds)
    cfg = pipeline.PipelineConfig(db=tmp_path / "b.duckdb", run_id="r0",
                                  fetch=FetchOptions(allowed_dirs=feed_list.allowed_dirs))
    for n in range(3):
        cfg = pipeline.PipelineConfig(db=cfg.db, run_id=f"r{n}", fetch=cfg.fetch)
        assert pipeline.poll_feeds(cfg, list(feed_list.feeds))["failed"] == 1
        pipeline.refresh_projections(cfg)
    skipped = pipeline.poll_feeds(pipeline.PipelineConfig(db=cfg.db, run_id="r4", fetch=cfg.fetch),
                                  list(feed_list.feeds))
    assert skipped["feeds"] == 0 and skipped["backing_off"] == [feed_list.feeds[0].url]
    later = datetime.now(timezone.utc) + timedelta(hours=2)
    retried = pipeline.poll_feeds(pipeline.PipelineConfig(db=cfg.db, run_id="r5", fetch=cfg.fetch),
                                  list(feed_list.feeds), now=later)
    assert retried["failed"] == 1
