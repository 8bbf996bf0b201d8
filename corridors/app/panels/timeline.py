"""The timeline: features shown only for a period, and the sources' dated events (each sets the date); with
several sources each event says whose it is, and the source filter and "known by" clock apply."""

from __future__ import annotations

import streamlit as st

from corridors.app import actions
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.names import display_name
from corridors.model.sources import known_by, source_infos
from corridors.model.timeline import dated_events


def show(atlas: Atlas, session: Session, state: AppState) -> None:
    infos = source_infos(atlas)
    events = [e for e in dated_events(atlas.features) if _from_chosen_sources(e, state, infos)]
    names = {fid: display_name(row, state.naming) for fid, row in atlas.features.iterrows()}
    if state.as_of:
        st.markdown(f"The map shows the atlas **as of {state.as_of}**; later events are greyed.")
    else:
        st.markdown("Turn on **Show the atlas as of a date** in the sidebar to see the map at a date, "
                    "or pick an event below.")
    periods = atlas.features[atlas.features["period_start"].notna() | atlas.features["period_end"].notna()]
    if not periods.empty:
        st.markdown("**Shown only for a period**")
        for fid, row in periods.iterrows():
            start = row["period_start"] if isinstance(row["period_start"], str) else "…"
            end = row["period_end"] if isinstance(row["period_end"], str) else "…"
            st.markdown(f"- {md(names[fid])}: {md(start)} – {md(end)}")
    if state.sources or state.known_by:
        st.caption("Only the events dated by " + ("the chosen sources" if state.sources else "the sources")
                   + (f" published by {md(state.known_by)}" if state.known_by else "") + ".")
    several = len(infos) > 1
    st.markdown(f"**Dated events in the sources** ({len(events)}) — choose one to see the map at its date")
    for i, event in enumerate(events):
        # A date is later than "as of" when it is, compared at the coarser of the two precisions.
        later = bool(state.as_of) and event["date"][: len(state.as_of)] > state.as_of[: len(event["date"])]
        basis = "" if event["basis"] == "stated" else " (inferred)"
        label = f"**{md(event['date'])}** {md(event['label'])}{basis} — *{md(names[event['feature_id']])}*"
        if several:  # with several sources, say whose date it is
            label += " · " + "; ".join(md(infos[s].publisher or infos[s].title) for s in event["sources"] if s in infos)
        st.button(f":gray[{label}]" if later else label, key=Key.event(i), type="tertiary", width="stretch",
                  on_click=actions.show_event, args=(session, atlas, event))


def _from_chosen_sources(event: dict, state: AppState, infos: dict) -> bool:
    """Whether a chosen source (all when none is chosen), published by the "known by" date, dates the event."""
    sources = [s for s in event["sources"] if s in infos]
    if state.sources:
        sources = [s for s in sources if s in state.sources]
    if state.known_by:
        sources = [s for s in sources if known_by(infos[s], state.known_by)]
    return bool(sources)
