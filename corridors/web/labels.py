"""What the interactive map may name: label candidates from the atlas and the gazetteer.

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
``corridor``  the corridor it belongs to, whose layer it hides with (None: reference places)
``rank``      placement order, lowest first: lower-ranked labels give way
``minZoom``   shown from this zoom on (``maxZoom`` up to, when present)
``at``        candidate anchors ``[lat, lon]``, the preferred first
``anchor``    ``point`` (beside a symbol, one of eight positions), ``dot`` (the same
              beside a small dot the placer draws: reference places), ``line`` (on a
              line, or just above or below it), ``area`` (centred, else beside its
              centre, as a point: a small area at a small scale) or ``center``
              (centred: open water, a region)
``colour``    text colour from the vocabulary's palette (never from data)

``corridors.web.label_layer`` takes the list to the page as data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
import shapely

from corridors.data import gazetteer as gz
from corridors.model.names import ARTICLE, display_name, route_label, short_name
from corridors.model.search import atlas_name_index, is_atlas_place
from corridors.vocabulary import CORRIDORS, NAMINGS

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


def short_label(name: str) -> str:
    """A name as a map label: ``corridors.model.names.short_name`` ("Ust-Kut (Lena station)" is "Ust-Kut")."""
    return short_name(name)


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
            f"route:{corridor}:{route}", f"{short} {route_label(route)} route", "route", corridor, RANK_ROUTE, 5,
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


# --------------------------------------------------------------------------- reference places

# How far round the atlas the map may show reference places, in degrees (west/east, south/north):
# enough for every view the map opens on, not the whole gazetteer.
REFERENCE_MARGIN = (25.0, 12.0)
REFERENCE_LIMIT = 140  # the gazetteer's first places there, by its label priority
LOCAL_LIMIT = 120  # and the largest towns near the atlas's own features
LOCAL_DEGREES = 1.2  # "near": within about 100 km
LOCAL_MIN_POPULATION = 15_000
CROWDING_KM = 8  # a reference place this close to an atlas point would only crowd its label


def reference_candidates(features: pd.DataFrame, naming: str = ARTICLE,
                         gazetteer: gz.Gazetteer | None = None) -> list[dict]:
    """Reference places for orientation, from the offline gazetteer (``corridors.data.gazetteer``).

    Around the atlas's features: capitals, seas, lakes and regions, and the
    largest cities (the gazetteer's own label priority); near the features, the
    towns a reader zooming in needs (Goris, Kapan, Lankaran). A reference place
    that *is* an atlas feature (same name key, close by) is left to the atlas's
    own label. Maps showing these must credit ``gazetteer.credit``.
    """
    if naming not in NAMINGS:
        raise ValueError(f"unknown naming {naming!r}; choose from {sorted(NAMINGS)}")
    gazetteer = gazetteer or gz.load_gazetteer()
    geometries = [g for g in features.geometry if g is not None and not g.is_empty]
    if not geometries:
        return []
    west, south, east, north = shapely.total_bounds(geometries)
    dx, dy = REFERENCE_MARGIN
    around = (max(west - dx, -180.0), max(south - dy, -90.0), min(east + dx, 180.0), min(north + dy, 90.0))
    chosen = {p.id: p for p in gazetteer.label_candidates(around, REFERENCE_LIMIT)}
    towns = [
        p for p in gazetteer.places_in_bbox(
            max(west - LOCAL_DEGREES, -180.0), max(south - LOCAL_DEGREES, -90.0),
            min(east + LOCAL_DEGREES, 180.0), min(north + LOCAL_DEGREES, 90.0), LOCAL_MIN_POPULATION)
        if p.kind == "place"
    ]
    # A tree of the features, not their union: one dwithin against a union of thousands of copies
    # made an export's time grow with the square of the atlas (issue 11).
    if towns:
        close, _ = shapely.STRtree(geometries).query(
            shapely.points([(p.lon, p.lat) for p in towns]), predicate="dwithin", distance=LOCAL_DEGREES)
        near = [towns[i] for i in sorted(set(close.tolist()))]
    else:
        near = []
    for place in sorted(near, key=lambda p: p.label_priority)[:LOCAL_LIMIT]:
        chosen.setdefault(place.id, place)
    atlas_names = atlas_name_index(features)
    crowded = _crowding_check([(g.y, g.x) for geom in geometries for g in shapely.get_parts(geom)
                               if g.geom_type == "Point"])
    out = []
    for order, place in enumerate(sorted(chosen.values(), key=lambda p: p.label_priority)):
        if is_atlas_place(place, index=atlas_names) or crowded(place.lat, place.lon):
            continue
        kind, rank, min_zoom, max_zoom = _reference_style(place)
        out.append(_candidate(
            f"ref:{place.id}", gz.display_name(place, naming), kind, None, rank, min_zoom,
            _reference_anchors(place), "dot" if kind in ("capital", "city") else "center",
            weight=-order, max_zoom=max_zoom,
        ))
    return sorted(out, key=lambda c: (c["rank"], -c.pop("_weight", 0), c["id"]))


def _crowding_check(points: list[tuple[float, float]]):
    """A test "is (lat, lon) within ``CROWDING_KM`` of one of ``points``?", the distances taken at once
    with numpy (``gazetteer.haversine_km``'s formula): a loop over every atlas point for every place
    was most of an export's time at a hundred times the atlas."""
    if not points:
        return lambda lat, lon: False
    lats, lons = np.radians(np.array(points, dtype=float)).T
    cos_lats = np.cos(lats)

    def crowded(lat: float, lon: float) -> bool:
        p = math.radians(lat)
        a = np.sin((lats - p) / 2) ** 2 + math.cos(p) * cos_lats * np.sin((lons - math.radians(lon)) / 2) ** 2
        return bool((2 * gz.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0))) < CROWDING_KM).any())

    return crowded


def _reference_anchors(place: gz.Place) -> list[list[float]]:
    """Where a reference label may sit: its point; for a sea or lake also points around it, within the
    distance its label point is known to (``accuracy_km``), so a name can move off a crowded middle
    (the Caspian's, full of sea lanes and ports) and still stand on the water."""
    anchors = [[round(place.lat, 4), round(place.lon, 4)]]
    if place.kind in ("sea", "lake") and place.accuracy_km:
        for share in (0.5, 1.0):
            dlat = share * place.accuracy_km / 111.0
            dlon = dlat / max(math.cos(math.radians(place.lat)), 0.2)
            anchors += [[round(place.lat + dy, 4), round(place.lon + dx, 4)]
                        for dy, dx in ((dlat, 0), (-dlat, 0), (0, dlon), (0, -dlon))]
    return anchors


def _reference_style(place: gz.Place) -> tuple[str, int, float, float | None]:
    """(kind, rank, min zoom, max zoom) of a reference place's label."""
    if place.kind in ("sea", "lake", "region"):
        rank = {1: RANK_SEA, 2: RANK_SEA + 2}.get(place.label_rank, RANK_SEA + 4)
        min_zoom = {1: 0, 2: 4}.get(place.label_rank, 6)
        # A region's name spans the region: close in, it would label one valley.
        return place.kind, rank, min_zoom, 8 if place.kind == "region" else None
    population = place.population or 0
    if place.capital:
        # Tórshavn or Saipan would crowd a continent's view; they appear closer in.
        return "capital", RANK_CAPITAL, 2 if population >= 1_000_000 else 3 if population >= 200_000 else 5, None
    if population >= 1_000_000:
        return "city", RANK_CITY, 4, None
    if population >= 100_000:
        return "city", RANK_CITY + 2, 6, None
    return "city", RANK_CITY + 4, 7, None


def map_candidates(features: pd.DataFrame, naming: str = ARTICLE, *, reference: bool = True) -> list[dict]:
    """Everything a map of ``features`` may label, in placement order: the atlas's labels, then
    (``reference``) the gazetteer's, merged by rank."""
    out = atlas_candidates(features, naming)
    if reference:
        out = out + reference_candidates(features, naming)
    return sorted(out, key=lambda c: c["rank"])  # stable: each list keeps its own order within a rank


def naming_candidates(features: pd.DataFrame, namings: Iterable[str] = NAMINGS, *, reference: bool = True,
                      candidates=map_candidates) -> list[dict]:
    """``candidates(features, ARTICLE)`` (``map_candidates`` by default), each carrying ``texts`` (naming ->
    text) where another naming names it otherwise: the placer swaps them in the browser when the naming
    changes (issue 11), with no new list from Python."""
    kwargs = {"reference": reference} if candidates is map_candidates else {}
    base = candidates(features, ARTICLE, **kwargs)
    by_id = {c["id"]: c for c in base}
    for naming in namings:
        if naming == ARTICLE:
            continue
        for other in candidates(features, naming, **kwargs):
            own = by_id.get(other["id"])
            if own is not None and other["text"] != own["text"]:
                own.setdefault("texts", {})[naming] = other["text"]
    return base
