"""The news events the seed document must yield (issue: end-to-end pipeline)."""
from __future__ import annotations

from conftest import SEED_ARTICLE

TEXT = SEED_ARTICLE.read_text(encoding="utf-8")


def _find(events, **want):
    return [e for e in events if all(getattr(e, k) == v for k, v in want.items())]


def _offsets_match(e):
    assert TEXT[e.trigger_start:e.trigger_end] == e.trigger
    for role in ("actor", "target", "amount"):
        value = getattr(e, role)
        if value is not None:
            assert TEXT[getattr(e, f"{role}_start"):getattr(e, f"{role}_end")] == value
    assert TEXT[e.sentence_start:e.sentence_end] == e.sentence


def test_anthropic_designated_supply_chain_risk(seed_news_events):
    found = _find(seed_news_events, kind="designation", target_id="anthropic", modality="asserted")
    assert found
    first = found[0]
    assert first.label == "supply chain risk"
    assert first.subtype == "security_risk"
    assert first.actor_id in ("us-government", "us-department-of-defense")
    assert first.jurisdiction == "US"
    assert "designation of rival Anthropic" in first.sentence
    for e in found:
        _offsets_match(e)


def test_openai_partnership_with_defense_department(seed_news_events):
    found = _find(seed_news_events, kind="contract", target_id="openai", actor_id="us-department-of-defense",
                  modality="asserted")
    assert found
    assert found[0].subtype == "agreement"
    assert "expanded partnership with the U.S. Defense Department" in found[0].sentence
    _offsets_match(found[0])


def test_anthropic_stands_to_lose_200_million_of_contracts(seed_news_events):
    found = [e for e in _find(seed_news_events, kind="contract", target_id="anthropic") if e.amount_value]
    assert found
    e = found[0]
    assert e.amount_value == 200_000_000 and e.currency == "USD" and e.amount_qualifier == "over"
    assert e.amount == "$200 million"
    assert "loss of over $200 million in government contracts" in e.sentence
    _offsets_match(e)


def test_spain_criminal_liability_framework(seed_news_events):
    found = _find(seed_news_events, kind="regulation", jurisdiction="ES")
    assert len(found) == 1
    e = found[0]
    assert e.actor == "Spain" and e.subtype == "law_adopted" and e.modality == "asserted"
    assert e.label == "criminal executive liability framework"
    assert e.target == "tech platforms"
    _offsets_match(e)


def test_france_cybercrime_raids(seed_news_events):
    found = _find(seed_news_events, kind="regulation", jurisdiction="FR")
    assert len(found) == 1
    e = found[0]
    assert e.actor == "France" and e.subtype == "enforcement" and e.modality == "asserted"
    assert e.target == "AI companies" and e.trigger == "raids"
    _offsets_match(e)


def test_defense_department_names_resolve_to_one_entity(seed_news_events):
    surfaces = {e.actor for e in seed_news_events if e.actor_id == "us-department-of-defense"}
    assert {"Pentagon", "U.S. Defense Department"} <= surfaces


def test_no_regulation_from_company_policies_or_headings(seed_news_events):
    regulations = _find(seed_news_events, kind="regulation")
    assert {e.jurisdiction for e in regulations} == {"ES", "FR"}


def test_hypothetical_statements_are_not_asserted(seed_news_events):
    may = [e for e in seed_news_events if "partnership may establish precedents" in e.sentence]
    assert may and all(e.modality == "hypothetical" for e in may)
