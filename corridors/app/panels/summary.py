"""The corridors tab: a corridor's drawn length by status, mode and country, and its missing links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from corridors.app import actions, cache
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.measures import UNKNOWN as NOT_GIVEN
from corridors.model.names import display_name
from corridors.vocabulary import CORRIDORS, ROUTE_CORRIDORS, status_label


def show(atlas: Atlas, fingerprint: str, session: Session, state: AppState) -> None:
    try:
        country_names = cache.country_names(atlas, fingerprint)
    except (OSError, ValueError) as exc:
        st.warning(f"Lengths by country need the reference boundaries: {md(exc)}")
        country_names = None
    corridor = st.radio("Corridor", ROUTE_CORRIDORS, horizontal=True, key=Key.SUMMARY_CORRIDOR,
                        format_func=lambda key: CORRIDORS[key].label)
    if country_names is None:
        return
    summary = cache.summary(atlas, fingerprint, corridor)
    cols = st.columns([2, 1, 1])
    cols[0].metric("Length drawn", f"{summary['total_km']:,.0f} km", help="geodesic, segments not double-counted")
    cols[1].metric("Lines", summary["lines"])
    cols[2].metric("Features", summary["features"])

    st.markdown("**By status**")
    st.dataframe(_km_table(summary["by_status_km"], "status", lambda s: status_label(None if s == NOT_GIVEN else s)),
                 hide_index=True, width="stretch")
    st.markdown("**By mode**")
    st.dataframe(_km_table(summary["by_mode_km"], "mode"), hide_index=True, width="stretch")
    st.markdown("**By country**")
    st.dataframe(_km_table(summary["by_country_km"], "country",
                           lambda c: "at sea" if c == "sea" else f"{country_names.get(c, c)} ({c})"),
                 hide_index=True, width="stretch")
    st.markdown(f"**Missing links** ({len(summary['missing_links'])})")
    for link in summary["missing_links"]:
        km = f", {link['length_km']:,.0f} km" if link["length_km"] is not None else ""
        st.button(f"{md(display_name(atlas.feature(link['id']), state.naming))} — {status_label(link['status'])}{km}",
                  key=Key.missing_link(link["id"]), on_click=actions.choose_feature, args=(session, atlas, link["id"]))


def _km_table(values: dict, label: str, fmt=str) -> pd.DataFrame:
    return pd.DataFrame({label: [fmt(k) for k in values], "km": [round(v) for v in values.values()]})
