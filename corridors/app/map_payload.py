"""What the app's map is made of, before streamlit-folium sees it: the map, state requests, highlight, fits.

Why not ``st_folium(build_map(...))`` on every rerun: streamlit-folium renders the
whole folium map to HTML and JavaScript in Python on every call, and when the
map's script changes it mounts a new iframe: the map flickers, reloads and
forgets its view (streamlit-folium issues #53, #91, #163). So (issue 11):

* ``base_map``: the basemap and *every* layer of the atlas with the layer
  control, their labels and the South Caucasus inset, serialized once per data
  version and basemap for every session (``corridors.app.cache.base``) and sent
  as static files (``corridors.app.bridge.static_payload``). Layers and labels
  carry every naming, status, mode and date, so the browser toggles, filters and
  renames them itself (``corridors/web/js/atlas.js``, ``js/labels.js``, ``js/inset.js``);
* ``state_script``: what the app asks the live map to show (layers, filters,
  date, naming), applied once per token: a sidebar change sends these few
  hundred bytes, not a map. Layers toggled in the map's own layer control come
  back the other way (``state.map_report``), after the map has changed;
* ``focus_group``, ``user_group``, ``place_script``: the highlight, the user's
  uploaded layer and a gazetteer place found by search, as JavaScript the live
  map evaluates (``corridors.app.bridge.group_script``);
* ``fit_script``: fits the live map to features once per token (a passage
  chosen in the reader), not again on every later change. (``map_div`` is what
  streamlit-folium's frontend calls the live Leaflet map.)

Nothing here imports streamlit-folium; ``corridors.app.bridge`` is the one module that does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import folium
import pandas as pd

from corridors.data.atlas import Atlas
from corridors.model.detail import story_rows
from corridors.model.selection import Selection, select
from corridors.vocabulary import OFFLINE
from corridors.web import folium_map as webmap
from corridors.web.payload import script_json

# The frontend's groups (the layers are in the base map): the highlight, drawn first so it lies under
# the user's layer (issue 12) and a gazetteer place found by search.
FOCUS_INDEX = 0
USER_INDEX = FOCUS_INDEX + 1
PLACE_INDEX = FOCUS_INDEX + 2
START_ZOOM = 3


def base_map(atlas: Atlas, basemap: str = OFFLINE, cards_url: str | None = None) -> folium.Map:
    """The basemap and every layer of the atlas, with the layer control, labels and inset, credited for
    the whole atlas.

    With ``cards_url`` the popups' text is fetched from there when a popup first opens
    (``card_files`` says what to serve), so the first map carries geometry and names only. It opens on
    the atlas's corridors rather than Leaflet's placeholder (0, 0) at zoom 1, so the first view the map
    reports (and the share link shows) is a real one.
    """
    m = webmap.base_map(atlas, basemap)
    groups, _ = webmap.corridor_layers(atlas, atlas.features, cards_url=cards_url)
    webmap.add_layers(m, groups)
    webmap.add_labels(m, atlas, atlas.features, groups)
    west, south, east, north = story_rows(atlas.features).total_bounds
    m.location = [round(float(south + north) / 2, 4), round(float(west + east) / 2, 4)]
    m.options["zoom"] = START_ZOOM
    return webmap.make_offline(m)


def card_files(m: folium.Map) -> dict[str, bytes]:
    """The popup files of ``base_map(..., cards_url=...)``: name -> bytes, to serve under ``cards_url``."""
    files: dict[str, bytes] = {}
    for child in m._children.values():
        files.update(getattr(child, "files", {}))
    return files


def state_script(token: str, state: dict, atlas: Atlas | None = None) -> str:
    """Ask the live map to show ``state`` (``corridors.app.state.map_state``), once per ``token``.

    With a source filter or the "known by" clock (``model.sources``: not ported to the browser),
    the ids ``select`` keeps go along and the map shows exactly those.
    """
    if atlas is not None and (state.get("sources") or state.get("knownBy")):
        selection = Selection(layers=tuple(state["layers"]), statuses=tuple(state["statuses"]),
                              modes=tuple(state["modes"]), as_of=state["asOf"], sources=tuple(state["sources"]),
                              known_by=state["knownBy"])
        state = {**state, "ids": list(select(atlas.features, selection).index)}
    return f"CorridorAtlas.request(map_div, {script_json(token)}, {script_json(state)});\n"


def focus_group(atlas: Atlas, ids: Iterable[str]) -> folium.FeatureGroup | None:
    """``webmap.focus_layer`` inside a parent map, which ``group_script`` needs to name."""
    group = webmap.focus_layer(atlas, ids)
    if group is not None:
        group.add_to(folium.Map(location=None, tiles=None))
    return group


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


def place_script(name: str, lat: float, lon: float, idx: int) -> str:
    """A gazetteer place found by search, as a marker with its name, in the frontend's layer protocol
    (replaced on the next change like the highlight). The name goes in with textContent, never as markup."""
    var = f"feature_group_feature_group_{int(idx)}"
    return (
        f"var {var} = L.featureGroup();\n"
        "(function () {\n"
        "  var name = document.createElement('span');\n"
        f"  name.textContent = {script_json(name)};\n"
        f"  L.circleMarker([{float(lat)}, {float(lon)}], {{radius: 7, color: '#222', weight: 2, fillColor: '#F0E442',"
        " fillOpacity: 1, interactive: false})\n"
        f"    .bindTooltip(name, {{permanent: true, direction: 'right', offset: [8, 0], className: 'ca-place-tip'}})\n"
        f"    .addTo({var});\n"
        "})();\n"
        f"map_div.addLayer({var});\nwindow.feature_group = window.feature_group || [];\n"
        f"window.feature_group.push({var});\n"
    )


def user_group(name: str, features) -> folium.FeatureGroup | None:
    """``web.user_layer.user_layer`` inside a parent map, which ``group_script`` needs to name."""
    from corridors.web.user_layer import user_layer

    group = user_layer(name, features)
    if group is not None:
        group.add_to(folium.Map(location=None, tiles=None))
    return group
