"""The sidebar: layers, status and mode filters, the "as of" date, naming and basemap, data warnings."""

from __future__ import annotations

import streamlit as st

from corridors.app import actions
from corridors.app import state as app_state
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import LAYER_KEYS, NONE_TOKEN
from corridors.data.atlas import Atlas
from corridors.model.names import NAMINGS
from corridors.model.timeline import date_bounds
from corridors.vocabulary import BASEMAPS, CORRIDORS, OFFLINE, status_label

# Streamlit's Markdown colour names for each layer's checkbox swatch.
LAYER_COLOURS = {"INSTC": "blue", "BAM": "orange", "Zangezur": "green", "Karabakh": "violet", "context": "gray"}


def show(atlas: Atlas, session: Session) -> None:
    features = atlas.features
    with st.sidebar:
        st.header("Layers")
        for key in LAYER_KEYS:
            count = int((features["corridor"] == key).sum())
            st.checkbox(
                f":{LAYER_COLOURS[key]}[■] {CORRIDORS[key].label} ({count})",
                key=Key.layer(key),
                disabled=count == 0,
                on_change=actions.map_options_changed, args=(session,),
            )
        st.header("Filters")
        statuses = [s for s in app_state.STATUSES if (features["status"] == s).any()]
        if features["status"].isna().any():
            statuses.append(NONE_TOKEN)
        st.multiselect("Status", statuses, key=Key.STATUSES, format_func=_status_option,
                       placeholder="all statuses", help="Show only features with these statuses.",
                       on_change=actions.map_options_changed, args=(session,))
        modes = [m for m in app_state.MODES if (features["mode"] == m).any()]
        st.multiselect("Mode", modes, key=Key.MODES, placeholder="all modes",
                       help="Show only lines of these modes (places and areas have no mode and stay).",
                       on_change=actions.map_options_changed, args=(session,))
        st.header("Date")
        st.toggle("Show the atlas as of a date", key=Key.USE_AS_OF,
                  help="Features the sources date (peacekeepers 2020–2024, Karabakh before and after "
                       "September 2023, …) appear only when they held.",
                  on_change=actions.map_options_changed, args=(session,))
        options = app_state.as_of_options(atlas)
        if session.as_of_month is None:
            session.as_of_month = app_state.nearest_month(date_bounds(features)[1], options)
        st.select_slider("As of", options, key=Key.AS_OF, disabled=not session.use_as_of,
                         on_change=actions.map_options_changed, args=(session,))
        st.header("Names and basemap")
        st.selectbox("Names of contested places", list(NAMINGS), key=Key.NAMING, format_func=NAMINGS.get,
                     on_change=actions.map_options_changed, args=(session,))
        st.selectbox("Basemap", list(BASEMAPS), key=Key.BASEMAP, format_func=BASEMAPS.get)
        if session.basemap != OFFLINE:
            st.caption("Online basemaps load tiles from the internet; the offline one needs nothing.")
        if atlas.report.warnings:
            with st.expander(f"Data warnings ({len(atlas.report.warnings)})"):
                for p in atlas.report.warnings:
                    st.caption(f"{md(p.file)} {md(p.feature or '')} — {md(p.rule)}: {md(p.message)}")


def _status_option(value: str) -> str:
    return status_label(None if value == NONE_TOKEN else value)
