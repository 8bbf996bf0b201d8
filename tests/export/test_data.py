"""Data exports: every format reads back with every feature and every citation's quote."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from corridors.data.atlas import load_atlas
from corridors.export.data import FORMATS, export_data
from corridors.model.selection import Selection, select
from corridors.model.tables import CITATION_COLUMNS
from corridors.style.features import STATUS_PATTERNS

SPATIAL_FORMATS = ("geojson", "gpkg", "kml")


def read_back(path) -> gpd.GeoDataFrame:
    """Every spatial layer of an exported file, stacked (GPKG: one per geometry type; KML: one per folder)."""
    layers = [name for name, geom_type in pyogrio.list_layers(path) if geom_type is not None]
    frames = [gpd.read_file(path, layer=name) for name in layers]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)


def all_quotes(atlas, ids) -> list[str]:
    return [c.quote for fid in ids for c in atlas.citations_for(fid)]


def exported_text(frame: pd.DataFrame, fmt: str) -> str:
    """The citation-bearing text of a read-back export, as one string to search for quotes."""
    if fmt == "geojson":  # nested, as in the source data: a list of {source, source_title, passage, quote}
        cites = [c for value in frame["citations"] for c in (json.loads(value) if isinstance(value, str) else value)]
        return "\n".join(c["quote"] for c in cites)
    if fmt == "gpkg":  # readable text and JSON text
        decoded = [c["quote"] for value in frame["citations_json"] for c in json.loads(value)]
        return "\n".join(frame["citations"]) + "\n".join(decoded)
    # KML: the balloon (HTML) and the ExtendedData text field
    return html.unescape("\n".join(frame["description"])) + "\n".join(frame["citations"])


@pytest.mark.parametrize("fmt", SPATIAL_FORMATS)
def test_spatial_formats_read_back_with_every_feature_and_quote(atlas, tmp_path, fmt):
    out = export_data(atlas, fmt, tmp_path / f"atlas.{fmt}")
    assert out == tmp_path / f"atlas.{fmt}"
    frame = read_back(out)
    assert len(frame) == len(atlas.features)
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["id"]) == sorted(atlas.features.index)
    text = exported_text(frame, fmt)
    missing = [q for q in all_quotes(atlas, atlas.features.index) if q not in text]
    assert not missing, missing[:3]


@pytest.mark.parametrize("fmt", SPATIAL_FORMATS)
def test_spatial_formats_keep_geometry_and_lengths(atlas, tmp_path, fmt):
    frame = read_back(export_data(atlas, fmt, tmp_path / f"atlas.{fmt}")).set_index("id")
    for fid, row in atlas.features.iterrows():
        got = frame.loc[fid]
        # KML and GPKG may promote to Multi*; compare shapes, not types.
        assert shapely.equals_exact(
            shapely.normalize(shapely.get_parts(got.geometry)[0]),
            shapely.normalize(shapely.get_parts(row.geometry)[0]),
            tolerance=1e-6,
        ), fid
        if pd.notna(row["length_km"]):
            assert float(got["drawn_length_km"]) == pytest.approx(row["length_km"], abs=0.06), fid
        if pd.notna(row["stated_km"]):
            assert float(got["stated_length_km"]) == row["stated_km"], fid


def test_geojson_is_rfc7946_with_nested_citations(atlas, tmp_path):
    data = json.loads(export_data(atlas, "geojson", tmp_path / "a.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    titles = {s.id: s.title for s in atlas.sources.values()}
    for feature in data["features"]:
        props = feature["properties"]
        fid = props["id"]
        assert isinstance(props["alt_names"], list)
        assert set(props["geometry_accuracy"]) == {"method", "error_km", "note"}
        expected = [(c.source.id, c.passage.id, c.quote) for c in atlas.citations_for(fid)]
        assert [(c["source"], c["passage"], c["quote"]) for c in props["citations"]] == expected
        assert all(c["source_title"] == titles[c["source"]] for c in props["citations"])
        geometry = shape(feature["geometry"])
        for x, y in shapely.get_coordinates(geometry):
            assert -180 <= x <= 180 and -90 <= y <= 90
            assert round(x, 6) == x and round(y, 6) == y
        for polygon in shapely.get_parts(geometry):
            if polygon.geom_type == "Polygon":
                assert polygon.exterior.is_ccw, fid  # RFC 7946 §3.1.6
        if feature["geometry"]["type"] in ("LineString", "MultiLineString"):
            assert props["drawn_length_km"] > 0
        # Claims travel with the data and point into its own citations: value -> quote -> passage.
        assert props["claims"] == atlas.feature(fid)["claims"]
        for entry in props["claims"].get("status", []):
            assert all(1 <= n <= len(props["citations"]) for n in entry["cite"]), fid
    bam = next(f["properties"] for f in data["features"] if f["properties"]["id"] == "bam-main-line")
    assert bam["stated_length_km"] == 4300 and bam["drawn_length_km"] < 4300


def test_export_as_of_gives_the_status_then(atlas, tmp_path):
    out = export_data(atlas, "geojson", tmp_path / "a.geojson", Selection(layers=("INSTC",), as_of="2019"))
    [link] = [f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert (link["id"], link["status"], link["status_from"], link["as_of"]) == (
        "instc-astara-rasht-missing-link", "suspended", "2018", "2019")


def test_csv_one_row_per_citation(atlas, tmp_path):
    out = export_data(atlas, "csv", tmp_path / "citations.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CITATION_COLUMNS
    assert len(rows) == sum(len(atlas.citations_for(fid)) for fid in atlas.features.index)
    assert [r["quote"] for r in rows] == all_quotes(atlas, atlas.features.index)
    for row in rows:
        feature = atlas.feature(row["feature_id"])
        assert row["name"] == feature["name"]
        assert row["corridor"] == feature["corridor"]
        assert row["source_title"] == atlas.sources[row["source"]].title


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layers", [("Karabakh",), ("INSTC", "context"), ("place",)])
def test_selection_by_layers(atlas, tmp_path, fmt, layers):
    selection = Selection(layers=layers)
    expected = select(atlas.features, selection)
    assert not expected.empty
    out = export_data(atlas, fmt, tmp_path / f"sel.{fmt}", selection)
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            ids = {r["feature_id"] for r in csv.DictReader(handle)}
        assert ids == set(expected.index)
    else:
        assert sorted(read_back(out)["id"]) == sorted(expected.index)


def test_unknown_format_names_the_valid_ones(atlas, tmp_path):
    with pytest.raises(ValueError, match=r"unknown export format 'shp'.*geojson, gpkg, kml, csv"):
        export_data(atlas, "shp", tmp_path / "a.shp")


def test_empty_selection_is_refused(atlas, tmp_path):
    bam_statuses = set(atlas.features.loc[atlas.features["corridor"] == "BAM", "status"].dropna())
    absent = next(s for s in STATUS_PATTERNS if s is not None and s not in bam_statuses)
    with pytest.raises(ValueError, match="nothing was selected"):
        export_data(atlas, "geojson", tmp_path / "a.geojson", Selection(layers=("BAM",), statuses=(absent,)))
    assert not (tmp_path / "a.geojson").exists()


def test_gpkg_has_a_citations_table_and_no_stale_layers(atlas, tmp_path):
    out = tmp_path / "a.gpkg"
    export_data(atlas, "gpkg", out)
    export_data(atlas, "gpkg", out, Selection(layers=("Karabakh",)))  # overwrite with fewer features
    frame = read_back(out)
    assert set(frame["corridor"]) == {"Karabakh"}
    table = pyogrio.read_dataframe(out, layer="citations")
    assert list(table.columns) == CITATION_COLUMNS
    assert sorted(table["quote"]) == sorted(all_quotes(atlas, frame["id"]))


def test_markup_in_data_is_escaped(make_data_dir, valid_feature, tmp_path):
    """Names are data, not markup: '&' and '<' must survive every format and keep the KML well-formed."""
    valid_feature["properties"]["name"] = "Baku & <Bakı> \"centre\""
    atlas = load_atlas(make_data_dir([valid_feature]))
    kml = export_data(atlas, "kml", tmp_path / "a.kml")
    root = ET.parse(kml).getroot()  # raises on malformed XML
    names = [e.text for e in root.iter("{http://www.opengis.net/kml/2.2}name")]
    assert "Baku & <Bakı> \"centre\"" in names
    for fmt in SPATIAL_FORMATS:
        frame = read_back(export_data(atlas, fmt, tmp_path / f"b.{fmt}"))
        name_column = "Name" if fmt == "kml" else "name"
        assert list(frame[name_column]) == ["Baku & <Bakı> \"centre\""], fmt


def test_csv_says_what_each_citation_supports(atlas, tmp_path):
    out = export_data(atlas, "csv", tmp_path / "c.csv", Selection(layers=("INSTC",)))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    link = {r["n"]: r["supports"] for r in rows if r["feature_id"] == "instc-astara-rasht-missing-link"}
    assert "status planned from 2023-05" in link["1"] and "date 2023-05" in link["1"]
    assert "status suspended from 2018" in link["3"]
