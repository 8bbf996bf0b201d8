"""A feature's card: everything the popup, the app and ``show`` tell about it, with the evidence.

Plain data (strings, lists); whoever renders it to HTML escapes it. Each fact is
a row ``{label, value, detail, basis, note, cite, evidence}``: ``cite`` are the
feature's citation numbers (1 = its first citation, as listed in
``citations``), ``evidence`` the quotes and passages they point to, so every
status, date and stated figure leads from its value to the quote to the passage.
``facts`` is the same as ``(label, text)`` pairs, refs written as ``[n]``.
``sources`` groups the citations by source with its publisher and date, and
``disagreements`` lists the claims on which two sources differ (``model.sources``).
"""

from __future__ import annotations

import pandas as pd

from corridors.data.atlas import Atlas
from corridors.model.names import ARTICLE, display_name, other_names, route_label
from corridors.model.passages import passage_label
from corridors.model.sources import disagreements, group_citations, source_infos, sources_view
from corridors.model.timeline import check_date, holds_at, not_after, status_at
from corridors.vocabulary import NO_STATUS, status_label

NOT_YET = "not yet described by the sources"
NO_LONGER = "no longer described by the sources"


def format_date_fact(date: dict) -> str:
    basis = "" if date["basis"] == "stated" else f" (inferred: {date.get('note') or 'see source'})"
    return f"{date['date']} \u2014 {date['label']}{basis}"


def _row(label, value, detail="", claim: dict | None = None) -> dict:
    claim = claim or {}
    return {
        "label": label,
        "value": value,
        "detail": detail,
        "basis": claim.get("basis"),
        "note": claim.get("note") or "",
        "cite": list(claim.get("cite") or []),
    }


def fact_text(row: dict) -> str:
    """A row as one line of text: value (detail; basis) [refs]."""
    parts = [row["detail"]] if row["detail"] else []
    if row["basis"] == "stated":
        parts.append("stated")
    elif row["basis"] == "inferred":
        parts.append(f"inferred: {row['note']}" if row["note"] else "inferred")
    elif row["basis"] == "outside":
        parts.append("outside knowledge")
    text = row["value"] + (f" ({'; '.join(parts)})" if parts else "")
    refs = "".join(f"[{n}]" for n in row["cite"])
    return f"{text} {refs}" if refs else text


def drawn_length_text(drawn_km: float, stated: dict | None, mode, method: str) -> str:
    """The drawn length, labelled as drawn, against the stated one when there is one."""
    if not stated:
        return f"drawn line {drawn_km:,.0f} km (geodesic length of the drawing; the sources state no length)"
    ratio = drawn_km / float(stated["value"])
    text = f"drawn line {drawn_km:,.0f} km, {ratio * 100:.0f} % of the stated length"
    if method == "schematic":
        return text + ": a schematic link, not an alignment"
    if ratio < 1:
        points = "stations" if mode == "rail" else "known points"
        return text + f": chords between {points} cut the curves"
    return text


def stated_length_text(stated: dict) -> str:
    return f"{'around ' if stated.get('approx') else ''}{float(stated['value']):,.0f} km"


def feature_card(atlas: Atlas, feature_id: str, naming: str = ARTICLE, as_of: str | None = None,
                 known_by: str | None = None) -> dict:
    """The card of a feature as the sources describe it (at ``as_of`` when given; with only the sources
    published by ``known_by`` when given: its statuses are theirs, its quotes are all listed)."""
    if as_of is not None:
        check_date(as_of)
    row = atlas.feature(feature_id)
    if known_by is not None:
        check_date(known_by)
        known = sources_view(atlas.features.loc[[feature_id]], known_by=known_by)
        row = known.iloc[0] if not known.empty else row.copy()
        if known.empty:
            row["status_history"] = []
    shown_name = display_name(row, naming)
    described = _opt(row["described_from"])
    shown = as_of is None or holds_at(described, _opt(row["period_end"]), as_of)
    rows: list[dict] = []
    for alt in other_names(row, shown_name):
        rows.append(_row("Other name", alt["name"], f"{alt['lang']}, {alt['used_by']}", claim=alt))
    route = f" \u2014 {route_label(row['route'])} route" if isinstance(row["route"], str) else ""
    rows.append(_row("Corridor", row["corridor"] + route))
    rows.append(_row("Kind", row["kind"].replace("_", " ")))
    rows += _status_rows(row, as_of, shown)
    claims = row["claims"]
    if isinstance(row["mode"], str):
        rows.append(_row("Mode", row["mode"], claim=claims.get("mode")))
    if row["missing_link"]:
        rows.append(_row("Missing link", "yes \u2014 the sources call it a missing link of its corridor",
                         claim=claims.get("missing_link")))
    rows += _measure_rows(row, claims)
    if row["countries"]:
        rows.append(_row("Countries", ", ".join(row["countries"])))
    for date in row["dates"]:
        rows.append(_row("Date", f"{date['date']} \u2014 {date['label']}", claim=date))
    rows += _shown_rows(row, described)
    for place in row["excludes"]:
        when = f", dated {place['date']}" if place.get("date") else ""
        rows.append(_row("Keeps clear of", f"{place['name']}{when}: {place['note']}", claim=place))
    rows.append(_row(
        "Geometry", f"{row['accuracy_method']}, within about {row['accuracy_error_km']:g} km: {row['accuracy_note']}"
    ))
    infos = source_infos(atlas)
    citations = [
        {
            "n": n,
            "quote": c.quote,
            "source": c.source.id,
            "source_title": c.source_title,
            "source_publisher": infos[c.source.id].publisher,
            "source_date": infos[c.source.id].date_label,
            "passage": c.passage.id,  # for machines: links, exports
            "passage_kind": c.passage.kind,
            "passage_label": passage_label(c.source, c.passage),  # for readers: paragraph 14, 'In May...'
            "start": c.span.start if c.span else None,
            "end": c.span.end if c.span else None,
        }
        for n, c in enumerate(atlas.citations_for(feature_id), start=1)
    ]
    for fact in rows:
        fact["evidence"] = [
            {k: citations[n - 1][k] for k in ("n", "quote", "source", "passage", "passage_label")}
            for n in fact["cite"] if 1 <= n <= len(citations)
        ]
    entry = status_at(row["status_history"], _opt(row["source_date"]), as_of) if shown else None
    return {
        "id": feature_id,
        "name": shown_name,
        "corridor": row["corridor"],
        "as_of": as_of,
        "known_by": known_by,
        "shown": shown,
        "described_from": described,
        "status": entry["value"] if entry else None,
        "rows": rows,
        "facts": [(fact["label"], fact_text(fact)) for fact in rows],
        "description": row["description"],
        "citations": citations,
        # Several sources: the citations by source (oldest first), and where sources disagree.
        "sources": group_citations(citations, infos),
        "disagreements": [d.as_dict() for d in disagreements(atlas, [feature_id])],
    }


def _opt(value):
    return value if isinstance(value, str) else None


def _status_rows(row, as_of: str | None, shown: bool) -> list[dict]:
    history = row["status_history"]
    source_date = _opt(row["source_date"])
    if not shown:
        end = _opt(row["period_end"])
        if end and not holds_at(None, end, as_of):
            return [_row("Status", NO_LONGER, f"as of {as_of}; the sources describe it until {end}")]
        return [_row("Status", NOT_YET, f"as of {as_of}; they describe it from {row['described_from']}")]
    entry = status_at(history, source_date, as_of)
    out = []
    if entry is None:
        out.append(_row("Status", NO_STATUS, f"as of {as_of}" if as_of else ""))
    else:
        detail = [f"as of {as_of}"] if as_of else []
        if entry["from"]:
            detail.append(f"from {entry['from']}")
        if as_of and entry["next"]:
            detail.append(f"the sources' next change: {entry['next']}")
        if as_of and source_date and not not_after(as_of, source_date) and not entry["next"]:
            detail.append(f"the latest the sources give (they date from {source_date})")
        out.append(_row("Status", status_label(entry["value"]), "; ".join(detail), entry))
        if len(history) > 1 and as_of is None:
            out[-1]["note"] = ""  # the current entry is the last history row below: say its reasoning once
    if len(history) > 1:
        for item in history:
            start = item.get("from") or source_date or "the source's date"
            out.append(_row("Status history", status_label(item["value"]), f"from {start}", item))
    return out


def _measure_rows(row, claims: dict) -> list[dict]:
    out = []
    stated = next((f for f in claims.get("figures") or [] if f["what"] == "length" and f["unit"] == "km"), None)
    if stated:
        out.append(_row("Length", stated_length_text(stated), claim=stated))
    if not pd.isna(row["length_km"]):
        out.append(_row("Drawn length",
                        drawn_length_text(float(row["length_km"]), stated, row["mode"], row["accuracy_method"])))
    if not pd.isna(row["area_km2"]):
        area = f"{row['area_km2']:,.0f} km\u00b2"
        out.append(_row("Drawn area", area, "of the drawn outline; the sources state none"))
    for figure in claims.get("figures") or []:
        if figure is stated:
            continue
        value = f"{'around ' if figure.get('approx') else ''}{figure['value']:,g} {figure['unit']}"
        out.append(_row(figure["what"].capitalize(), value, claim=figure))
    return out


def _shown_rows(row, described: str | None) -> list[dict]:
    period = row["period"] or {}
    start, end = period.get("start"), period.get("end")
    note = period.get("note") or ""
    out = []
    if start:
        out.append(_row("Shown from", start["date"], claim=start))
    elif described:
        why = ("the source's date: it gives no earlier date for this" if described == _opt(row["source_date"])
               else "the earliest date the sources give for it")
        out.append(_row("Shown from", described, why))
    if end:
        out.append(_row("Shown until", end["date"], claim=end))
    elif out:
        out.append(_row("Shown until", "\u2026", "open: the sources give no end"))
    if note and out:
        out[-1]["detail"] = "; ".join(d for d in (out[-1]["detail"], note) if d)
    return out
