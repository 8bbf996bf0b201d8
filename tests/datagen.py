"""Make large but valid data folders for benchmarks, and hostile ones for tests.

``python -m tests.datagen OUT N`` writes a data folder with ``N`` features: the
bundled features repeated with new ids, spread over files of 1,000 features, so
the folder validates with the same rules (citations, countries) as the real one.
``python -m tests.datagen OUT N --time`` also times ``validate`` on it. This is a
benchmark, not a test: the README records what it measured and on what machine.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import time
from pathlib import Path

from corridors.data.paths import REPO_ROOT

FEATURES_PER_FILE = 1000


def bundled_features() -> list[dict]:
    features = []
    for path in sorted((REPO_ROOT / "geodata").glob("*.geojson")):
        features += json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def copy_data_dir(root: Path) -> Path:
    """A copy of the bundled data folder (features, schema, sources; no reference boundaries)."""
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    (root / "geodata").mkdir(parents=True)
    for path in (REPO_ROOT / "geodata").glob("*.geojson"):
        shutil.copy(path, root / "geodata" / path.name)
    return root


def write_collection(path: Path, features: list[dict], **members) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    collection = {"type": "FeatureCollection", **members, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def make_big_data_dir(root: Path, n_features: int) -> Path:
    """A data folder with ``n_features`` valid features (the bundled ones repeated with new ids)."""
    base = bundled_features()
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    batch: list[dict] = []
    for n in range(n_features):
        feature = copy.deepcopy(base[n % len(base)])
        feature["properties"]["id"] = f"{feature['properties']['id']}-{n}"
        batch.append(feature)
        if len(batch) == FEATURES_PER_FILE or n == n_features - 1:
            write_collection(root / "geodata" / f"part-{n // FEATURES_PER_FILE:04d}.geojson", batch)
            batch = []
    return root


def long_line(n_vertices: int, decimals: int = 4) -> dict:
    """A valid-looking LineString of ``n_vertices`` positions zig-zagging inside Russia."""
    step = 40.0 / n_vertices
    coords = [[round(60.0 + i * step, decimals), round(58.0 + (i % 2) * 0.001, decimals)] for i in range(n_vertices)]
    return {"type": "LineString", "coordinates": coords}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.datagen", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("features", type=int)
    parser.add_argument("--time", action="store_true", help="time `validate` on the folder")
    args = parser.parse_args(argv)
    make_big_data_dir(args.out, args.features)
    print(f"wrote {args.features} features to {args.out}")
    if args.time:
        from corridors.data.validate import validate

        start, cpu = time.perf_counter(), time.process_time()
        report = validate(args.out)
        print(f"validate: {report.summary()} in {time.perf_counter() - start:.1f} s "
              f"({time.process_time() - cpu:.1f} s of CPU)")
        for problem in report.problems[:5]:
            print(problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
