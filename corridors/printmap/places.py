"""Reference places for orientation on a print map: the gazetteer's towns and capitals.

After the features' own names, a print names a few well-known places the reader
can find the map by (Yerevan, Baku, Stepanakert/Khankendi on a Karabakh map),
in the view's naming, quieter than the features' names and never over another
label. A capital just off the map gets a pointer at the frame's edge instead
("Baku 120 km →"), so even a tight map says where it is.

The places come from ``corridors.data.gazetteer`` (GeoNames, CC BY 4.0); without
it the print simply has no reference places.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shapely
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from pyproj import Geod

from corridors.printmap.frame import Extent, _lonlat_bounds, _transformer

if TYPE_CHECKING:
    import geopandas as gpd
    from pyproj import CRS

    from corridors.data.atlas import Atlas

try:  # the gazetteer lands separately (issue on labels); a print without it has no reference places
    from corridors.data import gazetteer
except ImportError:  # pragma: no cover - exercised only before the gazetteer is merged
    gazetteer = None

PLACE_INK = "#4a4a4a"
PLACE_SIZE = 6.8
CAPITAL_SIZE = 7.2
LIMIT = 14
SAME_PLACE_KM = 12.0  # a gazetteer place this close to a named feature is that feature
POINTER_REACH = 0.6  # look for capitals this far (in map widths) beyond the frame
MAX_POINTERS = 3
_HALO = [withStroke(linewidth=2.2, foreground="white", alpha=0.9)]
_OFFSETS = [
    ((4, 0), "left", "center"), ((-4, 0), "right", "center"), ((0, 4), "center", "bottom"),
    ((0, -4), "center", "top"), ((3, 3), "left", "bottom"), ((-3, -3), "right", "top"),
]
_ARROWS = "\u2192\u2197\u2191\u2196\u2190\u2199\u2193\u2198"  # → ↗ ↑ ↖ ← ↙ ↓ ↘, by bearing from east
_GEOD = Geod(ellps="WGS84")


def available() -> bool:
    return gazetteer is not None


def _get(place, key, default=None):
    if isinstance(place, dict):
        return place.get(key, default)
    return getattr(place, key, default)


def _name(place, naming: str) -> str:
    return gazetteer.display_name(place, naming)


def _key(text: str) -> str:
    return gazetteer.name_key(text) if hasattr(gazetteer, "name_key") else text.casefold()


def place_reference_labels(
    ax, atlas: Atlas, crs: CRS, extent: Extent, naming: str, features: gpd.GeoDataFrame, taken: list[Bbox],
    skip=None, limit: int = LIMIT,
) -> list:
    """Name reference places inside ``extent`` where they collide with nothing; point to capitals just outside.

    ``features`` (projected to ``crs``) are the map's own; a place that is one of
    them (by name or position) is not named twice. ``taken`` grows with each label.
    Returns the labels placed.
    """
    if gazetteer is None:
        return []
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    to_map = _transformer("EPSG:4326", crs)
    own_names = {_key(n) for n in features["name"]}
    for alts in features.get("alt_names", []):
        own_names |= {_key(a["name"]) for a in alts or []}
    own_points = [g for g in features.geometry if g.geom_type == "Point"]

    def is_feature(place, x, y) -> bool:
        if _key(str(_get(place, "name", ""))) in own_names:
            return True
        return any(math.hypot(p.x - x, p.y - y) < SAME_PLACE_KM * 1000 for p in own_points)

    def free(box: Bbox) -> bool:
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        return inside and not any(box.overlaps(other) for other in taken)

    placed = []
    west, south, east, north = _lonlat_bounds(extent, crs)
    for place in gazetteer.label_candidates((west, south, east, north), limit):
        lon, lat = float(_get(place, "lon")), float(_get(place, "lat"))
        x, y = to_map.transform(lon, lat)
        if not extent.box().contains(shapely.Point(x, y)) or is_feature(place, x, y):
            continue
        if skip is not None and skip.contains(shapely.Point(x, y)):
            continue
        px, py = ax.transData.transform((x, y))
        dot = Bbox.from_extents(px - 2, py - 2, px + 2, py + 2)
        if any(dot.overlaps(other) for other in taken):
            continue
        size = CAPITAL_SIZE if _get(place, "capital") else PLACE_SIZE
        for (dx, dy), ha, va in _OFFSETS:
            label = ax.annotate(_name(place, naming), (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha,
                                va=va, fontsize=size, color=PLACE_INK, zorder=6.6, path_effects=_HALO)
            box = label.get_window_extent(renderer).expanded(1.04, 1.12)
            if free(box):
                taken += [box, dot]
                placed.append(label)
                ax.plot([x], [y], linestyle="none", marker="o", markersize=2.6, color=PLACE_INK, zorder=6.5,
                        gid="reference-place")
                break
            label.remove()
    placed += _pointers(ax, crs, extent, naming, taken, free)
    return placed


def _pointers(ax, crs: CRS, extent: Extent, naming: str, taken: list[Bbox], free) -> list:
    """Capitals just beyond the frame, named at the edge towards them with their distance."""
    reach_x, reach_y = extent.width * POINTER_REACH, extent.height * POINTER_REACH
    wide = Extent(extent.xmin - reach_x, extent.xmax + reach_x, extent.ymin - reach_y, extent.ymax + reach_y)
    west, south, east, north = _lonlat_bounds(wide, crs)
    to_map, to_lonlat = _transformer("EPSG:4326", crs), _transformer(crs, "EPSG:4326")
    cx, cy = (extent.xmin + extent.xmax) / 2, (extent.ymin + extent.ymax) / 2
    inner = extent.box().buffer(-0.02 * min(extent.width, extent.height))
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    for place in gazetteer.label_candidates((west, south, east, north), 4 * MAX_POINTERS + 20):
        if len(placed) >= MAX_POINTERS:
            break
        if not _get(place, "capital"):
            continue
        lon, lat = float(_get(place, "lon")), float(_get(place, "lat"))
        x, y = to_map.transform(lon, lat)
        if extent.box().contains(shapely.Point(x, y)) or not wide.box().contains(shapely.Point(x, y)):
            continue
        edge = shapely.LineString([(cx, cy), (x, y)]).intersection(inner.exterior)
        if edge.is_empty:
            continue
        ex, ey = shapely.get_coordinates(edge)[0]
        elon, elat = to_lonlat.transform(ex, ey)
        _, _, metres = _GEOD.inv(elon, elat, lon, lat)
        angle = math.degrees(math.atan2(y - cy, x - cx)) % 360
        arrow = _ARROWS[int(((angle + 22.5) % 360) // 45)]
        text = f"{_name(place, naming)} {_round_km(metres / 1000)} km {arrow}"
        ha = "right" if ex > cx + 0.3 * extent.width else "left" if ex < cx - 0.3 * extent.width else "center"
        va = "top" if ey > cy + 0.3 * extent.height else "bottom" if ey < cy - 0.3 * extent.height else "center"
        if arrow in "\u2190\u2196\u2199":  # pointing west: the arrow leads
            text = f"{arrow} {_name(place, naming)} {_round_km(metres / 1000)} km"
        label = ax.annotate(text, (ex, ey), ha=ha, va=va, fontsize=PLACE_SIZE, color=PLACE_INK,
                            fontstyle="italic", zorder=6.6, path_effects=_HALO)
        box = label.get_window_extent(renderer).expanded(1.04, 1.12)
        if free(box):
            taken.append(box)
            placed.append(label)
        else:
            label.remove()
    return placed


def _round_km(km: float) -> str:
    step = 10 if km < 300 else 50
    return f"{max(step, round(km / step) * step):,.0f}"


def place_names_in(bounds, naming: str, limit: int = LIMIT) -> list[str]:
    """The reference places a map of ``bounds`` (lon/lat) may name, for tests and descriptions."""
    if gazetteer is None:
        return []
    return [_name(p, naming) for p in gazetteer.label_candidates(tuple(float(v) for v in bounds), limit)]


__all__ = ["available", "place_names_in", "place_reference_labels"]
