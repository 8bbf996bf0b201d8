"""The validation cache: a second load of the same data skips validation, in this process and the next,
and anything that could change the report — data, the package's boundaries, the rules, the limits — means
validating again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace

import pytest

from corridors.data import atlas as atlas_module
from corridors.data import cache
from corridors.data.atlas import DataError, load_atlas
from corridors.data.limits import Limits
from corridors.data.paths import REPO_ROOT
from corridors.data.validate import read_data


def key_of(data, limits=None):
    """The key ``load_atlas`` uses: from what the bounded loader read."""
    limits = limits or Limits()
    _, _, read_report, content = read_data(data, limits)
    return cache.validation_key(data, limits, content, read_report)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    cache.clear_memory()
    yield folder
    cache.clear_memory()


@pytest.fixture
def count_validations(monkeypatch):
    calls = []
    real = atlas_module.validate_loaded

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(atlas_module, "validate_loaded", counting)
    return calls


def test_second_load_skips_validation_in_process_and_from_disk(make_data_dir, valid_feature, cache_dir,
                                                               count_validations):
    data = make_data_dir([valid_feature])
    first = load_atlas(data)
    assert len(count_validations) == 1
    assert len(list(cache_dir.glob("validation-*.json"))) == 1
    second = load_atlas(data)
    assert len(count_validations) == 1  # memory
    cache.clear_memory()
    third = load_atlas(data)
    assert len(count_validations) == 1  # disk
    assert first.report.problems == second.report.problems == third.report.problems
    assert list(third.features.index) == ["fixture-baku"]


def test_warnings_survive_the_cache(make_data_dir, valid_feature, cache_dir):
    valid_feature["properties"]["countries"] = ["AZE", "ARM"]  # declares a country it never reaches: a warning
    data = make_data_dir([valid_feature])
    fresh = load_atlas(data).report
    cache.clear_memory()
    cached = load_atlas(data).report
    assert fresh.warnings and [str(p) for p in cached.problems] == [str(p) for p in fresh.problems]
    cached.add("warning", "x", None, "rule", "added by a caller")
    assert len(load_atlas(data).report.problems) == len(fresh.problems)  # callers get their own report


def test_editing_the_data_validates_again(make_data_dir, valid_feature, cache_dir, count_validations):
    data = make_data_dir([valid_feature])
    load_atlas(data)
    path = data / "geodata" / "fixture.geojson"
    broken = json.loads(path.read_text())
    broken["features"][0]["properties"]["citations"][0]["quote"] = "words the article never wrote at all"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_atlas(data)
    assert len(count_validations) == 2
    assert any(p.rule == "citation-quote" for p in raised.value.report.errors)
    cache.clear_memory()
    with pytest.raises(DataError):  # broken data is cached as broken, not as fine
        load_atlas(data)
    assert len(count_validations) == 2


def test_the_key_covers_data_package_files_rules_and_limits(make_data_dir, valid_feature, cache_dir, monkeypatch,
                                                           tmp_path):
    data = make_data_dir([valid_feature])
    limits = Limits()
    key = key_of(data, limits)
    assert key_of(data, limits) == key
    assert key_of(data, replace(limits, features=10)) != key
    (data / "seeds" / "notes.txt").write_text("a new file", encoding="utf-8")
    assert key_of(data, limits) != key
    key = key_of(data, limits)
    # The rules check against the package's boundaries and schema; so does the key.
    fake_bundle = tmp_path / "bundle"
    (fake_bundle / "geodata" / "reference").mkdir(parents=True)
    (fake_bundle / "geodata" / "reference" / "countries.geojson").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cache, "bundled_data_dir", lambda: fake_bundle)
    assert key_of(data, limits) != key
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV, str(cache_dir))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "validate.py").write_text("# other rules", encoding="utf-8")
    monkeypatch.setattr(cache, "_RULES_DIR", rules)
    assert key_of(data, limits) != key


def test_a_corrupt_or_foreign_cache_file_is_ignored(make_data_dir, valid_feature, cache_dir, count_validations):
    data = make_data_dir([valid_feature])
    load_atlas(data)
    (entry,) = cache_dir.glob("validation-*.json")
    key = key_of(data)
    for text in ("{not json", json.dumps({"format": cache.FORMAT, "key": "another key", "problems": []}),
                 json.dumps({"format": cache.FORMAT, "key": key, "problems": [{"x": 1}]}), json.dumps([1, 2])):
        entry.write_text(text, encoding="utf-8")
        cache.clear_memory()
        assert load_atlas(data).report.ok
    assert len(count_validations) == 5
    assert json.loads(entry.read_text())["key"] == key_of(data)  # rewritten whole


def test_an_unwritable_cache_only_costs_time(make_data_dir, valid_feature, tmp_path, monkeypatch,
                                             count_validations):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    cache.clear_memory()
    data = make_data_dir([valid_feature])
    assert load_atlas(data).report.ok
    cache.clear_memory()
    assert load_atlas(data).report.ok
    assert len(count_validations) == 2
    assert not list(tmp_path.glob("**/*.partial"))


def test_the_cache_never_writes_inside_the_data_folder(make_data_dir, valid_feature, monkeypatch):
    data = make_data_dir([valid_feature])
    monkeypatch.setenv(cache.CACHE_ENV, str(data / "geodata" / "cache"))
    cache.clear_memory()
    key = key_of(data)
    load_atlas(data)
    assert not (data / "geodata" / "cache").exists()
    assert key_of(data) == key
    cache.clear_memory()


def test_default_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "corridors"


def test_a_second_process_skips_validation(tmp_path):
    """What the cache is for: the CLI or a new app server does not validate again."""
    env = {k: v for k, v in os.environ.items() if k != "CORRIDORS_DATA"} | {
        cache.CACHE_ENV: str(tmp_path / "cache"), "PYTHONPATH": str(REPO_ROOT)}
    probe = (
        "import corridors.data.atlas as a\n"
        "calls = []\nreal = a.validate_loaded\n"
        "a.validate_loaded = lambda *args: calls.append(1) or real(*args)\n"
        "a.load_atlas()\nprint(len(calls))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=300,
                           check=True, cwd=REPO_ROOT).stdout.strip() for _ in range(2)]
    assert runs == ["1", "0"]


def test_the_key_is_the_bytes_read_not_sizes_or_times(make_data_dir, valid_feature, cache_dir):
    """An edit that keeps a file's size and time still means validating again."""
    data = make_data_dir([valid_feature])
    path = data / "geodata" / "fixture.geojson"
    key = key_of(data)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "Baku" in text
    path.write_text(text.replace("Baku", "Bakv", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert key_of(data) != key


@pytest.mark.parametrize("hostile", ["fifo", "dev-zero"])
def test_hostile_files_are_refused_without_a_second_read(make_data_dir, valid_feature, cache_dir, hostile):
    """Issue 12's guarantees hold with the cache on: the key never reads the folder again.

    A named pipe would block an unguarded read forever; a link to /dev/zero would fill memory.
    """
    data = make_data_dir([valid_feature])
    target = data / "geodata" / "extra.geojson"
    if hostile == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    outcome = {}

    def load():
        try:
            load_atlas(data)
        except DataError as exc:
            outcome["report"] = exc.report

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "loading hung on a hostile file"
    errors = outcome["report"].errors
    assert any(p.file == "geodata/extra.geojson" and p.rule == "file" for p in errors), errors
