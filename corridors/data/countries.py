"""The ``countries`` rule: a geometry lies in (or within a tolerance of) the countries it declares.

Vectorized so the rule scales with the data: a spatial index (``STRtree``)
finds the countries whose boxes meet a feature's, its densified positions are
tested against each of them in one call on the prepared shape, and distances to
declared countries are measured for all candidate positions at once. With one
tree query per position, 20,000 features took over a minute; see the README's
"Security notes" for what they take now.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod

_GEOD = Geod(ellps="WGS84")
SAMPLE_DEGREES = 0.05  # densify so a long segment cutting through an undeclared country is caught
MAX_SAMPLES = 1_000_000  # a hostile line of long zig-zags must not densify into hundreds of millions of points


def sample_points(geometry, step: float = SAMPLE_DEGREES, limit: int = MAX_SAMPLES):
    """(n, 2) positions along ``geometry`` at most ``step`` degrees apart, coarser if that made over ``limit``."""
    xy = shapely.get_coordinates(geometry)
    if len(xy) > 1:
        length = float(np.hypot(*np.diff(xy, axis=0).T).sum())  # an upper bound on the planar length
        step = max(step, length / limit)
    return shapely.get_coordinates(shapely.segmentize(geometry, max_segment_length=step))


def _fmt(position) -> str:
    return f"[{position[0]:.4f}, {position[1]:.4f}]"


class CountryChecker:
    """Built once from the reference boundaries (a GeoDataFrame with ``iso_a3``, ``name``, ``geometry``)."""

    def __init__(self, countries_gdf, tolerance_km: float):
        self.tolerance_km = tolerance_km
        self.shapes = {
            row.iso_a3: row.geometry for row in countries_gdf.itertuples() if isinstance(row.iso_a3, str)
        }
        self.names = dict(zip(countries_gdf.iso_a3, countries_gdf.name, strict=False))
        self.codes = np.array(list(self.shapes), dtype=object)
        self.geometries = np.array(list(self.shapes.values()), dtype=object)
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)
        self.bounds = shapely.total_bounds(self.geometries)

    def check(self, geometry, declared: list[str]) -> list[tuple[str, str, str]]:
        """(severity, rule, message) for every problem of ``geometry`` against ``declared`` codes."""
        found: list[tuple[str, str, str]] = []
        unknown = [c for c in declared if c not in self.shapes]
        if unknown:
            found.append(("error", "countries", f"no boundary for declared country code(s) {unknown}"))
        xy = sample_points(geometry)
        minx, miny, maxx, maxy = self.bounds
        inside = (xy[:, 0] >= minx) & (xy[:, 0] <= maxx) & (xy[:, 1] >= miny) & (xy[:, 1] <= maxy)
        if not inside.all():
            outside = xy[~inside]
            swapped = ((outside[:, 1] >= minx) & (outside[:, 1] <= maxx)
                       & (outside[:, 0] >= miny) & (outside[:, 0] <= maxy)).all()
            hint = ("swapped lon/lat?" if swapped else
                    f"the boundaries cover lon {minx:g}..{maxx:g}, lat {miny:g}..{maxy:g}")
            found.append(("error", "countries", f"{len(outside):,} position(s) outside the reference boundaries' "
                                                f"region, e.g. {_fmt(outside[0])} ({hint})"))
            return found
        strays = self._strays(xy, declared)
        found += strays
        if not strays:
            for code in declared:
                if code in self.shapes and self._distance_km(geometry, self.shapes[code]) > self.tolerance_km:
                    found.append(("warning", "countries-unused", f"declares {code} but its geometry does not reach it"))
        return found

    def _strays(self, xy: np.ndarray, declared: list[str]) -> list[tuple[str, str, str]]:
        # Test the positions against each country whose box meets theirs, with prepared shapes:
        # one vectorized point-in-polygon call per country instead of one tree query per position.
        box = shapely.box(*xy.min(axis=0), *xy.max(axis=0))
        declared_set = set(declared)
        ok = np.zeros(len(xy), dtype=bool)  # in a declared country
        first_hit = np.full(len(xy), -1)  # the first other country a position lies in
        for index in sorted(self.tree.query(box)):
            inside = shapely.contains_xy(self.geometries[index], xy[:, 0], xy[:, 1])
            if self.codes[index] in declared_set:
                ok |= inside
            else:
                first_hit[inside & (first_hit < 0)] = index
        located = first_hit >= 0  # positions in no country are at sea: fine
        candidates = np.flatnonzero(located & ~ok)
        if candidates.size == 0:
            return []
        declared_shapes = [self.shapes[c] for c in declared if c in self.shapes]
        if declared_shapes:
            # Within the tolerance of a declared country: on a border or coast, at the boundaries' own precision.
            points = shapely.points(xy[candidates])
            near = np.zeros(candidates.size, dtype=bool)
            for shape in declared_shapes:
                near |= self._distances_km(points, shape) <= self.tolerance_km
            candidates = candidates[~near]
        found = []
        codes = self.codes[first_hit[candidates]]
        for code in dict.fromkeys(codes):
            hits = candidates[codes == code]
            found.append(("error", "countries", (
                f"{len(hits):,} position(s) in {code} ({self.names.get(code, code)}), which the feature does not "
                f"declare, e.g. {_fmt(xy[hits[0]])}; declared {declared} (wrong countries or swapped lon/lat?)"
            )))
        return found

    @staticmethod
    def _distances_km(points, shape) -> np.ndarray:
        lines = shapely.shortest_line(points, shape)
        ends = shapely.get_coordinates(lines).reshape(-1, 2, 2)
        _, _, metres = _GEOD.inv(ends[:, 0, 0], ends[:, 0, 1], ends[:, 1, 0], ends[:, 1, 1])
        return np.asarray(metres) / 1000

    def _distance_km(self, geometry, shape) -> float:
        if shapely.intersects(shape, geometry):  # shape is prepared
            return 0.0
        return float(self._distances_km(np.array([geometry]), shape)[0])
