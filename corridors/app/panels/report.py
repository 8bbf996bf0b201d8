"""Take it into a report: the current view as HTML, PNG and GeoJSON, an iframe snippet, a share link."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from corridors.app import state as app_state
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.export import embed_snippet, export, map_html
from corridors.vocabulary import CORRIDORS


def show(atlas: Atlas, session: Session, state: AppState) -> None:
    shown = [CORRIDORS[c].label.split(" \u2014 ")[0] for c in state.layers]
    default_title = "Corridor Atlas: " + (", ".join(shown) if shown else "no layers") + (
        f" (as of {state.as_of})" if state.as_of else "")
    title = st.text_input("Title of the exported map", value=default_title, key=Key.EXPORT_TITLE)
    selection = state.export_selection()
    options = {"basemap": state.basemap, "naming": state.naming, "view": state.view, "focus": list(session.focus)}

    # The files are made when a button is pressed, not on every rerun.
    def html_bytes() -> bytes:
        return map_html(atlas, selection, title=title, **options).encode("utf-8")

    def file_bytes(fmt: str):
        def make() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / f"corridor-atlas.{fmt}"
                written = export(atlas, fmt, out, selection, title)
                return written[0].read_bytes()

        return make

    cols = st.columns(3)
    cols[0].download_button("Map as HTML", html_bytes, "corridor-atlas.html", "text/html", key=Key.DOWNLOAD_HTML,
                            on_click="ignore", icon=":material/map:", help="self-contained, works offline")
    cols[1].download_button("Map as PNG", file_bytes("png"), "corridor-atlas.png", "image/png", key=Key.DOWNLOAD_PNG,
                            on_click="ignore", icon=":material/image:")
    cols[2].download_button("Features as GeoJSON", file_bytes("geojson"), "corridor-atlas.geojson",
                            "application/geo+json", key=Key.DOWNLOAD_GEOJSON, on_click="ignore",
                            icon=":material/data_object:")
    st.markdown("**Embed** the downloaded HTML map in a report page:")
    st.code(embed_snippet("corridor-atlas.html", title), language="html")
    st.markdown("**Share** this view (layers, filters, date, names, selected feature and passage, map view):")
    base_url = getattr(st.context, "url", None) or "http://localhost:8501/"
    st.code(app_state.share_url(base_url, state, app_state.passage_keys(atlas)), language=None)
