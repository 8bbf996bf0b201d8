"""The app's reader details (issue 8) under AppTest: labels on the map, search by dashed and local names
and through the gazetteer, swatches in the map's colours, no "None", the offers that keep the map useful."""

from __future__ import annotations

import json
import re

import pytest

from corridors.app.panels import sidebar
from corridors.vocabulary import CORRIDORS
from tests.app.helpers import RASHT_ASTARA, base_script, html_bodies, map_args, map_request, run_app


def _labels(script: str) -> list[dict]:
    """The label candidates in the map's own script (every naming; the placer follows the map's state)."""
    found = re.search(r"^\s*var ca_labels_map_\w+ = (.*);$", script, re.M)
    assert found, "no label data"
    return json.loads(found.group(1))


def test_the_map_gets_labels_that_follow_layers_and_naming():
    """The labels come once with the map, in every naming (issue 11); a layer unticked or another naming
    is a state request the placer follows in the browser (tests/web/test_browser_labels.py)."""
    at = run_app()
    args = map_args(at)
    script = base_script(args)
    assert "window.CorridorLabels" in script  # the placer is in the base map
    labels = _labels(script)
    named = {c["corridor"] for c in labels if c["id"].startswith("corridor:")}
    assert named == {"INSTC", "BAM", "Zangezur", "Karabakh"}
    assert any(c["id"].startswith("ref:") for c in labels)  # capitals, seas, regions from the gazetteer
    assert "GeoNames" in script  # and their credit
    at.checkbox(key="layer_BAM").uncheck().run()
    assert "BAM" not in map_request(map_args(at))[1]["layers"]
    at.selectbox(key="naming").select("hy").run()
    assert map_request(map_args(at))[1]["naming"] == "hy"
    texts = {c["id"]: c.get("texts", {}).get("hy", c["text"]) for c in labels}
    assert texts["corridor:Karabakh"] == "Արցախ"


@pytest.mark.parametrize(("query", "hit"), [
    ("Rasht–Astara", RASHT_ASTARA), ("Astara—Rasht", RASHT_ASTARA), ("Naxçıvan", "zangezur-naxcivan"),
    ("nakhchivan", "zangezur-naxcivan"),
])
def test_search_finds_dashed_and_local_names(query, hit):
    at = run_app()
    at.text_input(key="search").set_value(query).run()
    keys = [b.key for b in at.button if b.key and b.key.startswith("hit-")]
    assert keys and keys[0] == f"hit-{hit}", keys


@pytest.mark.parametrize("query", ["Stepanakert", "Khankendi"])
def test_a_town_that_is_no_feature_is_shown_with_what_the_atlas_has_near_it(query):
    at = run_app()
    at.text_input(key="search").set_value(query).run()
    places = [b for b in at.button if b.key and b.key.startswith("place-")]
    assert places, [b.label for b in at.button]
    # The button's label is Markdown-safe (backslash escapes, word joiners after colons): read it plain.
    label = places[0].label.replace("\\", "").replace("\u2060", "")
    assert label.startswith("Khankendi (town or city, AZE)") and "Nagorno-Karabakh: the place lies in it" in label
    places[0].click().run()
    args = map_args(at)
    assert "Khankendi" in args["feature_group"] and "textContent" in args["feature_group"]  # the marker's name
    assert at.session_state["focus"][0] == "nagorno-karabakh"  # the nearest features, highlighted
    assert at.session_state["place"][0] == "Khankendi"
    at.button(key="clear_focus").click().run()
    assert at.session_state["place"] is None and at.session_state["focus"] == ()


def test_sidebar_swatches_are_the_maps_colours():
    at = run_app()
    for key, spec in CORRIDORS.items():
        label = at.checkbox(key=f"layer_{key}").label
        assert label.startswith(spec.label) and ":" not in label.split(" ")[0]
        swatches = sidebar.swatch_css()
        assert f".st-key-layer_{key} label p::before" in swatches and spec.colour in swatches
    assert sidebar.swatch_css() in next(b for b in html_bodies(at) if b.lstrip().startswith("<style>"))


def test_the_table_never_shows_none():
    at = run_app()
    table = at.dataframe[0].value
    assert not (table.astype(str) == "None").any().any()
    assert "not given by the sources" in set(table["status"])


def test_route_names_keep_their_case():
    at = run_app(query={"feature": "instc-caspian-olya-anzali"})
    card = next(b for b in html_bodies(at) if 'data-testid="route-card"' in b)
    assert "INSTC — Caspian route" in card and "caspian route" not in card


def test_a_filter_offers_to_fit_the_map_to_what_remains():
    at = run_app()
    assert not [b for b in at.button if b.key == "fit_shown"]
    at.multiselect(key="statuses").set_value(["planned"]).run()
    offer = at.button(key="fit_shown")
    assert "Fit the map to the" in offer.label
    offer.click().run()
    assert "shown-" in map_args(at)["feature_group"]  # a fit to the features left, once


def test_a_timeline_event_brings_the_map_back_into_view():
    at = run_app()
    at.session_state["tab"] = "Timeline"
    at.run()
    events = [b for b in at.button if b.key and b.key.startswith("event-")]
    assert events
    events[-1].click().run()
    assert any("data-map-request" in b and "scrollIntoView" in b for b in html_bodies(at))
