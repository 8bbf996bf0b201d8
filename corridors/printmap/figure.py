"""Static maps (PNG, SVG, PDF) for reports, styled like the web map: the entry points, features and inset.

Everything is drawn with matplotlib's object API on a ``Figure`` of our own
(never ``pyplot``), so an export leaves no global figure state behind;
GeoPandas' ``plot`` is avoided for the same reason (it calls ``pyplot.draw``).

Layout, top to bottom: title; map (graticule labelled on its edges, scale bar
in a free corner, and, when the South Caucasus features shrink to a few pixels
on a map of Eurasia, an inset of them); legend in columns (only the corridors,
statuses and symbols on the map); credit and projection lines.

The map's frame (projection, extent, base map, graticule, scale bar) is drawn
by ``printmap.frame``, its labels by ``printmap.labels`` and its legend by
``printmap.legend``; ``printmap.style`` turns the shared ``corridors.style`` looks
into matplotlib's terms.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from pyproj import CRS
from shapely.geometry import box

from corridors.data.atlas import Atlas
from corridors.data.atomic import atomic_output
from corridors.data.geodesy import geodesic_buffer
from corridors.model.credits import credit_line
from corridors.model.safe_text import xml_text
from corridors.model.selection import CORRIDOR_NAMES, Selection, describe_selection, parse_layers, selected_features
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
    scale_bar,
)
from corridors.printmap.labels import place_labels
from corridors.printmap.legend import draw_legends, legend_sections
from corridors.printmap.style import (
    INK,
    MUTED,
    PLAIN_TEXT,
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

FIG_WIDTH_IN = 10.0
MAP_LEFT_IN, MAP_RIGHT_IN = 0.62, 0.62  # room for latitude labels on both sides
TITLE_IN, GAP_IN, CREDIT_IN = 0.78, 0.45, 0.5

# The South Caucasus features are tens of kilometres across; on a map of Eurasia
# they get an inset when the main map is this many times wider than they are.
DETAIL_CORRIDORS = ("Zangezur", "Karabakh")
DETAIL_MIN_RATIO = 6.0
INSET_WIDTH_FRACTION = 0.36


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


# ---------------------------------------------------------------- features


def _draw_features(ax, features: gpd.GeoDataFrame, crs: CRS) -> gpd.GeoDataFrame:
    """Draw lon/lat ``features`` in ``crs`` as ``feature_style`` says; return them projected."""
    projected = features.to_crs(crs)
    styles = [feature_style(row) for _, row in features.iterrows()]
    banded = [(geometry, style) for geometry, style in zip(features.geometry, styles, strict=True) if style.band]
    if banded:
        # The band is as wide as the line's estimated error on the ground: buffer in lon/lat, then project.
        bands = gpd.GeoSeries([geodesic_buffer(g, s.band_km) for g, s in banded], crs=features.crs).to_crs(crs)
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
    countries = draw_basemap(inset, basemap, detail.crs, region)
    draw_graticule(inset, detail.crs, region, labelled=False)
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
    with matplotlib.rc_context(RC):
        fig = render_map(atlas, features, selection, title, dpi)
        metadata = {"Title": fig.texts[0].get_text()}
        if key in ("png", "pdf"):
            metadata["Creator" if key == "pdf" else "Software"] = "Corridor Atlas"
        with atomic_output(out) as temp:  # a full disk leaves no truncated image
            fig.savefig(temp, format=key, dpi=dpi, facecolor="white", metadata=metadata)
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
    heading = xml_text(title if title is not None else map_title(features, selection))
    fig.text(MAP_LEFT_IN / FIG_WIDTH_IN, 1.0, heading, ha="left", va="top", fontsize=14, fontweight="bold",
             color=INK, **PLAIN_TEXT)
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
    legend_h = draw_legends(legend_ax, sections, map_w)
    for artist in list(legend_ax.artists):
        artist.remove()
    layout(legend_h + 0.05)
    draw_legends(legend_ax, sections, map_w)

    ax.set_facecolor(SEA)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    ax.set_aspect("equal", adjustable="box")
    for spine in ax.spines.values():
        spine.set(linewidth=0.6, color=MUTED)
    countries = draw_basemap(ax, basemap, crs, extent)
    draw_graticule(ax, crs, extent)
    projected = _draw_features(ax, features, crs)

    detail = detail_for(features, crs, extent)
    inset, corner, inset_countries = (
        _draw_inset(ax, features, projected, basemap, extent, detail, (map_w, map_h)) if detail else (None,) * 3
    )
    renderer = fig.canvas.get_renderer()
    obstacles = [scale_bar(ax, crs, extent, "lower right" if corner == "lower left" else "lower left")]
    skip = None
    if inset is not None:
        obstacles.append(inset.get_tightbbox(renderer))
        skip = detail.outline
        inset_bar = scale_bar(inset, detail.crs, detail.extent, "lower right", fraction=0.3)
        shown = features[features.to_crs(detail.crs).intersects(detail.extent.box())].to_crs(detail.crs)
        place_labels(inset, shown, [inset_bar], countries=inset_countries)
    place_labels(ax, projected, obstacles, skip=skip, countries=countries)

    small_print = textwrap.wrap(xml_text(credit_line(atlas, features)), 160)
    small_print += textwrap.wrap("Projection: " + describe_projection(crs) + ".", 160)
    fig.text(MAP_LEFT_IN / FIG_WIDTH_IN, 0.12 / fig.get_figheight(), "\n".join(small_print), ha="left",
             va="bottom", fontsize=6.5, color=MUTED, linespacing=1.4, **PLAIN_TEXT)
    return fig
