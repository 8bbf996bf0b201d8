"""Exports are safe for where they land, and a failed write leaves no half-written file.

A full disk is simulated, not made: ``open`` hands out files whose writes fail
with ``ENOSPC`` after a few bytes (as a real full disk does), and GDAL's writer
fails the way it reports a full disk. The README's "Security notes" list these tests.
"""

from __future__ import annotations

import builtins
import csv
import errno
import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pyogrio
import pyogrio.errors
import pytest
from matplotlib.text import Text

from corridors.data import atomic
from corridors.data.atlas import load_atlas
from corridors.data.paths import REPO_ROOT
from corridors.export.data import export_data
from corridors.model.safe_text import csv_cell, xml_text
from corridors.model.tables import feature_table, table_csv
from corridors.printmap.figure import RC, render_map
from tests.datagen import write_collection
from tests.hostile import data_with, feature, run

FORMATS = ("html", "png", "svg", "pdf", "geojson", "gpkg", "kml", "csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _FullDiskFile:
    """A real file whose writes stop with ENOSPC after ``room`` bytes, like a disk that fills up."""

    def __init__(self, handle, room: int = 64):
        self._handle, self._room = handle, room

    def write(self, data):
        size = len(data)
        if size > self._room:
            self._handle.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= size
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __iter__(self):
        return iter(self._handle)


@pytest.fixture
def full_disk(monkeypatch, tmp_path):
    """Files opened for writing under ``tmp_path/out`` fill the disk; GDAL fails as on a full disk."""
    real_open = builtins.open
    target = tmp_path / "out"

    def fake_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        writing = any(flag in mode for flag in "wax+")
        if writing and isinstance(file, str | Path) and str(target) in str(Path(file).resolve()):
            return _FullDiskFile(handle)
        return handle

    def fake_write_dataframe(frame, path, **kwargs):
        Path(path).write_bytes(b"SQLite format 3\x00 truncated")
        raise pyogrio.errors.DataSourceError("sqlite3_exec() failed: database or disk is full")

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(pyogrio, "write_dataframe", fake_write_dataframe)
    target.mkdir()
    return target


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_disk_names_the_file_and_keeps_the_old_one(full_disk, capsys, fmt):
    out = full_disk / f"atlas.{fmt}"
    out.write_bytes(b"the previous export")
    code, output, _ = run(capsys, "export", "--format", fmt, "--out", str(out), "--layers", "Zangezur")
    assert code == 1
    assert f"error: cannot write {out}: " in output
    assert "No space left on device" in output or "disk is full" in output
    assert "Traceback" not in output
    assert out.read_bytes() == b"the previous export"  # not replaced by a truncated file
    assert sorted(p.name for p in full_disk.iterdir()) == [out.name]  # no temporary file or folder left


def test_no_permission_names_the_file(monkeypatch, tmp_path, capsys):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkdtemp", denied)
    out = tmp_path / "atlas.geojson"
    code, output, _ = run(capsys, "export", "--format", "geojson", "--out", str(out))
    assert code == 1 and f"error: cannot write {out}: Permission denied" in output
    assert not out.exists()


def test_successful_export_leaves_only_its_file(tmp_path, capsys):
    code, output, _ = run(capsys, "export", "--format", "gpkg", "--out", str(tmp_path / "a.gpkg"),
                          "--layers", "Zangezur")
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gpkg"]


# ---------------------------------------------------------------- CSV formula injection

HOSTILE_NAMES = ['=HYPERLINK("http://127.0.0.1/x","click")', "+1+1", "-2+3", "@SUM(1,1)"]


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory):
    features = []
    for n, name in enumerate(HOSTILE_NAMES):
        f = feature(properties__name=name)
        f["properties"]["id"] = f"hostile-{n}"
        features.append(f)
    return load_atlas(data_with(tmp_path_factory.mktemp("hostile"), features))


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_no_formula(cells: list[str]) -> None:
    assert cells
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    for name in HOSTILE_NAMES:
        assert "'" + name in cells


def test_export_csv_neutralises_formulas(hostile_atlas, tmp_path):
    out = export_data(hostile_atlas, "csv", tmp_path / "c.csv")
    _assert_no_formula(_cells(out.read_text(encoding="utf-8-sig")))


def test_list_csv_neutralises_formulas(hostile_atlas, capsys):
    code, output, _ = run(capsys, "list", "--format", "csv", "--data", str(hostile_atlas.data_dir))
    assert code == 0
    _assert_no_formula(_cells(output))


def test_app_table_csv_neutralises_formulas(hostile_atlas):
    _assert_no_formula(_cells(table_csv(feature_table(hostile_atlas))))


def test_csv_cell_rule():
    assert [csv_cell(v) for v in ["=1", "+1", "-1", "@a", "\tx", "\rx", "a=1", "", 5, -3.5, None]] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "a=1", "", 5, -3.5, None]


# ---------------------------------------------------------------- XML: KML and SVG


def test_kml_is_well_formed_whatever_the_names_hold(tmp_path):
    atlas = load_atlas()
    fid = atlas.features.index[0]
    # The validator refuses control characters; an atlas changed in memory must still export well-formed XML.
    atlas.features.loc[fid, "name"] = "Baku\x01\x0b <b>&amp; ]]>"
    out = export_data(atlas, "kml", tmp_path / "a.kml")
    names = [e.text for e in ET.parse(out).iter("{http://www.opengis.net/kml/2.2}name")]
    assert "Baku\ufffd\ufffd <b>&amp; ]]>" in names


def test_svg_is_well_formed_and_labels_are_plain_text(tmp_path, capsys):
    features = [feature(properties__name="Tolls of $5 and $6"), feature(properties__name="$\\notacommand{x}$")]
    features[1]["properties"]["id"] = "fixture-mathtext"
    features[1]["geometry"]["coordinates"] = [46.3, 38.9]
    features[1]["properties"]["countries"] = ["IRN"]
    root = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    write_collection(root / "geodata" / "two.geojson", features)  # alone on the map, so both get labels
    out = tmp_path / "map.svg"
    # With mathtext on, the second name stopped the export with a parse error.
    code, output, _ = run(capsys, "export", "--data", str(root), "--format", "svg", "--out", str(out),
                          "--title", "Title\x01 with $x^2$")
    assert code == 0, output
    text = "".join(ET.parse(out).getroot().itertext())  # parses: the SVG is well-formed
    assert "Title\ufffd with $x^2$" in text  # the title stays text; haloed labels are drawn as paths
    atlas = load_atlas(root)
    with matplotlib.rc_context(RC):
        fig = render_map(atlas, atlas.features)
    drawn = {t.get_text(): t for t in fig.findobj(Text)}
    for name in ("Tolls of $5 and $6", "$\\notacommand{x}$"):
        assert name in drawn and not drawn[name].get_parse_math()


def test_xml_text_replaces_only_illegal_characters():
    assert xml_text("a\x00b\tc\nd\x1fe\ufffef\ud800g") == "a\ufffdb\tc\nd\ufffde\ufffdf\ufffdg"
