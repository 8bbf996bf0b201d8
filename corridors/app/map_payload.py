"""What the app's map is made of, before streamlit-folium sees it: the map, state requests, highlight, fits.

Why not ``st_folium(build_map(...))`` on every rerun: streamlit-folium renders the
whole folium map to HTML and JavaScript in Python on every call, and when the
map's script changes it mounts a new iframe: the map flickers, reloads and
forgets its view (streamlit-folium issues #53, #91, #163). So (issue 11):

* ``base_map``: the basemap and *every* layer of the atlas with the layer
  control, serialized once per data version and basemap for every session
  (``corridors.app.cache.base``) and sent as static files
  (``corridors.app.bridge.static_payload``). Layers carry every naming, status,
  mode and date, so the browser toggles, filters and renames them itself
  (``corridors/web/js/atlas.js``);
* ``state_script``: what the app asks the live map to show (layers, filters,
  date, naming), applied once per token: a sidebar change sends these few
  hundred bytes, not a map. Layers toggled in the map's own layer control come
  back the other way (``state.map_report``), after the map has changed;
* ``focus_group``: the highlight, as a folium group that
  ``corridors.app.bridge.group_script`` turns into JavaScript;
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
from corridors.model.selection import Selection, select
from corridors.vocabulary import OFFLINE
from corridors.web import folium_map as webmap
from corridors.web.payload import script_json

FOCUS_INDEX = 0  # the highlight's group in the frontend (the layers are in the base map)


def base_map(atlas: Atlas, basemap: str = OFFLINE, cards_url: str | None = None) -> folium.Map:
    """The basemap and every layer of the atlas, with the layer control, credited for the whole atlas.

    With ``cards_url`` the popups' text is fetched from there when a popup first opens
    (``card_files`` says what to serve), so the first map carries geometry and names only.
    """
    m = webmap.base_map(atlas, basemap)
    groups, _ = webmap.corridor_layers(atlas, atlas.features, cards_url=cards_url)
    webmap.add_layers(m, groups)
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
