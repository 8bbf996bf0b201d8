"""Each validation rule has a small broken fixture proving it is caught, naming file and feature."""

from __future__ import annotations

import pytest

from corridors.data.validate import validate
from tests.clirun import run_cli


def _set(path: str, value):
    def mutate(feature):
        target = feature
        *parents, last = path.split(".")
        for key in parents:
            target = target[key]
        target[last] = value

    return mutate


def _cite(**changes):
    def mutate(feature):
        feature["properties"]["citations"][0].update(changes)

    return mutate


def _geometry(geometry):
    def mutate(feature):
        feature["geometry"] = geometry

    return mutate


BROKEN = {
    "schema-missing-description": ("schema", _set("properties.description", None)),
    "schema-bad-status": ("schema", _set("properties.status", "finished")),
    "schema-uncited": ("schema", _set("properties.citations", [])),
    "schema-bad-date": ("schema", _set("properties.dates", [{"date": "April 2024", "label": "x", "basis": "stated"}])),
    "citation-source": ("citation-source", _cite(source="no-such-source")),
    "citation-passage": ("citation-passage", _cite(passage="p-no-such-passage")),
    "citation-quote": ("citation-quote", _cite(quote="Azerbaijan is the only route that was ever promising")),
    "quote-span": ("quote-span", _cite(quote="Azerbaijan")),
    "coordinates-range": ("coordinates", _geometry({"type": "Point", "coordinates": [249.8, 40.4]})),
    "coordinates-precision": ("coordinates", _geometry({"type": "Point", "coordinates": [49.86710001, 40.4093]})),
    "geometry-invalid": (
        "geometry",
        _geometry({"type": "Polygon", "coordinates": [[[49, 40], [50, 41], [50, 40], [49, 41], [49, 40]]]}),
    ),
    "geometry-type": ("geojson", _geometry({"type": "Circle", "coordinates": [49.8, 40.4]})),
    "swapped-lon-lat": ("countries", _geometry({"type": "Point", "coordinates": [40.4093, 49.8671]})),
    "wrong-country": ("countries", _set("properties.countries", ["ARM"])),
    "period-order": ("period", _set("properties.period", {"start": "2024-04", "end": "2020"})),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_fixture_is_caught(case, valid_feature, make_data_dir):
    rule, mutate = BROKEN[case]
    mutate(valid_feature)
    data = make_data_dir([valid_feature])
    report = validate(data)
    hits = [p for p in report.errors if p.rule == rule]
    assert hits, f"{case}: expected a {rule!r} error, got {[str(p) for p in report.problems]}"
    assert hits[0].file == "geodata/fixture.geojson"
    assert hits[0].feature == "fixture-baku"
    assert not report.ok


def test_valid_fixture_passes(valid_feature, make_data_dir):
    report = validate(make_data_dir([valid_feature]))
    assert report.ok, [str(p) for p in report.problems]


def test_duplicate_ids(valid_feature, make_data_dir):
    report = validate(make_data_dir([valid_feature, valid_feature]))
    assert [p.feature for p in report.errors if p.rule == "duplicate-id"] == ["fixture-baku"]


def test_bad_json_names_the_file(make_data_dir):
    report = validate(make_data_dir(raw='{"type": "FeatureCollection", "features": [', name="broken.geojson"))
    assert [(p.file, p.rule) for p in report.errors] == [("geodata/broken.geojson", "json")]


def test_crs_member_is_rejected(valid_feature, make_data_dir):
    raw = '{"type": "FeatureCollection", "crs": {"type": "name"}, "features": []}'
    report = validate(make_data_dir(raw=raw))
    assert any(p.rule == "geojson" and "crs" in p.message for p in report.errors)


def test_all_problems_reported_at_once(valid_feature, make_data_dir):
    valid_feature["properties"]["citations"][0]["quote"] = "words that the article never printed anywhere"
    valid_feature["properties"]["status"] = "finished"
    report = validate(make_data_dir([valid_feature]))
    assert {"citation-quote", "schema"} <= {p.rule for p in report.errors}


def test_sparse_traced_line_warns(valid_feature, make_data_dir):
    valid_feature["geometry"] = {"type": "LineString", "coordinates": [[49.87, 40.41], [48.87, 41.6]]}
    valid_feature["properties"]["kind"] = "segment"
    report = validate(make_data_dir([valid_feature]))
    assert [p.rule for p in report.warnings] == ["sparse-line"]
    assert report.ok  # a warning does not fail validation


_run_cli = run_cli


@pytest.mark.parametrize("case", ["citation-quote", "swapped-lon-lat", "schema-uncited"])
def test_cli_exits_nonzero_naming_file_feature_rule(case, valid_feature, make_data_dir):
    rule, mutate = BROKEN[case]
    mutate(valid_feature)
    result = _run_cli("validate", "--data", str(make_data_dir([valid_feature])))
    assert result.returncode == 1
    assert f"ERROR geodata/fixture.geojson [fixture-baku] {rule}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_cli_validates_shipped_data():
    result = _run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout + result.stderr
