"""The web map's basemaps: the offline Natural Earth one (default), and online tiles on request.

The offline basemap is drawn from three reference files (``corridors.data.reference``): the
countries at 1:10m inside the atlas's region, cut to a box; round them, 1:110m land, coasts and
borders reaching half a degree into the box and drawn over the cut, so no straight edge shows at
any view; and the major lakes and rivers (1:50m). The map may not pan or zoom out beyond
``VIEW_BOUNDS``, where those files end (``ViewLimits``). The Caspian is no lake in these data:
it is a gap in the countries, drawn in the sea's colour like the open sea.

Online tiles are opt-in; a tile set that fails to load says so on the map (``corridors/web/js/fit.js``).
CartoDB's tiles now need an API key, so they are not offered.
"""

from __future__ import annotations

import folium
import xyzservices.providers as xyz
from branca.element import MacroElement
from jinja2 import Template

from corridors.data.atlas import Atlas
from corridors.data.reference import load_basemap, load_surroundings, reference_root
from corridors.vocabulary import BASEMAPS, OFFLINE

LAND = "#f4f1ea"
SEA = "#dcebf2"  # as the map's background (css/map.css)
BORDER = "#8c8c8c"
WATER_LINE = "#9cc3d8"
# South, west, north, east: where the offline basemap's files end (scripts/build_surroundings.py VIEW).
VIEW_BOUNDS = [[-60.0, -60.0], [85.0, 240.0]]

_STYLES = {
    "countries": {"color": BORDER, "weight": 0.7, "fillColor": LAND, "fillOpacity": 1},
    "land": {"stroke": False, "fillColor": LAND, "fillOpacity": 1},
    "coast": {"color": BORDER, "weight": 0.7, "fill": False},
    "border": {"color": BORDER, "weight": 0.7, "fill": False},
    "lake": {"color": WATER_LINE, "weight": 0.6, "fillColor": SEA, "fillOpacity": 1},
    "river": {"color": WATER_LINE, "weight": 1.0, "opacity": 0.9, "fill": False},
}

ONLINE_PROVIDERS = {
    "osm": xyz.OpenStreetMap.Mapnik,
    "imagery": xyz.Esri.WorldImagery,
}


def add_basemaps(m: folium.Map, atlas: Atlas, basemap: str = OFFLINE) -> None:
    """The offline basemap (shown unless ``basemap`` names an online one), and the online ones if asked for."""
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; choose from {', '.join(BASEMAPS)}")
    offline = folium.FeatureGroup(name=BASEMAPS[OFFLINE], overlay=False, show=basemap == OFFLINE)
    root = reference_root(atlas.data_dir)
    countries = load_basemap(root)
    _geojson(countries[["name", "geometry"]].__geo_interface__, "countries").add_to(offline)
    surroundings = load_surroundings(root)
    # Order matters: the outside land covers the countries' cut edges; water and lines go on top.
    for kind in ("land", "lake", "river", "coast", "border"):
        rows = surroundings[surroundings["kind"] == kind]
        _geojson(rows[["geometry"]].__geo_interface__, kind).add_to(offline)
    offline.add_to(m)
    ViewLimits().add_to(m)
    if basemap == OFFLINE:
        return
    # The user asked for online tiles: offer all of them (and the offline one) as base layers.
    for key, provider in ONLINE_PROVIDERS.items():
        folium.TileLayer(provider, name=BASEMAPS[key], show=key == basemap, overlay=False).add_to(m)
    folium.LayerControl(position="topleft", collapsed=True).add_to(m)


def _geojson(data: dict, kind: str) -> folium.GeoJson:
    style = _STYLES[kind]
    return folium.GeoJson(data, style_function=lambda _f: style, interactive=False, smooth_factor=1.5)


class ViewLimits(MacroElement):
    """Keep the view where the offline basemap has data: ``maxBounds``, and a minimum zoom (for the
    map's current size) at which the view fits inside them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          var bounds = L.latLngBounds({{ this.bounds|tojson }});
          function least() { return Math.max(1, map.getBoundsZoom(bounds, true)); }
          // Once the rest of the map's script has framed the first view: limiting the placeholder
          // view Leaflet starts with would start a zoom animation that ends after (and undoes) it.
          setTimeout(function () {
            map.options.maxBoundsViscosity = 1.0;
            map.setMinZoom(least());
            map.setMaxBounds(bounds);
          }, 0);
          map.on('resize', function () { map.setMinZoom(least()); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]] | None = None):
        super().__init__()
        self._name = "ViewLimits"
        self.bounds = bounds or VIEW_BOUNDS
