"""Validation results kept between loads, keyed by a fingerprint of the data (issue 11).

Validating is most of the cost of ``load_atlas`` (the country check and the
quote search; about a minute for an atlas a hundred times this one), and the
data rarely changes between two loads. So the report is kept:

* in this process, for the next ``load_atlas`` of the same data;
* on disk, so the next process (the CLI, a new app server) skips validation too:
  one small JSON file per data version under ``$CORRIDORS_CACHE`` or
  ``~/.cache/corridors`` — never inside the data folder, whose files are the key.

The key (``validation_key``) is a digest of the name and bytes of every file the
bounded loader read from the folder's ``geodata/`` and ``seeds/`` (``Budget.record``
in ``corridors.data.loader``) and of what it could not read, plus the size and
modification time of what the rules read from the package (its schema and
boundaries) and of the rules themselves (``corridors/data/*.py``,
``corridors/vocabulary.py``), the input limits in force, and the shapely, GEOS
and pyproj versions: editing the data or the rules means validating again. The
folder is never read a second time to make the key: a second, unbounded look
would undo the loader's guarantees (a FIFO, a link to ``/dev/zero``), and a key
made from the very bytes that were checked cannot describe a later edit.
Reports with errors are
cached too (the data is as broken the second time). A cache file that cannot be
read or does not match is ignored; one that cannot be written is skipped: the
cache only ever saves time. Files are written whole or not at all
(``corridors.data.atomic``), so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pyproj
import shapely

from corridors.data.atomic import write_text
from corridors.data.limits import Limits
from corridors.data.paths import SCHEMA_FILE, bundled_data_dir
from corridors.data.reference import REFERENCE_DIR
from corridors.data.validate import Problem, Report

CACHE_ENV = "CORRIDORS_CACHE"
FORMAT = 1  # bump when the file layout or the meaning of a key changes
MEMORY_ENTRIES = 16
DISK_ENTRIES = 64  # validation-*.json files kept; the oldest go first
_RULES_DIR = Path(__file__).resolve().parent  # corridors/data: the validator and what it reads with
_VOCABULARY = _RULES_DIR.parent / "vocabulary.py"  # the words the schema and rules check against

_memory: OrderedDict[str, tuple[Problem, ...]] = OrderedDict()
_lock = threading.Lock()


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "corridors")


def _stamp(path: Path, name: str) -> str:
    try:
        stat = path.stat()
    except OSError:  # vanished while we looked: its absence is part of the key
        return f"{name}\0missing"
    return f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _tree(base: Path, prefix: str) -> list[str]:
    if not base.is_dir():
        return [f"{prefix}\0missing"]
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            out.append(_stamp(path, f"{prefix}/{path.relative_to(base).as_posix()}"))
    return out


def validation_key(data_dir: Path, limits: Limits, content_digest: str, read_report: Report) -> str:
    """A hash of everything a validation report depends on (see the module docstring).

    ``content_digest`` and ``read_report`` come from ``corridors.data.validate.read_data``.
    """
    data_dir = Path(data_dir).resolve()
    bundled = bundled_data_dir().resolve()
    parts = [
        f"format {FORMAT}", str(data_dir), f"content {content_digest}", repr(limits),
        *[repr(p) for p in read_report.problems],  # a file that could not be read is not a missing file
        f"shapely {shapely.__version__} geos {shapely.geos_version_string} pyproj {pyproj.__version__}",
        # The rules read the package's schema and boundaries whatever the data folder holds.
        _stamp(bundled / SCHEMA_FILE, f"package/{SCHEMA_FILE.as_posix()}"),
        *_tree(bundled / REFERENCE_DIR, f"package/{REFERENCE_DIR.as_posix()}"),
        *[_stamp(p, f"rules/{p.name}") for p in (*sorted(_RULES_DIR.glob("*.py")), _VOCABULARY)],
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def cached_validation(data_dir: Path, key: str, check: Callable[[], Report]) -> Report:
    """The report for ``key`` from memory or disk, else ``check()`` (then kept in both).

    Every call returns a new ``Report``: callers may add to it.
    """
    with _lock:
        problems = _memory.get(key)
        if problems is not None:
            _memory.move_to_end(key)
    if problems is None:
        problems = _read(key)
        if problems is None:
            problems = tuple(check().problems)
            _write(data_dir, key, problems)
        with _lock:
            _memory[key] = problems
            while len(_memory) > MEMORY_ENTRIES:
                _memory.popitem(last=False)
    return Report(list(problems))


def clear_memory() -> None:
    """Forget the reports kept in this process (the disk cache stays)."""
    with _lock:
        _memory.clear()


def _file(key: str) -> Path:
    return cache_dir() / f"validation-{key[:32]}.json"


def _read(key: str) -> tuple[Problem, ...] | None:
    try:
        data = json.loads(_file(key).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        return tuple(
            Problem(p["severity"], p["file"], p["feature"], p["rule"], p["message"]) for p in data["problems"]
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # missing, corrupt or foreign: validate
        return None


def _write(data_dir: Path, key: str, problems: tuple[Problem, ...]) -> None:
    folder = cache_dir()
    if folder.resolve().is_relative_to(Path(data_dir).resolve()):
        return  # inside the data folder the cache would change the very files it is keyed on
    payload = {
        "format": FORMAT,
        "key": key,
        "data_dir": str(data_dir),
        "problems": [
            {"severity": p.severity, "file": p.file, "feature": p.feature, "rule": p.rule, "message": p.message}
            for p in problems
        ],
    }
    try:
        write_text(_file(key), json.dumps(payload, ensure_ascii=False))
        _prune(folder)
    except OSError:
        pass  # read-only home, full disk: the next load validates again, nothing worse


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("validation-*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in files[:-DISK_ENTRIES]:
        with contextlib.suppress(OSError):
            old.unlink()
