"""The map builder, without a browser: layers, features per layer, popups, legend, golden HTML."""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from corridors.data.atlas import load_atlas
from corridors.export import map_html
from corridors.model.passages import passage_label
from corridors.model.selection import Selection
from corridors.model.view import View
from corridors.vocabulary import BASEMAPS
from corridors.web.folium_map import LAYER_LABELS, build_map
from corridors.web.layers import runtime_js

GOLDEN = Path(__file__).parent / "golden"


def _children_of_type(element, name):
    for child in element._children.values():
        if child._name == name:
            yield child
        yield from _children_of_type(child, name)


def _groups(m):
    return {g.layer_name: g for g in _children_of_type(m, "FeatureGroup") if g.overlay}


def _drawn_ids(group):
    """Feature ids drawn in a layer: those in the layer's compact GeoJSON, as the page carries it."""
    payload = json.loads(group.data)
    return [f["properties"]["id"] for f in payload["geojson"]["features"]]


@pytest.fixture(scope="module")
def full_map(atlas):
    return build_map(atlas)


def test_one_layer_per_corridor_with_all_its_features(atlas, full_map):
    groups = _groups(full_map)
    assert set(groups) == set(LAYER_LABELS.values())
    for corridor, label in LAYER_LABELS.items():
        expected = list(atlas.features.index[atlas.features["corridor"] == corridor])
        assert _drawn_ids(groups[label]) == expected, corridor


def test_layers_grouped_in_the_control(full_map):
    control = next(_children_of_type(full_map, "GroupedLayerControl"))
    assert list(control.grouped_overlays) == ["Corridors", "Conflict", "Places"]
    assert set(control.grouped_overlays["Corridors"]) == {"INSTC", "BAM", "Zangezur corridor"}
    # Collapsible, so a narrow map shows it as a button; css/page.css keeps it open on wide maps.
    assert control.options["collapsed"] is True


def test_popups_carry_each_card_with_every_quote(atlas, full_map):
    """Each feature's popup is its card's data (the browser renders it as the card template does:
    tests/web/test_browser_html.py), every citation in it, each text stored once per layer."""
    for group in _groups_by_corridor(full_map).values():
        payload = json.loads(group.data)
        texts = payload["texts"]
        assert len(texts) == len(set(texts))
        for fid in _drawn_ids(group):
            entry = payload["cards"][fid]
            # Where each quote is, as a reader names it (passage_label, issue 8), not the passage id.
            cited = [(texts[q], texts[s], texts[p]) for q, s, p in entry["q"]]
            assert cited == [(c.quote, c.source_title, passage_label(c.source, c.passage))
                             for c in atlas.citations_for(fid)], fid
            for naming, rows in entry.get("on", {}).items():
                assert entry["nm"][naming] != entry["n"] and all(r[0] == "Other name" for r in rows)


def _groups_by_corridor(m):
    return {g.corridor: g for g in _children_of_type(m, "FeatureGroup") if hasattr(g, "corridor")}


def test_visible_layers_and_selection(atlas):
    m = build_map(atlas, Selection(layers=("INSTC", "conflict")), visible=["INSTC"])
    groups = _groups(m)
    assert set(groups) == {"INSTC", "Karabakh conflict"}
    assert groups["INSTC"].show and not groups["Karabakh conflict"].show


def test_as_of_date_draws_what_holds_then(atlas):
    from corridors.model.selection import select

    def drawn(as_of):
        m = build_map(atlas, Selection(as_of=as_of))
        return {fid for group in _groups(m).values() for fid in _drawn_ids(group)}

    for as_of in ("2019", "2023-10", "2024-06"):
        assert drawn(as_of) == set(select(atlas.features, Selection(as_of=as_of)).index), as_of
    assert drawn("2019") != drawn("2024-06")


def test_offline_by_default_no_external_assets(atlas):
    from corridors.web.offline import external_asset_urls

    assert external_asset_urls(map_html(atlas)) == []


def test_online_basemap_is_opt_in(atlas):
    assert "tile.openstreetmap.org" not in map_html(atlas)
    online = map_html(atlas, basemap="osm")
    assert "tile.openstreetmap.org" in online and "OpenStreetMap" in online
    # A tile set that fails says so on the map (corridors/web/js/fit.js).
    assert "tileerror" in online and "The online basemap could not be loaded" in online
    # CartoDB's tiles need an API key now: not offered at all.
    assert "cartocdn" not in online.lower() and "positron" not in BASEMAPS
    with pytest.raises(ValueError, match="unknown basemap 'positron'"):
        build_map(atlas, basemap="positron")


def test_offline_basemap_has_no_cut_edge_in_view(atlas, full_map):
    """The 1:10m countries stop at a box; the 1:110m surroundings cover that edge out to where the
    map may go (its maxBounds), and lakes and rivers are drawn."""
    import shapely

    from corridors.data.reference import REFERENCE_DIR, load_surroundings
    from corridors.web.basemap import VIEW_BOUNDS

    surroundings = load_surroundings(REFERENCE_DIR.parent.parent).set_index("kind").geometry
    (south, west), (north, east) = VIEW_BOUNDS
    # Just inside the region box's edges, where the 1:10m countries are cut, the surroundings draw
    # land over the cut (Mauritania, Sudan, India, Chukotka); and beyond it (Africa, Australia).
    for lon, lat in [(-11.9, 20.0), (30.0, 10.1), (78.0, 10.1), (179.9, 66.0), (20.0, 0.0), (135.0, -25.0)]:
        assert surroundings["land"].contains(shapely.Point(lon, lat)), (lon, lat)
    assert not surroundings["land"].contains(shapely.Point(50.0, 42.0))  # the Caspian is water
    assert surroundings["land"].bounds[2] > 180  # Chukotka and Alaska go on past the antimeridian
    west_l, south_l, east_l, north_l = surroundings["land"].bounds
    assert west_l >= west and south_l >= south and east_l <= east and north_l <= north
    assert surroundings["lake"].contains(shapely.Point(108.0, 53.5))  # Lake Baikal
    page = full_map.get_root().render()
    assert "setMaxBounds" in page and json.dumps(VIEW_BOUNDS) in page


def test_bad_options_are_clear_errors(atlas):
    with pytest.raises(ValueError, match="unknown basemap"):
        build_map(atlas, basemap="google")
    with pytest.raises(ValueError, match="unknown layer 'Suez'"):
        build_map(atlas, Selection(layers=("Suez",)))
    with pytest.raises(ValueError, match="zoom"):
        View(40, 50, 42)


def test_explicit_view(atlas):
    m = build_map(atlas, view=View(40.4, 49.9, 7))
    assert m.location == [40.4, 49.9] and m.options["zoom"] == 7


# --- golden HTML on a small fixture atlas --------------------------------------------------------

def _normalize(page: str) -> str:
    """Stable text: element ids numbered in order of appearance, data URIs and inline assets elided."""
    names: dict[str, str] = {}
    # The browser runtime is a file of its own (corridors/web/js/atlas.js), tested in the browser.
    page = page.replace(runtime_js(), "<corridors/web/js/atlas.js>")

    def rename(match):
        return names.setdefault(match.group(0), f"{match.group(1)}_{len(names)}")

    page = re.sub(r"([a-z_]+)_[0-9a-f]{32}", rename, page)
    page = re.sub(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+", "data:…", page)
    # The basemap's GeoJSON is half a megabyte on one line: keep a fingerprint of it.
    def fingerprint(line: str) -> str:
        return f"<{len(line)} chars, sha256 {hashlib.sha256(line.encode()).hexdigest()[:16]}>"

    lines = [line.rstrip() if len(line) < 4000 else fingerprint(line) for line in page.splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def test_html_matches_golden(valid_feature, make_data_dir, request):
    line = copy.deepcopy(valid_feature)
    line["geometry"] = {"type": "LineString", "coordinates": [[49.87, 40.41], [49.6, 40.45], [49.3, 40.5]]}
    line["properties"].update(
        id="fixture-line", name="A <b>line</b>", corridor="INSTC", layer="corridor", kind="segment",
        mode="rail", status="operational",
        claims={
            "status": [{"value": "operational", "basis": "inferred", "cite": [1], "note": "A <i>route</i> exists."}],
            "mode": {"basis": "inferred", "cite": [1], "note": "Drawn as a railway."},
        },
    )
    atlas = load_atlas(make_data_dir([valid_feature, line]))
    got = _normalize(map_html(atlas, title="Golden"))
    golden = GOLDEN / "fixture-map.html"
    if request.config.getoption("--update-goldens") or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
        if not request.config.getoption("--update-goldens"):
            pytest.fail(f"wrote missing golden {golden}; review it and run again")
    assert got == golden.read_text(encoding="utf-8")


def test_focus_draws_a_highlight_under_the_layers_and_fits_to_it(atlas):
    m = build_map(atlas, focus=["lachin-checkpoint", "no-such-feature"])
    groups = [child for child in m._children.values() if child._name == "FeatureGroup"]
    highlight = next(g for g in groups if g.layer_name == "highlight")
    assert not highlight.control  # not a layer the user toggles
    corridor_positions = [i for i, g in enumerate(groups) if g.layer_name in LAYER_LABELS.values()]
    assert groups.index(highlight) < min(corridor_positions)  # drawn under the corridors
    fit = next(child for child in m._children.values() if child._name == "InitialFit")
    (south, west), (north, east) = fit.bounds
    assert east - west < 3 and north - south < 3  # zoomed to the checkpoint, not the atlas


def test_legend_markup_escapes_labels_and_lists_corridors_as_json():
    import json

    from corridors.style.legend import LegendEntry, LegendModel, LegendSection, Swatch
    from corridors.web.legend import legend_body

    entry = LegendEntry("<img src=x onerror=alert(1)> & 'co'", Swatch("colour", "#0072B2"), ("INSTC", "it's"))
    body = str(legend_body(LegendModel((LegendSection("A <b>title</b>", (entry,)),))))
    assert "<img" not in body and "<b>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#39;co&#39;" in body
    assert "<h5>A &lt;b&gt;title&lt;/b&gt;</h5>" in body
    layers = re.search(r"data-layers='([^']*)'", body).group(1)  # single-quoted: tojson escapes the '
    assert json.loads(html.unescape(layers)) == ["INSTC", "it's"]


def test_css_ships_as_files_and_the_card_css_is_one_sheet(atlas):
    from corridors.web.css import card_css, legend_css, map_css, page_css

    assert ".ca-facts{" in card_css() and ".ca-facts{" not in map_css() + legend_css()
    assert ".ca-legend{" in legend_css() and ".ca-header{" in page_css()
    assert "/*" not in card_css() + map_css() + legend_css()  # comments stay in the files
    page = map_html(atlas, title="x")
    assert page.count(".ca-facts{") == 1 and page.count(".ca-legend{") == 1
