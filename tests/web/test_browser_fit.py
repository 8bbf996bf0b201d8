"""The exported map in a report column (720x480) and on a phone (390x640), in Chromium (issue 8):
the title above the map, controls that cover little of it, popups fully visible and clear of them."""

from __future__ import annotations

import pytest

from corridors.export import export
from tests.browser import chromium_page
from tests.web.probe import CONTROL_BOXES_JS, COVERAGE_JS, overlap, wait_for_labels

pytestmark = pytest.mark.browser

SIZES = {"report-column": ((720, 480), 0.20), "phone": ((390, 640), 0.25)}

# Markers whose centre a reader can click: inside the map and under no control.
CLICKABLE_MARKERS_JS = """
(() => {
  const map = document.querySelector('.folium-map').getBoundingClientRect();
  const controls = [...document.querySelectorAll('.folium-map .leaflet-control')].map(c => c.getBoundingClientRect());
  return [...document.querySelectorAll('.folium-map .leaflet-marker-pane .ca-marker')]
    .map(el => el.getBoundingClientRect())
    .map(r => ({x: r.left + r.width / 2, y: r.top + r.height / 2}))
    .filter(p => p.x > map.left + 4 && p.x < map.right - 4 && p.y > map.top + 4 && p.y < map.bottom - 4)
    .filter(p => !controls.some(c => p.x >= c.left - 4 && p.x <= c.right + 4 &&
                                     p.y >= c.top - 4 && p.y <= c.bottom + 4));
})()
"""
POPUP_BOX_JS = """
(() => {
  const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
})()
"""
MAP_BOX_JS = "(() => { const r = document.querySelector('.folium-map').getBoundingClientRect();" \
    " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })()"


@pytest.fixture(scope="module")
def exported(atlas, tmp_path_factory):
    out = tmp_path_factory.mktemp("fit") / "atlas.html"
    export(atlas, "html", out, title="Corridor Atlas: corridors and conflict zones")
    return out


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_controls_and_title_cover_little_of_the_map(exported, request, size):
    viewport, limit = SIZES[size]
    with chromium_page(request, viewport=viewport) as page:
        page.goto(exported.as_uri())
        wait_for_labels(page)
        # The title is a header above the map, not a box over it.
        title = page.locator('header[data-testid="map-title"]')
        assert title.inner_text() == "Corridor Atlas: corridors and conflict zones"
        assert title.bounding_box()["y"] + title.bounding_box()["height"] <= page.evaluate(MAP_BOX_JS)["top"] + 0.5
        coverage = page.evaluate(COVERAGE_JS)
        assert coverage["share"] <= limit, coverage
        # Below 800 px the legend and the layer control are buttons.
        assert page.locator(".ca-legend details").evaluate("d => d.open") is False
        assert page.locator(".leaflet-control-layers-list").is_hidden()
        toggle = page.locator(".leaflet-control-layers-toggle").bounding_box()
        assert toggle["width"] <= 48 and toggle["height"] <= 48
        # The pointer over the button opens it (a tap on a touch screen).
        page.mouse.move(toggle["x"] + toggle["width"] / 2, toggle["y"] + toggle["height"] / 2)
        page.wait_for_selector(".leaflet-control-layers-list", state="visible")
        assert page.errors == []


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_popups_open_fully_visible_and_clear_of_every_control(exported, request, size):
    viewport, _ = SIZES[size]
    with chromium_page(request, viewport=viewport) as page:
        page.goto(exported.as_uri())
        wait_for_labels(page)
        points = sorted(page.evaluate(CLICKABLE_MARKERS_JS), key=lambda p: (p["y"], p["x"]))
        assert len(points) >= 4
        # The highest, lowest, leftmost and rightmost symbols: where a popup is likeliest to hit a control.
        chosen = {id(p): p for p in (points[0], points[-1], min(points, key=lambda p: p["x"]),
                                      max(points, key=lambda p: p["x"]))}.values()
        for point in chosen:
            page.reload()
            wait_for_labels(page)
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector(".folium-map[data-popup-fitted]")
            _assert_popup_clear(page, point)
            # Opening "More" grows the popup; it stays in view and clear of the controls.
            page.locator(".leaflet-popup .ca-more summary").click()
            page.wait_for_function("document.querySelector('.leaflet-popup .ca-more').open")
            page.wait_for_timeout(50)
            _assert_popup_clear(page, point)
        assert page.errors == []


def _assert_popup_clear(page, point):
    page.wait_for_function("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")
    popup = page.evaluate(POPUP_BOX_JS)
    frame = page.evaluate(MAP_BOX_JS)
    assert frame["left"] <= popup["left"] and popup["right"] <= frame["right"], (point, popup, frame)
    assert frame["top"] <= popup["top"] and popup["bottom"] <= frame["bottom"], (point, popup, frame)
    hits = [c["cls"] for c in page.evaluate(CONTROL_BOXES_JS) if overlap(popup, c)]
    assert hits == [], (point, popup, hits)
    # Compact: the name, what it is and one quote show; the full card waits behind "More".
    assert page.locator(".leaflet-popup .ca-pop-what").count() == 1


def test_the_embed_snippet_fits_a_report_column(exported, request):
    """The iframe snippet in a 760 px report column: full width, 3:2, titled; the map inside adapts."""
    snippet = exported.with_name("atlas-embed.html").read_text(encoding="utf-8")
    report = exported.with_name("report.html")
    report.write_text(
        "<!doctype html><html><body style='margin:0'><main style='width:760px;margin:0 auto'>"
        f"<p>Some text of the report.</p>{snippet}<p>More text.</p></main></body></html>",
        encoding="utf-8",
    )
    with chromium_page(request, viewport=(1200, 900)) as page:
        page.goto(report.as_uri())
        frame = page.locator("iframe")
        assert frame.get_attribute("title") == "Corridor Atlas: corridors and conflict zones"
        box = frame.bounding_box()
        assert box["width"] == pytest.approx(760, abs=1) and box["height"] == pytest.approx(760 * 2 / 3, abs=2)
        inner = page.frame_locator("iframe")
        inner.locator(".folium-map[data-labels-shown]").wait_for()
        assert inner.locator(".folium-map.ca-narrow").count() == 1  # a 760 px map folds its controls
        assert page.errors == []


def test_an_online_basemap_that_fails_says_so_on_the_map(atlas, tmp_path, request):
    """Offline, an export that starts on OpenStreetMap tiles gets no tile: the map says why, instead of
    a blank blue map; choosing the offline basemap takes the message away."""
    out = tmp_path / "osm.html"
    export(atlas, "html", out, basemap="osm")
    with chromium_page(request, viewport=(720, 480)) as page:
        page.goto(out.as_uri())  # every tile request is blocked (tests/browser.py)
        notice = page.wait_for_selector('[data-testid="basemap-error"]')
        assert "could not be loaded" in notice.inner_text() and "offline basemap" in notice.inner_text()
        assert page.blocked  # the tiles were asked for, and refused
        page.evaluate("""() => {
          const m = Object.values(window).find(v => v && v instanceof L.Map);
          m.eachLayer(l => { if (l instanceof L.TileLayer) m.removeLayer(l); });
        }""")
        assert page.locator('[data-testid="basemap-error"]').count() == 0


def test_zoomed_all_the_way_out_the_basemap_has_no_cut_edge(exported, request):
    """At the least zoom the map allows, the view stays where the basemap has data: inside its limits."""
    with chromium_page(request, viewport=(1400, 900)) as page:
        page.goto(exported.as_uri())
        wait_for_labels(page)
        page.wait_for_function("(() => { const m = Object.values(window).find(v => v && v instanceof L.Map"
                               " && v._caLabels); return m.options.maxBounds; })()")
        view = page.evaluate("""() => {
          const m = Object.values(window).find(v => v && v instanceof L.Map && v._caLabels);
          m.setZoom(0, {animate: false});
          const b = m.getBounds(), lim = m.options.maxBounds;
          return {zoom: m.getZoom(), min: m.getMinZoom(), inside: lim.pad(0.001).contains(b)};
        }""")
        assert view["zoom"] == view["min"] >= 1 and view["inside"], view
