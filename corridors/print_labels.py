"""Names on a print map, placed where they collide with nothing, and the legend of what the map shows."""

from __future__ import annotations

import textwrap

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.ops import polylabel

from .escape import xml_text
from .print_style import (
    INK,
    LINE_WIDTH_SCALE,
    MARKER_SIZE_PT,
    MARKERS,
    MUTED,
    PLAIN_TEXT,
    base_types,
    dashes,
    marker_style,
)
from .selection import CORRIDOR_NAMES
from .styles import (
    CORRIDOR_LABELS,
    STATUS_PATTERNS,
    UNCERTAINTY_BAND_OPACITY,
    corridor_colour,
    has_error_band,
    line_pattern,
    line_weight,
    symbol_for,
)

COUNTRY_NAME = "#8a8a8a"  # quiet like the base map (print_frame), so country names stay behind feature labels
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
    types = base_types(projected)
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
                fontsize=LABEL_SIZE, color=INK, zorder=7, path_effects=_HALO, **PLAIN_TEXT,
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
            **PLAIN_TEXT,
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
    types = base_types(features)
    lines = features[types == "LineString"]

    drawn = features.loc[types.isin(["LineString", "Polygon"]), "status"]
    statuses = {s if isinstance(s, str) else None for s in drawn}
    order = [s for s in STATUS_PATTERNS if s in statuses]
    if order:
        handles = [
            Line2D([], [], color=MUTED, linewidth=2.0, linestyle=dashes(s, 3.0), dash_capstyle="round",
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
    handles = [Line2D([], [], linestyle="none", **marker_style(shape, MUTED)) for shape, _ in ranked]
    labels = [label for _, label in ranked]
    if (types == "Polygon").any():
        handles.append(Patch(facecolor=MUTED, alpha=0.25, edgecolor=MUTED, linewidth=1))
        labels.append("territory / area")
    if handles:
        sections.append(("Symbol (kind)", handles, labels))

    handles, labels = [], []
    if any(has_error_band(m, km) for m, km in zip(lines["accuracy_method"], lines["accuracy_error_km"], strict=True)):
        handles.append(Patch(facecolor=MUTED, alpha=UNCERTAINTY_BAND_OPACITY * 2.5, edgecolor="none"))
        labels.append("band: estimated error of the drawn line")
    if (lines["accuracy_method"] == "schematic").any():
        handles.append(Line2D([], [], color=MUTED, linewidth=2.0, alpha=0.6))
        labels.append("faded: schematic (a link, not an alignment)")
    if handles:
        sections.append(("Geometry certainty", handles, labels))
    return sections


def draw_legends(legend_ax, sections, width_in: float) -> float:
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
        for text in [*legend.get_texts(), legend.get_title()]:
            text.set_parse_math(False)
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
