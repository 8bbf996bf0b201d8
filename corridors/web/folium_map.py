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

import re
from collections.abc import Iterable

import folium
import shapely
from branca.element import Element, MacroElement
from folium.plugins import GroupedLayerControl
from jinja2 import Template
from shapely.geometry import mapping

from corridors.data.atlas import Atlas
from corridors.data.gazetteer import load_gazetteer
from corridors.data.geodesy import geodesic_buffer
from corridors.model.credits import credit_line
from corridors.model.detail import story_rows
from corridors.model.names import ARTICLE, display_name
from corridors.model.selection import Selection, parse_layers, select
from corridors.model.view import View
from corridors.style.features import feature_style
from corridors.style.focus import (
    FOCUS_AREA_OPACITY,
    FOCUS_COLOUR,
    FOCUS_LINE_PX,
    FOCUS_OPACITY,
    FOCUS_POINT_RADIUS_PX,
)
from corridors.style.geometry import POINT, geometry_kind
from corridors.style.legend import LegendModel, legend_model
from corridors.vocabulary import BASEMAPS, CORRIDORS, LAYER_GROUPS, OFFLINE
from corridors.web.basemap import add_basemaps
from corridors.web.css import card_css, map_css
from corridors.web.escape import h
from corridors.web.inset import DetailInset, inset_data
from corridors.web.label_layer import LabelLayer
from corridors.web.labels import map_candidates
from corridors.web.legend import Legend
from corridors.web.offline import make_offline
from corridors.web.page import MapFit, PageHeader
from corridors.web.popups import popup_html, tooltip_html
from corridors.web.styles import band_options, hover_options, marker_html, path_options

# The layer-control name of each layer (also the legend's key).
LAYER_LABELS = {key: c.layer_label for key, c in CORRIDORS.items()}
# The layer control's headings, in display order, and the layers (corridors) under each.
LAYERS_BY_HEADING = {
    heading: [key for key, c in CORRIDORS.items() if c.group == group] for group, heading in LAYER_GROUPS.items()
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
    sets ``osm``, ``imagery``, which then also lists the others;
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
    groups, legend = corridor_layers(atlas, features, naming=naming, visible=visible)
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
            # Collapsible, so a narrow map shows it as a button; page.css keeps it open on wide maps.
            collapsed=True,
            position="topright",
        ).add_to(m)
        Legend(legend, groups).add_to(m)
        LabelLayer(map_candidates(features, naming), groups, credit=gazetteer_credit()).add_to(m)
        if view is None and not focus:  # a map opened on the whole story, not one place
            detail = inset_data(atlas, features, naming)
            if detail is not None:
                DetailInset(detail, groups).add_to(m)
    if title:
        PageHeader(title).add_to(m)

    if view is not None:
        m.location = [view.lat, view.lon]
        m.options["zoom"] = view.zoom
    elif bounds is not None:
        west, south, east, north = (float(v) for v in bounds)
        _InitialFit([[south, west], [north, east]], padding=0).add_to(m)
    else:
        bounds_rows = features.loc[focus] if focus else story_rows(_visible_rows(features, visible_parsed))
        if bounds_rows.empty:
            bounds_rows = features
        # Fit closely: a quarter zoom step, not Leaflet's whole steps that leave a margin up to 2x.
        m.options["zoomSnap"] = 0.25
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
    m.get_root().header.add_child(Element(f"<style>{map_css()}{card_css()}</style>"), name="ca_css")
    add_basemaps(m, atlas, basemap)
    _SourceAttribution(atlas, atlas.features if features is None else features).add_to(m)
    MapFit().add_to(m)
    return make_offline(m)


def corridor_layers(
    atlas: Atlas,
    features,
    *,
    naming: str = ARTICLE,
    visible: Iterable[str] | None = None,
) -> tuple[dict[str, folium.FeatureGroup], LegendModel]:
    """One ``FeatureGroup`` per corridor present in ``features`` (keyed by corridor,
    in display order), and the legend of the features drawn."""
    visible_parsed = parse_layers(visible)
    groups: dict[str, folium.FeatureGroup] = {}
    for corridor, label in LAYER_LABELS.items():
        rows = features[features["corridor"] == corridor]
        if rows.empty:
            continue
        shown = visible_parsed is None or _layer_matches(corridor, rows["layer"].iloc[0], visible_parsed)
        group = folium.FeatureGroup(name=label, show=shown)
        for fid, row in rows.iterrows():
            _add_feature(group, atlas, fid, row, naming)
        groups[corridor] = group
    return groups, legend_model(features[features["corridor"].isin(list(groups))])


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


def _add_feature(group, atlas: Atlas, fid: str, row, naming: str) -> None:
    """Draw one feature into its layer, as ``feature_style`` says it looks."""
    name = display_name(row, naming)
    style = feature_style(row)
    # Only what the app needs back from a click; the popup carries the rest.
    data = {
        "type": "Feature",
        "geometry": mapping(row.geometry),
        "properties": {"id": fid, "name": name, "corridor": row["corridor"], "kind": row["kind"]},
    }
    # ``select`` tags rows with the "as of" date: the popup then gives the status at that date.
    as_of, known_by = row.get("as_of"), row.get("known_by")  # and with the "known by" clock, its sources only
    popup = folium.Popup(popup_html(atlas, fid, naming, as_of if isinstance(as_of, str) else None,
                                    known_by if isinstance(known_by, str) else None), max_width=440)
    # Sticky (following the pointer) suits long lines; a marker's tooltip sits by the marker.
    tooltip = folium.Tooltip(tooltip_html(name, row["kind"]), sticky=style.geometry != POINT)

    if style.band:
        band = band_options(style)
        folium.GeoJson(
            mapping(geodesic_buffer(row.geometry, style.band_km)),
            style_function=lambda _f: band,
            interactive=False,
        ).add_to(group)

    if style.geometry == POINT:
        icon = folium.DivIcon(html=marker_html(style), icon_size=(20, 20), icon_anchor=(10, 10), class_name="ca-marker")
        layer = folium.GeoJson(data, marker=folium.Marker(icon=icon), popup=popup, tooltip=tooltip)
    else:
        path, hover = path_options(style), hover_options(style)
        layer = folium.GeoJson(
            data,
            style_function=lambda _f: path,
            highlight_function=lambda _f: hover,
            popup=popup,
            tooltip=tooltip,
        )
    layer.add_to(group)


def focus_layer(atlas: Atlas, ids: Iterable[str]) -> folium.FeatureGroup | None:
    """A highlight under the chosen features, sized in pixels so it shows at every zoom
    (a halo in km vanishes at continental zoom). Its own layer: changing the
    highlight never rebuilds the corridor layers. None when no id is in the atlas."""
    rows = atlas.features.loc[[fid for fid in ids if fid in atlas.features.index]]
    if rows.empty:
        return None
    group = folium.FeatureGroup(name="highlight", control=False)
    for fid, row in rows.iterrows():
        geometry = row.geometry
        # The class names which feature a halo is for: a click on another feature hides it in the
        # browser (corridors/web/js/fit.js), with no rerun that would close the popup just opened.
        classes = "ca-focus" + (f" ca-focus-for-{fid}" if _CLASS_SAFE.fullmatch(fid) else "")
        if geometry_kind(geometry) == POINT:
            for point in shapely.get_parts(geometry):
                folium.CircleMarker(
                    location=[point.y, point.x], radius=FOCUS_POINT_RADIUS_PX, stroke=False, fill=True,
                    fill_color=FOCUS_COLOUR, fill_opacity=FOCUS_OPACITY, interactive=False, className=classes,
                ).add_to(group)
        else:
            folium.GeoJson(
                mapping(geometry),
                style_function=lambda _f, c=classes: {
                    "color": FOCUS_COLOUR, "weight": FOCUS_LINE_PX, "opacity": FOCUS_OPACITY, "lineCap": "round",
                    "fillColor": FOCUS_COLOUR, "fillOpacity": FOCUS_AREA_OPACITY, "className": c,
                },
                interactive=False,
            ).add_to(group)
    return group


_CLASS_SAFE = re.compile(r"[A-Za-z0-9_-]+")


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


def gazetteer_credit() -> str:
    """The credit a map owes for the gazetteer's reference names."""
    return load_gazetteer().credit
