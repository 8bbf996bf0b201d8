"""Build the interactive Folium (Leaflet) map of the atlas.

One call, ``build_map(atlas)``: a layer per corridor (INSTC, BAM, Zangezur),
the Karabakh conflict layer and the context places, grouped in the layer
control; lines styled by corridor, status and mode with an error band; point
symbols by kind; popups with the citations; a legend that follows the layers;
an offline Natural Earth basemap by default. Every string from data is escaped
(``corridors.web.escape``) before folium sees it, and the map's scripts and styles
come from vendored files (``corridors.web.offline``), so it renders with no network.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from folium.plugins import GroupedLayerControl
from jinja2 import Template
from shapely.geometry import mapping

from corridors.data.atlas import Atlas
from corridors.data.geodesy import geodesic_buffer
from corridors.data.reference import load_basemap, reference_root
from corridors.model.credits import credit_line
from corridors.model.names import ARTICLE, display_name
from corridors.model.selection import Selection, parse_layers, select
from corridors.model.view import View
from corridors.style.features import (
    CORRIDOR_COLOURS,
    CORRIDOR_LABELS,
    LAYERS_BY_HEADING,
    UNCERTAINTY_BAND_OPACITY,
    area_style,
    corridor_colour,
    has_error_band,
    line_style,
    symbol_for,
    symbol_svg,
)
from corridors.style.focus import (
    FOCUS_AREA_OPACITY,
    FOCUS_COLOUR,
    FOCUS_LINE_PX,
    FOCUS_OPACITY,
    FOCUS_POINT_RADIUS_PX,
)
from corridors.vocabulary import BASEMAPS, CORRIDORS, OFFLINE
from corridors.web.escape import h
from corridors.web.legend import Legend, MapTitle, legend_sections
from corridors.web.offline import make_offline
from corridors.web.popups import POPUP_CSS, popup_html, tooltip_html

# The layer-control name of each layer (also the legend's key).
LAYER_LABELS = {key: c.layer_label for key, c in CORRIDORS.items()}
SEA_COLOUR = "#dcebf2"
MAP_CSS = (
    # Doubled class: leaflet.css (loaded later) sets its own grey background.
    f".leaflet-container.leaflet-container{{background:{SEA_COLOUR}}}"
    # folium's ``.leaflet-container {font-size: 1rem}`` blows the 12 px credits and
    # scale up to 16 px; a long credit must wrap in its corner, not run over the scale.
    ".leaflet-container .leaflet-control-attribution,.leaflet-container .leaflet-control-scale-line"
    "{font-size:11px}"
    ".leaflet-control-attribution{max-width:62%;white-space:normal;line-height:1.3}"
    # Chromium draws its focus ring round a clicked SVG path: a box around a whole route.
    "path.leaflet-interactive:focus{outline:none}"
)

_ONLINE_PROVIDERS = {
    "osm": xyz.OpenStreetMap.Mapnik,
    "positron": xyz.CartoDB.Positron,
    "imagery": xyz.Esri.WorldImagery,
}


def build_map(
    atlas: Atlas,
    selection: Selection | None = None,
    *,
    visible: Iterable[str] | None = None,
    basemap: str = OFFLINE,
    view: View | None = None,
    naming: str = ARTICLE,
    title: str | None = None,
    focus: Iterable[str] = (),
    height: str | int = "100%",
    bounds: tuple[float, float, float, float] | None = None,
) -> folium.Map:
    """The atlas as a ``folium.Map``.

    ``selection`` picks the features at all (layers, statuses, modes, as-of
    date); ``visible`` names the layers ticked at start (default: all drawn);
    ``basemap`` is ``offline`` (default, no network) or one of the online tile
    sets ``osm``, ``positron``, ``imagery``, which then also lists the others;
    ``view`` fixes centre and zoom (default: fit the visible features, or the
    ``focus`` features when given); ``bounds`` (west, south, east, north) fits
    the map to a box instead; ``focus`` ids get a highlight halo.
    """
    features = select(atlas.features, selection)
    visible_parsed = parse_layers(visible)
    focus = [fid for fid in focus if fid in features.index]

    m = base_map(atlas, basemap, features=features, height=height)
    highlight = focus_layer(atlas, focus)
    if highlight is not None:
        highlight.add_to(m)  # first, so it lies under the corridor layers
    groups, used = corridor_layers(atlas, features, naming=naming, visible=visible)
    by_label = {group.layer_name: group for group in groups.values()}
    for group in groups.values():
        group.add_to(m)
    if groups:
        GroupedLayerControl(
            {
                name: [groups[c] for c in members if c in groups]
                for name, members in LAYERS_BY_HEADING.items()
                if any(c in groups for c in members)
            },
            exclusive_groups=False,
            collapsed=False,
            position="topright",
        ).add_to(m)
        colours = {LAYER_LABELS[c]: CORRIDOR_COLOURS[c] for c in LAYER_LABELS}
        labels = {LAYER_LABELS[c]: CORRIDOR_LABELS[c] for c in groups}
        Legend(legend_sections(used, labels, colours), by_label).add_to(m)
    if title:
        MapTitle(title).add_to(m)

    if view is not None:
        m.location = [view.lat, view.lon]
        m.options["zoom"] = view.zoom
    elif bounds is not None:
        west, south, east, north = (float(v) for v in bounds)
        _InitialFit([[south, west], [north, east]], padding=0).add_to(m)
    else:
        bounds_rows = features.loc[focus] if focus else _visible_rows(features, visible_parsed)
        if bounds_rows.empty:
            bounds_rows = features
        if not bounds_rows.empty:
            _InitialFit(_padded_bounds(bounds_rows.total_bounds)).add_to(m)
        else:
            m.location, m.options["zoom"] = [45.0, 70.0], 3
    # Again, for the plugins added since base_map (make_offline is idempotent).
    return make_offline(m)


def base_map(atlas: Atlas, basemap: str = OFFLINE, *, features=None, height: str | int = "100%") -> folium.Map:
    """The map without corridor layers: background, basemap(s), credits, vendored assets.

    ``features`` are what the map will show, for the credit line (default: the
    whole atlas). ``build_map`` adds the layers, control, legend and view; the
    app adds its layers itself, so that toggling one does not rebuild the map.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; choose from {', '.join(BASEMAPS)}")
    m = folium.Map(location=None, zoom_start=None, tiles=None, control_scale=True, height=height)
    m.get_root().header.add_child(Element(f"<style>{MAP_CSS}{POPUP_CSS}</style>"), name="ca_css")
    _add_basemaps(m, atlas, basemap)
    _SourceAttribution(atlas, atlas.features if features is None else features).add_to(m)
    return make_offline(m)


def corridor_layers(
    atlas: Atlas,
    features,
    *,
    naming: str = ARTICLE,
    visible: Iterable[str] | None = None,
) -> tuple[dict[str, folium.FeatureGroup], list[dict]]:
    """One ``FeatureGroup`` per corridor present in ``features`` (keyed by corridor,
    in display order), and the legend facts of every feature drawn."""
    visible_parsed = parse_layers(visible)
    groups: dict[str, folium.FeatureGroup] = {}
    used: list[dict] = []
    for corridor, label in LAYER_LABELS.items():
        rows = features[features["corridor"] == corridor]
        if rows.empty:
            continue
        shown = visible_parsed is None or _layer_matches(corridor, rows["layer"].iloc[0], visible_parsed)
        group = folium.FeatureGroup(name=label, show=shown)
        for fid, row in rows.iterrows():
            used.append(_add_feature(group, atlas, fid, row, naming))
        groups[corridor] = group
    return groups, used


MIN_VIEW_DEGREES = 1.5  # a lone point gets a city-and-region view, not Leaflet's maximum zoom


def _padded_bounds(total_bounds) -> list[list[float]]:
    west, south, east, north = (float(v) for v in total_bounds)
    pad_x = max(0.0, MIN_VIEW_DEGREES - (east - west)) / 2
    pad_y = max(0.0, MIN_VIEW_DEGREES - (north - south)) / 2
    return [[south - pad_y, west - pad_x], [north + pad_y, east + pad_x]]


def _layer_matches(corridor: str, layer: str, parsed: tuple[set[str], set[str]]) -> bool:
    corridors, layers = parsed
    return corridor in corridors or layer in layers


def _visible_rows(features, parsed):
    if parsed is None:
        return features
    mask = [_layer_matches(c, layer, parsed) for c, layer in zip(features["corridor"], features["layer"], strict=True)]
    return features[mask]


def _geom_class(geometry) -> str:
    if geometry.geom_type in ("LineString", "MultiLineString"):
        return "line"
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return "area"
    return "point"


def _add_feature(group, atlas: Atlas, fid: str, row, naming: str) -> dict:
    """Draw one feature into its layer; return what the legend needs to know about it."""
    name = display_name(row, naming)
    geom_class = _geom_class(row.geometry)
    colour = corridor_colour(row["corridor"])
    # Only what the app needs back from a click; the popup carries the rest.
    data = {
        "type": "Feature",
        "geometry": mapping(row.geometry),
        "properties": {"id": fid, "name": name, "corridor": row["corridor"], "kind": row["kind"]},
    }
    popup = folium.Popup(popup_html(atlas, fid, naming), max_width=440)
    # Sticky (following the pointer) suits long lines; a marker's tooltip sits by the marker.
    tooltip = folium.Tooltip(tooltip_html(name, row["kind"]), sticky=geom_class != "point")
    shape, _ = symbol_for(row["kind"])

    if geom_class == "line" and has_error_band(row["accuracy_method"], row["accuracy_error_km"]):
        band = geodesic_buffer(row.geometry, float(row["accuracy_error_km"]))
        folium.GeoJson(
            mapping(band),
            style_function=lambda _f, c=colour: {
                "stroke": False, "fillColor": c, "fillOpacity": UNCERTAINTY_BAND_OPACITY,
            },
            interactive=False,
        ).add_to(group)

    if geom_class == "point":
        icon = folium.DivIcon(
            html=symbol_svg(shape, colour, 18),
            icon_size=(20, 20),
            icon_anchor=(10, 10),
            class_name="ca-marker",
        )
        layer = folium.GeoJson(data, marker=folium.Marker(icon=icon), popup=popup, tooltip=tooltip)
    else:
        style = (
            line_style(row["corridor"], row["status"], row["mode"], row["accuracy_method"])
            if geom_class == "line"
            else area_style(row["corridor"], row["status"])
        )
        hover = {**style, "weight": style["weight"] + 2}
        layer = folium.GeoJson(
            data,
            style_function=lambda _f, s=style: s,
            highlight_function=lambda _f, s=hover: s,
            popup=popup,
            tooltip=tooltip,
        )
    layer.add_to(group)
    return legend_facts(row, group.layer_name)


def focus_layer(atlas: Atlas, ids: Iterable[str]) -> folium.FeatureGroup | None:
    """A highlight under the chosen features, sized in pixels so it shows at every zoom
    (a halo in km vanishes at continental zoom). Its own layer: changing the
    highlight never rebuilds the corridor layers. None when no id is in the atlas."""
    rows = atlas.features.loc[[fid for fid in ids if fid in atlas.features.index]]
    if rows.empty:
        return None
    group = folium.FeatureGroup(name="highlight", control=False)
    for _, row in rows.iterrows():
        geometry = row.geometry
        if geometry.geom_type == "Point":
            folium.CircleMarker(
                location=[geometry.y, geometry.x], radius=FOCUS_POINT_RADIUS_PX, stroke=False, fill=True,
                fill_color=FOCUS_COLOUR, fill_opacity=FOCUS_OPACITY, interactive=False,
            ).add_to(group)
        else:
            folium.GeoJson(
                mapping(geometry),
                style_function=lambda _f: {
                    "color": FOCUS_COLOUR, "weight": FOCUS_LINE_PX, "opacity": FOCUS_OPACITY, "lineCap": "round",
                    "fillColor": FOCUS_COLOUR, "fillOpacity": FOCUS_AREA_OPACITY,
                },
                interactive=False,
            ).add_to(group)
    return group


def legend_facts(row, layer_name: str) -> dict:
    """What the legend needs to know about one drawn feature (``legend.legend_sections``)."""
    geom_class = _geom_class(row.geometry)
    shape, symbol_label = symbol_for(row["kind"])
    return {
        "layer": layer_name,
        "status": row["status"] if isinstance(row["status"], str) else None,
        "mode": row["mode"] if isinstance(row["mode"], str) else None,
        "kind": row["kind"],
        "geom": geom_class,
        "shape": shape,
        "symbol_label": symbol_label,
        "method": row["accuracy_method"],
        "band": geom_class == "line" and has_error_band(row["accuracy_method"], row["accuracy_error_km"]),
    }


def _add_basemaps(m: folium.Map, atlas: Atlas, basemap: str) -> None:
    offline = folium.FeatureGroup(name=BASEMAPS[OFFLINE], overlay=False, show=basemap == OFFLINE)
    countries = load_basemap(reference_root(atlas.data_dir))
    folium.GeoJson(
        countries[["name", "geometry"]].__geo_interface__,
        style_function=lambda _f: {"color": "#8c8c8c", "weight": 0.7, "fillColor": "#f4f1ea", "fillOpacity": 1},
        interactive=False,
        smooth_factor=1.5,
    ).add_to(offline)
    offline.add_to(m)
    if basemap == OFFLINE:
        return
    # The user asked for online tiles: offer all of them (and the offline one) as base layers.
    for key, provider in _ONLINE_PROVIDERS.items():
        folium.TileLayer(provider, name=BASEMAPS[key], show=key == basemap, overlay=False).add_to(m)
    folium.LayerControl(position="topleft", collapsed=True).add_to(m)


class _InitialFit(MacroElement):
    """Fit the view to bounds at once: folium's FitBounds animates, and a
    screenshot or a test taken during that animation sees scaled, blurred lines."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% set map, pad = this._parent.get_name(), this.padding %}
        {{ map }}.fitBounds({{ this.bounds|tojson }}, {padding: [{{ pad }}, {{ pad }}], animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], padding: int = 20):
        super().__init__()
        self._name = "InitialFit"
        self.bounds = bounds
        self.padding = int(padding)  # pixels; 0 for an exact extent (a view's bbox)


class _SourceAttribution(MacroElement):
    """Credits in Leaflet's attribution control: the sources and the boundaries."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, atlas: Atlas, features):
        super().__init__()
        self._name = "SourceAttribution"
        self.text = h(credit_line(atlas, features))
