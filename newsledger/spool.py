"""A spool for batches that could not be written because the database was locked.

Fetched bytes are expensive to get again (and may be gone), so a batch that finds the
DuckDB file locked is written next to it (``<db>.spool/<batch>/``) and appended at the
start of the next run. Appends are idempotent, so replaying a spooled batch twice is safe.
"""
from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from warehouse.ledger import LedgerEvent


def spool_dir(db: Path) -> Path:
    return db.with_name(db.name + ".spool")


def spool_batch(db: Path, events: list[LedgerEvent], documents: list[bytes]) -> Path:
    target = spool_dir(db) / uuid.uuid4().hex
    partial = target.with_name(target.name + ".partial")
    (partial / "documents").mkdir(parents=True)
    for i, content in enumerate(documents):
        (partial / "documents" / f"{i:06d}.bin").write_bytes(content)
    with (partial / "ledger_events.jsonl").open("w", encoding="utf-8") as fh:
        for ev in events:
            fh.write(json.dumps({"ledger_event_id": ev.ledger_event_id, "stream_id": ev.stream_id,
                                 "ledger_event_type": ev.ledger_event_type, "payload": ev.payload,
                                 "flow_run_id": ev.flow_run_id}, ensure_ascii=False, default=str) + "\n")
    partial.rename(target)  # only complete batches are ever replayed
    return target


def read_spooled(db: Path) -> list[tuple[Path, list[LedgerEvent], list[bytes]]]:
    root = spool_dir(db)
    if not root.exists():
        return []
    batches = []
    for batch in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.endswith(".partial")):
        events = [LedgerEvent(**json.loads(line))
                  for line in (batch / "ledger_events.jsonl").read_text(encoding="utf-8").splitlines() if line]
        documents = [p.read_bytes() for p in sorted((batch / "documents").iterdir())]
        batches.append((batch, events, documents))
    return batches


def discard(batch: Path) -> None:
    shutil.rmtree(batch, ignore_errors=True)
