"""How a highlighted (focus) feature looks, on the web map and in print: one definition for both."""

from __future__ import annotations

FOCUS_COLOUR = "#F0E442"  # Okabe-Ito yellow: a halo under the features chosen, clear of every corridor colour
FOCUS_OPACITY = 0.85
FOCUS_AREA_OPACITY = 0.35
FOCUS_LINE_PX = 16  # web map: the halo's width in CSS pixels, so it shows at every zoom
FOCUS_POINT_RADIUS_PX = 17
