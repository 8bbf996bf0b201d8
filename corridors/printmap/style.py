"""The print map's inks and sizes, and a ``FeatureStyle`` or legend ``Swatch`` in matplotlib's terms.

The look itself (colours, patterns, widths, symbols, fade, band) is ``corridors.style``'s; this
module only says how screen pixels become points on paper.
"""

from __future__ import annotations

import re

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from corridors.style.features import MARKER_SIZE_PX, FeatureStyle
from corridors.style.legend import Swatch

# Text and frame colours; the base map's own colours are in printmap.frame.
INK = "#222222"
MUTED = "#555555"  # also the neutral ink of legend samples that show a pattern, width or shape

# Leaflet sizes are CSS pixels on a screen; on paper the same line reads heavier,
# so widths are scaled down. Dash patterns stay in proportion to the width.
LINE_WIDTH_SCALE = 0.6
AREA_EDGE_PT = 1.6  # an area's outline on paper, patterned by status like a line
MARKER_SIZE_PT = 7.0  # the web map's 18 px symbol
LEGEND_COLOUR_PT = 4.0  # a corridor's colour sample: a short thick bar

MARKERS = {"circle": "o", "ring": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "hexagon": "h"}
MARKER_SCALE = {"star": 1.35, "diamond": 0.85, "square": 0.9, "triangle": 1.05}  # so the shapes look equally big

# Every text drawn from data (names, titles, credits) is plain: with mathtext on, "Tolls of $5 and $6"
# printed as "Tolls of Sand6" and "$\notacommand{x}$" stopped the export with a parse error.
PLAIN_TEXT = {"parse_math": False, "usetex": False}

RC = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib; covers ə, ı, ç and other local names
    "svg.fonttype": "none",  # SVG text stays text: searchable, editable by a graphics desk
    "pdf.fonttype": 42,  # TrueType in PDF: editable in Illustrator
    "lines.scale_dashes": True,  # dash patterns are given in line widths
}


def dashes(dash_px: tuple[float, ...] | None, width_px: float):
    """A matplotlib line style for a dash pattern in pixels on a line ``width_px`` wide: in units of
    the line width (``lines.scale_dashes``), so the pattern keeps its proportions at any width."""
    if not dash_px:
        return "solid"
    return (0, tuple(float(v) / width_px for v in dash_px))


def line_kwargs(style: FeatureStyle) -> dict:
    """``Axes.plot`` keywords for a line."""
    return {
        "color": style.colour, "linewidth": style.width_px * LINE_WIDTH_SCALE, "alpha": style.opacity,
        "linestyle": dashes(style.dash_px, style.width_px), "dash_capstyle": "round",
        "solid_capstyle": "round", "solid_joinstyle": "round",
    }


def area_fill_kwargs(style: FeatureStyle) -> dict:
    """``PathPatch`` keywords for an area's fill."""
    return {"facecolor": style.colour, "alpha": style.fill_opacity, "linewidth": 0}


def area_edge_kwargs(style: FeatureStyle) -> dict:
    """``PathPatch`` keywords for an area's outline, patterned by status."""
    return {
        "facecolor": "none", "edgecolor": style.colour, "linewidth": AREA_EDGE_PT, "alpha": style.opacity,
        "linestyle": dashes(style.dash_px, style.width_px), "capstyle": "round",
    }


def band_kwargs(style: FeatureStyle) -> dict:
    """``PathPatch`` keywords for the error band round a line."""
    return {"facecolor": style.colour, "alpha": style.band_opacity, "linewidth": 0}


def marker_style(shape: str, colour: str, size_px: float = MARKER_SIZE_PX) -> dict:
    """matplotlib marker keywords for a symbol ``shape`` (``ring``: hollow, the rest filled)."""
    size = size_px * MARKER_SIZE_PT / MARKER_SIZE_PX * MARKER_SCALE.get(shape, 1.0)
    if shape == "ring":
        return {"marker": "o", "markersize": size, "markerfacecolor": "white", "markeredgecolor": colour,
                "markeredgewidth": 2.0}
    return {"marker": MARKERS[shape], "markersize": size, "markerfacecolor": colour,
            "markeredgecolor": "white", "markeredgewidth": 0.8}


def swatch_handle(swatch: Swatch):
    """A legend handle (an artist matplotlib's ``Legend`` draws as the sample) for a ``Swatch``."""
    colour = swatch.colour or MUTED
    if swatch.kind == "colour":
        return Line2D([], [], color=colour, linewidth=LEGEND_COLOUR_PT, solid_capstyle="butt")
    if swatch.kind == "line":
        return Line2D([], [], color=colour, linewidth=swatch.width_px * LINE_WIDTH_SCALE, alpha=swatch.opacity,
                      linestyle=dashes(swatch.dash_px, swatch.width_px), dash_capstyle="round")
    if swatch.kind == "band":
        return Patch(facecolor=colour, alpha=swatch.opacity, edgecolor="none")
    if swatch.kind == "area":
        return Patch(facecolor=colour, alpha=swatch.opacity, edgecolor=colour, linewidth=1)
    # A symbol (Swatch checks its kind and shape when it is made).
    return Line2D([], [], linestyle="none", **marker_style(swatch.shape, colour))


# DejaVu Sans Oblique has no Arabic-script glyphs (the upright face has them): such names stay upright,
# or a Persian name in italics would print as empty boxes.
_NO_OBLIQUE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def font_style(text: str, style: str) -> str:
    """``style``, unless the font cannot slant ``text``'s script."""
    return "normal" if style == "italic" and _NO_OBLIQUE.search(text) else style
