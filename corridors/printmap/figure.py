"""Static maps (PNG, SVG, PDF) for reports, styled like the web map: the entry points, features and inset.

Everything is drawn with matplotlib's object API on a ``Figure`` of our own
(never ``pyplot``), so an export leaves no global figure state behind;
GeoPandas' ``plot`` is avoided for the same reason (it calls ``pyplot.draw``).

The sheet (page size, layout, labels, small print) is ``printmap.sheet``'s; this
module draws the features and the inset of the South Caucasus (when those
features shrink to a few pixels on a map of Eurasia).

The map's frame (projection, extent, base map, graticule, scale bar) is drawn
by ``printmap.frame``, its labels by ``printmap.labels`` and its legend by
``printmap.legend``; ``printmap.style`` turns the shared ``corridors.style`` looks
into matplotlib's terms.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from pyproj import CRS
from shapely.geometry import box

from corridors.data.atlas import Atlas
from corridors.data.geodesy import geodesic_buffer
from corridors.model.describe import default_title
from corridors.model.detail import DETAIL_CORRIDORS, DETAIL_MIN_RATIO
from corridors.model.mapview import MapView
from corridors.model.selection import Selection, describe_selection
from corridors.printmap.frame import (
    SEA,
    Extent,
    describe_projection,
    draw_basemap,
    draw_graticule,
    fit_extent,
    graticule_step,
    load_basemap,
    nice_length,
    polygon_path,
    projection_for,
)
from corridors.printmap.legend import legend_sections
from corridors.printmap.style import (
    INK,
    RC,
    area_edge_kwargs,
    area_fill_kwargs,
    band_kwargs,
    line_kwargs,
    marker_style,
)
from corridors.style.features import feature_style
from corridors.style.geometry import AREA, LINE, POINT

# Callers and tests import these from here, including those defined in printmap.frame and
# printmap.legend; listing them keeps that import path working.
__all__ = [
    "FORMATS",
    "RC",
    "Detail",
    "Extent",
    "describe_projection",
    "detail_for",
    "export_static",
    "fit_extent",
    "graticule_step",
    "legend_sections",
    "load_basemap",
    "map_title",
    "nice_length",
    "projection_for",
    "render_map",
]

FORMATS = ("png", "svg", "pdf")

# The South Caucasus features are tens of kilometres across; on a map of Eurasia
# they get an inset when the main map is this many times wider than they are (corridors.model.detail).
INSET_TITLE = "Detail: South Caucasus"
INSET_WIDTH_FRACTION = 0.36


# ---------------------------------------------------------------- text


def map_title(features: pd.DataFrame, selection: Selection | None) -> str:
    """``Corridor Atlas — `` and the layers shown, and the date: the same title as every other format's."""
    return default_title(features, selection)


# ---------------------------------------------------------------- features


def _draw_features(ax, features: gpd.GeoDataFrame, crs: CRS) -> gpd.GeoDataFrame:
    """Draw lon/lat ``features`` in ``crs`` as ``feature_style`` says; return them projected."""
    projected = features.to_crs(crs)
    styles = [feature_style(row) for _, row in features.iterrows()]
    banded = [(geometry, style) for geometry, style in zip(features.geometry, styles, strict=True) if style.band]
    if banded:
        # The band is as wide as the line's estimated error on the ground: buffer in lon/lat, then project.
        bands = gpd.GeoSeries([_band(g, s.band_km) for g, s in banded], crs=features.crs).to_crs(crs)
        for band, (_, style) in zip(bands, banded, strict=True):
            ax.add_patch(PathPatch(polygon_path(band), zorder=2.5, **band_kwargs(style)))
    for geometry, kind, style in zip(projected.geometry, projected["kind"], styles, strict=True):
        if style.geometry == AREA:
            path = polygon_path(geometry)
            ax.add_patch(PathPatch(path, zorder=3, **area_fill_kwargs(style)))
            ax.add_patch(PathPatch(path, zorder=3.1, **area_edge_kwargs(style)))
        elif style.geometry == LINE:
            for part in shapely.get_parts(geometry):
                xy = np.asarray(part.coords)
                # Segments over the whole route they split.
                ax.plot(xy[:, 0], xy[:, 1], zorder=4.0 if kind == "route" else 4.2, **line_kwargs(style))
        elif style.geometry == POINT:
            for point in shapely.get_parts(geometry):
                ax.plot([point.x], [point.y], linestyle="none", zorder=6,
                        **marker_style(style.marker, style.colour, style.marker_size_px))
    return projected


@functools.lru_cache(maxsize=256)
def _band(geometry, km: float):
    # A band costs two transformers (~30 ms each); the inset, and every later map of the same line, reuse it.
    return geodesic_buffer(geometry, km)


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
    if extent.width / (maxx - minx) < DETAIL_MIN_RATIO or not extent.box().contains(outline):
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
    countries = draw_basemap(inset, basemap, detail.crs, region)
    draw_graticule(inset, detail.crs, region, labelled=False)
    _draw_features(inset, features, detail.crs)
    for spine in inset.spines.values():
        spine.set(linewidth=0.9, color=INK)
    # Inside its own frame: above it, the title ran into the map's frame and graticule labels (issue 9).
    inset.text(0.015, 0.985, INSET_TITLE, transform=inset.transAxes, ha="left", va="top", fontsize=7.5,
               color=INK, zorder=9, gid="inset-title",
               bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})
    inset.patch.set_gid("inset-frame")

    xy = np.asarray(detail.outline.exterior.coords)
    ax.plot(xy[:, 0], xy[:, 1], color=INK, linewidth=0.8, zorder=7.5)
    return inset, corner, countries


def connect_inset(ax, inset, outline, avoid=()) -> None:
    """Two thin lines from the outline's corners to the inset's, where they cross neither, nor a label.

    ``avoid``: display boxes (the labels placed) that a line must not cross; drawn
    after the labels so that a name never sits on a connector.
    """
    to_axes = ax.transData + ax.transAxes.inverted()
    minx, miny, maxx, maxy = outline.bounds
    (ax0, ay0), (ax1, ay1) = to_axes.transform([(minx, miny), (maxx, maxy)])
    (x0, y0), (x1, y1) = ax.transAxes.inverted().transform(inset.get_window_extent().get_points())
    source = box(ax0, ay0, ax1, ay1)
    target = box(x0, y0, x1, y1)
    obstacles = [box(*ax.transAxes.inverted().transform(b.get_points()).ravel()) for b in avoid]
    drawn = 0
    for (sx, sy), (tx, ty) in zip(source.exterior.coords[:4], target.exterior.coords[:4], strict=True):
        segment = shapely.LineString([(sx, sy), (tx, ty)])
        if segment.intersection(target).length > 1e-6 or segment.intersection(source).length > 1e-6:
            continue
        if any(segment.intersects(o) for o in obstacles):
            continue
        ax.plot([sx, tx], [sy, ty], transform=ax.transAxes, color=INK, linewidth=0.6, alpha=0.7, zorder=7.4)
        drawn += 1
        if drawn == 2:
            break


# ---------------------------------------------------------------- the map (earlier entry points)


def export_static(
    atlas: Atlas,
    out: Path,
    fmt: str | None = None,
    selection: Selection | None = None,
    title: str | None = None,
    dpi: int = 200,
) -> Path:
    """Draw the selected features and save as PNG, SVG or PDF on an A4 page; return ``out``.

    ``fmt`` defaults to the suffix of ``out``. Raises ``ValueError`` for an
    unknown format and when the selection keeps no feature. For a view (extent,
    names, highlight, page) use ``corridors.printmap.sheet.export_view``.
    """
    from corridors.printmap.sheet import export_view

    out = Path(out)
    key = (fmt or out.suffix).lower().lstrip(".")
    if key not in FORMATS:
        shown = fmt or out.suffix or "(no suffix)"
        raise ValueError(f"unknown image format {shown!r} for {out.name}; choose from {', '.join(FORMATS)}")
    view = view_of_selection(selection, title)
    export_view(atlas, view, out, key, dpi=dpi if key == "png" else None)
    return out


def render_map(
    atlas: Atlas, features: gpd.GeoDataFrame, selection: Selection | None = None, title: str | None = None,
    dpi: int = 200,
) -> Figure:
    """The map of ``selection`` as a matplotlib ``Figure`` on an A4 page (not registered with pyplot).

    Call inside ``matplotlib.rc_context(RC)`` for the fonts and dash scaling ``export_static`` uses.
    """
    from corridors.printmap.sheet import render_view

    if features.empty:
        raise ValueError(f"nothing was selected: no feature matches {describe_selection(selection)}")
    return render_view(atlas, view_of_selection(selection, title), "png", dpi=dpi).figure


def view_of_selection(selection: Selection | None, title: str | None = None) -> MapView:
    """The ``MapView`` that draws ``selection`` (fitted to its features) with ``title``."""
    selection = selection or Selection()
    return MapView(layers=selection.layers, statuses=selection.statuses, modes=selection.modes,
                   as_of=selection.as_of, sources=selection.sources, known_by=selection.known_by, title=title)
