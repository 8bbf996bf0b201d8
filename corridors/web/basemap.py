"""The web map's basemaps: the offline Natural Earth one (default) as quantized TopoJSON, and online
tiles on request.

The offline basemap is drawn from three reference files (``corridors.data.reference``): the
countries at 1:10m inside the atlas's region, cut to a box; round them, 1:110m land, coasts and
borders reaching half a degree into the box and drawn over the cut, so no straight edge shows at
any view; and the major lakes and rivers (1:50m). The map may not pan or zoom out beyond
``VIEW_BOUNDS``, where those files end (``ViewLimits``). The Caspian is no lake in these data:
it is a gap in the countries, drawn in the sea's colour like the open sea.

All of it travels as one TopoJSON ``Topology`` (issue 11: a third the bytes of the GeoJSON it
replaces): one object per layer (``LAYERS``), every coordinate an integer on the files' own 1e-3
degree grid, each arc delta-encoded, one arc per ring or line (the files are already simplified;
sharing borders would save a further fifth and is not worth a topology builder here). The browser
decodes it (``CorridorAtlas.topoFeatures`` in ``js/atlas.js``) into one ``L.geoJSON`` per layer.

Online tiles are opt-in; a tile set that fails to load says so on the map (``corridors/web/js/fit.js``).
CartoDB's tiles now need an API key, so they are not offered.
"""

from __future__ import annotations

import functools
from pathlib import Path

import folium
import numpy as np
import shapely
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from corridors.data.atlas import Atlas
from corridors.data.reference import BASEMAP_FILE, SURROUNDINGS_FILE, load_basemap, load_surroundings, reference_root
from corridors.vocabulary import BASEMAPS, OFFLINE
from corridors.web.payload import script_json

DECIMALS = 3  # the reference files' own precision (scripts/build_reference.py, build_surroundings.py)
LAND = "#f4f1ea"
SEA = "#dcebf2"  # as the map's background (css/map.css)
BORDER = "#8c8c8c"
WATER_LINE = "#9cc3d8"
# South, west, north, east: where the offline basemap's files end (scripts/build_surroundings.py VIEW).
VIEW_BOUNDS = [[-60.0, -60.0], [85.0, 240.0]]

# The basemap's layers in drawing order, with their Leaflet style. Order matters: the outside land
# covers the countries' cut edges; water and lines go on top.
LAYERS = {
    "countries": {"color": BORDER, "weight": 0.7, "fillColor": LAND, "fillOpacity": 1},
    "land": {"stroke": False, "fillColor": LAND, "fillOpacity": 1},
    "lake": {"color": WATER_LINE, "weight": 0.6, "fillColor": SEA, "fillOpacity": 1},
    "river": {"color": WATER_LINE, "weight": 1.0, "opacity": 0.9, "fill": False},
    "coast": {"color": BORDER, "weight": 0.7, "fill": False},
    "border": {"color": BORDER, "weight": 0.7, "fill": False},
}

ONLINE_PROVIDERS = {
    "osm": xyz.OpenStreetMap.Mapnik,
    "imagery": xyz.Esri.WorldImagery,
}


def _arc(coords, scale: float) -> list[list[int]]:
    """One ring or line as a delta-encoded arc on the grid (repeated grid points dropped)."""
    grid = np.round(np.asarray(coords)[:, :2] / scale).astype(np.int64)
    steps = np.vstack([grid[:1], np.diff(grid, axis=0)])
    keep = np.any(steps != 0, axis=1)
    keep[0] = True
    return steps[keep].tolist()


def topology(layers: dict[str, list], decimals: int = DECIMALS) -> dict:
    """Named lists of (multi)polygons and (multi)lines as one quantized, delta-encoded TopoJSON ``Topology``
    (an object per name; polygons as ``MultiPolygon``, lines as ``MultiLineString``)."""
    scale = 10.0**-decimals
    arcs: list[list[list[int]]] = []

    def add(coords) -> int:
        arcs.append(_arc(coords, scale))
        return len(arcs) - 1

    objects = {}
    for key, geometries in layers.items():
        shapes = []
        for geometry in geometries:
            if geometry is None or geometry.is_empty:
                continue
            parts = shapely.get_parts(geometry)
            if geometry.geom_type.endswith("Polygon"):
                polygons = [[[add(ring.coords)] for ring in (p.exterior, *p.interiors)] for p in parts]
                shapes.append({"type": "MultiPolygon", "arcs": polygons})
            elif geometry.geom_type.endswith("LineString"):
                shapes.append({"type": "MultiLineString", "arcs": [[add(line.coords)] for line in parts]})
        objects[key] = {"type": "GeometryCollection", "geometries": shapes}
    return {
        "type": "Topology",
        "transform": {"scale": [scale, scale], "translate": [0, 0]},
        "objects": objects,
        "arcs": arcs,
    }


def basemap_topology_json(data_dir: Path | str) -> str:
    """The offline basemap of ``data_dir`` (or the bundled one) as TopoJSON text (objects: ``LAYERS``),
    built once per version of its files."""
    root = reference_root(data_dir)
    stats = tuple((s.st_mtime_ns, s.st_size) for s in ((root / f).stat() for f in (BASEMAP_FILE, SURROUNDINGS_FILE)))
    return _topology_json(str(root), stats)


@functools.lru_cache(maxsize=4)
def _topology_json(root: str, _stats: tuple) -> str:
    layers = {"countries": list(load_basemap(root).geometry)}
    surroundings = load_surroundings(root)
    for kind in LAYERS:
        if kind != "countries":
            layers[kind] = list(surroundings[surroundings["kind"] == kind].geometry)
    return script_json(topology(layers))


def add_basemaps(m: folium.Map, atlas: Atlas, basemap: str = OFFLINE) -> None:
    """The offline basemap (shown unless ``basemap`` names an online one), and the online ones if asked for."""
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; choose from {', '.join(BASEMAPS)}")
    offline = folium.FeatureGroup(name=BASEMAPS[OFFLINE], overlay=False, show=basemap == OFFLINE)
    BasemapLayer(basemap_topology_json(atlas.data_dir), LAYERS, smooth_factor=1.5).add_to(offline)
    offline.add_to(m)
    ViewLimits().add_to(m)
    if basemap == OFFLINE:
        return
    # The user asked for online tiles: offer all of them (and the offline one) as base layers.
    for key, provider in ONLINE_PROVIDERS.items():
        folium.TileLayer(provider, name=BASEMAPS[key], show=key == basemap, overlay=False).add_to(m)
    folium.LayerControl(position="topleft", collapsed=True).add_to(m)


class BasemapLayer(Layer):
    """An offline basemap drawn from TopoJSON text (``basemap_topology_json``): one ``L.geoJSON`` per
    object named in ``styles`` (object -> Leaflet path options), in that order; not interactive."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (topo, styles) {
            return L.featureGroup(Object.keys(styles).map(function (key) {
                return L.geoJSON(CorridorAtlas.topoFeatures(topo, key), {
                    style: function () { return styles[key]; }, interactive: false,
                    smoothFactor: {{ this.smooth_factor }}});
            }));
        })({{ this.topology }}, {{ this.styles }});
        {% endmacro %}
        """
    )

    def __init__(self, topology_json: str, styles: dict[str, dict], *, smooth_factor: float = 1.0,
                 name: str | None = None, show: bool = True):
        super().__init__(name=name, overlay=False, control=False, show=show)
        self._name = "Basemap"
        self.topology = topology_json
        self.styles = script_json(styles)
        self.smooth_factor = float(smooth_factor)


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
