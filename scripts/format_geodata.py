#!/usr/bin/env python3
"""Rewrite ``geodata/*.geojson`` in the canonical form: 4-decimal positions, one per line.

    python scripts/format_geodata.py           # rewrite the files in place
    python scripts/format_geodata.py --check   # list files not in canonical form; exit 1 if any

Hand edits (and scripted ones) can leave long decimals or a different layout;
this puts every file back into the form ``corridors.datadir.dumps_geojson``
writes, so diffs stay readable. Properties are kept as they are, in order.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corridors.data.paths import REPO_ROOT, atlas_files, dumps_geojson, round_coordinates


def canonical(text: str) -> str:
    data = json.loads(text)
    for feature in data.get("features", []):
        geometry = feature.get("geometry") or {}
        if "coordinates" in geometry:
            geometry["coordinates"] = round_coordinates(geometry["coordinates"])
    return dumps_geojson(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that are not canonical")
    parser.add_argument("--data", type=Path, default=REPO_ROOT, help="data directory (default: the repo)")
    args = parser.parse_args(argv)
    changed = []
    for path in atlas_files(args.data):
        text = path.read_text(encoding="utf-8")
        wanted = canonical(text)
        if wanted != text:
            changed.append(path)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    for path in changed:
        print(f"{'not canonical' if args.check else 'rewrote'}: {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
