"""One map view for every export: where the map looks, what it shows, how it names places.

A ``MapView`` is what a reader sees on screen, and what every export of it
reproduces (HTML, PNG, SVG, PDF, GeoJSON, GeoPackage, KML, CSV):

==============  =============================================  ==========================
field           meaning                                        query parameter (app link)
==============  =============================================  ==========================
``centre``      centre and zoom (a ``View``)                   ``view=40.41,49.87,6``
``bbox``        or a box west, south, east, north (degrees)    ``bbox=44,38.5,48,41``
``layers``      corridors shown (None: all; group names expand) ``layers=INSTC,Karabakh``
``statuses``    only these statuses (None: "not given")        ``status=planned,none``
``modes``       only these modes (None: points and areas)      ``mode=rail``
``as_of``       the atlas as the sources describe it then      ``as_of=2022-01``
``sources``     only what these sources support                ``sources=a-source-id``
``known_by``    only what sources published by then say        ``known_by=2024-05``
``naming``      names of contested places                      ``names=hy``
``focus``       highlighted features                           ``feature=zangezur-meghri``
``basemap``     basemap key                                    ``basemap=offline``
``title``       title of the exported map (None: generated)    ``title=...``
==============  =============================================  ==========================

The query parameters are the app's share-link parameters (``corridors.app.state``
builds on the parsers here), so a link copied from the app opens the same view in
``python -m corridors export --share-link URL``, and the manifest of every export
carries a link that reopens it in the app.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from corridors import vocabulary
from corridors.model.selection import Selection
from corridors.model.timeline import check_date
from corridors.model.view import View
from corridors.vocabulary import ARTICLE, BASEMAPS, CORRIDOR_KEYS, LAYER_GROUP_KEYS, NAMINGS, OFFLINE

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_VIEWPORT",
    "NONE_TOKEN",
    "MapView",
    "format_view",
    "normalize_layers",
    "parse_bbox",
    "parse_nullable",
    "parse_view",
    "split_csv",
    "view_bounds",
    "view_features",
]

DEFAULT_BASE_URL = "http://localhost:8501/"
NONE_TOKEN = "none"  # a status or mode the sources do not give, in links and on the command line
STATUSES: tuple[str, ...] = tuple(vocabulary.STATUSES)
MODES: tuple[str, ...] = tuple(vocabulary.MODES)

# A centre and zoom mean an extent only on a screen of some size: the app's map
# (620 px high, about 800 px wide in the wide layout). An export of a centre-and-zoom
# view shows what that map shows; a bbox view says the extent exactly.
DEFAULT_VIEWPORT = (800, 620)
TILE_PX = 256  # Web Mercator: the world is 256 * 2**zoom pixels wide
MERCATOR_MAX_LAT = 85.0511

# 4 decimals of a degree is ~10 m, finer than any zoom the app offers.
_DECIMALS = 4


# --------------------------------------------------------------------------- parsing pieces


def split_csv(text: str) -> list[str]:
    return [part.strip() for part in str(text).split(",") if part.strip()]


_MAX_NUMBERS_CHARS = 200  # four numbers with every decimal a double holds take under 100


def _numbers(text: str, count: int, what: str, example: str) -> list[float]:
    text = str(text)
    shown = repr(text if len(text) <= 40 else text[:40] + "\u2026")  # a 40 KB value must not fill a message
    parts = text.split(",", count) if len(text) <= _MAX_NUMBERS_CHARS else []
    if len(parts) != count:
        raise ValueError(f"{what} must be {example}, got {shown}")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"{what} must be {count} numbers {example}, got {shown}") from None
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"{what} must be finite numbers {example}, got {shown}")
    return values


def format_view(view: View) -> str:
    return f"{view.lat:.{_DECIMALS}f},{view.lon:.{_DECIMALS}f},{view.zoom}"


def parse_view(text: str) -> View:
    """``lat,lon,zoom`` -> ``View``; raises ``ValueError`` naming the bad text."""
    lat, lon, zoom = _numbers(text, 3, "view", "lat,lon,zoom")
    return View(round(lat, _DECIMALS), round(lon, _DECIMALS), round(zoom))


def check_bbox(bbox: Iterable[float]) -> tuple[float, float, float, float]:
    values = tuple(float(v) for v in bbox)
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValueError(f"bbox must be four finite numbers west,south,east,north, got {values!r}")
    west, south, east, north = values
    if not (-180 <= west < east <= 180):
        raise ValueError(f"bbox longitudes must satisfy -180 <= west < east <= 180, got west {west}, east {east}")
    if not (-90 <= south < north <= 90):
        raise ValueError(f"bbox latitudes must satisfy -90 <= south < north <= 90, got south {south}, north {north}")
    return values


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees; raises ``ValueError`` naming the bad text."""
    return check_bbox(round(v, _DECIMALS) for v in _numbers(text, 4, "bbox", "west,south,east,north"))


def format_bbox(bbox: Iterable[float]) -> str:
    return ",".join(f"{v:.{_DECIMALS}f}".rstrip("0").rstrip(".") for v in bbox)


def parse_nullable(values: Iterable[str], allowed: tuple[str, ...], what: str, notes: list[str] | None = None) -> tuple:
    """Status or mode names (``none``: not given) -> a tuple with None for ``none``.

    An unknown name raises ``ValueError``, or, when ``notes`` is given, is dropped with a note.
    """
    out: list[str | None] = []
    for value in values:
        item = None if value.lower() == NONE_TOKEN else value
        if item is not None and item not in allowed:
            message = f"{what} {value!r} is not one of {', '.join(allowed)} (or {NONE_TOKEN})"
            if notes is None:
                raise ValueError(message)
            notes.append(f"{message}; ignored")
            continue
        if item not in out:
            out.append(item)
    return tuple(out)


def format_nullable(values: Iterable[str | None]) -> str:
    return ",".join(NONE_TOKEN if v is None else v for v in values)


def normalize_layers(names: Iterable[str] | None, notes: list[str] | None = None) -> tuple[str, ...] | None:
    """Corridor or layer-group names (any case) -> corridor keys in display order; None means all.

    A group (``corridor``, ``conflict``, ``place``) stands for its corridors, so
    ``INSTC,conflict`` is the INSTC and the Karabakh conflict. An unknown name raises
    ``ValueError``, or, when ``notes`` is given, is dropped with a note.
    """
    if names is None:
        return None
    aliases = {"places": "place", "corridors": "corridor"}
    by_lower = {k.lower(): k for k in CORRIDOR_KEYS}
    chosen: set[str] = set()
    for raw in names:
        for name in split_csv(raw):
            key = aliases.get(name.lower(), name.lower())
            if key in by_lower:
                chosen.add(by_lower[key])
            elif key in LAYER_GROUP_KEYS:
                chosen.update(k for k, c in vocabulary.CORRIDORS.items() if c.group == key)
            else:
                message = f"layer {name!r} is not one of {', '.join(CORRIDOR_KEYS + LAYER_GROUP_KEYS)}"
                if notes is None:
                    raise ValueError(message)
                notes.append(f"{message}; ignored")
    return tuple(k for k in CORRIDOR_KEYS if k in chosen)


# --------------------------------------------------------------------------- extent


def _merc_y(lat: float) -> float:
    lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def view_bounds(view: View, viewport: tuple[int, int] = DEFAULT_VIEWPORT) -> tuple[float, float, float, float]:
    """What a Web Mercator map of ``viewport`` pixels shows at ``view``: west, south, east, north."""
    width_px, height_px = viewport
    world_px = TILE_PX * 2**view.zoom
    half_lon = min(width_px / world_px * 360 / 2, 180.0)
    half_y = height_px / world_px * math.pi  # world_px pixels span 2*pi of Mercator y
    y = _merc_y(view.lat)
    west, east = max(view.lon - half_lon, -180.0), min(view.lon + half_lon, 180.0)
    return (west, _merc_lat(y - half_y), east, _merc_lat(y + half_y))


def zoom_for_bounds(bbox: tuple[float, float, float, float], viewport: tuple[int, int] = DEFAULT_VIEWPORT) -> View:
    """The centre and the largest whole zoom at which ``viewport`` shows all of ``bbox``."""
    west, south, east, north = bbox
    ys, yn = _merc_y(south), _merc_y(north)
    centre = View(round(_merc_lat((ys + yn) / 2), _DECIMALS), round((west + east) / 2, _DECIMALS), 0)
    zoom = 0
    for z in range(19, -1, -1):
        world_px = TILE_PX * 2**z
        fits = 1 + 1e-9  # a box made by view_bounds fits its own zoom exactly, up to rounding
        if (east - west) / 360 * world_px <= viewport[0] * fits and (yn - ys) / (2 * math.pi) * world_px <= (
            viewport[1] * fits
        ):
            zoom = z
            break
    return replace(centre, zoom=zoom)


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class MapView:
    """What a map shows and how. Empty ``statuses``/``modes`` mean "no filter"; ``layers`` None means all."""

    centre: View | None = None
    bbox: tuple[float, float, float, float] | None = None
    layers: tuple[str, ...] | None = None
    statuses: tuple[str | None, ...] = ()
    modes: tuple[str | None, ...] = ()
    as_of: str | None = None
    naming: str = ARTICLE
    focus: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # only what these sources support (corridors.model.sources)
    known_by: str | None = None  # only what sources published by this date say
    basemap: str = OFFLINE
    title: str | None = None
    viewport: tuple[int, int] = field(default=DEFAULT_VIEWPORT, compare=False)

    def __post_init__(self):
        if self.centre is not None and self.bbox is not None:
            raise ValueError("a view has a centre and zoom or a bbox, not both")
        if self.centre is not None and not isinstance(self.centre, View):
            raise ValueError(f"view centre must be a View(lat, lon, zoom), got {self.centre!r}")
        if self.centre is not None and not all(map(math.isfinite, (self.centre.lat, self.centre.lon))):
            raise ValueError(f"view centre must be finite numbers, got {self.centre!r}")
        if self.bbox is not None:
            object.__setattr__(self, "bbox", check_bbox(self.bbox))
        if self.layers is not None:
            object.__setattr__(self, "layers", normalize_layers(self.layers))
        object.__setattr__(self, "statuses", parse_nullable(_tokens(self.statuses), STATUSES, "status"))
        object.__setattr__(self, "modes", parse_nullable(_tokens(self.modes), MODES, "mode"))
        for date in (self.as_of, self.known_by):
            if date is not None:
                check_date(date)
        sources = (str(s).strip() for s in self.sources)
        object.__setattr__(self, "sources", tuple(dict.fromkeys(s for s in sources if s)))
        if self.naming not in NAMINGS:
            raise ValueError(f"names {self.naming!r} is not one of {', '.join(NAMINGS)}")
        if self.basemap not in BASEMAPS:
            raise ValueError(f"basemap {self.basemap!r} is not one of {', '.join(BASEMAPS)}")
        focus = tuple(dict.fromkeys(str(f).strip() for f in self.focus if str(f).strip()))
        object.__setattr__(self, "focus", focus)
        if self.title is not None and not str(self.title).strip():
            object.__setattr__(self, "title", None)
        width, height = self.viewport
        if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
            raise ValueError(f"viewport must be two positive whole pixel sizes, got {self.viewport!r}")

    # ------------------------------------------------------------------ what it shows

    def selection(self) -> Selection:
        """The features this view draws at all (before the extent)."""
        return Selection(layers=self.layers, statuses=self.statuses, modes=self.modes, as_of=self.as_of,
                         sources=self.sources, known_by=self.known_by)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """West, south, east, north of the view, or None when it fits its features."""
        if self.bbox is not None:
            return self.bbox
        if self.centre is not None:
            return view_bounds(self.centre, self.viewport)
        return None

    def check(self, atlas: Atlas) -> MapView:
        """``self`` when every focus feature and source is in ``atlas``; else ``ValueError`` naming the unknown ones."""
        missing = [sid for sid in self.sources if sid not in atlas.sources]
        if missing:
            raise ValueError(f"source(s) not in the atlas: {', '.join(map(repr, missing))}; "
                             f"choose from {', '.join(atlas.sources)}")
        unknown = [fid for fid in self.focus if fid not in atlas.features.index]
        if unknown:
            import difflib

            hints = []
            for fid in unknown:
                close = difflib.get_close_matches(fid, list(atlas.features.index), n=1)
                hints.append(f"{fid!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            raise ValueError(f"focus feature(s) not in the atlas: {', '.join(hints)}; see `python -m corridors list`")
        return self

    # ------------------------------------------------------------------ links

    def to_query(self) -> dict[str, str]:
        """The app's share-link parameters for this view; defaults are left out so links stay short.

        A bbox is written twice: exactly (``bbox``, read by the CLI) and as the
        centre and zoom that show it in the app (``view``, which the app reads).
        """
        query: dict[str, str] = {}
        if self.layers is not None and self.layers != CORRIDOR_KEYS:
            query["layers"] = ",".join(self.layers)
        if self.statuses:
            query["status"] = format_nullable(self.statuses)
        if self.modes:
            query["mode"] = format_nullable(self.modes)
        if self.basemap != OFFLINE:
            query["basemap"] = self.basemap
        if self.naming != ARTICLE:
            query["names"] = self.naming
        if self.as_of:
            query["as_of"] = self.as_of
        if self.sources:
            query["sources"] = ",".join(self.sources)
        if self.known_by:
            query["known_by"] = self.known_by
        if self.focus:
            query["feature"] = ",".join(self.focus)
        if self.centre is not None:
            query["view"] = format_view(self.centre)
        if self.bbox is not None:
            query["view"] = format_view(zoom_for_bounds(self.bbox, self.viewport))
            query["bbox"] = format_bbox(self.bbox)
        if self.title:
            query["title"] = self.title
        return query

    def share_link(self, base_url: str = DEFAULT_BASE_URL) -> str:
        """``base_url`` (the app's address, its own query dropped) with this view as its query."""
        base = base_url.split("?", 1)[0].split("#", 1)[0]
        query = self.to_query()
        return base + ("?" + urlencode(query, safe=",:") if query else "")

    @classmethod
    def from_query(cls, params: Mapping[str, object], notes: list[str] | None = None) -> MapView:
        """The view a link's query parameters describe.

        Strict by default (``ValueError`` naming the bad parameter); with a
        ``notes`` list, bad values are dropped and explained there instead, as
        the app does with a stale link. Parameters of the app alone (``tab``,
        ``passage``) are not part of a view and are ignored.
        """
        values: dict[str, object] = {}

        def attempt(name: str, parse):
            text = _one(params, name)
            if text is None:
                return
            try:
                parse(text)
            except ValueError as exc:
                if notes is None:
                    raise ValueError(f"{name}: {exc}") from None
                notes.append(f"{name}: {exc}; ignored")

        attempt("layers", lambda t: values.__setitem__("layers", normalize_layers([t], notes)))
        attempt("status", lambda t: values.__setitem__("statuses", parse_nullable(split_csv(t), STATUSES, "status",
                                                                                  notes)))
        attempt("mode", lambda t: values.__setitem__("modes", parse_nullable(split_csv(t), MODES, "mode", notes)))
        attempt("basemap", lambda t: values.__setitem__("basemap", _choice(t, BASEMAPS, "basemap")))
        attempt("names", lambda t: values.__setitem__("naming", _choice(t, NAMINGS, "names")))
        attempt("as_of", lambda t: values.__setitem__("as_of", check_date(t) if t else None))
        attempt("sources", lambda t: values.__setitem__("sources", tuple(split_csv(t))))
        attempt("known_by", lambda t: values.__setitem__("known_by", check_date(t) if t else None))
        attempt("feature", lambda t: values.__setitem__("focus", tuple(split_csv(t))))
        attempt("view", lambda t: values.__setitem__("centre", parse_view(t)) if t else None)
        attempt("bbox", lambda t: values.__setitem__("bbox", parse_bbox(t)) if t else None)
        attempt("title", lambda t: values.__setitem__("title", t or None))
        if values.get("bbox") is not None:
            values.pop("centre", None)  # the exact extent wins over the app's approximation of it
        return cls(**values)

    @classmethod
    def from_link(cls, url: str, notes: list[str] | None = None) -> MapView:
        """The view of a share link (any base URL; only its query counts)."""
        query = urlsplit(str(url).strip()).query
        if not query and "=" in str(url) and "://" not in str(url):
            query = str(url).lstrip("?")  # a bare query string
        return cls.from_query(parse_qs(query, keep_blank_values=True), notes)

    # ------------------------------------------------------------------ manifests

    def to_dict(self) -> dict:
        """Plain JSON-able data (for manifests); ``from_dict`` reads it back."""
        extent: dict | None = None
        if self.centre is not None:
            extent = {"centre": [self.centre.lat, self.centre.lon], "zoom": self.centre.zoom,
                      "viewport_px": list(self.viewport)}
        elif self.bbox is not None:
            extent = {"bbox": list(self.bbox)}
        return {
            "extent": extent,
            "layers": None if self.layers is None else list(self.layers),
            "status": list(self.statuses),
            "mode": list(self.modes),
            "as_of": self.as_of,
            "sources": list(self.sources),
            "known_by": self.known_by,
            "names": self.naming,
            "focus": list(self.focus),
            "basemap": self.basemap,
            "title": self.title,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> MapView:
        if not isinstance(data, Mapping):
            raise ValueError(f"a view must be a JSON object, got {type(data).__name__}")
        unknown = set(data) - {"extent", "layers", "status", "mode", "as_of", "sources", "known_by", "names", "focus",
                               "basemap", "title"}
        if unknown:
            raise ValueError(f"unknown view field(s) {sorted(unknown)}")
        extent = data.get("extent") or {}
        values: dict[str, object] = {}
        if "bbox" in extent:
            values["bbox"] = tuple(extent["bbox"])
        elif "centre" in extent:
            lat, lon = extent["centre"]
            values["centre"] = View(float(lat), float(lon), int(extent["zoom"]))
            if "viewport_px" in extent:
                values["viewport"] = tuple(int(v) for v in extent["viewport_px"])
        layers = data.get("layers")
        return cls(
            **values,
            layers=None if layers is None else tuple(layers),
            statuses=tuple(data.get("status") or ()),
            modes=tuple(data.get("mode") or ()),
            as_of=data.get("as_of"),
            sources=tuple(data.get("sources") or ()),
            known_by=data.get("known_by"),
            naming=data.get("names") or ARTICLE,
            focus=tuple(data.get("focus") or ()),
            basemap=data.get("basemap") or OFFLINE,
            title=data.get("title"),
        )


def view_features(atlas: Atlas, view: MapView):
    """The features ``view`` shows: its selection, within its extent (all of them when it has none).

    ``ValueError`` when there are none, naming the filters and the extent: an
    export of an empty map helps nobody.
    """
    from shapely.geometry import box

    from corridors.model.selection import describe_selection, select

    rows = select(atlas.features, view.selection())
    bounds = view.bounds()
    if bounds is not None:
        rows = rows[rows.intersects(box(*bounds))]
    if rows.empty:
        where = "" if bounds is None else " within " + format_bbox(round(v, 2) for v in bounds)
        raise ValueError(f"nothing was selected: no feature matches {describe_selection(view.selection())}{where}")
    return rows


def _tokens(values: Iterable[str | None]) -> list[str]:
    return [NONE_TOKEN if v is None else str(v) for v in values]


def _choice(text: str, allowed: Mapping[str, str], what: str) -> str:
    if text not in allowed:
        raise ValueError(f"{what} {text!r} is not one of {', '.join(allowed)}")
    return text


def _one(params: Mapping[str, object], key: str) -> str | None:
    """A query parameter's value; the last one when a key repeats (as Streamlit does)."""
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)
