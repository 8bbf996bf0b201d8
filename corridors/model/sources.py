"""Several sources: who says what, when it was published, and where sources disagree.

Every fact of a feature cites citation numbers (``corridors.data.claims``), and
every citation names its source, so each fact belongs to the sources of the
quotes behind it. From that:

- ``source_infos``: each source with its title, publisher and publication date
  as its metadata records them (unknown stays unknown);
- ``group_citations``: a card's citations grouped by source, oldest source first;
- ``known_by``: whether a source was published by a date, for the "known by D"
  clock (only what sources published by D say). A source with no known date is
  never counted as known by a date;
- ``disagreements``: two sources that give different values for the same
  claim, each side with its quotes:

  * **status**: different statuses for the same date (entries with the same
    ``from`` at the shared precision; an entry without ``from`` dates from its
    own source's date);
  * **figure**: the same quantity (``what`` and ``unit``) with values more than
    ``FIGURE_TOLERANCE`` apart;
  * **date**: the same dated fact (the same label, ignoring case and spacing) at
    different dates.

  A change over time (planned in 2023, under construction in 2024) is not a
  disagreement; only claims about the same thing at the same time are compared.

Plain data; renderers escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from corridors.model.timeline import not_after
from corridors.vocabulary import status_label

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas
    from corridors.data.sources import Source

FIGURE_TOLERANCE = 0.01  # relative: 4,300 and 4,310 km agree; 4,300 and 4,000 do not
UNKNOWN = "date unknown"


@dataclass(frozen=True)
class SourceInfo:
    id: str
    title: str
    publisher: str | None
    date: str | None  # the publication date at its precision, or the earliest it can be (not_before)
    date_label: str  # for people: "2024 (on or after 2024-04-22)", "2024-06-10", "date unknown"
    test_only: bool = False

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "publisher": self.publisher, "date": self.date,
                "date_label": self.date_label, "test_only": self.test_only}


def source_info(source: Source) -> SourceInfo:
    meta = source.metadata
    publisher = _value(meta.get("publisher"))
    entry = meta.get("date") if isinstance(meta.get("date"), dict) else {}
    value, not_before = _value(entry), entry.get("not_before")
    if value and isinstance(not_before, str) and not_before != value:
        label = f"{value} (on or after {not_before})"
    else:
        label = value or (f"on or after {not_before}" if isinstance(not_before, str) else UNKNOWN)
    return SourceInfo(source.id, source.title, publisher, source.present_date, label, meta.get("test_only") is True)


def source_infos(atlas: Atlas) -> dict[str, SourceInfo]:
    """Every source of the atlas, oldest first (sources of unknown date last)."""
    infos = [source_info(s) for s in atlas.sources.values()]
    return {i.id: i for i in sorted(infos, key=_order)}


def _order(info: SourceInfo) -> tuple:
    return (info.date is None, info.date or "", info.title)


def _value(entry) -> str | None:
    value = entry.get("value") if isinstance(entry, dict) else entry
    return value if isinstance(value, str) and value.strip() else None


def known_by(info: SourceInfo, date: str) -> bool:
    """Whether the source was published on or before ``date`` (at the shared precision)."""
    return info.date is not None and not_after(info.date, date)


def known_by_stops(infos: dict[str, SourceInfo]) -> list[str]:
    """The dates at which the "known by" clock changes: the sources' dates, oldest first."""
    dates = {i.date for i in infos.values() if i.date is not None}
    return sorted(dates, key=lambda d: ((d + "-01-01")[:10], len(d)))


def feature_sources(atlas: Atlas, feature_id: str) -> list[str]:
    """The ids of the sources a feature cites, in citation order."""
    return list(dict.fromkeys(c.source.id for c in atlas.citations_for(feature_id)))


def group_citations(citations: list[dict], infos: dict[str, SourceInfo]) -> list[dict]:
    """A card's citations by source: ``[{source..., "cites": [n, ...]}]``, oldest source first."""
    groups: dict[str, list[int]] = {}
    for cite in citations:
        groups.setdefault(cite["source"], []).append(cite["n"])
    ordered = sorted(groups, key=lambda sid: _order(infos[sid]) if sid in infos else (True, "", sid))
    return [{**infos[sid].as_dict(), "cites": groups[sid]} for sid in ordered if sid in infos]


def sources_view(features, sources: tuple[str, ...] = (), known_by: str | None = None):
    """The features some of ``sources`` support (all when empty), as known by ``known_by`` (no clock when None).

    With the clock, a feature is kept when a source published by that date cites it, and its status
    history keeps only the entries that such a source supports: the atlas as it could be drawn then.
    """
    if not sources and known_by is None:
        return features
    out = features.copy()
    keep, histories = [], []
    for cited, dates, history in zip(out["citation_sources"], out["citation_dates"], out["status_history"],
                                     strict=True):
        known = [known_by is None or (d is not None and not_after(d, known_by)) for d in dates]
        wanted = not sources or any(s in sources for s in cited)
        keep.append(wanted and any(known))
        histories.append([e for e in history if any(1 <= n <= len(known) and known[n - 1]
                                                    for n in e.get("cite") or [])] if known_by else history)
    out["status_history"] = histories
    out["known_by"] = known_by  # renderers give the popup the same clock
    return out[keep]


# ---------------------------------------------------------------------------------------------- disagreement

@dataclass
class Side:
    source: str
    title: str
    publisher: str | None
    date_label: str
    value: str
    quotes: list[dict] = field(default_factory=list)  # {"n", "quote", "passage"}

    def as_dict(self) -> dict:
        return {"source": self.source, "title": self.title, "publisher": self.publisher,
                "date_label": self.date_label, "value": self.value, "quotes": self.quotes}


@dataclass
class Disagreement:
    feature: str
    kind: str  # "status", "figure" or "date"
    what: str  # "status as of 2023-05", "length (km)", "date of: ..."
    sides: list[Side]

    def as_dict(self) -> dict:
        return {"feature": self.feature, "kind": self.kind, "what": self.what,
                "sides": [s.as_dict() for s in self.sides]}


def disagreements(atlas: Atlas, feature_ids: list[str] | None = None) -> list[Disagreement]:
    """Claims on which two sources give different values (module docstring), feature by feature."""
    infos = source_infos(atlas)
    out: list[Disagreement] = []
    for fid in feature_ids if feature_ids is not None else list(atlas.features.index):
        citations = atlas.citations_for(fid)
        if len({c.source.id for c in citations}) < 2:
            continue
        row = atlas.feature(fid)
        claims = row["claims"] or {}
        out += _status(fid, row["status_history"], citations, infos)
        out += _figures(fid, claims.get("figures") or [], citations, infos)
        out += _dates(fid, row["dates"], citations, infos)
    return out


def _claim_sources(claim: dict, citations) -> dict[str, list[dict]]:
    """The sources a claim cites, each with the quotes it cites from it."""
    out: dict[str, list[dict]] = {}
    for n in claim.get("cite") or []:
        if 1 <= n <= len(citations):
            c = citations[n - 1]
            out.setdefault(c.source.id, []).append({"n": n, "quote": c.quote, "passage": c.passage.id})
    return out


def _conflicts(fid: str, kind: str, what: str, entries: list[tuple[str, dict]], citations,
               infos: dict[str, SourceInfo]) -> list[Disagreement]:
    """Entries (value, claim) about one thing: a disagreement when sources back different values."""
    by_source: dict[str, tuple[str, list[dict]]] = {}
    for value, claim in entries:
        for sid, quotes in _claim_sources(claim, citations).items():
            by_source.setdefault(sid, (value, quotes))
    if len({value for value, _ in by_source.values()}) < 2:
        return []
    sides = [Side(sid, infos[sid].title, infos[sid].publisher, infos[sid].date_label, value, quotes)
             for sid, (value, quotes) in sorted(by_source.items(), key=lambda kv: _order(infos[kv[0]]))
             if sid in infos]
    return [Disagreement(fid, kind, what, sides)]


def _status(fid: str, history: list[dict], citations, infos) -> list[Disagreement]:
    by_date: dict[str, list[tuple[str, dict]]] = {}
    for entry in history:
        sources = _claim_sources(entry, citations)
        dates = [entry.get("from")] if entry.get("from") else [infos[s].date for s in sources if s in infos]
        for date in dates:
            if isinstance(date, str):
                by_date.setdefault(date, []).append((status_label(entry.get("value")), entry))
    out = []
    for date, entries in sorted(by_date.items()):
        # Entries dated at a coarser precision ("2023") speak of the same time as finer ones ("2023-05").
        same_time = [e for d, es in by_date.items() if d != date and not_after(d, date) and not_after(date, d)
                     for e in es]
        out += _conflicts(fid, "status", f"status as of {date}", entries + same_time, citations, infos)
    return _unique(out)


def _figures(fid: str, figures: list[dict], citations, infos) -> list[Disagreement]:
    groups: dict[tuple, list[dict]] = {}
    for figure in figures:
        groups.setdefault((figure.get("what"), figure.get("unit")), []).append(figure)
    out = []
    for (what, unit), items in groups.items():
        values = [float(f["value"]) for f in items]
        if max(values) - min(values) <= FIGURE_TOLERANCE * max(abs(v) for v in values):
            continue
        entries = [(_figure_text(f), f) for f in items]
        out += _conflicts(fid, "figure", f"{what} ({unit})", entries, citations, infos)
    return out


def _figure_text(figure: dict) -> str:
    return f"{'around ' if figure.get('approx') else ''}{float(figure['value']):,g} {figure['unit']}"


def _dates(fid: str, dates: list[dict], citations, infos) -> list[Disagreement]:
    groups: dict[str, list[dict]] = {}
    for date in dates:
        groups.setdefault(re.sub(r"\s+", " ", str(date.get("label", "")).casefold()).strip(), []).append(date)
    out = []
    for items in groups.values():
        if len({d["date"] for d in items}) > 1:
            out += _conflicts(fid, "date", f"date: {items[0]['label']}", [(d["date"], d) for d in items],
                              citations, infos)
    return out


def _unique(items: list[Disagreement]) -> list[Disagreement]:
    seen, out = set(), []
    for item in items:
        key = (item.kind, tuple((s.source, s.value) for s in item.sides))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
