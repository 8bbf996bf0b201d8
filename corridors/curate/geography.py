"""Geographic reasoning for ``suggest``: which features a named place lies on, and what lies between two places.

- **Near.** A place named in a passage (a gazetteer place, or an atlas feature
  named there) is *at* a feature when its position lies within the feature's
  reach: the sum of the place's own extent (a town's few kilometres, a sea's or
  region's stated accuracy, a schematic feature's error), the feature's
  drawing error and ``SLACK_KM``. Polygons contain what lies inside them.
- **Between.** Segments of one corridor that share an end (within
  ``JOIN_KM`` plus their drawing errors) form a graph. When a passage names two
  places that each touch segments of the same corridor ("to connect St.
  Petersburg to the Persian Gulf", "from Astara to Rasht"), the segments on the
  shortest path between them, by geodesic length, are implied. Missing links
  are part of the graph: a path that needs one uses it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from corridors.curate.profiles import FeatureProfile
from corridors.data.gazetteer import EARTH_RADIUS_KM, Place

SLACK_KM = 5.0
TOWN_KM = 10.0  # a populated place's point stands for a town a few kilometres across
JOIN_KM = 25.0
MAX_JOIN_KM = 80.0


@dataclass(frozen=True)
class Located:
    """A position a passage names, with how far the named thing reaches from it."""

    lat: float
    lon: float
    radius_km: float
    label: str  # what it is, for the reasons: "Moscow (GeoNames, RUS)", "the atlas's Persian Gulf"
    feature: str | None = None  # the atlas feature it comes from, if any


def from_place(place: Place) -> Located:
    radius = place.accuracy_km if place.accuracy_km is not None else TOWN_KM
    where = place.iso3 or place.kind
    return Located(place.lat, place.lon, float(radius), f"{place.english} (GeoNames, {where})")


def from_feature(profile: FeatureProfile) -> list[Located]:
    """A named atlas feature as positions: its point, or its line's vertices (a line is named as a whole)."""
    if profile.is_point:
        lat, lon = profile.coords[0]
        return [Located(float(lat), float(lon), profile.extent_km, f"the atlas's {profile.name}", profile.id)]
    return []


def haversine_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    p1, p2 = np.radians(lat), math.radians(lat0)
    dp, dl = p2 - p1, np.radians(lon0 - lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def distance_km(profile: FeatureProfile, lat: float, lon: float) -> float:
    """Great-circle distance from a position to the feature as drawn (0 inside its polygon)."""
    if profile.polygon is not None:
        import shapely

        if profile.polygon.contains(shapely.Point(lon, lat)):
            return 0.0
    return float(haversine_km(profile.coords[:, 0], profile.coords[:, 1], lat, lon).min())


def reach_km(profile: FeatureProfile, located: Located) -> float:
    return located.radius_km + profile.error_km + SLACK_KM


def is_at(profile: FeatureProfile, located: Located) -> tuple[bool, float]:
    """Whether ``located`` lies on or in the feature, and the distance."""
    if located.feature == profile.id:
        return False, 0.0  # a feature is not "near" itself; its name already matched
    d = distance_km(profile, located.lat, located.lon)
    return d <= reach_km(profile, located), d


class RouteGraph:
    """The segments of one corridor joined at their ends; shortest paths by geodesic length."""

    def __init__(self, segments: list[FeatureProfile]) -> None:
        self.segments = {s.id: s for s in segments}
        self._by_modes: dict[frozenset, RouteGraph] = {}
        self.adjacent: dict[str, set[str]] = {s.id: set() for s in segments}
        ends = {s.id: (s.coords[0], s.coords[-1]) for s in segments}
        for a in segments:
            for b in segments:
                if a.id >= b.id:
                    continue
                tolerance = min(JOIN_KM + max(a.error_km, b.error_km), MAX_JOIN_KM)
                if any(_km(p, q) <= tolerance for p in ends[a.id] for q in ends[b.id]):
                    self.adjacent[a.id].add(b.id)
                    self.adjacent[b.id].add(a.id)

    def by_modes(self, modes: set[str]) -> RouteGraph:
        """The graph of the segments of the named modes only ("rail link": no sea lane); all when none or all."""
        kept = [s for s in self.segments.values() if s.mode in modes or s.mode == "multimodal"]
        if not modes or len(kept) == len(self.segments) or not kept:
            return self
        key = frozenset(modes)
        if key not in self._by_modes:
            self._by_modes[key] = RouteGraph(kept)
        return self._by_modes[key]

    def path(self, start: Iterable[str], goal: Iterable[str]) -> list[str]:
        """The segments on the shortest path from any of ``start`` to any of ``goal`` (both included)."""
        goal = set(goal) & set(self.segments)
        queue = [(self.segments[s].length_km, s, (s,)) for s in set(start) if s in self.segments]
        heapq.heapify(queue)
        settled: set[str] = set()
        while queue:
            cost, node, path = heapq.heappop(queue)
            if node in goal:
                return list(path)
            if node in settled:
                continue
            settled.add(node)
            for nxt in self.adjacent[node]:
                if nxt not in settled:
                    heapq.heappush(queue, (cost + self.segments[nxt].length_km, nxt, (*path, nxt)))
        return []


def _km(p: np.ndarray, q: np.ndarray) -> float:
    return float(haversine_km(np.array([p[0]]), np.array([p[1]]), float(q[0]), float(q[1]))[0])


def route_graphs(profiles: list[FeatureProfile]) -> dict[str, RouteGraph]:
    """One graph per corridor, over its segments and sea routes."""
    by_corridor: dict[str, list[FeatureProfile]] = {}
    for p in profiles:
        if p.kind in ("segment", "sea_route") and p.is_line:
            by_corridor.setdefault(p.corridor, []).append(p)
    return {corridor: RouteGraph(segments) for corridor, segments in by_corridor.items()}
