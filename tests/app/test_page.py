"""``app.py`` under AppTest as a whole: start, caching, shared links, data errors, escaping, offline config."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from markupsafe import escape

import corridors.data.atlas
import corridors.web.folium_map
from corridors.app import bridge, css
from corridors.app import state as app_state
from corridors.data.paths import REPO_ROOT
from tests.app.helpers import (
    PEACEKEEPERS,
    SOURCE,
    base_script,
    card_html,
    drawn_ids,
    html_bodies,
    map_args,
    map_components,
    map_request,
    run_app,
)


def test_app_starts_on_bundled_data_with_every_layer(atlas):
    at = run_app()
    args = map_args(at)
    assert args["height"] > 0 and args["returned_objects"] == list(bridge.RETURNED_OBJECTS)
    # Leaflet, its CSS and the map itself are static files the browser caches, not arguments resent.
    assert all(link.startswith(bridge.static_url_base()) for link in args["js_links"] + args["css_links"])
    assert drawn_ids(base_script(args)) == set(atlas.features.index)
    for corridor in ("INSTC", "BAM", "Zangezur", "Karabakh"):
        assert at.checkbox(key=f"layer_{corridor}").value is True
    assert "fitBounds" in args["feature_group"]  # no shared view: fit everything
    assert [t.label for t in at.tabs][: len(app_state.TABS)] == list(app_state.TABS.values())


def test_the_stylesheet_is_injected_once():
    at = run_app()
    styles = [b for b in html_bodies(at) if b.lstrip().startswith("<style>")]
    assert len(styles) == 1
    assert css.stylesheet() in styles[0] and ".ca-passage.chosen" in styles[0]


def test_a_rerun_reads_no_files_and_builds_no_map(monkeypatch):
    at = run_app()

    def boom(*_args, **_kwargs):
        raise AssertionError("rebuilt on a widget change")

    monkeypatch.setattr(corridors.data.atlas, "load_atlas", boom)
    for name in ("build_map", "base_map", "corridor_layers"):
        monkeypatch.setattr(corridors.web.folium_map, name, boom)
    at.checkbox(key="layer_Zangezur").uncheck().run()
    at.checkbox(key="layer_Zangezur").check().run()
    at.selectbox(key="basemap").select("offline").run()
    assert not at.exception


def test_shared_link_restores_the_state():
    query = {"layers": "INSTC,Karabakh", "as_of": "2022", "feature": PEACEKEEPERS, "names": "az",
             "view": "40.0000,47.0000,7", "status": "withdrawing,none", "tab": "timeline"}
    at = run_app(query)
    assert at.checkbox(key="layer_BAM").value is False
    assert at.checkbox(key="layer_INSTC").value is True
    assert at.toggle(key="use_as_of").value is True and at.select_slider(key="as_of").value == "2022"
    assert at.selectbox(key="naming").value == "az"
    assert at.multiselect(key="statuses").value == ["withdrawing", "none"]
    args = map_args(at)
    assert args["center"] == [40.0, 47.0] and args["zoom"] == 7
    assert "fitBounds" not in args["feature_group"]  # a shared view is not overridden by a fit
    state = map_request(args)[1]  # what the map is asked to show, it filters itself
    assert state == {"layers": ["INSTC", "Karabakh"], "statuses": ["withdrawing", None], "modes": [],
                     "asOf": "2022", "naming": "az", "knownBy": None, "sources": []}
    assert dict(at.query_params) == query  # the link survives a run unchanged


def test_bad_link_is_explained_not_fatal():
    at = run_app({"layers": "Atlantis", "as_of": "yesterday"})
    warnings = " ".join(w.value for w in at.warning)
    assert "Atlantis" in warnings and "yesterday" in warnings


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
    assert not map_components(at)


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
    assert "Baku (edited)" in card_html(at)
    assert "Baku (edited)" in base_script(map_args(at))


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
    card = card_html(at)
    assert escape(evil) in card and "<img" not in card  # the card template autoescapes
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
