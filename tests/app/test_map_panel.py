"""The map panel under AppTest: one component kept across toggles, filters and dates; clicks; the view."""

from __future__ import annotations

import json
import re

from corridors.app import actions, bridge
from corridors.app.session import Session
from corridors.app.state import LAYER_KEYS
from corridors.model.selection import Selection, select
from tests.app.helpers import (
    RASHT_ASTARA,
    base_script,
    card_html,
    drawn_ids,
    html_bodies,
    map_args,
    map_request,
    run_app,
)


def test_the_map_carries_every_layer_once(atlas):
    args = map_args(run_app())
    script = base_script(args)
    assert drawn_ids(script) == set(atlas.features.index)
    assert len(args["script"]) < 200 and len(args["feature_group"]) < 5_000  # the rest is a static file
    # The popups' text is a file of its own per layer, fetched on the first popup: not in the first map.
    quote = atlas.citations_for("bam-main-line")[0].quote
    assert json.dumps(quote, ensure_ascii=False)[1:-1] not in script
    urls = re.findall(r'"cardsUrl":"([^"]+)"', script)
    assert len(urls) == len(set(atlas.features["corridor"]))
    base = bridge.static_url_base()
    texts = [(bridge.static_dir() / url[len(base):]).read_text(encoding="utf-8") for url in urls]
    assert any(json.dumps(quote, ensure_ascii=False)[1:-1] in text for text in texts)


def test_toggling_a_layer_keeps_the_map_and_sends_only_a_request(atlas):
    at = run_app()
    before = map_args(at)
    token, state = map_request(before)
    assert state["layers"] == list(LAYER_KEYS) and state["naming"] == "article"
    at.checkbox(key="layer_BAM").uncheck().run()
    after = map_args(at)
    assert after["_id"] == before["_id"]  # same component key: the iframe is kept
    assert after["script"] == before["script"] and after["js_links"] == before["js_links"]  # nothing rebuilt
    new_token, state = map_request(after)
    assert new_token != token and "BAM" not in state["layers"]
    assert at.query_params["layers"] == "INSTC,Zangezur,Karabakh,context"


def test_a_new_basemap_opens_where_the_old_one_was(fake_click):
    calls = fake_click(None, center=(41.5, 48.25), zoom=6)
    at = run_app()
    at.selectbox(key="basemap").select("osm").run()
    assert calls[-1]["payload"].key != calls[0]["payload"].key  # a new iframe for the new basemap...
    assert (calls[-1]["center"], calls[-1]["zoom"]) == ((41.5, 48.25), 6)  # ...at the same view
    assert at.query_params["basemap"] == "osm"


def test_filters_date_and_naming_are_requests_to_the_same_map(atlas):
    at = run_app()
    first = map_args(at)
    at.toggle(key="use_as_of").set_value(True).run()
    at.select_slider(key="as_of").set_value("2022").run()
    args = map_args(at)
    assert args["_id"] == first["_id"] and args["js_links"] == first["js_links"]
    assert map_request(args)[1]["asOf"] == "2022"
    assert at.query_params["as_of"] == "2022"
    at.multiselect(key="statuses").set_value(["planned", "none"]).run()
    assert map_request(map_args(at))[1]["statuses"] == ["planned", None]
    at.selectbox(key="naming").select("az").run()
    args = map_args(at)
    assert map_request(args)[1]["naming"] == "az" and args["_id"] == first["_id"]
    # The legend under the map follows the same selection (two places then: no line, no status pattern).
    legend = next(b for b in html_bodies(at) if 'data-testid="app-legend"' in b)
    assert "deployment / presence" in legend and "Baikal-Amur" not in legend and "operational" not in legend
    # The source filter stays Python's: the request then names the features to show.
    at.multiselect(key="statuses").set_value([]).run()
    source = next(iter(atlas.sources))
    at.multiselect(key="sources").set_value([source]).run()
    state = map_request(map_args(at))[1]
    assert state["sources"] == [source] and set(state["ids"]) == set(
        select(atlas.features, Selection(as_of="2022", sources=(source,))).index)


def test_a_layer_toggled_in_the_map_comes_back_to_the_sidebar():
    session = Session({})
    session.request_map_state("start")
    token = session.map_request[0]
    report = {"selected_tags": [token, '{"layers":["INSTC","Karabakh"],"statuses":["planned",null],'
                                       '"modes":[],"asOf":null,"naming":"az"}']}
    actions.map_changed(session, report)
    assert session.layers == ("INSTC", "Karabakh") and session.statuses == ("planned", None)
    assert session.naming == "az" and session.map_request[0] == token  # nothing asked of the map in return
    # A report made before the map had the latest request is stale; a foreign one is ignored.
    session.request_map_state("sidebar")
    actions.map_changed(session, {"selected_tags": [token, '{"layers":[]}']})
    actions.map_changed(session, {"selected_tags": [session.map_request[0], '{"layers":["Suez"]}']})
    actions.map_changed(session, {"selected_tags": [session.map_request[0], "not json"]})
    assert session.layers == ("INSTC", "Karabakh")


def test_a_click_on_the_map_opens_the_card(atlas, fake_click):
    calls = fake_click(RASHT_ASTARA, count=2)
    at = run_app()
    assert calls  # the map was drawn through our substitute
    assert f'data-feature-id="{RASHT_ASTARA}"' in card_html(at)
    quotes = [b for b in html_bodies(at) if 'data-testid="card-quote"' in b]
    assert len(quotes) == len(atlas.citations_for(RASHT_ASTARA))
    assert at.query_params["feature"] == RASHT_ASTARA


def test_the_map_view_goes_into_the_link(fake_click):
    fake_click(None, center=(40.12346, 47.5), zoom=6)
    at = run_app()
    assert at.query_params["view"] == "40.1235,47.5000,6"
