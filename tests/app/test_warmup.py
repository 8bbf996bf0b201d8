"""The server's start-up hook (issue 11): ``streamlit run app.py`` serves the page through ``st.App``,
whose lifespan loads the atlas and builds the default map before the first reader asks for them.

The browser tests (``tests/test_app_e2e.py``, ``test_app_offline_e2e.py``) run the app this way, so a
warm-up that broke the map's component (declared outside a script run) fails them.
"""

from __future__ import annotations

import asyncio
import threading

from streamlit.web.server.app_discovery import discover_asgi_app

from corridors.app import payload_cache, warmup
from corridors.data.paths import REPO_ROOT


def test_streamlit_run_finds_the_server_in_app_py():
    found = discover_asgi_app(REPO_ROOT / "app.py")
    assert found.is_asgi_app and found.app_name == "app"


def test_warm_up_builds_the_default_map_on_disk(tmp_path, monkeypatch):
    from corridors.app import cache

    monkeypatch.setenv("CORRIDORS_CACHE", str(tmp_path))
    cache.base.clear()  # another test of this process may have built it already: build it afresh here
    assert not list(tmp_path.glob("map-*.json"))
    warmup.warm()
    assert len(list(payload_cache.cache_dir().glob("map-*.json"))) == 1
    assert list((tmp_path / "web").iterdir()), "the map's static files are written for the browser"


def test_bad_data_is_left_to_the_page(tmp_path, monkeypatch):
    broken = tmp_path / "data"
    (broken / "geodata").mkdir(parents=True)
    (broken / "seeds").mkdir()
    (broken / "geodata" / "bad.geojson").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_DATA", str(broken))
    monkeypatch.setenv("CORRIDORS_CACHE", str(tmp_path / "cache"))
    warmup.warm()  # the atlas is cached as its DataError (the page shows it); no map is built; nothing raises
    assert not list((tmp_path / "cache").glob("map-*.json"))


def test_the_lifespan_serves_at_once_and_warms_in_the_background(monkeypatch):
    started = threading.Event()
    release = threading.Event()

    def slow_warm():
        started.set()
        release.wait(30)

    monkeypatch.setattr(warmup, "warm", slow_warm)

    async def serve():
        async with warmup.lifespan(None):
            assert started.wait(10)  # the warm-up runs...
            assert not release.is_set()  # ...and the server is already serving meanwhile
        release.set()

    asyncio.run(serve())


def test_an_unexpected_failure_is_logged_not_raised(monkeypatch, caplog):
    from corridors.app import cache

    def broken(*_args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cache, "atlas", broken)
    with caplog.at_level("WARNING", logger=warmup.__name__):
        warmup.warm()
    assert "warm-up failed" in caplog.text and "disk on fire" in caplog.text
