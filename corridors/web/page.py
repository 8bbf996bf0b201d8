"""A map that fits its frame: the title as a header above it, controls that fold into buttons on a
narrow map, popups kept clear of the controls, a message when an online basemap fails (issue 8).

``PageHeader`` is for the exported page (the app has its own header); ``MapFit`` goes on every map,
the app's too: its script runs inside the map's own script (``corridors/web/js/fit.js``), since
streamlit-folium never runs ``<script>`` blocks of the page header.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from branca.element import Element, MacroElement
from jinja2 import Template

from corridors.web.css import page_css
from corridors.web.render import render


@cache
def fit_js() -> str:
    return files("corridors.web").joinpath("js", "fit.js").read_text(encoding="utf-8")


class MapFit(MacroElement):
    """Responsive controls, popup placement and basemap-failure notices for one map."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.js }}
        window.CorridorFit.attach({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "MapFit"
        self.css = page_css()
        self.js = fit_js()


class PageHeader(MacroElement):
    """The map's title as a header above it (text escaped by the template), first in the page."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {#- folium sizes the map's div by its id (height 100%); with a header the body is a column. -#}
        {#- An export may wrap the map in a figure with its caption (corridors.export.views): then the
            figure takes the rest, and in a short frame (an embed in a report column) the caption
            keeps to two lines and scrolls, so the map keeps its height. -#}
        <style>body{display:flex;flex-direction:column}
        body > .folium-map,body > figure{flex:1 1 0;min-height:0;height:auto !important}
        @media (max-height:600px){figcaption.corridors-caption{max-height:4.2em}}</style>
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "PageHeader"
        self.html = str(render("title.html", title=text))

    def render(self, **kwargs):
        # First in the body, before the map: read first by a screen reader, drawn above the map.
        header = Element(f'<header class="ca-header" data-testid="map-title"><h1>{self.html}</h1></header>')
        self.get_root().html.add_child(header, name="ca_header", index=0)
        super().render(**kwargs)
