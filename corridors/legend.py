"""The map legend and title as Leaflet controls.

folium has no categorical legend. This one explains colours (layers),
patterns (status), widths (mode), symbols (kind) and the certainty band, and
follows the layer control: each row lists the layers it describes and is hidden
when none of them is on the map.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from .escape import h
from .styles import DRAWN_LENGTH_NOTE, STATUS_PATTERNS, UNCERTAINTY_BAND_OPACITY, line_weight, symbol_svg


def _line_sample(colour: str, dash: str | None, weight: float = 3.0, opacity: float = 1.0) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="34" height="12" aria-hidden="true"><line x1="2" y1="6" x2="32" y2="6" stroke="{colour}" '
        f'stroke-width="{weight}" stroke-linecap="round" stroke-opacity="{opacity}"{dash_attr}/></svg>'
    )


class Legend(MacroElement):
    """A legend control. Rows: (html sample, label, layer names the row applies to)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .ca-legend{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:6px;
          box-shadow:0 1px 5px rgba(0,0,0,.35);font:11px/1.25 system-ui,'DejaVu Sans',sans-serif;
          max-height:48vh;overflow-y:auto;max-width:250px}
        .ca-legend summary{cursor:pointer;font-weight:600;font-size:12px}
        .ca-legend h5{margin:5px 0 2px;font-size:10.5px;text-transform:uppercase;letter-spacing:.04em;color:#444}
        .ca-legend .ca-row{display:flex;align-items:center;gap:6px;margin:0}
        .ca-legend .ca-row svg{flex:none}
        .ca-legend .ca-sw{display:inline-block;width:30px;height:10px;border-radius:2px;flex:none}
        </style>
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
          var layerByName = {{ this.layer_vars }};
          function refresh() {
            var shown = {};
            Object.keys(layerByName).forEach(function(name) {
              shown[name] = map.hasLayer(layerByName[name]);
            });
            legend.getContainer().querySelectorAll('[data-layers]').forEach(function(row) {
              var names = JSON.parse(row.getAttribute('data-layers'));
              var on = names.length === 0 || names.some(function(n) { return shown[n]; });
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

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, list[str]]]]], layers: dict,
                 position: str = "bottomleft"):
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.layers = layers  # layer name -> folium FeatureGroup
        self.body = "".join(
            f"<section><h5>{h(title)}</h5>"
            + "".join(
                f"<div class=\"ca-row\" data-layers='{h(json.dumps(names))}'>{sample}<span>{h(label)}</span></div>"
                for sample, label, names in rows
            )
            + "</section>"
            for title, rows in sections
            if rows
        )

    @property
    def layer_vars(self) -> str:
        # Layer names are ours; JSON-encode them for the object keys.
        pairs = ", ".join(f"{json.dumps(name)}: {group.get_name()}" for name, group in self.layers.items())
        return "{" + pairs + "}"


def legend_sections(used: list[dict], layer_labels: dict[str, str], colours: dict[str, str]):
    """Legend rows for the features drawn. ``used`` holds one dict per feature:
    layer (layer name), status, mode, kind, geom ('line', 'area', 'point'), method."""

    def names_where(predicate) -> list[str]:
        return sorted({u["layer"] for u in used if predicate(u)})

    layer_rows = [
        (f'<span class="ca-sw" style="background:{colours[name]}"></span>', label, [name])
        for name, label in layer_labels.items()
        if any(u["layer"] == name for u in used)
    ]
    status_rows = []
    for status, pattern in STATUS_PATTERNS.items():
        names = names_where(lambda u, s=status: u["geom"] in ("line", "area") and u["status"] == s)
        if names:
            status_rows.append((_line_sample("#333", pattern.dash, 3, pattern.opacity), pattern.label, names))
    mode_rows = []
    for mode in ("rail", "road", "sea", "multimodal"):
        names = names_where(lambda u, m=mode: u["geom"] == "line" and u["mode"] == m)
        if names:
            mode_rows.append((_line_sample("#333", None, line_weight(mode)), mode, names))
    symbol_rows = []
    for shape, label in _symbols_used(used):
        names = names_where(lambda u, s=shape: u["geom"] == "point" and u["shape"] == s)
        symbol_rows.append((symbol_svg(shape, "#555", 14), label, names))
    band_names = names_where(lambda u: u["band"])
    certainty_rows = []
    if band_names:
        band = (
            '<svg width="34" height="14" aria-hidden="true"><rect x="1" y="1" width="32" height="12" rx="6" '
            f'fill="#333" fill-opacity="{UNCERTAINTY_BAND_OPACITY * 2.5}"/>'
            '<line x1="4" y1="7" x2="30" y2="7" stroke="#333" stroke-width="2"/></svg>'
        )
        certainty_rows.append((band, "band: estimated error of the drawn line", band_names))
    lines = names_where(lambda u: u["geom"] == "line")
    if lines:
        chords = (
            '<svg width="34" height="12" aria-hidden="true"><polyline points="2,9 12,4 22,7 32,3" fill="none" '
            'stroke="#333" stroke-width="1.5"/><circle cx="12" cy="4" r="1.8" fill="#333"/>'
            '<circle cx="22" cy="7" r="1.8" fill="#333"/></svg>'
        )
        certainty_rows.append((chords, DRAWN_LENGTH_NOTE, lines))
    schematic = names_where(lambda u: u["geom"] == "line" and u["method"] == "schematic")
    if schematic:
        sample = _line_sample("#333", None, 3, 0.6)
        certainty_rows.append((sample, "faded: schematic (a link, not an alignment)", schematic))
    return [
        ("Layers", layer_rows),
        ("Status", status_rows),
        ("Mode (line width)", mode_rows),
        ("Symbols", symbol_rows),
        ("Geometry certainty", certainty_rows),
    ]


def _symbols_used(used: list[dict]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for u in used:
        if u["geom"] == "point":
            seen.setdefault(u["shape"], u["symbol_label"])
    return list(seen.items())


class MapTitle(MacroElement):
    """A title box at the top of the map (text escaped)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var title = L.control({position: 'topright'});
          title.onAdd = function() {
            var div = L.DomUtil.create('div', 'ca-title leaflet-control');
            div.setAttribute('data-testid', 'map-title');
            div.style.cssText = 'background:rgba(255,255,255,.94);padding:6px 10px;border-radius:6px;' +
              'box-shadow:0 1px 5px rgba(0,0,0,.35);font:600 15px system-ui,"DejaVu Sans",sans-serif';
            div.innerHTML = {{ this.html|tojson }};
            return div;
          };
          title.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "MapTitle"
        self.html = h(text)
