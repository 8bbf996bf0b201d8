"""Build the interactive Folium (Leaflet) map of the atlas.

One call, ``build_map(atlas)``: a layer per corridor (INSTC, BAM, Zangezur),
the Karabakh conflict layer and the context places, grouped in the layer
control; lines styled by corridor, status and mode with an error band; point
symbols by kind; compact popups with the citations; a legend that follows the
layers; labels placed without collisions and a South Caucasus inset (issue 8);
an offline Natural Earth basemap by default, with no cut edge at any view. The
map's scripts and styles come from vendored files (``corridors.web.offline``), so
it renders with no network.

Each layer is one compact GeoJSON plus the text of its popups, drawn in the
browser by ``js/atlas.js`` (``corridors.web.payload`` and ``corridors.web.layers``
say how): no script, popup or buffered band per feature, so a file stays close to
the size of the data it draws. Strings from data reach the page through
``textContent`` only; the few that folium itself places (credits) are escaped
with ``corridors.web.escape``. From ``CANVAS_MIN_FEATURES`` features on, Leaflet
draws vectors on a canvas instead of as SVG elements, so a map of thousands of
lines stays pannable.
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
from corridors.model.credits import credit_line
from corridors.model.detail import story_rows
from corridors.model.names import ARTICLE, NAMINGS
from corridors.model.selection import Selection, parse_layers, select
from corridors.model.view import View
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
from corridors.web.labels import naming_candidates
from corridors.web.layers import AtlasLayer, AtlasRuntime, AtlasState
from corridors.web.legend import Legend
from corridors.web.offline import make_offline
from corridors.web.page import MapFit, PageHeader
from corridors.web.payload import layer_payload, split_cards

# The layer-control name of each layer (also the legend's key).
LAYER_LABELS = {key: c.layer_label for key, c in CORRIDORS.items()}
# The layer control's headings, in display order, and the layers (corridors) under each.
LAYERS_BY_HEADING = {
    heading: [key for key, c in CORRIDORS.items() if c.group == group] for group, heading in LAYER_GROUPS.items()
}
# From this many features on, vectors go on one canvas: thousands of SVG paths make every pan and
# zoom slow (issue 11), and below it SVG keeps each line an element (crisp, inspectable, testable).
CANVAS_MIN_FEATURES = 1500
# From this many features on, error bands are left out: at that density they only blur the lines.
BANDS_MAX_FEATURES = 3000

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
    if naming not in NAMINGS:
        raise ValueError(f"unknown naming {naming!r}; choose from {sorted(NAMINGS)}")

    m = base_map(atlas, basemap, features=features, height=height)
    highlight = focus_layer(atlas, focus)
    if highlight is not None:
        highlight.add_to(m)  # first, so it lies under the corridor layers
    groups, legend = corridor_layers(atlas, features, visible=visible, as_of=selection.as_of if selection else None,
                                     known_by=selection.known_by if selection else None)
    add_layers(m, groups)
    if groups:
        Legend(legend, groups).add_to(m)
        add_labels(m, atlas, features, groups, inset=view is None and not focus)
    if naming != ARTICLE:
        AtlasState({"naming": naming}).add_to(m)  # the layers, labels and inset take it from the state
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
    shown = atlas.features if features is None else features
    canvas = len(shown) >= CANVAS_MIN_FEATURES
    m = folium.Map(location=None, zoom_start=None, tiles=None, control_scale=True, height=height,
                   prefer_canvas=canvas)
    m.get_root().header.add_child(Element(f"<style>{map_css()}{card_css()}</style>"), name="ca_css")
    AtlasRuntime(bands=len(shown) < BANDS_MAX_FEATURES, canvas=canvas).add_to(m)  # before anything it draws
    add_basemaps(m, atlas, basemap)
    _SourceAttribution(atlas, atlas.features if features is None else features).add_to(m)
    MapFit().add_to(m)
    return make_offline(m)


def corridor_layers(
    atlas: Atlas,
    features,
    *,
    visible: Iterable[str] | None = None,
    as_of: str | None = None,
    known_by: str | None = None,
    cards_url: str | None = None,
) -> tuple[dict[str, AtlasLayer], LegendModel]:
    """One ``AtlasLayer`` per corridor present in ``features`` (keyed by corridor, in display
    order), and the legend of the features drawn. Every naming travels with the layers: the
    browser shows the one the map's state names (``AtlasState``). The popups are the cards at
    ``as_of`` and ``known_by`` (the selection's dates). With ``cards_url`` (a URL folder) the popups' text is left
    out, for the browser to fetch from there on the first popup: each layer's ``files`` holds it."""
    visible_parsed = parse_layers(visible)
    groups: dict[str, AtlasLayer] = {}
    for corridor, label in LAYER_LABELS.items():
        rows = features[features["corridor"] == corridor]
        if rows.empty:
            continue
        shown = visible_parsed is None or _layer_matches(corridor, rows["layer"].iloc[0], visible_parsed)
        payload, files = layer_payload(atlas, rows, corridor, as_of, known_by), {}
        if cards_url is not None:
            payload, name, data = split_cards(payload, cards_url)
            files[name] = data
        groups[corridor] = AtlasLayer(corridor, label, payload, show=shown)
        groups[corridor].files = files
    return groups, legend_model(features[features["corridor"].isin(list(groups))])


def add_layers(m: folium.Map, groups: dict[str, AtlasLayer]) -> None:
    """Add the layers to ``m``, in order, with the layer control grouped by heading."""
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


def add_labels(m: folium.Map, atlas: Atlas, features, groups: dict[str, AtlasLayer], *, inset: bool = True) -> None:
    """The map's labels (every naming; the placer follows the map's naming, layers and filters in the
    browser) and, with ``inset``, the South Caucasus inset when the features need one (issue 8)."""
    LabelLayer(naming_candidates(features), groups, credit=gazetteer_credit()).add_to(m)
    detail = inset_data(atlas, features) if inset else None
    if detail is not None:
        DetailInset(detail, groups).add_to(m)


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
