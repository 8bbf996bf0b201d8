"""Static maps (PNG, SVG, PDF) for reports, styled like the web map.

The map is drawn in a projection fitted to the selection (``projection_for``):
a Lambert conformal conic with standard parallels at 1/6 and 5/6 of the
latitude range, so shapes stay true from the Caucasus to the Pacific, where a
plate carrée would stretch them east-west by up to 2x at the BAM's latitudes.

Everything is drawn with matplotlib's object API on a ``Figure`` of our own
(never ``pyplot``), so an export leaves no global figure state behind;
GeoPandas' ``plot`` is avoided for the same reason (it calls ``pyplot.draw``).

Layout, top to bottom: title; map (graticule labelled on its edges, scale bar
in a free corner, and, when the South Caucasus features shrink to a few pixels
on a map of Eurasia, an inset of them); legend in columns (only the corridors,
statuses and symbols on the map); credit and projection lines.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import CRS, Proj, Transformer
from shapely.geometry import box
from shapely.ops import polylabel

from . import reference
from .atlas import Atlas
from .credits import credit_line
from .export_data import describe_selection, selected_features
from .measure import geodesic_buffer
from .selection import CORRIDOR_NAMES, Selection, parse_layers
from .styles import (
    AREA_FILL_OPACITY,
    CORRIDOR_LABELS,
    STATUS_PATTERNS,
    UNCERTAINTY_BAND_OPACITY,
    corridor_colour,
    line_pattern,
    line_weight,
    symbol_for,
)

FORMATS = ("png", "svg", "pdf")

# Base map colours: quiet, so the Okabe-Ito corridor colours stand out.
SEA = "#dbe8f1"
LAND = "#f4f2ed"
BORDER = "#9c9c9c"
GRATICULE = "#8a9aa8"
COUNTRY_NAME = "#8a8a8a"
INK = "#222222"
MUTED = "#555555"

FIG_WIDTH_IN = 10.0
MAP_LEFT_IN, MAP_RIGHT_IN = 0.62, 0.62  # room for latitude labels on both sides
TITLE_IN, GAP_IN, CREDIT_IN = 0.78, 0.45, 0.5
MIN_ASPECT, MAX_ASPECT = 0.5, 0.9  # map height / width; other extents get more context, never stretching
PAD_FRACTION = 0.07
MIN_HALF_SPAN_M = 60_000.0  # a single point still gets a readable neighbourhood

# Leaflet sizes are CSS pixels on a screen; on paper the same line reads heavier,
# so widths are scaled down. Dash patterns stay in proportion to the width.
LINE_WIDTH_SCALE = 0.6
MARKER_SIZE_PT = 7.0
LABEL_SIZE = 7.5
LABEL_WRAP = 22
# Which points get a name on the map, most important first; the rest are in the legend and the data.
LABEL_PRIORITY = {"port": 0, "node": 1, "border_crossing": 2, "place": 3, "checkpoint": 4, "presence": 5, "event": 6}

MARKERS = {"circle": "o", "ring": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "hexagon": "h"}
MARKER_SCALE = {"star": 1.35, "diamond": 0.85, "square": 0.9, "triangle": 1.05}

# The South Caucasus features are tens of kilometres across; on a map of Eurasia
# they get an inset when the main map is this many times wider than they are.
DETAIL_CORRIDORS = ("Zangezur", "Karabakh")
DETAIL_MIN_RATIO = 6.0
INSET_WIDTH_FRACTION = 0.36

RC = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib; covers ə, ı, ç and other local names
    "svg.fonttype": "none",  # SVG text stays text: searchable, editable by a graphics desk
    "pdf.fonttype": 42,  # TrueType in PDF: editable in Illustrator
    "lines.scale_dashes": True,  # dash patterns are given in line widths
}


# ---------------------------------------------------------------- projection


def projection_for(bounds: Iterable[float]) -> CRS:
    """A conformal conic fitted to ``(minx, miny, maxx, maxy)`` in degrees.

    Standard parallels at 1/6 and 5/6 of the latitude range (Kavrayskiy's rule),
    central meridian and latitude of origin at the centre. An extent straddling
    the equator gets a Lambert azimuthal equal-area instead, since a cone with
    parallels on both sides of the equator degenerates.
    """
    values = tuple(float(v) for v in bounds)
    if len(values) != 4 or not all(map(math.isfinite, values)) or values[0] > values[2] or values[1] > values[3]:
        raise ValueError(f"expected bounds (minx, miny, maxx, maxy) in degrees, got {values!r}")
    minx, miny, maxx, maxy = values
    span = max(maxy - miny, 1.0)  # a point or an east-west line still gets two distinct parallels
    mid_lat = (miny + maxy) / 2
    lat_1, lat_2 = mid_lat - span / 3, mid_lat + span / 3  # = miny + span/6, maxy - span/6
    lon_0 = (minx + maxx) / 2
    if lat_1 < 0 < lat_2 or abs(lat_1 + lat_2) < 2:
        return CRS.from_proj4(f"+proj=laea +lat_0={mid_lat:.4f} +lon_0={lon_0:.4f} +datum=WGS84 +units=m +no_defs")
    return CRS.from_proj4(
        f"+proj=lcc +lat_1={lat_1:.4f} +lat_2={lat_2:.4f} +lat_0={mid_lat:.4f} +lon_0={lon_0:.4f} "
        "+datum=WGS84 +units=m +no_defs"
    )


def describe_projection(crs: CRS) -> str:
    """One line for the map's small print, e.g. ``Lambert conformal conic, standard parallels …``."""
    params = dict(p.lstrip("+").split("=", 1) for p in crs.srs.split() if "=" in p)
    if params.get("proj") == "lcc":
        return (
            f"Lambert conformal conic, standard parallels {_deg(params['lat_1'], 'NS')} and "
            f"{_deg(params['lat_2'], 'NS')}, central meridian {_deg(params['lon_0'], 'EW')}"
        )
    if params.get("proj") == "laea":
        return f"Lambert azimuthal equal-area centred on {_deg(params['lat_0'], 'NS')}, {_deg(params['lon_0'], 'EW')}"
    return crs.name


def _deg(value, hemispheres: str) -> str:
    """Degrees and minutes with a hemisphere letter: ``39°15′N``, ``40°E``, ``0°``."""
    value = float(value)
    degrees, minutes = divmod(round(abs(value) * 60), 60)
    if degrees == 0 and minutes == 0:
        return "0°"
    text = f"{degrees}°" + (f"{minutes:02d}\u2032" if minutes else "")
    return text + (hemispheres[0] if value > 0 else hemispheres[1])


# ---------------------------------------------------------------- text


def map_title(features: pd.DataFrame, selection: Selection | None) -> str:
    """``Corridor Atlas — `` and the layers shown (as selected, or else the corridors present)."""
    parsed = parse_layers(selection.layers) if selection else None
    if parsed is None:
        present = set(features["corridor"])
        names = [c for c in CORRIDOR_NAMES if c in present]
    else:
        corridors, layers = parsed
        names = [c for c in CORRIDOR_NAMES if c in corridors] + sorted(layers)
    title = "Corridor Atlas \u2014 " + ", ".join(names)
    if selection is not None and selection.as_of:
        title += f" (as of {selection.as_of})"
    return title


# ---------------------------------------------------------------- geometry helpers


@dataclass(frozen=True)
class Extent:
    xmin: float
    xmax: float
    ymin: float
    ymax: float

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin

    def box(self):
        return box(self.xmin, self.ymin, self.xmax, self.ymax)


def fit_extent(bounds: Iterable[float], pad: float = PAD_FRACTION) -> Extent:
    """Projected bounds, padded, with the aspect ratio clamped by adding context (never by stretching)."""
    minx, miny, maxx, maxy = bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max((maxx - minx) / 2, MIN_HALF_SPAN_M)
    half_h = max((maxy - miny) / 2, MIN_HALF_SPAN_M)
    margin = pad * 2 * max(half_w, half_h)
    half_w, half_h = half_w + margin, half_h + margin
    if half_h / half_w < MIN_ASPECT:
        half_h = half_w * MIN_ASPECT
    elif half_h / half_w > MAX_ASPECT:
        half_w = half_h / MAX_ASPECT
    return Extent(cx - half_w, cx + half_w, cy - half_h, cy + half_h)


def _lonlat_bounds(extent: Extent, crs: CRS) -> tuple[float, float, float, float]:
    """Lon/lat bounds of a projected rectangle (whose edges are curves in lon/lat)."""
    ring = shapely.segmentize(extent.box().exterior, max(extent.width, extent.height) / 200)
    xy = np.asarray(ring.coords)
    lon, lat = _transformer(crs, "EPSG:4326").transform(xy[:, 0], xy[:, 1])
    lon, lat = np.asarray(lon), np.asarray(lat)
    ok = np.isfinite(lon) & np.isfinite(lat)
    return float(lon[ok].min()), float(lat[ok].min()), float(lon[ok].max()), float(lat[ok].max())


@functools.lru_cache(maxsize=32)
def _transformer(source, target) -> Transformer:
    # Building a transformer costs ~30 ms; a map asks for the same few pairs many times.
    return Transformer.from_crs(source, target, always_xy=True)


def _polygon_path(geometry) -> MplPath | None:
    paths = []
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)[:, :2]
            codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
            codes[0], codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            paths.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*paths) if paths else None


def _dashes(status, weight_px: float):
    """matplotlib line style for a status: the Leaflet dash array in units of the line width."""
    pattern = line_pattern(status)
    if not pattern.dash:
        return "solid"
    return (0, tuple(float(v) / weight_px for v in pattern.dash.split()))


def _status(row) -> str | None:
    return row["status"] if isinstance(row["status"], str) else None


def _base_types(frame: gpd.GeoDataFrame) -> pd.Series:
    return frame.geometry.geom_type.str.removeprefix("Multi")


# ---------------------------------------------------------------- base map and graticule


def load_basemap(atlas: Atlas) -> gpd.GeoDataFrame:
    """The offline country polygons (``corridors.reference.load_basemap``) for the atlas's data directory."""
    return reference.load_basemap(reference.reference_root(atlas.data_dir))


def _draw_basemap(ax, basemap: gpd.GeoDataFrame, crs: CRS, extent: Extent) -> gpd.GeoDataFrame:
    """Fill the countries light on a sea-blue background; return them projected and cut to the map."""
    minx, miny, maxx, maxy = _lonlat_bounds(extent, crs)
    # Clip in lon/lat first: projecting the whole world into a regional cone blows up far-away shapes.
    window = box(max(minx - 3, -180), max(miny - 3, -90), min(maxx + 3, 180), min(maxy + 3, 90))
    land = gpd.clip(basemap[["name", "geometry"]], window).to_crs(crs)
    land = land[land.intersects(extent.box())]
    patches = [PathPatch(p) for p in map(_polygon_path, land.geometry) if p is not None]
    collection = PatchCollection(patches, facecolor=LAND, edgecolor=BORDER, linewidth=0.45, zorder=1)
    ax.add_collection(collection, autolim=False)
    return gpd.clip(land, extent.box())


def graticule_step(lat_span: float, lon_span: float) -> tuple[float, float]:
    """Degrees between parallels and between meridians: at most 6 parallels and about 10 meridians."""
    steps = (0.25, 0.5, 1, 2, 5, 10, 15, 20, 30)
    lat_step = next((s for s in steps if lat_span / s <= 6), steps[-1])
    lon_step = next((s for s in steps if s >= lat_step and lon_span / s <= 10), steps[-1])
    return lat_step, lon_step


def _draw_graticule(ax, crs: CRS, extent: Extent, labelled: bool = True) -> None:
    """Meridians and parallels, labelled where they cross the map's edges (meridians bottom/top, parallels sides)."""
    minx, miny, maxx, maxy = _lonlat_bounds(extent, crs)
    lat_step, lon_step = graticule_step(maxy - miny, maxx - minx)
    to_map = _transformer("EPSG:4326", crs)
    lat_lo, lat_hi = max(miny - lat_step, -89.0), min(maxy + lat_step, 89.0)
    lon_lo, lon_hi = max(minx - lon_step, -180.0), min(maxx + lon_step, 180.0)
    x0, x1, y0, y1 = extent.xmin, extent.xmax, extent.ymin, extent.ymax
    edges = {
        "bottom": shapely.LineString([(x0, y0), (x1, y0)]),
        "top": shapely.LineString([(x0, y1), (x1, y1)]),
        "left": shapely.LineString([(x0, y0), (x0, y1)]),
        "right": shapely.LineString([(x1, y0), (x1, y1)]),
    }
    ticks: dict[str, list[tuple[float, str]]] = {edge: [] for edge in edges}
    style = {"color": GRATICULE, "linewidth": 0.4, "alpha": 0.7, "zorder": 1.5}

    def draw(lons, lats, label, axis_edges, coord):
        x, y = to_map.transform(lons, lats)
        ax.plot(x, y, **style)
        line = shapely.LineString(np.column_stack([x, y]))
        for edge in axis_edges:
            hit = line.intersection(edges[edge])
            if not hit.is_empty:
                ticks[edge].append((float(shapely.get_coordinates(hit)[0, coord]), label))

    for lon in np.arange(math.ceil(lon_lo / lon_step) * lon_step, lon_hi + 1e-9, lon_step):
        lats = np.linspace(lat_lo, lat_hi, 200)
        draw(np.full_like(lats, lon), lats, _deg(lon, "EW"), ("bottom", "top"), 0)
    for lat in np.arange(math.ceil(lat_lo / lat_step) * lat_step, lat_hi + 1e-9, lat_step):
        lons = np.linspace(lon_lo, lon_hi, 400)
        draw(lons, np.full_like(lons, lat), _deg(lat, "NS"), ("left", "right"), 1)

    if not labelled:
        ax.set_xticks([])
        ax.set_yticks([])
        return
    tick_style = {"length": 3, "width": 0.5, "color": GRATICULE, "labelsize": 7, "labelcolor": MUTED, "pad": 2}
    ax.set_xticks(*zip(*ticks["bottom"], strict=True) if ticks["bottom"] else ([],))
    ax.set_yticks(*zip(*ticks["left"], strict=True) if ticks["left"] else ([],))
    ax.tick_params(**tick_style)
    # Conic meridians converge: the top and right edges need their own tick positions.
    top = ax.secondary_xaxis("top")
    top.set_xticks(*zip(*ticks["top"], strict=True) if ticks["top"] else ([],))
    right = ax.secondary_yaxis("right")
    right.set_yticks(*zip(*ticks["right"], strict=True) if ticks["right"] else ([],))
    for secondary in (top, right):
        secondary.tick_params(**tick_style)
        for spine in secondary.spines.values():
            spine.set_visible(False)


# ---------------------------------------------------------------- features


def _draw_features(ax, features: gpd.GeoDataFrame, crs: CRS) -> gpd.GeoDataFrame:
    """Draw lon/lat ``features`` in ``crs`` like the web map; return them projected."""
    projected = features.to_crs(crs)
    types = _base_types(projected)
    lines = features[types == "LineString"]
    lines = lines[lines["accuracy_error_km"] > 0]
    if not lines.empty:
        # As on the web map: every line carries a band as wide as its estimated error, on the ground.
        bands = gpd.GeoSeries(
            [geodesic_buffer(g, float(km)) for g, km in zip(lines.geometry, lines["accuracy_error_km"], strict=True)],
            crs=features.crs,
        ).to_crs(crs)
        for band, corridor in zip(bands, lines["corridor"], strict=True):
            ax.add_patch(PathPatch(
                _polygon_path(band), facecolor=corridor_colour(corridor), alpha=UNCERTAINTY_BAND_OPACITY,
                linewidth=0, zorder=2.5,
            ))
    for _, row in projected.iterrows():
        geometry = row.geometry
        colour = corridor_colour(row["corridor"])
        status = _status(row)
        pattern = line_pattern(status)
        kind = geometry.geom_type.removeprefix("Multi")
        if kind == "Polygon":
            path = _polygon_path(geometry)
            ax.add_patch(PathPatch(path, facecolor=colour, alpha=AREA_FILL_OPACITY, linewidth=0, zorder=3))
            ax.add_patch(PathPatch(
                path, facecolor="none", edgecolor=colour, linewidth=1.6, alpha=pattern.opacity,
                linestyle=_dashes(status, 2.0), capstyle="round", zorder=3.1,
            ))
        elif kind == "LineString":
            weight_px = line_weight(row["mode"] if isinstance(row["mode"], str) else None)
            schematic = row["accuracy_method"] == "schematic"  # faded: a link, not an alignment
            for part in shapely.get_parts(geometry):
                xy = np.asarray(part.coords)
                ax.plot(
                    xy[:, 0], xy[:, 1], color=colour, linewidth=weight_px * LINE_WIDTH_SCALE,
                    alpha=pattern.opacity * (0.75 if schematic else 1.0), linestyle=_dashes(status, weight_px),
                    dash_capstyle="round", solid_capstyle="round", solid_joinstyle="round",
                    zorder=4.0 if row["kind"] == "route" else 4.2,  # segments over the whole route they split
                )
        elif kind == "Point":
            shape, _ = symbol_for(row["kind"])
            for point in shapely.get_parts(geometry):
                ax.plot([point.x], [point.y], linestyle="none", zorder=6, **_marker_style(shape, colour))
    return projected


def _marker_style(shape: str, colour: str, size: float = MARKER_SIZE_PT) -> dict:
    size *= MARKER_SCALE.get(shape, 1.0)
    if shape == "ring":
        return {"marker": "o", "markersize": size, "markerfacecolor": "white", "markeredgecolor": colour,
                "markeredgewidth": 2.0}
    return {"marker": MARKERS.get(shape, "o"), "markersize": size, "markerfacecolor": colour,
            "markeredgecolor": "white", "markeredgewidth": 0.8}


# ---------------------------------------------------------------- labels

_OFFSETS = [  # (dx, dy) in points, alignment; right of the symbol first, as maps usually do
    ((6, 0), "left", "center"),
    ((-6, 0), "right", "center"),
    ((0, 6), "center", "bottom"),
    ((0, -6), "center", "top"),
    ((5, 5), "left", "bottom"),
    ((5, -5), "left", "top"),
    ((-5, 5), "right", "bottom"),
    ((-5, -5), "right", "top"),
]
_HALO = [withStroke(linewidth=2.4, foreground="white", alpha=0.9)]


def _wrap(name: str) -> str:
    return "\n".join(textwrap.wrap(name, LABEL_WRAP)) or name


def _place_labels(ax, projected: gpd.GeoDataFrame, taken: list[Bbox], skip=None, countries=None) -> list:
    """Name the main points and conflict lines, then areas and countries that hold their name; no collisions.

    Collisions are checked against other labels, every marker, the boxes
    already in ``taken`` (scale bar, inset; the list grows with each label
    placed) and the map frame. Points inside the polygon ``skip`` are left to
    the inset. ``countries`` (projected, cut to the map) get quiet names last.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    half = MARKER_SIZE_PT * fig.dpi / 72 / 2 + 1
    types = _base_types(projected)
    points = projected[types == "Point"]
    for geometry in points.geometry:
        x, y = ax.transData.transform((geometry.x, geometry.y))
        taken.append(Bbox.from_extents(x - half, y - half, x + half, y + half))

    def free(extent: Bbox) -> bool:
        inside = frame.x0 <= extent.x0 and extent.x1 <= frame.x1 and frame.y0 <= extent.y0 and extent.y1 <= frame.y1
        return inside and not any(extent.overlaps(other) for other in taken)

    def within(extent: Bbox, shape) -> bool:
        corners = ax.transData.inverted().transform(extent.get_points())
        return shape.contains(box(*corners[0], *corners[1]))

    placed = []
    candidates = points[points["kind"].isin(list(LABEL_PRIORITY))]
    by_priority = sorted(
        candidates.iterrows(),
        key=lambda item: (LABEL_PRIORITY[item[1]["kind"]], -len(item[1]["citations"]), item[1]["name"]),
    )
    # Conflict and context lines (the Lachin corridor, an exodus route, a border deal) say nothing without
    # their name; corridor lines are named by the legend and their nodes.
    named_lines = projected[(types == "LineString") & (projected["layer"] != "corridor")]
    for _, row in [*by_priority, *named_lines.iterrows()]:
        anchor = row.geometry if row.geometry.geom_type == "Point" else row.geometry.interpolate(0.5, normalized=True)
        x, y = anchor.x, anchor.y
        if skip is not None and skip.contains(anchor):
            continue
        for (dx, dy), ha, va in _OFFSETS:
            label = ax.annotate(
                _wrap(row["name"]), (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                fontsize=LABEL_SIZE, color=INK, zorder=7, path_effects=_HALO,
            )
            extent = label.get_window_extent(renderer).expanded(1.04, 1.12)
            if free(extent):
                taken.append(extent)
                placed.append(label)
                break
            label.remove()

    polygons = projected[types == "Polygon"]
    areas = [
        (name, g, LABEL_SIZE + 0.5, INK, "italic")
        for name, g in zip(polygons["name"], polygons.geometry, strict=True)
    ]
    if countries is not None:
        ranked = countries.assign(area=countries.area).sort_values("area", ascending=False)
        areas += [
            (name.upper(), g, 6.5, COUNTRY_NAME, "normal")
            for name, g in zip(ranked["name"], ranked.geometry, strict=True)
            if isinstance(name, str)
        ]
    for name, geometry, size, colour, style in areas:
        # The centre of the largest part that fits the name best: polylabel, not the centroid (which can fall outside).
        part = max(shapely.get_parts(geometry), key=lambda g: g.area)
        anchor = polylabel(part, tolerance=max(part.bounds[2] - part.bounds[0], 1.0) / 200)
        label = ax.annotate(
            _wrap(name), (anchor.x, anchor.y), ha="center", va="center", fontsize=size, fontstyle=style,
            color=colour, zorder=6.5 if colour == INK else 1.8, path_effects=_HALO if colour == INK else None,
        )
        extent = label.get_window_extent(renderer)
        if free(extent) and within(extent, geometry):
            taken.append(extent)
            placed.append(label)
        else:
            label.remove()
    return placed


# ---------------------------------------------------------------- legend


def legend_sections(features: pd.DataFrame) -> list[tuple[str, list, list[str]]]:
    """(title, handles, labels) per legend section, as on the web map, for what the map shows and nothing else.

    Sections: corridor (colour), status (line pattern), mode (line width),
    symbol (kind), geometry certainty (error band, faded schematic lines).
    """
    present = set(features["corridor"])
    corridors = [c for c in CORRIDOR_NAMES if c in present] + sorted(present - set(CORRIDOR_NAMES))
    sections = [(
        "Corridor (colour)",
        [Line2D([], [], color=corridor_colour(c), linewidth=4, solid_capstyle="butt") for c in corridors],
        [CORRIDOR_LABELS.get(c, c) for c in corridors],
    )]
    types = _base_types(features)
    lines = features[types == "LineString"]

    drawn = features.loc[types.isin(["LineString", "Polygon"]), "status"]
    statuses = {s if isinstance(s, str) else None for s in drawn}
    order = [s for s in STATUS_PATTERNS if s in statuses]
    if order:
        handles = [
            Line2D([], [], color=MUTED, linewidth=2.0, linestyle=_dashes(s, 3.0), dash_capstyle="round",
                   alpha=line_pattern(s).opacity)
            for s in order
        ]
        sections.append(("Status (line pattern)", handles, [line_pattern(s).label for s in order]))

    modes = [m for m in ("rail", "road", "sea", "multimodal") if (lines["mode"] == m).any()]
    if modes:
        handles = [Line2D([], [], color=MUTED, linewidth=line_weight(m) * LINE_WIDTH_SCALE) for m in modes]
        sections.append(("Mode (line width)", handles, modes))

    symbols = {symbol_for(kind) for kind in features.loc[types == "Point", "kind"]}
    shape_order = list(MARKERS)
    ranked = sorted(symbols, key=lambda s: (shape_order.index(s[0]) if s[0] in shape_order else 99, s[1]))
    handles = [Line2D([], [], linestyle="none", **_marker_style(shape, MUTED)) for shape, _ in ranked]
    labels = [label for _, label in ranked]
    if (types == "Polygon").any():
        handles.append(Patch(facecolor=MUTED, alpha=0.25, edgecolor=MUTED, linewidth=1))
        labels.append("territory / area")
    if handles:
        sections.append(("Symbol (kind)", handles, labels))

    handles, labels = [], []
    if (lines["accuracy_error_km"] > 0).any():
        handles.append(Patch(facecolor=MUTED, alpha=UNCERTAINTY_BAND_OPACITY * 2.5, edgecolor="none"))
        labels.append("band: estimated error of the drawn line")
    if (lines["accuracy_method"] == "schematic").any():
        handles.append(Line2D([], [], color=MUTED, linewidth=2.0, alpha=0.6))
        labels.append("faded: schematic (a link, not an alignment)")
    if handles:
        sections.append(("Geometry certainty", handles, labels))
    return sections


def _draw_legends(legend_ax, sections, width_in: float) -> float:
    """Legends side by side, wrapping to a new row when full; returns the height used, in inches.

    Anchored in figure inches (``dpi_scale_trans``) so SVG and PDF, saved at 72 dpi, match the PNG.
    """
    fig = legend_ax.figure
    renderer = fig.canvas.get_renderer()
    pos = legend_ax.get_position()
    left, top = pos.x0 * fig.get_figwidth(), pos.y1 * fig.get_figheight()
    x = y = row_height = 0.0
    gap = 0.3
    for title, handles, labels in sections:
        legend = Legend(
            legend_ax, handles, labels, title=title, loc="upper left", frameon=False, fontsize=7.5,
            title_fontproperties={"size": 8, "weight": "bold"}, alignment="left", handlelength=2.6,
            borderaxespad=0, borderpad=0, labelspacing=0.45, handletextpad=0.6,
        )
        legend.set_bbox_to_anchor((left + x, top - y), transform=fig.dpi_scale_trans)
        legend_ax.add_artist(legend)
        size = legend.get_window_extent(renderer)
        w, h = size.width / fig.dpi, size.height / fig.dpi
        if x > 0 and x + w > width_in:  # no room on this row: start the next one
            x, y, row_height = 0.0, y + row_height + gap / 2, 0.0
            legend.set_bbox_to_anchor((left + x, top - y), transform=fig.dpi_scale_trans)
        x += w + gap
        row_height = max(row_height, h)
    return y + row_height


# ---------------------------------------------------------------- scale bar


def nice_length(limit: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``limit``."""
    exponent = 10 ** math.floor(math.log10(limit))
    return next(m * exponent for m in (5, 2, 1) if m * exponent <= limit)


def _scale_bar(ax, crs: CRS, extent: Extent, location: str, fraction: float = 0.2) -> Bbox:
    """A kilometre scale bar true at the map centre, saying so when scale varies by more than 1% across the map.

    Returns the display box it will occupy: matplotlib-scalebar builds its box
    only while drawing, so labels could not avoid it otherwise.
    """
    proj = Proj(crs)
    to_ll = _transformer(crs, "EPSG:4326")
    gx, gy = np.meshgrid(np.linspace(extent.xmin, extent.xmax, 7), np.linspace(extent.ymin, extent.ymax, 7))
    lon, lat = to_ll.transform(gx.ravel(), gy.ravel())
    factors = np.asarray(proj.get_factors(lon, lat).meridional_scale)
    centre = to_ll.transform((extent.xmin + extent.xmax) / 2, (extent.ymin + extent.ymax) / 2)
    k = float(proj.get_factors(*centre).meridional_scale)
    label = "scale true at map centre" if float(np.nanmax(factors) / np.nanmin(factors)) - 1 > 0.01 else None
    km = nice_length(extent.width / k / 1000 * fraction)
    font_pt, border_pad = 7.0, 0.6
    ax.add_artist(ScaleBar(
        dx=1 / k, units="m", fixed_value=km, fixed_units="km", location=location, width_fraction=0.008,
        box_alpha=0.8, box_color="white", color=INK, font_properties={"size": font_pt}, border_pad=border_pad,
        scale_formatter=lambda value, unit: f"{value:,g} {unit}", label=label, label_loc="bottom", scale_loc="top",
    ))
    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    px = ax.figure.dpi / 72
    bar_px = km * 1000 * k / extent.width * frame.width
    text_px = (len(label) * 0.6 * font_pt * px) if label else 0.0
    width = max(bar_px, text_px) + 2 * font_pt * px * 0.8
    height = font_pt * px * (4.2 if label else 2.8)
    margin = border_pad * font_pt * px
    x0 = frame.x0 + margin if "left" in location else frame.x1 - margin - width
    y0 = frame.y0 + margin if "lower" in location else frame.y1 - margin - height
    return Bbox.from_bounds(x0, y0, width, height)


# ---------------------------------------------------------------- inset


@dataclass
class Detail:
    """The inset: its own projection and extent, and its outline in the main map's coordinates."""

    crs: CRS
    extent: Extent
    outline: shapely.Polygon


def detail_for(features: gpd.GeoDataFrame, main_crs: CRS, extent: Extent) -> Detail | None:
    """The South Caucasus detail for an inset, or None when the main map already shows it well enough."""
    detail = features[features["corridor"].isin(DETAIL_CORRIDORS)]
    if detail.empty or len(detail) == len(features):
        return None
    crs = projection_for(detail.total_bounds)  # its own projection, so the inset is north-up
    region = fit_extent(detail.to_crs(crs).total_bounds, pad=0.12)
    ring = shapely.segmentize(region.box(), max(region.width, region.height) / 50)
    outline = gpd.GeoSeries([ring], crs=crs).to_crs(main_crs).iloc[0]
    minx, _, maxx, _ = outline.bounds
    if extent.width / (maxx - minx) < DETAIL_MIN_RATIO:
        return None
    return Detail(crs, region, outline)


def _inset_corner(projected: gpd.GeoDataFrame, extent: Extent, size: tuple[float, float], avoid) -> str | None:
    """The map corner whose inset would cover the fewest feature vertices, never the detail's own outline."""
    w, h = size[0] * extent.width, size[1] * extent.height
    corners = {
        "lower right": (extent.xmax - w, extent.ymin),
        "upper left": (extent.xmin, extent.ymax - h),
        "upper right": (extent.xmax - w, extent.ymax - h),
        "lower left": (extent.xmin, extent.ymin),
    }
    coords = shapely.get_coordinates(shapely.segmentize(projected.geometry.values, extent.width / 100))
    best, best_cost = None, math.inf
    for name, (x, y) in corners.items():
        if box(x, y, x + w, y + h).intersects(avoid):
            continue
        inside = (coords[:, 0] >= x) & (coords[:, 0] <= x + w) & (coords[:, 1] >= y) & (coords[:, 1] <= y + h)
        if int(inside.sum()) < best_cost:
            best, best_cost = name, int(inside.sum())
    return best


def _draw_inset(ax, features, projected, basemap, extent: Extent, detail: Detail, map_size_in) -> tuple:
    """The detail inset in the emptiest corner, joined to its outline.

    Returns (axes, corner, its countries) or Nones when no corner is free of the outline.
    """
    map_w, map_h = map_size_in
    w_frac = INSET_WIDTH_FRACTION
    h_frac = w_frac * map_w * (detail.extent.height / detail.extent.width) / map_h
    if h_frac > 0.62:  # a tall detail on a flat map: shrink to fit
        w_frac, h_frac = w_frac * 0.62 / h_frac, 0.62
    corner = _inset_corner(projected, extent, (w_frac, h_frac), detail.outline)
    if corner is None:
        return None, None, None
    margin_x, margin_y = 0.012, 0.012 * map_w / map_h
    x0 = margin_x if "left" in corner else 1 - w_frac - margin_x
    y0 = margin_y if "lower" in corner else 1 - h_frac - margin_y
    inset = ax.inset_axes((x0, y0, w_frac, h_frac), zorder=8)
    inset.set_facecolor(SEA)
    region = detail.extent
    inset.set_xlim(region.xmin, region.xmax)
    inset.set_ylim(region.ymin, region.ymax)
    inset.set_aspect("equal", adjustable="datalim")
    countries = _draw_basemap(inset, basemap, detail.crs, region)
    _draw_graticule(inset, detail.crs, region, labelled=False)
    _draw_features(inset, features, detail.crs)
    for spine in inset.spines.values():
        spine.set(linewidth=0.9, color=INK)
    inset.set_title("Detail: South Caucasus", fontsize=7.5, color=INK, loc="left", pad=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})

    xy = np.asarray(detail.outline.exterior.coords)
    ax.plot(xy[:, 0], xy[:, 1], color=INK, linewidth=0.8, zorder=7.5)
    _connect(ax, inset, detail.outline, (x0, y0, w_frac, h_frac))
    return inset, corner, countries


def _connect(ax, inset, outline, inset_box) -> None:
    """Two thin lines from the outline's corners to the inset's, where they cross neither."""
    to_axes = ax.transData + ax.transAxes.inverted()
    minx, miny, maxx, maxy = outline.bounds
    (ax0, ay0), (ax1, ay1) = to_axes.transform([(minx, miny), (maxx, maxy)])
    x0, y0, w, h = inset_box
    source = box(ax0, ay0, ax1, ay1)
    target = box(x0, y0, x0 + w, y0 + h)
    drawn = 0
    for (sx, sy), (tx, ty) in zip(source.exterior.coords[:4], target.exterior.coords[:4], strict=True):
        segment = shapely.LineString([(sx, sy), (tx, ty)])
        if segment.intersection(target).length > 1e-6 or segment.intersection(source).length > 1e-6:
            continue
        ax.plot([sx, tx], [sy, ty], transform=ax.transAxes, color=INK, linewidth=0.6, alpha=0.7, zorder=7.4)
        drawn += 1
        if drawn == 2:
            break


# ---------------------------------------------------------------- the map


def export_static(
    atlas: Atlas,
    out: Path,
    fmt: str | None = None,
    selection: Selection | None = None,
    title: str | None = None,
    dpi: int = 200,
) -> Path:
    """Draw the selected features on the offline base map and save as PNG, SVG or PDF; return ``out``.

    ``fmt`` defaults to the suffix of ``out``. Raises ``ValueError`` for an
    unknown format and when the selection keeps no feature.
    """
    out = Path(out)
    key = (fmt or out.suffix).lower().lstrip(".")
    if key not in FORMATS:
        shown = fmt or out.suffix or "(no suffix)"
        raise ValueError(f"unknown image format {shown!r} for {out.name}; choose from {', '.join(FORMATS)}")
    features = selected_features(atlas, selection)
    out.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(RC):
        fig = render_map(atlas, features, selection, title, dpi)
        metadata = {"Title": fig.texts[0].get_text()}
        if key in ("png", "pdf"):
            metadata["Creator" if key == "pdf" else "Software"] = "Corridor Atlas"
        fig.savefig(out, format=key, dpi=dpi, facecolor="white", metadata=metadata)
    return out


def render_map(
    atlas: Atlas, features: gpd.GeoDataFrame, selection: Selection | None = None, title: str | None = None,
    dpi: int = 200,
) -> Figure:
    """The map as a matplotlib ``Figure`` (not registered with pyplot, so there is nothing to close).

    Call inside ``matplotlib.rc_context(RC)`` for the fonts and dash scaling ``export_static`` uses.
    """
    if features.empty:
        raise ValueError(f"nothing was selected: no feature matches {describe_selection(selection)}")
    crs = projection_for(features.total_bounds)
    extent = fit_extent(features.to_crs(crs).total_bounds)
    basemap = load_basemap(atlas)

    map_w = FIG_WIDTH_IN - MAP_LEFT_IN - MAP_RIGHT_IN
    map_h = map_w * extent.height / extent.width
    fig = Figure(figsize=(FIG_WIDTH_IN, 10), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    fig.text(MAP_LEFT_IN / FIG_WIDTH_IN, 1.0, title if title is not None else map_title(features, selection),
             ha="left", va="top", fontsize=14, fontweight="bold", color=INK)
    ax = fig.add_axes((0, 0, 1, 1))
    legend_ax = fig.add_axes((0, 0, 1, 1))
    legend_ax.set_axis_off()

    def layout(legend_h: float) -> None:
        height = TITLE_IN + map_h + GAP_IN + legend_h + CREDIT_IN
        fig.set_size_inches(FIG_WIDTH_IN, height)
        x = MAP_LEFT_IN / FIG_WIDTH_IN
        ax.set_position((x, (height - TITLE_IN - map_h) / height, map_w / FIG_WIDTH_IN, map_h / height))
        legend_ax.set_position((x, CREDIT_IN / height, map_w / FIG_WIDTH_IN, max(legend_h, 0.01) / height))
        fig.texts[0].set_y(1 - 0.22 / height)

    # Size the legend first, then the figure around it; labels come last, at final pixel positions.
    layout(1.5)
    sections = legend_sections(features)
    legend_h = _draw_legends(legend_ax, sections, map_w)
    for artist in list(legend_ax.artists):
        artist.remove()
    layout(legend_h + 0.05)
    _draw_legends(legend_ax, sections, map_w)

    ax.set_facecolor(SEA)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    ax.set_aspect("equal", adjustable="box")
    for spine in ax.spines.values():
        spine.set(linewidth=0.6, color=MUTED)
    countries = _draw_basemap(ax, basemap, crs, extent)
    _draw_graticule(ax, crs, extent)
    projected = _draw_features(ax, features, crs)

    detail = detail_for(features, crs, extent)
    inset, corner, inset_countries = (
        _draw_inset(ax, features, projected, basemap, extent, detail, (map_w, map_h)) if detail else (None,) * 3
    )
    renderer = fig.canvas.get_renderer()
    obstacles = [_scale_bar(ax, crs, extent, "lower right" if corner == "lower left" else "lower left")]
    skip = None
    if inset is not None:
        obstacles.append(inset.get_tightbbox(renderer))
        skip = detail.outline
        inset_bar = _scale_bar(inset, detail.crs, detail.extent, "lower right", fraction=0.3)
        shown = features[features.to_crs(detail.crs).intersects(detail.extent.box())].to_crs(detail.crs)
        _place_labels(inset, shown, [inset_bar], countries=inset_countries)
    _place_labels(ax, projected, obstacles, skip=skip, countries=countries)

    small_print = textwrap.wrap(credit_line(atlas, features), 160)
    small_print += textwrap.wrap("Projection: " + describe_projection(crs) + ".", 160)
    fig.text(MAP_LEFT_IN / FIG_WIDTH_IN, 0.12 / fig.get_figheight(), "\n".join(small_print), ha="left",
             va="bottom", fontsize=6.5, color=MUTED, linespacing=1.4)
    return fig
