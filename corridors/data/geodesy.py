"""Geodesic measures on the WGS84 ellipsoid: lengths, areas and buffers in kilometres.

Measured with pyproj ``Geod``, never in degrees: a degree of longitude is 111 km at
the equator and 38 km on the BAM.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

_GEOD = Geod(ellps="WGS84")


def geodesic_length_km(geometry) -> float:
    return _GEOD.geometry_length(geometry) / 1000


def geodesic_area_km2(geometry) -> float:
    area, _ = _GEOD.geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def geodesic_buffer(geometry, km: float, simplify_km: float = 1.0):
    """``geometry`` buffered by ``km`` on the ground, in WGS84 lon/lat.

    Buffers in an azimuthal equidistant projection centred on the geometry, so
    the width is right in km at every latitude (a buffer in degrees would be
    twice as wide east-west on the BAM as at the Persian Gulf).
    """
    centre = geometry.centroid
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y:.4f} +lon_0={centre.x:.4f} +datum=WGS84 +units=m")
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    projected = shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))
    band = projected.buffer(km * 1000, quad_segs=4).simplify(simplify_km * 1000)
    return shapely.transform(band, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))
