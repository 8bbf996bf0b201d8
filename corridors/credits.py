"""The credit line every map carries: sources, boundaries, and the data's own licence."""

from __future__ import annotations

from .atlas import Atlas

BOUNDARIES = "Boundaries: Natural Earth (public domain)"
# geodata/README.md: the BAM and Russian INSTC lines are drawn through station
# positions derived from OpenStreetMap, so maps showing them credit it (ODbL).
STATIONS = "Station positions \u00a9 OpenStreetMap contributors (ODbL)"


def source_credits(atlas: Atlas) -> str:
    parts = []
    for source in atlas.sources.values():
        meta = source.metadata
        publisher = (meta.get("publisher") or {}).get("value") or "publisher unknown"
        date = (meta.get("date") or {}).get("value")
        parts.append(f"{source.title} ({publisher}{', ' + date if date else ''})")
    return "Source: " + "; ".join(parts)


def credit_line(atlas: Atlas) -> str:
    """Plain text; whoever puts it into HTML escapes it."""
    return f"{source_credits(atlas)} \u00b7 {BOUNDARIES} \u00b7 {STATIONS} \u00b7 Corridor Atlas"
