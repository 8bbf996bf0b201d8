"""What a click does: the changes of several session values that one choice makes, in one place.

Panels pass these as widget callbacks (``on_click=actions.choose_feature,
args=(session, atlas, fid)``), so they run before the next rerun draws
anything, which is when Streamlit lets them set widget values (the open tab,
the date).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from corridors.app import state as app_state
from corridors.app.map_payload import feature_bounds
from corridors.app.session import Session
from corridors.data.atlas import Atlas
from corridors.model.search import PlaceHit, place_bounds
from corridors.model.selection import select


def start(session: Session, atlas: Atlas, query: Mapping[str, object]) -> None:
    """First run of a session: the URL's state becomes the widgets' state."""
    state = app_state.state_from_query(
        query, feature_ids=list(atlas.features.index), passages=app_state.passage_keys(atlas)
    )
    as_of = None if state.as_of is None else app_state.nearest_stop(state.as_of, app_state.as_of_options(atlas))
    session.restore(state, as_of)
    if state.passage is not None:
        session.focus = tuple(atlas.features_for_passage(*state.passage))
    else:
        session.focus = (state.feature,) if state.feature else ()
    if state.view is None:  # no shared view: fit the chosen features, or everything
        fit_to(session, atlas, session.focus or None, "start")
    session.request_map_state("start")
    session.initialized = True


def sync_url(atlas: Atlas, state: app_state.AppState) -> None:
    """Keep the address bar a shareable link to what is on screen."""
    query = app_state.state_to_query(state, app_state.passage_keys(atlas))
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def fit_to(session: Session, atlas: Atlas, ids: Iterable[str] | None, reason: str) -> None:
    """Ask the map to fit these features (all when ``ids`` is None), once."""
    bounds = feature_bounds(atlas.features, ids)
    if bounds is not None:
        session.request_fit(reason, bounds)


def open_card(session: Session, fid: str) -> None:
    """Show a feature's card (and leave the map alone)."""
    session.feature, session.passage, session.tab = fid, None, "card"


def choose_feature(session: Session, atlas: Atlas, fid: str, *, zoom: bool = True) -> None:
    """A feature chosen in a list, search, card or timeline: its card, highlighted (alone: the previous
    highlight and any place found by search go), in view."""
    open_card(session, fid)
    session.focus = (fid,)
    session.place = None
    if zoom:
        fit_to(session, atlas, [fid], "feature")


def choose_picked(session: Session, atlas: Atlas) -> None:
    """The card panel's "choose a feature" list changed."""
    if session.pick:
        choose_feature(session, atlas, session.pick)


def choose_passage(session: Session, atlas: Atlas, key: tuple[str, str], *, open_reader: bool = True) -> None:
    """A passage chosen in the reader (or "show in article"): highlight and zoom to its features."""
    session.passage = key
    ids = atlas.features_for_passage(*key)
    session.focus = tuple(ids)
    if ids:
        fit_to(session, atlas, ids, "passage")
    if open_reader:
        session.tab = "article"
    session.scroll_to = (key[1], session.fit_counter)


def open_card_from_passage(session: Session, atlas: Atlas, widget_key: str) -> None:
    """One of a chosen passage's features picked in the reader: its card, without moving the map."""
    fid = session.value(widget_key)
    if fid:
        choose_feature(session, atlas, fid, zoom=False)


def map_options_changed(session: Session) -> None:
    """A sidebar widget changed layers, filters, date or naming: ask the map to show them."""
    session.request_map_state("sidebar")


def map_changed(session: Session, value: Mapping | None) -> None:
    """The map sent a new value: take in the layers toggled in its own layer control.

    A report made before the map had applied the app's latest request is stale
    (the request is on its way) and is ignored; nothing is asked of the map in
    return, since it already shows this state.
    """
    report = app_state.map_report(value)
    request = session.map_request
    if report is None or request is None or report[0] != request[0]:
        return
    fields = report[1]
    session.layers = fields["layers"]
    session.statuses = fields["statuses"]
    session.modes = fields["modes"]
    session.naming = fields["naming"]
    if fields["as_of"] is None:
        session.use_as_of = False


def clear_focus(session: Session) -> None:
    session.focus = ()
    session.passage = None
    session.place = None


def show_place(session: Session, atlas: Atlas, hit: PlaceHit, name: str) -> None:
    """A gazetteer place found by search (not an atlas feature): marked on the map with the atlas features
    nearest to it highlighted, all in view."""
    session.place = (name, hit.place.lat, hit.place.lon)
    session.focus = tuple(fid for fid, _ in hit.nearest)
    session.passage = None
    session.request_fit("place", place_bounds(hit, atlas.features))


def fit_to_shown(session: Session, atlas: Atlas, selection) -> None:
    """The "fit the map to what the filters leave" offer, taken."""
    bounds = feature_bounds(select(atlas.features, selection))
    if bounds is not None:
        session.request_fit("shown", bounds)


def show_event(session: Session, atlas: Atlas, event: dict) -> None:
    """A timeline event chosen: the map at its date, its feature's card, the timeline still open."""
    session.use_as_of = True
    session.as_of_stop = app_state.nearest_stop(event["date"], app_state.as_of_options(atlas))
    session.request_map_state("event")
    choose_feature(session, atlas, event["feature_id"])
    session.tab = "timeline"
    # The event list may have scrolled the page past the map, which is about to move: bring it back.
    session.map_into_view = session.fit_counter


# --------------------------------------------------------------------------- a new article (this session only)

_DECISION_PREFIXES = ("link-", "place-")


def _forget_decisions(session: Session) -> None:
    for key in [k for k in session.store if isinstance(k, str) and k.startswith(_DECISION_PREFIXES)]:
        del session.store[key]


def read_uploaded_article(session: Session, upload_key: str) -> None:
    """An uploaded file becomes the session's new article (kept in memory, never written to disk)."""
    upload = session.value(upload_key)
    _forget_decisions(session)
    session.new_article = None if upload is None else (upload.name, upload.getvalue())


def read_pasted_article(session: Session, paste_key: str) -> None:
    text = session.value(paste_key) or ""
    _forget_decisions(session)
    session.new_article = ("pasted text", text.encode("utf-8")) if text.strip() else None


def forget_article(session: Session) -> None:
    _forget_decisions(session)
    session.new_article = None


def accept_likely(session: Session, decisions: Iterable[tuple[str, str]], key) -> None:
    """Mark every likely suggestion accepted (``key`` makes a suggestion's widget key)."""
    for passage_id, feature_id in decisions:
        session.store[key(passage_id, feature_id)] = "accept"


def read_user_layer(session: Session, upload_key: str) -> None:
    """An uploaded GeoJSON becomes the session's own layer, or its problems are kept to be shown.

    Read in memory by ``data.upload.load_user_layer`` (the atlas's loader and rules,
    never a file on disk); a refused upload leaves the previous layer as it was."""
    from corridors.data.upload import load_user_layer, upload_label

    upload = session.value(upload_key)
    if upload is None:
        return
    features, problems = load_user_layer(upload.getvalue(), upload.name)
    session.user_layer_problems = tuple(
        f"{p.feature + ': ' if p.feature else ''}{p.message} ({p.rule})" for p in problems)
    if features:
        session.user_layer = (upload_label(upload.name), tuple(features))


def forget_user_layer(session: Session) -> None:
    session.user_layer = None
    session.user_layer_problems = ()
