"""The sidebar: layers, status and mode filters, the "as of" and "known by" dates, the source filter, naming
and basemap, data warnings."""

from __future__ import annotations

import streamlit as st

from corridors.app import actions
from corridors.app import state as app_state
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import LAYER_KEYS, NONE_TOKEN
from corridors.data.atlas import Atlas
from corridors.model.names import NAMINGS
from corridors.model.sources import known_by_stops, source_infos
from corridors.model.timeline import floor_stop, slider_model
from corridors.vocabulary import BASEMAPS, CORRIDORS, OFFLINE, status_label


def swatch_css() -> str:
    """A swatch in each layer's colour before its checkbox label: the map's colours (the vocabulary's
    hex values), which Streamlit's few named Markdown colours cannot match. For ``css.inject``."""
    return "".join(
        f'.st-key-{Key.layer(key)} label p::before{{content:"\\25A0\\00A0";color:{spec.colour};font-size:1.2em}}'
        for key, spec in CORRIDORS.items()
    )


def prepare(atlas: Atlas, session: Session) -> None:
    """The sidebar's defaults, set before anything is drawn: the map (drawn before the sidebar) needs them.

    The "as of" slider starts on the last date the sources give; the "known by" clock on the stop for a
    link's date, or the last one.
    """
    if session.as_of_stop is None:
        session.as_of_stop = slider_model(atlas.features).stops[-1]
    stops = known_by_stops(source_infos(atlas))
    if stops and session.known_by_stop not in stops:
        session.known_by_stop = floor_stop(session.known_by_stop or stops[-1], stops)


def show(atlas: Atlas, session: Session) -> None:
    """The sidebar's widgets; ``prepare`` first."""
    features = atlas.features
    with st.sidebar:
        st.header("Layers")
        for key in LAYER_KEYS:
            count = int((features["corridor"] == key).sum())
            st.checkbox(  # its swatch: swatch_css, in the map's colour
                f"{CORRIDORS[key].label} ({count})",
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
        model = slider_model(features)
        # Stops are the dates the sources give (not 600 empty months): each one a mouse or an arrow
        # key can reach, and each one means something.
        st.select_slider("As of", model.stops, key=Key.AS_OF, disabled=not session.use_as_of,
                         help=f"{len(model.stops)} dates the sources give, {model.years[0]}–{model.years[-1]}.",
                         on_change=actions.map_options_changed, args=(session,))
        happened = [m["label"] for m in model.marks if m["date"] == session.as_of_stop]
        if session.use_as_of and happened:
            st.caption("Then: " + "; ".join(md(label) for label in dict.fromkeys(happened)))
        _sources(atlas, session)
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


def _sources(atlas: Atlas, session: Session) -> None:
    """The source filter and the second clock, "known by": only what sources published by then say."""
    infos = source_infos(atlas)
    stops = known_by_stops(infos)
    if stops:
        st.toggle("Only what the sources had published by a date", key=Key.USE_KNOWN_BY,
                  help="The second clock: “as of” is when things held; “known by” is what had been written "
                       "by then. Only sources published by that date count, statuses included.",
                  on_change=actions.map_options_changed, args=(session,))
        st.select_slider("Known by", stops, key=Key.KNOWN_BY, disabled=not session.use_known_by,
                         on_change=actions.map_options_changed, args=(session,))
        unknown = [i for i in infos.values() if i.date is None]
        if session.use_known_by and unknown:
            st.caption(f"{len(unknown)} source(s) of unknown date are left out while this clock is on.")
    st.header("Sources")
    st.multiselect("What these sources support", list(infos), key=Key.SOURCES, placeholder="every source",
                   format_func=lambda sid: _source_option(infos[sid]),
                   help="Show only the features these sources cite; cards group every quote by its source.",
                   on_change=actions.map_options_changed, args=(session,))


def _source_option(info) -> str:
    return f"{info.title} ({info.publisher or 'publisher unknown'}, {info.date_label})"


def _status_option(value: str) -> str:
    return status_label(None if value == NONE_TOKEN else value)
