"""``corridors.app.payload_cache``: the map kept on disk between processes, keyed by the data fingerprint."""

from __future__ import annotations

import pytest

from corridors.app import bridge, map_payload, payload_cache


@pytest.fixture(scope="module")
def serialized(atlas):
    return bridge.base_payload(map_payload.base_map(atlas))


@pytest.fixture
def built(serialized, cache):
    """What ``cache.base`` builds: the map as static files (in this test's cache folder)."""
    return bridge.static_payload(serialized)


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv(bridge.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _never():
    raise AssertionError("built again although the disk had it")


def test_built_once_then_read_from_disk(atlas, built, cache):
    first = payload_cache.cached_payload(atlas.data_dir, "fp1", "offline", lambda: built)
    assert len(list(cache.glob("map-*.json"))) == 1
    again = payload_cache.cached_payload(atlas.data_dir, "fp1", "offline", _never)  # a new process would do this
    assert again == first and again.key == first.key
    # Another data version or basemap is another entry.
    other = payload_cache.cached_payload(atlas.data_dir, "fp2", "offline", lambda: built)
    assert other == first and len(list(cache.glob("map-*.json"))) == 2


def test_a_corrupt_or_foreign_file_is_rebuilt(atlas, built, cache):
    payload_cache.cached_payload(atlas.data_dir, "fp", "offline", lambda: built)
    (entry,) = cache.glob("map-*.json")
    for text in ("{not json", '{"format": 1, "key": "someone else"}', "[]"):
        entry.write_text(text, encoding="utf-8")
        calls: list[int] = []

        def build(calls=calls):
            calls.append(1)
            return built

        payload_cache.cached_payload(atlas.data_dir, "fp", "offline", build)
        assert calls == [1], text
    assert not list(cache.glob(".map-*.tmp"))  # atomic writes leave no temporary files


def test_a_missing_static_file_means_a_rebuild(atlas, serialized, built, cache):
    payload = payload_cache.cached_payload(atlas.data_dir, "fp", "offline", lambda: built)
    base = bridge.static_url_base()
    (bridge.static_dir() / payload.js_links[-1][len(base):]).unlink()
    calls = []
    payload_cache.cached_payload(atlas.data_dir, "fp", "offline",
                                 lambda: calls.append(1) or bridge.static_payload(serialized))
    assert calls == [1] and (bridge.static_dir() / payload.js_links[-1][len(base):]).is_file()


def test_nothing_is_written_inside_the_data_folder(serialized, monkeypatch, tmp_path):
    data = tmp_path / "data"
    monkeypatch.setenv(bridge.CACHE_ENV, str(data / "cache"))
    built = bridge.static_payload(serialized)
    payload_cache.cached_payload(data, "fp", "offline", lambda: built)
    assert not list((data / "cache").glob("map-*.json"))
