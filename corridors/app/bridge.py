"""The app's map: a fixed basemap in one iframe, the atlas layers swapped in without reloading it.

Why not just ``st_folium(build_map(...))`` on every rerun: streamlit-folium
(0.27.4) renders the whole folium map to HTML and JavaScript in Python on every
call (0.17 s for the offline basemap alone), and when the script of the map
changes it mounts a new iframe: the map flickers, reloads and forgets its view
(streamlit-folium issues #53, #91, #163). And ``st_folium`` mutates the map it
is given (``feature_group_to_add`` groups become children of the map, element
ids are rewritten), so a map cached with ``st.cache_resource`` gets a different
script on the second rerun and the iframe is recreated anyway.

So this module does what ``st_folium`` does, once per thing that changes, and
keeps the results as plain strings the app caches:

* ``base_payload(base_map(...))``: the basemap, the vendored assets and the
  attribution, serialized once per (data, basemap). Its script's hash is the
  component key, so the iframe is only recreated when the basemap changes;
* ``group_script(group, idx)``: one atlas layer as the JavaScript that
  streamlit-folium's frontend evaluates for ``feature_group_to_add``: on a
  change it removes the previous groups from the live Leaflet map and adds the
  new ones (no reload; view, popups and iframe survive). Layers are serialized
  once per (data, filters, date, naming, focus) and toggling only picks which
  strings to send;
* ``fit_script(token, bounds)``: fits the live map to features once per token
  (a passage chosen in the reader), not again on every later layer change.

``show_map`` then calls streamlit-folium's own component with these arguments,
exactly as ``st_folium`` would (``tests/test_app.py`` checks that against
``st_folium`` itself, so an upgrade that changes the protocol fails a test).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import folium
import pandas as pd
import streamlit_folium
from streamlit_folium import generate_leaflet_string, get_full_id

from corridors.data.atlas import Atlas
from corridors.model.names import ARTICLE
from corridors.model.selection import Selection, select
from corridors.style.features import CORRIDOR_COLOURS, CORRIDOR_LABELS
from corridors.vocabulary import OFFLINE
from corridors.web import folium_map as webmap
from corridors.web.escape import h
from corridors.web.folium_map import LAYER_LABELS, legend_facts
from corridors.web.legend import legend_sections

# The corridors in drawing order; a layer's index names its group in the frontend.
LAYER_ORDER: tuple[str, ...] = tuple(LAYER_LABELS)
FOCUS_INDEX = len(LAYER_ORDER)  # the highlight's group, drawn first so it lies under the layers
RETURNED_OBJECTS = ("last_active_drawing", "last_object_clicked_count", "center", "zoom")

# Serializing renders and renames folium elements in place; cached maps are
# shared between sessions, so one serialization at a time.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class MapPayload:
    """The arguments of streamlit-folium's component that depend only on the base map."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]

    @property
    def key(self) -> str:
        """The component key: a new iframe exactly when the base map's script changes."""
        return "atlas-map-" + hashlib.sha256(self.script.encode()).hexdigest()[:16]


def base_map(atlas: Atlas, basemap: str = OFFLINE) -> folium.Map:
    """The basemap alone, credited for the whole atlas (the layers come later), with the vendored assets."""
    return webmap.base_map(atlas, basemap)


def layer_groups(
    atlas: Atlas, selection: Selection | None, naming: str = ARTICLE
) -> dict[str, folium.FeatureGroup]:
    """Each corridor's layer as ``build_map`` draws it, keyed by corridor (absent when empty)."""
    groups, _ = webmap.corridor_layers(atlas, select(atlas.features, selection), naming=naming)
    # folium renders a layer only inside a map; group_script swaps this one's id for the live map's.
    parent = folium.Map(tiles=None)
    for group in groups.values():
        group.add_to(parent)
    return groups


def focus_group(atlas: Atlas, ids: Iterable[str]) -> folium.FeatureGroup | None:
    """``webmap.focus_layer`` inside a parent map, which ``group_script`` needs to name."""
    group = webmap.focus_layer(atlas, ids)
    if group is not None:
        group.add_to(folium.Map(location=None, tiles=None))
    return group


def base_payload(m: folium.Map) -> MapPayload:
    """Serialize a base map the way ``st_folium`` does (``streamlit_folium.st_folium``)."""
    with _LOCK:
        m.get_root().render()
        m.render()
        html = streamlit_folium._get_html(m)
        header = streamlit_folium._get_header(m)
        script = streamlit_folium._get_map_string(m)
        css: list[str] = []
        js: list[str] = []
        for element in _walk(m):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        return MapPayload(
            script=script,
            header=header,
            html=html,
            map_id=get_full_id(m),
            css_links=tuple(dict.fromkeys(css)),
            js_links=tuple(dict.fromkeys(js)),
        )


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def group_script(group: folium.FeatureGroup, idx: int) -> str:
    """One layer as streamlit-folium's ``feature_group_to_add`` JavaScript (its ``_get_feature_group_string``).

    Unlike streamlit-folium, the group stays in the map ``build_map`` put it in,
    so no cached map is modified.
    """
    with _LOCK:
        base_id = f"feature_group_{idx}"
        group._id = base_id
        group.render()
        script = generate_leaflet_string(group, base_id=base_id)
        script = script.replace(get_full_id(group._parent), "map_div")
        name = f"feature_group_{base_id}"
        return (
            script
            + f"\nmap_div.addLayer({name});\nwindow.feature_group = window.feature_group || [];"
            + f"\nwindow.feature_group.push({name});\n"
        )


def fit_script(token: str, bounds: list[list[float]], max_zoom: int = 8) -> str:
    """Fit the live map to ``bounds`` ([[south, west], [north, east]]) once per ``token``."""
    return (
        "(function () {\n"
        f"  var token = {json.dumps(token)};\n"
        "  if (window.__caFitToken === token) { return; }\n"
        "  window.__caFitToken = token;\n"
        f"  map_div.fitBounds({json.dumps(bounds)}, {{padding: [28, 28], maxZoom: {int(max_zoom)}}});\n"
        "})();\n"
    )


def feature_bounds(features: pd.DataFrame, ids: Iterable[str] | None = None) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the features (all of them when ``ids`` is None)."""
    rows = features if ids is None else features.loc[[i for i in ids if i in features.index]]
    if rows.empty:
        return None
    west, south, east, north = rows.total_bounds
    return [[round(float(south), 5), round(float(west), 5)], [round(float(north), 5), round(float(east), 5)]]


def show_map(
    payload: MapPayload,
    scripts: Iterable[str],
    *,
    height: int = 620,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> Mapping | None:
    """Draw the map component; returns the clicked feature and the view (``RETURNED_OBJECTS``).

    ``scripts``: the layers (``group_script``) and fits (``fit_script``) to show
    now. ``center``/``zoom`` move the map when they differ from the last ones
    sent (streamlit-folium's own rule), so pass the same values until the app
    wants the map to move.
    """
    feature_group = "".join(scripts)
    return streamlit_folium._component_func(
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=payload.key,
        height=height,
        width=None,  # the container's width
        returned_objects=list(RETURNED_OBJECTS),
        default={"last_active_drawing": None, "last_object_clicked_count": None},
        zoom=zoom,
        center=list(center) if center is not None else None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(payload.css_links),
        js_links=list(payload.js_links),
        wrap_longitude=False,
    )


# --------------------------------------------------------------------------- legend


def legend_entries(features: pd.DataFrame) -> list[dict]:
    """What ``corridors.web.legend.legend_sections`` needs to know about each drawn feature."""
    return [legend_facts(row, LAYER_LABELS[row["corridor"]]) for _, row in features.iterrows()]


def legend_html(features: pd.DataFrame) -> str:
    """The legend of the drawn features as HTML for Streamlit (labels escaped, samples ours)."""
    used = legend_entries(features)
    drawn = {u["layer"] for u in used}
    labels = {LAYER_LABELS[c]: CORRIDOR_LABELS[c] for c in LAYER_ORDER if LAYER_LABELS[c] in drawn}
    colours = {LAYER_LABELS[c]: CORRIDOR_COLOURS[c] for c in LAYER_ORDER}
    sections = []
    for title, rows in legend_sections(used, labels, colours):
        if not rows:
            continue
        body = "".join(
            f'<div class="ca-row">{_as_image(sample)}<span>{h(label)}</span></div>' for sample, label, _ in rows
        )
        sections.append(f'<section><h5>{h(title)}</h5>{body}</section>')
    return f'<div class="ca-legend" data-testid="app-legend">{"".join(sections)}</div>'


def _as_image(sample: str) -> str:
    """A legend sample that survives Streamlit's HTML sanitizer (which drops inline ``<svg>``)."""
    if not sample.startswith("<svg"):
        return sample
    if "xmlns=" not in sample:
        sample = sample.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    width = re.search(r'width="(\d+)"', sample)
    height = re.search(r'height="(\d+)"', sample)
    size = (f' width="{width.group(1)}"' if width else "") + (f' height="{height.group(1)}"' if height else "")
    uri = "data:image/svg+xml;base64," + base64.b64encode(sample.encode("utf-8")).decode("ascii")
    return f'<img src="{uri}"{size} alt="">'
