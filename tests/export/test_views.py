"""Exports of a view: every format carries a manifest that reads back; CLI and library give the same file."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import xml.etree.ElementTree as ET

import pyogrio
import pytest

from corridors.data.fingerprint import data_version
from corridors.export import export
from corridors.export.dispatch import embed_snippet
from corridors.export.formats import FORMATS, PrintOptions
from corridors.export.manifest_io import read_manifest
from corridors.export.views import export_view
from corridors.model.manifest import tool_version
from corridors.model.mapview import MapView, view_features
from corridors.model.selection import Selection
from corridors.model.view import View
from tests.clirun import run_cli

VIEW = MapView(centre=View(39.0, 46.2, 8), naming="hy", as_of="2022-01", focus=("zangezur-armenia-section",),
               title='Meghri </script><b> & "co"')
CLI_VIEW = ["--view", "39.0,46.2,8", "--names", "hy", "--as-of", "2022-01", "--focus", "zangezur-armenia-section",
            "--title", VIEW.title]


@pytest.fixture(scope="module")
def exported(atlas, tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    options = {"png": PrintOptions(dpi=60)}
    return {fmt: export_view(atlas, VIEW, fmt, folder / f"meghri.{fmt}", options=options.get(fmt)) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_manifest_round_trips_in_every_format(atlas, exported, fmt):
    manifest = read_manifest(exported[fmt][0])
    assert manifest["format"] == fmt
    assert MapView.from_dict(manifest["view"]) == VIEW
    assert MapView.from_link(manifest["share_link"]) == VIEW  # the link reopens the same view
    assert manifest["data_version"] == data_version(atlas.data_dir)
    assert manifest["tool"] == {"name": "corridor-atlas", "version": tool_version()}
    assert manifest["features"] == list(view_features(atlas, VIEW).index)
    titles = {s["title"] for s in manifest["sources"]}
    cited = {c.source.title for fid in manifest["features"] for c in atlas.citations_for(fid)}
    assert titles == cited and all("publisher" in s for s in manifest["sources"])


def test_map_formats_carry_the_description_and_what_was_drawn(exported):
    for fmt in ("html", "png", "svg", "pdf"):
        manifest = read_manifest(exported[fmt][0])
        assert "Highlighted:" in manifest["description"]["alt"], fmt
    rendered = read_manifest(exported["pdf"][0])["rendered"]
    assert rendered["page"] == "a4" and rendered["inset"] is False
    west, south, east, north = rendered["bbox_drawn"]
    assert west < 46.2 < east and south < 39.0 < north


def test_csv_keeps_its_manifest_beside_it(exported, tmp_path):
    csv_file, sidecar = exported["csv"]
    assert sidecar.name == csv_file.name + ".manifest.json"
    assert json.loads(sidecar.read_text(encoding="utf-8"))["format"] == "csv"
    lonely = tmp_path / "lonely.csv"
    lonely.write_bytes(csv_file.read_bytes())
    with pytest.raises(ValueError, match=r"lonely\.csv\.manifest\.json, which is missing"):
        read_manifest(lonely)


def test_data_files_stay_valid_for_their_readers(exported):
    geojson = json.loads(exported["geojson"][0].read_text(encoding="utf-8"))
    assert geojson["type"] == "FeatureCollection" and "corridors_manifest" in geojson
    kml = ET.parse(exported["kml"][0]).getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    children = [child.tag.split("}")[1] for child in kml.find("k:Document", ns)]
    # KML 2.2 order: styles, then the Document's ExtendedData, then its folders.
    assert children.index("ExtendedData") > max(i for i, t in enumerate(children) if t == "Style")
    assert children.index("ExtendedData") < children.index("Folder")
    gpkg = exported["gpkg"][0]
    assert {name for name, _ in pyogrio.list_layers(gpkg)} >= {"points", "lines", "citations"}
    with sqlite3.connect(gpkg) as db:
        assert db.execute("SELECT mime_type, md_scope FROM gpkg_metadata").fetchall() == [
            ("application/json", "dataset")]
        assert db.execute("SELECT reference_scope FROM gpkg_metadata_reference").fetchall() == [("geopackage",)]


def test_html_manifest_cannot_close_its_script_and_the_map_has_alt_text_and_caption(exported):
    page = exported["html"][0].read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="corridors-manifest">(.*?)</script>', page, re.S).group(1)
    assert "</" not in block  # the title's "</script>" is written <\/script>
    assert json.loads(block)["view"]["title"] == VIEW.title
    assert '<meta name="description" content="' in page
    region = re.search(r'<div class="folium-map" id="map_[0-9a-f]+" role="region" aria-label="([^"]*)"', page)
    assert region and "Highlighted:" in html.unescape(region.group(1))
    caption = re.search(r'<figcaption class="corridors-caption" id="corridors-caption">(.*?)</figcaption>', page)
    assert caption and html.unescape(caption.group(1)).startswith(VIEW.title)
    assert "<b>" not in caption.group(1)  # the title is text, not markup
    snippet = exported["html"][1].read_text(encoding="utf-8")
    assert "<figcaption>" in snippet and "<iframe" in snippet


def _svg_texts(path) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))]


def test_the_same_view_from_the_cli_and_the_library_gives_the_same_map(atlas, exported, tmp_path):
    out = tmp_path / "cli.svg"
    result = run_cli("export", "--format", "svg", "--out", out, *CLI_VIEW)
    assert result.returncode == 0, result.stderr
    assert read_manifest(out) == read_manifest(exported["svg"][0])
    assert _svg_texts(out) == _svg_texts(exported["svg"][0])
    assert any(re.search("[\u0531-\u058f]", t) for t in _svg_texts(out))  # Armenian names, as text


def test_a_share_link_gives_the_whole_view_and_options_override_its_parts(exported, tmp_path):
    link = read_manifest(exported["png"][0])["share_link"]
    out = tmp_path / "from-link.geojson"
    result = run_cli("export", "--format", "geojson", "--out", out, "--share-link", link, "--names", "az")
    assert result.returncode == 0, result.stderr
    view = MapView.from_dict(read_manifest(out)["view"])
    assert view.naming == "az" and view.centre == VIEW.centre and view.focus == VIEW.focus
    assert view.as_of == VIEW.as_of and view.title == VIEW.title


def test_bad_options_are_clear_errors(tmp_path):
    cases = [
        (["--format", "geojson", "--page", "a4"], "--page apply to png, svg and pdf"),
        (["--format", "svg", "--width-px", "390"], "apply to png only"),
        (["--format", "png", "--page", "a4", "--width-px", "800", "--dpi", "100"], "not both"),
        (["--format", "png", "--view", "39,46,8", "--bbox", "44,38,48,41"], "not allowed with argument"),
        (["--format", "png", "--bbox", "48,38,44,41"], "west < east"),
        (["--format", "png", "--focus", "nowhere"], "not in the atlas"),
        (["--format", "png", "--share-link", "http://x/?names=klingon"], "names: names 'klingon'"),
    ]
    for args, message in cases:
        result = run_cli("export", "--out", tmp_path / "x.out", *args)
        assert result.returncode != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_the_older_export_call_still_makes_a_view(atlas, tmp_path):
    out = tmp_path / "old.png"
    export(atlas, "png", out, Selection(layers=("Karabakh",)), "Old call", naming="az")
    view = MapView.from_dict(read_manifest(out)["view"])
    assert view.layers == ("Karabakh",) and view.title == "Old call" and view.naming == "az"
    with pytest.raises(ValueError, match="not both"):
        export(atlas, "png", out, Selection(), view=MapView())


def test_manifest_command_prints_it_and_refuses_a_file_without_one(exported, tmp_path):
    result = run_cli("manifest", exported["kml"][0], "--field", "data_version")
    assert result.returncode == 0 and result.stdout.strip().startswith("sha256:")
    whole = json.loads(run_cli("manifest", exported["pdf"][0]).stdout)
    assert whole["view"] == VIEW.to_dict()
    plain = tmp_path / "plain.geojson"
    plain.write_text('{"type": "FeatureCollection", "features": []}')
    result = run_cli("manifest", plain)
    assert result.returncode == 1 and "no 'corridors_manifest' member" in result.stderr


def test_describe_command(atlas):
    result = run_cli("describe", "--layers", "Karabakh", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["view"]["layers"] == ["Karabakh"] and "Karabakh conflict" in data["alt"]


def test_embed_snippet_escapes_its_caption():
    snippet = embed_snippet("m.html", "T", caption="<b>A & B</b>")
    assert "<figcaption>&lt;b&gt;A &amp; B&lt;/b&gt;</figcaption>" in snippet
