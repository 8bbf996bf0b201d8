"""The map's legend and title as Leaflet controls, rendered from a ``LegendModel``.

folium has no categorical legend. This one shows the model's sections (colour, pattern, width,
symbol, certainty) and follows the layer control: each row names the corridors it explains and is
hidden while none of their layers is on the map, as ``LegendModel.visible`` decides in Python.
Markup is in ``templates/`` (legend, swatch, symbol, title), the look in ``css/legend.css``.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

from corridors.style.legend import LegendModel, Swatch
from corridors.web.css import legend_css
from corridors.web.render import macro, render


def legend_body(model: LegendModel) -> Markup:
    """The legend's sections and rows as HTML (labels escaped)."""
    return render("legend.html", model=model)


def swatch_html(swatch: Swatch) -> Markup:
    """One legend sample: an inline SVG, or a coloured block for a corridor's colour."""
    return macro("swatch.html", "swatch")(swatch)


class Legend(MacroElement):
    """A legend control for ``model``; ``layers`` maps each corridor to its ``folium.FeatureGroup``."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          var legend = L.control({position: {{ this.position|tojson }}});
          legend.onAdd = function() {
            var div = L.DomUtil.create('div', 'ca-legend leaflet-control');
            div.setAttribute('data-testid', 'legend');
            div.innerHTML = '<details open><summary>Legend</summary>' + {{ this.body|tojson }} + '</details>';
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          legend.addTo(map);
          var layerOf = {{ this.layer_vars }};
          // LegendModel.visible: a row shows while any of its corridors' layers is on the map.
          function refresh() {
            var shown = {};
            Object.keys(layerOf).forEach(function(corridor) {
              shown[corridor] = map.hasLayer(layerOf[corridor]);
            });
            legend.getContainer().querySelectorAll('[data-layers]').forEach(function(row) {
              var corridors = JSON.parse(row.getAttribute('data-layers'));
              var on = corridors.length === 0 || corridors.some(function(c) { return shown[c]; });
              row.style.display = on ? '' : 'none';
            });
            legend.getContainer().querySelectorAll('section').forEach(function(section) {
              var rows = section.querySelectorAll('[data-layers]');
              var any = Array.prototype.some.call(rows, function(r) { return r.style.display !== 'none'; });
              section.style.display = any ? '' : 'none';
            });
          }
          map.on('overlayadd overlayremove layeradd layerremove', refresh);
          refresh();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, model: LegendModel, layers: dict, position: str = "bottomleft"):
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.layers = layers  # corridor -> folium FeatureGroup
        self.body = str(legend_body(model))
        self.css = legend_css()

    @property
    def layer_vars(self) -> str:
        # Corridor keys are ours; JSON-encode them for the object keys.
        pairs = ", ".join(f"{json.dumps(corridor)}: {group.get_name()}" for corridor, group in self.layers.items())
        return "{" + pairs + "}"
