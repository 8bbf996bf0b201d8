"""Offline rendering: vendored assets, their manifest, and a real browser with the network cut."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import folium
import pytest
from folium.plugins import GroupedLayerControl, MarkerCluster

from corridors.data.paths import REPO_ROOT
from corridors.web.offline import (
    ASSETS_DIR,
    MANIFEST_PATH,
    OfflineAssetError,
    OfflineIconDefaults,
    external_asset_urls,
    make_offline,
    offline_assets,
    render_offline,
)
from tests.browser import chromium_page

REPO = REPO_ROOT
SPDX = {"MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Apache-2.0"}

LINE = {
    "type": "Feature",
    "properties": {"name": "Baku - Tehran"},
    # straight, so the centre of its bounding box is on it (the browser test clicks there)
    "geometry": {"type": "LineString", "coordinates": [[49.87, 40.41], [51.39, 35.69]]},
}


def corridor_map() -> folium.Map:
    """A map with what the atlas uses: GeoJSON line + popup, default marker, both layer controls."""
    m = folium.Map(location=[40, 50], zoom_start=5, tiles=None)
    group = folium.FeatureGroup(name="Corridor")
    folium.GeoJson(
        LINE,
        name="line",
        style_function=lambda _f: {"color": "#d62728", "weight": 6},
        popup=folium.Popup("North-South corridor", max_width=200),
        tooltip="Baku to Tehran",
    ).add_to(group)
    folium.Marker([40.41, 49.87], popup=folium.Popup("Baku")).add_to(group)
    folium.CircleMarker([35.69, 51.39], radius=6, popup="Tehran").add_to(group)
    group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    GroupedLayerControl({"Corridors": [group]}, exclusive_groups=False, collapsed=False).add_to(m)
    return m


# --------------------------------------------------------------------------- manifest


def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def test_manifest_matches_vendored_files():
    doc = manifest()
    listed = set()
    for entry in doc["files"]:
        path = ASSETS_DIR / entry["path"]
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        assert len(data) == entry["size"], entry["path"]
        assert entry["path"] == f"vendor/{entry['package']}-{entry['version']}/{entry['package_path']}"
        assert entry["license"] in SPDX
        assert entry["integrity"].startswith("sha512-")
        listed.add(entry["path"])
    on_disk = {p.relative_to(ASSETS_DIR).as_posix() for p in (ASSETS_DIR / "vendor").rglob("*") if p.is_file()}
    assert on_disk == listed


def test_manifest_covers_what_folium_needs_with_licences():
    doc = manifest()
    have = {(e["package"], e["version"], e["package_path"]) for e in doc["files"]}
    for need in [
        ("leaflet", "1.9.3", "dist/leaflet.js"),
        ("leaflet", "1.9.3", "dist/leaflet.css"),
        ("leaflet", "1.9.3", "dist/images/marker-icon.png"),
        ("leaflet", "1.9.3", "LICENSE"),
        ("jquery", "3.7.1", "dist/jquery.min.js"),
        ("jquery", "3.7.1", "LICENSE.txt"),
    ]:
        assert need in have
    # The versions are the ones folium itself would load from its CDNs.
    cdn = dict(folium.Map.default_js)
    assert "leaflet@1.9.3" in cdn["leaflet"] and "jquery-3.7.1" in cdn["jquery"]
    plugin_cdn = dict(GroupedLayerControl.default_js)["leaflet.groupedlayercontrol.min.js"]
    assert "/0.6.1/" in plugin_cdn and ("leaflet-groupedlayercontrol", "0.6.1", "LICENSE.txt") in {
        (p, v, f) for p, v, f in have
    }


def test_refresh_vendor_check_passes_without_network():
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "refresh_vendor.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- API


def test_offline_assets_are_data_uris_in_load_order():
    js, css = offline_assets()
    assert [name for name, _ in js] == ["leaflet", "jquery"]
    assert [name for name, _ in css] == ["leaflet_css"]
    assert all(uri.startswith("data:text/javascript;base64,") for _, uri in js)
    assert css[0][1].startswith("data:text/css;base64,")
    js.append(("mutated", "x"))  # callers get fresh lists
    assert len(offline_assets()[0]) == 2


def test_inlined_leaflet_css_has_no_relative_image_urls():
    import base64

    _, css = offline_assets()
    text = base64.b64decode(css[0][1].split(",", 1)[1]).decode()
    assert "url(images/" not in text
    assert text.count('url("data:image/png;base64,') == 3  # layers, layers-2x, marker-icon
    assert external_asset_urls(f'<link rel="stylesheet" href="{css[0][1]}"/>') == []


def test_offline_map_renders_with_no_external_url():
    m = corridor_map()
    html = render_offline(m)
    assert external_asset_urls(html) == []
    assert "cdn.jsdelivr.net" not in html and "code.jquery.com" not in html and "cdnjs" not in html
    assert html.count("<script src=\"data:text/javascript;base64,") == 3  # leaflet, jquery, grouped control
    # folium's class attributes are untouched: other maps still use the CDN.
    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)
    assert any("cdn" in url for _, url in folium.Map().default_js)
    assert "default_js" in vars(m) and "default_js" in vars(next(
        c for c in m._children.values() if isinstance(c, GroupedLayerControl)))


def test_icon_defaults_run_first_and_once():
    m = corridor_map()
    make_offline(m)
    make_offline(m)
    children = list(m._children.values())
    assert isinstance(children[0], OfflineIconDefaults)
    assert sum(isinstance(c, OfflineIconDefaults) for c in children) == 1
    html = m.get_root().render()
    assert html.index('L.Icon.Default.imagePath = ""') < html.index("L.marker(")


def test_plain_folium_map_is_reported_external():
    html = folium.Map().get_root().render()  # OpenStreetMap tiles, CDN assets
    urls = external_asset_urls(html)
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in urls
    assert "https://code.jquery.com/jquery-3.7.1.min.js" in urls
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in urls
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize(
    "snippet, url",
    [
        ('<script src="https://a.example/x.js"></script>', "https://a.example/x.js"),
        ("<link rel='icon' href='//b.example/favicon.ico'>", "//b.example/favicon.ico"),
        ('<img alt="" src=http://c.example/i.png>', "http://c.example/i.png"),
        ("<style>.x{background:url( 'https://d.example/bg.png' )}</style>", "https://d.example/bg.png"),
        ('<style>@import "https://e.example/s.css";</style>', "https://e.example/s.css"),
        ('<div style="background-image:url(https://f.example/a.png)"></div>', "https://f.example/a.png"),
        # HTML inside JS strings: a folium popup, and a JSON-escaped GeoJSON popup.
        ("var h = $(`<div><img src=\"https://g.example/p.jpg\"></div>`)[0];", "https://g.example/p.jpg"),
        ('{"popup": "\\u003cimg src=\\"https://h.example/q.jpg\\"\\u003e"}', "https://h.example/q.jpg"),
        ('L.tileLayer("https://{s}.tiles.example/{z}/{x}/{y}.png", {})', "https://{s}.tiles.example/{z}/{x}/{y}.png"),
        ("L.tileLayer.wms('https://wms.example/ows', {})", "https://wms.example/ows"),
        ('L.imageOverlay("https://i.example/o.png", b)', "https://i.example/o.png"),
        ("$.ajax(\"https://j.example/d.geojson\", {dataType: 'json'})", "https://j.example/d.geojson"),
    ],
)
def test_external_asset_urls_finds(snippet, url):
    assert external_asset_urls(snippet) == [url]


def test_external_asset_urls_ignores_links_and_local_urls():
    html = (
        '<a href="https://example.org/">source</a>'
        '<script src="data:text/javascript;base64,AAAA"></script>'
        '<img src="vendor/x.png"><link rel="stylesheet" href="static/a.css">'
        "<style>.x{behavior:url(#default#VML)}</style>"
    )
    assert external_asset_urls(html) == []


def test_make_offline_refuses_awesome_marker_icons():
    m = folium.Map(tiles=None)
    folium.Marker([40, 50], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(OfflineAssetError, match="awesome-markers"):
        make_offline(m)


def test_make_offline_refuses_unvendored_plugins():
    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    with pytest.raises(OfflineAssetError, match="markercluster"):
        make_offline(m)


def test_render_offline_refuses_online_tiles():
    with pytest.raises(OfflineAssetError, match=r"tile\.openstreetmap\.org"):
        render_offline(folium.Map())


def test_streamlit_folium_gets_only_data_uris(monkeypatch):
    """streamlit-folium collects default_js/default_css from the element tree: all inlined."""
    streamlit_folium = pytest.importorskip("streamlit_folium")
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    m = make_offline(corridor_map())
    streamlit_folium.st_folium(m, key="offline-test", height=300, returned_objects=[])
    assert sent["js_links"] and sent["css_links"]
    assert all(u.startswith("data:") for u in sent["js_links"] + sent["css_links"])
    assert external_asset_urls(sent["header"]) == []
    assert 'L.Icon.Default.imagePath = ""' in sent["script"]
    assert sent["script"].index("L.Icon.Default") < sent["script"].index("L.marker(")


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_offline_map_works_in_chromium_with_network_blocked(request, tmp_path):
    page_file = tmp_path / "map.html"
    page_file.write_text(render_offline(corridor_map()), encoding="utf-8")

    with chromium_page(request, viewport=(1000, 700)) as page:
        page.goto(page_file.as_uri())
        page.wait_for_selector(".leaflet-container", state="attached", timeout=15_000)

        line = page.locator("path.leaflet-interactive[stroke='#d62728']")
        try:
            line.first.wait_for(timeout=15_000)
        except Exception as exc:  # a script error stops everything after it: say which
            raise AssertionError(f"line not drawn; page errors {page.errors}, blocked {page.blocked}") from exc
        assert line.count() == 1
        # Both layer controls were built (the script ran to its end).
        assert page.locator(".leaflet-control-layers").count() == 2
        assert page.locator(".leaflet-control-layers-group-name", has_text="Corridors").count() == 1
        # The default marker icon loaded from its data: URI.
        icon = page.locator("img.leaflet-marker-icon").first
        assert icon.get_attribute("src").startswith("data:image/png;base64,")
        page.wait_for_function("document.querySelector('img.leaflet-marker-icon').naturalWidth > 0")
        # The popup (built with jQuery's $) opens on click.
        box = line.first.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.locator(".leaflet-popup-content", has_text="North-South corridor").wait_for(timeout=5_000)

        assert page.errors == []
        assert page.blocked == []
