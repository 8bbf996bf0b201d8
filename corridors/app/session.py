"""The session, typed: every ``st.session_state`` key the app uses, declared once with its type and default.

Panels read and write attributes of a ``Session`` (``session.feature = fid``),
never raw keys. Many keys are also widget keys (``Key``): Streamlit ties a
widget's value to its key, so the sidebar's ``st.selectbox(..., key=Key.BASEMAP)``
and ``session.basemap`` are one value, and the page marks each keyed widget's
element with the class ``st-key-<key>`` (the scroll script and the browser
tests find widgets by it). Streamlit forbids writing a widget's key once the
widget is drawn in a run: write those attributes in callbacks, or before the
widget is drawn.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Generic, TypeVar, overload

import streamlit as st

from corridors.app.state import DEFAULT_TAB, LAYER_KEYS, NONE_TOKEN, TABS, AppState, map_state
from corridors.model.names import ARTICLE
from corridors.model.view import View
from corridors.vocabulary import OFFLINE

T = TypeVar("T")

TAB_LABELS: tuple[str, ...] = tuple(TABS.values())  # the side panel's tabs, by label
_TAB_KEYS = {label: key for key, label in TABS.items()}
BOTTOM_TABS = ("Table", "Take it into a report")

Bounds = list[list[float]]  # [[south, west], [north, east]]


class Key:
    """Widget keys. Per-item widgets (a button per feature, passage, citation) take the item in their key."""

    STATUSES = "statuses"
    MODES = "modes"
    USE_AS_OF = "use_as_of"
    AS_OF = "as_of"
    SOURCES = "sources"  # the source filter: what these sources support
    USE_KNOWN_BY = "use_known_by"
    KNOWN_BY = "known_by"  # the second clock: only sources published by then
    NAMING = "naming"
    BASEMAP = "basemap"
    TAB = "tab"  # the side panel's tabs; the value is the open tab's label
    BOTTOM = "bottom"  # the table and report tabs, likewise
    CLEAR_FOCUS = "clear_focus"
    FIT_SHOWN = "fit_shown"
    SEARCH = "search"
    PICK = "pick"
    READER = "reader"  # the reader's scrolling container (the scroll script finds it by its class)
    SUMMARY_CORRIDOR = "summary_corridor"
    TABLE_SHOWN = "table_shown"
    EXPORT_TITLE = "export_title"
    DOWNLOAD_TABLE = "dl-table"
    DOWNLOAD_HTML = "dl-html"
    DOWNLOAD_PNG = "dl-png"
    DOWNLOAD_GEOJSON = "dl-geojson"
    DOWNLOAD_CSV = "dl-csv"
    PRINT_FORMAT = "print_format"
    PRINT_PAGE = "print_page"
    PRINT_ORIENTATION = "print_orientation"
    MAKE_PRINT = "make-print"
    ARTICLE_UPLOAD = "article_upload"  # the new article panel: a file, or pasted text
    ARTICLE_PASTE = "article_paste"
    ARTICLE_READ = "article_read"
    ARTICLE_CLEAR = "article_clear"
    ACCEPT_LIKELY = "accept_likely"
    DOWNLOAD_SUGGESTIONS = "dl-suggestions"
    USER_LAYER_UPLOAD = "user_layer_upload"  # the user's own GeoJSON layer (sidebar)
    USER_LAYER_CLEAR = "user_layer_clear"

    @staticmethod
    def download(fmt: str) -> str:
        return f"dl-{fmt}"  # dl-png, dl-svg, dl-pdf: the print file made for the view on screen

    @staticmethod
    def layer(corridor: str) -> str:
        return f"layer_{corridor}"

    @staticmethod
    def search_hit(feature_id: str) -> str:
        return f"hit-{feature_id}"

    @staticmethod
    def place_hit(place_id: str) -> str:
        return f"place-{place_id}"

    @staticmethod
    def citation(index: int) -> str:
        return f"cite-{index}"

    @staticmethod
    def passage(passage_id: str) -> str:
        return f"psg-{passage_id}"

    @staticmethod
    def passage_cards(passage_id: str) -> str:
        return f"psg-cards-{passage_id}"

    @staticmethod
    def event(index: int) -> str:
        return f"event-{index}"

    @staticmethod
    def missing_link(feature_id: str) -> str:
        return f"missing-{feature_id}"

    @staticmethod
    def link_decision(passage_id: str, feature_id: str) -> str:
        """Accept or reject one suggested link of the new article ("accept", "reject" or None)."""
        return f"link-{passage_id}-{feature_id}"

    @staticmethod
    def place_decision(passage_id: str, index: int) -> str:
        """The gazetteer candidate chosen for a new place (its id), or None."""
        return f"place-{passage_id}-{index}"


class Slot(Generic[T]):
    """One ``st.session_state`` key as a typed attribute of ``Session``; ``default`` is read while it is unset."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    @overload
    def __get__(self, session: None, owner: type) -> Slot[T]: ...
    @overload
    def __get__(self, session: Session, owner: type) -> T: ...
    def __get__(self, session, owner=None):
        if session is None:
            return self
        return session.store.get(self.key, self.default)

    def __set__(self, session: Session, value: T) -> None:
        session.store[self.key] = value


class Session:
    """The app's state for one browser session, over ``st.session_state`` (or any mapping, in tests)."""

    # The sidebar's widgets (layers, statuses and modes are properties below: their widgets store other forms).
    use_as_of: Slot[bool] = Slot(Key.USE_AS_OF, False)
    as_of_stop: Slot[str | None] = Slot(Key.AS_OF, None)  # the slider's stop, kept while the toggle is off
    naming: Slot[str] = Slot(Key.NAMING, ARTICLE)
    basemap: Slot[str] = Slot(Key.BASEMAP, OFFLINE)
    tab_label: Slot[str | None] = Slot(Key.TAB, None)
    pick: Slot[str | None] = Slot(Key.PICK, None)  # the card panel's "choose a feature", set to the open card
    use_known_by: Slot[bool] = Slot(Key.USE_KNOWN_BY, False)
    known_by_stop: Slot[str | None] = Slot(Key.KNOWN_BY, None)  # the clock's stop, kept while its toggle is off

    # A new article read for this session only: (file name, bytes). Never written to disk.
    new_article: Slot[tuple[str, bytes] | None] = Slot("new_article", None)

    # The user's own GeoJSON layer for this session only, as ``data.upload.load_user_layer`` accepted it:
    # (file label, features). Never written to disk. ``user_layer_problems``: why the last upload was refused.
    user_layer: Slot[tuple[str, tuple[dict, ...]] | None] = Slot("user_layer", None)
    user_layer_problems: Slot[tuple[str, ...]] = Slot("user_layer_problems", ())
    # (the layer's features, their map script): serialized once per upload, not on every rerun.
    user_layer_script: Slot[tuple[tuple[dict, ...], str] | None] = Slot("user_layer_script", None)

    # What is chosen.
    feature: Slot[str | None] = Slot("feature", None)  # the open card
    passage: Slot[tuple[str, str] | None] = Slot("passage", None)  # (source id, passage id) in the reader
    focus: Slot[tuple[str, ...]] = Slot("focus", ())  # the highlighted features
    place: Slot[tuple[str, float, float] | None] = Slot("place", None)  # a gazetteer place found: (name, lat, lon)

    # The map.
    view: Slot[View | None] = Slot("view", None)  # where the map last said it is
    view_request: Slot[View | None] = Slot("view_request", None)  # where the map is asked to be
    fit: Slot[tuple[str, Bounds] | None] = Slot("fit", None)  # (token, bounds): fit the map once per token
    fit_counter: Slot[int] = Slot("fit_counter", 0)  # makes each fit's token new
    click_count: Slot[int | None] = Slot("click_count", None)  # the last click seen (streamlit-folium repeats it)
    base_key: Slot[str | None] = Slot("base_key", None)  # the basemap's component key last drawn
    # (token, state): what the map is asked to show (layers, filters, date, naming), applied once per token.
    map_request: Slot[tuple[str, dict] | None] = Slot("map_request", None)
    map_counter: Slot[int] = Slot("map_counter", 0)  # makes each request's token new

    # Once per session, or once per request.
    initialized: Slot[bool] = Slot("initialized", False)  # the URL has been read into the session
    notes: Slot[tuple[str, ...]] = Slot("notes", ())  # why parts of the link were ignored (shown once)
    scroll_to: Slot[tuple[str, int] | None] = Slot("scroll_to", None)  # (passage id, request number)
    map_into_view: Slot[int | None] = Slot("map_into_view", None)  # scroll the page to the map (request number)
    # The last print file made (report panel): {"key": what it was made of, "fmt": ..., "data": bytes, "seconds": ...}
    print_file: Slot[dict | None] = Slot("print_file", None)

    def __init__(self, store: MutableMapping[str, Any] | None = None) -> None:
        self.store = st.session_state if store is None else store

    # ------------------------------------------------------------------ values kept in a widget's form

    @property
    def layers(self) -> tuple[str, ...]:
        """The ticked layers, in display order (a layer is ticked until its checkbox says otherwise)."""
        return tuple(k for k in LAYER_KEYS if self.store.get(Key.layer(k), True))

    @layers.setter
    def layers(self, layers: tuple[str, ...]) -> None:
        for key in LAYER_KEYS:
            self.store[Key.layer(key)] = key in layers

    @property
    def statuses(self) -> tuple[str | None, ...]:
        """The status filter; ``None`` is "not given by the sources" (``NONE_TOKEN`` in the widget)."""
        return tuple(None if s == NONE_TOKEN else s for s in self.store.get(Key.STATUSES, ()))

    @statuses.setter
    def statuses(self, statuses: tuple[str | None, ...]) -> None:
        self.store[Key.STATUSES] = [NONE_TOKEN if s is None else s for s in statuses]

    @property
    def modes(self) -> tuple[str | None, ...]:
        """The mode filter; ``None`` keeps features without a mode (``NONE_TOKEN`` in the widget)."""
        return tuple(None if m == NONE_TOKEN else m for m in self.store.get(Key.MODES, ()))

    @modes.setter
    def modes(self, modes: tuple[str | None, ...]) -> None:
        self.store[Key.MODES] = [NONE_TOKEN if m is None else m for m in modes]

    @property
    def sources(self) -> tuple[str, ...]:
        """The source filter (empty: every source)."""
        return tuple(self.store.get(Key.SOURCES, ()))

    @sources.setter
    def sources(self, sources: tuple[str, ...]) -> None:
        self.store[Key.SOURCES] = list(sources)

    @property
    def known_by(self) -> str | None:
        """The "known by" date, or None when its toggle is off."""
        return self.known_by_stop if self.use_known_by else None

    @property
    def tab(self) -> str:
        """The open side panel as a ``TABS`` key (the widget holds its label)."""
        return _TAB_KEYS.get(self.tab_label, DEFAULT_TAB)

    @tab.setter
    def tab(self, key: str) -> None:
        self.tab_label = TABS[key]

    @property
    def as_of(self) -> str | None:
        """The date the map shows the atlas at, or None when the toggle is off."""
        return self.as_of_stop if self.use_as_of else None

    def value(self, widget_key: str) -> Any:
        """A per-item widget's value (``Key.passage_cards(...)``), read in its callback."""
        return self.store.get(widget_key)

    # ------------------------------------------------------------------ the state a link carries

    def state(self) -> AppState:
        """What is on screen now, as a shared link would restore it."""
        return AppState(
            layers=self.layers,
            statuses=self.statuses,
            modes=self.modes,
            basemap=self.basemap,
            naming=self.naming,
            as_of=self.as_of,
            sources=self.sources,
            known_by=self.known_by,
            feature=self.feature,
            passage=self.passage,
            view=self.view,
            tab=self.tab,
        )

    def restore(self, state: AppState, as_of_stop: str | None) -> None:
        """Put a link's state into the widgets; ``as_of_stop`` is ``state.as_of`` as a slider stop."""
        self.layers = state.layers
        self.statuses = state.statuses
        self.modes = state.modes
        self.basemap = state.basemap
        self.naming = state.naming
        self.use_as_of = state.as_of is not None
        if as_of_stop is not None:
            self.as_of_stop = as_of_stop
        self.sources = state.sources
        self.use_known_by = state.known_by is not None
        if state.known_by is not None:
            self.known_by_stop = state.known_by
        self.feature = state.feature
        self.passage = state.passage
        self.tab = state.tab
        self.view = state.view
        self.view_request = state.view  # a shared view is where the map opens
        self.click_count = None
        self.fit_counter = 0
        self.fit = None
        self.notes = state.notes

    # ------------------------------------------------------------------ one-shot values

    def request_fit(self, reason: str, bounds: Bounds) -> None:
        """Ask the map to fit ``bounds`` once (a new token each time, so the same bounds fit again)."""
        self.fit_counter += 1
        self.fit = (f"{reason}-{self.fit_counter}", bounds)

    def request_map_state(self, reason: str) -> None:
        """Ask the map to show the session's layers, filters, date and naming (once, with a new token).

        Called where the app changes them (a sidebar widget, a link, a timeline
        event); a change made in the map itself comes back as a report instead
        (``actions.map_changed``), and asks for nothing.
        """
        self.map_counter += 1
        self.map_request = (f"{reason}-{self.map_counter}", map_state(self.state()))

    def take_notes(self) -> tuple[str, ...]:
        """The link's notes, once: they are shown on the first run only."""
        return tuple(self.store.pop(Session.notes.key, ()))

    def take_map_into_view(self) -> int | None:
        """Whether the page should scroll the map into view now (a request number), once."""
        return self.store.pop(Session.map_into_view.key, None)

    def take_scroll_request(self) -> tuple[str, int] | None:
        """The passage the reader should scroll to, once."""
        return self.store.pop(Session.scroll_to.key, None)
