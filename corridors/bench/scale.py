"""A larger atlas for measuring: every feature copied N times into a temporary data folder.

``scaled_atlas(n, into)`` writes ``into/geodata/*.geojson`` with each feature of
the bundled atlas (or ``source``) repeated ``n`` times and ``into/seeds`` as a
copy, so ``load_atlas(into)`` validates and loads it like the real atlas. The
folder has no ``geodata/reference`` or schema: the loader borrows the bundled
ones, as it does for any data folder.

Copy ``k`` (``k >= 1``; copy 0 is the original) gets the id ``<id>-x<k>`` and
its geometry shifted by a few hundred metres at most, so copies neither stack
exactly (a browser could then skip drawing them) nor leave the countries the
feature declares (the validator allows 5 km). Names, citations and properties
stay as they are: the copies cost what real features of that size would.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

from corridors.data.paths import atlas_files, resolve

# Copy k moves (k mod 10, k // 10 mod 10) steps of 0.0003° east and north: at most
# 0.0027° (~300 m), far inside the validator's 5 km country tolerance.
STEP_DEGREES = 0.0003
DECIMALS = 6  # the validator's limit on coordinate decimals


def copy_id(feature_id: str, k: int) -> str:
    return feature_id if k == 0 else f"{feature_id}-x{k}"


def _shift(coords, dx: float, dy: float):
    if coords and isinstance(coords[0], (int, float)):
        lon, lat, *rest = coords
        return [round(lon + dx, DECIMALS), round(min(90.0, max(-90.0, lat + dy)), DECIMALS), *rest]
    return [_shift(c, dx, dy) for c in coords]


def copy_feature(feature: dict, k: int) -> dict:
    """Copy ``k`` of a GeoJSON feature: new id, geometry shifted by (k mod 10, k // 10 mod 10) steps."""
    if k == 0:
        return feature
    out = copy.deepcopy(feature)
    out["properties"]["id"] = copy_id(feature["properties"]["id"], k)
    dx, dy = (k % 10) * STEP_DEGREES, ((k // 10) % 10) * STEP_DEGREES
    geometry = out.get("geometry")
    if geometry and "coordinates" in geometry:
        geometry["coordinates"] = _shift(geometry["coordinates"], dx, dy)
    return out


def scaled_atlas(n: int, into: Path | str, source: Path | str | None = None) -> Path:
    """Write the atlas at ``n`` times its size into ``into`` (replacing what was there); return ``into``."""
    if n < 1:
        raise ValueError(f"scale must be at least 1, got {n}")
    source, into = resolve(source), Path(into)
    if into.resolve() == source.resolve():
        raise ValueError(f"refusing to write the scaled atlas over its source {source}")
    for sub in ("geodata", "seeds"):
        shutil.rmtree(into / sub, ignore_errors=True)
    shutil.copytree(source / "seeds", into / "seeds")
    (into / "geodata").mkdir(parents=True)
    for path in atlas_files(source):
        collection = json.loads(path.read_text(encoding="utf-8"))
        features = collection.get("features") or []
        collection["features"] = [copy_feature(f, k) for k in range(n) for f in features]
        # Compact, like a generated file would be: the size measured is the features', not indentation.
        (into / "geodata" / path.name).write_text(
            json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return into


def feature_count(data_dir: Path | str) -> int:
    return sum(
        len(json.loads(p.read_text(encoding="utf-8")).get("features") or []) for p in atlas_files(Path(data_dir))
    )
