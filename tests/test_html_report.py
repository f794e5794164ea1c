"""The HTML report: content from the warehouse, and a real headless browser opening it offline."""
from __future__ import annotations

import shutil

import pytest

from newsledger.cli import main
from conftest import SEEDS
from tests_support import ingest_without_prefect, seed_ledger

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def report(db_path, tmp_path, capsys):
    ingest_without_prefect(db_path, SEEDS / "feeds.toml")
    seed_ledger(db_path, articles=3)
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(db_path), str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    return out


def test_report_is_self_contained_and_lists_news_events(report):
    page = report.read_text(encoding="utf-8")
    assert "http://" not in page.replace('href="https://site', "").split("<table")[0]  # no external assets
    assert "<script src" not in page and "<link rel=\"stylesheet\"" not in page
    for section in ("News events per day", "Top actors", "Top targets", "Contracts by total amount",
                    "Regulations by jurisdiction", "All news events"):
        assert section in page
    assert "Commerce on Monday added Huawei to the Entity List." in page
    assert 'href="https://site1.example/1"' in page


def test_report_since_filters(db_path, tmp_path):
    seed_ledger(db_path, articles=2)
    out = tmp_path / "future.html"
    assert main(["report", "--db", str(db_path), "--since", "2999-01-01", str(out)]) == 0
    assert "0 news events" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_opens_offline_in_headless_chromium_without_console_errors(report, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page()
            errors, requests = [], []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda req: requests.append(req.url))
            page.goto(report.as_uri())
            assert page.locator("svg.chart").count() == 5
            rows = page.locator("#news-events tbody tr").count()
            assert rows >= 6
            page.fill("#search", "no such entity")
            assert page.locator("#count").inner_text() == "0"
            page.fill("#search", "huawei")
            assert page.locator("#count").inner_text() == "1"
            page.fill("#search", "")
            assert page.locator("#count").inner_text() == str(rows)
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests)
    assert (tmp_path / "report.png").stat().st_size > 10_000
