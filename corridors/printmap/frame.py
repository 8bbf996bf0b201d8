"""The frame of a print map: its projection and extent, the base map, the graticule and the scale bar.

The map is drawn in a projection fitted to the selection (``projection_for``):
a Lambert conformal conic with standard parallels at 1/6 and 5/6 of the
latitude range, so shapes stay true from the Caucasus to the Pacific, where a
plate carrée would stretch them east-west by up to 2x at the BAM's latitudes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import CRS, Proj, Transformer
from shapely.geometry import box

from corridors.data import reference
from corridors.data.atlas import Atlas
from corridors.printmap.style import INK, MUTED

# Base map colours: quiet, so the Okabe-Ito corridor colours stand out.
SEA = "#dbe8f1"
LAND = "#f4f2ed"
BORDER = "#9c9c9c"
GRATICULE = "#8a9aa8"

MIN_ASPECT, MAX_ASPECT = 0.5, 0.9  # map height / width; other extents get more context, never stretching
PAD_FRACTION = 0.07
MIN_HALF_SPAN_M = 60_000.0  # a single point still gets a readable neighbourhood


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


# ---------------------------------------------------------------- extent


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


def polygon_path(geometry) -> MplPath | None:
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


# ---------------------------------------------------------------- base map and graticule


def load_basemap(atlas: Atlas) -> gpd.GeoDataFrame:
    """The offline country polygons for print: the detailed 1:10m boundaries.

    The web basemap (``reference.load_basemap``) is simplified to stay small in
    HTML; at print resolution its chords show (Lake Sevan as a triangle on the
    Caucasus detail). The detailed file costs about 1.2x the render time.
    """
    return reference.load_countries(reference.reference_root(atlas.data_dir))


def draw_basemap(ax, basemap: gpd.GeoDataFrame, crs: CRS, extent: Extent) -> gpd.GeoDataFrame:
    """Fill the countries light on a sea-blue background; return them projected and cut to the map."""
    minx, miny, maxx, maxy = _lonlat_bounds(extent, crs)
    # Clip in lon/lat first: projecting the whole world into a regional cone blows up far-away shapes.
    window = box(max(minx - 3, -180), max(miny - 3, -90), min(maxx + 3, 180), min(maxy + 3, 90))
    land = gpd.clip(basemap[["name", "geometry"]], window).to_crs(crs)
    land = land[land.intersects(extent.box())]
    patches = [PathPatch(p) for p in map(polygon_path, land.geometry) if p is not None]
    collection = PatchCollection(patches, facecolor=LAND, edgecolor=BORDER, linewidth=0.45, zorder=1)
    ax.add_collection(collection, autolim=False)
    return gpd.clip(land, extent.box())


def graticule_step(lat_span: float, lon_span: float) -> tuple[float, float]:
    """Degrees between parallels and between meridians: at most 6 parallels and about 10 meridians."""
    steps = (0.25, 0.5, 1, 2, 5, 10, 15, 20, 30)
    lat_step = next((s for s in steps if lat_span / s <= 6), steps[-1])
    lon_step = next((s for s in steps if s >= lat_step and lon_span / s <= 10), steps[-1])
    return lat_step, lon_step


def draw_graticule(ax, crs: CRS, extent: Extent, labelled: bool = True) -> None:
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


# ---------------------------------------------------------------- scale bar


def nice_length(limit: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``limit``."""
    exponent = 10 ** math.floor(math.log10(limit))
    return next(m * exponent for m in (5, 2, 1) if m * exponent <= limit)


def scale_bar(ax, crs: CRS, extent: Extent, location: str, fraction: float = 0.2) -> Bbox:
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
