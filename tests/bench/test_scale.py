"""The scaled atlas the benchmark measures on: N copies of every feature that still validate."""

from __future__ import annotations

import json

import pytest

from corridors.bench.scale import STEP_DEGREES, copy_feature, feature_count, scaled_atlas
from corridors.data.paths import atlas_files


def _coords(geometry):
    def walk(c):
        if c and isinstance(c[0], (int, float)):
            yield c
        else:
            for part in c:
                yield from walk(part)

    return list(walk(geometry["coordinates"]))


def test_a_copy_has_a_new_id_and_moves_a_little(valid_feature):
    copy = copy_feature(valid_feature, 23)
    assert copy["properties"]["id"] == "fixture-baku-x23"
    assert valid_feature["properties"]["id"] == "fixture-baku"  # the original is untouched
    (lon, lat), (lon2, lat2) = valid_feature["geometry"]["coordinates"], copy["geometry"]["coordinates"]
    assert lon2 - lon == pytest.approx(3 * STEP_DEGREES) and lat2 - lat == pytest.approx(2 * STEP_DEGREES)
    assert copy["properties"]["citations"] == valid_feature["properties"]["citations"]
    assert copy_feature(valid_feature, 0) is valid_feature


def test_scaled_atlas_has_n_copies_with_unique_ids_and_six_decimals(tmp_path, repo_root):
    out = scaled_atlas(3, tmp_path / "x3")
    assert feature_count(out) == 3 * feature_count(repo_root)
    ids = [f["properties"]["id"] for p in atlas_files(out) for f in json.loads(p.read_text())["features"]]
    assert len(ids) == len(set(ids))
    for path in atlas_files(out):
        for feature in json.loads(path.read_text())["features"]:
            for lon, lat, *_ in _coords(feature["geometry"]):
                assert round(lon, 6) == lon and round(lat, 6) == lat
    assert (out / "seeds").is_dir() and not (out / "geodata" / "reference").exists()


def test_scaled_atlas_validates_and_loads(tmp_path):
    from corridors.data.atlas import load_atlas

    atlas = load_atlas(scaled_atlas(2, tmp_path / "x2"))
    assert atlas.report.ok
    assert "bam-main-line-x1" in atlas.features.index
    assert atlas.feature("bam-main-line-x1")["length_km"] == pytest.approx(
        atlas.feature("bam-main-line")["length_km"], rel=0.01
    )


def test_scaled_atlas_refuses_bad_requests(tmp_path, repo_root):
    with pytest.raises(ValueError, match="at least 1"):
        scaled_atlas(0, tmp_path / "x0")
    with pytest.raises(ValueError, match="over its source"):
        scaled_atlas(2, repo_root)
