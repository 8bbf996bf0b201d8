"""Export a ``MapView``: the same extent, layers, filters, date, names and highlight in every format.

``export_view(atlas, view, fmt, out)`` is what ``python -m corridors export`` and
the app's downloads call. Each file carries its manifest (``corridors.model.manifest``,
written by ``manifest_io`` and ``printmap.save``) and the map formats carry the
description (``corridors.model.describe``) as alt text and caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.data.atomic import write_text
from corridors.data.fingerprint import data_version, short_version
from corridors.export.formats import FORMATS, STATIC_FORMATS, PrintOptions
from corridors.export.manifest_io import embed_data_manifest, script_json
from corridors.model.describe import Description, default_title, describe_view
from corridors.model.manifest import KEY, build_manifest, dumps
from corridors.model.mapview import DEFAULT_BASE_URL, MapView, view_features
from corridors.web.escape import h

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas

def export_view(
    atlas: Atlas,
    view: MapView,
    fmt: str,
    out: Path | str,
    *,
    options: PrintOptions | None = None,
    base_url: str = DEFAULT_BASE_URL,
    user_layers: Sequence[tuple[str, Sequence[dict]]] = (),
) -> list[Path]:
    """Write ``view`` of ``atlas`` to ``out`` in ``fmt``; return the files written (the map first).

    ``user_layers``: ``(name, features)`` uploaded for this session (``data.upload.load_user_layer``),
    drawn in HTML as "Your layer: NAME" and added to GeoJSON; other formats leave them out.

    Raises ``ValueError`` for an unknown format, page options on a format
    without pages, focus ids not in the atlas, and a view that shows nothing.
    """
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    options = options or PrintOptions()
    if fmt not in STATIC_FORMATS and options.given():
        raise ValueError(f"{', '.join(options.given())} apply to png, svg and pdf, not {fmt}")
    view.check(atlas)
    features = view_features(atlas, view)

    if fmt in STATIC_FORMATS:
        return [_export_print(atlas, view, features, fmt, out, options, base_url)]
    if fmt == "html":
        return _export_html(atlas, view, features, out, base_url, user_layers)
    from corridors.export.data import export_data

    manifest = build_manifest(atlas, view, features, fmt, base_url=base_url)
    # The manifest goes into the temporary file, so a failed write leaves no file without it (issue 12);
    # a CSV's manifest is a sidecar file, written (whole or not at all) once the CSV is in place.
    extra = user_features(user_layers) if fmt == "geojson" else ()
    export_data(atlas, fmt, out, rows=features, manifest=manifest, extra_features=extra)
    return [out, *(embed_data_manifest(out, fmt, manifest) if fmt == "csv" else [])]


def keywords(view: MapView, version: str) -> str:
    """Search words for a file's metadata: what, when, which names, which data."""
    parts = ["Corridor Atlas", f"as of {view.as_of}" if view.as_of else "all dates", f"names: {view.naming}",
             f"data {short_version(version)}"]
    return "; ".join(parts)


def _export_print(atlas, view, features, fmt, out, options: PrintOptions, base_url) -> Path:
    from corridors.printmap.sheet import export_view as export_print

    version = data_version(atlas.data_dir)

    def metadata_for(rendered):
        description = describe_view(atlas, view, features, title=rendered.title)
        manifest = build_manifest(atlas, view, features, fmt, base_url=base_url,
                                  description=description.to_dict(), rendered=rendered.describe())
        info = {"Title": rendered.title, "Description": description.alt, "Keywords": keywords(view, version)}
        return info, dumps(manifest)

    export_print(atlas, view, out, fmt, page=options.page, orientation=options.orientation,
                 width_px=options.width_px, dpi=options.dpi, data_version=short_version(version),
                 share_link=view.share_link(base_url), metadata_for=metadata_for)
    return out


# ---------------------------------------------------------------- HTML

_FIGURE_CSS = (
    "figure.corridors-figure{display:flex;flex-direction:column;height:100%;margin:0}"
    # The map's own rule (by id) sets height:100%; as a flex item it takes what the caption leaves.
    "figure.corridors-figure>.folium-map{flex:1 1 auto;min-height:0;height:auto!important}"
    "figcaption.corridors-caption{flex:0 0 auto;font:12px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;"
    "color:#333;background:#fff;padding:5px 10px;border-top:1px solid #ddd;max-height:30%;overflow:auto}"
)


def view_html(atlas: Atlas, view: MapView, features, base_url: str = DEFAULT_BASE_URL,
              user_layers: Sequence[tuple[str, Sequence[dict]]] = ()) -> tuple[str, Description]:
    """The interactive map of ``view`` as one self-contained HTML document, with its manifest and caption."""
    from corridors.web.folium_map import build_map
    from corridors.web.user_layer import add_user_layers

    title = view.title or default_title(features, view.selection())
    m = build_map(atlas, view.selection(), basemap=view.basemap, view=view.centre, naming=view.naming, title=title,
                  focus=view.focus, bounds=view.bbox)
    add_user_layers(m, user_layers)
    description = describe_view(atlas, view, features, title=title)
    manifest = build_manifest(atlas, view, features, "html", base_url=base_url, description=description.to_dict())
    page = m.get_root().render()
    head = (
        f"<title>{h(title)}</title>\n"
        f'<meta name="description" content="{h(description.alt)}" />\n'
        f'<meta name="corridors:data-version" content="{h(manifest["data_version"])}" />\n'
        f'<meta name="corridors:share-link" content="{h(manifest["share_link"])}" />\n'
        f'<script type="application/json" id="{KEY}">{script_json(manifest)}</script>\n'
        f"<style>{_FIGURE_CSS}</style>"
    )
    page = page.replace("<head>", "<head>\n" + head, 1)
    div = re.search(r'<div class="folium-map" id="(map_[0-9a-f]+)" ?></div>', page)
    if div is None:  # pragma: no cover - folium's template changed; the test of this module would say so
        raise RuntimeError("cannot find the map element in folium's HTML")
    figure = (
        '<figure class="corridors-figure">'
        f'<div class="folium-map" id="{div.group(1)}" role="region" aria-label="{h(description.alt)}" '
        'aria-describedby="corridors-caption"></div>'
        f'<figcaption class="corridors-caption" id="corridors-caption">{h(description.caption)}</figcaption>'
        "</figure>"
    )
    return page[: div.start()] + figure + page[div.end():], description


def _export_html(atlas, view, features, out: Path, base_url: str, user_layers=()) -> list[Path]:
    from corridors.export.dispatch import embed_snippet

    page, description = view_html(atlas, view, features, base_url, user_layers)
    write_text(out, page)  # whole or not at all; a failure names the file
    snippet = out.with_name(out.stem + "-embed.html")
    title = view.title or default_title(features, view.selection())
    write_text(snippet, embed_snippet(out.name, title, caption=description.caption) + "\n")
    return [out, snippet]


def user_features(user_layers: Sequence[tuple[str, Sequence[dict]]]) -> list[dict]:
    """The uploaded layers' features for a data export: their own properties, with ``user_layer``
    naming the layer (``uncited`` is already there). Plain JSON data: nothing here is rendered."""
    from corridors.web.user_layer import layer_title

    return [
        {"type": "Feature", "geometry": f["geometry"],
         "properties": {**(f.get("properties") or {}), "user_layer": layer_title(name)}}
        for name, features in user_layers
        for f in features
    ]
