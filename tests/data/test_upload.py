"""Uploaded layers: the same loader and rules as the atlas, a message for every refusal, nothing written."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from corridors.data.limits import MIB, Limits
from corridors.data.paths import REPO_ROOT
from corridors.data.sources import load_sources
from corridors.data.upload import load_user_layer, upload_label
from tests.conftest import SOURCE_ID

POINT = {"type": "Point", "coordinates": [49.8671, 40.4093]}


def layer(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feat(geometry=POINT, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def rules(problems) -> set[str]:
    return {p.rule for p in problems}


def test_valid_layer_with_a_hostile_name_is_accepted_as_text():
    name = '<img src=x onerror=alert(1)> ![i](http://127.0.0.1/t.png) `${x}`'
    features, problems = load_user_layer(layer(feat(name=name, note="seen 2024")), "tracks.geojson")
    assert problems == []
    assert [f["properties"]["name"] for f in features] == [name]  # unchanged: the display escapes it
    assert features[0]["properties"] == {"name": name, "note": "seen 2024", "layer": "tracks.geojson",
                                         "uncited": True}


def test_a_single_feature_and_unnamed_features_are_accepted():
    features, problems = load_user_layer(json.dumps(feat()).encode(), "one.geojson")
    assert problems == [] and features[0]["properties"]["name"] == "one.geojson #1"


def test_million_vertices_are_refused_within_seconds():
    data = json.dumps(feat({"type": "LineString", "coordinates": [[60, 58], [61, 58]] * 500_000})).encode()
    assert len(data) < Limits().upload_bytes  # so it is the vertex limit that refuses it
    start = time.perf_counter()
    features, problems = load_user_layer(data, "big.geojson")
    assert features == [] and rules(problems) == {"limits"}
    assert "1,000,000 positions" in problems[0].message
    assert time.perf_counter() - start < 20


@pytest.mark.parametrize("data, rule", [
    (layer(feat({"type": "Polygon", "coordinates": [[[49, 40], [50, 41], [50, 40], [49, 41], [49, 40]]]})),
     "geometry"),
    (layer(feat({"type": "LineString", "coordinates": [[49, 40]]})), "geometry"),
    (layer(feat({"type": "Point", "coordinates": [True, 1]})), "coordinates"),
    (layer(feat(None)), "geometry"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "encoding"),
    (b"{not json", "json"),
    (b"[" * 50_000 + b"]" * 50_000, "limits"),
    (b'{"type": "FeatureCollection", "features": [], "features": []}', "json"),
    (b'{"type": "Topology"}', "geojson"),
    (layer(), "geojson"),
    (layer(feat(name="Ba\u202eku")), "text"),
    (layer(feat(name="x" * 1000)), "limits"),
    (layer(feat(citations=[{"source": "nowhere", "passage": "p-x", "quote": "some words quoted here"}])),
     "citation-source"),
])
def test_bad_uploads_are_refused_with_a_message(data, rule):
    features, problems = load_user_layer(data, "upload.geojson")
    assert features == []
    assert rule in rules(problems), [str(p) for p in problems]
    assert all(p.file == "upload.geojson" and p.severity == "error" for p in problems)


def test_upload_size_limit():
    features, problems = load_user_layer(b" " * (Limits().upload_bytes + 1), "huge.geojson")
    assert features == [] and "more than the upload limit of 10.0 MiB" in problems[0].message


def test_one_bad_feature_refuses_the_whole_layer():
    features, problems = load_user_layer(layer(feat(), feat(None)), "mixed.geojson")
    assert features == [] and [p.feature for p in problems] == ["#2"]


def test_many_bad_features_give_a_bounded_list():
    features, problems = load_user_layer(layer(*[feat(None)] * 500), "many.geojson")
    assert features == [] and len(problems) == 51 and "and 450 more" in problems[-1].message


def test_citations_resolve_against_given_sources():
    sources = load_sources(REPO_ROOT / "seeds")
    cite = {"source": SOURCE_ID, "passage": "p-the-key-project-for-moscow-is",
            "quote": "The most promising route goes through Azerbaijan"}
    features, problems = load_user_layer(layer(feat(citations=[cite])), "cited.geojson", sources=sources)
    assert problems == [] and features[0]["properties"]["uncited"] is False


def test_upload_label_hides_control_characters():
    assert upload_label("a\u202eb\x00c.geojson") == "a\ufffdb\ufffdc.geojson"
    assert len(upload_label("x" * 10_000)) == 80


def _tree_digest() -> str:
    digest = hashlib.sha256()
    for sub in ("geodata", "seeds"):
        for path in sorted((REPO_ROOT / sub).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_uploads_never_touch_the_data_folders():
    before = _tree_digest()
    load_user_layer(layer(feat(name="kept in memory")), "a.geojson")
    load_user_layer(b"[" * 100, "b.geojson")
    assert _tree_digest() == before


def test_limits_from_environment():
    limits = Limits.from_env({"CORRIDORS_LIMIT_UPLOAD_BYTES": "1_048_576", "CORRIDORS_LIMIT_DEPTH": " 8 "})
    assert (limits.upload_bytes, limits.depth, limits.features) == (MIB, 8, Limits().features)
    with pytest.raises(ValueError, match="CORRIDORS_LIMIT_FILES='0': a limit must be at least 1"):
        Limits.from_env({"CORRIDORS_LIMIT_FILES": "0"})
