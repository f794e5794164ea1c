from __future__ import annotations

from conftest import SEEDS
from extractors.gazetteer import load_gazetteer, normalize_name, parse_gazetteer, slugify

GAZ = load_gazetteer(SEEDS / "gazetteer.toml")


def test_defense_department_aliases_are_one_entity():
    ids = {GAZ.resolve(n).id for n in ("Pentagon", "the Pentagon", "DoD", "Department of Defense",
                                        "Defense Department", "U.S. Defense Department", "Department of War",
                                        "Pentagon's")}
    assert ids == {"us-department-of-defense"}
    assert GAZ.lookup("Pentagon").wikidata == "Q11209"


def test_unknown_names_get_stable_slug_ids():
    first = GAZ.resolve("Acme Drone Works")
    assert first.id == "acme-drone-works" == GAZ.resolve("the Acme Drone Works").id
    assert slugify("Ingeniería Ñandú") == "ingenieria-nandu"


def test_normalize_name():
    assert normalize_name("the Trump administration's") == "Trump administration"
    assert normalize_name("“Anthropic”") == "Anthropic"


def test_gazetteer_ids_are_unique_and_typed():
    ids = [e.id for e in GAZ.entities]
    assert len(ids) == len(set(ids))
    assert all(e.type in {"government", "agency", "legislature", "court", "international_body", "company", "group"}
               for e in GAZ.entities)


def test_parse_minimal():
    gaz = parse_gazetteer('[[entity]]\nid = "x"\nname = "X Corp"\ntype = "company"\naliases = ["X"]\n')
    assert gaz.resolve("X").id == "x"
