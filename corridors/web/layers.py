"""The atlas's layers as folium elements: the browser runtime with its index, and one element per layer.

``AtlasRuntime`` puts ``js/card.js`` and ``js/atlas.js`` and the index (styles, popup text) into the map's script;
``AtlasLayer`` is one corridor's layer: a compact GeoJSON that the runtime draws into an
``L.FeatureGroup``. Both render inside the map's own script (streamlit-folium runs only that,
not inline header scripts), so the same elements serve the exported HTML and the app.

``AtlasLayer`` is a folium ``Layer``: the layer control lists it by ``layer_name`` and refers to
it by ``get_name()``, as the legend and the label placer do.
"""

from __future__ import annotations

import functools
from pathlib import Path

from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from corridors.web.payload import script_json

JS_DIR = Path(__file__).with_name("js")
JS_FILES = ("card.js", "atlas.js")  # the popup renderer first: the runtime calls it


@functools.cache
def runtime_js() -> str:
    return "\n".join((JS_DIR / name).read_text(encoding="utf-8") for name in JS_FILES)


class AtlasRuntime(MacroElement):
    """The browser runtime; add it to the map before the basemap and any ``AtlasLayer``.

    ``bands=False`` leaves the error bands out (a map of thousands of lines, where they would
    only blur); ``canvas=True`` draws point symbols on the canvas too (the map's ``prefer_canvas``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.runtime }}
        CorridorAtlas.init({{ this._parent.get_name() }}, {{ this.options }});
        CorridorAtlas.watch({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, bands: bool = True, canvas: bool = False):
        super().__init__()
        self._name = "AtlasRuntime"
        self.runtime = runtime_js()
        self.options = script_json({"bands": bands, "canvas": canvas})


class AtlasLayer(Layer):
    """One corridor's layer, drawn by the runtime from ``payload`` (``corridors.web.payload.layer_payload``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = CorridorAtlas.layer(
            {{ this._parent.get_name() }}, {{ this.corridor_json }}, {{ this.data }});
        {% endmacro %}
        """
    )

    def __init__(self, corridor: str, name: str, payload: dict, *, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FeatureGroup"  # streamlit-folium and the tests know layers by this name
        self.corridor = corridor
        self.corridor_json = script_json(corridor)
        self.ids = [f["properties"]["id"] for f in payload["geojson"]["features"]]
        self.data = script_json(payload)


class AtlasState(MacroElement):
    """Apply a state (``{layers, statuses, modes, asOf, naming}``) once the layers are in."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        CorridorAtlas.apply({{ this._parent.get_name() }}, {{ this.state }});
        {% endmacro %}
        """
    )

    def __init__(self, state: dict):
        super().__init__()
        self._name = "AtlasState"
        self.state = script_json(state)
