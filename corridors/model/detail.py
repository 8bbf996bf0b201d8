"""What a map of the whole atlas opens on, and the detail it needs: the South Caucasus, where
Zangezur and Karabakh are tens of kilometres across on a map thousands of kilometres wide.

The print map draws it as an inset (``corridors.printmap.figure``), the web map as a second small
map (``corridors.web.inset``); both take the region from here.
"""

from __future__ import annotations

import pandas as pd

DETAIL_CORRIDORS = ("Zangezur", "Karabakh")
DETAIL_TITLE = "South Caucasus"
# A map gets the detail when its view is this many times wider than the detail's features.
DETAIL_MIN_RATIO = 6.0
DETAIL_PAD = 0.08  # the region is the features' box grown by this share of its size on each side


def story_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """What the first view frames: the corridors and the conflict. The other places the article
    names (Munich, Ukraine) are context: framing them too would shrink the story to a corner."""
    story = rows[rows["layer"] != "place"]
    return story if not story.empty else rows


def detail_rows(features: pd.DataFrame) -> pd.DataFrame:
    return features[features["corridor"].isin(DETAIL_CORRIDORS)]


def detail_bounds(features: pd.DataFrame, view_width_degrees: float | None = None):
    """(west, south, east, north) of the detail region, or None when there is nothing to detail or
    the view (``view_width_degrees`` of longitude, default: the first view's) shows it well enough."""
    detail = detail_rows(features)
    if detail.empty or len(detail) == len(features):
        return None
    # Framed on the places and lines themselves; an event elsewhere (the 2024 border deal far to the
    # north) would halve the scale of the rest.
    framed = detail[detail["kind"] != "event"]
    west, south, east, north = (float(v) for v in (framed if not framed.empty else detail).total_bounds)
    width, height = max(east - west, 0.5), max(north - south, 0.5)
    if view_width_degrees is None:
        story_west, _, story_east, _ = story_rows(features).total_bounds
        view_width_degrees = float(story_east - story_west)
    if view_width_degrees / width < DETAIL_MIN_RATIO:
        return None
    return (west - DETAIL_PAD * width, south - DETAIL_PAD * height,
            east + DETAIL_PAD * width, north + DETAIL_PAD * height)
