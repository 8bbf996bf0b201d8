"""Exports for reports: one entry point over the HTML, print and data exporters.

==================  ====================================================  ==============================
format              what                                                  module
==================  ====================================================  ==============================
html                self-contained interactive map (+ an iframe snippet)  ``corridors.web.folium_map``
png / svg / pdf     static map for print                                  ``corridors.printmap.figure``
geojson/gpkg/kml    the selected features with their citations            ``corridors.export.data``
csv                 one row per citation                                  ``corridors.export.data``
==================  ====================================================  ==============================
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas
    from corridors.model.selection import Selection
from corridors.web.escape import h

HTML_FORMATS = ("html",)
STATIC_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("geojson", "gpkg", "kml", "csv")
FORMATS = HTML_FORMATS + STATIC_FORMATS + DATA_FORMATS


def export(
    atlas: Atlas,
    fmt: str,
    out: Path | str,
    selection: Selection | None = None,
    title: str | None = None,
    **map_options,
) -> list[Path]:
    """Write ``atlas`` (as selected) to ``out`` in ``fmt``; return the files written."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        return export_html(atlas, out, selection, title=title, **map_options)
    if fmt in STATIC_FORMATS:
        from corridors.printmap.figure import export_static

        return [export_static(atlas, out, fmt, selection=selection, title=title)]
    from corridors.export.data import export_data

    return [export_data(atlas, fmt, out, selection=selection)]


def map_html(atlas: Atlas, selection: Selection | None = None, title: str | None = None, **map_options) -> str:
    """The interactive map as one self-contained HTML document (no network needed)."""
    from corridors.web.folium_map import build_map

    m = build_map(atlas, selection, title=title, **map_options)
    html = m.get_root().render()
    if title:
        html = html.replace("<head>", f"<head>\n<title>{h(title)}</title>", 1)
    return html


def export_html(atlas: Atlas, out: Path, selection: Selection | None = None, title: str | None = None,
                **map_options) -> list[Path]:
    out.write_text(map_html(atlas, selection, title=title, **map_options), encoding="utf-8")
    snippet = out.with_name(out.stem + "-embed.html")
    snippet.write_text(embed_snippet(out.name, title or "Corridor Atlas map") + "\n", encoding="utf-8")
    return [out, snippet]


def embed_snippet(src: str, title: str, aspect: str = "3 / 2", min_height: int = 360) -> str:
    """An iframe to put the exported map into a report page: as wide as the column it sits in, as tall as
    ``aspect`` makes it (3:2: 480 px in a 720 px column), never under ``min_height`` (a phone keeps a
    usable map), and titled for screen readers."""
    if not re.fullmatch(r"\d+(\.\d+)? ?/ ?\d+(\.\d+)?", aspect):
        raise ValueError(f"aspect must be like '3 / 2', got {aspect!r}")
    return (
        f'<iframe src="{h(src)}" title="{h(title)}" '
        f'style="display:block;width:100%;aspect-ratio:{aspect};min-height:{int(min_height)}px;'
        'max-height:85vh;border:0" loading="lazy" referrerpolicy="no-referrer" allowfullscreen></iframe>'
    )
