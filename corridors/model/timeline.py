"""The atlas as the sources describe it at a date, and the sources' dated events in order.

Dates are ISO 8601 at their own precision ('1974', '2023-09', '2024-04-22') and
are compared at the coarser of two precisions: a period ending '2024-04' still
holds on 2024-04-30, and 'as of 2023' includes a status that begins in 2023-05.

"As of D" (the map, ``list --as-of``, ``show --as-of``, exports) means:

* a feature is drawn only from the earliest date the sources place it
  (``described_from``): its period's start if it has one, else the earliest of
  its status history, its dated facts and the date of the source that describes
  it (``Source.present_date``). A feature the sources give no date for at all
  (a railway the article says "already" exists) is thus described from the
  source's date, not before. It is drawn until its period's end, if any.
* its status at D is the latest entry of its status history that begins on or
  before D (an entry without ``from`` begins at the source's date); where none
  has begun yet but the feature is drawn, or the history says "no status", it
  is "not given by the sources".

Features are hidden, not drawn in another style, before they are described:
a hidden feature cannot be mistaken for one that existed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date

import pandas as pd

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str) -> str:
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"expected an ISO 8601 date like 2023, 2023-09 or 2023-09-19, got {value!r}")
    return value


def not_after(date: str, as_of: str) -> bool:
    """Whether ``date`` has begun by ``as_of``, compared at the shared precision."""
    return date[: len(as_of)] <= as_of[: len(date)]


def holds_at(start: str | None, end: str | None, as_of: str) -> bool:
    """Whether a period [start, end] (either bound open when None) contains ``as_of``."""
    check_date(as_of)
    if isinstance(start, str) and not not_after(start, as_of):
        return False
    return not (isinstance(end, str) and as_of[: len(end)] > end[: len(as_of)])


# ---------------------------------------------------------------- one feature


def status_at(history: list[dict], source_date: str | None, as_of: str | None) -> dict | None:
    """The status entry in force at ``as_of`` (the last one when ``as_of`` is None), with
    ``from`` resolved, ``index`` and the ``next`` entry's start; None before the first."""
    current = None
    for index, entry in enumerate(history):
        start = entry.get("from") or source_date
        if as_of is not None and isinstance(start, str) and not not_after(start, as_of):
            break
        current = {**entry, "from": start, "index": index, "next": None}
    if current is not None and current["index"] + 1 < len(history):
        following = history[current["index"] + 1]
        current["next"] = following.get("from") or source_date
    return current


# ---------------------------------------------------------------- the atlas frame


def active_mask(features: pd.DataFrame, as_of: str | None) -> pd.Series:
    """True for the features drawn at ``as_of`` (all of them when ``as_of`` is None)."""
    if as_of is None:
        return pd.Series(True, index=features.index)
    bounds = zip(features["described_from"], features["period_end"], strict=True)
    return pd.Series([holds_at(_opt(s), _opt(e), as_of) for s, e in bounds], index=features.index)


def at_date(features: pd.DataFrame, as_of: str | None) -> pd.DataFrame:
    """A copy of ``features`` whose ``status`` is the status at ``as_of``, with the entry's
    ``status_from`` and ``status_basis`` and the ``as_of`` date; rows are not filtered."""
    if as_of is not None:
        check_date(as_of)
    out = features.copy()
    entries = [status_at(h, _opt(d), as_of) for h, d in zip(out["status_history"], out["source_date"], strict=True)]
    out["status"] = [e["value"] if e else None for e in entries]
    out["status_from"] = [e["from"] if e else None for e in entries]
    out["status_basis"] = [e["basis"] if e else None for e in entries]
    out["as_of"] = as_of
    return out


def _opt(value):
    return value if isinstance(value, str) else None


def dated_events(features: pd.DataFrame) -> list[dict]:
    """Every dated fact of every feature, oldest first (ties keep atlas order), with its cite numbers and
    the ``sources`` of the quotes it cites."""
    events = []
    for fid, row in features.iterrows():
        cited = row.get("citation_sources")
        cited = cited if isinstance(cited, list) else []
        for date in row["dates"]:
            numbers = list(date.get("cite") or [])
            events.append(
                {
                    "date": date["date"],
                    "label": date["label"],
                    "basis": date["basis"],
                    "note": date.get("note", ""),
                    "cite": numbers,
                    "sources": list(dict.fromkeys(cited[n - 1] for n in numbers if 1 <= n <= len(cited))),
                    "feature_id": fid,
                    "feature": row["name"],
                    "corridor": row["corridor"],
                }
            )
    return sorted(events, key=lambda e: e["date"])


def _all_dates(features: pd.DataFrame) -> list[str]:
    values = [d["date"] for dates in features["dates"] for d in dates]
    values += [v for v in pd.concat([features["period_start"], features["period_end"]]) if isinstance(v, str)]
    values += [v for v in features["described_from"] if isinstance(v, str)]
    for history, source_date in zip(features["status_history"], features["source_date"], strict=True):
        values += [v for v in (e.get("from") or _opt(source_date) for e in history) if isinstance(v, str)]
    return values


def date_bounds(features: pd.DataFrame) -> tuple[str, str]:
    """Earliest and latest date the atlas mentions (dates, period bounds, status changes)."""
    values = _all_dates(features)
    if not values:
        raise ValueError("the atlas has no dates")
    return min(values), max(values)


# ---------------------------------------------------------------- a usable date slider


@dataclass(frozen=True)
class SliderModel:
    """What a date slider needs: years for the track, the dates to snap to, marks for events.

    ``stops`` are every date the sources give (dated facts, status changes,
    period bounds, the dates features are first described), oldest first; a
    slider that moves between them never lands on a month nothing happened in.
    ``marks`` are the dated facts (``dated_events``) for ticks on the track.
    """

    years: list[int]
    stops: list[str]
    marks: list[dict] = field(default_factory=list)


def slider_model(features: pd.DataFrame) -> SliderModel:
    values = _all_dates(features)
    if not values:
        raise ValueError("the atlas has no dates")
    stops = sorted(set(values), key=lambda d: (_ordinal(d), len(d)))
    first, last = int(stops[0][:4]), int(stops[-1][:4])
    return SliderModel(years=list(range(first, last + 1)), stops=stops, marks=dated_events(features))


def _ordinal(value: str) -> int:
    """Days since year 1 of the first day a partial date covers."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return _date(parts[0], parts[1], parts[2]).toordinal()


def snap(value: str, stops: list[str]) -> str:
    """The stop nearest to ``value`` (the earlier one on a tie)."""
    check_date(value)
    if not stops:
        raise ValueError("no stops to snap to")
    target = _ordinal(value)
    return min(stops, key=lambda s: (abs(_ordinal(s) - target), _ordinal(s)))


def floor_stop(value: str, stops: list[str]) -> str:
    """The latest stop on or before ``value`` (the first stop for earlier dates): nothing the sources
    date changes between a stop and the next, so the atlas at ``value`` is the atlas at this stop."""
    check_date(value)
    if not stops:
        raise ValueError("no stops to snap to")
    target = _ordinal(value)
    before = [s for s in stops if _ordinal(s) <= target]
    return before[-1] if before else stops[0]


def step(value: str, stops: list[str], steps: int) -> str:
    """The stop ``steps`` stops after (negative: before) the stop nearest ``value``, clamped to the ends,
    so a keyboard step moves to the next date the sources give, not to the next month."""
    index = stops.index(snap(value, stops)) + steps
    return stops[max(0, min(len(stops) - 1, index))]
