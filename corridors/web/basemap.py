"""The offline basemap as quantized TopoJSON: a third the bytes of the GeoJSON it replaces.

The boundaries (``geodata/reference/basemap.geojson``, 1e-3 degree precision) are written as a
TopoJSON ``Topology`` with a ``transform``: every coordinate an integer on the 1e-3 degree grid,
each arc delta-encoded, one arc per ring (the file is already simplified; sharing borders between
countries would save a further fifth and is not worth a topology builder here). The browser decodes
it (``CorridorAtlas.topoFeatures`` in ``js/atlas.js``) into GeoJSON for an ``L.geoJSON`` layer.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import shapely
from folium.map import Layer
from jinja2 import Template

from corridors.data.reference import BASEMAP_FILE, load_basemap, reference_root
from corridors.web.payload import script_json

DECIMALS = 3  # the basemap file's own precision (scripts/build_reference.py)


def topology(geometries, decimals: int = DECIMALS) -> dict:
    """(Multi)polygons as a quantized, delta-encoded TopoJSON ``Topology`` (object ``land``)."""
    scale = 10.0**-decimals
    arcs: list[list[list[int]]] = []
    shapes = []
    for geometry in geometries:
        if geometry is None or geometry.is_empty:
            continue
        polygons = []
        for polygon in shapely.get_parts(geometry):
            rings = []
            for ring in (polygon.exterior, *polygon.interiors):
                grid = np.round(np.asarray(ring.coords)[:, :2] / scale).astype(np.int64)
                steps = np.vstack([grid[:1], np.diff(grid, axis=0)])
                keep = np.any(steps != 0, axis=1)
                keep[0] = True
                arcs.append(steps[keep].tolist())
                rings.append(len(arcs) - 1)
            polygons.append([[i] for i in rings])
        shapes.append({"type": "MultiPolygon", "arcs": polygons})
    return {
        "type": "Topology",
        "transform": {"scale": [scale, scale], "translate": [0, 0]},
        "objects": {"land": {"type": "GeometryCollection", "geometries": shapes}},
        "arcs": arcs,
    }


def basemap_topology_json(data_dir: Path | str) -> str:
    """The offline basemap of ``data_dir`` (or the bundled one) as TopoJSON text, built once per file version."""
    root = reference_root(data_dir)
    stat = (root / BASEMAP_FILE).stat()
    return _topology_json(str(root), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _topology_json(root: str, _mtime_ns: int, _size: int) -> str:
    return script_json(topology(load_basemap(root).geometry))


class BasemapLayer(Layer):
    """An offline basemap drawn from TopoJSON text (``basemap_topology_json``) with fixed Leaflet
    path options; not interactive."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(CorridorAtlas.topoFeatures({{ this.topology }}), {
            style: function () { return {{ this.style }}; }, interactive: false,
            smoothFactor: {{ this.smooth_factor }}});
        {% endmacro %}
        """
    )

    def __init__(self, topology_json: str, style: dict, *, smooth_factor: float = 1.0, name: str | None = None,
                 show: bool = True):
        super().__init__(name=name, overlay=False, control=False, show=show)
        self._name = "Basemap"
        self.topology = topology_json
        self.style = script_json(style)
        self.smooth_factor = float(smooth_factor)
