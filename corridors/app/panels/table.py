"""The feature table, of the whole atlas or of what the map shows, with a CSV download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from corridors.app import cache
from corridors.app.session import Key
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.model.selection import select
from corridors.model.tables import table_csv
from corridors.vocabulary import mode_label, status_label

NUMBERS = ("drawn_km", "stated_km", "citations")


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: "not given by the sources" for a status the sources do not give,
    blank cells for unknown numbers and dates; never "None". The CSV keeps the data's own values."""
    shown = table.copy()
    shown["status"] = shown["status"].map(status_label)
    shown["mode"] = shown["mode"].map(mode_label)
    for column in shown.columns:
        if column in NUMBERS:
            shown[column] = pd.to_numeric(shown[column], errors="coerce")
        else:
            shown[column] = shown[column].map(_blank_if_missing)
    return shown


def _blank_if_missing(value):
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def show(atlas: Atlas, fingerprint: str, state: AppState) -> None:
    only_shown = st.checkbox("Only the features the map shows (layers, filters, date)", value=True,
                             key=Key.TABLE_SHOWN)
    table = cache.feature_table(atlas, fingerprint, state.naming)
    if only_shown:
        table = table[table["id"].isin(select(atlas.features, state.export_selection()).index)]
    st.dataframe(
        readable(table), hide_index=True, width="stretch",
        # Drawn and stated lengths side by side, never one passed off as the other (issue 10).
        column_config={"drawn_km": st.column_config.NumberColumn("drawn line (km)", format="%.0f"),
                       "stated_km": st.column_config.NumberColumn("stated by the sources (km)", format="%.0f"),
                       "citations": st.column_config.NumberColumn("citations")},
    )
    # table_csv: a name starting with = + - @ must not run as a spreadsheet formula (issue 12).
    st.download_button("Download CSV", table_csv(table).encode("utf-8"), "corridor-atlas-features.csv",
                       "text/csv", key=Key.DOWNLOAD_TABLE, on_click="ignore", icon=":material/download:")
