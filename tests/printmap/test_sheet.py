"""Print maps of a view: exact pages, the view's extent, its names and highlight, the date on the map,
reference places for orientation, and no label over another label, a frame or the legend."""

from __future__ import annotations

import re
import shutil
import subprocess

import matplotlib
import numpy as np
import pytest
from PIL import Image

from corridors.export.formats import PrintOptions
from corridors.export.manifest_io import read_manifest
from corridors.export.views import export_view
from corridors.model.mapview import MapView, view_bounds
from corridors.model.names import display_name
from corridors.model.view import View
from corridors.printmap.page import PAGE_SIZES_MM, page_inches, sheet_for
from corridors.printmap.sheet import render_view
from corridors.printmap.style import RC
from tests.printmap.svgtext import collisions, label_texts

MEGHRI = MapView(centre=View(39.0, 46.2, 8), naming="hy", as_of="2022-01", focus=("zangezur-armenia-section",))
ATLAS = MapView()
KARABAKH = MapView(layers=("Karabakh",))
ARMENIAN = re.compile("[\u0531-\u058f]")
PDFTOTEXT = shutil.which("pdftotext")

# Every print configuration the tests make, each checked against the label rule below.
PRINTS = {
    "meghri-a4": (MEGHRI, PrintOptions(page="a4")),
    "meghri-a4-portrait": (MEGHRI, PrintOptions(page="a4", orientation="portrait")),
    "atlas-a4": (ATLAS, PrintOptions(page="a4")),
    "atlas-letter-portrait": (ATLAS, PrintOptions(page="letter", orientation="portrait")),
    "atlas-a3": (ATLAS, PrintOptions(page="a3", orientation="landscape")),
    "karabakh-a4": (KARABAKH, PrintOptions(page="a4")),
    "bam-letter": (MapView(layers=("BAM",), naming="ru"), PrintOptions(page="letter")),
    "caspian-fa": (MapView(bbox=(46.0, 36.0, 55.0, 44.0), naming="fa"), PrintOptions(page="a4")),
}


@pytest.fixture(scope="module")
def svgs(atlas, tmp_path_factory):
    folder = tmp_path_factory.mktemp("prints")
    return {name: export_view(atlas, view, "svg", folder / f"{name}.svg", options=options)[0]
            for name, (view, options) in PRINTS.items()}


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("page", sorted(PAGE_SIZES_MM))
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_pdf_pages_are_exactly_the_paper_size(atlas, tmp_path, page, orientation):
    out = export_view(atlas, KARABAKH, "pdf", tmp_path / "map.pdf",
                      options=PrintOptions(page=page, orientation=orientation))[0]
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", out.read_bytes())
    short, long = (mm / 25.4 * 72 for mm in PAGE_SIZES_MM[page])
    expected = (short, long) if orientation == "portrait" else (long, short)
    assert (float(box.group(1)), float(box.group(2))) == pytest.approx(expected, abs=0.01)


def test_svg_page_and_png_pixels(atlas, tmp_path, svgs):
    svg = svgs["atlas-letter-portrait"].read_text(encoding="utf-8")
    assert 'width="612pt" height="792pt"' in svg  # 8.5 x 11 in
    png = export_view(atlas, KARABAKH, "png", tmp_path / "a4.png", options=PrintOptions(page="a4", dpi=100))[0]
    long, short = 297 / 25.4 * 100, 210 / 25.4 * 100  # A4 at 100 dpi, either way up
    assert sorted(Image.open(png).size) == [pytest.approx(short, abs=1), pytest.approx(long, abs=1)]
    phone = export_view(atlas, ATLAS, "png", tmp_path / "phone.png", options=PrintOptions(width_px=390))[0]
    width, height = Image.open(phone).size
    assert width == 390 and height > width  # a screen image: as tall as its content
    scaled = export_view(atlas, KARABAKH, "png", tmp_path / "scaled.png",
                         options=PrintOptions(page="a3", orientation="portrait", width_px=1000))[0]
    w, h = Image.open(scaled).size
    assert w == 1000 and h / w == pytest.approx(420 / 297, abs=0.002)


def test_orientation_follows_the_extent_when_not_given():
    assert sheet_for("pdf", aspect=0.6).orientation == "landscape"
    assert sheet_for("pdf", aspect=1.4).orientation == "portrait"
    assert page_inches("a4", "portrait") == pytest.approx((210 / 25.4, 297 / 25.4))
    with pytest.raises(ValueError, match="page 'b5' is not one of"):
        page_inches("b5", "portrait")


# ---------------------------------------------------------------- what is drawn


def test_the_views_extent_is_what_is_drawn(atlas, svgs):
    rendered = read_manifest(svgs["meghri-a4"])["rendered"]
    west, south, east, north = rendered["bbox_drawn"]
    vw, vs, ve, vn = view_bounds(MEGHRI.centre)
    assert west <= vw and south <= vs and east >= ve and north >= vn  # all of the view...
    assert east - west < 2 * (ve - vw) and north - south < 2.5 * (vn - vs)  # ...and not much more
    texts = label_texts(svgs["meghri-a4"])
    assert not any("Tayshet" in t or "Petersburg" in t for t in texts)
    assert any(ARMENIAN.search(t) for t in texts)
    # Names follow --names: a drawn feature with an Armenian name is labelled with it, never the article's.
    shown = atlas.features.loc[read_manifest(svgs["meghri-a4"])["features"]]
    armenian = {fid: display_name(row, "hy") for fid, row in shown.iterrows() if display_name(row, "hy") != row["name"]}
    assert armenian and set(armenian.values()) & set(texts)
    assert not {shown.at[fid, "name"] for fid in armenian} & set(texts)


def test_the_highlight_and_the_date_and_names_are_on_the_map(svgs):
    svg = svgs["meghri-a4"].read_text(encoding="utf-8")
    assert '<g id="focus">' in svg and ">Highlighted</text>" in svg
    assert "as of 2022-01" in svg and "Armenian usage" in svg


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed; CI installs it")
def test_pdftotext_finds_the_date_naming_and_data_version(atlas, tmp_path):
    out = export_view(atlas, MEGHRI, "pdf", tmp_path / "meghri.pdf", options=PrintOptions(page="a4"))[0]
    text = subprocess.run([PDFTOTEXT, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "as of 2022-01" in text and "Armenian usage" in text
    version = read_manifest(out)["data_version"].removeprefix("sha256:")[:12]
    assert f"Data version {version}" in text


def test_the_inset_appears_only_when_the_caucasus_would_be_tiny(svgs):
    assert read_manifest(svgs["atlas-a4"])["rendered"]["inset"] is True
    assert '<g id="inset-frame">' in svgs["atlas-a4"].read_text(encoding="utf-8")
    for name in ("meghri-a4", "karabakh-a4", "bam-letter"):
        assert read_manifest(svgs[name])["rendered"]["inset"] is False, name


def test_reference_places_orient_the_karabakh_map(svgs):
    texts = " ".join(label_texts(svgs["karabakh-a4"]))
    assert "Khankendi" in texts or "Stepanakert" in texts
    assert "Yerevan" in texts and "Baku" in texts  # inside the map, or pointed to at its edge
    assert "GeoNames (CC BY 4.0)" in svgs["karabakh-a4"].read_text(encoding="utf-8")
    hy = " ".join(label_texts(svgs["meghri-a4"]))
    assert "Ստեփանակերտ" in hy and "Երևան" in hy  # the same places, in the view's naming


def test_persian_names_are_text_in_logical_order(atlas, svgs):
    # SVG text stays in logical order; the viewer shapes it (matplotlib shapes it itself, with libraqm, in PNG/PDF).
    texts = label_texts(svgs["caspian-fa"])
    persian = {a["name"] for alts in atlas.features["alt_names"] for a in alts if a["lang"] == "fa"}
    assert persian & set(texts)


# ---------------------------------------------------------------- the label rule


@pytest.mark.parametrize("name", sorted(PRINTS))
def test_no_label_overlaps_another_label_a_frame_or_the_legend(svgs, name):
    assert len(label_texts(svgs[name])) >= 3, "too few labels to mean anything"
    assert collisions(svgs[name]) == []


def test_the_phone_image_keeps_the_rule_too(atlas):
    with matplotlib.rc_context(RC):
        rendered = render_view(atlas, ATLAS, "png", width_px=390)
    renderer = rendered.figure.canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in rendered.labels]
    assert len(boxes) >= 5
    frames = [ax.get_window_extent(renderer) for ax in rendered.figure.axes[:1]]
    for i, a in enumerate(boxes):
        assert frames[0].x0 - 0.5 <= a.x0 and a.x1 <= frames[0].x1 + 0.5, rendered.labels[i].get_text()
        for j in range(i + 1, len(boxes)):
            overlap = np.minimum(a.x1, boxes[j].x1) - np.maximum(a.x0, boxes[j].x0)
            overlap_y = np.minimum(a.y1, boxes[j].y1) - np.maximum(a.y0, boxes[j].y0)
            assert overlap <= 0.5 or overlap_y <= 0.5, (rendered.labels[i].get_text(), rendered.labels[j].get_text())
