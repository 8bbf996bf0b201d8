"""Tabular views of the atlas (the CLI's ``list``, the app's table, CSV downloads)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

from .atlas import Atlas
from .escape import csv_cell
from .names import ARTICLE, display_name

TABLE_COLUMNS = ["id", "name", "corridor", "layer", "kind", "status", "mode", "length_km", "countries", "citations"]


def feature_table(atlas: Atlas, corridors: Iterable[str] | None = None, naming: str = ARTICLE) -> pd.DataFrame:
    """One row per feature: id, name, corridor, layer, kind, status, mode, geodesic km, countries, citations."""
    rows = atlas.features
    if corridors:
        rows = rows[rows["corridor"].isin(list(corridors))]
    table = pd.DataFrame(
        {
            "id": rows["id"],
            "name": [display_name(r, naming) for _, r in rows.iterrows()],
            "corridor": rows["corridor"],
            "layer": rows["layer"],
            "kind": rows["kind"],
            "status": rows["status"],
            "mode": rows["mode"],
            "length_km": rows["length_km"].round(1),
            "countries": [" ".join(c) for c in rows["countries"]],
            "citations": [len(c) for c in rows["citations"]],
        },
        columns=TABLE_COLUMNS,
    )
    return table.reset_index(drop=True)


CITATION_COLUMNS = ["feature_id", "name", "corridor", "source", "source_title", "passage", "quote"]


def citation_table(atlas: Atlas, feature_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per citation, in atlas order: feature id, name, corridor, source, passage, quote."""
    ids = list(feature_ids) if feature_ids is not None else list(atlas.features.index)
    records = [
        {
            "feature_id": fid,
            "name": atlas.feature(fid)["name"],
            "corridor": atlas.feature(fid)["corridor"],
            "source": c.source.id,
            "source_title": c.source_title,
            "passage": c.passage.id,
            "quote": c.quote,
        }
        for fid in ids
        for c in atlas.citations_for(fid)
    ]
    return pd.DataFrame(records, columns=CITATION_COLUMNS)


def table_csv(table: pd.DataFrame) -> str:
    """``table`` as CSV text safe to open in a spreadsheet (every text cell through ``escape.csv_cell``).

    The CLI's ``list --format csv`` and the app's "Download CSV" both write this,
    so no cell of a table download can start a formula.
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
