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

from pathlib import Path
from typing import TYPE_CHECKING

from corridors.data.atomic import write_text
from corridors.web.escape import h

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas
    from corridors.model.selection import Selection

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
    """Write ``atlas`` (as selected) to ``out`` in ``fmt``; return the files written.

    Every file is written whole or not at all (``corridors.data.atomic``): a failed
    write raises ``WriteError`` naming the file and leaves no partial file.
    """
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
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
    write_text(out, map_html(atlas, selection, title=title, **map_options))
    snippet = out.with_name(out.stem + "-embed.html")
    write_text(snippet, embed_snippet(out.name, title or "Corridor Atlas map") + "\n")
    return [out, snippet]


def embed_snippet(src: str, title: str, height: int = 600) -> str:
    """An iframe to put the exported map into a report page."""
    return (
        f'<iframe src="{h(src)}" title="{h(title)}" width="100%" height="{int(height)}" '
        'style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>'
    )
