"""Take it into a report: the view on screen as HTML, PNG, SVG, PDF, GeoJSON and CSV, with its alt text and
caption, an iframe snippet and a share link.

Every file is an export of one ``MapView`` (``current_view``): the map's centre and
zoom, the ticked layers, the filters, the date, the names and the highlight, as
``python -m corridors export`` would draw it from the same share link. Data files
are made when their button is pressed; a print file takes seconds, so it is made
on request, with a status line saying what is being made.
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path

import streamlit as st

from corridors.app import state as app_state
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.export import embed_snippet
from corridors.export.formats import PrintOptions
from corridors.export.views import export_view
from corridors.model.describe import Description, describe_view
from corridors.model.mapview import DEFAULT_BASE_URL, MapView, view_features
from corridors.vocabulary import CORRIDORS

PRINT_FORMATS = {"png": ("PNG", "image/png"), "svg": ("SVG", "image/svg+xml"), "pdf": ("PDF", "application/pdf")}
PAGES = {"a4": "A4", "letter": "Letter", "a3": "A3"}
ORIENTATIONS = {"auto": "as the view is shaped", "landscape": "landscape", "portrait": "portrait"}


def current_view(session: Session, state: AppState, title: str | None) -> MapView:
    """The view on screen: what every download of this panel draws."""
    return MapView(
        centre=state.view, layers=state.layers, statuses=state.statuses, modes=state.modes, as_of=state.as_of,
        naming=state.naming, focus=tuple(session.focus), basemap=state.basemap, title=title or None,
        sources=state.sources, known_by=state.known_by,
    )


@functools.lru_cache(maxsize=16)
def _describe(atlas: Atlas, view: MapView) -> Description:
    # Atlas objects hash by identity: a reloaded atlas is a new key. Reruns of the same view reuse it.
    return describe_view(atlas, view, view_features(atlas, view))


def _file(atlas: Atlas, view: MapView, fmt: str, base_url: str, options: PrintOptions | None = None,
          user_layers=()) -> bytes:
    """One export of ``view`` in memory (its temporary folder is removed); ``user_layers`` go into HTML and GeoJSON."""
    with tempfile.TemporaryDirectory() as tmp:
        written = export_view(atlas, view, fmt, Path(tmp) / f"corridor-atlas.{fmt}", options=options,
                              base_url=base_url, user_layers=user_layers)
        return written[0].read_bytes()


def show(atlas: Atlas, session: Session, state: AppState) -> None:
    shown = [CORRIDORS[c].label.split(" \u2014 ")[0] for c in state.layers]
    default_title = "Corridor Atlas: " + (", ".join(shown) if shown else "no layers") + (
        f" (as of {state.as_of})" if state.as_of else "")
    title = st.text_input("Title of the exported map", value=default_title, key=Key.EXPORT_TITLE)
    base_url = getattr(st.context, "url", None) or DEFAULT_BASE_URL
    try:
        view = current_view(session, state, title)
        description = _describe(atlas, view)
    except ValueError as exc:  # no layer ticked, or filters that keep nothing in view
        st.info(f"Nothing to export: {md(exc)}.")
        return
    st.caption("Every file shows the view on screen (extent, layers, filters, date, names, highlight) and "
               "carries a manifest: `python -m corridors manifest FILE` prints it.")

    # Data files are quick: made when their button is pressed, not on every rerun.
    mine = [session.user_layer] if session.user_layer is not None else []  # the user's layer (issue 12)
    cols = st.columns(3)
    cols[0].download_button("Map as HTML", lambda: _file(atlas, view, "html", base_url, user_layers=mine),
                            "corridor-atlas.html",
                            "text/html", key=Key.DOWNLOAD_HTML, on_click="ignore", icon=":material/map:",
                            help="self-contained, works offline")
    cols[1].download_button("Features as GeoJSON", lambda: _file(atlas, view, "geojson", base_url, user_layers=mine),
                            "corridor-atlas.geojson", "application/geo+json", key=Key.DOWNLOAD_GEOJSON,
                            on_click="ignore", icon=":material/data_object:")
    cols[2].download_button("Citations as CSV", lambda: _file(atlas, view, "csv", base_url), "corridor-atlas.csv",
                            "text/csv", key=Key.DOWNLOAD_CSV, on_click="ignore", icon=":material/table:",
                            help="one row per citation (the manifest is left out: a CSV has no place for it)")
    _print_files(atlas, session, view, base_url)

    st.markdown("**Alt text** for the map (screen readers; it is also in the files):")
    st.code(description.alt, language=None, wrap_lines=True)
    st.markdown("**Caption** for a report:")
    st.code(description.caption, language=None, wrap_lines=True)
    st.markdown("**Embed** the downloaded HTML map in a report page:")
    st.code(embed_snippet("corridor-atlas.html", view.title or "Corridor Atlas map", caption=description.caption),
            language="html")
    st.markdown("**Share** this view (layers, filters, date, names, selected feature and passage, map view):")
    st.code(app_state.share_url(base_url, state, app_state.passage_keys(atlas)), language=None)


def _print_files(atlas: Atlas, session: Session, view: MapView, base_url: str) -> None:
    """PNG, SVG or PDF of the view on a page: made on request, with a status while it is made."""
    cols = st.columns([1, 1, 1.4, 1.6], vertical_alignment="bottom")
    fmt = cols[0].selectbox("Print file", list(PRINT_FORMATS), format_func=lambda k: PRINT_FORMATS[k][0],
                            key=Key.PRINT_FORMAT)
    page = cols[1].selectbox("Page", list(PAGES), format_func=PAGES.get, key=Key.PRINT_PAGE)
    orientation = cols[2].selectbox("Orientation", list(ORIENTATIONS), format_func=ORIENTATIONS.get,
                                    key=Key.PRINT_ORIENTATION)
    options = PrintOptions(page=page, orientation=None if orientation == "auto" else orientation)
    made_of = (view, fmt, options, base_url)
    label = PRINT_FORMATS[fmt][0]
    if cols[3].button(f"Make the {label} of this view", key=Key.MAKE_PRINT, icon=":material/print:"):
        with st.status(f"Making the {label} of this view on {PAGES[page]}\u2026", expanded=False) as status:
            start = time.perf_counter()
            data = _file(atlas, view, fmt, base_url, options)
            seconds = time.perf_counter() - start
            status.update(label=f"The {label} is ready ({seconds:.1f} s): download it below.", state="complete")
        session.print_file = {"key": made_of, "fmt": fmt, "data": data, "seconds": seconds}
    made = session.print_file
    if made and made["key"] == made_of:
        st.download_button(f"Map as {label}", made["data"], f"corridor-atlas.{fmt}", PRINT_FORMATS[fmt][1],
                           key=Key.download(fmt), on_click="ignore", icon=":material/download:")
    elif made:
        st.caption("The view or the page changed since the last file was made: make it again.")
