"""The detail inset of the web map: the South Caucasus as a second, small Leaflet map (issue 8).

On a map of the whole atlas, Zangezur, Karabakh and the Astara-Rasht gap are a clump of symbols
a few pixels across. The inset shows that region (``corridors.model.detail``) large enough to
read, with the same symbols and labels, outlined on the main map; a click zooms the main map
there. Drawn in the browser by ``corridors/web/js/inset.js`` from JSON data built here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import box, mapping

from corridors.data.atlas import Atlas
from corridors.data.reference import load_basemap, reference_root
from corridors.model.detail import DETAIL_TITLE, detail_bounds
from corridors.style.features import feature_style
from corridors.style.geometry import POINT
from corridors.web.labels import atlas_candidates, naming_candidates, reference_candidates
from corridors.web.payload import script_json
from corridors.web.styles import path_options, symbol_svg

INSET_MARKER_PX = 14
LAND_STYLE = {"color": "#8c8c8c", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1}
_LAND_MARGIN = 0.6  # share of the region's size round it, so a resized inset never shows a cut


@cache
def inset_js() -> str:
    return files("corridors.web").joinpath("js", "inset.js").read_text(encoding="utf-8")


def inset_data(atlas: Atlas, features: pd.DataFrame,
               bounds: tuple[float, float, float, float] | None = None) -> dict | None:
    """What the inset draws, as JSON-ready data; None when the map needs no inset. Its labels come in
    every naming (``naming_candidates``) and its features with their ids, so the inset follows the main
    map's naming and filters (``js/atlas.js``) in the browser."""
    bounds = bounds or detail_bounds(features)
    if bounds is None:
        return None
    west, south, east, north = bounds
    region = box(west, south, east, north)
    inside = features[features.intersects(region)]
    dx, dy = (east - west) * _LAND_MARGIN, (north - south) * _LAND_MARGIN
    window = box(west - dx, south - dy, east + dx, north + dy)
    land = load_basemap(reference_root(atlas.data_dir))
    land = land[land.intersects(window)]
    return {
        "title": DETAIL_TITLE,
        "bounds": [[south, west], [north, east]],
        "land": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": mapping(shapely.intersection(g, window))}
            for g in land.geometry
        ]},
        "landStyle": LAND_STYLE,
        "features": {"type": "FeatureCollection", "features": [_feature(row) for _, row in inside.iterrows()]},
        # Every naming's labels: the inset's placer follows the main map's naming in the browser.
        "labels": naming_candidates(features, candidates=lambda rows, n: inset_candidates(rows, n, bounds)),
    }


def inset_candidates(features: pd.DataFrame, naming: str, bounds: tuple[float, float, float, float]) -> list[dict]:
    """The labels of the inset: the atlas's features in the region, and the reference places there."""
    west, south, east, north = bounds
    inside = features[features.intersects(box(west, south, east, north))]
    return atlas_candidates(inside, naming) + [
        c for c in reference_candidates(features, naming)
        if west <= c["at"][0][1] <= east and south <= c["at"][0][0] <= north
    ]


def _feature(row) -> dict:
    """One feature as the inset draws it: its id, geometry and look, no text."""
    style = feature_style(row)
    props: dict = {"corridor": row["corridor"], "id": row.name}
    if style.geometry == POINT:
        props["marker"] = str(symbol_svg(style.marker, style.colour, INSET_MARKER_PX))
    else:
        props["path"] = path_options(style)
    return {"type": "Feature", "properties": props, "geometry": mapping(row.geometry)}


class DetailInset(MacroElement):
    """The inset on a map; ``layers`` maps corridors to the main map's groups, so toggles apply to both.

    Its data travels inside the map's script as a JSON literal (``script_json``: nothing in it can end
    the script), so it works where only the map's script runs: in the app, streamlit-folium drops the
    page's other elements."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}
        window.CorridorInset.attach({{ this._parent.get_name() }}, {{ this.data_json }},
          {layers: {{ this.layer_vars }}});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, layers: Mapping | None = None):
        super().__init__()
        self._name = "DetailInset"
        self.data = data
        self.layers = dict(layers or {})
        self.js = inset_js()

    @property
    def data_json(self) -> str:
        return script_json(self.data)

    @property
    def layer_vars(self) -> str:
        # Corridor keys are ours (the vocabulary); JSON-encode them as object keys.
        pairs = ", ".join(f"{json.dumps(name)}: {group.get_name()}" for name, group in self.layers.items())
        return "{" + pairs + "}"
