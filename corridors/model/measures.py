"""Corridor summaries: length by status, mode and country, and the missing links.

Lengths come from ``corridors.data.geodesy`` (on the ellipsoid, never in degrees).
Every measured length is a *drawn* length: the lines are chords between known
points (stations, towns), which cut the curves of the real track, so they run
short of it (the BAM's drawn line is 85 % of the article's figure). Summaries
therefore name their kilometres as drawn and list, beside them, the lengths
the sources state, with their quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from corridors.data.geodesy import geodesic_length_km
from corridors.vocabulary import NO_MODE as UNKNOWN  # key for a missing status or mode in summaries


@dataclass
class CorridorSummary:
    corridor: str
    feature_count: int
    line_count: int
    total_km: float
    by_status: dict[str, float]
    by_mode: dict[str, float]
    by_country: dict[str, float]
    missing_links: list[dict] = field(default_factory=list)
    stated_lengths: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "corridor": self.corridor,
            "features": self.feature_count,
            "lines": self.line_count,
            "lengths": "drawn",  # every *_km below is measured on the drawn lines
            "total_km": round(self.total_km, 1),
            "by_status_km": _rounded(self.by_status),
            "by_mode_km": _rounded(self.by_mode),
            "by_country_km": _rounded(self.by_country),
            "missing_links": self.missing_links,
            "stated_lengths": self.stated_lengths,
        }


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 1) for k, v in sorted(values.items(), key=lambda kv: -kv[1])}


def corridor_lines(features: pd.DataFrame, corridor: str) -> pd.DataFrame:
    """The measurable lines of a corridor: segments, sea routes and whole routes.

    Whole-route features that duplicate their segments would be counted twice,
    so when a route is also split into segments only the segments count.
    """
    rows = features[(features["corridor"] == corridor) & features["length_km"].notna()]
    segmented_routes = set(rows.loc[rows["kind"] != "route", "route"].dropna())
    keep = ~((rows["kind"] == "route") & rows["route"].isin(segmented_routes))
    return rows[keep]


def summarize_corridor(features, corridor: str, countries=None) -> CorridorSummary:
    """Length by status, mode and country, and the missing links, of one corridor.

    ``countries`` is a GeoDataFrame of country boundaries (``iso_a3``); without
    it, lengths by country are not computed.
    """
    rows = features[features["corridor"] == corridor]
    lines = corridor_lines(features, corridor)
    by_status = _sum_by(lines, "status")
    by_mode = _sum_by(lines, "mode")
    by_country = _length_by_country(lines, countries) if countries is not None else {}
    missing = [
        {
            "id": fid,
            "name": row["name"],
            "status": row["status"],
            "length_km": None if pd.isna(row["length_km"]) else round(float(row["length_km"]), 1),
        }
        for fid, row in rows[rows["missing_link"]].iterrows()
    ]
    return CorridorSummary(
        corridor=corridor,
        feature_count=len(rows),
        line_count=len(lines),
        total_km=float(lines["length_km"].sum()),
        by_status=by_status,
        by_mode=by_mode,
        by_country=by_country,
        missing_links=missing,
        stated_lengths=[_stated(fid, row) for fid, row in rows.iterrows() if not pd.isna(row.get("stated_km"))],
    )


def _stated(fid: str, row) -> dict:
    """A stated length with its evidence, and the drawn length beside it."""
    figure = next(f for f in row["claims"]["figures"] if f["what"] == "length" and f["unit"] == "km")
    cites = [(n, row["citations"][n - 1]) for n in figure["cite"] if 1 <= n <= len(row["citations"])]
    drawn = None if pd.isna(row["length_km"]) else round(float(row["length_km"]), 1)
    return {
        "id": fid,
        "name": row["name"],
        "stated_km": float(figure["value"]),
        "approx": bool(figure.get("approx")),
        "drawn_km": drawn,
        "drawn_share": None if drawn is None else round(drawn / float(figure["value"]), 3),
        "evidence": [{"n": n, "quote": c["quote"], "source": c["source"], "passage": c["passage"]}
                     for n, c in cites],
    }


def _sum_by(lines: pd.DataFrame, column: str) -> dict[str, float]:
    keys = lines[column].fillna(UNKNOWN)
    return {str(k): float(v) for k, v in lines["length_km"].groupby(keys).sum().items()}


def _length_by_country(lines, countries) -> dict[str, float]:
    totals: dict[str, float] = {}
    if lines.empty:
        return totals
    region = countries[countries.intersects(lines.geometry.union_all().envelope)]
    for geometry in lines.geometry:
        for code, country in zip(region["iso_a3"], region.geometry, strict=True):
            if not geometry.intersects(country):
                continue
            part = geometry.intersection(country)
            km = geodesic_length_km(part)
            if km > 0:
                totals[code] = totals.get(code, 0.0) + km
    # What no country holds is at sea (sea lanes, or coastline generalization gaps).
    total = float(sum(geodesic_length_km(g) for g in lines.geometry))
    sea = total - sum(totals.values())
    if sea > 1:
        totals["sea"] = sea
    return totals
