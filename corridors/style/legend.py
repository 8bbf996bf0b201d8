"""What the legend says, decided once for the features shown: ``legend_model(features)``.

A ``LegendModel`` is plain data: sections of entries, each with its label, a swatch described in
renderer-free terms, and the corridors whose drawn features it explains. The web map renders it as
HTML (hiding an entry while none of its corridors' layers is on the map), the print map as matplotlib
legends, the app as HTML images. Sections: corridor (colour), status (line pattern), mode (line
width), symbol (kind), geometry certainty (error band, drawn lengths, faded schematic lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from corridors.style.features import (
    SHAPES,
    STATUS_PATTERNS,
    UNCERTAINTY_BAND_OPACITY,
    FeatureStyle,
    feature_style,
    line_width,
    symbol_label,
)
from corridors.style.geometry import AREA, LINE, POINT
from corridors.vocabulary import CORRIDOR_KEYS, CORRIDORS, MODES, corridor_colour

# Legend samples are drawn a little stronger than on the map, or a 30-pixel sample of a
# translucent band or a faded line would not read at all.
SAMPLE_LINE_PX = 3  # status and certainty samples: a mid-weight line
SAMPLE_BAND_EMPHASIS = 2.5  # times the band's opacity on the map
SAMPLE_FADED_OPACITY = 0.6
SAMPLE_AREA_OPACITY = 0.25


SWATCH_KINDS = ("colour", "line", "band", "symbol", "area")

# Said wherever lengths could be read off a map: the drawing runs short of the real line (issue 10).
DRAWN_LENGTH_NOTE = "drawn as chords between known points: drawn lengths run short; cards give stated lengths"
CHORD_SAMPLE_PX = 1.5


@dataclass(frozen=True)
class Swatch:
    """A legend sample. ``kind``: ``colour`` (a block of the colour), ``line`` (a stroke with width,
    dash and opacity), ``band`` (an error band round a line), ``symbol`` (a marker ``shape``) or
    ``area`` (a filled outline). ``colour`` None: the renderer's neutral ink, because the entry is
    about a pattern, width or shape, not a colour."""

    kind: str
    colour: str | None = None
    width_px: float = 0.0
    dash_px: tuple[float, ...] | None = None
    opacity: float = 1.0
    shape: str | None = None

    def __post_init__(self):
        # Every renderer has a drawing for each of these and nothing else: fail here, not in three places.
        if self.kind not in SWATCH_KINDS:
            raise ValueError(f"unknown swatch kind {self.kind!r}; expected one of {', '.join(SWATCH_KINDS)}")
        if self.kind == "symbol" and self.shape not in SHAPES:
            raise ValueError(f"unknown symbol shape {self.shape!r}; expected one of {', '.join(SHAPES)}")


@dataclass(frozen=True)
class LegendEntry:
    label: str
    swatch: Swatch
    # The corridors whose drawn features this entry explains: the entry shows while any of them is
    # visible (``LegendModel.visible``; the web map's legend applies the same rule in the browser).
    corridors: tuple[str, ...]


@dataclass(frozen=True)
class LegendSection:
    title: str
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class LegendModel:
    sections: tuple[LegendSection, ...]

    def visible(self, corridors: Iterable[str]) -> LegendModel:
        """The legend while only ``corridors`` are on the map: entries for none of them go, and
        sections left empty go with them."""
        shown = set(corridors)
        sections = []
        for section in self.sections:
            entries = tuple(e for e in section.entries if shown.intersection(e.corridors))
            if entries:
                sections.append(LegendSection(section.title, entries))
        return LegendModel(tuple(sections))

    def labels(self) -> dict[str, list[str]]:
        """Section title -> entry labels: what a reader sees, for tests and summaries."""
        return {s.title: [e.label for e in s.entries] for s in self.sections}


@dataclass(frozen=True)
class _Drawn:
    corridor: str
    status: str | None
    mode: str | None
    kind: str
    style: FeatureStyle


def legend_model(features) -> LegendModel:
    """The legend of ``features`` (a GeoDataFrame of atlas rows, or an iterable of mappings with the
    properties ``feature_style`` reads and a ``geometry``): an entry for each colour, pattern, width,
    symbol and certainty mark they are drawn with, and nothing else."""
    drawn = [
        _Drawn(row["corridor"], _text(row.get("status")), _text(row.get("mode")), row["kind"], feature_style(row))
        for row in _rows(features)
    ]

    def corridors_where(predicate) -> tuple[str, ...]:
        return _ordered({d.corridor for d in drawn if predicate(d)})

    present = _ordered({d.corridor for d in drawn})
    colours = [
        LegendEntry(CORRIDORS[c].label if c in CORRIDORS else c, Swatch("colour", corridor_colour(c)), (c,))
        for c in present
    ]
    statuses = []
    for status, pattern in STATUS_PATTERNS.items():
        where = corridors_where(lambda d, s=status: d.style.geometry in (LINE, AREA) and d.status == s)
        if where:
            swatch = Swatch("line", width_px=SAMPLE_LINE_PX, dash_px=pattern.dash, opacity=pattern.opacity)
            statuses.append(LegendEntry(pattern.label, swatch, where))
    modes = []
    for mode, label in MODES.items():
        where = corridors_where(lambda d, m=mode: d.style.geometry == LINE and d.mode == m)
        if where:
            modes.append(LegendEntry(label, Swatch("line", width_px=line_width(mode)), where))
    symbols = []
    pairs = {(d.style.marker, symbol_label(d.kind)) for d in drawn if d.style.geometry == POINT}
    for shape, label in sorted(pairs, key=lambda p: (SHAPES.index(p[0]), p[1])):
        where = corridors_where(lambda d, s=shape, lb=label: d.style.marker == s and symbol_label(d.kind) == lb)
        symbols.append(LegendEntry(label, Swatch("symbol", shape=shape), where))
    areas = corridors_where(lambda d: d.style.geometry == AREA)
    if areas:
        symbols.append(LegendEntry("territory / area", Swatch("area", opacity=SAMPLE_AREA_OPACITY), areas))
    certainty = []
    banded = corridors_where(lambda d: d.style.band)
    if banded:
        swatch = Swatch("band", opacity=UNCERTAINTY_BAND_OPACITY * SAMPLE_BAND_EMPHASIS)
        certainty.append(LegendEntry("band: estimated error of the drawn line", swatch, banded))
    lines = corridors_where(lambda d: d.style.geometry == LINE)
    if lines:
        certainty.append(LegendEntry(DRAWN_LENGTH_NOTE, Swatch("line", width_px=CHORD_SAMPLE_PX), lines))
    faded = corridors_where(lambda d: d.style.faded)
    if faded:
        swatch = Swatch("line", width_px=SAMPLE_LINE_PX, opacity=SAMPLE_FADED_OPACITY)
        certainty.append(LegendEntry("faded: schematic (a link, not an alignment)", swatch, faded))
    sections = (
        ("Corridor (colour)", colours),
        ("Status (line pattern)", statuses),
        ("Mode (line width)", modes),
        ("Symbol (kind)", symbols),
        ("Geometry certainty", certainty),
    )
    return LegendModel(tuple(LegendSection(title, tuple(entries)) for title, entries in sections if entries))


def _rows(features) -> Iterable[Mapping]:
    if hasattr(features, "iterrows"):
        return (row for _, row in features.iterrows())
    return features


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _ordered(corridors: set[str]) -> tuple[str, ...]:
    """The vocabulary's order, then any corridor it does not know, alphabetically."""
    return tuple(c for c in CORRIDOR_KEYS if c in corridors) + tuple(sorted(corridors - set(CORRIDOR_KEYS)))
