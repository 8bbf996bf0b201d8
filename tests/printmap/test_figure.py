"""Static maps: PNG/SVG/PDF written, not blank, every corridor drawn, a fitted projection, readable text."""

from __future__ import annotations

import html
import re

import matplotlib
import matplotlib.image as mpimg
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from pyproj import Proj, Transformer

from corridors.model.credits import credit_line, source_info
from corridors.model.selection import Selection, select
from corridors.printmap.figure import (
    RC,
    export_static,
    graticule_step,
    legend_sections,
    map_title,
    nice_length,
    projection_for,
    render_map,
)
from corridors.style.features import line_pattern
from corridors.style.geometry import geometry_kinds
from corridors.vocabulary import CORRIDORS

EURASIA = (11.0, 26.0, 141.0, 62.0)  # Munich to the Pacific, the Gulf to St. Petersburg
CAUCASUS = (44.0, 38.5, 48.0, 41.0)
KARABAKH = Selection(layers=("Karabakh",))


@pytest.fixture(scope="module")
def full_png(atlas, tmp_path_factory):
    out = tmp_path_factory.mktemp("static") / "atlas.png"
    return export_static(atlas, out, dpi=150)


@pytest.fixture(scope="module")
def full_svg(atlas, tmp_path_factory):
    out = tmp_path_factory.mktemp("static") / "atlas.svg"
    return html.unescape(export_static(atlas, out).read_text(encoding="utf-8"))


def map_pixels(atlas, png_path, selection=None, dpi=150) -> np.ndarray:
    """The RGB pixels (0-255) of the map frame in an exported PNG, without legend, title or credits."""
    image = np.round(mpimg.imread(png_path)[..., :3] * 255).astype(int)
    with matplotlib.rc_context(RC):
        fig = render_map(atlas, select(atlas.features, selection), selection, dpi=dpi)
    frame = fig.axes[0].get_window_extent()
    height = image.shape[0]
    return image[int(height - frame.y1) : int(height - frame.y0), int(frame.x0) : int(frame.x1)]


# ---------------------------------------------------------------- projection


def test_projection_is_a_fitted_conic_not_plate_carree():
    crs = projection_for(EURASIA)
    assert not crs.is_geographic
    assert crs.to_epsg() != 4326
    params = dict(p.lstrip("+").split("=", 1) for p in crs.srs.split() if "=" in p)
    assert params["proj"] == "lcc"
    span = EURASIA[3] - EURASIA[1]
    assert float(params["lat_1"]) == pytest.approx(EURASIA[1] + span / 6, abs=1e-3)
    assert float(params["lat_2"]) == pytest.approx(EURASIA[3] - span / 6, abs=1e-3)
    assert float(params["lon_0"]) == pytest.approx((EURASIA[0] + EURASIA[2]) / 2, abs=1e-3)


def test_projection_keeps_scale_and_shape_across_eurasia():
    proj = Proj(projection_for(EURASIA))
    lon, lat = np.meshgrid(np.linspace(EURASIA[0], EURASIA[2], 9), np.linspace(EURASIA[1], EURASIA[3], 9))
    factors = proj.get_factors(lon.ravel(), lat.ravel())
    assert np.allclose(factors.meridional_scale, factors.parallel_scale, rtol=1e-6)  # conformal
    assert np.all(np.abs(np.asarray(factors.meridional_scale) - 1) < 0.06)  # plate carrée: 2x at 60°N


def test_projection_follows_the_selection():
    caucasus = projection_for(CAUCASUS)
    assert caucasus != projection_for(EURASIA)
    x, y = Transformer.from_crs("EPSG:4326", caucasus, always_xy=True).transform(46.0, 39.75)
    assert abs(x) < 1 and abs(y) < 1  # the centre of the extent is the origin
    assert projection_for((46.75, 39.8, 46.75, 39.8)).is_projected  # a single point still works
    assert "+proj=laea" in projection_for((-20, -10, 20, 15)).srs  # a cone cannot straddle the equator


@pytest.mark.parametrize("bad", [(10, 50, 0, 60), (0, 0, 1), (0, float("nan"), 1, 1)])
def test_projection_rejects_bad_bounds(bad):
    with pytest.raises(ValueError, match="expected bounds"):
        projection_for(bad)


def test_graticule_and_scale_steps():
    assert graticule_step(36, 130) == (10, 15)
    assert graticule_step(1.2, 2.0) == (0.25, 0.25)
    assert [nice_length(v) for v in (1234, 99, 0.7)] == [1000, 50, 0.5]


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_each_format_is_written_from_the_suffix(atlas, tmp_path, suffix):
    out = export_static(atlas, tmp_path / f"map.{suffix}", selection=KARABAKH, dpi=80)
    assert out == tmp_path / f"map.{suffix}"
    head = out.read_bytes()[:400]
    expected = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF"}[suffix]
    assert head.startswith(expected)
    if suffix == "svg":
        assert b"<svg" in head


def test_explicit_format_wins_over_suffix(atlas, tmp_path):
    out = export_static(atlas, tmp_path / "map.out", fmt="pdf", selection=KARABAKH, dpi=80)
    assert out.read_bytes().startswith(b"%PDF")


def test_unknown_format_and_empty_selection(atlas, tmp_path):
    with pytest.raises(ValueError, match=r"unknown image format '\.jpg'.*png, svg, pdf"):
        export_static(atlas, tmp_path / "map.jpg")
    bam_statuses = set(atlas.features.loc[atlas.features["corridor"] == "BAM", "status"].dropna())
    absent = next(s for s in ("former", "suspended", "withdrawing", "disputed", "proposed") if s not in bam_statuses)
    with pytest.raises(ValueError, match="nothing was selected"):
        export_static(atlas, tmp_path / "map.png", selection=Selection(layers=("BAM",), statuses=(absent,)))


def test_png_is_not_blank_and_shows_every_corridor(atlas, full_png):
    pixels = map_pixels(atlas, full_png)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 1000
    for corridor, colour in ((key, c.colour) for key, c in CORRIDORS.items()):
        if not (atlas.features["corridor"] == corridor).any():
            continue
        exact = np.all(pixels == np.round(np.array(to_rgb(colour)) * 255).astype(int), axis=-1)
        # Markers and opaque lines give runs of the exact colour; anti-aliased text alone gives a few.
        assert exact.sum() >= 60, (corridor, int(exact.sum()))


def test_svg_has_title_legend_and_credit_as_text(atlas, full_svg):
    assert map_title(atlas.features, None) in full_svg
    for title in ("Corridor (colour)", "Status (line pattern)", "Symbol (kind)"):
        assert title in full_svg
    for corridor in set(atlas.features["corridor"]):
        assert CORRIDORS[corridor].label in full_svg
    # Wrapped to the page's width: each credit is on the map, whichever line it falls on.
    lines = " ".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", full_svg))
    for part in credit_line(atlas, atlas.features).split(" \u00b7 "):
        assert part in lines
    assert "OpenStreetMap" in full_svg and "(ODbL)" in full_svg
    assert "Projection: Lambert conformal conic" in full_svg


def test_custom_title_is_escaped_text(atlas, tmp_path):
    title = 'Karabakh & the "Lachin" road <2023>'
    svg = export_static(atlas, tmp_path / "map.svg", selection=KARABAKH, title=title).read_text(encoding="utf-8")
    assert html.escape(title, quote=False) in svg or html.escape(title) in svg


def test_no_pyplot_figures_or_rc_changes_leak(atlas, tmp_path):
    import matplotlib.pyplot as plt

    before = (plt.get_fignums(), dict(matplotlib.rcParams))
    export_static(atlas, tmp_path / "map.png", selection=KARABAKH, dpi=60)
    assert plt.get_fignums() == before[0]
    assert dict(matplotlib.rcParams) == before[1]


# ---------------------------------------------------------------- content


def test_karabakh_only_zooms_to_the_caucasus(atlas):
    features = select(atlas.features, KARABAKH)
    with matplotlib.rc_context(RC):
        fig = render_map(atlas, features, KARABAKH, dpi=60)
    ax = fig.axes[0]
    crs = projection_for(features.total_bounds)
    to_ll = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = to_ll.transform(*np.meshgrid(ax.get_xlim(), ax.get_ylim()))
    assert np.min(lon) > 42 and np.max(lon) < 51, lon
    assert np.min(lat) > 37 and np.max(lat) < 43, lat
    texts = [t.get_text() for t in fig.texts]
    assert texts[0] == "Corridor Atlas \u2014 Karabakh"
    # The graticule is labelled in lon/lat where its lines cross the frame (catches swapped axes).
    meridians = [_degrees(t.get_text()) for t in ax.get_xticklabels()]
    parallels = [_degrees(t.get_text()) for t in ax.get_yticklabels()]
    assert meridians and all(42 < v < 51 for v in meridians), meridians
    assert parallels and all(37 < v < 43 for v in parallels), parallels
    assert all(t.get_text().endswith("E") for t in ax.get_xticklabels())
    assert all(t.get_text().endswith("N") for t in ax.get_yticklabels())


def _degrees(label: str) -> float:
    """``46°30′E`` -> 46.5."""
    degrees, _, rest = label.partition("°")
    minutes = rest.split("\u2032")[0] if "\u2032" in rest else "0"
    return int(degrees) + int(minutes) / 60


def test_legend_lists_only_what_is_shown(atlas):
    features = select(atlas.features, KARABAKH)
    sections = {title: labels for title, _, labels in legend_sections(features)}
    assert sections["Corridor (colour)"] == [CORRIDORS["Karabakh"].label]
    drawn = features[geometry_kinds(features) != "point"]
    expected = {line_pattern(s).label for s in drawn["status"]}
    assert set(sections.get("Status (line pattern)", [])) == expected


def test_credit_line_comes_from_source_metadata(atlas):
    credit = credit_line(atlas, atlas.features)
    cited = {c.source.id for fid in atlas.features.index for c in atlas.citations_for(fid)}
    for source_id in cited:
        info = source_info(atlas, source_id)
        assert info["title"] in credit
        for value in (info["publisher"], info["date"]):
            if value:
                assert str(value) in credit
    assert "Boundaries: Natural Earth (public domain)" in credit and credit.endswith("Corridor Atlas")
    # The ODbL credit follows the features drawn from OpenStreetMap station positions.
    assert "OpenStreetMap contributors (ODbL)" in credit
    karabakh = atlas.features[atlas.features["corridor"] == "Karabakh"]
    assert "OpenStreetMap" not in credit_line(atlas, karabakh)
