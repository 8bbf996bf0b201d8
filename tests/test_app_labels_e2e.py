"""The app's map as a reader sees it (issue 8), in Chromium against ``streamlit run``: names on the map
and in its South Caucasus inset, none overlapping; search by dashed, local and other names; a town
that is no atlas feature shown with what the atlas has near it; the link never a placeholder view."""

from __future__ import annotations

import re

import pytest

from tests.browser import chromium_page
from tests.test_app_e2e import IFRAME, app_url, docs_screenshot, no_network_and_no_errors, open_app, settle  # noqa: F401
from tests.web.probe import corridor_labels, overlapping_pairs, place_labels

pytestmark = pytest.mark.browser

# Every label the placer shows, on the main map and in the inset (a second Leaflet map in the same iframe).
JS_LABELS = f"""() => {{
  const w = document.querySelector('{IFRAME}').contentWindow;
  const maps = [w.map, w.map._caInset].filter(Boolean);
  return maps.map((m) => w.CorridorLabels.placed(m));
}}"""


def test_default_view_names_every_corridor_and_places_without_overlaps(request, app_url):  # noqa: F811
    with chromium_page(request, viewport=(1400, 900)) as page:
        open_app(page, app_url)
        page.wait_for_function(f"() => document.querySelector('{IFRAME}').contentDocument"
                               ".querySelector('.ca-label.ca-label-on')")
        main, inset = page.evaluate(JS_LABELS)
        for labels in (main, inset):
            assert overlapping_pairs(labels) == []
        assert corridor_labels(main) | corridor_labels(inset) == {"INSTC", "BAM", "Zangezur", "Karabakh"}
        assert len(place_labels(main)) >= 10, [lb["text"] for lb in main]
        # The first view the link records is the map's, never Leaflet's placeholder at (0, 0), zoom 1.
        assert not re.search(r"view=0\.0+%2C0\.0+%2C1\b|view=0\.0+,0\.0+,1\b", page.url)
        no_network_and_no_errors(page)
        docs_screenshot(request, page, "app-labels.png")


@pytest.mark.parametrize(("query", "expected"), [
    ("Rasht–Astara", "Rasht-Astara line (missing link)"),
    ("Naxçıvan", "Naxcivan"),
    ("Stepanakert", "Khankendi (town or city, AZE)"),
    ("Khankendi", "Khankendi (town or city, AZE)"),
])
def test_search_by_dashed_local_and_other_names(request, app_url, query, expected):  # noqa: F811
    with chromium_page(request) as page:
        open_app(page, app_url)
        page.get_by_label("Find a place by any of its names").fill(query)
        page.keyboard.press("Enter")
        first = page.locator('[class*="st-key-hit-"] button, [class*="st-key-place-"] button').first
        first.wait_for(timeout=30_000)
        assert expected in first.inner_text()
        if query == "Stepanakert":
            # Not an atlas feature: the map marks the town and highlights what the atlas has near it.
            first.click()
            settle(page)
            page.wait_for_function(f"() => document.querySelector('{IFRAME}').contentDocument"
                                   ".querySelector('.ca-place-tip')")
            tip = page.frame_locator(IFRAME).locator(".ca-place-tip").inner_text()
            assert tip == "Khankendi"
            assert page.frame_locator(IFRAME).locator("path.ca-focus-for-nagorno-karabakh").count() > 0
            docs_screenshot(request, page, "app-search-place.png")
        no_network_and_no_errors(page)
