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


MAY_2023 = {  # citation 2 in the claim fixtures
    "source": "rferl-one-winner-of-the-ukraine-war",
    "passage": "p-in-may-2023-russia-and-iran",
    "quote": "In May 2023, Russia and Iran signed an agreement to complete construction of a railroad from the "
             "Iran-Azerbaijan border, at Astara, to Rasht, in northern Iran.",
}
BAM_LENGTH = {  # citation 3 in the claim fixtures
    "source": "rferl-one-winner-of-the-ukraine-war",
    "passage": "c-the-baikal-amur-mainline-railway-spanning",
    "quote": "The Baikal-Amur Mainline railway, spanning around 4,300 kilometers, was a significant engineering "
             "challenge for the Soviet Union.",
}


def _claims(**props):
    """Give the fixture two more citations (2: May 2023 agreement, 3: the BAM's length) and ``props``."""

    def mutate(feature):
        feature["properties"]["citations"] += [dict(MAY_2023), dict(BAM_LENGTH)]
        feature["properties"].update(props)

    return mutate


def _inferred(note="derived from the quote"):
    return {"basis": "inferred", "cite": [1], "note": note}


def _bound(date, basis="stated", cite=(2,), note=None):
    bound = {"date": date, "basis": basis, "cite": list(cite)}
    if note:
        bound["note"] = note
    return bound


RAIL_LINE = {"type": "LineString", "coordinates": [[49.87, 40.41], [50.5, 40.2], [50.9, 40.0]]}  # Baku out to sea
BAKU_AREA = {"type": "Polygon", "coordinates": [[[49.7, 40.3], [50.0, 40.3], [50.0, 40.5], [49.7, 40.5], [49.7, 40.3]]]}


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
    "period-order": ("period", _claims(period={"start": _bound("2023-05"), "end": _bound("2016", cite=[3])})),
    # A period bound needs a stated or reasoned inferred basis.
    "period-basis-no-reason": ("period-basis", _claims(period={"start": _bound("2020", basis="inferred")})),
    "period-bound-unsupported": ("claim-stated", _claims(period={"start": _bound("2020")})),
    # Every claim's references exist.
    "claim-ref": ("claim-ref", _claims(dates=[{"date": "2023-05", "label": "agreed", "basis": "stated", "cite": [4]}])),
    # Every fact has evidence.
    "claim-missing-status": ("claim-missing", _set("properties.status", "operational")),
    "claim-missing-mode": ("claim-missing", _set("properties.mode", "rail")),
    "claim-missing-name-cite": ("claim-missing", _set("properties.alt_names", [
        {"name": "Bakı", "lang": "az", "used_by": "Azerbaijani usage", "basis": "inferred", "note": "no cite"}])),
    "claim-note": ("claim-note", _claims(mode="rail", claims={"mode": {"basis": "inferred", "cite": [2]}})),
    # Stated values must be in their quotes.
    "claim-stated-status": ("claim-stated", _claims(status="operational", claims={
        "status": [{"value": "operational", "from": "2023-05", "basis": "stated", "cite": [2]}]})),
    "claim-stated-from": ("claim-stated", _claims(status="planned", claims={
        "status": [{"value": "planned", "from": "2016", "basis": "stated", "cite": [2]}]})),
    "claim-stated-date": ("claim-stated", _claims(dates=[{"date": "2023-06", "label": "agreed", "basis": "stated",
                                                           "cite": [2]}])),
    "claim-stated-figure": ("claim-stated", _claims(claims={"figures": [
        {"what": "length", "value": 4800, "unit": "km", "approx": True, "basis": "stated", "cite": [3]}]})),
    "claim-stated-figure-hedge": ("claim-stated", _claims(claims={"figures": [
        {"what": "length", "value": 4300, "unit": "km", "basis": "stated", "cite": [3]}]})),
    "claim-stated-mode": ("claim-stated", _claims(mode="sea", claims={"mode": {"basis": "stated", "cite": [2]}})),
    "claim-stated-name": ("claim-stated", _set("properties.alt_names", [
        {"name": "Bakı", "lang": "az", "used_by": "Azerbaijani usage", "basis": "stated", "cite": [1]}])),
    "claim-stated-no-status": ("claim-stated", _claims(claims={
        "status": [{"value": None, "from": "2023-05", "basis": "stated", "cite": [2]}]})),
    "status-history-end": ("status-history", _claims(status="planned", claims={
        "status": [{"value": "operational", "from": "2023-05", **_inferred()}]})),
    "status-history-order": ("status-history", _claims(status="planned", claims={"status": [
        {"value": "planned", "from": "2023-05", "basis": "stated", "cite": [2]},
        {"value": "planned", "from": "2016", **_inferred()}]})),
    # A rail line may not run over water beyond its error.
    "over-water": ("over-water", lambda f: (
        _geometry(RAIL_LINE)(f),
        _claims(kind="segment", mode="rail", claims={"mode": {"basis": "stated", "cite": [2]}})(f))),
    # A dated event's area must not include places it excludes.
    "event-excludes": ("event-excludes", lambda f: (_geometry(BAKU_AREA)(f), _set("properties.excludes", [
        {"name": "Baku", "position": [49.8671, 40.4093], "radius_km": 1, "date": "2020", "basis": "outside",
         "note": "dated differently elsewhere"}])(f))),
}


@pytest.mark.parametrize(
    "mutate",
    [
        _claims(status="planned", mode="rail", missing_link=True, claims={
            "status": [{"value": "planned", "from": "2023-05", "basis": "stated", "cite": [2]}],
            "mode": {"basis": "stated", "cite": [2]},
            "missing_link": {"basis": "inferred", "cite": [2], "note": "the railroad is still to be completed"},
            "figures": [{"what": "length", "value": 4300, "unit": "km", "approx": True, "basis": "stated",
                         "cite": [3]}]},
            dates=[{"date": "2023-05", "label": "agreed", "basis": "stated", "cite": [2]}],
            period={"start": _bound("2023-05"), "end": _bound("2024", basis="inferred", note="the article's year")}),
        lambda f: (_geometry(BAKU_AREA)(f), _set("properties.excludes", [
            {"name": "Sumgait", "position": [49.6617, 40.5897], "radius_km": 2, "basis": "outside",
             "note": "outside the area"}])(f)),
    ],
    ids=["supported-claims", "excludes-kept-clear"],
)
def test_supported_claims_pass(mutate, valid_feature, make_data_dir):
    """The fixtures above fail for one reason each: the same claims, supported, pass."""
    mutate(valid_feature)
    report = validate(make_data_dir([valid_feature]))
    assert report.ok, [str(p) for p in report.problems]


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
