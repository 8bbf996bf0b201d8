"""The explorer app end to end: ``streamlit run app.py`` driven by headless Chromium, offline.

Every request that is not local is blocked (``tests/browser.py``), so these
tests also prove that neither the map nor Streamlit's own page needs the
network. Nothing sleeps: the server is polled on ``/_stcore/health`` until a
deadline, the page is waited on with Playwright (``wait_for_function``,
``expect``). A failing test leaves a screenshot in ``test-artifacts/``.

``pytest --update-goldens`` also rewrites the screenshots in ``docs/``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from corridors.bench.server import stop_process
from corridors.data.paths import REPO_ROOT
from tests.browser import ARTIFACTS, chromium_page, require_chromium

pytestmark = pytest.mark.browser

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
COLOURS = {"INSTC": "#0072B2", "BAM": "#D55E00", "Zangezur": "#009E73", "Karabakh": "#CC79A7"}
FOCUS = "#F0E442"
RASHT_PASSAGE = "p-in-may-2023-russia-and-iran"
RASHT_ASTARA = "instc-astara-rasht-missing-link"
PEACEKEEPERS = "russian-peacekeepers-karabakh"
DOCS = REPO_ROOT / "docs"
START_TIMEOUT_S = 90
LOAD_TIMEOUT_MS = 90_000
STEP_TIMEOUT_MS = 60_000  # a step under a loaded CI machine; a pass takes a few seconds

# JavaScript run in the app's page. The component iframe is same-origin, so
# the page can look into it; that also works across an iframe being replaced.
JS_MAP = f"""() => {{
  const f = document.querySelector('{IFRAME}');
  return f && f.contentWindow && f.contentWindow.map ? f : null;
}}"""
JS_DRAWN = """(colour) => {
  const f = document.querySelector('IFRAME');
  const d = f && f.contentDocument;
  if (!d || !f.contentWindow.map) return null;
  const paths = d.querySelectorAll('.leaflet-overlay-pane path[stroke="' + colour + '"]').length;
  const markers = d.querySelectorAll('.leaflet-marker-pane svg[fill="' + colour + '"]').length;
  return paths + markers;
}""".replace("IFRAME", IFRAME)
# The app is settled when the script is idle and the link shows the map's own view
# (so the map has reported its last move and nothing is pending).
JS_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const f = document.querySelector('IFRAME');
  if (!app || app.dataset.testScriptState !== 'notRunning' || !f || !f.contentWindow.map) return false;
  const view = new URL(location.href).searchParams.get('view');
  if (!view) return false;
  const [lat, lon, zoom] = view.split(',').map(Number);
  const m = f.contentWindow.map, c = m.getCenter(), lng = ((c.lng + 180) % 360 + 360) % 360 - 180;
  return Math.abs(lat - c.lat) < 2e-4 && Math.abs(lon - lng) < 2e-4 && zoom === m.getZoom();
}""".replace("IFRAME", IFRAME)


# --------------------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, log: Path, env_extra: dict | None = None):
    """``streamlit run`` on a free port, headless, no telemetry; yields the base URL once healthy."""
    require_chromium()  # no point starting a server the tests cannot drive
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CORRIDORS_DATA"}  # the bundled data
    env.update({"PYTHONPATH": str(REPO_ROOT)} | (env_extra or {}))
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(proc, url, log)
            yield url
        finally:
            stop_process(proc)


def _wait_healthy(proc: subprocess.Popen, url: str, log: Path) -> None:
    """Poll the health endpoint until it answers ``ok`` or the deadline passes."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)  # the poll interval, not a wait for readiness: the deadline bounds it
    pytest.fail(f"streamlit not healthy after {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server(REPO_ROOT / "app.py", ARTIFACTS / "app-e2e-server.log") as url:
        yield url


NAIVE_APP = '''
"""The naive app of issue 4: rebuild the whole map from a sidebar checkbox."""
import streamlit as st
from streamlit_folium import st_folium

from corridors.data.atlas import load_atlas
from corridors.model.selection import CORRIDOR_NAMES
from corridors.web.folium_map import build_map

atlas = st.cache_resource(load_atlas)()
visible = [c for c in CORRIDOR_NAMES if st.sidebar.checkbox(c, value=True, key=f"layer_{c}")]
st_folium(build_map(atlas, visible=visible), height=620, use_container_width=True, returned_objects=[])
'''


# --------------------------------------------------------------------------- page helpers


def open_app(page, url: str, query: str = "") -> None:
    page.goto(url + "/" + query)
    page.wait_for_function(JS_MAP, timeout=LOAD_TIMEOUT_MS)
    # The layers are in (not only the basemap): some feature of some corridor is drawn.
    page.wait_for_function(f"(cs) => cs.some((c) => ({JS_DRAWN})(c) > 0)", arg=list(COLOURS.values()),
                           timeout=LOAD_TIMEOUT_MS)
    settle(page)


def settle(page) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(JS_SETTLED, timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeout:  # say what never agreed: the script state, the link's view, the map's view
        state = page.evaluate(f"""() => {{
            const app = document.querySelector('[data-testid="stApp"]');
            const f = document.querySelector('{IFRAME}');
            const m = f && f.contentWindow.map;
            return {{script: app && app.dataset.testScriptState, url: location.href,
                     map: m ? [m.getCenter().lat, m.getCenter().lng, m.getZoom()] : null}};
        }}""")
        raise AssertionError(f"the page never settled: {state}") from None


def drawn(page, corridor: str) -> int:
    return page.evaluate(JS_DRAWN, COLOURS[corridor])


def map_view(page) -> tuple[float, float, int]:
    return tuple(page.evaluate(f"""() => {{
        const m = document.querySelector('{IFRAME}').contentWindow.map, c = m.getCenter();
        return [c.lat, c.lng, m.getZoom()];
    }}"""))


def tag_iframe(page) -> None:
    """Mark the map's iframe element and its window: a recreated iframe loses both."""
    page.evaluate(f"""() => {{
        const f = document.querySelector('{IFRAME}');
        f.dataset.caTag = 'kept'; f.contentWindow.__caTag = 'kept';
    }}""")


def iframe_kept(page) -> bool:
    return page.evaluate(f"""() => {{
        const f = document.querySelector('{IFRAME}');
        return f.dataset.caTag === 'kept' && f.contentWindow.__caTag === 'kept';
    }}""")


def toggle_layer(page, corridor: str) -> None:
    page.locator(f".st-key-layer_{corridor} label").click()  # the input is covered by Streamlit's styling


def wait_drawn(page, corridor: str, present: bool) -> None:
    op = ">" if present else "==="
    page.wait_for_function(f"(c) => {{ const n = ({JS_DRAWN})(c); return n !== null && n {op} 0; }}",
                           arg=COLOURS[corridor], timeout=STEP_TIMEOUT_MS, polling="raf")


def click_line(page, colour: str) -> None:
    """Click the middle of the longest line drawn in ``colour`` (a real mouse click in the iframe)."""
    point = page.frame_locator(IFRAME).locator("body").evaluate(
        """(body, colour) => {
            const paths = [...body.querySelectorAll('.leaflet-overlay-pane path[stroke="' + colour + '"]')];
            const path = paths.sort((a, b) => b.getTotalLength() - a.getTotalLength())[0];
            const p = path.getPointAtLength(path.getTotalLength() * 0.45), m = path.getScreenCTM();
            return [p.x * m.a + m.e, p.y * m.d + m.f];
        }""",
        colour,
    )
    box = page.locator(IFRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def no_network_and_no_errors(page) -> None:
    assert page.blocked == [], f"requests outside localhost: {page.blocked}"
    assert page.errors == [], f"browser errors: {page.errors}"


def docs_screenshot(request, page, name: str) -> None:
    # Wait for the map to settle (no zoom or pan animation, two painted frames):
    # a screenshot during a fit shows half-redrawn lines.
    page.frame_locator(IFRAME).locator("body").evaluate(
        """() => new Promise((resolve) => {
            const idle = () => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim');
            const settle = () => idle()
                ? requestAnimationFrame(() => requestAnimationFrame(resolve))
                : setTimeout(settle, 50);
            settle();
        })"""
    )
    # Pictures for the README only when asked; a failing test gets its screenshot from chromium_page.
    if request.config.getoption("--update-goldens"):
        page.screenshot(path=str(DOCS / name))


# --------------------------------------------------------------------------- tests


def test_map_appears_offline_with_all_corridors(request, app_url):
    from playwright.sync_api import expect

    with chromium_page(request, viewport=(1400, 1000)) as page:
        open_app(page, app_url)
        for corridor in COLOURS:
            assert drawn(page, corridor) > 0, f"{corridor} is not on the map"
        expect(page.get_by_test_id("app-legend")).to_contain_text("Baikal-Amur Mainline")
        assert "view=" in page.url  # the address bar is already a link to this view
        no_network_and_no_errors(page)
        docs_screenshot(request, page, "app-start.png")


def test_toggling_a_layer_keeps_the_iframe_and_view(request, app_url):
    with chromium_page(request) as page:
        open_app(page, app_url)
        tag_iframe(page)
        view = map_view(page)
        assert drawn(page, "BAM") > 0

        toggle_layer(page, "BAM")
        wait_drawn(page, "BAM", present=False)
        settle(page)
        assert drawn(page, "INSTC") > 0
        assert iframe_kept(page), "toggling a layer recreated the map iframe"
        assert map_view(page) == pytest.approx(view)
        assert "layers=INSTC%2CZangezur%2CKarabakh%2Ccontext" in page.url or "layers=INSTC,Zangezur" in page.url

        toggle_layer(page, "BAM")
        wait_drawn(page, "BAM", present=True)
        assert iframe_kept(page)
        no_network_and_no_errors(page)


def test_a_layer_toggled_in_the_map_reaches_the_sidebar_and_the_link(request, app_url):
    """The map's own layer control acts at once, in the browser; the app learns it afterwards."""
    from playwright.sync_api import expect

    with chromium_page(request) as page:
        open_app(page, app_url)
        tag_iframe(page)
        # Below 800 px of map the layer control is a button (issue 8): the pointer over it opens it.
        frame = page.frame_locator(IFRAME)
        frame.locator(".leaflet-control-layers").hover()
        control = frame.locator(".leaflet-control-layers label", has_text="BAM")
        control.click()
        wait_drawn(page, "BAM", present=False)
        expect(page.locator(".st-key-layer_BAM input")).not_to_be_checked(timeout=STEP_TIMEOUT_MS)
        expect(page).to_have_url(re.compile("layers=INSTC(%2C|,)Zangezur"), timeout=STEP_TIMEOUT_MS)
        settle(page)
        assert drawn(page, "BAM") == 0 and drawn(page, "INSTC") > 0  # the rerun did not undo the toggle
        assert iframe_kept(page)
        toggle_layer(page, "BAM")  # and the sidebar still drives the same map
        wait_drawn(page, "BAM", present=True)
        assert iframe_kept(page)
        no_network_and_no_errors(page)


def _toggle_latency(page, url: str, runs: int = 3) -> list[float]:
    """Seconds from a click on the BAM checkbox to the map drawn without (then with) BAM."""
    page.goto(url + "/")
    page.wait_for_function(f"(c) => ({JS_DRAWN})(c) > 0", arg=COLOURS["BAM"], timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]').dataset.testScriptState"
                           " === 'notRunning'", timeout=STEP_TIMEOUT_MS)
    times = []
    for i in range(runs * 2):
        present = i % 2 == 1
        start = time.perf_counter()
        toggle_layer(page, "BAM")
        page.wait_for_function(
            f"""([c, i]) => {{ const n = ({JS_DRAWN})(c), k = ({JS_DRAWN})(i);
                return n !== null && k > 0 && ({'n > 0' if present else 'n === 0'}); }}""",
            arg=[COLOURS["BAM"], COLOURS["INSTC"]], timeout=LOAD_TIMEOUT_MS, polling="raf",
        )
        times.append(time.perf_counter() - start)
        page.wait_for_function("() => document.querySelector('[data-testid=stApp]').dataset.testScriptState"
                               " === 'notRunning'", timeout=STEP_TIMEOUT_MS)
    return times


def test_toggle_is_faster_than_rebuilding_the_map(request, app_url, tmp_path):
    """Issue 4's measure, in one run: our toggle against the naive rebuild of the whole map."""
    naive = tmp_path / "naive_app.py"
    naive.write_text(NAIVE_APP, encoding="utf-8")
    with chromium_page(request) as page:
        ours = _toggle_latency(page, app_url)
        with streamlit_server(naive, ARTIFACTS / "naive-server.log") as naive_url:
            theirs = _toggle_latency(page, naive_url)
    median = sorted(ours)[len(ours) // 2]
    naive_median = sorted(theirs)[len(theirs) // 2]
    result = {"app_s": [round(t, 3) for t in ours], "naive_rebuild_s": [round(t, 3) for t in theirs],
              "app_median_s": round(median, 3), "naive_median_s": round(naive_median, 3),
              "ratio": round(median / naive_median, 3)}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "toggle-latency.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("toggle latency:", result)
    assert median < naive_median, result


def test_clicking_a_route_shows_its_card_with_quotes(request, app_url):
    from playwright.sync_api import expect

    with chromium_page(request) as page:
        open_app(page, app_url)
        click_line(page, COLOURS["BAM"])
        card = page.get_by_test_id("route-card")
        expect(card.locator("h3")).to_have_text("Baikal-Amur Mainline (BAM)", timeout=STEP_TIMEOUT_MS)
        expect(page.get_by_test_id("card-quote").first).to_contain_text("Baikal-Amur Mainline")
        expect(page.get_by_role("tab", name="Route card")).to_have_attribute("aria-selected", "true")
        # The app writes the address on the last line of its run: wait for it rather than read it once.
        expect(page).to_have_url(re.compile("feature=bam-main-line"))
        # The popup the click opened is still there: the rerun did not touch the layers. Its quotes
        # come from the layer's card file, fetched on this first popup.
        expect(page.frame_locator(IFRAME).locator(".ca-popup")).to_be_visible()
        expect(page.frame_locator(IFRAME).locator(".ca-popup blockquote").first).to_contain_text("Baikal-Amur")
        no_network_and_no_errors(page)


def test_reader_highlights_and_a_passage_zooms_the_map(request, app_url, atlas):
    from playwright.sync_api import expect

    with chromium_page(request, viewport=(1400, 1000)) as page:
        open_app(page, app_url)
        page.get_by_role("tab", name="Article", exact=True).click()
        passages = page.get_by_test_id("passage")
        expect(passages).to_have_count(sum(len(s.passages) for s in atlas.sources.values()), timeout=STEP_TIMEOUT_MS)
        expect(page.locator(".ca-passage.cited")).to_have_count(len(atlas.cited_passages()))
        expect(page.locator(".ca-passage.caption").first).to_contain_text("Photo caption")
        assert page.locator(".ca-passage mark").count() >= len(atlas.cited_passages())
        zoom_before = map_view(page)[2]

        button = page.locator(f".st-key-psg-{RASHT_PASSAGE} button")
        button.scroll_into_view_if_needed()
        button.click()
        page.wait_for_function(f"() => ({JS_MAP})().contentWindow.map.getZoom() > {zoom_before}",
                               timeout=STEP_TIMEOUT_MS)
        page.frame_locator(IFRAME).locator(f'.leaflet-overlay-pane path[stroke="{FOCUS}"]').first.wait_for()
        chosen = page.locator(f'.ca-passage.chosen[data-passage="{RASHT_PASSAGE}"]')
        expect(chosen).to_be_in_viewport()  # the reader scrolled to the passage's start
        cards = page.locator(f".st-key-psg-cards-{RASHT_PASSAGE}")
        expect(cards).to_be_visible()
        # The cards arrive one by one: wait for each name rather than read the list once. md() keeps
        # GFM from autolinking data text with invisible word joiners, so match across them.
        for fid in atlas.features_for_passage("rferl-one-winner-of-the-ukraine-war", RASHT_PASSAGE):
            name = atlas.feature(fid)["name"]
            expect(cards).to_contain_text(re.compile("\u2060?".join(map(re.escape, name))), timeout=STEP_TIMEOUT_MS)
        settle(page)
        # The map now frames the passage's features: Astara and Rasht are in view.
        bounds = page.evaluate(f"() => ({JS_MAP})().contentWindow.map.getBounds().toBBoxString()")
        west, south, east, north = map(float, bounds.split(","))
        assert west < 48.9 < east and south < 37.3 < north
        no_network_and_no_errors(page)
        docs_screenshot(request, page, "app-reader.png")


def test_show_in_article_scrolls_to_the_passage(request, app_url, atlas):
    from playwright.sync_api import expect

    cite = atlas.citations_for(RASHT_ASTARA)[-1]
    index = len(atlas.citations_for(RASHT_ASTARA)) - 1
    with chromium_page(request) as page:
        open_app(page, app_url, f"?feature={RASHT_ASTARA}")
        expect(page.get_by_test_id("route-card")).to_contain_text("Rasht")
        page.locator(f".st-key-cite-{index} button").click()
        expect(page.get_by_role("tab", name="Article", exact=True)).to_have_attribute("aria-selected", "true",
                                                                         timeout=STEP_TIMEOUT_MS)
        chosen = page.locator(f'.ca-passage.chosen[data-passage="{cite.passage.id}"]')
        expect(chosen).to_be_in_viewport(timeout=STEP_TIMEOUT_MS)
        expect(page).to_have_url(re.compile(f"passage={re.escape(cite.passage.id)}"))
        no_network_and_no_errors(page)


def test_shared_url_restores_the_view(request, app_url):
    from playwright.sync_api import expect

    query = (f"?layers=INSTC,Zangezur,Karabakh&as_of=2022-01&feature={PEACEKEEPERS}&names=az"
             "&view=40.0000,47.0000,7")
    with chromium_page(request) as page:
        open_app(page, app_url, query)
        lat, lon, zoom = map_view(page)
        assert (lat, lon, zoom) == pytest.approx((40.0, 47.0, 7), abs=pixels(2, 7))
        assert drawn(page, "BAM") == 0 and drawn(page, "Karabakh") > 0
        expect(page.locator(".st-key-layer_BAM input")).not_to_be_checked()
        expect(page.locator(".st-key-use_as_of input")).to_be_checked()
        expect(page.get_by_test_id("route-card").locator("h3")).to_have_text("Russian peacekeepers in Karabakh")

        # Now move the map and choose another feature, then share that.
        page.frame_locator(IFRAME).locator(".leaflet-control-zoom-in").click()
        page.wait_for_function(f"() => ({JS_MAP})().contentWindow.map.getZoom() === 8", timeout=STEP_TIMEOUT_MS)
        settle(page)
        shared = page.url
        assert "view=" in shared and ",8" in shared.replace("%2C", ",")

    with chromium_page(request) as fresh:
        fresh.goto(shared)
        fresh.wait_for_function(JS_MAP, timeout=LOAD_TIMEOUT_MS)
        settle(fresh)
        lat, lon, zoom = map_view_from_url(shared)
        assert map_view(fresh) == pytest.approx((lat, lon, zoom), abs=pixels(2, zoom))
        assert drawn(fresh, "BAM") == 0
        expect(fresh.get_by_test_id("route-card").locator("h3")).to_have_text("Russian peacekeepers in Karabakh")
        no_network_and_no_errors(fresh)


def pixels(n: int, zoom: int) -> float:
    """``n`` screen pixels in degrees at ``zoom``: Leaflet keeps a view to the pixel, not beyond.

    (The iframe settles its size after the view is set; Leaflet then re-centres to
    whole pixels, so a shared view comes back within a pixel or so.)
    """
    return n * 360 / (256 * 2**zoom)


def map_view_from_url(url: str) -> tuple[float, float, int]:
    from urllib.parse import parse_qs, urlparse

    lat, lon, zoom = parse_qs(urlparse(url).query)["view"][0].split(",")
    return float(lat), float(lon), int(zoom)


def test_docs_screenshot_of_a_route_card(request, app_url):
    """The README picture: the map with a route's card open."""
    from playwright.sync_api import expect

    with chromium_page(request, viewport=(1400, 1000)) as page:
        open_app(page, app_url, "?feature=instc-astara-rasht-missing-link&view=41.0000,49.0000,5")
        expect(page.get_by_test_id("card-quote").first).to_be_visible()
        no_network_and_no_errors(page)
        docs_screenshot(request, page, "app-map.png")


def test_report_downloads_are_the_current_view(request, app_url, tmp_path):
    """HTML (offline), PNG and GeoJSON of what is on screen, plus the embed snippet and the link."""
    from playwright.sync_api import expect

    from corridors.web.offline import external_asset_urls

    with chromium_page(request) as page:
        open_app(page, app_url, "?layers=Zangezur,Karabakh&as_of=2022")
        page.get_by_role("tab", name="Take it into a report").click()
        # The report panel's code blocks: alt text, caption, the embed snippet and the share link.
        codes = page.get_by_test_id("stCode")
        expect(codes.filter(has_text="<iframe").first).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(codes.filter(has_text="layers=Zangezur,Karabakh").first).to_be_visible()

        files = {}
        # A print file is made on request, with a status saying so (issue 9), then downloaded.
        page.get_by_role("button", name="Make the PNG of this view").click()
        expect(page.get_by_text("The PNG is ready")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        for key, label, name in (("dl-html", "Map as HTML", "map.html"), ("dl-geojson", "Features as GeoJSON",
                                  "map.geojson"), ("dl-png", "Map as PNG", "map.png")):
            with page.expect_download(timeout=LOAD_TIMEOUT_MS) as download:
                page.get_by_role("button", name=label).click()
            files[key] = tmp_path / name
            download.value.save_as(files[key])

        html = files["dl-html"].read_text(encoding="utf-8")
        assert external_asset_urls(html) == []
        assert "Zangezur" in html and "Baikal-Amur" not in html
        corridors = {f["properties"]["corridor"] for f in json.loads(files["dl-geojson"].read_text())["features"]}
        assert corridors == {"Zangezur", "Karabakh"}
        assert files["dl-png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        from corridors.export.manifest_io import read_manifest

        for key in ("dl-html", "dl-png", "dl-geojson"):  # the view on screen, in each file's manifest
            view = read_manifest(files[key])["view"]
            assert view["layers"] == ["Zangezur", "Karabakh"] and view["as_of"] == "2022", key
        no_network_and_no_errors(page)
