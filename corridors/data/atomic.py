"""Write an output file whole or not at all.

Every export writes into a fresh temporary folder beside the target and moves
the finished file over it with ``os.replace`` (atomic on one file system), so a
full disk, a missing permission or a crash half-way leaves the previous file
(or none) and never a truncated one. A folder rather than a single temporary
file because GDAL writes sidecar files (``-journal``, ``-wal``) next to a
GeoPackage while it works; the whole folder is removed either way.

A failure is raised as ``WriteError`` (an ``OSError``) naming the target file,
e.g. ``cannot write atlas.gpkg: No space left on device``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteError(OSError):
    """An output file could not be written; the message names it and says why."""

    def __init__(self, out: Path, reason: str, errno: int | None = None):
        super().__init__(f"cannot write {out}: {reason}")
        self.filename = str(out)
        self.errno = errno

    def __str__(self) -> str:
        return str(self.args[0])


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


@contextmanager
def atomic_output(out: Path | str, *errors: type[BaseException]) -> Iterator[Path]:
    """A path to write instead of ``out``; moved onto ``out`` when the block succeeds.

    ``out``'s folder is created when missing.
    ``OSError`` and the extra exception types in ``errors`` (e.g. GDAL's) become a
    ``WriteError`` naming ``out``; anything else propagates unchanged. Either way
    the temporary folder is removed.
    """
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name[:60]}.", suffix=".partial", dir=out.parent))
    except OSError as exc:
        raise WriteError(out, _reason(exc), exc.errno) from exc
    try:
        temp = folder / out.name
        try:
            yield temp
            os.replace(temp, out)
        except WriteError:
            raise
        except (OSError, *errors) as exc:
            raise WriteError(out, _reason(exc), getattr(exc, "errno", None)) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_text(out: Path | str, text: str) -> Path:
    """``out`` holding ``text`` as UTF-8, written whole or not at all."""
    with atomic_output(out) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(out)
