"""The print style that the map, its labels and its legend share.

Ink colours, sizes on paper, matplotlib settings, and the web map's line
patterns and symbols in matplotlib's terms.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .styles import line_pattern

# Text and frame colours; the base map's own colours are in print_frame.
INK = "#222222"
MUTED = "#555555"

# Leaflet sizes are CSS pixels on a screen; on paper the same line reads heavier,
# so widths are scaled down. Dash patterns stay in proportion to the width.
LINE_WIDTH_SCALE = 0.6
MARKER_SIZE_PT = 7.0

MARKERS = {"circle": "o", "ring": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "hexagon": "h"}
MARKER_SCALE = {"star": 1.35, "diamond": 0.85, "square": 0.9, "triangle": 1.05}

# Every text drawn from data (names, titles, credits) is plain: with mathtext on, "Tolls of $5 and $6"
# printed as "Tolls of Sand6" and "$\notacommand{x}$" stopped the export with a parse error.
PLAIN_TEXT = {"parse_math": False, "usetex": False}

RC = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib; covers ə, ı, ç and other local names
    "svg.fonttype": "none",  # SVG text stays text: searchable, editable by a graphics desk
    "pdf.fonttype": 42,  # TrueType in PDF: editable in Illustrator
    "lines.scale_dashes": True,  # dash patterns are given in line widths
}


def dashes(status, weight_px: float):
    """matplotlib line style for a status: the Leaflet dash array in units of the line width."""
    pattern = line_pattern(status)
    if not pattern.dash:
        return "solid"
    return (0, tuple(float(v) / weight_px for v in pattern.dash.split()))


def marker_style(shape: str, colour: str, size: float = MARKER_SIZE_PT) -> dict:
    """matplotlib marker keywords for a web map symbol ``shape`` (``ring``: hollow, the rest filled)."""
    size *= MARKER_SCALE.get(shape, 1.0)
    if shape == "ring":
        return {"marker": "o", "markersize": size, "markerfacecolor": "white", "markeredgecolor": colour,
                "markeredgewidth": 2.0}
    return {"marker": MARKERS.get(shape, "o"), "markersize": size, "markerfacecolor": colour,
            "markeredgecolor": "white", "markeredgewidth": 0.8}


def base_types(frame: gpd.GeoDataFrame) -> pd.Series:
    """Geometry types without ``Multi``: the parts of a multi-geometry are drawn like a single one."""
    return frame.geometry.geom_type.str.removeprefix("Multi")
