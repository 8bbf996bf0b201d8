"""Tabular views of the atlas (the CLI's ``list``, the app's table, CSV downloads)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

from corridors.data.atlas import Atlas
from corridors.data.claims import stated_length, supported_facts
from corridors.model.names import ARTICLE, display_name
from corridors.model.safe_text import csv_cell
from corridors.model.selection import Selection, select
from corridors.model.sources import source_infos
from corridors.model.timeline import status_at

TABLE_COLUMNS = [
    "id", "name", "corridor", "layer", "kind", "status", "status_from", "status_basis", "mode",
    "drawn_km", "stated_km", "countries", "citations",
]


def feature_records(
    atlas: Atlas, corridors: Iterable[str] | None = None, naming: str = ARTICLE, as_of: str | None = None
) -> list[dict]:
    """One dict per feature drawn at ``as_of`` (all when None), with its status at that date.

    Besides the table columns, each record carries ``status_evidence`` and
    ``stated_km_evidence``: the numbered quotes (with passages) that support them.
    ``drawn_km`` is the geodesic length of the drawn line (chords between known
    points, so shorter than the real track); ``stated_km`` is the sources' figure.
    """
    rows = select(atlas.features, Selection(as_of=as_of))
    if corridors:
        rows = rows[rows["corridor"].isin(list(corridors))]
    records = []
    for fid, row in rows.iterrows():
        entry = status_at(row["status_history"], _opt(row["source_date"]), as_of)
        stated = stated_length(row)
        records.append({
            "id": fid,
            "name": display_name(row, naming),
            "corridor": row["corridor"],
            "layer": row["layer"],
            "kind": row["kind"],
            "status": _opt(row["status"]),
            "status_from": entry["from"] if entry else None,
            "status_basis": entry["basis"] if entry else None,
            "mode": _opt(row["mode"]),
            "drawn_km": None if pd.isna(row["length_km"]) else round(float(row["length_km"]), 1),
            "stated_km": float(stated["value"]) if stated else None,
            "countries": " ".join(row["countries"]),
            "citations": len(row["citations"]),
            "status_evidence": _evidence(atlas, fid, entry),
            "stated_km_evidence": _evidence(atlas, fid, stated),
        })
    return records


def _evidence(atlas: Atlas, fid: str, claim: dict | None) -> list[dict]:
    citations = atlas.citations_for(fid)
    return [
        {"n": n, "quote": citations[n - 1].quote, "source": citations[n - 1].source.id,
         "passage": citations[n - 1].passage.id}
        for n in (claim or {}).get("cite") or [] if 1 <= n <= len(citations)
    ]


def _opt(value):
    return value if isinstance(value, str) else None


def feature_table(
    atlas: Atlas, corridors: Iterable[str] | None = None, naming: str = ARTICLE, as_of: str | None = None
) -> pd.DataFrame:
    """``feature_records`` as a table (``TABLE_COLUMNS``), for ``list``, the app's table and CSV downloads."""
    return pd.DataFrame(feature_records(atlas, corridors, naming, as_of), columns=TABLE_COLUMNS)


CITATION_COLUMNS = ["feature_id", "name", "corridor", "n", "source", "source_title", "source_publisher", "source_date",
                    "passage", "quote", "supports"]


def citation_table(atlas: Atlas, feature_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per citation, in atlas order: feature id, name, corridor, citation number ``n``, source (id,
    title, publisher, date), passage, quote, and the facts it ``supports`` (``status planned from 2023-05``)."""
    ids = list(feature_ids) if feature_ids is not None else list(atlas.features.index)
    infos = source_infos(atlas)
    records = []
    for fid in ids:
        row = atlas.feature(fid)
        supports = supported_facts(row)
        records += [
            {
                "feature_id": fid,
                "name": row["name"],
                "corridor": row["corridor"],
                "n": n,
                "source": c.source.id,
                "source_title": c.source_title,
                "source_publisher": infos[c.source.id].publisher,
                "source_date": infos[c.source.id].date_label,
                "passage": c.passage.id,
                "quote": c.quote,
                "supports": "; ".join(supports.get(n, [])),
            }
            for n, c in enumerate(atlas.citations_for(fid), start=1)
        ]
    return pd.DataFrame(records, columns=CITATION_COLUMNS)


def table_csv(table: pd.DataFrame) -> str:
    """``table`` as CSV text safe to open in a spreadsheet (every text cell through ``safe_text.csv_cell``).

    The CLI's ``list --format csv`` writes this, and so should the app's "Download CSV",
    so that no cell of a table download can start a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow([csv_cell(str(c)) for c in table.columns])
    for row in table.itertuples(index=False, name=None):
        writer.writerow(["" if _missing(v) else csv_cell(v) for v in row])
    return buffer.getvalue()


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers
        return False
