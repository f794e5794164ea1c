"""Every rule in extractors/rules is exercised by a case in tests/cases (positives and negatives)."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from extractors.news_events import load_rules

CASES = [json.loads(line) for line in (ROOT / "tests" / "cases" / "news_events.jsonl").read_text().splitlines()
         if line.strip()]


def test_every_rule_id_has_a_case():
    covered = {c["rule"] for c in CASES}
    assert {r.id for r in load_rules()} - covered == set()


def test_rule_ids_are_unique_and_labels_known():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert {r.kind for r in rules} == {"designation", "contract", "regulation"}


def _matches(found, want) -> bool:
    return all(getattr(found, k) == v for k, v in want.items())


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case, extractor):
    found = extractor.extract(case["text"])
    if not case["expect"]:
        assert found == [], [(f.kind, f.trigger, f.rule_id) for f in found]
        return
    for want in case["expect"]:
        assert any(_matches(f, want) for f in found), (want, [f.to_dict() for f in found])
    for unwanted in case.get("forbid", []):  # what must not come out beside what must
        assert not any(_matches(f, unwanted) for f in found), (unwanted, [f.to_dict() for f in found])
    assert any(case["rule"] in f.rule_id.split("+") for f in found) or case["rule"] is None
    for f in found:
        assert case["text"][f.trigger_start:f.trigger_end] == f.trigger
