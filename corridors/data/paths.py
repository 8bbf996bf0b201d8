"""Where the atlas data lives and how its files are read.

A data directory is laid out like the repository: ``geodata/*.geojson`` (one
FeatureCollection per corridor or theme), ``geodata/reference/`` beside them,
and ``seeds/`` with the sources. The schema the features are checked against is
always the package's own (``corridors.data.schema``), never a data folder's.
Every file is read through the bounded loader (``corridors.data.loader``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from corridors.data.limits import Limits, current
from corridors.data.loader import Budget, LoadError, list_files, read_json

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_ROOT.parent
# An installed wheel carries the atlas as package data (pyproject: corridors._bundled.*), laid out
# like the repository; a source checkout uses the repository itself.
_INSTALLED_DATA = PACKAGE_ROOT / "_bundled"
SCHEMA_FILE = Path("geodata/schema/feature-properties.schema.json")


def bundled_data_dir() -> Path:
    """The atlas shipped with the code: the repository in a checkout, package data when installed."""
    if (REPO_ROOT / "geodata").is_dir() and (REPO_ROOT / "seeds").is_dir():
        return REPO_ROOT
    return _INSTALLED_DATA


def default_data_dir() -> Path:
    """The bundled data, or ``$CORRIDORS_DATA`` when set."""
    return Path(os.environ.get("CORRIDORS_DATA") or bundled_data_dir())


def resolve(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir is not None else default_data_dir()


@dataclass
class GeoFile:
    """One ``geodata/*.geojson`` file as read from disk: parsed JSON, or why it could not be."""

    path: Path
    label: str  # path relative to the data directory, for messages
    data: object | None
    error: str | None = None
    rule: str = "json"  # the validation rule an error breaks: file, limits, encoding or json


def atlas_files(data_dir: Path) -> list[Path]:
    return list_files(Path(data_dir) / "geodata", ".geojson")


def read_geo_files(data_dir: Path, limits: Limits | None = None, budget: Budget | None = None) -> list[GeoFile]:
    """Every ``geodata/*.geojson`` file, read by the bounded loader (``corridors.data.loader``).

    A file that cannot be used comes back with ``error`` and ``rule`` set; a
    missing or unreadable ``geodata/`` folder comes back as one such entry.
    """
    limits = current(limits)
    budget = budget if budget is not None else Budget(limits)
    try:
        paths = atlas_files(data_dir)
    except LoadError as exc:
        return [GeoFile(Path(data_dir) / "geodata", "geodata/", None, exc.message, exc.rule)]
    if len(paths) > limits.files:
        message = f"{len(paths):,} files, more than the limit of {limits.files:,} (CORRIDORS_LIMIT_FILES)"
        return [GeoFile(Path(data_dir) / "geodata", "geodata/", None, message, "limits")]
    files = []
    for path in paths:
        label = path.relative_to(data_dir).as_posix()
        try:
            files.append(GeoFile(path, label, read_json(path, data_dir, limits, budget)))
        except LoadError as exc:
            files.append(GeoFile(path, label, None, exc.message, exc.rule))
    return files


def read_schema(data_dir: Path | None = None) -> dict:
    """The package's feature schema; ``data_dir`` is ignored (a data folder never brings its own rules)."""
    from corridors.data.schema import load_schema

    return load_schema()


COORD_DECIMALS = 4  # about 11 m: far finer than any feature's real accuracy
# An array of numbers only: a position, or a short list of citation numbers.
_NUMBER_ARRAY = re.compile(r"\[\s*(-?[0-9.eE+-]+(?:,\s*-?[0-9.eE+-]+)*)\s*\]")


def dumps_geojson(data: dict) -> str:
    """The canonical text of a ``geodata/*.geojson`` file.

    One-space indents with every array of numbers (a position, a list of
    citation numbers) on one line, so a diff shows which vertex or reference
    changed. ``scripts/format_geodata.py`` rewrites the files in this form and
    a test checks that they are in it.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = _NUMBER_ARRAY.sub(lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text)
    return text + "\n"


def round_coordinates(coords, decimals: int = COORD_DECIMALS):
    """A nested GeoJSON coordinate array with every number rounded (ints stay ints)."""
    if isinstance(coords, list):
        return [round_coordinates(c, decimals) for c in coords]
    return round(coords, decimals) if isinstance(coords, float) else coords
