"""Find a place by any name a reader may type: the atlas's features first, then the gazetteer.

Matching uses the one normalisation for names, ``corridors.data.names_key.name_key``: case,
diacritics, dashes, quote marks and transliteration variants do not matter, so "Rasht–Astara"
(en dash) finds the Rasht-Astara line, "Naxçıvan" and "Nakhchivan" find Naxcivan. A query
matches a name when each of its words begins a word of that name, in any order ("Astara Rasht"
finds it too); every other name of a feature (Azerbaijani, Armenian, Russian, Persian usage)
counts as much as its own.

A name that is no feature of the atlas ("Stepanakert", "Khankendi", "Syunik") is looked up in
the offline gazetteer (``corridors.data.gazetteer``): each place found comes with the atlas's
features nearest to it, so the map can show the place and what the atlas has there. Names
joined only by history or politics (Stepanakert/Khankendi) meet through the gazetteer's
alternate names; every candidate is returned, none chosen silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import shapely
from shapely.geometry import Point

from corridors.data import gazetteer as gz
from corridors.data.names_key import name_key
from corridors.model.names import short_name

NEAREST = 3  # atlas features listed with a gazetteer place
SAME_PLACE_KM = 60  # a gazetteer place named like an atlas feature this close is that feature
_KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class PlaceHit:
    """A gazetteer place the query names, and the atlas features nearest to it: (feature id, km) pairs,
    0 km for a feature the place lies in or on."""

    place: gz.Place
    nearest: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class SearchResult:
    features: list[str]  # atlas feature ids, best match first
    places: list[PlaceHit]  # gazetteer places that are not atlas features, best first

    def __bool__(self) -> bool:
        return bool(self.features or self.places)


def feature_names(row) -> list[str]:
    """Every name of a feature a reader may search for: its own, without its note, and its other names."""
    names = [row["name"], short_name(row["name"])]
    names += [a["name"] for a in row["alt_names"] or []]
    return list(dict.fromkeys(names))


def match_rank(query_key: str, name: str) -> int | None:
    """How well a name matches a query key: 0 the same name, 1 it begins with the query, 2 each query word
    begins one of its words; None when it does not match."""
    key = name_key(name)
    if not query_key or not key:
        return None
    if key == query_key:
        return 0
    if key.startswith(query_key):
        return 1
    words = key.split(" ")
    if all(any(w.startswith(q) for w in words) for q in query_key.split(" ")):
        return 2
    return None


def search_features(features: pd.DataFrame, text: str) -> list[str]:
    """Ids of the features any of whose names matches ``text``, best first (then in atlas order)."""
    query = name_key(text)
    if not query:
        return []
    ranked = []
    for order, (fid, row) in enumerate(features.iterrows()):
        ranks = [r for r in (match_rank(query, n) for n in feature_names(row)) if r is not None]
        if ranks:
            ranked.append((min(ranks), order, fid))
    return [fid for _, _, fid in sorted(ranked)]


def nearest_features(features: pd.DataFrame, lat: float, lon: float, k: int = NEAREST) -> list[tuple[str, float]]:
    """The ``k`` atlas features nearest to a point as (id, km), nearest first; 0 km inside or on one.

    Distances are to the nearest point of each geometry, measured on the sphere (haversine), so a
    long line counts by its closest stretch, not its middle.
    """
    here = Point(lon, lat)
    scored = []
    for order, (fid, row) in enumerate(features.iterrows()):
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        if geometry.intersects(here.buffer(1e-9)):
            km = 0.0
        else:
            _, nearest = shapely.ops.nearest_points(here, geometry)
            km = gz.haversine_km(lat, lon, nearest.y, nearest.x)
        scored.append((km, order, fid))
    scored.sort()
    return [(fid, round(km, 1)) for km, _, fid in scored[:k]]


def atlas_name_index(features: pd.DataFrame) -> dict[str, list[tuple[float, float]]]:
    """Every name key of the features, with where each feature so named is (lat, lon)."""
    index: dict[str, list[tuple[float, float]]] = {}
    for _, row in features.iterrows():
        if row.geometry is None or row.geometry.is_empty:
            continue
        where = row.geometry.representative_point()
        for name in feature_names(row):
            key = name_key(name)
            if key:
                index.setdefault(key, []).append((where.y, where.x))
    return index


def is_atlas_place(place: gz.Place, features: pd.DataFrame | None = None,
                   index: dict[str, list[tuple[float, float]]] | None = None) -> bool:
    """Whether a gazetteer place is one of the atlas's features: a name key in common, and close.
    Pass ``index`` (``atlas_name_index``) when asking for many places."""
    index = atlas_name_index(features) if index is None else index
    keys = {name_key(n) for n in place.all_names}
    return any(
        gz.haversine_km(place.lat, place.lon, lat, lon) < SAME_PLACE_KM
        for key in keys for lat, lon in index.get(key, ())
    )


def search(features: pd.DataFrame, text: str, gazetteer: gz.Gazetteer | None = None,
           nearest: int = NEAREST) -> SearchResult:
    """Atlas features named ``text``; and the gazetteer's places of that name that are not atlas features,
    each with the atlas features nearest to it."""
    found = search_features(features, text)
    gazetteer = gazetteer or gz.load_gazetteer()
    index = atlas_name_index(features)
    places = [p for p in gazetteer.lookup(text) if not is_atlas_place(p, index=index)]
    hits = [PlaceHit(p, tuple(nearest_features(features, p.lat, p.lon, nearest))) for p in places]
    return SearchResult(found, hits)


def place_bounds(hit: PlaceHit, features: pd.DataFrame, min_degrees: float = 0.6) -> list[list[float]]:
    """[[south, west], [north, east]] round a gazetteer place and its nearest atlas features."""
    rows = features.loc[[fid for fid, _ in hit.nearest if fid in features.index]]
    west, south, east, north = hit.place.lon, hit.place.lat, hit.place.lon, hit.place.lat
    if not rows.empty:
        fw, fs, fe, fn = rows.total_bounds
        west, south, east, north = min(west, fw), min(south, fs), max(east, fe), max(north, fn)
    pad_x = max(0.0, min_degrees - (east - west)) / 2
    pad_y = max(0.0, min_degrees - (north - south)) / 2
    return [[round(south - pad_y, 5), round(west - pad_x, 5)], [round(north + pad_y, 5), round(east + pad_x, 5)]]


def describe_distance(km: float) -> str:
    """"in it", "3 km", "120 km": how far a place is from a feature, for a reader."""
    if km <= 0:
        return "the place lies in it"
    return f"{math.ceil(km) if km < 10 else round(km, -1 if km >= 100 else 0):,.0f} km away"
