"""The data version: a content hash of ``geodata/`` and ``seeds/``, recorded in every export's manifest.

It answers "which data made this figure?": two exports with the same version
were drawn from byte-identical features, boundaries, schema and sources. The
hash covers each file's path relative to the data directory and its bytes, in
sorted order, so it does not depend on where the data lives (a checkout or an
installed wheel) nor on file times. Python packaging files that an installed
copy adds (``__init__.py``, ``__pycache__``) are left out for the same reason.

(The app's cache key, ``corridors.app.state.data_fingerprint``, is cheaper — it
reads sizes and times, not bytes — and answers a different question: "did
anything change since the last rerun?")
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from corridors.data.paths import resolve

PARTS = ("geodata", "seeds")
_PACKAGING = {"__init__.py", "__pycache__"}


def data_files(data_dir: Path | str | None = None) -> list[Path]:
    """Every file the data version covers, sorted by its path relative to the data directory."""
    root = resolve(data_dir)
    files = []
    for part in PARTS:
        for dirpath, dirnames, filenames in os.walk(root / part):
            dirnames[:] = [d for d in dirnames if d not in _PACKAGING and not d.startswith(".")]
            files += [Path(dirpath) / n for n in filenames if n not in _PACKAGING and not n.startswith(".")
                      and not n.endswith(".pyc")]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def data_version(data_dir: Path | str | None = None) -> str:
    """``sha256:`` and the hex digest over sorted (relative path, bytes) of ``geodata/`` and ``seeds/``."""
    root = resolve(data_dir).resolve()
    stamp = tuple((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in data_files(root))
    return _hash(root.as_posix(), stamp)


@functools.lru_cache(maxsize=8)
def _hash(root: str, stamp: tuple) -> str:
    # Keyed on sizes and times: reading 3 MB again for every export of an unchanged atlas is waste.
    digest = hashlib.sha256()
    for path_text, size, _ in stamp:
        path = Path(path_text)
        rel = path.relative_to(root).as_posix()
        digest.update(rel.encode("utf-8") + b"\0" + str(size).encode() + b"\0")
        digest.update(path.read_bytes())
    return "sha256:" + digest.hexdigest()


def short_version(version: str) -> str:
    """The first 12 hex digits, for a map's small print."""
    return version.removeprefix("sha256:")[:12]
