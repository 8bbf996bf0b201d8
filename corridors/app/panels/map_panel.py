"""The map: one iframe that keeps its view, the atlas layers swapped in, and its legend.

The basemap, the layers and the highlight come from ``corridors.app.cache`` as
strings; ``corridors.app.bridge.show_map`` draws them and returns the click and
the view, which go into the session (and so into the link).
"""

from __future__ import annotations

import streamlit as st

from corridors.app import actions, bridge, cache, map_payload
from corridors.app import state as app_state
from corridors.app.legend import legend_html
from corridors.app.map_payload import LAYER_ORDER, fit_script
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.selection import select

MAP_HEIGHT = 620


def show(atlas: Atlas, fingerprint: str, session: Session, state: AppState) -> None:
    try:
        base = cache.base(atlas, fingerprint, state.basemap)
        layers = cache.layers(atlas, fingerprint, state.naming, state.selection())
        focus = cache.focus(atlas, fingerprint, tuple(session.focus))
    except (OSError, ValueError, RuntimeError) as exc:  # e.g. missing reference boundaries
        st.error(f"The map cannot be drawn: {md(exc)}")
        return
    if session.base_key not in (None, base.key) and session.view is not None:
        session.view_request = session.view  # a new basemap opens where the old one was
    session.base_key = base.key

    scripts = [focus] + [layers[c] for c in LAYER_ORDER if c in state.layers and c in layers]
    scripts.append(_user_script(session))
    if session.fit:
        scripts.append(fit_script(*session.fit))
    request = session.view_request
    value = bridge.show_map(
        base,
        scripts,
        height=MAP_HEIGHT,
        center=(request.lat, request.lon) if request else None,
        zoom=request.zoom if request else None,
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
