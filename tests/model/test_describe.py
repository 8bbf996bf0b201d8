"""Alt text and captions: written from the data, honest about drawn lengths, with the date and the names."""

from __future__ import annotations

import re

from corridors.model.describe import describe_view
from corridors.model.mapview import MapView, view_features
from corridors.model.names import display_name
from corridors.model.view import View
from corridors.vocabulary import CORRIDORS, NAMINGS, status_label


def _describe(atlas, view):
    return describe_view(atlas, view, view_features(atlas, view))


def test_whole_atlas_names_every_corridor_its_missing_links_and_drawn_lengths(atlas):
    text = _describe(atlas, MapView()).alt
    for key in set(atlas.features["corridor"]):
        assert CORRIDORS[key].label in text
    for _, row in atlas.features[atlas.features["missing_link"]].iterrows():
        assert f"Missing link: {row['name']} ({status_label(row['status'])}" in text
    assert "km drawn" in text and "hand-drawn" in text  # never passes a chord off as the track length
    assert "no date chosen" in text


def test_the_bam_length_is_the_drawn_length_of_its_line(atlas):
    bam = atlas.features[(atlas.features["corridor"] == "BAM") & atlas.features["length_km"].notna()]
    text = _describe(atlas, MapView(layers=("BAM",))).alt
    assert f"{bam['length_km'].sum():,.0f} km drawn" in text


def test_zoomed_view_says_where_when_which_names_and_whats_highlighted(atlas):
    view = MapView(centre=View(39.0, 46.2, 8), naming="hy", focus=("zangezur-meghri",))
    description = _describe(atlas, view)
    meghri = display_name(atlas.feature("zangezur-meghri"), "hy")
    assert re.search("[\u0531-\u058f]", meghri)  # the data has an Armenian name for it
    assert f"Highlighted: {meghri}." in description.alt
    assert NAMINGS["hy"] in description.alt and NAMINGS["hy"] in description.caption
    assert "Armenia" in description.alt and "km across" in description.alt
    assert "drawn in view" in description.alt  # lengths of what the extent shows, not whole routes
    assert CORRIDORS["BAM"].label not in description.alt
    assert "Source:" in description.caption


def test_the_date_is_said_and_only_what_is_drawn_is_highlighted(atlas):
    view = MapView(centre=View(39.0, 46.2, 8), as_of="2022-01", focus=("zangezur-meghri",))
    shown = view_features(atlas, view)
    description = _describe(atlas, view)
    assert "as of 2022-01" in description.alt and "as of 2022-01" in description.caption
    assert ("zangezur-meghri" in shown.index) == ("Highlighted:" in description.alt)
