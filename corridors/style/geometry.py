"""Which of the three looks a geometry gets: a line, an area or a point symbol.

Every renderer asks this one question (the web map, the print map, KML, the
GeoPackage's layer per geometry type); ``Multi*`` parts are drawn like a single
one. The types are the ones the validator lets through (GeoJSON's six).
"""

from __future__ import annotations

import pandas as pd

LINE, AREA, POINT = "line", "area", "point"

_KINDS = {
    "LineString": LINE,
    "MultiLineString": LINE,
    "Polygon": AREA,
    "MultiPolygon": AREA,
    "Point": POINT,
    "MultiPoint": POINT,
}


def geometry_kind(geometry) -> str:
    """``line``, ``area`` or ``point`` for a shapely geometry (``Multi*`` like its parts)."""
    try:
        return _KINDS[geometry.geom_type]
    except KeyError:
        raise ValueError(
            f"cannot draw a {geometry.geom_type}: expected one of {', '.join(_KINDS)}"
        ) from None


def geometry_kinds(frame) -> pd.Series:
    """``geometry_kind`` of each row of a GeoDataFrame or GeoSeries, as a Series on its index."""
    geometries = frame.geometry if hasattr(frame, "geometry") else frame
    return pd.Series([geometry_kind(g) for g in geometries], index=geometries.index, dtype=object)
