"""GeoJSON geometry checked by structure before any geometry library sees it.

shapely (GEOS) answers malformed input with exceptions of its own or, worse,
builds something and lets a later step fail: a one-point line raises a
``GEOSException``, ``[true, 1]`` passes as ``[1, 1]``, an unclosed ring is
closed silently. So ``check_geometry`` walks the RFC 7946 structure first:

1. the geometry is an object of a supported type with ``coordinates``;
2. the number of positions is counted **without visiting them** (``len`` of each
   position list) and compared with the vertex limit, so a million-vertex line is
   refused before any per-vertex work;
3. every position is a list of 2 or 3 numbers (not booleans, strings or null),
   checked with set operations over the whole list; then numpy checks that each
   is finite, in range (with a hint when lon/lat look swapped), has at most six
   decimals (an exact vectorized test), and that no segment jumps across the
   antimeridian;
4. lines have 2 or more distinct positions; polygon rings have 4 or more and
   are closed;
5. only then shapely builds the geometry, which must be non-empty and valid
   (``is_valid_reason`` is reported, nothing is repaired).

Rules: ``geojson`` (structure), ``limits``, ``coordinates``, ``antimeridian``, ``geometry``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import shapely
from shapely.geometry import shape

from corridors.data.limits import Limits

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
# How many list levels lie above a list of positions, per type; a Point's coordinates are one position.
_LEVELS = {"MultiPoint": 0, "LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}
MAX_DECIMALS = 6
_SCALE = 10.0**MAX_DECIMALS


@dataclass
class GeometryCheck:
    """The result of ``check_geometry``: the shapely geometry when usable, and every problem found."""

    geometry: object | None = None
    vertices: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (rule, message)

    def fail(self, rule: str, message: str) -> GeometryCheck:
        self.problems.append((rule, message))
        self.geometry = None
        return self


def _position_lists(coords, levels: int, path: str) -> Iterator[tuple[str, object]]:
    """(where, list of positions) at ``levels`` list levels below ``coords``; no position is visited."""
    stack = [(path, coords, levels)]
    while stack:
        where, item, depth = stack.pop()
        if depth == 0:
            yield where, item
            continue
        if type(item) is not list:
            yield where, item  # reported as a structure error by the caller
            continue
        for index in range(len(item) - 1, -1, -1):
            stack.append((f"{where} {index + 1}" if where else str(index + 1), item[index], depth - 1))


def _part_name(geom_type: str, where: str) -> str:
    labels = {
        "MultiLineString": ["line"],
        "Polygon": ["ring"],
        "MultiPolygon": ["polygon", "ring"],
    }.get(geom_type, [])
    parts = where.split()
    name = ", ".join(f"{label} {n}" for label, n in zip(labels, parts, strict=False))
    return f"{name}: " if name else ""  # a prefix for messages; nothing for single-part geometry


def _bad_position(seq: list) -> tuple[int, str]:
    """The first malformed position and why (only called once a fast check has failed)."""
    for index, position in enumerate(seq):
        if type(position) is not list:
            return index, f"{position!r} is not a position (a list of 2 or 3 numbers)"
        if not 2 <= len(position) <= 3:
            return index, (f"{_clip(position)} has {len(position)} number(s); "
                           "a position is [lon, lat] or [lon, lat, height]")
        for value in position:
            if type(value) not in (int, float):
                kind = {bool: "a boolean", str: "a string", type(None): "null"}.get(type(value), type(value).__name__)
                return index, f"{_clip(position)} holds {kind}; a position holds numbers only"
    return 0, "malformed position"


def _clip(value, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _xy(seq: list) -> np.ndarray:
    """An (n, 2) float array of lon/lat from well-formed positions; ``OverflowError`` for huge integers."""
    lengths = set(map(len, seq))
    if lengths == {2}:
        return np.array(seq, dtype=np.float64).reshape(-1, 2)
    if lengths == {3}:
        return np.array(seq, dtype=np.float64).reshape(-1, 3)[:, :2]
    return np.array([p[:2] for p in seq], dtype=np.float64).reshape(-1, 2)


def _fmt(xy) -> str:
    return "[" + ", ".join(f"{v:.6g}" for v in xy) + "]"


def _check_positions(check: GeometryCheck, seq, geom_type: str, where: str) -> np.ndarray | None:
    part = _part_name(geom_type, where)
    if type(seq) is not list:
        check.fail("geojson", f"{part}expected a list of positions, got {_clip(seq)}")
        return None
    well_formed = (
        set(map(type, seq)) <= {list}
        and set(map(len, seq)) <= {2, 3}
        and set(map(type, chain.from_iterable(seq))) <= {int, float}
    )
    if not well_formed:
        index, why = _bad_position(seq)
        check.fail("coordinates", f"{part}position {index + 1}: {why}")
        return None
    try:
        xy = _xy(seq)
    except OverflowError:
        check.fail("coordinates", f"{part}a coordinate is a number too large for a double")
        return None
    finite = np.isfinite(xy).all(axis=1)
    if not finite.all():
        check.fail("coordinates", f"{part}position {int(np.argmin(finite)) + 1}: coordinates must be finite numbers")
        return None
    lon_ok = (xy[:, 0] >= -180) & (xy[:, 0] <= 180)
    lat_ok = (xy[:, 1] >= -90) & (xy[:, 1] <= 90)
    bad = ~(lon_ok & lat_ok)
    if bad.any():
        first = xy[np.argmax(bad)]
        swapped = bool(((xy[bad, 1] >= -180) & (xy[bad, 1] <= 180) & (np.abs(xy[bad, 0]) <= 90)).all())
        hint = " (swapped lon/lat? GeoJSON writes [lon, lat])" if swapped else ""
        check.fail("coordinates", f"{part}{int(bad.sum()):,} position(s) out of range (lon -180..180, "
                                  f"lat -90..90), e.g. {_fmt(first)}{hint}")
        return None
    # A value has at most 6 decimals exactly when it is the double nearest some k / 10**6; IEEE division
    # rounds k / 1e6 correctly, so this matches the decimal expansion Python prints, in vectorized form.
    scaled = np.rint(xy * _SCALE)
    precise = (scaled / _SCALE != xy).any(axis=1)
    if precise.any():
        first = next(p for p, hit in zip(seq, precise, strict=False) if hit)
        check.problems.append(("coordinates", f"{part}{int(precise.sum()):,} position(s) with more than "
                                              f"{MAX_DECIMALS} decimals, e.g. {_clip(first[:2])}"))
    return xy


def _check_shape(check: GeometryCheck, xy: np.ndarray, geom_type: str, where: str) -> None:
    part = _part_name(geom_type, where)
    if geom_type in ("LineString", "MultiLineString"):
        distinct = len(np.unique(xy, axis=0)) if len(xy) < 3 else (2 if (xy != xy[0]).any() else 1)
        if len(xy) < 2 or distinct < 2:
            check.fail("geometry", f"{part}a line needs at least 2 distinct positions, got {distinct}")
            return
    elif geom_type in ("Polygon", "MultiPolygon"):
        if len(xy) < 4:
            check.fail("geometry", f"{part}a polygon ring needs at least 4 positions (the first repeated "
                                   f"at the end), got {len(xy)}")
            return
        if (xy[0] != xy[-1]).any():
            check.fail("geometry", f"{part}the ring is not closed: it starts at {_fmt(xy[0])} and ends at "
                                   f"{_fmt(xy[-1])} (RFC 7946 §3.1.6: the last position repeats the first)")
            return
    if len(xy) > 1:
        jumps = np.abs(np.diff(xy[:, 0])) > 180
        if jumps.any():
            k = int(np.argmax(jumps))
            check.fail("antimeridian", (
                f"{part}the segment from {_fmt(xy[k])} to {_fmt(xy[k + 1])} crosses the antimeridian "
                "(longitude ±180); RFC 7946 §3.1.9 asks to cut it there into a Multi geometry, each part "
                "on one side"
            ))


def count_vertices(raw: dict) -> int | None:
    """Positions in a geometry, counted from list lengths only; None when its structure is not usable."""
    geom_type = raw.get("type")
    coords = raw.get("coordinates")
    if geom_type == "Point":
        return 1
    levels = _LEVELS.get(geom_type)
    if levels is None or type(coords) is not list:
        return None
    total = 0
    for _, seq in _position_lists(coords, levels, ""):
        if type(seq) is not list:
            return None
        total += len(seq)
    return total


def check_geometry(raw, limits: Limits) -> GeometryCheck:
    """Check a GeoJSON geometry object as described in the module docstring."""
    check = GeometryCheck()
    if raw is None:
        return check.fail("geometry", "geometry is null; every feature needs a location")
    if not isinstance(raw, dict) or raw.get("type") not in GEOMETRY_TYPES:
        got = raw.get("type") if isinstance(raw, dict) else type(raw).__name__
        return check.fail("geojson", f"geometry must be one of {list(GEOMETRY_TYPES)}, got {_clip(got)}")
    geom_type = raw["type"]
    if "coordinates" not in raw:
        return check.fail("geojson", f"{geom_type} has no 'coordinates'")
    coords = raw["coordinates"]
    count = count_vertices(raw)
    if count is None:
        return check.fail("geojson", f"{geom_type} coordinates must be nested lists "
                                     f"{'[' * (_LEVELS[geom_type] + 1)}[lon, lat]…")
    check.vertices = count
    if count > limits.vertices_per_feature:
        return check.fail("limits", f"{count:,} positions, more than the limit of {limits.vertices_per_feature:,} "
                                    "per feature (CORRIDORS_LIMIT_VERTICES_PER_FEATURE)")
    if count == 0:
        return check.fail("geometry", f"{geom_type} is empty: it has no positions")
    lists = [("", [coords])] if geom_type == "Point" else list(_position_lists(coords, _LEVELS[geom_type], ""))
    for where, seq in lists:
        if type(seq) is list and not seq and geom_type != "Point":
            return check.fail("geometry", f"{_part_name(geom_type, where)}an empty part: it has no positions")
        xy = _check_positions(check, seq, "Point" if geom_type == "Point" else geom_type, where)
        if xy is None:
            return check
        _check_shape(check, xy, geom_type, where)
        if any(rule != "coordinates" for rule, _ in check.problems):
            return check
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        return check.fail("geometry", f"cannot build the geometry: {exc}")
    if geometry.is_empty:
        return check.fail("geometry", "geometry is empty")
    if not geometry.is_valid:
        return check.fail("geometry", f"invalid geometry: {shapely.is_valid_reason(geometry)} (not repaired: "
                                      "fix the positions)")
    check.geometry = geometry  # only the decimals rule can have spoken by now; the geometry is still usable
    return check
