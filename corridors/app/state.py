"""The explorer app's state, without Streamlit: what the URL says, what the caches are keyed on.

An ``AppState`` is what is on screen (``corridors.app.session.Session.state()``
reads it from the session on each run). A shared link carries it as query
parameters (``state_to_query`` / ``state_from_query`` are a lossless round
trip for valid states); a hand-edited or stale link never breaks the app: every
value that does not parse is dropped with a note saying which and why.

=============  ==========================================  ==========================
parameter      meaning                                     example
=============  ==========================================  ==========================
``layers``     layers ticked (default: all; empty: none)   ``INSTC,Karabakh``
``status``     only these statuses (``none``: not given)   ``operational,planned``
``mode``       only these modes (``none``: points, areas)  ``rail,sea``
``basemap``    basemap key (default ``offline``)           ``osm``
``names``      naming of contested places                  ``az``
``as_of``      show the atlas as of a date                 ``2023-09``
``feature``    the feature whose card is open              ``instc-rasht-astara``
``passage``    the article passage chosen in the reader    ``p-in-may-2023-russia-and-iran``
``view``       map centre and zoom                         ``40.4100,49.8700,6``
``tab``        the side panel shown                        ``article``
=============  ==========================================  ==========================
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

from corridors import vocabulary
from corridors.data.atlas import Atlas
from corridors.model.names import ARTICLE, NAMINGS
from corridors.model.selection import CORRIDOR_NAMES, Selection
from corridors.model.timeline import check_date, date_bounds
from corridors.model.view import View
from corridors.vocabulary import BASEMAPS, OFFLINE

# The layers the sidebar toggles, in display order (the corridors of ``corridors.model.selection``).
LAYER_KEYS: tuple[str, ...] = CORRIDOR_NAMES
STATUSES: tuple[str, ...] = tuple(vocabulary.STATUSES)
MODES: tuple[str, ...] = tuple(vocabulary.MODES)
NONE_TOKEN = "none"  # a status or mode the sources do not give, in URLs

TABS = {"card": "Route card", "article": "Article", "timeline": "Timeline", "corridors": "Corridors"}
DEFAULT_TAB = "card"

# How a view is written: 4 decimals of a degree is ~10 m, finer than any zoom the app offers.
_VIEW_DECIMALS = 4


@dataclass(frozen=True)
class AppState:
    """Everything a shared link restores. Empty ``statuses``/``modes`` mean "no filter"."""

    layers: tuple[str, ...] = LAYER_KEYS
    statuses: tuple[str | None, ...] = ()
    modes: tuple[str | None, ...] = ()
    basemap: str = OFFLINE
    naming: str = ARTICLE
    as_of: str | None = None
    feature: str | None = None
    passage: tuple[str, str] | None = None  # (source id, passage id)
    view: View | None = None
    tab: str = DEFAULT_TAB
    notes: tuple[str, ...] = field(default=(), compare=False)  # why parts of a link were ignored

    def selection(self) -> Selection:
        """What the map's layers are drawn from (ticking a layer only picks among them, without a rebuild)."""
        return Selection(statuses=self.statuses, modes=self.modes, as_of=self.as_of)

    def export_selection(self) -> Selection:
        """What an export of the current view holds: the ticked layers too."""
        return Selection(layers=self.layers, statuses=self.statuses, modes=self.modes, as_of=self.as_of)


DEFAULT = AppState()


# --------------------------------------------------------------------------- query parameters


def _one(params: Mapping[str, object], key: str) -> str | None:
    """A query parameter's value; Streamlit gives the last one when a key repeats."""
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _nullable(values: Iterable[str], allowed: tuple[str, ...], what: str, notes: list[str]) -> tuple:
    out: list[str | None] = []
    for value in values:
        item = None if value.lower() == NONE_TOKEN else value
        if item is not None and item not in allowed:
            notes.append(f"{what} {value!r} is not one of {', '.join(allowed)}; ignored")
            continue
        if item not in out:
            out.append(item)
    return tuple(out)


def format_view(view: View) -> str:
    return f"{view.lat:.{_VIEW_DECIMALS}f},{view.lon:.{_VIEW_DECIMALS}f},{view.zoom}"


def parse_view(text: str) -> View:
    """``lat,lon,zoom`` -> ``View``; raises ``ValueError`` naming the bad text."""
    parts = text.split(",")
    if len(parts) != 3:
        raise ValueError(f"view must be lat,lon,zoom, got {text!r}")
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), round(float(parts[2]))
    except ValueError:
        raise ValueError(f"view must be three numbers lat,lon,zoom, got {text!r}") from None
    return View(round(lat, _VIEW_DECIMALS), round(lon, _VIEW_DECIMALS), zoom)


def state_from_query(
    params: Mapping[str, object],
    *,
    feature_ids: Iterable[str] | None = None,
    passages: Iterable[tuple[str, str]] | None = None,
) -> AppState:
    """The state a link describes. Values that do not parse are dropped and explained in ``notes``.

    ``feature_ids`` and ``passages`` (``(source id, passage id)`` pairs) are what
    the loaded atlas has; a link to anything else is ignored. A passage may be
    written ``source:passage`` or, when only one source has it, just ``passage``.
    """
    notes: list[str] = []
    state: dict[str, object] = {}

    if (text := _one(params, "layers")) is not None:
        by_lower = {k.lower(): k for k in LAYER_KEYS}
        layers = []
        for name in _csv(text):
            key = by_lower.get(name.lower())
            if key is None:
                notes.append(f"layer {name!r} is not one of {', '.join(LAYER_KEYS)}; ignored")
            elif key not in layers:
                layers.append(key)
        state["layers"] = tuple(k for k in LAYER_KEYS if k in layers)
    if (text := _one(params, "status")) is not None:
        state["statuses"] = _nullable(_csv(text), STATUSES, "status", notes)
    if (text := _one(params, "mode")) is not None:
        state["modes"] = _nullable(_csv(text), MODES, "mode", notes)
    for param, attr, allowed, fallback in (
        ("basemap", "basemap", BASEMAPS, "using the offline basemap"),
        ("names", "naming", NAMINGS, "ignored"),
        ("tab", "tab", TABS, "ignored"),
    ):
        if (text := _one(params, param)) is not None:
            if text in allowed:
                state[attr] = text
            else:
                notes.append(f"{param} {text!r} is not one of {', '.join(allowed)}; {fallback}")
    if text := _one(params, "as_of"):
        try:
            state["as_of"] = check_date(text)
        except ValueError as exc:
            notes.append(f"as_of: {exc}; ignored")
    if text := _one(params, "feature"):
        known = None if feature_ids is None else set(feature_ids)
        if known is None or text in known:
            state["feature"] = text
        else:
            notes.append(f"feature {text!r} is not in the atlas; ignored")
    if text := _one(params, "passage"):
        found = resolve_passage(text, passages)
        if found is None:
            notes.append(f"passage {text!r} is not in the sources; ignored")
        else:
            state["passage"] = found
    if text := _one(params, "view"):
        try:
            state["view"] = parse_view(text)
        except ValueError as exc:
            notes.append(f"{exc}; ignored")
    return replace(DEFAULT, **state, notes=tuple(notes))


def resolve_passage(text: str, passages: Iterable[tuple[str, str]] | None) -> tuple[str, str] | None:
    """``source:passage`` or a bare passage id -> ``(source, passage)`` among ``passages``."""
    if passages is None:
        source, _, pid = text.rpartition(":")
        return (source, pid) if source else None
    known = list(passages)
    if ":" in text:
        source, _, pid = text.partition(":")
        return (source, pid) if (source, pid) in known else None
    matches = [key for key in known if key[1] == text]
    return matches[0] if len(matches) == 1 else None


def format_passage(passage: tuple[str, str], passages: Iterable[tuple[str, str]] | None = None) -> str:
    """The shortest unambiguous way to write a passage in a link."""
    source, pid = passage
    if passages is not None and sum(1 for key in passages if key[1] == pid) == 1:
        return pid
    return f"{source}:{pid}"


def _format_nullable(values: Iterable[str | None]) -> str:
    return ",".join(NONE_TOKEN if v is None else v for v in values)


def state_to_query(state: AppState, passages: Iterable[tuple[str, str]] | None = None) -> dict[str, str]:
    """Query parameters for ``state``; defaults are left out so links stay short."""
    query: dict[str, str] = {}
    if tuple(state.layers) != LAYER_KEYS:
        query["layers"] = ",".join(k for k in LAYER_KEYS if k in state.layers)
    if state.statuses:
        query["status"] = _format_nullable(state.statuses)
    if state.modes:
        query["mode"] = _format_nullable(state.modes)
    if state.basemap != DEFAULT.basemap:
        query["basemap"] = state.basemap
    if state.naming != DEFAULT.naming:
        query["names"] = state.naming
    if state.as_of:
        query["as_of"] = state.as_of
    if state.feature:
        query["feature"] = state.feature
    if state.passage:
        query["passage"] = format_passage(state.passage, None if passages is None else list(passages))
    if state.view is not None:
        query["view"] = format_view(state.view)
    if state.tab != DEFAULT.tab:
        query["tab"] = state.tab
    return query


def passage_keys(atlas: Atlas) -> list[tuple[str, str]]:
    """Every passage of the atlas's sources as ``(source id, passage id)``: what a link may name."""
    return [(sid, p.id) for sid, source in atlas.sources.items() for p in source.passages]


def share_url(base_url: str, state: AppState, passages: Iterable[tuple[str, str]] | None = None) -> str:
    """``base_url`` (the app's address, any query string dropped) with ``state`` as its query."""
    base = base_url.split("?", 1)[0].split("#", 1)[0]
    query = state_to_query(state, passages)
    return base + ("?" + urlencode(query, safe=",:") if query else "")


# --------------------------------------------------------------------------- cache keys


def data_fingerprint(data_dir: Path | str) -> str:
    """A short hash of every file under ``geodata/`` and ``seeds/``: relative path, size, mtime.

    The app keys its caches on it, so editing, adding or removing a data file
    (features, reference boundaries, schema, sources) is picked up on the next
    rerun without re-reading anything when nothing changed.
    """
    root = Path(data_dir)
    digest = hashlib.sha256(str(root.resolve()).encode())
    for sub in ("geodata", "seeds"):
        base = root / sub
        if not base.is_dir():
            digest.update(f"\0{sub}: missing".encode())
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                try:
                    stat = path.stat()
                except OSError:  # vanished while we walked: it changed, so hash its absence
                    continue
                rel = path.relative_to(root).as_posix()
                digest.update(f"\0{rel}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- timeline


def month_options(first: str, last: str) -> list[str]:
    """Every month (``YYYY-MM``) from January of ``first``'s year to December of ``last``'s.

    The "as of" slider's stops: month precision is what the sources give
    (peacekeepers leaving in April 2024, the takeover in September 2023).
    """
    start, end = int(check_date(first)[:4]), int(check_date(last)[:4])
    return [f"{year:04d}-{month:02d}" for year in range(start, end + 1) for month in range(1, 13)]


def as_of_options(atlas: Atlas) -> list[str]:
    """The "as of" slider's stops for this atlas: every month of the years its features are dated."""
    first, last = date_bounds(atlas.features)
    return month_options(first, last)


def nearest_month(date: str, options: list[str]) -> str:
    """The slider stop for a date at any precision (a year means its January)."""
    check_date(date)
    month = date[:7] if len(date) >= 7 else f"{date}-01"
    if month in options:
        return month
    return options[0] if month < options[0] else options[-1]


# --------------------------------------------------------------------------- map clicks


def clicked_feature(value: Mapping | None, last_count: int | None) -> tuple[str | None, int | None]:
    """The feature id a new click on the map chose, and the click count to remember.

    streamlit-folium keeps returning the last click on every rerun; its click
    count tells a new click (even on the same feature) from an old one.
    """
    if not value:
        return None, last_count
    count = value.get("last_object_clicked_count")
    if count is None or count == last_count:
        return None, last_count
    drawing = value.get("last_active_drawing") or {}
    fid = (drawing.get("properties") or {}).get("id")
    return (fid if isinstance(fid, str) else None), count


def view_from_map(value: Mapping | None) -> View | None:
    """The map's current view from streamlit-folium's ``center`` and ``zoom``, if it sent them."""
    if not value:
        return None
    center, zoom = value.get("center"), value.get("zoom")
    if not isinstance(center, Mapping) or not isinstance(zoom, int | float):
        return None
    try:
        lon = ((float(center["lng"]) + 180) % 360) - 180  # Leaflet lets longitudes run past 180
        return View(round(float(center["lat"]), _VIEW_DECIMALS), round(lon, _VIEW_DECIMALS), int(zoom))
    except (KeyError, TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- the map's own state

def map_state(state: AppState) -> dict:
    """The part of ``state`` the map shows, in ``CorridorAtlas.apply``'s terms (``js/atlas.js``)."""
    return {
        "layers": list(state.layers),
        "statuses": list(state.statuses),
        "modes": list(state.modes),
        "asOf": state.as_of,
        "naming": state.naming,
    }


MAX_REPORT_CHARS = 4000  # a map state is a few hundred characters; anything longer is not ours


def map_report(value: Mapping | None) -> tuple[str, dict[str, object]] | None:
    """``(token, state)`` the map reported (``js/atlas.js``: layers toggled in its own control).

    ``state`` has the ``AppState`` fields the map controls (``layers``, ``statuses``,
    ``modes``, ``as_of``, ``naming``), checked like a link's; ``token`` names the
    app's last request the map had applied. None when the value carries no report
    or one that does not parse.
    """
    tags = (value or {}).get("selected_tags")
    if not isinstance(tags, list | tuple) or len(tags) != 2 or not all(isinstance(t, str) for t in tags):
        return None
    token, text = tags
    if len(text) > MAX_REPORT_CHARS:
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None

    def items(key: str) -> list[str]:
        values = raw.get(key)
        if not isinstance(values, list):
            return []
        return [NONE_TOKEN if v is None else str(v) for v in values]

    query = {"layers": ",".join(items("layers")), "status": ",".join(items("statuses")),
             "mode": ",".join(items("modes")), "as_of": str(raw.get("asOf") or ""),
             "names": str(raw.get("naming") or ARTICLE)}
    parsed = state_from_query(query)
    if parsed.notes:  # something in it is not a value the app knows: not a report to trust
        return None
    fields = {"layers": parsed.layers, "statuses": parsed.statuses, "modes": parsed.modes,
              "as_of": parsed.as_of, "naming": parsed.naming}
    return token, fields
