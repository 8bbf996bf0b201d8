"""The highlight under focus features on a print map: the web map's yellow halo, in points on paper."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.patches import PathPatch
from pyproj import CRS

from corridors.printmap.frame import polygon_path
from corridors.style.focus import FOCUS_AREA_OPACITY, FOCUS_COLOUR, FOCUS_LINE_PX, FOCUS_OPACITY, FOCUS_POINT_RADIUS_PX

__all__ = ["FOCUS_COLOUR", "draw_focus"]

# Paper is denser than a screen: the web map's 16 px halo would hide the lines' dash patterns.
PX_TO_PT = 0.55


def draw_focus(ax, rows: gpd.GeoDataFrame, crs: CRS) -> None:
    """A halo under each of ``rows`` (lon/lat), drawn below every feature (zorder 2.4)."""
    if rows.empty:
        return
    style = {"color": FOCUS_COLOUR, "alpha": FOCUS_OPACITY, "zorder": 2.4, "gid": "focus"}
    for geometry in rows.to_crs(crs).geometry:
        kind = geometry.geom_type.removeprefix("Multi")
        for part in shapely.get_parts(geometry):
            if kind == "Point":
                ax.plot([part.x], [part.y], linestyle="none", marker="o",
                        markersize=FOCUS_POINT_RADIUS_PX * 2 * PX_TO_PT, markeredgewidth=0, **style)
            elif kind == "LineString":
                xy = np.asarray(part.coords)
                ax.plot(xy[:, 0], xy[:, 1], linewidth=FOCUS_LINE_PX * PX_TO_PT, solid_capstyle="round",
                        solid_joinstyle="round", **style)
            elif kind == "Polygon":
                path = polygon_path(part)
                ax.add_patch(PathPatch(path, facecolor=FOCUS_COLOUR, alpha=FOCUS_AREA_OPACITY, linewidth=0,
                                       zorder=2.4, gid="focus"))
                ax.add_patch(PathPatch(path, facecolor="none", edgecolor=FOCUS_COLOUR, alpha=FOCUS_OPACITY,
                                       linewidth=FOCUS_LINE_PX * PX_TO_PT, zorder=2.4, gid="focus"))
