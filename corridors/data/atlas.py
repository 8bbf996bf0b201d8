"""Load the atlas: features as a GeoDataFrame, sources split into passages, citations resolved.

``load_atlas()`` validates first and refuses bad data with a ``DataError`` that
carries the full validation report, so callers (CLI, app) can show every problem
with its file, feature and rule instead of a traceback.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from corridors.data.claims import described_from, feature_source_date, stated_length, status_history
from corridors.data.errors import DataError
from corridors.data.geodesy import geodesic_area_km2, geodesic_length_km
from corridors.data.limits import Limits
from corridors.data.paths import resolve
from corridors.data.sources import Passage, Source
from corridors.data.text import Span, locate
from corridors.data.validate import Report, read_and_validate

LINE_TYPES = ("LineString", "MultiLineString")
AREA_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Citation:
    feature_id: str
    source: Source
    passage: Passage
    quote: str
    span: Span | None  # where the quote sits in the passage text

    @property
    def source_title(self) -> str:
        return self.source.title


class Atlas:
    """The curated features and the sources they cite."""

    def __init__(self, data_dir: Path, features: gpd.GeoDataFrame, sources: dict[str, Source], report: Report):
        self.data_dir = data_dir
        self.features = features
        self.sources = sources
        self.report = report  # warnings survive loading; callers may show them
        self._citations = {fid: self._resolve(fid, cites) for fid, cites in features["citations"].items()}
        by_passage: dict[tuple[str, str], list[str]] = defaultdict(list)
        for fid, cites in self._citations.items():
            for cite in cites:
                key = (cite.source.id, cite.passage.id)
                if fid not in by_passage[key]:
                    by_passage[key].append(fid)
        self._by_passage = dict(by_passage)

    def _resolve(self, fid: str, raw: list[dict]) -> list[Citation]:
        out = []
        for cite in raw:
            source = self.sources[cite["source"]]
            passage = source.passage(cite["passage"])
            out.append(Citation(fid, source, passage, cite["quote"], locate(cite["quote"], passage.text)))
        return out

    def feature(self, feature_id: str) -> pd.Series:
        try:
            return self.features.loc[feature_id]
        except KeyError:
            raise KeyError(f"no feature with id {feature_id!r}") from None

    def citations_for(self, feature_id: str) -> list[Citation]:
        """The citations of a feature, resolved to their passages and quote offsets."""
        if feature_id not in self._citations:
            raise KeyError(f"no feature with id {feature_id!r}")
        return self._citations[feature_id]

    def features_for_passage(self, source_id: str, passage_id: str) -> list[str]:
        """Ids of the features citing a passage, in atlas order."""
        return list(self._by_passage.get((source_id, passage_id), []))

    def cited_passages(self) -> dict[tuple[str, str], list[str]]:
        return {key: list(value) for key, value in self._by_passage.items()}

    def find(self, text: str) -> list[str]:
        """Ids of features whose name or any other name contains ``text`` (case-insensitive)."""
        needle = text.casefold().strip()
        if not needle:
            return []
        return [
            fid
            for fid, row in self.features.iterrows()
            if needle in row["name"].casefold() or any(needle in a["name"].casefold() for a in row["alt_names"])
        ]


def load_atlas(data_dir: Path | str | None = None, limits: Limits | None = None) -> Atlas:
    """Read, validate and load the atlas from a data directory (default: the bundled data).

    Reads through the same bounded loader and rules as ``validate``, so what loads has validated.
    """
    data_dir = resolve(data_dir)
    files, sources, report = read_and_validate(data_dir, limits)
    if not report.ok:
        raise DataError(report)
    present_dates = {sid: source.present_date for sid, source in sources.items()}
    records = []
    for geo_file in files:
        for feature in geo_file.data["features"]:
            records.append(_record(feature, geo_file.label, present_dates))
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326").set_index("id", drop=False)
    frame.index.name = None
    return Atlas(data_dir, frame, sources, report)


def _record(feature: dict, label: str, present_dates: dict[str, str | None]) -> dict:
    props = feature["properties"]
    geometry = shape(feature["geometry"])
    accuracy = props["geometry_accuracy"]
    period = props.get("period") or {}
    source_date = feature_source_date(props, present_dates)
    stated = stated_length(props)
    return {
        "id": props["id"],
        "name": props["name"],
        "alt_names": props["alt_names"],
        "corridor": props["corridor"],
        "layer": props["layer"],
        "route": props.get("route"),
        "kind": props["kind"],
        "mode": props["mode"],
        "status": props["status"],
        "missing_link": bool(props.get("missing_link", False)),
        "countries": props["countries"],
        "dates": props["dates"],
        "period": period,
        "period_start": (period.get("start") or {}).get("date"),
        "period_end": (period.get("end") or {}).get("date"),
        "period_note": period.get("note"),
        "excludes": props.get("excludes") or [],
        "description": props["description"],
        "citations": props["citations"],
        "claims": props.get("claims") or {},
        # Per citation (1 = the first): its source and that source's date, for the source filter and the
        # "known by" clock (corridors.model.sources).
        "citation_sources": [c["source"] for c in props["citations"]],
        "citation_dates": [present_dates.get(c["source"]) for c in props["citations"]],
        "status_history": status_history(props),
        "source_date": source_date,
        "described_from": described_from(props, source_date),
        "accuracy_method": accuracy["method"],
        "accuracy_error_km": float(accuracy["error_km"]),
        "accuracy_note": accuracy["note"],
        # Drawn lengths: geodesic length of the drawn line (chords between known points, so
        # shorter than the real track); ``stated_km`` is the sources' own figure, if any.
        "length_km": geodesic_length_km(geometry) if geometry.geom_type in LINE_TYPES else None,
        "stated_km": float(stated["value"]) if stated else None,
        "area_km2": geodesic_area_km2(geometry) if geometry.geom_type in AREA_TYPES else None,
        "file": label,
        "geometry": geometry,
    }
