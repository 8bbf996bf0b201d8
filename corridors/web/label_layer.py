"""The labels of a Leaflet map: the candidates as JSON data, and the placer that shows them.

The candidates come from ``corridors.web.labels``; the placer is
``corridors/web/js/labels.js``. The list leaves Python as one JSON literal in the
map's script, assigned to its own variable (``script_json`` escapes ``<``, ``>``,
``&`` and the JavaScript line separators, so nothing in it can end the script),
and each text reaches the page through ``textContent`` only, so a name from data
never becomes markup or script. Data in the map's script, not a separate element,
because a host that runs only the map's script (streamlit-folium) must get it too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from branca.element import MacroElement
from jinja2 import Template

from corridors.web.css import labels_css
from corridors.web.escape import h
from corridors.web.payload import script_json  # the label data is encoded as the layers are


@cache
def placer_js() -> str:
    """The label placer's source (``corridors/web/js/labels.js``, shipped as package data)."""
    return files("corridors.web").joinpath("js", "labels.js").read_text(encoding="utf-8")


class LabelLayer(MacroElement):
    """The labels of one Leaflet map: the placer, and the candidates as JSON data.

    ``layers`` maps corridors to their folium groups, so a label hides with its
    corridor's layer. ``credit`` is added to the map's credits when the list
    holds reference places. The data's variable is named after the map, so several
    maps on one page keep their own lists; the second map
    passes ``include_placer=False`` to reuse the first one's code.
    ``candidates=None`` adds only the placer. Candidates may carry every naming's text
    (``corridors.web.labels.naming_candidates``): the placer follows the map's naming.

    The placer travels in the element's *script* (run by the map's own script):
    streamlit-folium never runs ``<script>`` blocks of the page header.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {% if this.include_placer %}{{ this.js }}{% endif %}
        {% if this.credit %}
        if ({{ this.map_var }}.attributionControl) {
          {{ this.map_var }}.attributionControl.addAttribution({{ this.credit|tojson }});
        }
        {% endif %}
        {% if this.candidates is not none %}
        var {{ this.data_var }} = {{ this.data_json }};
        window.CorridorLabels.attach({{ this.map_var }}, {{ this.data_var }}, {layers: {{ this.layer_vars }}});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, candidates: list[dict] | None, layers: Mapping | None = None, *,
                 include_placer: bool = True, map_name: str | None = None, credit: str | None = None):
        super().__init__()
        self._name = "LabelLayer"
        self.candidates = candidates
        # Reference names come with their licence's credit (GeoNames, CC BY), escaped as HTML: on a map
        # whose list holds reference places, or (candidates None) whose labels come later.
        with_reference = candidates is None or any(c["id"].startswith("ref:") for c in candidates)
        self.credit = h(credit) if credit and with_reference else None
        self.layers = dict(layers or {})
        self.include_placer = include_placer
        self.map_name = map_name  # another map's variable (the inset's), else the parent's
        self.css = labels_css()
        self.js = placer_js()

    @property
    def map_var(self) -> str:
        return self.map_name or self._parent.get_name()

    @property
    def data_var(self) -> str:
        return f"ca_labels_{self.map_var}"

    @property
    def data_json(self) -> str:
        return script_json(self.candidates)

    @property
    def layer_vars(self) -> str:
        # Corridor keys are ours (the vocabulary); JSON-encode them as object keys.
        pairs = ", ".join(f"{json.dumps(name)}: {group.get_name()}" for name, group in self.layers.items())
        return "{" + pairs + "}"

