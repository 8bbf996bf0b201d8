"""``corridors.app.bridge``: our use of streamlit-folium's private functions matches ``st_folium`` itself.

Each test builds the same thing both ways and compares, so an upgrade of
streamlit-folium that changes its protocol fails here rather than in the browser.
"""

from __future__ import annotations

import ast
import re

import folium
import pytest
import streamlit_folium

from corridors.app import bridge, map_payload
from corridors.app.state import LAYER_KEYS
from corridors.data.paths import REPO_ROOT
from corridors.model.selection import Selection
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


def test_base_map_needs_no_network(atlas, base):
    assert base.js_links and all(link.startswith("data:") for link in base.js_links + base.css_links)
    assert external_asset_urls(base.script + base.header + base.html) == []
    assert not drawn_ids(base.script) & set(atlas.features.index)  # the atlas comes as layers


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
    """The component gets every argument ``st_folium`` gives it, but ``on_change`` (we read its value)."""
    streamlit_folium.st_folium(map_payload.base_map(atlas), key="x", returned_objects=[])
    theirs = set(sent)
    sent.clear()
    bridge.show_map(base, ["var a = 1;\n", "var b = 2;\n"], height=300, center=(40.0, 47.0), zoom=6)
    assert set(sent) == theirs - {"on_change"}
    assert sent["feature_group"] == "var a = 1;\nvar b = 2;\n"
    assert (sent["center"], sent["zoom"], sent["height"]) == ([40.0, 47.0], 6, 300)
    assert sent["returned_objects"] == list(bridge.RETURNED_OBJECTS) and sent["key"] == base.key


def test_group_script_matches_st_folium_feature_group(atlas, sent):
    ours = bridge.group_script(map_payload.layer_groups(atlas, Selection(layers=("BAM",)))["BAM"], 1)
    # st_folium numbers its groups from 0: give it a placeholder first.
    theirs_groups = [folium.FeatureGroup(name="placeholder"), map_payload.layer_groups(atlas, None)["BAM"]]
    streamlit_folium.st_folium(map_payload.base_map(atlas), feature_group_to_add=theirs_groups, returned_objects=[])
    theirs = sent["feature_group"].split("window.feature_group.push(feature_group_feature_group_0);", 1)[1]

    # st_folium dedents, and folium names popup contents at random (html_<uuid>): the JavaScript is the same.
    def norm(js):
        return re.sub(r"html_[0-9a-f]{32}", "html_ID", js).split()

    assert same(norm(ours), norm(theirs))


def test_layers_carry_feature_ids_for_clicks(atlas):
    groups = map_payload.layer_groups(atlas, None)
    assert set(groups) == set(LAYER_KEYS)
    for corridor, group in groups.items():
        script = bridge.group_script(group, map_payload.LAYER_ORDER.index(corridor))
        expected = set(atlas.features.index[atlas.features["corridor"] == corridor])
        assert drawn_ids(script) == expected, corridor
        assert external_asset_urls(script) == []


def test_only_the_bridge_imports_streamlit_folium():
    importers = []
    for path in [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "corridors").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "streamlit_folium" for n in names):
                importers.append(path.relative_to(REPO_ROOT).as_posix())
    assert sorted(set(importers)) == ["corridors/app/bridge.py"]
