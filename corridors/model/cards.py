"""A feature's card: everything the popup, the app and ``show`` tell about it.

Plain data (strings, lists); whoever renders it to HTML escapes it.
"""

from __future__ import annotations

import pandas as pd

from corridors.data.atlas import Atlas
from corridors.model.names import ARTICLE, display_name, other_names
from corridors.model.passages import passage_label
from corridors.vocabulary import status_label


def format_date_fact(date: dict) -> str:
    basis = "" if date["basis"] == "stated" else f" (inferred: {date.get('note') or 'see source'})"
    return f"{date['date']} \u2014 {date['label']}{basis}"


def feature_card(atlas: Atlas, feature_id: str, naming: str = ARTICLE) -> dict:
    row = atlas.feature(feature_id)
    shown = display_name(row, naming)
    facts: list[tuple[str, str]] = []
    names = other_names(row, shown)
    if names:
        facts.append(("Other names", "; ".join(f"{n['name']} ({n['lang']}, {n['used_by']})" for n in names)))
    route = f" \u2014 {row['route']} route" if isinstance(row["route"], str) else ""
    facts.append(("Corridor", row["corridor"] + route))
    facts.append(("Kind", row["kind"].replace("_", " ")))
    facts.append(("Status", status_label(row["status"])))
    if isinstance(row["mode"], str):
        facts.append(("Mode", row["mode"]))
    if row["missing_link"]:
        facts.append(("Missing link", "yes \u2014 the sources call it a missing link of its corridor"))
    if not pd.isna(row["length_km"]):
        facts.append(("Length", f"{row['length_km']:,.0f} km (geodesic, as drawn)"))
    if not pd.isna(row["area_km2"]):
        facts.append(("Area", f"{row['area_km2']:,.0f} km\u00b2 (geodesic, as drawn)"))
    if row["countries"]:
        facts.append(("Countries", ", ".join(row["countries"])))
    for date in row["dates"]:
        facts.append(("Date", format_date_fact(date)))
    start, end = (row[k] if isinstance(row[k], str) else None for k in ("period_start", "period_end"))
    if start or end:
        open_bound = "\u2026"  # pandas stores a missing bound as NaN, which is truthy
        span = f"{start or open_bound} \u2013 {end or open_bound}"
        facts.append(("Shown for", span + (f" ({row['period_note']})" if isinstance(row["period_note"], str) else "")))
    facts.append(
        ("Geometry", f"{row['accuracy_method']}, within about {row['accuracy_error_km']:g} km: {row['accuracy_note']}")
    )
    citations = [
        {
            "quote": c.quote,
            "source": c.source.id,
            "source_title": c.source_title,
            "passage": c.passage.id,  # for machines: links, exports
            "passage_kind": c.passage.kind,
            "passage_label": passage_label(c.source, c.passage),  # for readers
            "start": c.span.start if c.span else None,
            "end": c.span.end if c.span else None,
        }
        for c in atlas.citations_for(feature_id)
    ]
    return {
        "id": feature_id,
        "name": shown,
        "facts": facts,
        "description": row["description"],
        "citations": citations,
    }
