"""The map: one iframe that keeps its view, every layer in it, and its legend.

The map (every layer, once per data version) and the highlight come from
``corridors.app.cache``; what the map shows is asked of it by a small state
request (``map_payload.state_script``), once per token, and toggles in the
map's own layer control come back through ``actions.map_changed`` after the map
has changed (issue 11). ``corridors.app.bridge.show_map`` draws it and returns
the click and the view, which go into the session (and so into the link).
"""

from __future__ import annotations

import streamlit as st

from corridors.app import actions, bridge, cache
from corridors.app import state as app_state
from corridors.app.legend import legend_html
from corridors.app.map_payload import fit_script, state_script
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.selection import select

MAP_HEIGHT = 620


def show(atlas: Atlas, fingerprint: str, session: Session, state: AppState) -> None:
    try:
        base = cache.base(atlas, fingerprint, state.basemap)
        focus = cache.focus(atlas, fingerprint, tuple(session.focus))
    except (OSError, ValueError, RuntimeError) as exc:  # e.g. missing reference boundaries
        st.error(f"The map cannot be drawn: {md(exc)}")
        return
    bridge.ensure_files(base)  # a cleaned cache folder is refilled before the browser asks
    if session.base_key != base.key:
        if session.base_key is not None and session.view is not None:
            session.view_request = session.view  # a new basemap opens where the old one was
        if session.base_key is not None or session.map_request is None:
            session.request_map_state("base")  # a new iframe knows nothing the old one was told
    session.base_key = base.key

    scripts = [focus, state_script(*session.map_request, atlas)]
    if session.fit:
        scripts.append(fit_script(*session.fit))
    request = session.view_request
    value = bridge.show_map(
        base,
        scripts,
        height=MAP_HEIGHT,
        center=(request.lat, request.lon) if request else None,
        zoom=request.zoom if request else None,
        on_change=lambda: actions.map_changed(session, bridge.value(base)),
    )
    fid, session.click_count = app_state.clicked_feature(value, session.click_count)
    if fid and fid in atlas.features.index:
        # A click shows the card but leaves the map alone: changing the layers
        # now would close the popup the click just opened.
        actions.open_card(session, fid)
    view = app_state.view_from_map(value)
    if view is not None:
        session.view = view

    shown = select(atlas.features, state.export_selection())
    if session.focus:
        st.button("Clear the highlight", on_click=actions.clear_focus, args=(session,), key=Key.CLEAR_FOCUS,
                  icon=":material/ink_eraser:", type="tertiary")
    st.html(legend_html(shown))
    st.caption(
        f"{len(shown)} of {len(atlas.features)} features drawn. Click a line or symbol for its card; "
        "a translucent band around a line is its estimated error."
    )
