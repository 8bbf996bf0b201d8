"""The explorer app without a browser: state round trips, map payloads, and ``app.py`` under AppTest.

In AppTest the map is an opaque component (no JavaScript runs): its arguments
are read from the element's proto, and clicks are fed by substituting
``corridors.app_map.show_map``. What only a browser can show (the iframe
surviving a toggle, real clicks, zooming) is in ``test_app_e2e.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import folium
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

import corridors.atlas
import corridors.webmap
from corridors import app_map, app_state
from corridors.app_state import DEFAULT, LAYER_KEYS, AppState
from corridors.datadir import REPO_ROOT
from corridors.escape import h
from corridors.names import display_name
from corridors.offline import external_asset_urls
from corridors.selection import Selection
from corridors.timeline import date_bounds, dated_events
from corridors.webmap import View

APP = str(REPO_ROOT / "app.py")
SOURCE = "rferl-one-winner-of-the-ukraine-war"
RASHT_ASTARA = "instc-astara-rasht-missing-link"
PEACEKEEPERS = "russian-peacekeepers-karabakh"
RASHT_PASSAGE = "p-in-may-2023-russia-and-iran"


# --------------------------------------------------------------------------- helpers


def run_app(query: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def map_args(at: AppTest) -> dict:
    """The arguments the app sent to streamlit-folium's component (one map per page)."""
    found = [n for n in _walk(at._tree) if getattr(n, "type", None) == "component_instance"]
    assert len(found) == 1, f"expected one map component, found {len(found)}"
    args = json.loads(found[0].proto.json_args)
    args["_id"] = found[0].proto.id
    return args


def html_bodies(at: AppTest) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def drawn_ids(script: str) -> set[str]:
    """Feature ids drawn by the layer scripts (the GeoJSON properties the app reads back on a click)."""
    return set(re.findall(r'"properties": \{[^{}]*?"id": "([a-z0-9-]+)"', script))


def same(a, b) -> bool:
    """Equality without pytest's diff, which takes minutes on a 600 kB map script."""
    return a == b


@pytest.fixture
def fake_click(monkeypatch):
    """Make the map report a click on a feature, as streamlit-folium's frontend would."""
    calls = []

    def install(feature_id: str | None, count: int = 1, center=None, zoom=None):
        def show_map(payload, scripts, **kwargs):
            calls.append({"payload": payload, "scripts": list(scripts), **kwargs})
            drawing = {"type": "Feature", "properties": {"id": feature_id}} if feature_id else None
            value = {"last_object_clicked_count": count if feature_id else None, "last_active_drawing": drawing}
            if center is not None:
                value |= {"center": {"lat": center[0], "lng": center[1]}, "zoom": zoom}
            return value

        monkeypatch.setattr(app_map, "show_map", show_map)
        return calls

    return install


# --------------------------------------------------------------------------- app_state: links


@pytest.mark.parametrize(
    "state",
    [
        DEFAULT,
        AppState(layers=("INSTC", "Karabakh"), statuses=("operational", None), modes=("rail",), basemap="osm",
                 naming="az", as_of="2023-09", feature=RASHT_ASTARA, passage=(SOURCE, RASHT_PASSAGE),
                 view=View(38.5, 48.9, 7), tab="article"),
        AppState(layers=(), as_of="2020", view=View(-12.3456, 179.9999, 0)),
    ],
)
def test_query_round_trip(state):
    passages = [(SOURCE, RASHT_PASSAGE)]
    query = app_state.state_to_query(state, passages)
    assert all(isinstance(v, str) for v in query.values())
    back = app_state.state_from_query(query, feature_ids=[RASHT_ASTARA], passages=passages)
    assert back == state
    assert back.notes == ()


def test_default_state_has_a_short_link():
    assert app_state.state_to_query(DEFAULT) == {}
    assert app_state.share_url("http://localhost:8501/?old=1#x", DEFAULT) == "http://localhost:8501/"


def test_share_url_keeps_commas_readable():
    url = app_state.share_url("http://host/app", AppState(layers=("INSTC", "BAM"), view=View(40, 50, 5)))
    assert url == "http://host/app?layers=INSTC,BAM&view=40.0000,50.0000,5"


def test_bad_link_values_are_dropped_with_a_reason():
    state = app_state.state_from_query(
        {"layers": "INSTC,Atlantis", "status": "operational,bogus", "basemap": "google", "names": "xx",
         "as_of": "September", "feature": "no-such-feature", "passage": "p-nowhere", "view": "1,2",
         "tab": "nope", "mode": "rail,teleport"},
        feature_ids=[RASHT_ASTARA],
        passages=[(SOURCE, RASHT_PASSAGE)],
    )
    assert state.layers == ("INSTC",)
    assert state.statuses == ("operational",)
    assert state.modes == ("rail",)
    assert (state.basemap, state.naming, state.as_of, state.feature, state.passage, state.view, state.tab) == (
        DEFAULT.basemap, DEFAULT.naming, None, None, None, None, DEFAULT.tab)
    notes = " ".join(state.notes)
    for word in ("Atlantis", "bogus", "google", "xx", "September", "no-such-feature", "p-nowhere", "1,2", "nope",
                 "teleport"):
        assert word in notes


def test_layer_names_are_case_insensitive_and_canonical_order():
    state = app_state.state_from_query({"layers": "karabakh,instc,INSTC"})
    assert state.layers == ("INSTC", "Karabakh")


def test_repeated_parameter_uses_the_last_value():
    assert app_state.state_from_query({"as_of": ["2019", "2024-04"]}).as_of == "2024-04"


def test_passages_resolve_bare_or_with_source():
    passages = [("a", "p-x"), ("b", "p-x"), ("a", "p-only")]
    assert app_state.resolve_passage("p-only", passages) == ("a", "p-only")
    assert app_state.resolve_passage("p-x", passages) is None  # ambiguous
    assert app_state.resolve_passage("b:p-x", passages) == ("b", "p-x")
    assert app_state.format_passage(("b", "p-x"), passages) == "b:p-x"
    assert app_state.format_passage(("a", "p-only"), passages) == "p-only"


def test_view_is_validated_and_wrapped():
    with pytest.raises(ValueError, match="lat,lon,zoom"):
        app_state.parse_view("40,50")
    with pytest.raises(ValueError, match="zoom"):
        app_state.parse_view("40,50,30")
    assert app_state.view_from_map({"center": {"lat": 40.0, "lng": 400.0}, "zoom": 5}) == View(40.0, 40.0, 5)
    assert app_state.view_from_map({"center": None, "zoom": 5}) is None
    assert app_state.view_from_map(None) is None


def test_clicked_feature_tells_new_clicks_from_old():
    value = {"last_object_clicked_count": 3, "last_active_drawing": {"properties": {"id": "baku"}}}
    assert app_state.clicked_feature(value, None) == ("baku", 3)
    assert app_state.clicked_feature(value, 3) == (None, 3)  # the same click, reported again on a rerun
    assert app_state.clicked_feature({"last_object_clicked_count": None}, 3) == (None, 3)
    assert app_state.clicked_feature(None, 3) == (None, 3)


def test_month_options_cover_the_years():
    months = app_state.month_options("1974", "2024-04-22")
    assert months[0] == "1974-01" and months[-1] == "2024-12" and len(months) == 51 * 12
    assert app_state.nearest_month("2023-09-19", months) == "2023-09"
    assert app_state.nearest_month("2016", months) == "2016-01"
    assert app_state.nearest_month("1900", months) == "1974-01"


# --------------------------------------------------------------------------- app_state: cache keys


def test_fingerprint_follows_data_files(tmp_path):
    shutil.copytree(REPO_ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "geodata").mkdir()
    target = tmp_path / "geodata" / "a.geojson"
    target.write_text("{}", encoding="utf-8")
    first = app_state.data_fingerprint(tmp_path)
    assert app_state.data_fingerprint(tmp_path) == first  # stable when nothing changed
    target.write_text('{"changed": true}', encoding="utf-8")
    second = app_state.data_fingerprint(tmp_path)
    assert second != first
    os.utime(target, ns=(1, 1))
    assert app_state.data_fingerprint(tmp_path) != second  # an mtime alone counts
    (tmp_path / "geodata" / "b.geojson").write_text("{}", encoding="utf-8")
    assert app_state.data_fingerprint(tmp_path) not in (first, second)


# --------------------------------------------------------------------------- app_map


@pytest.fixture(scope="module")
def base(atlas):
    return app_map.base_payload(app_map.base_map(atlas))


def test_base_map_needs_no_network(atlas, base):
    assert base.js_links and all(link.startswith("data:") for link in base.js_links + base.css_links)
    assert external_asset_urls(base.script + base.header + base.html) == []
    assert not drawn_ids(base.script) & set(atlas.features.index)  # the atlas comes as layers


def test_base_payload_key_is_stable_across_builds(atlas, base):
    # The component key is the iframe's identity: a cache miss or another
    # session must produce the same key, or the map would reload.
    again = app_map.base_payload(app_map.base_map(atlas))
    assert again.key == base.key
    assert app_map.base_payload(app_map.base_map(atlas, "osm")).key != base.key


def test_base_payload_matches_what_st_folium_sends(atlas, base, monkeypatch):
    """Our serialization is streamlit-folium's: an upgrade that changes the protocol fails here."""
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(app_map.base_map(atlas), key="x", returned_objects=[])
    assert same(sent["script"], base.script)
    assert same(sent["header"], base.header)
    assert same(sent["html"], base.html)
    assert sent["id"] == base.map_id
    assert tuple(sent["js_links"]) == base.js_links and tuple(sent["css_links"]) == base.css_links


def test_group_script_matches_st_folium_feature_group(atlas, monkeypatch):
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    ours = app_map.group_script(app_map.layer_groups(atlas, Selection(layers=("BAM",)))["BAM"], 1)
    # st_folium numbers its groups from 0: give it a placeholder first.
    theirs_groups = [folium.FeatureGroup(name="placeholder"), app_map.layer_groups(atlas, None)["BAM"]]
    streamlit_folium.st_folium(app_map.base_map(atlas), feature_group_to_add=theirs_groups, returned_objects=[])
    theirs = sent["feature_group"].split("window.feature_group.push(feature_group_feature_group_0);", 1)[1]
    # st_folium dedents, and folium names popup contents at random (html_<uuid>): the JavaScript is the same.
    def norm(js):
        return re.sub(r"html_[0-9a-f]{32}", "html_ID", js).split()

    assert same(norm(ours), norm(theirs))


def test_layers_carry_feature_ids_for_clicks(atlas):
    groups = app_map.layer_groups(atlas, None)
    assert set(groups) == set(LAYER_KEYS)
    for corridor, group in groups.items():
        script = app_map.group_script(group, app_map.LAYER_ORDER.index(corridor))
        expected = set(atlas.features.index[atlas.features["corridor"] == corridor])
        assert drawn_ids(script) == expected, corridor
        assert external_asset_urls(script) == []


def test_focus_group_and_fit(atlas):
    assert app_map.focus_group(atlas, ["no-such-id"]) is None
    script = app_map.group_script(app_map.focus_group(atlas, [RASHT_ASTARA, "baku"]), app_map.FOCUS_INDEX)
    assert "#F0E442" in script and "interactive\": false" in script.replace("'", '"')
    bounds = app_map.feature_bounds(atlas.features, [RASHT_ASTARA])
    assert bounds[0][0] < bounds[1][0] and bounds[0][1] < bounds[1][1]
    fit = app_map.fit_script("passage-1", bounds)
    assert '"passage-1"' in fit and "fitBounds" in fit and fit.endswith(";\n")


def test_legend_html_is_escaped_and_has_no_inline_svg(atlas):
    html = app_map.legend_html(atlas.features)
    assert "<svg" not in html  # Streamlit's sanitizer drops inline SVG; samples are images
    assert html.count("<img") >= 5
    for label in ("INSTC", "operational", "rail"):
        assert label in html


# --------------------------------------------------------------------------- the app (AppTest)


def test_app_starts_on_bundled_data_with_every_layer(atlas):
    at = run_app()
    args = map_args(at)
    assert args["height"] > 0 and args["returned_objects"] == list(app_map.RETURNED_OBJECTS)
    assert all(link.startswith("data:") for link in args["js_links"] + args["css_links"])
    assert drawn_ids(args["feature_group"]) == set(atlas.features.index)
    for corridor in ("INSTC", "BAM", "Zangezur", "Karabakh"):
        assert at.checkbox(key=f"layer_{corridor}").value is True
    assert "fitBounds" in args["feature_group"]  # no shared view: fit everything
    assert [t.label for t in at.tabs][:4] == list(app_state.TABS.values())


def test_toggling_a_layer_keeps_the_map_component(atlas):
    at = run_app()
    before = map_args(at)
    at.checkbox(key="layer_BAM").uncheck().run()
    after = map_args(at)
    assert after["_id"] == before["_id"]  # same component key: the iframe is kept
    assert same(after["script"], before["script"])  # the base map is not rebuilt
    bam = set(atlas.features.index[atlas.features["corridor"] == "BAM"])
    assert not drawn_ids(after["feature_group"]) & bam
    assert drawn_ids(before["feature_group"]) - drawn_ids(after["feature_group"]) == bam
    assert at.query_params["layers"] == "INSTC,Zangezur,Karabakh,context"


def test_a_rerun_reads_no_files_and_builds_no_map(monkeypatch):
    at = run_app()

    def boom(*_args, **_kwargs):
        raise AssertionError("rebuilt on a widget change")

    monkeypatch.setattr(corridors.atlas, "load_atlas", boom)
    for name in ("build_map", "base_map", "corridor_layers"):
        monkeypatch.setattr(corridors.webmap, name, boom)
    at.checkbox(key="layer_Zangezur").uncheck().run()
    at.checkbox(key="layer_Zangezur").check().run()
    at.selectbox(key="basemap").select("offline").run()
    assert not at.exception


def test_a_new_basemap_opens_where_the_old_one_was(fake_click):
    calls = fake_click(None, center=(41.5, 48.25), zoom=6)
    at = run_app()
    at.selectbox(key="basemap").select("osm").run()
    assert calls[-1]["payload"].key != calls[0]["payload"].key  # a new iframe for the new basemap...
    assert (calls[-1]["center"], calls[-1]["zoom"]) == ((41.5, 48.25), 6)  # ...at the same view
    assert at.query_params["basemap"] == "osm"


def test_filters_and_date_change_the_layers_not_the_base(atlas):
    at = run_app()
    base_script = map_args(at)["script"]
    at.toggle(key="use_as_of").set_value(True).run()
    at.select_slider(key="as_of").set_value("2022-01").run()
    args = map_args(at)
    assert same(args["script"], base_script)
    ids = drawn_ids(args["feature_group"])
    assert PEACEKEEPERS in ids and "nagorno-karabakh" in ids and "karabakh-takeover-2023" not in ids
    at.select_slider(key="as_of").set_value("2024-06").run()
    ids = drawn_ids(map_args(at)["feature_group"])
    # The peacekeepers have begun to leave (the article gives no end): still drawn, withdrawing (issue 10).
    assert PEACEKEEPERS in ids and "nagorno-karabakh" not in ids and "karabakh-takeover-2023" in ids
    assert at.query_params["as_of"] == "2024-06"
    at.multiselect(key="statuses").set_value(["planned"]).run()
    ids = drawn_ids(map_args(at)["feature_group"])
    assert RASHT_ASTARA in ids and "bam-main-line" not in ids


def test_naming_changes_map_labels_and_cards():
    at = run_app({"feature": "zangezur-naxcivan"})
    assert "Naxcivan" in " ".join(html_bodies(at))
    at.selectbox(key="naming").select("az").run()
    assert "Naxçıvan" in map_args(at)["feature_group"] or "Nax\\u00e7\\u0131van" in map_args(at)["feature_group"]
    card = next(b for b in html_bodies(at) if 'data-testid="route-card"' in b)
    assert "<h3>Naxçıvan</h3>" in card
    assert at.query_params["names"] == "az"


def test_search_finds_a_place_by_any_name():
    at = run_app()
    at.text_input(key="search").input("Nakhchivan").run()
    hit = at.button(key="hit-zangezur-naxcivan")
    hit.click().run()
    assert at.session_state["feature"] == "zangezur-naxcivan"
    assert at.session_state["focus"] == ("zangezur-naxcivan",)
    assert "fitBounds" in map_args(at)["feature_group"]


def test_a_click_on_the_map_opens_the_card(atlas, fake_click):
    calls = fake_click(RASHT_ASTARA, count=2)
    at = run_app()
    assert calls  # the map was drawn through our substitute
    card = next(b for b in html_bodies(at) if 'data-testid="route-card"' in b)
    assert f'data-feature-id="{RASHT_ASTARA}"' in card
    quotes = [b for b in html_bodies(at) if 'data-testid="card-quote"' in b]
    assert len(quotes) == len(atlas.citations_for(RASHT_ASTARA))
    assert at.query_params["feature"] == RASHT_ASTARA


def test_the_map_view_goes_into_the_link(fake_click):
    fake_click(None, center=(40.12346, 47.5), zoom=6)
    at = run_app()
    assert at.query_params["view"] == "40.1235,47.5000,6"


def test_every_feature_card_shows_its_citations(atlas):
    at = run_app()
    for fid in atlas.features.index:
        at.session_state["feature"] = fid
        at.session_state["tab"] = "Route card"
        at.run()
        bodies = html_bodies(at)
        quotes = [b for b in bodies if 'data-testid="card-quote"' in b]
        citations = atlas.citations_for(fid)
        assert len(quotes) == len(citations), fid
        for quote, cite in zip(quotes, citations, strict=True):
            assert h(cite.quote) in quote and h(cite.passage.id) in quote
        assert len([b for b in at.button if b.key and b.key.startswith("cite-")]) == len(citations)


def test_show_in_article_opens_the_reader_at_the_passage(atlas):
    at = run_app({"feature": RASHT_ASTARA})
    at.button(key="cite-0").click().run()
    passage = atlas.citations_for(RASHT_ASTARA)[0].passage.id
    assert at.session_state["tab"] == "Article"
    assert at.session_state["passage"] == (SOURCE, passage)
    bodies = html_bodies(at)
    chosen = [b for b in bodies if "chosen" in b and f'data-passage="{passage}"' in b]
    assert len(chosen) == 1
    assert any("scrollTop" in b and f"passage-{passage}" in b for b in bodies)  # the reader scrolls to it
    assert at.query_params["tab"] == "article" and at.query_params["passage"] == passage


def test_every_cited_passage_leads_to_its_features(atlas):
    at = run_app({"tab": "article"})
    cited = atlas.cited_passages()
    bodies = html_bodies(at)
    passages = [b for b in bodies if 'data-testid="passage"' in b]
    assert len(passages) == sum(len(s.passages) for s in atlas.sources.values())
    assert len([b for b in passages if "cited" in b.split(">", 1)[0]]) == len(cited)
    for (source, pid), fids in cited.items():
        at.button(key=f"psg-{pid}").click().run()
        assert at.session_state["passage"] == (source, pid)
        assert at.session_state["focus"] == tuple(fids)
        args = map_args(at)
        assert "fitBounds" in args["feature_group"]
        chosen = next(b for b in html_bodies(at) if f'data-passage="{pid}"' in b)
        assert "chosen" in chosen.split(">", 1)[0]
        assert at.pills(key=f"psg-cards-{pid}").options == [display_name(atlas.feature(f)) for f in fids]
    # Its features' cards are one click away.
    (source, pid), fids = next(iter(cited.items()))
    at.button(key=f"psg-{pid}").click().run()
    at.pills(key=f"psg-cards-{pid}").set_value(fids[-1]).run()
    assert at.session_state["feature"] == fids[-1] and at.session_state["tab"] == "Route card"


def test_reader_marks_kinds_and_quotes(atlas):
    at = run_app({"tab": "article"})
    bodies = [b for b in html_bodies(at) if 'data-testid="passage"' in b]
    kinds = {p.kind for s in atlas.sources.values() for p in s.passages}
    assert {"title", "heading", "caption", "paragraph"} <= kinds
    assert any("<h2>" in b for b in bodies) and any("<h4>" in b for b in bodies)
    assert any("Photo caption" in b for b in bodies)
    assert sum(b.count("<mark>") for b in bodies) >= len(atlas.cited_passages())


def test_timeline_lists_events_in_order_and_sets_the_date(atlas):
    at = run_app({"tab": "timeline"})
    events = dated_events(atlas.features)
    buttons = [b for b in at.button if b.key and b.key.startswith("event-")]
    assert len(buttons) == len(events)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert events[0]["date"] in buttons[0].label.replace("\\", "")
    at.button(key="event-0").click().run()
    assert at.session_state["use_as_of"] is True
    months = app_state.month_options(*date_bounds(atlas.features))
    assert at.session_state["as_of"] == app_state.nearest_month(events[0]["date"], months)
    assert at.session_state["feature"] == events[0]["feature_id"]
    assert at.session_state["tab"] == "Timeline"


def test_corridor_summaries(atlas):
    at = run_app({"tab": "corridors"})
    assert at.metric[0].label == "Length drawn"
    assert at.metric[0].value.endswith("km")
    at.radio(key="summary_corridor").set_value("INSTC").run()
    missing = [b for b in at.button if b.key and b.key.startswith("missing-")]
    assert [b.key for b in missing] == [f"missing-{RASHT_ASTARA}"]


def test_table_and_csv(atlas):
    at = run_app()
    table = at.dataframe[0].value
    assert len(table) == len(atlas.features)
    assert {"drawn_km", "stated_km", "citations", "name"} <= set(table.columns)
    at.checkbox(key="layer_BAM").uncheck().run()
    assert len(at.dataframe[0].value) == len(atlas.features) - int((atlas.features["corridor"] == "BAM").sum())


def test_shared_link_restores_the_state():
    query = {"layers": "INSTC,Karabakh", "as_of": "2022-01", "feature": PEACEKEEPERS, "names": "az",
             "view": "40.0000,47.0000,7", "status": "withdrawing,none", "tab": "timeline"}
    at = run_app(query)
    assert at.checkbox(key="layer_BAM").value is False
    assert at.checkbox(key="layer_INSTC").value is True
    assert at.toggle(key="use_as_of").value is True and at.select_slider(key="as_of").value == "2022-01"
    assert at.selectbox(key="naming").value == "az"
    assert at.multiselect(key="statuses").value == ["withdrawing", "none"]
    args = map_args(at)
    assert args["center"] == [40.0, 47.0] and args["zoom"] == 7
    assert "fitBounds" not in args["feature_group"]  # a shared view is not overridden by a fit
    assert PEACEKEEPERS in drawn_ids(args["feature_group"])
    assert dict(at.query_params) == query  # the link survives a run unchanged


def test_bad_link_is_explained_not_fatal():
    at = run_app({"layers": "Atlantis", "as_of": "yesterday"})
    warnings = " ".join(w.value for w in at.warning)
    assert "Atlantis" in warnings and "yesterday" in warnings


def test_report_panel_offers_exports_embed_and_link():
    at = run_app({"layers": "BAM", "feature": "bam-main-line"})
    at.session_state["bottom"] = "Take it into a report"
    at.run()
    keys = {b.key for b in at.get("download_button")}
    assert {"dl-html", "dl-png", "dl-geojson"} <= keys
    codes = [c.value for c in at.code]
    assert any(c.startswith("<iframe") and "corridor-atlas.html" in c for c in codes)
    assert any("layers=BAM" in c and "feature=bam-main-line" in c for c in codes)


def test_broken_data_shows_file_feature_and_rule(make_data_dir, valid_feature, monkeypatch):
    bad = dict(valid_feature)
    bad["properties"] = dict(bad["properties"], citations=[
        {"source": SOURCE, "passage": "p-the-key-project-for-moscow-is", "quote": "words the article never wrote"}])
    monkeypatch.setenv("CORRIDORS_DATA", str(make_data_dir([bad], name="broken.geojson")))
    at = run_app()
    assert "did not validate" in at.error[0].value
    problems = at.dataframe[0].value
    row = problems[problems["rule"] == "citation-quote"].iloc[0]
    assert row["file"] == "geodata/broken.geojson" and row["feature"] == "fixture-baku"
    assert not [n for n in _walk(at._tree) if getattr(n, "type", None) == "component_instance"]


def test_edited_data_is_picked_up(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    shutil.copytree(REPO_ROOT / "geodata", root / "geodata")
    monkeypatch.setenv("CORRIDORS_DATA", str(root))
    at = run_app({"feature": "baku"})
    path = root / "geodata" / "context.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == "baku":
            feature["properties"]["name"] = "Baku (edited)"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    at.run()
    assert "Baku (edited)" in next(b for b in html_bodies(at) if 'data-testid="route-card"' in b)
    assert "Baku (edited)" in map_args(at)["feature_group"]


def test_data_strings_are_escaped_everywhere(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    shutil.copytree(REPO_ROOT / "geodata", root / "geodata")
    evil = "Baku <img src=x onerror=alert(1)> [x](http://evil.example) `${1}`"
    path = root / "geodata" / "context.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == "baku":
            feature["properties"]["name"] = evil
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_DATA", str(root))
    at = run_app({"feature": "baku"})
    card = next(b for b in html_bodies(at) if 'data-testid="route-card"' in b)
    assert h(evil) in card and "<img" not in card
    assert "<img src=x" not in map_args(at)["feature_group"]
    at.text_input(key="search").input("Baku").run()
    label = at.button(key="hit-baku").label
    assert "](http" not in label and "\\[x\\]" in label  # Markdown link syntax is escaped
    at.session_state["tab"] = "Article"
    at.run()
    assert all("<img src=x" not in b for b in html_bodies(at))


def test_config_keeps_streamlit_offline():
    config = tomllib.loads(Path(REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True
