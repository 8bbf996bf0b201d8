"""The timeline: features shown only for a period, and the article's dated events (each sets the date)."""

from __future__ import annotations

import streamlit as st

from corridors.app import actions
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.names import display_name
from corridors.model.timeline import dated_events


def show(atlas: Atlas, session: Session, state: AppState) -> None:
    events = dated_events(atlas.features)
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
    st.markdown(f"**Dated events in the article** ({len(events)}) — choose one to see the map at its date")
    for i, event in enumerate(events):
        # A date is later than "as of" when it is, compared at the coarser of the two precisions.
        later = bool(state.as_of) and event["date"][: len(state.as_of)] > state.as_of[: len(event["date"])]
        basis = "" if event["basis"] == "stated" else " (inferred)"
        label = f"**{md(event['date'])}** {md(event['label'])}{basis} — *{md(names[event['feature_id']])}*"
        st.button(f":gray[{label}]" if later else label, key=Key.event(i), type="tertiary", width="stretch",
                  on_click=actions.show_event, args=(session, atlas, event))
