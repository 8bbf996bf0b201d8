"""Reference places for orientation on a print map: the gazetteer's towns and capitals.

After the features' own names, a print names a few well-known places the reader
can find the map by (Yerevan, Baku, Stepanakert/Khankendi on a Karabakh map),
in the view's naming, quieter than the features' names and never over another
label. A capital just off the map gets a pointer at the frame's edge instead
("Baku 120 km →"), so even a tight map says where it is.

The places come from ``corridors.data.gazetteer`` (GeoNames, CC BY 4.0: a map
naming them credits it, ``gazetteer.CREDIT``); if its file cannot be read, the
print simply has no reference places.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from pyproj import Geod

from corridors.data.mentions import find_mentions
from corridors.data.names_key import name_key
from corridors.printmap.frame import Extent, _lonlat_bounds, _transformer
from corridors.printmap.style import PLAIN_TEXT, font_style

if TYPE_CHECKING:
    import geopandas as gpd
    from pyproj import CRS

    from corridors.data.atlas import Atlas

from corridors.data import gazetteer
from corridors.data.gazetteer import GazetteerError

PLACE_INK = "#4a4a4a"
WATER_INK = "#3d6c8c"
PLACE_SIZE = 6.8
CAPITAL_SIZE = 7.2
LIMIT = 14
TRIES = 3  # candidates tried per label wanted
POOL = 400  # candidates the gazetteer ranks; the map names up to LIMIT of them
SPACING = 0.06  # of the map's width: reference places closer than this to one already named are left out
NEAR_FEATURES = 0.06  # of the map's width: places this close to the features count as theirs
POINTER_MAX_WIDTH_M = 1_500_000
SAME_PLACE_KM = 8.0  # a gazetteer place this close to a town-like feature is that feature
TOWN_KINDS = {"node", "port", "place", "border_crossing"}
POINTER_REACH = 1.0  # look for capitals this far (in map widths) beyond the frame
MAX_POINTERS = 3
SYMBOL_PUSHES = (2.0, 3.0, 4.0)
_HALO = [withStroke(linewidth=2.2, foreground="white", alpha=0.9)]
_OFFSETS = [
    ((4, 0), "left", "center"), ((-4, 0), "right", "center"), ((0, 4), "center", "bottom"),
    ((0, -4), "center", "top"), ((3, 3), "left", "bottom"), ((-3, -3), "right", "top"),
    ((3, -3), "left", "top"), ((-3, 3), "right", "bottom"),
]
_ARROWS = "\u2192\u2197\u2191\u2196\u2190\u2199\u2193\u2198"  # → ↗ ↑ ↖ ← ↙ ↓ ↘, by bearing from east
_GEOD = Geod(ellps="WGS84")


def candidates(bounds, limit: int) -> list:
    """The gazetteer's places to try in ``bounds`` (lon/lat), best first; none when it cannot be read."""
    try:
        return gazetteer.label_candidates(tuple(float(v) for v in bounds), limit)
    except (GazetteerError, OSError):
        return []


def _name(place, naming: str) -> str:
    return gazetteer.display_name(place, naming)


def place_reference_labels(
    ax, atlas: Atlas, crs: CRS, extent: Extent, naming: str, features: gpd.GeoDataFrame, taken: list[Bbox],
    skip=None, limit: int = LIMIT, priority_only: bool = False, done: dict | None = None,
) -> list:
    """Name reference places inside ``extent`` where they collide with nothing; point to capitals just outside.

    ``features`` (projected to ``crs``) are the map's own; a place that is one of
    them (by name or position) is not named twice. ``taken`` grows with each label.
    ``priority_only``: name only capitals and the places the features' texts name
    (a first pass, before area and country names take the room); ``done`` carries
    the places named (id -> projected position) from one pass to the next.
    Returns the labels placed.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    to_map = _transformer("EPSG:4326", crs)
    own_names = {name_key(n) for n in features["name"]}
    for alts in features.get("alt_names", []):
        own_names |= {name_key(a["name"]) for a in alts or []}
    # A town-like feature is the gazetteer's town at the same spot; a deployment or an event there is not.
    own_points = [g for g, kind in zip(features.geometry, features["kind"], strict=True)
                  if g.geom_type == "Point" and kind in TOWN_KINDS]

    def is_feature(place, x, y) -> bool:
        if place.own_keys & own_names:
            return True
        return any(math.hypot(p.x - x, p.y - y) < SAME_PLACE_KM * 1000 for p in own_points)

    def free(box: Bbox) -> bool:
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        return inside and not any(box.overlaps(other) for other in taken)

    half = 7.0 * fig.dpi / 72 / 2 + 1  # a feature symbol's half size on paper (printmap.style markers)
    symbols = [Bbox.from_extents(px - half, py - half, px + half, py + half)
               for px, py in (ax.transData.transform((g.x, g.y)) for g in features.geometry if g.geom_type == "Point")]
    placed = []
    done = {} if done is None else done  # place id -> projected position, of places named so far
    spacing = max(SAME_PLACE_KM * 1000, SPACING * extent.width)
    west, south, east, north = _lonlat_bounds(extent, crs)
    ranked, first = _ranked(candidates((west, south, east, north), POOL), features, extent, to_map)
    if priority_only:
        ranked = ranked[:first]
    for place in ranked[: TRIES * limit]:  # each try lays out text up to 6 times: bounded, for speed
        if len(placed) + len(done) >= limit:
            break
        if place.id in done:
            continue
        x, y = to_map.transform(place.lon, place.lat)
        if not extent.box().contains(shapely.Point(x, y)) or is_feature(place, x, y):
            continue
        if skip is not None and skip.contains(shapely.Point(x, y)):
            continue
        crowded = any(math.hypot(nx - x, ny - y) < spacing for nx, ny in done.values())
        if place.kind == "place" and crowded and not priority_only:
            continue  # a district of a city already named, or a suburb: noise at this scale
        px, py = ax.transData.transform((x, y))
        dot = Bbox.from_extents(px - 2, py - 2, px + 2, py + 2)
        # On a feature's symbol (the peacekeepers' at Stepanakert) the symbol marks the spot: name it, no dot.
        on_symbol = any(dot.overlaps(b) for b in symbols)
        if not on_symbol and any(dot.overlaps(other) for other in taken):
            continue  # under another name
        town = place.kind == "place"  # seas, lakes and regions: a name over the area, no dot
        size = CAPITAL_SIZE if place.capital else PLACE_SIZE
        name = _name(place, naming)
        ink = PLACE_INK if town or place.kind not in ("sea", "lake") else WATER_INK
        style = {"fontsize": size, "color": ink, "fontstyle": "normal" if town else font_style(name, "italic"),
                 "zorder": 6.6, "path_effects": _HALO}
        # Clear of the feature's symbol (and of the names around it), not just of a dot.
        pushes = SYMBOL_PUSHES if on_symbol else (1.0,)
        tries = [(p, o) for p in pushes for o in _OFFSETS] if town else [(1.0, ((0, 0), "center", "center"))]
        for push, ((dx, dy), ha, va) in tries:
            label = ax.annotate(name, (x, y), xytext=(dx * push, dy * push),
                                textcoords="offset points", ha=ha, va=va, **style, **PLAIN_TEXT)
            box = label.get_window_extent(renderer).expanded(1.04, 1.12)
            if free(box):
                taken.append(box)
                placed.append(label)
                done[place.id] = (x, y)
                if town and not on_symbol:
                    taken.append(dot)
                    ax.plot([x], [y], linestyle="none", marker="o", markersize=2.6, color=PLACE_INK, zorder=6.5,
                            gid="reference-place")
                break
            label.remove()
    if not priority_only and extent.width <= POINTER_MAX_WIDTH_M:  # a continent's far capitals orient nobody
        placed += _pointers(ax, crs, extent, naming, taken, free)
    return placed


def _ranked(places: list, features: gpd.GeoDataFrame, extent: Extent, to_map) -> tuple[list, int]:
    """Capitals first, then places the features' own descriptions and drawing notes name
    (Stepanakert/Khankendi on a Karabakh map, whatever GeoNames' population for it), then places
    near the features, then the rest. Returns them, and how many are capitals or named.

    Named places come in the order the text names them; within the other groups the gazetteer's
    order (its ``label_priority``) holds.
    """
    if not places:
        return [], 0
    # The descriptions, and the notes on how each line was drawn ("through Stepanakert/Khankendi, Shusha").
    columns = [c for c in ("description", "accuracy_note") if c in features]
    text = " ".join(v for c in columns for v in features[c] if isinstance(v, str))
    mentioned = _mentioned(text)
    near = max(NEAR_FEATURES * extent.width, SAME_PLACE_KM * 1000)
    xs, ys = to_map.transform(np.array([p.lon for p in places]), np.array([p.lat for p in places]))
    xy = np.column_stack([xs, ys])
    # Which places lie within ``near`` of any feature: a spatial index, not a buffer of every line (slow).
    hits = shapely.STRtree(features.geometry.values).query(shapely.points(xy), predicate="dwithin", distance=near)
    inside = np.zeros(len(places), dtype=bool)
    inside[hits[0]] = True
    order = sorted(range(len(places)), key=lambda i: (not places[i].capital, mentioned.get(places[i].id, len(text)),
                                                      not bool(inside[i]), i))
    first = sum(1 for p in places if p.capital or p.id in mentioned)
    return [places[i] for i in order], first


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
    for place in candidates((west, south, east, north), 4 * MAX_POINTERS + 20):
        if len(placed) >= MAX_POINTERS:
            break
        if not place.capital:
            continue
        lon, lat = place.lon, place.lat
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
                            fontstyle=font_style(text, "italic"), zorder=6.6, path_effects=_HALO, **PLAIN_TEXT)
        box = label.get_window_extent(renderer).expanded(1.04, 1.12)
        if free(box):
            taken.append(box)
            placed.append(label)
        else:
            label.remove()
    return placed


@functools.lru_cache(maxsize=32)
def _mentioned(text: str) -> dict[str, int]:
    """Place id -> where ``text`` first names it (every candidate of an ambiguous name)."""
    found: dict[str, int] = {}
    for mention in find_mentions(text):
        for place in mention.places:
            found.setdefault(place.id, mention.start)
    return found


def _round_km(km: float) -> str:
    step = 10 if km < 300 else 50
    return f"{max(step, round(km / step) * step):,.0f}"


__all__ = ["candidates", "place_reference_labels"]
