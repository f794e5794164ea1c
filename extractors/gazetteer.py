"""Entity gazetteer: canonical ids, names, types and aliases from an editable TOML file."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()  # "French": names the jurisdiction, never an actor
    places: tuple[str, ...] = ()  # "Kerala", "Ontario": regions that name the jurisdiction


AUTHORITY_TYPES = frozenset({"government", "agency", "legislature", "court", "international_body"})


def slugify(name: str) -> str:
    """A stable id for a name the gazetteer does not know."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


def normalize_name(surface: str) -> str:
    """Strip what varies around a name: leading articles, possessive, quotes, spaces."""
    s = surface.strip().strip("\"'“”‘’")
    s = re.sub(r"(?:'s|’s|'|’)$", "", s)
    s = re.sub(r"^(?:the|its|their|his|her|a|an)\s+", "", s, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[Entity, ...]
    _by_name: dict[str, Entity] = field(default_factory=dict, compare=False, repr=False)
    _by_demonym: dict[str, Entity] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, entities: list[Entity]) -> "Gazetteer":
        by_name: dict[str, Entity] = {}
        for ent in entities:
            for name in (ent.name, *ent.aliases):
                by_name.setdefault(normalize_name(name), ent)
        by_demonym = {d: ent for ent in entities for d in (*ent.demonyms, *ent.places)}
        return cls(tuple(entities), by_name, by_demonym)

    def names(self) -> list[str]:
        """Every surface form to look for in text."""
        return sorted({n for e in self.entities for n in (e.name, *e.aliases)})

    def lookup(self, surface: str) -> Entity | None:
        return self._by_name.get(normalize_name(surface))

    @property
    def demonym_names(self) -> dict[str, Entity]:
        return self._by_demonym

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.entities)

    def country_of(self, surface: str) -> str | None:
        """The jurisdiction a name or demonym stands for: "Japan", "Japan's", "Japanese" -> JP."""
        known = self.lookup(surface) or self._by_demonym.get(normalize_name(surface))
        return known.country if known is not None else None

    def resolve(self, surface: str, fallback_type: str = "unknown") -> Entity:
        """The gazetteer entity for a name, or a slug-identified entity for an unknown one."""
        known = self.lookup(surface)
        if known:
            return known
        name = normalize_name(surface)
        return Entity(id=slugify(name), name=name, type=fallback_type)


def parse_gazetteer(text: str) -> Gazetteer:
    data = tomllib.loads(text)
    entities = [
        Entity(id=row["id"], name=row["name"], type=row.get("type", "unknown"),
               country=row.get("country"), wikidata=row.get("wikidata"),
               aliases=tuple(row.get("aliases", ())), demonyms=tuple(row.get("demonyms", ())),
               places=tuple(row.get("places", ())))
        for row in data.get("entity", [])
    ]
    return Gazetteer.build(entities)


def load_gazetteer(path: Path) -> Gazetteer:
    return parse_gazetteer(path.read_text(encoding="utf-8"))
