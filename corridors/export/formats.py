"""The export formats and print options: plain names, importable without the geometry stack (fast ``--help``)."""

from __future__ import annotations

from dataclasses import dataclass

HTML_FORMATS = ("html",)
STATIC_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("geojson", "gpkg", "kml", "csv")
FORMATS = HTML_FORMATS + STATIC_FORMATS + DATA_FORMATS


@dataclass(frozen=True)
class PrintOptions:
    """Page and resolution of a PNG, SVG or PDF (``corridors.printmap.page.sheet_for``)."""

    page: str | None = None
    orientation: str | None = None
    width_px: int | None = None
    dpi: float | None = None

    def given(self) -> list[str]:
        return [f"--{name.replace('_', '-')}" for name, value in vars(self).items() if value is not None]
