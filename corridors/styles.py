"""How features look, shared by the web map, its legend and the static exports.

Colours are the Okabe-Ito palette (distinguishable with the common forms of
colour blindness). Status is carried by the line pattern, not the colour, so a
corridor keeps one colour; mode sets the width; kind sets the marker symbol.
Dash patterns are in pixels (Leaflet ``dashArray``); the static exporter scales them.
"""

from __future__ import annotations

from dataclasses import dataclass

CORRIDOR_COLOURS = {
    "INSTC": "#0072B2",  # blue
    "BAM": "#D55E00",  # vermillion
    "Zangezur": "#009E73",  # bluish green
    "Karabakh": "#CC79A7",  # reddish purple
    "context": "#4D4D4D",  # dark grey
}
CORRIDOR_LABELS = {
    "INSTC": "INSTC \u2014 International North-South Transport Corridor",
    "BAM": "BAM \u2014 Baikal-Amur Mainline",
    "Zangezur": "Zangezur corridor (proposed)",
    "Karabakh": "Karabakh conflict",
    "context": "Other places named in the article",
}
# Layer-control groups, in display order.
LAYER_GROUPS = {
    "Corridors": ["INSTC", "BAM", "Zangezur"],
    "Conflict": ["Karabakh"],
    "Places": ["context"],
}


@dataclass(frozen=True)
class LinePattern:
    label: str
    dash: str | None  # Leaflet dashArray; None = solid
    opacity: float = 0.95


STATUS_PATTERNS = {
    "operational": LinePattern("operational", None),
    "under_construction": LinePattern("under construction", "10 6"),
    "planned": LinePattern("planned (agreed, not built)", "10 6"),
    "proposed": LinePattern("proposed", "2 7"),
    "disputed": LinePattern("disputed", "12 5 2 5"),
    "suspended": LinePattern("suspended", "4 8", 0.7),
    "withdrawing": LinePattern("withdrawing", "4 8", 0.7),
    "former": LinePattern("former", "1 6", 0.6),
    None: LinePattern("status not given by the sources", "6 3 1 3", 0.85),
}

MODE_WEIGHTS = {"rail": 4.0, "road": 3.0, "sea": 2.5, "multimodal": 3.5, None: 3.0}

# Lines whose geometry is only a sketch get a translucent band as wide as their
# estimated error, so a schematic sea lane never looks like a surveyed track.
UNCERTAINTY_BAND_OPACITY = 0.12


def has_error_band(method: str, error_km: float) -> bool:
    """Traced and approximate lines get a band; a schematic line claims no
    alignment at all (it is drawn faded instead), and a band around it would
    only flood the map (the Caspian sea lanes)."""
    return method != "schematic" and error_km > 0
AREA_FILL_OPACITY = 0.18

# Marker symbols by kind: SVG shapes drawn in a 20x20 box.
KIND_SYMBOLS = {
    "port": ("square", "port"),
    "border_crossing": ("diamond", "border crossing"),
    "checkpoint": ("triangle", "checkpoint"),
    "node": ("circle", "station / junction / city"),
    "event": ("star", "event"),
    "presence": ("hexagon", "deployment / presence"),
    "place": ("ring", "place named in the article"),
}
DEFAULT_SYMBOL = ("circle", "point")

_SHAPES = {
    "circle": '<circle cx="10" cy="10" r="6"/>',
    "ring": '<circle cx="10" cy="10" r="5.5" fill="white" stroke-width="3"/>',
    "square": '<rect x="4" y="4" width="12" height="12"/>',
    "diamond": '<polygon points="10,2 18,10 10,18 2,10"/>',
    "triangle": '<polygon points="10,2.5 18,17 2,17"/>',
    "star": (
        '<polygon points="10,1.5 12.4,7.3 18.6,7.6 13.8,11.6 15.4,17.6 10,14.2 4.6,17.6 6.2,11.6 1.4,7.6 7.6,7.3"/>'
    ),
    "hexagon": '<polygon points="10,2 17,6 17,14 10,18 3,14 3,6"/>',
}


def corridor_colour(corridor: str) -> str:
    return CORRIDOR_COLOURS.get(corridor, CORRIDOR_COLOURS["context"])


# Said wherever lengths are read off a map (web and print legends): the drawing is shorter than the real line.
DRAWN_LENGTH_NOTE = "drawn as chords between known points: drawn lengths run short; cards give stated lengths"


def line_pattern(status: str | None) -> LinePattern:
    return STATUS_PATTERNS.get(status, STATUS_PATTERNS[None])


def line_weight(mode: str | None) -> float:
    return MODE_WEIGHTS.get(mode, MODE_WEIGHTS[None])


def symbol_for(kind: str) -> tuple[str, str]:
    """(shape name, legend label) of a point feature's marker."""
    return KIND_SYMBOLS.get(kind, DEFAULT_SYMBOL)


def symbol_svg(shape: str, colour: str, size: int = 18, dimmed: bool = False) -> str:
    """An inline SVG marker. ``colour`` must be one of ours (a hex literal), never data."""
    body = _SHAPES[shape]
    opacity = "0.55" if dimmed else "1"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'fill="{colour}" stroke="{colour if shape == "ring" else "white"}" stroke-width="1.5" '
        f'fill-opacity="{opacity}" aria-hidden="true">{body}</svg>'
    )


def line_style(corridor: str, status: str | None, mode: str | None, accuracy_method: str) -> dict:
    """Leaflet path options for a line feature."""
    pattern = line_pattern(status)
    style = {
        "color": corridor_colour(corridor),
        "weight": line_weight(mode),
        "opacity": pattern.opacity * (0.75 if accuracy_method == "schematic" else 1.0),
        "lineCap": "round",
        "lineJoin": "round",
    }
    if pattern.dash:
        style["dashArray"] = pattern.dash
    return style


def area_style(corridor: str, status: str | None) -> dict:
    pattern = line_pattern(status)
    style = {
        "color": corridor_colour(corridor),
        "weight": 2,
        "opacity": pattern.opacity,
        "fillColor": corridor_colour(corridor),
        "fillOpacity": AREA_FILL_OPACITY,
    }
    if pattern.dash:
        style["dashArray"] = pattern.dash
    return style
