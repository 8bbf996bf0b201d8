"""Place names in a passage, and gazetteer candidates for the places the atlas lacks.

A place mention is a span naming a place, found three ways and merged (the
longest span wins; identical spans are one mention with all their sources):

- the offline gazetteer (``corridors.data.mentions.find_mentions``): towns,
  seas, lakes, regions;
- country names (the reference boundaries' Natural Earth names and
  ``lexicon.COUNTRY_NAMES``);
- the names of the atlas's features that are toponyms (nodes, ports, areas,
  places: "Kremlin", "Nagorno-Karabakh"; not "Lachin checkpoint", a facility).

A mention whose gazetteer candidates no atlas feature covers (by name, or by
lying within the feature's reach) is a **new place**: each candidate comes with
its coordinates, country, population and the accuracy of its position. A name
with several candidates is *ambiguous*: all are listed, none is chosen. Nothing
here is a fact: a candidate is a location a curator may accept as a ``place``
feature citing the passage that names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corridors.curate.geography import distance_km, from_place
from corridors.curate.matching import NameIndex, Token
from corridors.curate.profiles import FeatureProfile
from corridors.data.gazetteer import CREDIT, Gazetteer, Place
from corridors.data.mentions import find_mentions

PLACE_KINDS = frozenset({"node", "port", "border_crossing", "checkpoint", "area", "place"})
# Kinds whose names are toponyms (a checkpoint's or crossing's name is a facility's: "Lachin checkpoint").
TOPONYM_KINDS = frozenset({"node", "port", "area", "place"})
# The stated accuracy of a GeoNames populated place: its point is the town's centre, not its extent.
TOWN_ERROR_KM = {1_000_000: 20.0, 100_000: 10.0, 0: 5.0}
COVER_KM = 10.0


@dataclass
class PlaceMention:
    start: int
    end: int
    surface: str
    places: tuple[Place, ...] = ()  # gazetteer candidates, best first
    country: str | None = None  # ISO alpha-3 when the name is a country's
    features: tuple[str, ...] = ()  # atlas features with this name
    sources: tuple[str, ...] = field(default=())  # "gazetteer", "country", "atlas"

    @property
    def ambiguous(self) -> bool:
        return len({p.id for p in self.places}) > 1


def country_index(countries: dict[str, list[str]]) -> NameIndex:
    index = NameIndex()
    for iso3, names in countries.items():
        index.add_all(names, iso3)
    return index


def atlas_place_index(profiles: list[FeatureProfile]) -> NameIndex:
    index = NameIndex()
    for p in profiles:
        if p.kind in TOPONYM_KINDS or p.layer == "place":
            index.add_all(p.names, p.id)
    return index


def find_place_mentions(text: str, words: list[Token], gazetteer: Gazetteer, countries: NameIndex,
                        atlas_places: NameIndex) -> list[PlaceMention]:
    found: list[PlaceMention] = []
    for m in find_mentions(text, gazetteer):
        found.append(PlaceMention(m.start, m.end, m.surface, tuple(m.places), sources=("gazetteer",)))
    for hit in countries.find(text, words):
        found.append(PlaceMention(hit.start, hit.end, hit.surface, country=hit.target, sources=("country",)))
    for hit in atlas_places.find(text, words):
        found.append(PlaceMention(hit.start, hit.end, hit.surface, features=(hit.target,), sources=("atlas",)))
    return _merge(found)


def _merge(found: list[PlaceMention]) -> list[PlaceMention]:
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[PlaceMention] = []
    for m in found:
        last = merged[-1] if merged else None
        if last and (m.start, m.end) == (last.start, last.end):
            last.places = tuple({p.id: p for p in (*last.places, *m.places)}.values())
            last.country = last.country or m.country
            last.features = tuple(dict.fromkeys((*last.features, *m.features)))
            last.sources = tuple(dict.fromkeys((*last.sources, *m.sources)))
        elif last and m.start < last.end:
            continue  # inside a longer mention ("Baikal" in a longer name): the longer one stands
        else:
            merged.append(m)
    return merged


def town_error_km(place: Place) -> float:
    if place.kind != "place":
        return float(place.accuracy_km or 0)
    population = place.population or 0
    return next(km for floor, km in TOWN_ERROR_KM.items() if population >= floor)


@dataclass(frozen=True)
class Candidate:
    """A gazetteer place a new place mention may be: a location with its stated accuracy, never a fact."""

    gazetteer_id: str
    name: str  # GeoNames name
    english: str
    kind: str
    lat: float
    lon: float
    country: str | None
    population: int | None
    error_km: float
    accuracy: str

    def as_dict(self) -> dict:
        return {
            "gazetteer_id": self.gazetteer_id, "name": self.name, "english": self.english, "kind": self.kind,
            "lat": self.lat, "lon": self.lon, "country": self.country, "population": self.population,
            "error_km": self.error_km, "accuracy": self.accuracy, "credit": CREDIT,
        }


def candidate(place: Place) -> Candidate:
    error = town_error_km(place)
    if place.kind == "place":
        accuracy = (f"GeoNames point of a populated place (population {place.population or 'unknown'}): "
                    f"its centre, taken to be within {error:g} km of any point of the town")
    else:
        accuracy = f"a hand-placed label point for a {place.kind}, within {error:g} km of its middle"
    return Candidate(place.id, place.name, place.english, place.kind, place.lat, place.lon, place.iso3,
                     place.population, error, accuracy)


def is_new(mention: PlaceMention, profiles: list[FeatureProfile]) -> bool:
    """A gazetteer mention that no atlas feature names or stands at."""
    if not mention.places or mention.features or mention.country:
        return False
    # A schematic point standing for a region (the Russian Far East, 2,000 km) does not make every town
    # in it "covered": only a feature drawn within COVER_KM of the place is the same place.
    points = [p for p in profiles if (p.kind in PLACE_KINDS or p.layer == "place") and p.is_point]
    for place in mention.places:
        located = from_place(place)
        if any(distance_km(p, place.lat, place.lon) <= located.radius_km + min(p.error_km, COVER_KM)
               for p in points):
            return False
    return True
