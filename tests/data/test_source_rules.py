"""A source written for the tests (``"test_only": true``) is refused in the shipped seeds/, fine elsewhere."""

from __future__ import annotations

import json
import shutil

from corridors.data import source_rules
from corridors.data.paths import REPO_ROOT
from corridors.data.validate import validate


def _with_test_source(tmp_path):
    root = tmp_path / "atlas"
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    (root / "geodata").mkdir()
    for path in (REPO_ROOT / "geodata").glob("*.geojson"):
        shutil.copy(path, root / "geodata" / path.name)
    (root / "seeds" / "a-test-article.txt").write_text("A test article\n\nWritten for the tests only.\n")
    (root / "seeds" / "a-test-article.json").write_text(json.dumps({"title": {"value": "A test article"},
                                                                     "test_only": True}))
    return root


def test_a_test_only_source_is_fine_in_a_data_folder(tmp_path):
    report = validate(_with_test_source(tmp_path))
    assert report.ok and not [p for p in report.problems if p.rule == "test-only-source"]


def test_a_test_only_source_in_the_shipped_seeds_is_an_error(tmp_path, monkeypatch):
    root = _with_test_source(tmp_path)
    monkeypatch.setattr(source_rules, "bundled_data_dir", lambda: root)
    problems = [p for p in validate(root).problems if p.rule == "test-only-source"]
    assert [(p.severity, p.file) for p in problems] == [("error", "seeds/a-test-article.json")]
    assert "tests/fixtures" in problems[0].message


def test_the_shipped_seeds_hold_no_test_only_source():
    for path in (REPO_ROOT / "seeds").glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8")).get("test_only") is not True, path.name
