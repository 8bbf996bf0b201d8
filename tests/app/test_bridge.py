"""``corridors.app.bridge``: our use of streamlit-folium's private functions matches ``st_folium`` itself.

Each test builds the same thing both ways and compares, so an upgrade of
streamlit-folium that changes its protocol fails here rather than in the browser.
"""

from __future__ import annotations

import ast
import base64

import folium
import pytest
import streamlit_folium

from corridors.app import bridge, map_payload
from corridors.data.paths import REPO_ROOT
from corridors.web.offline import external_asset_urls
from tests.app.helpers import drawn_ids, same


@pytest.fixture(scope="module")
def base(atlas):
    return bridge.base_payload(map_payload.base_map(atlas))


@pytest.fixture
def sent(monkeypatch):
    """What streamlit-folium's component is called with (by ``st_folium`` or by ``bridge.show_map``)."""
    calls: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.update(kwargs))
    return calls


def test_base_map_needs_no_network_and_carries_every_layer(atlas, base):
    assert base.js_links and all(link.startswith("data:") for link in base.js_links + base.css_links)
    assert external_asset_urls(base.script + base.header + base.html) == []
    assert drawn_ids(base.script) == set(atlas.features.index)  # the browser filters; no layer is sent again


def test_static_payload_moves_the_map_into_files(base, tmp_path):
    static = bridge.static_payload(base, tmp_path)
    url = bridge.static_url_base(tmp_path)
    assert url.startswith("../") and url.endswith(f".{bridge.STATIC_COMPONENT}/")
    assert len(static.script) < 100 and static.key != base.key and static.html == base.html
    assert all(link.startswith(url) for link in static.js_links + static.css_links)
    files = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert files == dict(static.files) and len(files) == len(static.js_links) + len(static.css_links)
    # One script file and one style sheet (each link is a round trip before the first map), in the
    # vendored files' order; it ends with the builder the one-line script calls once the map's <div> exists.
    assert len(static.js_links) == 1 and len(static.css_links) == 1
    builder = static.script.split("(", 1)[0]
    bundle = files[static.js_links[0][len(url):]].decode()
    vendored = [base64.b64decode(uri.split(",", 1)[1]).decode() for uri in base.js_links]
    starts = [bundle.index(text) for text in vendored] + [bundle.index(f"window.{builder} = function")]
    assert starts == sorted(starts) and starts[0] == 0 and base.script in bundle[starts[-1]:]
    # Content-addressed: the same payload gives the same files; a deleted one comes back.
    assert bridge.static_payload(base, tmp_path) == static
    (tmp_path / static.js_links[0][len(url):]).unlink()
    bridge.ensure_files(static, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == set(files)


def test_base_payload_key_is_stable_across_builds(atlas, base):
    # The component key is the iframe's identity: a cache miss or another
    # session must produce the same key, or the map would reload.
    again = bridge.base_payload(map_payload.base_map(atlas))
    assert again.key == base.key
    assert bridge.base_payload(map_payload.base_map(atlas, "osm")).key != base.key


def test_base_payload_matches_what_st_folium_sends(atlas, base, sent):
    """Our serialization is streamlit-folium's: an upgrade that changes the protocol fails here."""
    streamlit_folium.st_folium(map_payload.base_map(atlas), key="x", returned_objects=[])
    assert same(sent["script"], base.script)
    assert same(sent["header"], base.header)
    assert same(sent["html"], base.html)
    assert sent["id"] == base.map_id
    assert tuple(sent["js_links"]) == base.js_links and tuple(sent["css_links"]) == base.css_links


def test_show_map_sends_what_st_folium_sends(atlas, base, sent):
    """The component gets every argument ``st_folium`` gives it, ``on_change`` included."""
    streamlit_folium.st_folium(map_payload.base_map(atlas), key="x", returned_objects=[], on_change=print)
    theirs = set(sent)
    sent.clear()
    bridge.show_map(base, ["var a = 1;\n", "var b = 2;\n"], height=300, center=(40.0, 47.0), zoom=6,
                    on_change=print)
    assert set(sent) == theirs and sent["on_change"] is print
    assert sent["feature_group"] == "var a = 1;\nvar b = 2;\n"
    assert (sent["center"], sent["zoom"], sent["height"]) == ([40.0, 47.0], 6, 300)
    assert sent["returned_objects"] == list(bridge.RETURNED_OBJECTS) and sent["key"] == base.key


def test_group_script_matches_st_folium_feature_group(atlas, sent):
    ours = bridge.group_script(map_payload.focus_group(atlas, ["bam-main-line"]), 1)
    # st_folium numbers its groups from 0: give it a placeholder first.
    theirs_groups = [folium.FeatureGroup(name="placeholder"), map_payload.focus_group(atlas, ["bam-main-line"])]
    streamlit_folium.st_folium(map_payload.base_map(atlas), feature_group_to_add=theirs_groups, returned_objects=[])
    theirs = sent["feature_group"].split("window.feature_group.push(feature_group_feature_group_0);", 1)[1]
    assert same(ours.split(), theirs.split())  # st_folium dedents: the JavaScript is the same


def test_the_frontend_still_has_what_the_map_reports_through():
    """``js/atlas.js`` hands the map's state to the app in ``selected_tags`` and fires ``overlayadd``
    to make the frontend send it: both are streamlit-folium's frontend internals, pinned here."""
    from pathlib import Path

    build = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    code = "".join(p.read_text(encoding="utf-8") for p in build.glob("main.*.js"))
    assert "selected_tags:" in code and "__GLOBAL_DATA__" in code
    assert 'on("overlayadd",' in code.replace("'", '"') or '.on("overlayadd"' in code.replace("'", '"')
    assert "selected_tags" in bridge.RETURNED_OBJECTS


def test_only_the_bridge_imports_streamlit_folium():
    importers = []
    for path in [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "corridors").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "streamlit_folium" for n in names):
                importers.append(path.relative_to(REPO_ROOT).as_posix())
    assert sorted(set(importers)) == ["corridors/app/bridge.py"]


def test_a_link_to_elsewhere_keeps_every_script_apart_in_order(base, tmp_path):
    """An online basemap's plugin is a URL, not a vendored file: bundling around it would change the order
    the scripts run in, so each stays its own file."""
    from dataclasses import replace

    online = "https://example.org/plugin.js"
    mixed = replace(base, js_links=(base.js_links[0], online, *base.js_links[1:]))
    static = bridge.static_payload(mixed, tmp_path)
    assert len(static.js_links) == len(mixed.js_links) + 1  # each file, the URL, then the builder
    assert static.js_links[1] == online
    url = bridge.static_url_base(tmp_path)
    builder = static.script.split("(", 1)[0]
    assert (tmp_path / static.js_links[-1][len(url):]).read_text().startswith(f"window.{builder} = function")
