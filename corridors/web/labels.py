"""Text on the interactive map: label candidates, and the element that places them.

The map places labels in the browser (``corridors/web/js/labels.js``), because
only the browser knows the view and how wide a text is. This module decides
*what* could be labelled and in which order; the placer decides *where*, by
priority, skipping any label whose box would overlap a label already placed, a
point symbol or a control (issue 8).

A candidate is plain JSON-ready data:

``id``        stable key (``corridor:BAM``, ``feature:bam-tynda``, ``ref:caspian-sea``)
``text``      the label, in the chosen naming (``corridors.model.names``), falling back
``kind``      ``corridor``, ``route``, ``area`` (the corridors' own labels), ``place``
              (an atlas point), ``sea``, ``region``, ``capital``, ``city`` (reference)
``corridor``  the corridor it belongs to (None for reference places)
``layer``     the layer-control name whose visibility it follows (None: always)
``rank``      placement order, lowest first: lower-ranked labels give way
``minZoom``   shown from this zoom on (``maxZoom`` up to, when present)
``at``        candidate anchors ``[lat, lon]``, the preferred first
``anchor``    ``point`` (beside a symbol, one of eight positions), ``line`` (on a
              line, or just above or below it), ``area`` (centred, else beside its
              centre, as a point: a small area at a small scale) or ``center``
              (centred: open water, a region)
``colour``    text colour from the vocabulary's palette (never from data)

The list leaves Python as JSON inside a ``<script type="application/json">``
element (``<``, ``>``, ``&`` and the JS line separators escaped) and the text
reaches the page through ``textContent`` only, so a name from data can never
become markup or script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from corridors.model.names import ARTICLE, display_name
from corridors.vocabulary import CORRIDORS, NAMINGS

JS_FILE = Path(__file__).with_name("js") / "labels.js"

# Placement order (lower first). The corridors' own labels come first: they are
# what the map is about; then the atlas's places (the story), then reference
# places for orientation. Within a tier, features cited more often come first.
RANK_CORRIDOR = 0
RANK_AREA = 5
RANK_SEA = 10  # reference seas and regions: orientation at every scale
RANK_PLACE = 20
RANK_CAPITAL = 30
RANK_ROUTE = 40  # "INSTC western route": once zoomed in enough to tell the routes apart
RANK_MINOR = 50  # crossings, checkpoints, deployments
RANK_CITY = 60

# Kinds of atlas points and the zoom from which they compete for a label.
_POINT_MIN_ZOOM = {"border_crossing": 5, "checkpoint": 6, "presence": 6}
_MINOR_KINDS = frozenset(_POINT_MIN_ZOOM)
# Features whose story is told by the popup, not a name on the map.
_UNLABELLED_KINDS = frozenset({"event"})
_LINE_KINDS = frozenset({"route", "segment", "sea_route"})
# Where along a line its label may sit, preferred first (fractions of its length).
_LINE_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def short_label(name: str) -> str:
    """A name as a map label: without a trailing explanatory parenthesis.

    "Ust-Kut (Lena station)" is labelled "Ust-Kut"; the popup keeps the full name.
    A name that is only a parenthesis is kept as it is.
    """
    short = _TRAILING_NOTE.sub("", name).strip()
    return short or name.strip()


def corridor_label_text(corridor: str, rows: pd.DataFrame, naming: str = ARTICLE) -> str:
    """The corridor's own label in ``naming``.

    The vocabulary's short name ("INSTC", "BAM", "Zangezur corridor"), unless the
    corridor's lines carry a name in the chosen language: then the one most of
    them share (the shortest on a tie: "БАМ" over "Байкало-Амурская магистраль").
    """
    if naming not in NAMINGS:
        raise ValueError(f"unknown naming {naming!r}; choose from {sorted(NAMINGS)}")
    default = CORRIDORS[corridor].layer_label
    if naming == ARTICLE:
        return default
    counts: dict[str, int] = {}
    for alt_names in rows["alt_names"]:
        for name in {a["name"] for a in alt_names or [] if _in_language(a["lang"], naming)}:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return default
    return min(counts, key=lambda n: (-counts[n], len(n), n))


def _in_language(lang: str, naming: str) -> bool:
    return lang == naming or lang.startswith(naming + "-")


def _latlon(point) -> list[float]:
    return [round(point.y, 5), round(point.x, 5)]


def line_anchors(geometries: Iterable, fractions: Iterable[float] = _LINE_FRACTIONS) -> list[list[float]]:
    """Points along lines where a label may sit: the longest line first, at each fraction."""
    lines = []
    for geometry in geometries:
        lines.extend(g for g in shapely.get_parts(geometry) if g.geom_type == "LineString")
    lines.sort(key=lambda g: -g.length)
    fractions = tuple(fractions)
    return [_latlon(line.interpolate(f, normalized=True)) for line in lines for f in fractions]


def _citation_count(row) -> int:
    citations = row["citations"]
    return len(citations) if isinstance(citations, list) else 0


def atlas_candidates(features: pd.DataFrame, naming: str = ARTICLE) -> list[dict]:
    """Label candidates for the atlas's own features (``features`` as selected), ordered by rank.

    Each corridor gets one label of its own: its name on its lines, or, for a
    corridor drawn around an area (the Karabakh conflict), the area's name in it.
    The smallest corridor is labelled first: a long line has room for its label
    almost anywhere along it, a short one only where it is.
    """
    out: list[dict] = []
    named_by_corridor: set[str] = set()  # features whose name is their corridor's label
    for corridor in CORRIDORS:
        rows = features[features["corridor"] == corridor]
        if rows.empty:
            continue
        areas = rows[(rows["kind"] == "area") & rows.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
        lines = rows[rows["kind"].isin(_LINE_KINDS)]
        if not areas.empty:
            fid, area = next(iter(areas.iterrows()))
            out.append(_candidate(
                f"corridor:{corridor}", short_label(display_name(area, naming)), "area", corridor,
                RANK_CORRIDOR, 0, [_latlon(area.geometry.representative_point())], "area", feature=fid,
                weight=-_extent(rows.geometry),
            ))
            named_by_corridor.add(fid)
        elif not lines.empty:
            out.append(_candidate(
                f"corridor:{corridor}", corridor_label_text(corridor, lines, naming), "corridor", corridor,
                RANK_CORRIDOR, 0, line_anchors(lines.geometry), "line", weight=-_extent(rows.geometry),
            ))
            out.extend(_route_candidates(corridor, lines))
            named_by_corridor.update(lines.index[~lines["missing_link"].astype(bool)])
    for fid, row in features.iterrows():
        if fid in named_by_corridor:
            continue
        candidate = _feature_candidate(fid, row, naming)
        if candidate is not None:
            out.append(candidate)
    return sorted(out, key=lambda c: (c["rank"], -c.pop("_weight", 0), c["text"], c["id"]))


def _extent(geometries) -> float:
    """A shape's size in degrees (its bounding box's diagonal)."""
    west, south, east, north = shapely.total_bounds(list(geometries))
    return float(((east - west) ** 2 + (north - south) ** 2) ** 0.5)


def _route_candidates(corridor: str, lines: pd.DataFrame) -> list[dict]:
    """One label per named route of a corridor with several (INSTC's western, Caspian, eastern routes)."""
    routes = lines["route"].dropna()
    if routes.nunique() < 2:
        return []
    short = CORRIDORS[corridor].layer_label
    return [
        _candidate(
            f"route:{corridor}:{route}", f"{short} {route} route", "route", corridor, RANK_ROUTE, 5,
            line_anchors(lines.loc[routes.index[routes == route]].geometry, (0.5, 0.3, 0.7)), "line",
        )
        for route in sorted(routes.unique())
    ]


def _feature_candidate(fid: str, row, naming: str) -> dict | None:
    """A feature's own label, unless its kind is told by the popup alone (events)."""
    kind = row["kind"]
    geometry = row.geometry
    if kind in _UNLABELLED_KINDS or geometry is None or geometry.is_empty:
        return None
    text = short_label(display_name(row, naming))
    corridor = row["corridor"]
    weight = _citation_count(row)
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        anchors = [_latlon(geometry.representative_point())]
        return _candidate(f"feature:{fid}", text, "area", corridor, RANK_AREA, 0, anchors, "area",
                          feature=fid, weight=weight)
    if geometry.geom_type in ("LineString", "MultiLineString"):
        # A line not labelled as its corridor (the Lachin corridor, the Astara-Rasht missing link).
        return _candidate(f"feature:{fid}", text, "line", corridor, RANK_MINOR, 5,
                          line_anchors([geometry], (0.5, 0.3, 0.7)), "line", feature=fid, weight=weight)
    points = [g for g in shapely.get_parts(geometry) if g.geom_type == "Point"]
    if not points:
        return None
    rank = RANK_MINOR if kind in _MINOR_KINDS else RANK_PLACE
    return _candidate(f"feature:{fid}", text, "place", corridor, rank, _POINT_MIN_ZOOM.get(kind, 0),
                      [_latlon(p) for p in points], "point", feature=fid, weight=weight)


def _candidate(cid: str, text: str, kind: str, corridor: str | None, rank: int, min_zoom: float,
               at: list[list[float]], anchor: str, *, feature: str | None = None, weight: float = 0,
               max_zoom: float | None = None, colour: str | None = None) -> dict:
    spec = CORRIDORS.get(corridor) if corridor else None
    candidate = {
        "id": cid,
        "text": str(text),
        "kind": kind,
        "corridor": corridor,
        "layer": spec.layer_label if spec else None,
        "rank": rank,
        "minZoom": min_zoom,
        "at": at,
        "anchor": anchor,
        # Corridor names take the corridor's colour; places stay dark for contrast.
        "colour": colour or (spec.colour if spec and kind in ("corridor", "route", "area", "line") else None),
        "_weight": weight,
    }
    if max_zoom is not None:
        candidate["maxZoom"] = max_zoom
    if feature is not None:
        candidate["feature"] = feature
    return candidate


# --------------------------------------------------------------------------- to the page


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element and as a JavaScript literal.

    ``<`` (so no ``</script>`` or ``<!--``), ``>`` and ``&`` become ``\\u`` escapes, as do
    U+2028/U+2029 (line terminators in older JavaScript); JSON.parse reads them back.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=1)
def placer_js() -> str:
    """The label placer's source (``corridors/web/js/labels.js``)."""
    return JS_FILE.read_text(encoding="utf-8")


LABEL_CSS = """
.leaflet-ca-labels-pane{pointer-events:none}
.ca-label{position:absolute;left:0;top:0;white-space:nowrap;pointer-events:none;
  font:600 12px/1.15 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#222;
  text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,1px 1px 0 #fff,-1px -1px 0 #fff,1px -1px 0 #fff,-1px 1px 0 #fff}
.ca-label-corridor{font-size:14px;font-weight:700;letter-spacing:.01em}
.ca-label-area{font-size:13px;font-weight:700;font-style:italic}
.ca-label-route,.ca-label-line{font-size:11.5px;font-style:italic}
.ca-label-place{font-weight:600}
.ca-label-capital{font-weight:600;color:#333}
.ca-label-city{font-weight:400;color:#444;font-size:11px}
.ca-label-sea{font-style:italic;font-weight:400;color:#2c6e8f;letter-spacing:.06em}
.ca-label-region{font-weight:600;color:#6b6259;font-size:11px;text-transform:uppercase;letter-spacing:.12em}
"""


class LabelLayer(MacroElement):
    """The labels of one Leaflet map: the placer, and the candidates as a JSON data element.

    ``layers`` maps layer-control names to their folium groups, so a label hides
    with its layer. The data element's id is derived from the map's, so several
    maps on one page (the detail inset) keep their own lists; the second map
    passes ``include_placer=False`` to reuse the first one's code.
    ``candidates=None`` adds only the placer: the app sends its labels later,
    with its layers (``label_script``).

    The placer travels in the element's *script* (run by the map's own script):
    streamlit-folium never runs ``<script>`` blocks of the page header.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        {% if this.candidates is not none %}
        <script type="application/json" id="{{ this.data_id }}">{{ this.data_json }}</script>
        {% endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {% if this.include_placer %}{{ this.js }}{% endif %}
        {% if this.candidates is not none %}
        window.CorridorLabels.attach({{ this._parent.get_name() }},
          JSON.parse(document.getElementById({{ this.data_id|tojson }}).textContent),
          {layers: {{ this.layer_vars }}});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, candidates: list[dict] | None, layers: Mapping | None = None, *,
                 include_placer: bool = True):
        super().__init__()
        self._name = "LabelLayer"
        self.candidates = candidates
        self.layers = dict(layers or {})
        self.include_placer = include_placer
        self.css = LABEL_CSS
        self.js = placer_js()

    @property
    def data_id(self) -> str:
        return f"ca-labels-{self._parent.get_name()}"

    @property
    def data_json(self) -> str:
        return script_json(self.candidates)

    @property
    def layer_vars(self) -> str:
        # Layer names are ours (the vocabulary); JSON-encode them as object keys.
        pairs = ", ".join(f"{json.dumps(name)}: {group.get_name()}" for name, group in self.layers.items())
        return "{" + pairs + "}"


def label_script(candidates: list[dict], map_var: str = "map_div") -> str:
    """JavaScript that (re)labels a live map: for the app, which adds layers after the map loads."""
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", map_var):
        raise ValueError(f"not a JavaScript variable name: {map_var!r}")
    return f"window.CorridorLabels && window.CorridorLabels.attach({map_var}, {script_json(candidates)}, {{}});\n"
