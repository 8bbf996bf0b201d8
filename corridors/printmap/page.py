"""The sheet a print map is drawn on: a page (A4, Letter, A3, either way up) or a screen image.

A page has a fixed size, exactly the paper's, and the map fills what the title,
legend and small print leave of it. A screen image (PNG of a given pixel width,
no page, e.g. 390 px for a phone) has a fixed width and grows as tall as its
content needs.
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_INCH = 25.4
# ISO 216 and ANSI sizes, portrait, in millimetres (Letter is 8.5 x 11 in).
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "a3": (297.0, 420.0),
}
PAGES = tuple(PAGE_SIZES_MM)
ORIENTATIONS = ("portrait", "landscape")
DEFAULT_PAGE = "a4"
DEFAULT_PNG_DPI = 200
SCREEN_DPI = 100  # a screen image's text at ~1.4 px per point: 7.5 pt labels are 10 px high
MIN_WIDTH_PX, MAX_WIDTH_PX = 300, 12000


@dataclass(frozen=True)
class Sheet:
    """Figure size in inches (``height_in`` None: follows the content), resolution and margins."""

    width_in: float
    height_in: float | None
    dpi: float
    margin_in: float
    page: str | None = None  # "a4", "letter", "a3"; None for a screen image
    orientation: str | None = None
    raster: bool = True  # False for SVG and PDF, whose size is the page and whose dpi means nothing

    @property
    def compact(self) -> bool:
        """A narrow sheet (a phone): smaller title, tighter margins."""
        return self.width_in < 6.0

    def describe(self) -> dict:
        out = {"page": self.page, "orientation": self.orientation, "width_in": round(self.width_in, 4),
               "height_in": None if self.height_in is None else round(self.height_in, 4),
               "dpi": round(self.dpi, 3) if self.raster else None}
        return {k: v for k, v in out.items() if v is not None}


def page_inches(page: str, orientation: str) -> tuple[float, float]:
    if page not in PAGE_SIZES_MM:
        raise ValueError(f"page {page!r} is not one of {', '.join(PAGES)}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation {orientation!r} is not one of {', '.join(ORIENTATIONS)}")
    short, long = (v / MM_PER_INCH for v in PAGE_SIZES_MM[page])
    return (short, long) if orientation == "portrait" else (long, short)


def sheet_for(
    fmt: str,
    page: str | None = None,
    orientation: str | None = None,
    width_px: int | None = None,
    dpi: float | None = None,
    aspect: float = 0.7,
) -> Sheet:
    """The sheet for an export in ``fmt`` (png, svg, pdf).

    ``aspect`` is the map's height / width; it picks the orientation when none
    is given (a tall extent gets a portrait page). Without ``page``, a PNG with
    ``width_px`` is a screen image that wide; everything else is an A4 page.
    Raises ``ValueError`` for options that do not apply to ``fmt`` or clash.
    """
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"pages are for png, svg and pdf, not {fmt!r}")
    if fmt != "png" and (width_px is not None or dpi is not None):
        raise ValueError("--width-px and --dpi apply to png only (svg and pdf are vector: their size is the page)")
    if width_px is not None and dpi is not None and page is not None:
        raise ValueError("give --width-px or --dpi with --page, not both: on a page one sets the other")
    if width_px is not None and not (MIN_WIDTH_PX <= int(width_px) <= MAX_WIDTH_PX):
        raise ValueError(f"--width-px must be between {MIN_WIDTH_PX} and {MAX_WIDTH_PX}, got {width_px}")
    if dpi is not None and not (30 <= float(dpi) <= 1200):
        raise ValueError(f"--dpi must be between 30 and 1200, got {dpi}")
    if orientation is not None and orientation not in ORIENTATIONS:
        raise ValueError(f"orientation {orientation!r} is not one of {', '.join(ORIENTATIONS)}")

    if page is None and width_px is not None:
        resolution = float(dpi or SCREEN_DPI)
        width_in = int(width_px) / resolution
        return Sheet(width_in, None, resolution, margin_in=min(0.4, width_in * 0.04))

    page = page or DEFAULT_PAGE
    orientation = orientation or ("portrait" if aspect > 1.0 else "landscape")
    width_in, height_in = page_inches(page, orientation)
    if width_px is not None:
        resolution = int(width_px) / width_in
    else:
        resolution = float(dpi or DEFAULT_PNG_DPI) if fmt == "png" else 72.0
    return Sheet(width_in, height_in, resolution, margin_in=0.45, page=page, orientation=orientation,
                 raster=fmt == "png")
