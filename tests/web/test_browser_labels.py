"""Labels on the exported map in Chromium: every corridor named, places named, no two labels overlap."""

from __future__ import annotations

import pytest

from corridors.export import export
from tests.browser import chromium_page
from tests.web.probe import (
    CONTROL_BOXES_JS,
    INSET_LABELS_JS,
    MAIN_MAP_JS,
    PLACED_LABELS_JS,
    corridor_labels,
    overlap,
    overlapping_pairs,
    place_labels,
    wait_for_labels,
)

pytestmark = pytest.mark.browser

CORRIDORS = {"INSTC", "BAM", "Zangezur", "Karabakh"}


@pytest.fixture(scope="module")
def exported(atlas, tmp_path_factory):
    out = tmp_path_factory.mktemp("labels") / "atlas.html"
    export(atlas, "html", out)  # the default export: no title, every layer
    return out


@pytest.mark.parametrize("viewport", [(1280, 860), (720, 480)], ids=["desktop", "report-column"])
def test_default_view_names_every_corridor_and_ten_places_without_overlaps(exported, request, viewport):
    with chromium_page(request, viewport=viewport) as page:
        page.goto(exported.as_uri())
        wait_for_labels(page)
        labels = page.evaluate(PLACED_LABELS_JS)
        inset = page.evaluate(INSET_LABELS_JS)
        # Every corridor is named: on the main map, or (Zangezur and Karabakh, a few pixels across on a
        # continent) in the South Caucasus inset of the same view.
        assert corridor_labels(labels) | corridor_labels(inset) == CORRIDORS, [lb["text"] for lb in labels + inset]
        assert {"INSTC", "BAM"} <= corridor_labels(labels)
        assert len(place_labels(labels)) >= 10, [lb["text"] for lb in labels]
        assert overlapping_pairs(labels) == [] and overlapping_pairs(inset) == []
        controls = page.evaluate(CONTROL_BOXES_JS)
        assert [(lb["text"], c["cls"]) for lb in labels for c in controls if overlap(lb["box"], c)] == []
        # What the placer reports is what is on screen: the label elements themselves.
        shown = page.locator(".ca-label.ca-label-on")
        assert shown.count() == len(labels) + len(inset)
        assert page.errors == []


def test_labels_are_placed_again_after_zoom_and_follow_the_layers(exported, request):
    with chromium_page(request) as page:
        page.goto(exported.as_uri())
        wait_for_labels(page)
        before = {lb["id"] for lb in page.evaluate(PLACED_LABELS_JS)}
        # Zoom in on the South Caucasus: the crowded cluster gets room for more of its names.
        page.evaluate(f"{MAIN_MAP_JS}.setView([39.6, 46.5], 7, {{animate: false}})")
        wait_for_labels(page)
        labels = page.evaluate(PLACED_LABELS_JS)
        assert overlapping_pairs(labels) == []
        ids = {lb["id"] for lb in labels}
        assert ids != before
        assert {"feature:zangezur-meghri", "feature:zangezur-horadiz", "corridor:Zangezur"} <= ids
        # Unticking a layer takes its labels away; ticking it brings them back.
        page.locator(".leaflet-control-layers label", has_text="Zangezur corridor").click()
        wait_for_labels(page)
        assert not any(lb["corridor"] == "Zangezur" for lb in page.evaluate(PLACED_LABELS_JS))
        page.locator(".leaflet-control-layers label", has_text="Zangezur corridor").click()
        wait_for_labels(page)
        assert "corridor:Zangezur" in {lb["id"] for lb in page.evaluate(PLACED_LABELS_JS)}
        assert page.errors == []


def test_labels_follow_the_naming_and_filters_in_the_browser(exported, request):
    """A naming or filter change is a state the map applies itself (issue 11): the labels (main map and
    inset) swap to that naming's names and leave out what the filters hide, with no new page."""
    with chromium_page(request, viewport=(1280, 860)) as page:
        page.goto(exported.as_uri())
        wait_for_labels(page)
        before = {label["id"]: label["text"] for label in page.evaluate(PLACED_LABELS_JS)}
        assert before["corridor:Karabakh"] == "Nagorno-Karabakh"
        page.evaluate(f"CorridorAtlas.apply({MAIN_MAP_JS}, {{naming: 'az'}})")
        page.wait_for_function(f"window.CorridorLabels.placed({MAIN_MAP_JS})"
                               ".some(l => l.text === 'Dağlıq Qarabağ')")
        inset = {label["id"]: label["text"] for label in page.evaluate(INSET_LABELS_JS)}
        assert inset.get("feature:zangezur-naxcivan") == "Naxçıvan", inset
        # Only BAM's lines are left: no other corridor keeps a label, nor any feature the filter hides.
        page.evaluate(f"CorridorAtlas.apply({MAIN_MAP_JS}, {{layers: ['BAM'], naming: 'az'}})")
        page.wait_for_function(f"!window.CorridorLabels.placed({MAIN_MAP_JS}).some(l => l.corridor === 'INSTC')")
        shown = set(page.evaluate(f"CorridorAtlas.shownIds({MAIN_MAP_JS})"))
        for label in page.evaluate(PLACED_LABELS_JS):
            assert label["corridor"] in (None, "BAM"), label
            if label["id"].startswith("feature:"):
                assert label["id"][len("feature:"):] in shown, label
        assert page.errors == []
