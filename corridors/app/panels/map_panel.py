"""The map: one iframe that keeps its view, every layer in it, and its legend.

The map (every layer with its labels and inset, once per data version) and the highlight come from
``corridors.app.cache``; what the map shows is asked of it by a small state
request (``map_payload.state_script``), once per token, and toggles in the
map's own layer control come back through ``actions.map_changed`` after the map
has changed (issue 11); the user's uploaded layer and a place found by search
go along as scripts. ``corridors.app.bridge.show_map`` draws it and returns
the click and the view, which go into the session (and so into the link).
"""

from __future__ import annotations

import streamlit as st

from corridors.app import actions, bridge, cache, map_payload
from corridors.app import state as app_state
from corridors.app.legend import legend_html
from corridors.app.map_payload import PLACE_INDEX, fit_script, place_script, state_script
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.selection import select

MAP_HEIGHT = 620
# Bring the map back into view after a choice lower on the page moved it (a timeline event). No "<" in the
# script: Streamlit's sanitizer drops a <script> whose text contains "<3".
MAP_INTO_VIEW = (
    "<script>(function(){var n=0;(function go(){"
    "var el=document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    "if(el){el.scrollIntoView({block:'nearest',behavior:'smooth'});}else if(100>n++){requestAnimationFrame(go);}"
    "})();})();</script>"
)


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

    scripts = [focus, _user_script(session), state_script(*session.map_request, atlas)]
    if session.place:
        scripts.append(place_script(*session.place, PLACE_INDEX))
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

    into_view = session.take_map_into_view()
    if into_view is not None:  # the request number makes a new element, so the script runs again
        st.html(f"{MAP_INTO_VIEW}<span data-map-request='{int(into_view)}'></span>", unsafe_allow_javascript=True)

    shown = select(atlas.features, state.export_selection())
    buttons = st.container(horizontal=True)
    if session.focus or session.place:
        buttons.button("Clear the highlight", on_click=actions.clear_focus, args=(session,), key=Key.CLEAR_FOCUS,
                       icon=":material/ink_eraser:", type="tertiary")
    if len(shown) < len(atlas.features) and not shown.empty:
        # A filter leaves a few features, perhaps tiny in a continent-wide view: offer to frame them.
        buttons.button(f"Fit the map to the {len(shown)} features shown", on_click=actions.fit_to_shown,
                       args=(session, atlas, state.export_selection()), key=Key.FIT_SHOWN,
                       icon=":material/fit_screen:", type="tertiary")
    st.html(legend_html(shown))
    st.caption(
        f"{len(shown)} of {len(atlas.features)} features drawn. Click a line or symbol for its card; "
        "a translucent band around a line is its estimated error."
    )


def _user_script(session: Session) -> str:
    """The user's layer as frontend JavaScript, serialized once per upload (kept beside it in the session)."""
    layer = session.user_layer
    if layer is None:
        return ""
    made = session.user_layer_script
    if made is None or made[0] is not layer[1]:
        group = map_payload.user_group(*layer)
        made = (layer[1], bridge.group_script(group, map_payload.USER_INDEX) if group is not None else "")
        session.user_layer_script = made
    return made[1]
