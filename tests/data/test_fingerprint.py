"""The data version: a content hash of geodata/ and seeds/, the same wherever the data lives."""

from __future__ import annotations

import shutil

from corridors.data.fingerprint import data_files, data_version, short_version
from corridors.data.paths import REPO_ROOT


def _copy(tmp_path, name="copy"):
    root = tmp_path / name
    shutil.copytree(REPO_ROOT / "geodata", root / "geodata")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    return root


def test_same_bytes_same_version_wherever_they_live(tmp_path):
    original = data_version(REPO_ROOT)
    assert original.startswith("sha256:") and len(original) == len("sha256:") + 64
    copy = _copy(tmp_path)
    (copy / "geodata" / "__pycache__").mkdir()  # what an installed package may add
    (copy / "geodata" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (copy / "geodata" / "__init__.py").write_text("")
    assert data_version(copy) == original
    assert short_version(original) == original[7:19]


def test_any_changed_byte_or_file_changes_the_version(tmp_path):
    copy = _copy(tmp_path)
    before = data_version(copy)
    seed = sorted((copy / "seeds").glob("*.txt"))[0]
    text = seed.read_bytes()
    seed.write_bytes(text[:-1] + (b"X" if text[-1:] != b"X" else b"Y"))
    changed = data_version(copy)
    assert changed != before
    (copy / "geodata" / "extra.geojson").write_text("{}")
    assert data_version(copy) not in (before, changed)


def test_covers_geodata_and_seeds_only(tmp_path):
    copy = _copy(tmp_path)
    (copy / "README.md").write_text("not data")
    names = {p.relative_to(copy).parts[0] for p in data_files(copy)}
    assert names == {"geodata", "seeds"}
