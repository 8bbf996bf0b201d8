"""Property-based tests (hypothesis): arbitrary and malformed input never raises an unhandled exception.

Bounded (``max_examples``) so they run in CI in seconds; ``deadline=None``
because the shared test machine's timing varies.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corridors.data.geojson import check_geometry
from corridors.data.limits import Limits
from corridors.data.loader import LoadError, nesting_depth, parse_json
from corridors.data.paths import REPO_ROOT, GeoFile
from corridors.data.sources import load_sources, parse_source
from corridors.data.text import locate, normalize
from corridors.data.textcheck import walk
from corridors.data.upload import load_user_layer
from corridors.data.validate import Report, validate_loaded
from tests.conftest import VALID_FEATURE

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = Limits()

json_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                | st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=30)
numbers = st.integers(-400, 400) | st.floats(allow_nan=True, allow_infinity=True) | st.booleans()
positions = st.lists(numbers, min_size=0, max_size=4)
geometry_types = st.sampled_from(["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                                  "MultiPolygon", "GeometryCollection", "Circle", None])
# Shapes of coordinates at every nesting level, well-formed or not.
coordinates = st.recursive(positions, lambda inner: st.lists(inner, max_size=6), max_leaves=40) | json_values
geometries = st.builds(lambda t, c: {"type": t, "coordinates": c}, geometry_types, coordinates) | json_values


@SETTINGS
@given(st.binary(max_size=2000))
def test_parse_json_on_arbitrary_bytes_returns_or_refuses(data):
    try:
        parse_json(data, LIMITS)
    except LoadError as exc:
        assert exc.rule in {"encoding", "json", "limits"}


@SETTINGS
@given(json_values)
def test_parse_json_round_trips_what_it_accepts(value):
    text = json.dumps(value)
    assume(nesting_depth(text.encode()) <= LIMITS.depth)
    try:
        parsed = parse_json(text.encode(), LIMITS)
    except LoadError as exc:  # only duplicate keys cannot round-trip, and dicts cannot hold them
        pytest.fail(f"refused valid JSON: {exc}")
    assert parsed == json.loads(text)


@SETTINGS
@given(geometries)
def test_check_geometry_never_raises(raw):
    check = check_geometry(raw, LIMITS)
    if check.geometry is None:
        assert check.problems  # refused, and told why
    else:  # accepted: usable by shapely, at most the decimals rule has spoken
        assert check.geometry.is_valid and not check.geometry.is_empty
        assert all("decimals" in message for _, message in check.problems)


@SETTINGS
@given(json_values)
def test_value_walk_never_raises(value):
    for where, rule, message in walk(value, LIMITS):
        assert rule in {"limits", "text", "number"} and where and message


@SETTINGS
@given(st.binary(max_size=3000) | st.builds(lambda g, p: json.dumps(
    {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": g, "properties": p}]},
    allow_nan=True).encode(), geometries, json_values))
def test_load_user_layer_never_raises(data):
    features, problems = load_user_layer(data, "fuzz.geojson")
    assert features == [] or not [p for p in problems if p.severity == "error"]
    assert features or problems


@pytest.fixture(scope="module")
def sources():
    return load_sources(REPO_ROOT / "seeds")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(geometries, json_values)
def test_validator_never_raises_on_malformed_features(sources, geometry, properties):
    feature = json.loads(json.dumps(VALID_FEATURE))
    feature["geometry"] = geometry
    if isinstance(properties, dict):
        feature["properties"].update(properties)
    report = Report()
    data = {"type": "FeatureCollection", "features": [feature]}
    validate_loaded(REPO_ROOT, [GeoFile(Path("x.geojson"), "x.geojson", data)], sources, report)
    assert all(p.file in ("x.geojson", "geodata/") for p in report.problems)


@SETTINGS
@given(st.text(max_size=3000))
def test_passage_parser_on_arbitrary_text(raw):
    source = parse_source("fuzz", raw, {})
    ids = [p.id for p in source.passages]
    assert len(ids) == len(set(ids))
    assert all(p.text.strip() for p in source.passages)


def _stable_cut(text: str, k: int) -> bool:
    """True when normalizing either side of position ``k`` composes nothing across it."""
    nfc = unicodedata.normalize
    return nfc("NFC", text[:k]) + nfc("NFC", text[k:]) == nfc("NFC", text)


@SETTINGS
@given(st.text(min_size=1, max_size=400), st.data())
def test_a_quote_cut_from_a_passage_is_found_at_its_offsets(passage, data):
    i = data.draw(st.integers(0, len(passage) - 1))
    j = data.draw(st.integers(i + 1, len(passage)))
    quote = passage[i:j]
    assume(normalize(quote) and _stable_cut(passage, i) and _stable_cut(passage, j))
    span = locate(quote, passage)
    assert span is not None
    assert 0 <= span.start < span.end <= len(passage)
    assert normalize(passage[span.start:span.end]) == normalize(quote)
