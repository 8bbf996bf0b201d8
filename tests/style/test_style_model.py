"""The look, defined once: FeatureStyle from a feature's properties, geometry kinds, the legend model,
and the renderers carrying the style through unchanged."""

from __future__ import annotations

import itertools

import pytest
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)

from corridors.style import LegendModel, feature_style, geometry_kind, legend_model
from corridors.style.features import SCHEMATIC_FADE
from corridors.style.legend import DRAWN_LENGTH_NOTE
from corridors.vocabulary import CORRIDORS, KINDS, MODES, NO_STATUS, STATUSES

LINE = LineString([(49.0, 40.0), (50.0, 41.0)])
AREA = Polygon([(46.0, 39.0), (47.0, 39.0), (47.0, 40.0), (46.0, 39.0)])
POINT = Point(49.87, 40.41)

# The style spec as the README and the legend describe it: (dash in px, opacity) by status ...
EXPECTED_PATTERNS = {
    "operational": (None, 0.95),
    "under_construction": ((10, 6), 0.95),
    "planned": ((10, 6), 0.95),
    "proposed": ((2, 7), 0.95),
    "disputed": ((12, 5, 2, 5), 0.95),
    "suspended": ((4, 8), 0.7),
    "withdrawing": ((4, 8), 0.7),
    "former": ((1, 6), 0.6),
    None: ((6, 3, 1, 3), 0.85),
}
# ... width in px by mode ...
EXPECTED_WIDTHS = {"rail": 4.0, "road": 3.0, "sea": 2.5, "multimodal": 3.5, None: 3.0}
# ... and a symbol by kind.
EXPECTED_SHAPES = {
    "port": "square", "border_crossing": "diamond", "checkpoint": "triangle", "node": "circle",
    "event": "star", "presence": "hexagon", "place": "ring",
}


def props(geometry=LINE, corridor="INSTC", status="operational", mode="rail", kind="segment",
          method="traced", error_km=2.0) -> dict:
    return {
        "geometry": geometry, "corridor": corridor, "status": status, "mode": mode, "kind": kind,
        "accuracy_method": method, "accuracy_error_km": error_km,
    }


def test_every_status_matches_the_vocabulary_and_has_a_pattern():
    assert set(EXPECTED_PATTERNS) == set(STATUSES) | {None}


@pytest.mark.parametrize(
    ("status", "mode", "method"),
    list(itertools.product(EXPECTED_PATTERNS, EXPECTED_WIDTHS, ("traced", "approximate", "schematic"))),
)
def test_line_style_by_status_mode_and_method(status, mode, method):
    style = feature_style(props(status=status, mode=mode, method=method, error_km=3.0))
    dash, opacity = EXPECTED_PATTERNS[status]
    schematic = method == "schematic"
    assert style.geometry == "line"
    assert style.colour == CORRIDORS["INSTC"].colour
    assert style.width_px == EXPECTED_WIDTHS[mode]
    assert style.dash_px == dash
    assert style.opacity == pytest.approx(opacity * (SCHEMATIC_FADE if schematic else 1.0))
    assert style.faded is schematic
    # A schematic line claims no alignment: faded, never banded; the others carry their error band.
    assert style.band_km == (0.0 if schematic else 3.0)
    assert style.band is not schematic
    assert style.fill_opacity == 0 and style.marker is None


@pytest.mark.parametrize("status", list(EXPECTED_PATTERNS))
@pytest.mark.parametrize("method", ["traced", "approximate", "schematic"])
def test_area_style_by_status(status, method):
    style = feature_style(props(geometry=AREA, corridor="Karabakh", status=status, mode=None, kind="area",
                                method=method))
    dash, opacity = EXPECTED_PATTERNS[status]
    assert style.geometry == "area"
    assert (style.colour, style.width_px, style.dash_px) == (CORRIDORS["Karabakh"].colour, 2.0, dash)
    assert style.opacity == opacity and not style.faded  # the fade is for lines only
    assert style.fill_opacity == 0.18
    assert not style.band


@pytest.mark.parametrize("kind", [*EXPECTED_SHAPES, "segment", "something_new"])
def test_point_symbol_by_kind(kind):
    style = feature_style(props(geometry=POINT, corridor="context", kind=kind, status=None, mode=None))
    assert style.geometry == "point"
    assert style.marker == EXPECTED_SHAPES.get(kind, "circle")
    assert style.colour == CORRIDORS["context"].colour
    assert style.marker_size_px == 18
    assert not style.band and style.width_px == 0


def test_missing_values_from_a_dataframe_mean_not_given():
    nan = float("nan")
    style = feature_style(props(status=nan, mode=nan, error_km=nan))
    assert (style.dash_px, style.opacity) == EXPECTED_PATTERNS[None]
    assert style.width_px == EXPECTED_WIDTHS[None]
    assert not style.band


def test_colours_come_from_the_vocabulary():
    for key, corridor in CORRIDORS.items():
        for geometry in (LINE, AREA, POINT):
            assert feature_style(props(geometry=geometry, corridor=key)).colour == corridor.colour
    # A corridor the vocabulary does not know is drawn as a context place, not in a made-up colour.
    assert feature_style(props(corridor="Suez")).colour == CORRIDORS["context"].colour


@pytest.mark.parametrize(
    ("geometry", "kind"),
    [
        (LINE, "line"), (MultiLineString([LINE, LineString([(1, 1), (2, 2)])]), "line"),
        (AREA, "area"), (MultiPolygon([AREA]), "area"),
        (POINT, "point"), (MultiPoint([(1, 1), (2, 2)]), "point"),
    ],
)
def test_geometry_kind(geometry, kind):
    assert geometry_kind(geometry) == kind


def test_geometry_kind_names_what_it_cannot_draw():
    with pytest.raises(ValueError, match="cannot draw a GeometryCollection"):
        geometry_kind(GeometryCollection([POINT, LINE]))


# ---------------------------------------------------------------- the fade, once


def test_schematic_fade_is_applied_once_by_every_renderer():
    from corridors.export.data import _kml_style
    from corridors.printmap.style import line_kwargs
    from corridors.web.styles import path_options

    style = feature_style(props(method="schematic"))
    assert style.opacity == pytest.approx(0.95 * SCHEMATIC_FADE)
    assert path_options(style)["opacity"] == style.opacity
    assert line_kwargs(style)["alpha"] == style.opacity
    _, spec = _kml_style("INSTC", style)
    assert int(spec["line_colour"][:2], 16) == round(style.opacity * 255)


# ---------------------------------------------------------------- the legend model


def _features():
    return [
        props(corridor="INSTC", status="operational", mode="rail", method="traced", error_km=2.0),
        props(corridor="INSTC", status="planned", mode="sea", method="schematic", error_km=0.0),
        props(corridor="Karabakh", status="disputed", mode="road", method="approximate", error_km=1.0),
        props(geometry=AREA, corridor="Karabakh", status="disputed", mode=None, kind="area"),
        props(geometry=POINT, corridor="Karabakh", status=None, mode=None, kind="checkpoint"),
        props(geometry=POINT, corridor="context", status=None, mode=None, kind="place"),
        props(geometry=POINT, corridor="INSTC", status=None, mode=None, kind="port"),
    ]


def test_legend_lists_what_is_drawn_and_nothing_else():
    model = legend_model(_features())
    assert model.labels() == {
        "Corridor (colour)": [CORRIDORS[c].label for c in ("INSTC", "Karabakh", "context")],
        "Status (line pattern)": ["operational", "planned (agreed, not built)", "disputed"],
        "Mode (line width)": ["rail", "road", "sea"],
        "Symbol (kind)": [KINDS["place"], KINDS["port"], KINDS["checkpoint"], "territory / area"],
        "Geometry certainty": [
            "band: estimated error of the drawn line", DRAWN_LENGTH_NOTE,
            "faded: schematic (a link, not an alignment)",
        ],
    }
    entries = {e.label: e for s in model.sections for e in s.entries}
    # Points have no status: the one point-only corridor (context) explains no status row.
    assert entries["disputed"].corridors == ("Karabakh",)
    assert entries["rail"].swatch.width_px == EXPECTED_WIDTHS["rail"]
    assert entries["planned (agreed, not built)"].swatch.dash_px == (10, 6)
    assert entries["faded: schematic (a link, not an alignment)"].corridors == ("INSTC",)
    assert entries["band: estimated error of the drawn line"].corridors == ("INSTC", "Karabakh")
    # Every map with lines says its lengths are drawn ones (issue 10), for the corridors with lines.
    assert entries[DRAWN_LENGTH_NOTE].corridors == ("INSTC", "Karabakh")
    assert entries[KINDS["port"]].swatch.shape == "square"


def test_legend_labels_and_colours_come_from_the_vocabulary():
    model = legend_model(_features())
    colours = next(s for s in model.sections if s.title == "Corridor (colour)")
    for entry in colours.entries:
        (corridor,) = entry.corridors
        assert (entry.label, entry.swatch.colour) == (CORRIDORS[corridor].label, CORRIDORS[corridor].colour)
    modes = next(s for s in model.sections if s.title == "Mode (line width)")
    assert all(e.label in MODES.values() for e in modes.entries)
    no_status = legend_model([props(status=None)]).labels()["Status (line pattern)"]
    assert no_status == [f"status {NO_STATUS}"]


def test_visible_keeps_the_entries_of_the_visible_corridors():
    model = legend_model(_features())
    karabakh = model.visible({"Karabakh"})
    assert karabakh.labels() == {
        "Corridor (colour)": [CORRIDORS["Karabakh"].label],
        "Status (line pattern)": ["disputed"],
        "Mode (line width)": ["road"],
        "Symbol (kind)": [KINDS["checkpoint"], "territory / area"],
        "Geometry certainty": ["band: estimated error of the drawn line", DRAWN_LENGTH_NOTE],
    }
    assert model.visible(set()) == LegendModel(())  # nothing on the map, no section left
    assert model.visible(["INSTC", "Karabakh", "context"]) == model


def test_legend_of_the_atlas_follows_its_layers(atlas):
    """The web legend hides rows by corridor (``visible``); the print legend is built from the features
    shown. For every choice of layers both must list the same entries."""
    full = legend_model(atlas.features)
    corridors = list(dict.fromkeys(atlas.features["corridor"]))
    choices = [(c,) for c in corridors] + list(itertools.combinations(corridors, 2))
    for choice in choices:
        shown = atlas.features[atlas.features["corridor"].isin(choice)]
        assert full.visible(choice).labels() == legend_model(shown).labels(), choice


def test_a_swatch_names_what_no_renderer_can_draw():
    from corridors.style import Swatch

    with pytest.raises(ValueError, match="unknown swatch kind 'hatch'"):
        Swatch("hatch")
    with pytest.raises(ValueError, match="unknown symbol shape 'pentagon'"):
        Swatch("symbol", shape="pentagon")
