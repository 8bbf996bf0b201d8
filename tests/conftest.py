"""Shared fixtures: the bundled data, a loaded atlas, and throw-away data directories."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest

from corridors.data.paths import REPO_ROOT

SOURCE_ID = "rferl-one-winner-of-the-ukraine-war"

# A small, valid feature: the base every broken fixture is made from.
VALID_FEATURE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [49.8671, 40.4093]},
    "properties": {
        "id": "fixture-baku",
        "name": "Baku",
        "alt_names": [
            {"name": "Bakı", "lang": "az", "used_by": "Azerbaijani official usage", "basis": "outside",
             "note": "The city's name in Azerbaijani."}
        ],
        "corridor": "context",
        "layer": "place",
        "kind": "place",
        "mode": None,
        "status": None,
        "countries": ["AZE"],
        "dates": [],
        "description": "Capital of Azerbaijan, named in the article.",
        "citations": [
            {
                "source": SOURCE_ID,
                "passage": "p-the-key-project-for-moscow-is",
                "quote": "The most promising route goes through Azerbaijan",
            }
        ],
        "geometry_accuracy": {"method": "traced", "error_km": 1, "note": "city centre"},
    },
}


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):
    """Caches (the app's map files, validation results) go to a fresh folder, never the developer's home."""
    folder = tmp_path_factory.mktemp("corridors-cache")
    previous = os.environ.get("CORRIDORS_CACHE")
    os.environ["CORRIDORS_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("CORRIDORS_CACHE", None)
    else:
        os.environ["CORRIDORS_CACHE"] = previous


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def atlas():
    from corridors import load_atlas

    return load_atlas()


@pytest.fixture
def valid_feature() -> dict:
    return copy.deepcopy(VALID_FEATURE)


@pytest.fixture
def make_data_dir(tmp_path):
    """Write a data directory laid out like the repo with the given features (or raw file text)."""

    def make(features=None, raw: str | None = None, name: str = "fixture.geojson") -> Path:
        root = tmp_path / "data"
        shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
        (root / "geodata").mkdir(parents=True)
        text = raw if raw is not None else json.dumps({"type": "FeatureCollection", "features": features})
        (root / "geodata" / name).write_text(text, encoding="utf-8")
        return root

    return make


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets browser fixtures know whether the test failed, to save a screenshot.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(config, items):
    # With xdist (`-n 2 --dist loadgroup`, the README's test command) every browser test goes to one
    # worker, one at a time: they start app servers and Chromium and time what they see, so two at once
    # on a 2-core machine would only make each other slow. The other worker runs the rest meanwhile.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from the current output")
