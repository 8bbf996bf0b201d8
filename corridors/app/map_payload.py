"""What the app's map is made of, before streamlit-folium sees it: layers, highlight, fits, bounds.

Why not just ``st_folium(build_map(...))`` on every rerun: streamlit-folium
renders the whole folium map to HTML and JavaScript in Python on every call
(0.17 s for the offline basemap alone), and when the script of the map changes
it mounts a new iframe: the map flickers, reloads and forgets its view
(streamlit-folium issues #53, #91, #163). So the app draws one fixed basemap
and sends the atlas as layers that the live map swaps in:

* ``base_map``: the basemap alone (serialized once per data and basemap by
  ``corridors.app.bridge.base_payload``);
* ``layer_groups`` / ``focus_group``: each corridor's layer and the highlight,
  as folium groups that ``corridors.app.bridge.group_script`` turns into the
  JavaScript the live map evaluates (toggling a layer only picks among them);
* ``fit_script``: fits the live map to features once per token (a passage
  chosen in the reader), not again on every later layer change. (``map_div``
  is what streamlit-folium's frontend calls the live Leaflet map.)

Nothing here imports streamlit-folium; ``corridors.app.bridge`` is the one module that does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import folium
import pandas as pd

from corridors.data.atlas import Atlas
from corridors.model.detail import detail_bounds, story_rows
from corridors.model.names import ARTICLE
from corridors.model.selection import Selection, select
from corridors.vocabulary import OFFLINE
from corridors.web import folium_map as webmap
from corridors.web.folium_map import LAYER_LABELS
from corridors.web.inset import DetailInset, inset_candidates, inset_data
from corridors.web.label_layer import LabelLayer, label_script, script_json
from corridors.web.labels import map_candidates

# The corridors in drawing order; a layer's index names its group in the frontend.
LAYER_ORDER: tuple[str, ...] = tuple(LAYER_LABELS)
FOCUS_INDEX = len(LAYER_ORDER)  # the highlight's group, drawn first so it lies under the layers
PLACE_INDEX = FOCUS_INDEX + 2  # a gazetteer place found by search (after the user's layer, USER_INDEX)
START_ZOOM = 3


def base_map(atlas: Atlas, basemap: str = OFFLINE) -> folium.Map:
    """The basemap alone, credited for the whole atlas (the layers come later), with the vendored assets
    and the label placer (the labels come with the layers, ``labels_script``).

    It opens on the atlas's corridors rather than Leaflet's placeholder (0, 0) at zoom 1, so the first
    view the map reports (and the share link shows) is a real one.
    """
    m = webmap.base_map(atlas, basemap)
    LabelLayer(None, credit=webmap.gazetteer_credit()).add_to(m)
    detail = inset_data(atlas, atlas.features)
    if detail is not None:  # the South Caucasus, readable; labels_script keeps it to the layers shown
        DetailInset(detail).add_to(m)
    west, south, east, north = story_rows(atlas.features).total_bounds
    m.location = [round(float(south + north) / 2, 4), round(float(west + east) / 2, 4)]
    m.options["zoom"] = START_ZOOM
    return m


def labels_script(atlas: Atlas, selection: Selection | None, layers: Iterable[str], naming: str = ARTICLE) -> str:
    """The labels of the features on the map (the ticked layers of the selection), as JavaScript for the
    live map: the placer, already in the base map, places them."""
    features = select(atlas.features, selection)
    features = features[features["corridor"].isin(list(layers))]
    script = label_script(map_candidates(features, naming) if not features.empty else [])
    bounds = detail_bounds(atlas.features)
    if bounds is not None:
        inset = inset_candidates(features, naming, bounds) if not features.empty else []
        shown = script_json(sorted(set(features["corridor"])))
        script += f"window.CorridorInset && window.CorridorInset.show(map_div, {shown}, {script_json(inset)});\n"
    return script


def place_script(name: str, lat: float, lon: float, idx: int) -> str:
    """A gazetteer place found by search, as a marker with its name, in the frontend's layer protocol
    (replaced on the next change like the layers). The name goes in with textContent, never as markup."""
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


USER_INDEX = FOCUS_INDEX + 1  # the user's uploaded layer (issue 12), drawn above the atlas's layers


def user_group(name: str, features) -> folium.FeatureGroup | None:
    """``web.user_layer.user_layer`` inside a parent map, which ``group_script`` needs to name."""
    from corridors.web.user_layer import user_layer

    group = user_layer(name, features)
    if group is not None:
        group.add_to(folium.Map(location=None, tiles=None))
    return group
