"""Corridor Atlas explorer: ``streamlit run app.py`` (issue 4).

A thin entry over ``corridors.app``: every fact, name, length, quote and map
layer comes from the library; this file sets up the page, loads the atlas (or
shows why the data does not validate), reads the session and lays out the
panels. Where things are:

=============================  ==========================================================
``corridors.app.session``      every session value, typed, with the widget keys
``corridors.app.actions``      what a click changes (a feature or passage chosen, an event)
``corridors.app.cache``        the cached steps, keyed on the data fingerprint
``corridors.app.panels``       one module per panel, each with ``show(...)``
``corridors.app.bridge``       the one module that talks to streamlit-folium
``corridors.app.app.css``      the styles
=============================  ==========================================================

The map is one iframe that is never reloaded for a layer, filter, date or
naming change (``corridors.app.map_payload`` explains how). Works offline: no
CDN, no tiles unless an online basemap is chosen. Data comes from
``$CORRIDORS_DATA`` or the bundled ``geodata/`` and ``seeds/``.
"""

from __future__ import annotations

import streamlit as st

from corridors.app import actions, cache, css, warmup
from corridors.app.panels import (
    card,
    data_error,
    header,
    map_panel,
    new_article,
    reader,
    report,
    sidebar,
    summary,
    table,
    timeline,
    user_layer,
)
from corridors.app.session import BOTTOM_TABS, TAB_LABELS, Key, Session
from corridors.app.state import data_fingerprint
from corridors.data.errors import DataError
from corridors.data.paths import default_data_dir


def main() -> None:
    st.set_page_config(page_title="Corridor Atlas", layout="wide", initial_sidebar_state="auto")
    css.inject(sidebar.swatch_css())
    data_dir = default_data_dir()
    fingerprint = data_fingerprint(data_dir)
    loaded = cache.atlas(str(data_dir), fingerprint)
    st.title("Corridor Atlas")
    if isinstance(loaded, DataError):
        data_error.show(loaded, data_dir)
        st.stop()
    atlas = loaded
    session = Session()
    if not session.initialized:
        actions.start(session, atlas, st.query_params.to_dict())
    header.show(atlas, session)

    sidebar.prepare(atlas, session)
    state = session.state()
    left, right = st.columns([5, 3], gap="medium")
    with left:
        map_panel.show(atlas, fingerprint, session, state)
    # The sidebar comes after the map in the page: the browser fetches each kind of element's code
    # when it first meets one, in page order, and the map's should not wait behind a dozen widgets'.
    sidebar.show(atlas, session)
    user_layer.show(session)
    state = session.state()  # a click on the map may have chosen a feature
    with right:
        side = st.tabs(list(TAB_LABELS), key=Key.TAB, on_change="rerun")
        panels = (
            lambda: card.show(atlas, session, state),
            lambda: reader.show(atlas, session, state),
            lambda: timeline.show(atlas, session, state),
            lambda: summary.show(atlas, fingerprint, session, state),
            lambda: new_article.show(atlas, fingerprint, session),
        )
        for tab, panel in zip(side, panels, strict=True):
            if tab.open:  # a closed tab's panel is not drawn at all
                with tab:
                    panel()
    bottom = st.tabs(list(BOTTOM_TABS), key=Key.BOTTOM, on_change="rerun")
    if bottom[0].open:
        with bottom[0]:
            table.show(atlas, fingerprint, state)
    if bottom[1].open:
        with bottom[1]:
            report.show(atlas, session, session.state())
    actions.sync_url(atlas, session.state())


if __name__ == "__main__":
    # Every page run: Streamlit executes this file as ``__main__`` (so do AppTest and ``python app.py``).
    main()
else:
    # ``streamlit run app.py`` first imports this file to find the server it should run: this one
    # serves the page above and warms up the shared caches before the first reader (issue 11).
    app = st.App(__file__, lifespan=warmup.lifespan)
