"""A ``FeatureStyle`` in Leaflet's terms: path options for lines and areas, a marker icon."""

from __future__ import annotations

from markupsafe import Markup

from corridors.style.features import SHAPES, FeatureStyle
from corridors.style.geometry import LINE
from corridors.web.render import macro


def path_options(style: FeatureStyle) -> dict:
    """Leaflet path options (``style_function``) of a line or an area."""
    options = {"color": style.colour, "weight": style.width_px, "opacity": style.opacity}
    if style.geometry == LINE:
        options.update(lineCap="round", lineJoin="round")
    if style.fill_opacity:
        options.update(fillColor=style.colour, fillOpacity=style.fill_opacity)
    if style.dash_px:
        options["dashArray"] = " ".join(f"{v:g}" for v in style.dash_px)
    return options


def symbol_svg(shape: str, colour: str, size: float) -> Markup:
    """A marker symbol as inline SVG. ``colour`` must be one of ours (a hex literal), never data."""
    if shape not in SHAPES:
        raise ValueError(f"unknown symbol shape {shape!r}; choose from {', '.join(SHAPES)}")
    return macro("symbol.html", "symbol")(shape, colour, size)


def marker_html(style: FeatureStyle) -> Markup:
    """A point's marker icon (``folium.DivIcon`` html)."""
    return symbol_svg(style.marker, style.colour, style.marker_size_px)
