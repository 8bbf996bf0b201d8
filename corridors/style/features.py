"""How each feature looks, decided once: ``feature_style(row)`` gives a ``FeatureStyle`` that the web
map, the print map and KML translate into their own terms (Leaflet options, matplotlib keywords,
KML styles) without adding rules of their own.

The rules: colour by corridor (``corridors.vocabulary``), line pattern and opacity by status (so a
corridor keeps one colour), line width by mode, marker symbol by kind. Schematic lines (a link, not an
alignment) are faded; traced and approximate lines get a band as wide as their estimated error.
Sizes are CSS pixels as on a screen; the print map scales them to points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from corridors.style.geometry import AREA, LINE, POINT, geometry_kind
from corridors.vocabulary import KINDS, NO_STATUS, STATUSES, corridor_colour


@dataclass(frozen=True)
class LinePattern:
    """How a status draws a line or an area outline; ``label`` is what the legend says."""

    label: str
    dash: tuple[float, ...] | None  # dash and gap lengths in CSS px; None = solid
    opacity: float = 0.95


STATUS_PATTERNS: dict[str | None, LinePattern] = {
    "operational": LinePattern(STATUSES["operational"], None),
    "under_construction": LinePattern(STATUSES["under_construction"], (10, 6)),
    # "planned" alone could read as "someone's idea"; the article's planned links are agreed.
    "planned": LinePattern(f"{STATUSES['planned']} (agreed, not built)", (10, 6)),
    "proposed": LinePattern(STATUSES["proposed"], (2, 7)),
    "disputed": LinePattern(STATUSES["disputed"], (12, 5, 2, 5)),
    "suspended": LinePattern(STATUSES["suspended"], (4, 8), 0.7),
    "withdrawing": LinePattern(STATUSES["withdrawing"], (4, 8), 0.7),
    "former": LinePattern(STATUSES["former"], (1, 6), 0.6),
    None: LinePattern(f"status {NO_STATUS}", (6, 3, 1, 3), 0.85),
}

MODE_WIDTHS_PX: dict[str | None, float] = {"rail": 4.0, "road": 3.0, "sea": 2.5, "multimodal": 3.5, None: 3.0}
AREA_OUTLINE_PX = 2.0
AREA_FILL_OPACITY = 0.18

# A schematic line claims no alignment: it is drawn at this fraction of its status's opacity.
SCHEMATIC_FADE = 0.75
# The error band: translucent, so a sketched line never looks like a surveyed track.
UNCERTAINTY_BAND_OPACITY = 0.12

# Marker symbols by kind, in the order a legend lists them; the renderers draw each shape.
SHAPES = ("circle", "ring", "square", "diamond", "triangle", "star", "hexagon")
KIND_SHAPES = {
    "port": "square",
    "border_crossing": "diamond",
    "checkpoint": "triangle",
    "node": "circle",
    "event": "star",
    "presence": "hexagon",
    "place": "ring",
}
DEFAULT_SHAPE, DEFAULT_SYMBOL_LABEL = "circle", "point"
MARKER_SIZE_PX = 18.0


@dataclass(frozen=True)
class FeatureStyle:
    """How one feature is drawn, in renderer-free terms."""

    geometry: str  # "line", "area" or "point" (``geometry_kind``)
    colour: str  # stroke, symbol and fill colour: a hex literal from the vocabulary, never from data
    width_px: float = 0.0  # stroke width; 0 for a point
    dash_px: tuple[float, ...] | None = None  # None = solid
    opacity: float = 1.0  # stroke opacity, the schematic fade already applied
    faded: bool = False  # the schematic fade was applied (the legend explains it)
    fill_opacity: float = 0.0  # areas are filled with ``colour``; 0 = no fill
    marker: str | None = None  # a point's symbol, one of ``SHAPES``
    marker_size_px: float = 0.0
    band_km: float = 0.0  # how far the error band reaches either side of a line; 0 = no band
    band_opacity: float = UNCERTAINTY_BAND_OPACITY

    @property
    def band(self) -> bool:
        return self.band_km > 0


def feature_style(props: Mapping, geometry=None) -> FeatureStyle:
    """The style of a feature from its properties: ``corridor``, ``status``, ``mode``, ``kind``,
    ``accuracy_method``, ``accuracy_error_km`` (an atlas row, or any mapping with those keys) and its
    geometry (default: ``props["geometry"]``). Missing status or mode (None, NaN) means "not given".
    """
    kind = geometry_kind(props["geometry"] if geometry is None else geometry)
    colour = corridor_colour(props["corridor"])
    if kind == POINT:
        return FeatureStyle(POINT, colour, marker=symbol_shape(props["kind"]), marker_size_px=MARKER_SIZE_PX)
    pattern = line_pattern(props.get("status"))
    if kind == AREA:
        return FeatureStyle(
            AREA, colour, AREA_OUTLINE_PX, pattern.dash, pattern.opacity, fill_opacity=AREA_FILL_OPACITY,
        )
    method = props.get("accuracy_method")
    faded = method == "schematic"
    error_km = _number(props.get("accuracy_error_km"))
    return FeatureStyle(
        LINE,
        colour,
        line_width(props.get("mode")),
        pattern.dash,
        pattern.opacity * SCHEMATIC_FADE if faded else pattern.opacity,
        faded=faded,
        # A schematic line is faded instead: a band round a line that claims no alignment would
        # only flood the map (the Caspian sea lanes).
        band_km=0.0 if faded else error_km,
    )


def line_pattern(status: object) -> LinePattern:
    """The pattern of a status; anything not a known status (None, NaN) is "not given"."""
    return STATUS_PATTERNS.get(status if isinstance(status, str) else None, STATUS_PATTERNS[None])


def line_width(mode: object) -> float:
    return MODE_WIDTHS_PX.get(mode if isinstance(mode, str) else None, MODE_WIDTHS_PX[None])


def symbol_shape(kind: object) -> str:
    return KIND_SHAPES.get(kind, DEFAULT_SHAPE) if isinstance(kind, str) else DEFAULT_SHAPE


def symbol_label(kind: object) -> str:
    """What the legend calls a kind's symbol: the vocabulary's label, or "point" for a kind with no symbol."""
    return KINDS[kind] if isinstance(kind, str) and kind in KIND_SHAPES else DEFAULT_SYMBOL_LABEL


def _number(value: object) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number > 0 else 0.0  # NaN compares False: no band
