"""A print map of a view, laid out on its sheet: the entry point for PNG, SVG and PDF.

Top to bottom: title; map (the view's extent, widened to the map box's shape,
never stretched; graticule on its edges, scale bar, and an inset of the South
Caucasus only when it shrinks to a few pixels); legend; small print (the date
and names shown, credits, projection, data version, the link that reopens the
view). On a page the map takes what the rest leaves; on a screen image the
sheet grows as tall as the map needs.

Labels come last, at their final pixel positions: the features' own names
first (in the view's naming), then reference places from the gazetteer; none
overlaps another label, a frame, the inset or the scale bar.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patheffects import Stroke
from matplotlib.transforms import Bbox
from pyproj import CRS

from corridors.data import gazetteer
from corridors.data.atlas import Atlas
from corridors.model.credits import credit_line
from corridors.model.describe import date_phrase, naming_phrase
from corridors.model.mapview import MapView
from corridors.model.names import display_name
from corridors.model.safe_text import xml_text
from corridors.model.selection import describe_selection, select
from corridors.printmap.figure import _draw_features, _draw_inset, connect_inset, detail_for, map_title
from corridors.printmap.focus import FOCUS_COLOUR, draw_focus
from corridors.printmap.frame import (
    SEA,
    Extent,
    _lonlat_bounds,
    _transformer,
    describe_projection,
    draw_basemap,
    draw_graticule,
    fit_extent,
    load_basemap,
    projection_for,
    scale_bar,
)
from corridors.printmap.labels import place_labels
from corridors.printmap.legend import draw_legends, legend_sections
from corridors.printmap.page import Sheet, sheet_for
from corridors.printmap.places import candidates, place_reference_labels
from corridors.printmap.style import INK, MUTED, PLAIN_TEXT, RC
from corridors.style.geometry import AREA, geometry_kind

LABEL_ROOM_IN = 0.42  # beside the map: parallels' labels; above and below: meridians'
TICK_ROOM_IN = 0.24
GAP_IN = 0.22
SMALL_PRINT_PT = 6.5
MIN_MAP_HEIGHT_IN = 1.5
SCREEN_ASPECT = (0.55, 1.25)  # a screen image's map: height / width, clamped by adding context
LAYOUT_DPI = 200  # corridors.printmap.page.DEFAULT_PNG_DPI
PLACES_LIMIT = 14  # reference places named on a map, at most


@dataclass
class Rendered:
    """A drawn map and what was drawn: for the manifest and the tests."""

    figure: Figure
    sheet: Sheet
    crs: CRS
    extent: Extent
    bounds: tuple[float, float, float, float]  # lon/lat box around the drawn extent
    features: gpd.GeoDataFrame
    title: str
    labels: list  # every name placed (features, areas, countries, reference places)
    inset: bool

    def describe(self) -> dict:
        return {
            **self.sheet.describe(),
            "bbox_drawn": [round(v, 4) for v in self.bounds],
            "projection": describe_projection(self.crs),
            "inset": self.inset,
        }


# ---------------------------------------------------------------- extent


def view_frame(view: MapView, features: gpd.GeoDataFrame) -> tuple[CRS, Extent]:
    """The projection fitted to the view and the extent that shows it (before the page widens it)."""
    bounds = view.bounds()
    if bounds is None:
        crs = projection_for(features.total_bounds)
        return crs, fit_extent(features.to_crs(crs).total_bounds)
    crs = projection_for(bounds)
    ring = shapely.segmentize(shapely.box(*bounds).exterior, max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / 64)
    xy = np.asarray(ring.coords)
    x, y = _transformer("EPSG:4326", crs).transform(xy[:, 0], xy[:, 1])
    return crs, Extent(float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y)))


def widen(extent: Extent, aspect: float) -> Extent:
    """``extent`` grown in one direction to ``aspect`` (height / width): more context, no stretching."""
    cx, cy = (extent.xmin + extent.xmax) / 2, (extent.ymin + extent.ymax) / 2
    half_w, half_h = extent.width / 2, extent.height / 2
    if half_h / half_w < aspect:
        half_h = half_w * aspect
    else:
        half_w = half_h / aspect
    return Extent(cx - half_w, cx + half_w, cy - half_h, cy + half_h)


# ---------------------------------------------------------------- text


def small_print(atlas: Atlas, view: MapView, features, crs: CRS, data_version: str | None,
                share_link: str | None, places_credit: str | None = None) -> list[str]:
    """The lines under the legend: what the map shows when and how, whose data, which projection."""
    shown = f"The atlas {date_phrase(view)}; {naming_phrase(view)}."
    lines = [shown[0].upper() + shown[1:]]
    credits = credit_line(atlas, features)
    if places_credit:
        # Before the closing "Corridor Atlas": the reference places' source is a credit like the boundaries'.
        head, sep, tail = credits.rpartition(" \u00b7 ")
        credits = f"{head}{sep}{places_credit}{sep}{tail}" if sep else f"{credits} \u00b7 {places_credit}"
    lines.append(credits + ".")
    lines.append(f"Projection: {describe_projection(crs)}.")
    if data_version:
        lines.append(f"Data version {data_version}" + (f" \u00b7 reopen this view: {share_link}" if share_link else ""))
    return lines


def _wrap_to(fig, text: str, width_in: float, size: float, weight: str = "normal") -> str:
    """``text`` wrapped at word breaks to ``width_in`` as the renderer measures it."""
    renderer = fig.canvas.get_renderer()
    probe = fig.text(0, 0, "", fontsize=size, fontweight=weight, **PLAIN_TEXT)
    out: list[str] = []
    for paragraph in text.split("\n"):
        words, line = paragraph.split(" "), ""
        for word in words:
            trial = f"{line} {word}".strip()
            probe.set_text(trial)
            if line and probe.get_window_extent(renderer).width / fig.dpi > width_in:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    probe.remove()
    return "\n".join(out)


def _height_in(fig, artist) -> float:
    return artist.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi


# ---------------------------------------------------------------- layout


@dataclass
class Layout:
    """Where the map and legend go on the sheet, in inches from the lower left."""

    fig_w: float
    fig_h: float
    map_box: tuple[float, float, float, float]  # x, y, width, height
    legend_box: tuple[float, float, float, float]

    @property
    def map_w(self) -> float:
        return self.map_box[2]

    @property
    def map_h(self) -> float:
        return self.map_box[3]

    def fraction(self, box) -> tuple[float, float, float, float]:
        x, y, w, h = box
        return (x / self.fig_w, y / self.fig_h, w / self.fig_w, max(h, 0.01) / self.fig_h)

    def scale(self, extent: Extent) -> float:
        """Paper inches per map unit at which the view's extent fits the map box."""
        return min(self.map_w / extent.width, self.map_h / extent.height)


def _legend_size(fig, legend_ax, sections, width_in: float) -> tuple[float, float]:
    """(width, height) in inches of the legend drawn ``width_in`` wide; drawn only to be measured."""
    renderer = fig.canvas.get_renderer()
    height = draw_legends(legend_ax, sections, width_in)
    widths = [a.get_window_extent(renderer).x1 for a in legend_ax.artists]
    left = legend_ax.get_window_extent(renderer).x0
    for artist in list(legend_ax.artists):
        artist.remove()
    return (max(widths, default=left) - left) / fig.dpi, height


def choose_layout(fig, sheet: Sheet, legend_ax, sections, title_h: float, credit_h: float,
                  extent: Extent) -> Layout:
    """The legend under the map, or (on a landscape page) beside it: whichever draws the view larger.

    A compact sheet (a phone) keeps the map's right and top edges unlabelled, so
    the map can use the width.
    """
    margin = sheet.margin_in
    room_right = 0.12 if sheet.compact else LABEL_ROOM_IN
    left = margin + LABEL_ROOM_IN
    map_w = sheet.width_in - left - margin - room_right
    top_pad = margin + title_h + TICK_ROOM_IN + GAP_IN / 2
    bottom_pad = margin + credit_h + GAP_IN
    legend_ax.set_position((left / sheet.width_in, 0.1, map_w / sheet.width_in, 0.5))
    _, below_h = _legend_size(fig, legend_ax, sections, map_w)
    options = []
    if sheet.height_in is None:
        aspect = min(max(extent.height / extent.width, SCREEN_ASPECT[0]), SCREEN_ASPECT[1])
        map_h = map_w * aspect
        fig_h = top_pad + map_h + TICK_ROOM_IN + GAP_IN + below_h + bottom_pad
        legend_y = bottom_pad
        return Layout(sheet.width_in, fig_h, (left, fig_h - top_pad - map_h, map_w, map_h),
                      (left, legend_y, map_w, below_h))
    fig_h = sheet.height_in
    map_h = fig_h - top_pad - TICK_ROOM_IN - GAP_IN - below_h - bottom_pad
    if map_h >= MIN_MAP_HEIGHT_IN:
        options.append(Layout(sheet.width_in, fig_h, (left, fig_h - top_pad - map_h, map_w, map_h),
                              (left, bottom_pad, map_w, below_h)))
    if sheet.orientation == "landscape":
        column_w, column_h = _legend_size(fig, legend_ax, sections, 0.01)  # one section per row: a column
        beside_w = map_w - column_w - 2 * GAP_IN
        beside_h = fig_h - top_pad - TICK_ROOM_IN - bottom_pad
        if column_h <= beside_h and beside_w > 0.5 * map_w:
            legend_x = left + beside_w + room_right + GAP_IN
            options.append(Layout(sheet.width_in, fig_h, (left, fig_h - top_pad - beside_h, beside_w, beside_h),
                                  (legend_x, fig_h - top_pad - column_h, column_w, column_h)))
    if not options:
        raise ValueError(f"the {sheet.page} {sheet.orientation} page has no room for the map beside its legend "
                         "and credits; try the other --orientation or a larger --page")
    return max(options, key=lambda layout: layout.scale(extent))


# ---------------------------------------------------------------- the map


def render_view(
    atlas: Atlas,
    view: MapView,
    fmt: str = "png",
    *,
    page: str | None = None,
    orientation: str | None = None,
    width_px: int | None = None,
    dpi: float | None = None,
    data_version: str | None = None,
    share_link: str | None = None,
) -> Rendered:
    """Draw ``view`` on its sheet. Call inside ``matplotlib.rc_context(RC)`` (``export_view`` does)."""
    features = select(atlas.features, view.selection())
    bounds = view.bounds()
    if bounds is not None:
        features = features[features.intersects(shapely.box(*bounds))]
    if features.empty:
        where = "" if bounds is None else f" within {', '.join(f'{v:.2f}' for v in bounds)}"
        raise ValueError(f"nothing was selected: no feature matches {describe_selection(view.selection())}{where}")
    crs, extent = view_frame(view, features)
    sheet = sheet_for(fmt, page, orientation, width_px, dpi, aspect=extent.height / extent.width)

    # A PNG is laid out at its own resolution: hinted text at 100 dpi runs ~5% wider than at 200, enough
    # to push a line of small print off a phone-width image. SVG and PDF are laid out at the default PNG's
    # resolution, so a vector file and the default PNG place the same labels.
    layout_dpi = sheet.dpi if sheet.raster else LAYOUT_DPI
    fig = Figure(figsize=(sheet.width_in, sheet.height_in or 8.0), dpi=layout_dpi, facecolor="white")
    FigureCanvasAgg(fig)
    text_w = sheet.width_in - 2 * sheet.margin_in
    title = xml_text(view.title or map_title(features, view.selection()))  # SVG keeps it as text: legal XML only
    title_pt = 11.0 if sheet.compact else 14.0
    title_text = fig.text(0, 1, _wrap_to(fig, title, text_w, title_pt, "bold"), ha="left", va="top",
                          fontsize=title_pt, fontweight="bold", color=INK, gid="map-title", **PLAIN_TEXT)
    # GeoNames asks for credit on a map naming its places (CC BY 4.0); a view with none to name needs none.
    places_credit = gazetteer.CREDIT if candidates(_lonlat_bounds(extent, crs), 1) else None
    lines = small_print(atlas, view, features, crs, data_version, share_link, places_credit)
    credits = fig.text(0, 0, _wrap_to(fig, xml_text("\n".join(lines)), text_w, SMALL_PRINT_PT), ha="left",
                       va="bottom", fontsize=SMALL_PRINT_PT, color=MUTED, linespacing=1.4, gid="small-print",
                       **PLAIN_TEXT)

    sections = legend_sections(features)
    # As on the web map: a feature is highlighted where it is drawn (not, say, before the date it holds from).
    focus = [fid for fid in view.focus if fid in features.index]
    if focus:
        names = [display_name(atlas.feature(fid), view.naming) for fid in focus]
        sections.append(("Highlighted", [Line2D([], [], color=FOCUS_COLOUR, linewidth=6, alpha=0.85)],
                         [textwrap.shorten(", ".join(names), 60, placeholder=" \u2026")]))
    # A legend entry longer than a narrow sheet is wide wraps (7.5 pt DejaVu: ~0.057 in a character).
    chars = max(24, int((sheet.width_in - 2 * (sheet.margin_in + LABEL_ROOM_IN) - 0.5) / 0.057))
    sections = [(heading, handles, ["\n".join(textwrap.wrap(text, chars)) or text for text in labels])
                for heading, handles, labels in sections]
    ax = fig.add_axes((0, 0, 1, 1))
    legend_ax = fig.add_axes((0, 0, 1, 1))
    legend_ax.set_axis_off()
    layout = choose_layout(fig, sheet, legend_ax, sections, _height_in(fig, title_text), _height_in(fig, credits),
                           extent)
    extent = widen(extent, layout.map_h / layout.map_w)
    fig.set_size_inches(sheet.width_in, layout.fig_h)
    ax.set_position(layout.fraction(layout.map_box))
    legend_ax.set_position(layout.fraction(layout.legend_box))
    title_text.set_position((sheet.margin_in / sheet.width_in, 1 - sheet.margin_in / layout.fig_h))
    credits.set_position((sheet.margin_in / sheet.width_in, sheet.margin_in / layout.fig_h))
    draw_legends(legend_ax, sections, layout.legend_box[2])
    for n, legend in enumerate(legend_ax.artists):
        legend.set_gid(f"legend-{n}")
    map_w, map_h = layout.map_w, layout.map_h

    ax.set_facecolor(SEA)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.patch.set_gid("map-frame")
    for spine in ax.spines.values():
        spine.set(linewidth=0.6, color=MUTED)
    basemap = load_basemap(atlas)
    countries = draw_basemap(ax, basemap, crs, extent)
    draw_graticule(ax, crs, extent)
    _tidy_graticule_labels(ax, sheet.compact)
    named = features.assign(name=[display_name(row, view.naming) for _, row in features.iterrows()])
    draw_focus(ax, atlas.features.loc[focus], crs)
    projected = _draw_features(ax, named, crs)

    detail = detail_for(named, crs, extent)
    inset, corner, inset_countries = (
        _draw_inset(ax, named, projected, basemap, extent, detail, (map_w, map_h)) if detail else (None,) * 3
    )
    renderer = fig.canvas.get_renderer()
    taken = [scale_bar(ax, crs, extent, "lower right" if corner == "lower left" else "lower left")]
    skip = None
    labels: list = []
    if inset is not None:
        draw_focus(inset, atlas.features.loc[focus], detail.crs)
        inset_taken = [scale_bar(inset, detail.crs, detail.extent, "lower right", fraction=0.3)]
        inset_taken += [t.get_window_extent(renderer) for t in inset.texts if t.get_gid() == "inset-title"]
        taken.append(inset.get_tightbbox(renderer))
        taken.append(_display_box(ax, detail.outline.bounds))
        skip = detail.outline
        shown = named[named.to_crs(detail.crs).intersects(detail.extent.box())].to_crs(detail.crs)
        labels += label_map(inset, atlas, detail.crs, detail.extent, view.naming, shown, inset_taken,
                            countries=inset_countries, limit=8)
    labels += label_map(ax, atlas, crs, extent, view.naming, projected, taken, skip=skip, countries=countries)
    if inset is not None:
        connect_inset(ax, inset, detail.outline, [label.get_window_extent(renderer) for label in labels])
    for n, label in enumerate(labels):
        label.set_gid(f"label-{n}")
        _split_halo(label)
    return Rendered(fig, sheet, crs, extent, _lonlat_bounds(extent, crs), features, title, labels,
                    inset is not None)


def label_map(ax, atlas, crs, extent, naming, projected, taken, skip=None, countries=None,
              limit: int = PLACES_LIMIT) -> list:
    """Names in order of importance, each where it collides with nothing placed before it.

    The features' own names first (points and lines, then areas); then the capitals
    and the places the features' own texts name (Stepanakert on a Karabakh map);
    then the countries; then other reference places and pointers to capitals off the map.
    """
    areas = projected.geometry.map(geometry_kind) == AREA
    labels = place_labels(ax, projected[~areas], taken, skip=skip)
    labels += place_labels(ax, projected[areas], taken, skip=skip)
    done: dict = {}
    labels += place_reference_labels(ax, atlas, crs, extent, naming, projected, taken, skip=skip, limit=limit,
                                     priority_only=True, done=done)
    labels += place_labels(ax, projected.iloc[0:0], taken, skip=skip, countries=countries)
    labels += place_reference_labels(ax, atlas, crs, extent, naming, projected, taken, skip=skip, limit=limit,
                                     done=done)
    return labels


def _tidy_graticule_labels(ax, compact: bool) -> None:
    """Drop meridian labels that would run into each other on a narrow map; on a phone, label two edges only."""
    secondaries = [child for child in ax.child_axes if type(child).__name__ == "SecondaryAxis"]
    if compact:
        for child in secondaries:
            child.set_visible(False)
        secondaries = []
    renderer = ax.figure.canvas.get_renderer()
    probe = ax.figure.text(0, 0, "", fontsize=7)
    for owner in [ax, *secondaries]:
        axis = owner.xaxis
        locs, texts = list(axis.get_ticklocs()), [t.get_text() for t in axis.get_majorticklabels()]
        kept: list[tuple[float, str, float, float]] = []  # loc, text, display x, half width
        for loc, text in sorted(zip(locs, texts, strict=True)):
            probe.set_text(text)
            half = probe.get_window_extent(renderer).width / 2 + 3
            x = ax.transData.transform((loc, 0))[0]
            if kept and x - kept[-1][2] < kept[-1][3] + half:
                continue
            kept.append((loc, text, x, half))
        if len(kept) < len(locs):
            axis.set_ticks([k[0] for k in kept], [k[1] for k in kept])
    probe.remove()


def _display_box(ax, bounds) -> Bbox:
    minx, miny, maxx, maxy = bounds
    return Bbox(ax.transData.transform([(minx, miny), (maxx, maxy)]))


def _split_halo(label) -> None:
    """Draw a label's white halo as a separate artist under it, and the label itself as plain text.

    With a path effect, matplotlib writes the whole label as outlines in SVG and
    PDF; split this way the name stays text: searchable, selectable, editable.
    """
    effects = label.get_path_effects()
    if not effects:
        return
    halo = label.axes.annotate(
        label.get_text(), label.xy, xytext=label.xyann, textcoords=label.anncoords, xycoords=label.xycoords,
        ha=label.get_horizontalalignment(), va=label.get_verticalalignment(), fontproperties=label.get_fontproperties(),
        color="white", zorder=label.get_zorder() - 0.01, gid=f"halo-{label.get_gid()}",
        parse_math=label.get_parse_math(),  # a name with "$" stays plain text in its halo too
        path_effects=[Stroke(linewidth=2.4, foreground="white", alpha=0.9)],
    )
    halo.set_clip_on(label.get_clip_on())
    label.set_path_effects([])


# ---------------------------------------------------------------- files


def export_view(
    atlas: Atlas,
    view: MapView,
    out: Path | str,
    fmt: str | None = None,
    *,
    page: str | None = None,
    orientation: str | None = None,
    width_px: int | None = None,
    dpi: float | None = None,
    data_version: str | None = None,
    share_link: str | None = None,
    metadata_for=None,
) -> Rendered:
    """Draw ``view`` and save it to ``out`` as PNG, SVG or PDF; return what was drawn.

    ``metadata_for(rendered)`` returns the ``(info, manifest_json)`` the file
    carries (``corridors.printmap.save``): the export stage builds the manifest,
    which needs to know what was drawn.
    """
    from corridors.printmap.save import save_figure

    out = Path(out)
    key = (fmt or out.suffix).lower().lstrip(".")
    with matplotlib.rc_context(RC):
        rendered = render_view(atlas, view, key, page=page, orientation=orientation, width_px=width_px, dpi=dpi,
                               data_version=data_version, share_link=share_link)
        info, manifest = metadata_for(rendered) if metadata_for else ({"Title": rendered.title}, None)
        save_figure(rendered.figure, out, key, rendered.sheet.dpi, info, manifest)
    return rendered
