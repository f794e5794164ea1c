"""Prefect tasks shared by the flows. Each wraps one step of ``newsledger.pipeline`` and
handles a batch of articles, so a run has tens of task runs, not one per article."""
from __future__ import annotations

from prefect import task
from prefect.events import emit_event
from prefect.states import Completed, Failed

from newsledger import pipeline
from newsledger.feedlist import Feed


@task(name="drain-spool", retries=1, retry_delay_seconds=5)
def drain_spool(cfg: pipeline.PipelineConfig) -> int:
    return pipeline.drain_spool(cfg)


@task(name="poll-feeds", retries=1, retry_delay_seconds=5)
def poll_feeds(cfg: pipeline.PipelineConfig, feeds: list[Feed]) -> dict:
    return pipeline.poll_feeds(cfg, feeds)


@task(name="find-pending-fetches")
def find_pending_fetches(cfg: pipeline.PipelineConfig) -> list[tuple[str, str]]:
    return pipeline.find_pending_fetches(cfg)


@task(name="fetch-articles", retries=2, retry_delay_seconds=5)
def fetch_articles(cfg: pipeline.PipelineConfig, batch: list[tuple[str, str]]) -> dict:
    return pipeline.fetch_articles(cfg, batch)


@task(name="extract-texts", retries=2, retry_delay_seconds=5)
def extract_texts(cfg: pipeline.PipelineConfig, limit: int) -> dict:
    return pipeline.extract_texts(cfg, limit)


@task(name="extract-news-events", retries=2, retry_delay_seconds=5)
def extract_news_events(cfg: pipeline.PipelineConfig, limit: int) -> dict:
    return pipeline.extract_news_events(cfg, limit)


@task(name="update-projections", retries=2, retry_delay_seconds=5)
def update_projections(cfg: pipeline.PipelineConfig) -> int:
    return pipeline.refresh_projections(cfg)


@task(name="summarise-run")
def summarise_run(cfg: pipeline.PipelineConfig, after: int) -> dict:
    return pipeline.run_report(cfg, after)


def extract_all(cfg: pipeline.PipelineConfig, text_batch_size: int, nlp_batch_size: int) -> tuple[dict, dict]:
    """Run text, then news-event extraction, a batch per task, until nothing is pending."""
    texts = {"extracted": 0, "failed": 0, "failures": []}
    while True:
        part = extract_texts(cfg, text_batch_size)
        if not part["processed"]:
            break
        texts["extracted"] += part["extracted"]
        texts["failed"] += part["failed"]
        texts["failures"] += part["failures"]
    # the text workers (about 160 MB each) would sit idle beside the spaCy workers: stop them first
    pipeline.release_pool("text")
    analysed = {"processed": 0, "news_events": 0}
    while True:
        part = extract_news_events(cfg, nlp_batch_size)
        if not part["processed"]:
            break
        analysed["processed"] += part["processed"]
        analysed["news_events"] += part["news_events"]
    return texts, analysed


@task(name="publish-alerts")
def publish_alerts(cfg: pipeline.PipelineConfig, after: int, min_contract_value: float) -> int:
    """Emit a Prefect event per new alert-worthy news event, with the target entity as resource,
    so Automations can notify or trigger deployments (see docs/using.md)."""
    sent = 0
    for news_event in pipeline.alerts(cfg, after, min_contract_value):
        target = news_event["target_id"] or news_event["actor_id"] or "unknown"
        related = [{"prefect.resource.id": f"newsledger.entity.{news_event['actor_id']}",
                    "prefect.resource.role": "actor", "prefect.resource.name": news_event["actor"] or ""}] \
            if news_event["actor_id"] else []
        emit_event(event=f"newsledger.news_event.{news_event['kind']}",
                   resource={"prefect.resource.id": f"newsledger.entity.{target}",
                             "prefect.resource.name": news_event["target"] or news_event["actor"] or target,
                             "newsledger.news_event_id": news_event["news_event_id"]},
                   related=related,
                   payload={k: v for k, v in news_event.items() if v is not None})
        sent += 1
    return sent


@task(name="record-failures")
def record_failures(failures: list[dict]):
    """Completed when nothing failed; otherwise a Failed task run whose message lists the reasons,
    so failures show in the Prefect UI without stopping the flow."""
    if not failures:
        return Completed(message="no failures")
    lines = [f"{f.get('url')}: {f.get('reason')}" for f in failures[:20]]
    more = f" (+{len(failures) - 20} more)" if len(failures) > 20 else ""
    return Failed(message=f"{len(failures)} failures{more}: " + "; ".join(lines))
