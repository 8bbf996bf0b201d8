"""Saving a print map with what it carries about itself: title, description and the export's manifest.

=====  ==================================================================================
PNG    text chunks: ``Title``, ``Description`` (alt text), ``Software`` and the manifest
       under the keyword ``corridors-manifest`` (Pillow writes iTXt for non-Latin-1 text)
PDF    document information: ``Title``, ``Subject`` (alt text), ``Keywords``, ``Creator``
       and the manifest under the custom key ``CorridorsManifest`` (PDF 1.7, 14.3.3 lets a
       document information dictionary carry keys of its own)
SVG    ``<title>`` and ``<desc>`` (alt text) for assistive technology, and a ``<metadata
       id="corridors-manifest">`` element holding the manifest as JSON text
=====  ==================================================================================

``corridors.export.manifest_io`` reads each back.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from pathlib import Path

from corridors.data.atomic import atomic_output

MANIFEST_KEY = "corridors-manifest"
PDF_MANIFEST_KEY = "CorridorsManifest"


def save_figure(fig, out: Path, fmt: str, dpi: float, info: dict[str, str], manifest: str | None) -> None:
    """Write ``fig`` to ``out`` in ``fmt`` with ``info`` (Title, Description, Keywords) and ``manifest`` (JSON)."""
    title, description = info.get("Title"), info.get("Description")
    if fmt == "png":
        metadata = {"Software": "Corridor Atlas", "Title": title, "Description": description,
                    "Comment": info.get("Keywords")}
        if manifest:
            metadata[MANIFEST_KEY] = manifest
        data = _render(fig, "png", dpi, {k: v for k, v in metadata.items() if v})
    elif fmt == "pdf":
        metadata = {"Creator": "Corridor Atlas", "Title": title, "Subject": description,
                    "Keywords": info.get("Keywords")}
        if manifest:
            metadata[PDF_MANIFEST_KEY] = manifest
        with warnings.catch_warnings():
            # matplotlib warns about any key outside the standard nine, then writes it all the same.
            warnings.filterwarnings("ignore", message=f"Unknown infodict keyword: '{PDF_MANIFEST_KEY}'")
            data = _render(fig, "pdf", dpi, {k: v for k, v in metadata.items() if v})
    elif fmt == "svg":
        data = _render(fig, "svg", dpi, {"Title": title} if title else {})
        data = svg_with_metadata(data.decode("utf-8"), title, description, manifest).encode("utf-8")
    else:
        raise ValueError(f"unknown image format {fmt!r}; choose from png, svg, pdf")
    _write_atomic(Path(out), data)


def _render(fig, fmt: str, dpi: float, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def svg_with_metadata(svg: str, title: str | None, description: str | None, manifest: str | None) -> str:
    """``svg`` with ``<title>``, ``<desc>`` and the manifest as the first children of its root element."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("not an SVG document: no <svg> element")
    parts = []
    if title:
        parts.append(f"<title>{html.escape(title, quote=False)}</title>")
    if description:
        parts.append(f'<desc id="corridors-alt">{html.escape(description, quote=False)}</desc>')
    if manifest:
        parts.append(f'<metadata id="{MANIFEST_KEY}">{html.escape(manifest, quote=False)}</metadata>')
    opening = root.group(0)
    if description and "aria-describedby" not in opening:
        opening = opening[:-1] + ' role="img" aria-describedby="corridors-alt">'
    return svg[: root.start()] + opening + "\n " + "\n ".join(parts) + svg[root.end():]


def _write_atomic(out: Path, data: bytes) -> None:
    """Write whole or not at all (``corridors.data.atomic``): a reader never sees half a map, and a
    full disk or a missing permission is a ``WriteError`` naming ``out``."""
    with atomic_output(out) as temp:
        temp.write_bytes(data)
