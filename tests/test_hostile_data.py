"""Hostile and broken data folders: each gets a clear error (rule, file, feature), never a traceback or a hang.

Every test copies the bundled data into ``tmp_path``, breaks one thing, and runs
``python -m corridors validate --data`` in-process (or in a child process with
a timeout where the risk is a hang or a memory blow-up). The README's "Security
notes" list these tests by name.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from corridors.data.paths import REPO_ROOT
from corridors.data.validate import validate
from tests.datagen import long_line, write_collection
from tests.hostile import data_with, dump, feature, run, run_subprocess

FILE = "geodata/fixture.geojson"
FID = "fixture-baku"
SEEDS_META = "seeds/rferl-one-winner-of-the-ukraine-war.json"
SEEDS_TEXT = "seeds/rferl-one-winner-of-the-ukraine-war.txt"


def assert_error(output: str, rule: str, file: str = FILE, fid: str | None = FID, *words: str) -> None:
    where = f"{file} [{fid}]" if fid else file
    lines = [line for line in output.splitlines() if line.startswith(f"ERROR {where} {rule}:")]
    assert lines, f"expected 'ERROR {where} {rule}:' in:\n{output}"
    for word in words:
        assert any(word in line for line in lines), f"{word!r} not in {lines}"
    assert "Traceback" not in output


def check(capsys, root, rule, *words, file=FILE, fid=FID, seconds=30.0):
    code, output, elapsed = run(capsys, "validate", "--data", str(root))
    assert code == 1, output
    assert_error(output, rule, file, fid, *words)
    assert elapsed < seconds, f"validate took {elapsed:.1f} s"
    return output


# ---------------------------------------------------------------- files and folders


def test_fifo_in_geodata_is_refused_not_waited_on(tmp_path):
    root = data_with(tmp_path)
    os.mkfifo(root / "geodata" / "pipe.geojson")
    code, output = run_subprocess("validate", "--data", str(root), timeout=60)
    assert code == 1
    assert "ERROR geodata/pipe.geojson file: a FIFO (named pipe), not a regular file" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_symlink_to_a_device_is_refused(tmp_path, target):
    root = data_with(tmp_path)
    (root / "geodata" / "zero.geojson").symlink_to(target)
    (root / "seeds" / "endless.txt").symlink_to(target)
    code, output = run_subprocess("validate", "--data", str(root), timeout=60)
    assert code == 1
    assert f"ERROR geodata/zero.geojson file: a symbolic link to {target}, outside the data folder" in output
    assert f"ERROR seeds/endless.txt file: a symbolic link to {target}, outside the data folder" in output
    assert "Traceback" not in output and "MemoryError" not in output


def test_symlink_inside_the_folder_is_followed(tmp_path, capsys):
    root = data_with(tmp_path)
    (root / "geodata" / "moved").mkdir()
    shutil.move(root / "geodata" / "bam.geojson", root / "geodata" / "moved" / "bam.json")
    (root / "geodata" / "bam.geojson").symlink_to(root / "geodata" / "moved" / "bam.json")
    code, output, _ = run(capsys, "validate", "--data", str(root))
    assert code == 0, output


def test_folder_named_like_a_data_file_is_refused(tmp_path, capsys):
    root = data_with(tmp_path)
    (root / "geodata" / "folder.geojson").mkdir()
    check(capsys, root, "file", "a folder, not a regular file", file="geodata/folder.geojson", fid=None)


def _deny(monkeypatch, denied):
    """Make ``denied`` unreadable even for root (tests run as root, where chmod 000 changes nothing)."""
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *args, **kwargs):
        if os.path.realpath(path) == os.path.realpath(denied):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def fake_scandir(path="."):
        if os.path.realpath(path) == os.path.realpath(denied):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)


def test_unreadable_source_file_says_permission_denied(tmp_path, capsys, monkeypatch):
    root = data_with(tmp_path)
    _deny(monkeypatch, root / SEEDS_TEXT)
    output = check(capsys, root, "file", "permission denied", file=SEEDS_TEXT, fid=None)
    assert "citation-source" not in output and "not in seeds/" not in output


def test_unreadable_geodata_folder_says_permission_denied(tmp_path, capsys, monkeypatch):
    root = data_with(tmp_path)
    _deny(monkeypatch, root / "geodata")
    output = check(capsys, root, "file", "permission denied", file="geodata/", fid=None)
    assert "no *.geojson files found" not in output


def test_unreadable_seeds_folder_is_not_reported_as_unknown_sources(tmp_path, capsys, monkeypatch):
    root = data_with(tmp_path)
    _deny(monkeypatch, root / "seeds")
    output = check(capsys, root, "file", "cannot list the folder: permission denied", file="seeds/", fid=None)
    assert "citation-source" not in output


def test_empty_data_folder_is_a_clear_error_in_validate_and_export(tmp_path, capsys):
    code, output, _ = run(capsys, "validate", "--data", str(tmp_path))
    assert code == 1
    assert_error(output, "file", "geodata/", None, "not found")
    assert_error(output, "file", "seeds/", None, "not found")
    out = tmp_path / "a.csv"
    code, output, _ = run(capsys, "export", "--data", str(tmp_path), "--format", "csv", "--out", str(out))
    assert code == 1 and "geodata/" in output and "Traceback" not in output
    assert not (tmp_path / "a.csv").exists()


def test_all_collections_empty_is_an_error_not_a_later_crash(tmp_path, capsys):
    root = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    write_collection(root / "geodata" / "empty.geojson", [])
    check(capsys, root, "geojson", "the atlas has no features", file="geodata/", fid=None)
    out = tmp_path / "a.json"
    code, output, _ = run(capsys, "export", "--data", str(root), "--format", "geojson", "--out", str(out))
    assert code == 1 and "Unknown column" not in output and "Traceback" not in output


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, capsys, monkeypatch):
    root = data_with(tmp_path, [feature()])
    monkeypatch.setenv("CORRIDORS_LIMIT_FILE_BYTES", "20000")
    check(capsys, root, "limits", "more than the limit of 20,000 bytes (CORRIDORS_LIMIT_FILE_BYTES)",
          file="geodata/instc.geojson", fid=None)


def test_bad_limit_setting_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CORRIDORS_LIMIT_DEPTH", "deep")
    code, output, _ = run(capsys, "validate")
    assert code == 1 and "CORRIDORS_LIMIT_DEPTH='deep': a limit must be a whole number" in output


# ---------------------------------------------------------------- JSON


def test_duplicate_keys_are_refused(tmp_path, capsys):
    raw = dump(feature()).replace('"status": null', '"status": null, "status": "operational"')
    root = data_with(tmp_path, raw='{"type": "FeatureCollection", "features": [' + raw + "]}")
    check(capsys, root, "json", "duplicate key 'status' in the object with id 'fixture-baku'", fid=None)


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deep_nesting_gets_a_message_not_a_recursion_error(tmp_path, capsys, depth):
    root = data_with(tmp_path, raw="[" * depth + "]" * depth)
    check(capsys, root, "limits", f"JSON nested {depth:,} levels deep, more than the limit of 32", fid=None)


def test_deep_nesting_in_source_metadata_gets_a_message(tmp_path, capsys):
    root = data_with(tmp_path)
    (root / SEEDS_META).write_text('{"chrome": ' + "[" * 100_000 + "]" * 100_000 + "}")
    check(capsys, root, "limits", "JSON nested 100,001 levels deep", file=SEEDS_META, fid=None)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_refused(tmp_path, capsys, literal):
    raw = dump(feature()).replace('"error_km": 1', f'"error_km": {literal}')
    root = data_with(tmp_path, raw='{"type": "FeatureCollection", "features": [' + raw + "]}")
    check(capsys, root, "json", f"{literal} is not a JSON number", fid=None)


def test_number_overflowing_to_infinity_is_refused(tmp_path, capsys):
    raw = dump(feature()).replace('"error_km": 1', '"error_km": 1e400')
    root = data_with(tmp_path, raw='{"type": "FeatureCollection", "features": [' + raw + "]}")
    check(capsys, root, "number", "geometry_accuracy/error_km: inf is not a finite number")


def test_absurd_error_estimate_is_refused_by_the_schema(tmp_path, capsys):
    root = data_with(tmp_path, [feature(properties__geometry_accuracy={"method": "traced", "error_km": 1e308,
                                                                        "note": "city centre"})])
    check(capsys, root, "schema", "geometry_accuracy/error_km", "greater than the maximum of 20040")


def test_number_with_thousands_of_digits_is_refused(tmp_path, capsys):
    raw = dump(feature()).replace('"error_km": 1', '"error_km": 1' + "0" * 5000)
    root = data_with(tmp_path, raw='{"type": "FeatureCollection", "features": [' + raw + "]}")
    check(capsys, root, "json", "a number with more than 4,300 digits", fid=None)


def test_non_utf8_file_names_the_byte(tmp_path, capsys):
    raw = dump({"type": "FeatureCollection", "features": [feature(properties__name="Bak\u0131")]})
    root = data_with(tmp_path, raw=raw.encode("utf-8").replace("Bak\u0131".encode(), b"Bak\xfd"))
    check(capsys, root, "encoding", "not UTF-8: byte 0xfd at offset", "save the file as UTF-8", fid=None)


def test_utf16_file_is_recognised(tmp_path, capsys):
    raw = dump({"type": "FeatureCollection", "features": [feature()]})
    root = data_with(tmp_path, raw=codecs.BOM_UTF16_LE + raw.encode("utf-16-le"))
    check(capsys, root, "encoding", "it looks like UTF-16", fid=None)


def test_utf8_byte_order_mark_is_accepted(tmp_path, capsys):
    raw = dump({"type": "FeatureCollection", "features": [feature()]})
    root = data_with(tmp_path, raw=codecs.BOM_UTF8 + raw.encode("utf-8"))
    (root / SEEDS_META).write_bytes(codecs.BOM_UTF8 + (root / SEEDS_META).read_bytes())
    code, output, _ = run(capsys, "validate", "--data", str(root))
    assert code == 0, output


# ---------------------------------------------------------------- strings


def test_lone_surrogate_is_refused(tmp_path, capsys):
    raw = dump(feature()).replace('"name": "Baku"', '"name": "Baku\\ud800"')
    root = data_with(tmp_path, raw='{"type": "FeatureCollection", "features": [' + raw + "]}")
    check(capsys, root, "text", "name: holds U+D800 (a lone surrogate")


@pytest.mark.parametrize("char, named", [
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
    ("\x07", "U+0007 a control character"),
    ("\n", "U+000A a control character"),
])
def test_control_and_bidi_characters_in_names_are_refused(tmp_path, capsys, char, named):
    root = data_with(tmp_path, [feature(properties__name=f"Ba{char}ku")])
    check(capsys, root, "text", f"name: holds {named} at character 3")


def test_bidi_override_in_a_description_is_refused(tmp_path, capsys):
    root = data_with(tmp_path, [feature(properties__description="Capital of \u202eAzerbaijan, named in it.")])
    check(capsys, root, "text", "description: holds U+202E RIGHT-TO-LEFT OVERRIDE")


def test_persian_zero_width_non_joiner_stays_allowed(tmp_path, capsys):
    alt = [{"name": "راه\u200cآهن", "lang": "fa", "used_by": "Persian usage", "basis": "outside",
            "note": "The railway's name in Persian."}]
    root = data_with(tmp_path, [feature(properties__alt_names=alt)])
    code, output, _ = run(capsys, "validate", "--data", str(root))
    assert code == 0, output


def test_ten_megabyte_name_is_refused_quickly(tmp_path, capsys):
    root = data_with(tmp_path, [feature(properties__name="A" * 10_000_000)])
    check(capsys, root, "limits", "name: 10,000,000 characters, more than the limit of 300", seconds=20)


def test_fifty_megabyte_description_is_refused_by_the_file_limit(tmp_path, capsys):
    root = data_with(tmp_path, [feature(properties__description="A" * 50_000_000)])
    check(capsys, root, "limits", "more than the limit of 32.0 MiB", fid=None, seconds=20)


# ---------------------------------------------------------------- geometry


GEOMETRY_CASES = {
    "one-point line": ({"type": "LineString", "coordinates": [[49.8, 40.4]]}, "geometry",
                       "a line needs at least 2 distinct positions, got 1"),
    "repeated-point line": ({"type": "LineString", "coordinates": [[49.8, 40.4], [49.8, 40.4]]}, "geometry",
                            "a line needs at least 2 distinct positions, got 1"),
    "boolean coordinate": ({"type": "Point", "coordinates": [True, 1]}, "coordinates",
                           "position 1: [True, 1] holds a boolean"),
    "string coordinate": ({"type": "Point", "coordinates": ["49.8", 40.4]}, "coordinates", "holds a string"),
    "one-number position": ({"type": "LineString", "coordinates": [[49.8], [49.9, 40.5]]}, "coordinates",
                            "position 1: [49.8] has 1 number(s)"),
    "four-number position": ({"type": "Point", "coordinates": [49.8, 40.4, 0, 1]}, "coordinates",
                             "has 4 number(s)"),
    "unclosed ring": ({"type": "Polygon", "coordinates": [[[49, 40], [50, 40], [50, 41], [49, 41]]]}, "geometry",
                      "ring 1: the ring is not closed: it starts at [49, 40] and ends at [49, 41]"),
    "three-position ring": ({"type": "Polygon", "coordinates": [[[49, 40], [50, 40], [49, 40]]]}, "geometry",
                            "ring 1: a polygon ring needs at least 4 positions"),
    "self-intersecting polygon": ({"type": "Polygon", "coordinates": [[[49, 40], [50, 41], [50, 40], [49, 41],
                                                                       [49, 40]]]},
                                  "geometry", "invalid geometry: Self-intersection[49.5 40.5] (not repaired"),
    "null geometry": (None, "geometry", "geometry is null"),
    "empty line": ({"type": "LineString", "coordinates": []}, "geometry", "LineString is empty"),
    "empty multipolygon part": ({"type": "MultiPolygon", "coordinates": [[]]}, "geometry", "is empty"),
    "geometry collection": ({"type": "GeometryCollection", "geometries": []}, "geojson",
                            "geometry must be one of"),
    "coordinates not nested": ({"type": "Polygon", "coordinates": [49.8, 40.4]}, "geojson",
                               "coordinates must be nested lists"),
    "out of range": ({"type": "Point", "coordinates": [249.8, 40.4]}, "coordinates",
                     "1 position(s) out of range (lon -180..180, lat -90..90), e.g. [249.8, 40.4]"),
    "swapped and out of range": ({"type": "Point", "coordinates": [40.4, 149.8]}, "coordinates",
                                 "(swapped lon/lat? GeoJSON writes [lon, lat])"),
    "huge integer coordinate": ({"type": "Point", "coordinates": [10**400, 40]}, "coordinates",
                                "a number too large for a double"),
    "antimeridian jump": ({"type": "LineString", "coordinates": [[179.5, 65.0], [-179.5, 65.1]]}, "antimeridian",
                          "crosses the antimeridian (longitude ±180); RFC 7946 §3.1.9"),
}


@pytest.mark.parametrize("case", sorted(GEOMETRY_CASES))
def test_malformed_geometry_is_named(tmp_path, capsys, case):
    geometry, rule, words = GEOMETRY_CASES[case]
    root = data_with(tmp_path, [feature(geometry=geometry)])
    output = check(capsys, root, rule, words)
    assert "GEOSException" not in output and "InvalidOperation" not in output


def test_swapped_lon_lat_inside_the_range_is_caught_by_the_countries_rule(tmp_path, capsys):
    root = data_with(tmp_path, [feature(geometry={"type": "Point", "coordinates": [40.4093, 49.8671]})])
    check(capsys, root, "countries", "(wrong countries or swapped lon/lat?)")


def test_crs_member_is_refused(tmp_path, capsys):
    root = data_with(tmp_path, raw=dump({"type": "FeatureCollection", "crs": {"type": "name"},
                                         "features": [feature()]}))
    check(capsys, root, "geojson", "RFC 7946 forbids the 'crs' member", fid=None)


def test_million_vertex_line_is_refused_within_seconds(tmp_path, capsys):
    root = data_with(tmp_path, [feature(geometry=long_line(1_000_000), properties__countries=["RUS"])])
    output = check(capsys, root, "limits", "1,000,000 positions, more than the limit of 250,000 per feature",
                   seconds=30)
    assert "decimals" not in output


def test_long_line_under_the_limit_is_checked_within_seconds(tmp_path, capsys):
    root = data_with(tmp_path, [feature(geometry=long_line(200_000), properties__countries=["RUS"],
                                        properties__kind="segment")])
    start = time.perf_counter()
    report = validate(root)
    assert report.ok, [str(p) for p in report.problems]
    assert time.perf_counter() - start < 30


def test_total_vertex_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CORRIDORS_LIMIT_VERTICES_TOTAL", "500")
    root = data_with(tmp_path)
    code, output, _ = run(capsys, "validate", "--data", str(root))
    assert code == 1 and "positions (CORRIDORS_LIMIT_VERTICES_TOTAL); geometry is not checked from here on" in output


def test_feature_count_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CORRIDORS_LIMIT_FEATURES", "10")
    code, output, _ = run(capsys, "validate")
    assert code == 1 and "more than 10 features (CORRIDORS_LIMIT_FEATURES)" in output


# ---------------------------------------------------------------- properties, sources and schema


def test_property_of_the_wrong_type_is_refused_and_export_refuses(tmp_path, capsys):
    root = data_with(tmp_path, [feature(properties__status=5)])
    check(capsys, root, "schema", "status: 5 is not one of")
    code, output, _ = run(capsys, "export", "--data", str(root), "--format", "kml", "--out", str(tmp_path / "a.kml"))
    assert code == 1 and f"ERROR {FILE} [{FID}] schema" in output and "Traceback" not in output
    assert not (tmp_path / "a.kml").exists()


def test_unknown_source_and_passage_are_named(tmp_path, capsys):
    bad = feature()
    bad["properties"]["citations"].append({**bad["properties"]["citations"][0], "source": "no-such-source"})
    bad["properties"]["citations"].append({**bad["properties"]["citations"][0], "passage": "p-nowhere"})
    root = data_with(tmp_path, [bad])
    output = check(capsys, root, "citation-source", "citation 2: source 'no-such-source' is not in seeds/")
    assert_error(output, "citation-passage", FILE, FID, "citation 3: source")


@pytest.mark.parametrize("change, words", [
    ({"chrome": 1}, "'chrome' must be a list of rules, got a number"),
    ({"title": "One Winner"}, "'title' must be an object with 'value' and 'established_by', got a string"),
    ({"title": {"value": 7}}, "title.value must be a string or null, got a number"),
    ({"chrome": [{"reason": "x"}]}, "chrome rule 1 needs a 'starts_with' string"),
])
def test_source_metadata_of_the_wrong_shape_is_named(tmp_path, capsys, change, words):
    root = data_with(tmp_path)
    meta = json.loads((root / SEEDS_META).read_text())
    (root / SEEDS_META).write_text(json.dumps({**meta, **change}))
    output = check(capsys, root, "source", words, file=SEEDS_META, fid=None)
    assert "citation-source" not in output


def test_missing_source_metadata_is_named(tmp_path, capsys):
    root = data_with(tmp_path)
    (root / SEEDS_META).unlink()
    check(capsys, root, "file", "metadata file is missing", file=SEEDS_META, fid=None)


def test_control_character_in_source_text_is_named_with_its_line(tmp_path, capsys):
    root = data_with(tmp_path)
    text = (root / SEEDS_TEXT).read_text()
    (root / SEEDS_TEXT).write_text(text.replace("Breaking News", "Breaking\x00 News", 1))
    check(capsys, root, "text", "holds U+0000 a control character", file=SEEDS_TEXT, fid=None)


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        _Recorder.requests.append(self.path)
        body = b'{"type": "object"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_data_folder_schema_is_ignored_and_remote_refs_never_fetched(tmp_path, capsys):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/evil-schema.json"
        # A permissive schema with a remote $ref and a pattern built to backtrack catastrophically.
        evil = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": url,
                "properties": {"name": {"type": "string", "pattern": "^(a+)+$"}}}
        root = data_with(tmp_path, [feature(properties__status=5, properties__name="a" * 40 + "!")])
        (root / "geodata" / "schema").mkdir()
        (root / "geodata" / "schema" / "feature-properties.schema.json").write_text(json.dumps(evil))
        check(capsys, root, "schema", "status: 5 is not one of", seconds=20)
    finally:
        server.shutdown()
    assert _Recorder.requests == []


def test_every_test_the_security_notes_name_exists():
    """Docs as tests: the README's list of bad inputs points at tests that exist."""
    import re

    notes = (REPO_ROOT / "README.md").read_text(encoding="utf-8").split("## Security notes", 1)[1].split("\n## ")[0]
    named = set(re.findall(r"`(test_\w+)`", notes))
    files = set(re.findall(r"`tests/([\w/]+\.py)`", notes))
    defined = "".join(path.read_text(encoding="utf-8") for path in (REPO_ROOT / "tests").rglob("test_*.py"))
    assert named and files
    assert [n for n in sorted(named) if f"def {n}(" not in defined] == []
    assert [f for f in sorted(files) if not (REPO_ROOT / "tests" / f).exists()] == []


def test_fifo_as_a_data_folder_boundary_file_is_refused(tmp_path):
    root = data_with(tmp_path)
    (root / "geodata" / "reference").mkdir()
    os.mkfifo(root / "geodata" / "reference" / "countries.geojson")
    code, output = run_subprocess("summary", "BAM", "--data", str(root), timeout=120)
    assert code == 1
    assert "error: geodata/reference/countries.geojson: a FIFO (named pipe), not a regular file" in output
    assert "Traceback" not in output


def test_excluded_place_off_the_globe_is_a_schema_error_not_a_crash(tmp_path, capsys):
    place = {"name": "Nowhere", "position": [200, 95], "radius_km": 1e308, "basis": "outside",
             "note": "A place that cannot exist."}
    root = data_with(tmp_path, [feature(properties__excludes=[place])])
    output = check(capsys, root, "schema", "excludes/0/position/0: 200 is greater than the maximum of 180")
    assert_error(output, "schema", FILE, FID, "excludes/0/radius_km")
    assert "ProjError" not in output and "finite" not in output


def test_zigzag_rail_line_over_the_sea_is_checked_in_bounded_time(tmp_path, capsys):
    # 20,000 segments of 3 degrees across the Caspian: densified naively, tens of millions of points.
    zigzag = [[50.0 + 3.0 * (i % 2), 40.0 + i * 1e-4] for i in range(20_000)]
    line = feature(geometry={"type": "LineString", "coordinates": zigzag}, properties__kind="segment",
                   properties__mode="rail")
    root = data_with(tmp_path, [line])
    code, output, elapsed = run(capsys, "validate", "--data", str(root))
    assert code == 1 and "Traceback" not in output
    assert_error(output, "over-water", FILE, FID, "a rail line runs")
    assert elapsed < 60, f"validate took {elapsed:.1f} s"
