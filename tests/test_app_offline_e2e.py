"""Offline all the way, and data text shown literally, in a real browser (issue 12).

The app's server runs as ``streamlit run app.py`` with nothing but a port on the
command line (so ``.streamlit/config.toml`` decides address, headless mode and
telemetry), with ``tests/netguard/sitecustomize.py`` recording every connection
and name lookup it attempts that is not loopback. The data folder is a copy of
the bundled data in which one feature's name holds a Markdown image, GFM
autolinks and Streamlit directives; a share link adds autolinks to the warning.
Chromium records every request that is not local (``tests/browser.py``). The
exported HTML of the same data, with a hostile uploaded layer, is opened the same way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.app.markdown import plain
from corridors.bench.server import stop_process
from corridors.data.paths import REPO_ROOT
from tests.browser import ARTIFACTS, chromium_page, require_chromium
from tests.test_app_e2e import LOAD_TIMEOUT_MS, _free_port, _wait_healthy, open_app

pytestmark = pytest.mark.browser

NETGUARD = Path(__file__).resolve().parent / "netguard"
FEATURE = "instc-astara-rasht-missing-link"
PASSAGE = "p-in-may-2023-russia-and-iran"
HOSTILE = "Rasht ![i](http://198.51.100.7/t.png) www.example.com user@example.com :red[x] :material/home: **b**"
# Everything a Markdown renderer could have made of HTML: images, links, styled text.
JS_LIVE = """(root) => [...document.querySelectorAll(root + ' img, ' + root + ' a, ' + root + ' strong')]
  .map((e) => e.outerHTML).filter((s) => /198\\.51|example|>b</.test(s))"""

# Every resource the page loaded (the route records requests; this also sees ones served from a cache).
JS_RESOURCES = """() => performance.getEntriesByType('resource').map((e) => e.name)
  .filter((u) => !/^(data|blob):|^http:\\/\\/127\\.0\\.0\\.1[:\\/]/.test(u))"""


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-data")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    shutil.copytree(REPO_ROOT / "geodata", root / "geodata")
    path = root / "geodata" / "instc.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    (target,) = [f for f in collection["features"] if f["properties"]["id"] == FEATURE]
    target["properties"]["name"] = HOSTILE
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def guarded_app(hostile_data):
    """``(url, connection log)`` of the app run with only a port given, its socket layer recorded."""
    require_chromium()
    log = ARTIFACTS / "app-offline-server.log"
    connections = hostile_data / "connections.log"
    connections.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "HTTP_PROXY", "HTTPS_PROXY"))}
    env |= {"PYTHONPATH": os.pathsep.join([str(NETGUARD), str(REPO_ROOT)]),
            "CORRIDORS_DATA": str(hostile_data), "CORRIDORS_CONNECT_LOG": str(connections)}
    port = _free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                                cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(proc, f"http://127.0.0.1:{port}", log)
            yield f"http://127.0.0.1:{port}", connections, log
        finally:
            stop_process(proc)


def test_the_recorder_sees_a_connection_leave(tmp_path):
    """The recorder itself: a child Python with it records an outside address and a lookup, not loopback."""
    log = tmp_path / "log"
    code = ("import socket\n"
            "for host in ('198.51.100.7', '127.0.0.1'):\n"
            "    s = socket.socket(); s.settimeout(0.2); s.connect_ex((host, 9)); s.close()\n"
            "try:\n    socket.getaddrinfo('checkip.amazonaws.com', 443)\nexcept OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30,
                   env={**os.environ, "PYTHONPATH": str(NETGUARD), "CORRIDORS_CONNECT_LOG": str(log)})
    lines = log.read_text().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == ["connect '198.51.100.7' 9",
                                                        "lookup 'checkip.amazonaws.com' 443"]


def test_the_app_stays_on_this_machine_and_shows_data_text_literally(request, guarded_app):
    url, connections, log = guarded_app
    with chromium_page(request) as page:
        # A link with autolinks in it: its warning (shown on the first run only) must not make them live either.
        page.goto(f"{url}/?tab=article&passage={PASSAGE}&feature=www.example.org/x@example.net")
        warning = page.locator('[data-testid="stAlert"]').filter(has_text="is not in the atlas").first
        warning.wait_for(timeout=LOAD_TIMEOUT_MS)
        assert "www.example.org/x@example.net" in plain(warning.inner_text())
        assert page.evaluate(JS_LIVE, '[data-testid="stAlert"]') == []
        open_app(page, url, f"?tab=article&passage={PASSAGE}")
        pills = page.locator(f".st-key-psg-cards-{PASSAGE}")
        pills.wait_for(timeout=LOAD_TIMEOUT_MS)
        assert HOSTILE in plain(pills.inner_text())  # the name, every sign of it, as text
        assert page.evaluate(JS_LIVE, f".st-key-psg-cards-{PASSAGE}") == []
        # The card: the chosen feature in the "choose a feature" box (plain text), and a search hit (a button).
        open_app(page, url, f"?feature={FEATURE}")
        picked = page.locator(".st-key-pick")
        picked.wait_for(timeout=LOAD_TIMEOUT_MS)
        shown = picked.inner_text() + " " + " ".join(i.input_value() for i in picked.locator("input").all())
        assert HOSTILE in plain(shown), shown
        page.locator(".st-key-search input").fill("Rasht")
        page.locator(".st-key-search input").press("Enter")
        hit = page.locator(f".st-key-hit-{FEATURE}")
        hit.wait_for(timeout=LOAD_TIMEOUT_MS)
        assert HOSTILE in plain(hit.inner_text())
        assert page.evaluate(JS_LIVE, f".st-key-hit-{FEATURE}") == []
        # The whole page: no image, link or bold text made from the data, anywhere.
        assert page.evaluate(JS_LIVE, '[data-testid="stApp"]') == []
        assert page.blocked == [], f"the browser asked for: {page.blocked}"
        assert page.evaluate(JS_RESOURCES) == []
    assert connections.read_text() == "", f"the server reached out:\n{connections.read_text()}"
    assert "Did not auto detect external IP" not in log.read_text()


def test_the_exported_html_makes_no_request(request, hostile_data, tmp_path):
    from corridors.data.atlas import load_atlas
    from corridors.data.upload import load_user_layer
    from corridors.export.views import export_view
    from corridors.model.mapview import MapView

    upload = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": HOSTILE},
              "geometry": {"type": "LineString", "coordinates": [[48.0, 38.0], [49.0, 39.0]]}}]}
    features, problems = load_user_layer(json.dumps(upload).encode(), "mine ![i](http://198.51.100.7/u.png)")
    assert features and not problems
    out = export_view(load_atlas(hostile_data), MapView(), "html", tmp_path / "map.html",
                      user_layers=[("mine", features)])[0]
    with chromium_page(request) as page:
        page.goto(out.as_uri())
        page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 10",
                               timeout=LOAD_TIMEOUT_MS)
        assert page.locator('.leaflet-overlay-pane path[stroke="#1A1A1A"]').count() == 1  # the user's layer
        assert page.blocked == [], f"the exported map asked for: {page.blocked}"
        assert page.evaluate(JS_LIVE, "body") == []
