"""Exports for reports: one entry point over the HTML, print and data exporters.

==================  ====================================================  ==============================
format              what                                                  module
==================  ====================================================  ==============================
html                self-contained interactive map (+ an iframe snippet)  ``corridors.web.folium_map``
png / svg / pdf     static map for print, on a page or a screen width     ``corridors.printmap.sheet``
geojson/gpkg/kml    the view's features with their citations              ``corridors.export.data``
csv                 one row per citation                                  ``corridors.export.data``
==================  ====================================================  ==============================

Every export is of a view (``corridors.model.mapview.MapView``: extent, layers, filters,
date, names, highlight) and carries a manifest saying which data, view, sources and tool
made it (``corridors.export.views``, ``corridors.export.manifest_io``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.export.formats import DATA_FORMATS, FORMATS, HTML_FORMATS, STATIC_FORMATS, PrintOptions
from corridors.web.escape import h

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas
    from corridors.model.mapview import MapView
    from corridors.model.selection import Selection

DEFAULT_BASE_URL = "http://localhost:8501/"  # the app's address when run locally (``corridors.model.mapview``)

__all__ = ["DATA_FORMATS", "FORMATS", "HTML_FORMATS", "STATIC_FORMATS", "embed_snippet", "export", "map_html",
           "view_of"]


def export(
    atlas: Atlas,
    fmt: str,
    out: Path | str,
    selection: Selection | None = None,
    title: str | None = None,
    *,
    view: MapView | None = None,
    options: PrintOptions | None = None,
    base_url: str = DEFAULT_BASE_URL,
    **map_options,
) -> list[Path]:
    """Write ``atlas`` to ``out`` in ``fmt``; return the files written (the map or data file first).

    Give a ``view`` (``corridors.model.mapview.MapView``), or the older
    ``selection``, ``title`` and map options (``basemap``, ``naming``, ``view``
    as a centre and zoom, ``focus``), which make one. Every file carries a
    manifest (``corridors.export.manifest_io``).
    """
    from corridors.export.views import export_view

    if view is None:
        view = view_of(selection, title, **map_options)
    elif selection is not None or title is not None or map_options:
        raise ValueError("give a view, or a selection, title and map options, not both")
    return export_view(atlas, view, fmt, out, options=options, base_url=base_url)


def view_of(selection: Selection | None = None, title: str | None = None, *, basemap: str | None = None,
            naming: str | None = None, view=None, focus=(), **unknown) -> MapView:
    """The ``MapView`` of the older export arguments (a ``Selection`` and map options)."""
    from corridors.model.mapview import MapView
    from corridors.model.selection import Selection

    if unknown:
        raise TypeError(f"unknown map option(s) {sorted(unknown)}")
    selection = selection or Selection()
    values = {"basemap": basemap, "naming": naming}
    return MapView(centre=view, layers=selection.layers, statuses=selection.statuses, modes=selection.modes,
                   as_of=selection.as_of, sources=selection.sources, known_by=selection.known_by,
                   focus=tuple(focus or ()), title=title,
                   **{k: v for k, v in values.items() if v is not None})


def map_html(atlas: Atlas, selection: Selection | None = None, title: str | None = None, **map_options) -> str:
    """The interactive map as one self-contained HTML document (no network needed)."""
    from corridors.web.folium_map import build_map

    m = build_map(atlas, selection, title=title, **map_options)
    html = m.get_root().render()
    if title:
        html = html.replace("<head>", f"<head>\n<title>{h(title)}</title>", 1)
    return html


def embed_snippet(src: str, title: str, aspect: str = "3 / 2", min_height: int = 360,
                  caption: str | None = None) -> str:
    """An iframe to put the exported map into a report page: as wide as the column it sits in, as tall as
    ``aspect`` makes it (3:2: 480 px in a 720 px column), never under ``min_height`` (a phone keeps a
    usable map), and titled for screen readers; with a ``caption``, in a figure under it."""
    if not re.fullmatch(r"\d+(\.\d+)? ?/ ?\d+(\.\d+)?", aspect):
        raise ValueError(f"aspect must be like '3 / 2', got {aspect!r}")
    iframe = (
        f'<iframe src="{h(src)}" title="{h(title)}" '
        f'style="display:block;width:100%;aspect-ratio:{aspect};min-height:{int(min_height)}px;'
        'max-height:85vh;border:0" loading="lazy" referrerpolicy="no-referrer" allowfullscreen></iframe>'
    )
    if caption is None:
        return iframe
    return f'<figure style="margin:0">\n  {iframe}\n  <figcaption>{h(caption)}</figcaption>\n</figure>'

