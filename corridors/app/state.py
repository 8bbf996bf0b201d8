"""The explorer app's state, without Streamlit: what the URL says, what the caches are keyed on.

An ``AppState`` is what is on screen (``corridors.app.session.Session.state()``
reads it from the session on each run). A shared link carries it as query
parameters (``state_to_query`` / ``state_from_query`` are a lossless round
trip for valid states); a hand-edited, stale or hostile link never breaks the
app: every value that does not parse is dropped with a note saying which and
why, at most one note per parameter. Values are bounded before they are
parsed: a parameter longer than ``MAX_PARAM_CHARS`` is ignored whole, a list
keeps its first ``MAX_LIST_ITEMS`` entries, numbers must be finite, and
``link_warning`` turns all notes into one short message for the app to show.

=============  ==========================================  ==========================
parameter      meaning                                     example
=============  ==========================================  ==========================
``layers``     layers ticked (default: all; empty: none)   ``INSTC,Karabakh``
``status``     only these statuses (``none``: not given)   ``operational,planned``
``mode``       only these modes (``none``: points, areas)  ``rail,sea``
``basemap``    basemap key (default ``offline``)           ``osm``
``names``      naming of contested places                  ``az``
``as_of``      show the atlas as of a date                 ``2023-09``
``sources``    only what these sources support             ``rferl-one-winner-of-the-ukraine-war``
``known_by``   only what sources published by then say     ``2024-05``
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

# Re-exported: the app and its tests read these from here.
from corridors.model.mapview import NONE_TOKEN as NONE_TOKEN
from corridors.model.mapview import _one, format_nullable, parse_nullable, split_csv
from corridors.model.mapview import format_view as format_view
from corridors.model.mapview import parse_view as parse_view
from corridors.model.names import ARTICLE, NAMINGS
from corridors.model.selection import CORRIDOR_NAMES, Selection
from corridors.model.timeline import check_date, floor_stop, slider_model
from corridors.model.view import View
from corridors.vocabulary import BASEMAPS, OFFLINE

# The layers the sidebar toggles, in display order (the corridors of ``corridors.model.selection``).
LAYER_KEYS: tuple[str, ...] = CORRIDOR_NAMES
STATUSES: tuple[str, ...] = tuple(vocabulary.STATUSES)
MODES: tuple[str, ...] = tuple(vocabulary.MODES)

TABS = {"card": "Route card", "article": "Article", "timeline": "Timeline", "corridors": "Corridors",
        "new": "New article"}
DEFAULT_TAB = "card"

# How a view is written: 4 decimals of a degree is ~10 m, finer than any zoom the app offers.
_VIEW_DECIMALS = 4

# Bounds on what a link may make the app parse; real links are far shorter (all layers: 38 characters).
MAX_PARAM_CHARS = 512
# Every query parameter a link may carry (a test checks that ``state_to_query`` writes no other).
LINK_PARAMS = ("layers", "status", "mode", "basemap", "names", "tab", "as_of", "known_by", "sources", "feature",
               "passage", "view")
MAX_LIST_ITEMS = 20
MAX_WARNING_CHARS = 600
_EXCERPT_CHARS = 40


@dataclass(frozen=True)
class AppState:
    """Everything a shared link restores. Empty ``statuses``/``modes`` mean "no filter"."""

    layers: tuple[str, ...] = LAYER_KEYS
    statuses: tuple[str | None, ...] = ()
    modes: tuple[str | None, ...] = ()
    basemap: str = OFFLINE
    naming: str = ARTICLE
    as_of: str | None = None
    sources: tuple[str, ...] = ()  # only what these sources support; empty: every source
    known_by: str | None = None  # only what sources published by this date say
    feature: str | None = None
    passage: tuple[str, str] | None = None  # (source id, passage id)
    view: View | None = None
    tab: str = DEFAULT_TAB
    notes: tuple[str, ...] = field(default=(), compare=False)  # why parts of a link were ignored

    def selection(self) -> Selection:
        """What the map's layers are drawn from (ticking a layer only picks among them, without a rebuild)."""
        return Selection(statuses=self.statuses, modes=self.modes, as_of=self.as_of, sources=self.sources,
                         known_by=self.known_by)

    def export_selection(self) -> Selection:
        """What an export of the current view holds: the ticked layers too."""
        return Selection(layers=self.layers, statuses=self.statuses, modes=self.modes, as_of=self.as_of,
                         sources=self.sources, known_by=self.known_by)


DEFAULT = AppState()


# --------------------------------------------------------------------------- query parameters


# The pure parsers (``_one``, ``split_csv``, ``parse_nullable``, ``format_view``, ``parse_view``) live in
# ``corridors.model.mapview``, shared with the command line's ``--share-link``; imported above. What is
# here bounds what a link may make the app parse, and keeps its notes few and short.


def _excerpt(text: str) -> str:
    """A value from a link as it may appear in a note: quoted, and cut when long."""
    return repr(text if len(text) <= _EXCERPT_CHARS else text[:_EXCERPT_CHARS] + "\u2026")


def _csv(text: str, what: str, notes: list[str]) -> list[str]:
    parts = split_csv(text)  # text is at most MAX_PARAM_CHARS long
    if len(parts) > MAX_LIST_ITEMS:
        notes.append(f"{what}: only the first {MAX_LIST_ITEMS} values are read")
        parts = parts[:MAX_LIST_ITEMS]
    return parts


def _unknown(what: str, values: list[str], allowed: Iterable[str], fallback: str = "ignored") -> str:
    shown = ", ".join(_excerpt(v) for v in values[:3])
    more = f" and {len(values) - 3} more" if len(values) > 3 else ""
    return f"{what} {shown}{more} {'is' if len(values) == 1 else 'are'} not one of {', '.join(allowed)}; {fallback}"


def _nullable(values: Iterable[str], allowed: tuple[str, ...], what: str, notes: list[str]) -> tuple:
    """``parse_nullable`` with every unknown value in one note instead of one note each."""
    unknown: list[str] = []
    kept = parse_nullable(values, allowed, what, unknown)
    if unknown:
        names = [v for v in values if v.lower() != NONE_TOKEN and v not in allowed]
        notes.append(_unknown(what, names, allowed))
    return kept


def link_warning(notes: Iterable[str]) -> str | None:
    """All of a link's notes as one short message (None when there are none), for one warning in the app."""
    notes = list(notes)
    if not notes:
        return None
    text = "Part of the link was ignored: " + "; ".join(notes)
    return text if len(text) <= MAX_WARNING_CHARS else text[: MAX_WARNING_CHARS - 1] + "\u2026"


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
    params = _bounded(params, notes)

    if (text := _one(params, "layers")) is not None:
        by_lower = {k.lower(): k for k in LAYER_KEYS}
        layers, unknown = [], []
        for name in _csv(text, "layers", notes):
            key = by_lower.get(name.lower())
            if key is None:
                unknown.append(name)
            elif key not in layers:
                layers.append(key)
        if unknown:
            notes.append(_unknown("layer", unknown, LAYER_KEYS))
        state["layers"] = tuple(k for k in LAYER_KEYS if k in layers)
    if (text := _one(params, "status")) is not None:
        state["statuses"] = _nullable(_csv(text, "status", notes), STATUSES, "status", notes)
    if (text := _one(params, "mode")) is not None:
        state["modes"] = _nullable(_csv(text, "mode", notes), MODES, "mode", notes)
    for param, attr, allowed, fallback in (
        ("basemap", "basemap", BASEMAPS, "using the offline basemap"),
        ("names", "naming", NAMINGS, "ignored"),
        ("tab", "tab", TABS, "ignored"),
    ):
        if (text := _one(params, param)) is not None:
            if text in allowed:
                state[attr] = text
            else:
                notes.append(_unknown(param, [text], allowed, fallback))
    for param in ("as_of", "known_by"):
        if text := _one(params, param):
            try:
                state[param] = check_date(text)
            except ValueError:
                notes.append(f"{param} {_excerpt(text)} is not a date such as 2023-09; ignored")
    if (text := _one(params, "sources")) is not None:
        known_sources = None if passages is None else {source for source, _ in passages}
        chosen, unknown = [], []
        for sid in _csv(text, "sources", notes):
            if known_sources is not None and sid not in known_sources:
                unknown.append(sid)
            elif sid not in chosen:
                chosen.append(sid)
        if unknown:
            notes.append(_unknown("source", unknown, sorted(known_sources or ())))
        state["sources"] = tuple(chosen)
    if text := _one(params, "feature"):
        known = None if feature_ids is None else set(feature_ids)
        if known is None or text in known:
            state["feature"] = text
        else:
            notes.append(f"feature {_excerpt(text)} is not in the atlas; ignored")
    if text := _one(params, "passage"):
        found = resolve_passage(text, passages)
        if found is None:
            notes.append(f"passage {_excerpt(text)} is not in the sources; ignored")
        else:
            state["passage"] = found
    if text := _one(params, "view"):
        try:
            state["view"] = parse_view(text)
        except ValueError as exc:
            notes.append(f"{exc}; ignored")
    return replace(DEFAULT, **state, notes=tuple(notes))


def _bounded(params: Mapping[str, object], notes: list[str]) -> dict[str, str]:
    """The parameters this module reads, each a string no longer than ``MAX_PARAM_CHARS``."""
    out: dict[str, str] = {}
    for key in LINK_PARAMS:
        value = _one(params, key)
        if value is None:
            continue
        if len(value) > MAX_PARAM_CHARS:
            notes.append(f"{key} is {len(value):,} characters long (more than {MAX_PARAM_CHARS}); ignored")
            continue
        out[key] = value
    return out


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


_format_nullable = format_nullable


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
    if state.sources:
        query["sources"] = ",".join(state.sources)
    if state.known_by:
        query["known_by"] = state.known_by
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


def as_of_options(atlas: Atlas) -> list[str]:
    """The "as of" slider's stops: the dates the sources give (``model.timeline.slider_model``), so
    a mouse or an arrow key lands on a date that means something, never on an empty month."""
    return slider_model(atlas.features).stops


def nearest_stop(date: str, options: list[str]) -> str:
    """The slider stop that shows the same atlas as ``date``: the latest date the sources give on
    or before it (a link's ``as_of=2023-08`` opens at 2023-05, not at the nearer 2023-09, which
    would show a different map)."""
    return floor_stop(date, options)


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
    """The part of ``state`` the map shows, in ``CorridorAtlas.apply``'s terms (``js/atlas.js``).

    The browser filters by layer, status, mode and date itself. The source filter and the "known
    by" clock stay Python's (``model.sources``): with either on, ``map_payload.state_script`` adds
    the ids ``select`` keeps.
    """
    return {
        "layers": list(state.layers),
        "statuses": list(state.statuses),
        "modes": list(state.modes),
        "asOf": state.as_of,
        "naming": state.naming,
        "knownBy": state.known_by,
        "sources": list(state.sources),
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
