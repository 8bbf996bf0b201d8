"""The atlas as the sources describe it at a date, and the sources' dated events in order.

Dates are ISO 8601 at their own precision ('1974', '2023-09', '2024-04-22').
A feature's ``period`` bounds are compared at the precision they are given in:
a period ending '2024-04' still holds on 2024-04-30.
"""

from __future__ import annotations

import re

import pandas as pd

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str) -> str:
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"expected an ISO 8601 date like 2023, 2023-09 or 2023-09-19, got {value!r}")
    return value


def holds_at(start: str | None, end: str | None, as_of: str) -> bool:
    """Whether a period [start, end] (either bound open when None) contains ``as_of``."""
    check_date(as_of)
    if isinstance(start, str) and as_of[: len(start)] < start[: len(as_of)]:
        return False
    return not (isinstance(end, str) and as_of[: len(end)] > end[: len(as_of)])


def active_mask(features: pd.DataFrame, as_of: str | None) -> pd.Series:
    """True for the features that hold at ``as_of`` (all of them when ``as_of`` is None)."""
    if as_of is None:
        return pd.Series(True, index=features.index)
    bounds = zip(features["period_start"], features["period_end"], strict=True)
    return pd.Series([holds_at(_opt(s), _opt(e), as_of) for s, e in bounds], index=features.index)


def _opt(value):
    return value if isinstance(value, str) else None


def dated_events(features: pd.DataFrame) -> list[dict]:
    """Every dated fact of every feature, oldest first (ties keep atlas order)."""
    events = []
    for fid, row in features.iterrows():
        for date in row["dates"]:
            events.append(
                {
                    "date": date["date"],
                    "label": date["label"],
                    "basis": date["basis"],
                    "note": date.get("note", ""),
                    "feature_id": fid,
                    "feature": row["name"],
                    "corridor": row["corridor"],
                }
            )
    return sorted(events, key=lambda e: e["date"])


def date_bounds(features: pd.DataFrame) -> tuple[str, str]:
    """Earliest and latest date the atlas mentions (dates and period bounds)."""
    values = [d["date"] for dates in features["dates"] for d in dates]
    values += [v for v in pd.concat([features["period_start"], features["period_end"]]) if isinstance(v, str)]
    if not values:
        raise ValueError("the atlas has no dates")
    return min(values), max(values)
