"""The credit line every map carries: sources, boundaries, and the data's own licence."""

from __future__ import annotations

import pandas as pd

from corridors.data.atlas import Atlas

BOUNDARIES = "Boundaries: Natural Earth (public domain)"
# geodata/README.md: some lines are drawn through station positions derived from
# OpenStreetMap (their accuracy notes say so); maps showing them credit it (ODbL).
STATIONS = "Station positions \u00a9 OpenStreetMap contributors (ODbL)"
_OSM_NOTE = r"OpenStreetMap|\bOSM\b"


def source_info(atlas: Atlas, source_id: str) -> dict:
    """Title, publisher, date and URL of a source, from its metadata (None when unknown)."""
    source = atlas.sources[source_id]

    def field(name):
        entry = source.metadata.get(name)
        return entry.get("value") if isinstance(entry, dict) else entry

    return {
        "id": source_id,
        "title": source.title,
        "publisher": field("publisher"),
        "date": field("date"),
        "url": field("url"),
    }


def source_credit(info: dict) -> str:
    """``Title (Publisher, date)``, leaving out what the metadata does not know."""
    detail = ", ".join(str(v) for v in (info["publisher"], info["date"]) if v)
    return info["title"] + (f" ({detail})" if detail else "")


def cited_source_ids(atlas: Atlas, feature_ids) -> list[str]:
    ids: list[str] = []
    for fid in feature_ids:
        for cite in atlas.citations_for(fid):
            if cite.source.id not in ids:
                ids.append(cite.source.id)
    return ids


def credit_line(atlas: Atlas, features: pd.DataFrame | None = None) -> str:
    """Plain text credits for a map showing ``features`` (default: the whole atlas).

    Whoever puts it into HTML escapes it.
    """
    features = atlas.features if features is None else features
    parts = [source_credit(source_info(atlas, sid)) for sid in cited_source_ids(atlas, features.index)]
    credits = [f"{'Source' if len(parts) == 1 else 'Sources'}: {'; '.join(parts)}"] if parts else []
    credits.append(BOUNDARIES)
    if features["accuracy_note"].str.contains(_OSM_NOTE, regex=True).any():
        credits.append(STATIONS)
    return " \u00b7 ".join([*credits, "Corridor Atlas"])
