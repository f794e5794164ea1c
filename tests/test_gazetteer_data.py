"""The gazetteer seed file is well-formed data: one owner per name, valid codes, demonyms kept apart."""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict

import pytest

from conftest import SEEDS
from extractors.gazetteer import load_gazetteer, normalize_name

PATH = SEEDS / "gazetteer.toml"
ROWS = tomllib.loads(PATH.read_text(encoding="utf-8"))["entity"]
GAZ = load_gazetteer(PATH)
TYPES = {"government", "agency", "legislature", "court", "international_body", "company", "group"}


def _surfaces(row: dict) -> list[str]:
    return [row["name"], *row.get("aliases", [])]


def test_no_name_is_claimed_by_two_entities():
    owners: dict[str, set[str]] = defaultdict(set)
    for row in ROWS:
        for surface in _surfaces(row):
            owners[normalize_name(surface)].add(row["id"])
    shared = {name: sorted(ids) for name, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_every_name_resolves_to_its_own_entity():
    wrong = [(s, row["id"], GAZ.lookup(s).id) for row in ROWS for s in _surfaces(row)
             if GAZ.lookup(s) is None or GAZ.lookup(s).id != row["id"]]
    assert wrong == []


def test_ids_codes_and_types():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", row["id"]), row["id"]
        assert row["type"] in TYPES, row["id"]
        assert row.get("country") is None or re.fullmatch(r"[A-Z]{2}", row["country"]), row["id"]
        assert row.get("wikidata") is None or re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]), row["id"]
        assert set(row) <= {"id", "name", "type", "country", "wikidata", "aliases", "demonyms", "places"}, row["id"]


def test_aliases_are_clean_surface_forms():
    for row in ROWS:
        aliases = row.get("aliases", [])
        assert len(aliases) == len(set(aliases)), row["id"]
        for alias in aliases:
            assert alias and alias == alias.strip() and "  " not in alias, (row["id"], alias)


def test_country_governments_carry_demonyms_that_are_never_names():
    names = {normalize_name(s) for row in ROWS for s in _surfaces(row)}
    for row in ROWS:
        demonyms = row.get("demonyms")
        if row["id"].startswith("gov-"):
            assert demonyms, row["id"]
        if demonyms:
            assert row["type"] == "government", row["id"]
            assert not set(demonyms) & names, row["id"]


@pytest.mark.parametrize("text, surface, entity_id", [
    ("The Royal Navy ordered two frigates.", "Royal Navy", "uk-royal-navy"),
    ("Officials in New Mexico approved the plan.", "New Mexico", "us-state-of-new-mexico"),
    ("Northern Ireland ministers met on Monday.", "Northern Ireland", "uk-northern-ireland-executive"),
    ("Texas Instruments said demand was weak.", "Texas Instruments", "texas-instruments"),
    ("The U.S. Senate passed the bill.", "U.S. Senate", "us-senate"),
    ("The Indian Army signed the deal.", "Indian Army", "in-armed-forces"),
    ("SAIC Motor faces EU duties.", "SAIC Motor", "saic-motor"),
    ("MDA Space won the order.", "MDA Space", "mda-space"),
])
def test_longer_names_win_over_names_inside_them(text, surface, entity_id):
    """The extractor keeps the longest gazetteer match, so a blocker name hides the shorter one inside it."""
    spacy = pytest.importorskip("spacy")
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("GAZETTEER", list(nlp.tokenizer.pipe(GAZ.names())))
    doc = nlp(text)
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
    found = {span.text: GAZ.lookup(span.text).id for span in spans}
    assert found.get(surface) == entity_id, found
