"""Names on a print map, placed where they collide with nothing."""

from __future__ import annotations

import textwrap

import geopandas as gpd
import shapely
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.ops import polylabel

from corridors.model.safe_text import xml_text
from corridors.printmap.style import INK, MARKER_SIZE_PT, PLAIN_TEXT, font_style
from corridors.style.geometry import AREA, LINE, POINT, geometry_kind, geometry_kinds

COUNTRY_NAME = "#8a8a8a"  # quiet like the base map (printmap.frame), so country names stay behind feature labels
LABEL_SIZE = 7.5
LABEL_WRAP = 22
# Which points get a name on the map, most important first; the rest are in the legend and the data.
LABEL_PRIORITY = {"port": 0, "node": 1, "border_crossing": 2, "place": 3, "checkpoint": 4, "presence": 5, "event": 6}


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
    name = xml_text(name)  # SVG keeps text as text: it must be well-formed XML
    return "\n".join(textwrap.wrap(name, LABEL_WRAP)) or name


def place_labels(ax, projected: gpd.GeoDataFrame, taken: list[Bbox], skip=None, countries=None) -> list:
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
    types = geometry_kinds(projected)
    points = projected[types == POINT]
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
    named_lines = projected[(types == LINE) & (projected["layer"] != "corridor")]
    for _, row in [*by_priority, *named_lines.iterrows()]:
        geometry = row.geometry
        anchor = geometry if geometry_kind(geometry) == POINT else geometry.interpolate(0.5, normalized=True)
        x, y = anchor.x, anchor.y
        if skip is not None and skip.contains(anchor):
            continue
        for (dx, dy), ha, va in _OFFSETS:
            label = ax.annotate(
                _wrap(row["name"]), (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                fontsize=LABEL_SIZE, color=INK, zorder=7, path_effects=_HALO, **PLAIN_TEXT,
            )
            extent = label.get_window_extent(renderer).expanded(1.04, 1.12)
            if free(extent):
                taken.append(extent)
                placed.append(label)
                break
            label.remove()

    polygons = projected[types == AREA]
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
            _wrap(name), (anchor.x, anchor.y), ha="center", va="center", fontsize=size,
            fontstyle=font_style(name, style),
            color=colour, zorder=6.5 if colour == INK else 1.8, path_effects=_HALO if colour == INK else None,
            **PLAIN_TEXT,
        )
        extent = label.get_window_extent(renderer)
        if free(extent) and within(extent, geometry):
            taken.append(extent)
            placed.append(label)
        else:
            label.remove()
    return placed
