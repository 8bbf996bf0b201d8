"""Export the selected features, with their citations, as GeoJSON, GeoPackage, KML or CSV.

Every format carries each feature's citations, so a map or table pasted into a
report can still be traced to the passage it rests on:

``geojson``  RFC 7946 FeatureCollection; properties nested as in ``geodata/``
             (``alt_names``, ``dates``, ``period``, ``claims``, ``geometry_accuracy``,
             ``citations`` with each source's title added), plus the geodesic
             ``drawn_length_km`` / ``drawn_area_km2`` of the drawing and the
             sources' ``stated_length_km``. ``claims`` cite citation numbers
             (1 = the first of ``citations``): each fact leads to its quote.
``gpkg``     One layer per geometry type (``points``, ``lines``, ``areas``)
             because desktop GIS (ArcGIS in particular) wants one type per layer,
             plus a non-spatial ``citations`` table (one row per citation).
             Fields are flat: nested values as JSON text (``*_json``) and as
             readable text (``citations``: numbered quotes with their passages).
``kml``      One folder per corridor, styled like the web map (colour by
             corridor, width by mode, icon by kind); each placemark's balloon
             shows the feature card and its numbered citations.
With an "as of" date, ``status`` is the status at that date (``status_from``,
``status_basis`` say where it comes from).

``csv``      One row per citation: feature_id, name, corridor, n (its number,
             as ``claims`` cite it), source, source_title, passage, quote, and
             the facts it supports. UTF-8 with a byte-order mark, so Excel
             shows names such as Naxçıvan correctly.
"""

from __future__ import annotations

import csv
import html
import json
import math
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from shapely.geometry import mapping

from corridors.data.atlas import Atlas
from corridors.data.atomic import atomic_output
from corridors.model.cards import feature_card
from corridors.model.credits import source_credit, source_info
from corridors.model.safe_text import csv_cell, xml_text
from corridors.model.selection import CORRIDOR_NAMES, Selection, selected_features
from corridors.model.sources import source_infos
from corridors.model.tables import CITATION_COLUMNS, citation_table
from corridors.model.timeline import status_at
from corridors.style.features import FeatureStyle, feature_style
from corridors.style.geometry import AREA, LINE, POINT, geometry_kinds
from corridors.vocabulary import CORRIDORS, status_label
from corridors.web.card import card_html

FORMATS = ("geojson", "gpkg", "kml", "csv")
GPKG_LAYERS = {POINT: "points", LINE: "lines", AREA: "areas"}  # by geometry kind
COORD_DECIMALS = 6  # RFC 7946 §11.2: about 10 cm, the data's own precision


def export_data(atlas: Atlas, fmt: str, out: Path, selection: Selection | None = None, rows=None,
                manifest: dict | None = None, extra_features: Sequence[dict] = ()) -> Path:
    """Write the features ``selection`` keeps (default: all), or the given ``rows``, to ``out`` as ``fmt``.

    Returns ``out``. A ``manifest`` is embedded (``export.manifest_io``) before the
    file takes its place, so the file is written whole, manifest included, or not at
    all; a CSV's manifest is a file of its own, which the caller writes.

    Raises ``ValueError`` for an unknown format (naming the valid ones) and when
    the selection keeps no feature, ``WriteError`` naming ``out`` when it cannot be written.
    """
    key = str(fmt).lower().lstrip(".")
    if key not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    rows = selected_features(atlas, selection) if rows is None else rows
    out = Path(out)
    # GDAL and SQLite report a full disk or a lost file as their own error types, not OSError.
    with atomic_output(out, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                       pyogrio.errors.FieldError, pyogrio.errors.FeatureError, pyogrio.errors.GeometryError,
                       sqlite3.Error) as temp:
        _WRITERS[key](atlas, rows, temp)
        if extra_features and key == "geojson":  # a user's uploaded layer (issue 12), after the atlas's
            _append_geojson(temp, extra_features)
        if manifest is not None and key != "csv":
            from corridors.export.manifest_io import embed_data_manifest

            embed_data_manifest(temp, key, manifest)
    return out


# ---------------------------------------------------------------- values


def _value(value):
    """A plain JSON-able scalar: None/NaN/NA become None, numpy scalars Python ones."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _round(value, digits: int = 1):
    value = _value(value)
    return None if value is None else round(float(value), digits)


def feature_citations(atlas: Atlas, fid: str) -> list[dict]:
    """A feature's citations as in the data, each with its source's title, publisher and date added."""
    infos = source_infos(atlas)
    return [
        {"source": c.source.id, "source_title": c.source_title, "source_publisher": infos[c.source.id].publisher,
         "source_date": infos[c.source.id].date_label, "passage": c.passage.id, "quote": c.quote}
        for c in atlas.citations_for(fid)
    ]


def citations_text(citations: list[dict]) -> str:
    """Numbered citations grouped by source: ``Source title (Publisher, date)`` then ``[1] "quote", passage p-…``."""
    lines: list[str] = []
    current = None
    for n, c in enumerate(citations, start=1):
        if c["source"] != current:
            current = c["source"]
            detail = ", ".join(v for v in (c.get("source_publisher"), c.get("source_date")) if v)
            lines.append(f"{c['source_title']}" + (f" ({detail})" if detail else ""))
        lines.append(f"[{n}] \u201c{c['quote']}\u201d \u2014 passage {c['passage']}")
    return "\n".join(lines)


def _cited_sources(atlas: Atlas, rows: pd.DataFrame) -> list[dict]:
    ids: list[str] = []
    for fid in rows.index:
        for c in atlas.citations_for(fid):
            if c.source.id not in ids:
                ids.append(c.source.id)
    return [source_info(atlas, sid) for sid in ids]


def _properties(atlas: Atlas, fid: str, row: pd.Series) -> dict:
    """A feature's properties shaped like ``geodata/`` (nested), plus measures and source titles."""
    props = {
        "id": fid,
        "name": row["name"],
        "alt_names": list(row["alt_names"]),
        "corridor": row["corridor"],
        "layer": row["layer"],
        "route": _value(row["route"]),
        "kind": row["kind"],
        "mode": _value(row["mode"]),
        "status": _value(row["status"]),
        "status_from": _value(row.get("status_from")),
        "status_basis": _value(row.get("status_basis")),
        "as_of": _value(row.get("as_of")),
        "missing_link": bool(row["missing_link"]),
        "countries": list(row["countries"]),
        "dates": list(row["dates"]),
        "period": dict(row["period"]) or None,
        "excludes": list(row["excludes"]) or None,
        "description": row["description"],
        "citations": feature_citations(atlas, fid),
        "claims": dict(row["claims"]),
        "geometry_accuracy": {
            "method": row["accuracy_method"],
            "error_km": _value(row["accuracy_error_km"]),
            "note": row["accuracy_note"],
        },
        # Drawn: chords between known points, shorter than the real line; stated: the sources' figure.
        "drawn_length_km": _round(row["length_km"]),
        "drawn_area_km2": _round(row["area_km2"]),
        "stated_length_km": _round(row.get("stated_km")),
    }
    for key in ("period", "excludes", "as_of"):
        if props[key] is None:
            del props[key]
    return props


def status_evidence_text(atlas: Atlas, fid: str, row: pd.Series) -> str:
    """The quotes behind the status shown (at the selection's date), numbered as in ``citations``."""
    entry = status_at(row["status_history"], _value(row["source_date"]), _value(row.get("as_of")))
    cites = atlas.citations_for(fid)
    return "\n".join(
        f"[{n}] \u201c{cites[n - 1].quote}\u201d \u2014 passage {cites[n - 1].passage.id}"
        for n in (entry or {}).get("cite") or [] if 1 <= n <= len(cites)
    )


def _rfc7946_geometry(geometry) -> dict:
    # RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise.
    geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    geometry = shapely.set_precision(geometry, 10**-COORD_DECIMALS, mode="pointwise")
    return json.loads(json.dumps(mapping(geometry)))  # tuples -> lists


# ---------------------------------------------------------------- GeoJSON


def _write_geojson(atlas: Atlas, rows: gpd.GeoDataFrame, out: Path) -> None:
    collection = {
        "type": "FeatureCollection",
        # A foreign member (RFC 7946 §6.1): who to credit, readable by people, ignored by GIS.
        "sources": _cited_sources(atlas, rows),
        "features": [
            {"type": "Feature", "geometry": _rfc7946_geometry(row.geometry), "properties": _properties(atlas, fid, row)}
            for fid, row in rows.iterrows()
        ],
    }
    out.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")


def _append_geojson(path: Path, features: Sequence[dict]) -> None:
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"].extend(features)
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- GeoPackage


def _text_list(items: Iterable[dict], fmt) -> str:
    return "; ".join(fmt(item) for item in items)


def flat_record(atlas: Atlas, fid: str, row: pd.Series) -> dict:
    """A feature's properties as flat fields: nested values as JSON and as readable text."""
    props = _properties(atlas, fid, row)
    cites = props["citations"]
    return {
        "id": fid,
        "name": props["name"],
        "alt_names": _text_list(props["alt_names"], lambda a: f"{a['name']} ({a['lang']}, {a['used_by']})"),
        "alt_names_json": json.dumps(props["alt_names"], ensure_ascii=False),
        "corridor": props["corridor"],
        "layer": props["layer"],
        "route": props["route"],
        "kind": props["kind"],
        "mode": props["mode"],
        "status": props["status"],
        "status_from": props["status_from"],
        "status_basis": props["status_basis"],
        "status_evidence": status_evidence_text(atlas, fid, row),
        "missing_link": props["missing_link"],
        "countries": ", ".join(props["countries"]),
        "dates": _text_list(props["dates"], lambda d: f"{d['date']} {d['label']} ({d['basis']})"),
        "dates_json": json.dumps(props["dates"], ensure_ascii=False),
        "period_start": _value(row["period_start"]),
        "period_end": _value(row["period_end"]),
        "period_note": _value(row["period_note"]),
        "description": props["description"],
        "citation_count": len(cites),
        "citations": citations_text(cites),
        "citations_json": json.dumps(cites, ensure_ascii=False),
        "claims_json": json.dumps(props["claims"], ensure_ascii=False),
        "accuracy_method": props["geometry_accuracy"]["method"],
        "accuracy_error_km": props["geometry_accuracy"]["error_km"],
        "accuracy_note": props["geometry_accuracy"]["note"],
        "drawn_length_km": props["drawn_length_km"],
        "drawn_area_km2": props["drawn_area_km2"],
        "stated_length_km": props["stated_length_km"],
    }


def _write_gpkg(atlas: Atlas, rows: gpd.GeoDataFrame, out: Path) -> None:
    # ``out`` is a fresh temporary path (export_data), so no stale layer of an earlier export survives.
    records = [flat_record(atlas, fid, row) for fid, row in rows.iterrows()]
    frame = gpd.GeoDataFrame(records, geometry=list(rows.geometry), crs=rows.crs)
    kinds = geometry_kinds(frame)
    for kind, layer in GPKG_LAYERS.items():
        part = frame[kinds == kind]
        if part.empty:
            continue
        # promote_to_multi: a layer holding LineString and MultiLineString gets one declared type.
        pyogrio.write_dataframe(part, out, layer=layer, driver="GPKG", promote_to_multi=None)
    table = citation_table(atlas, rows.index)
    pyogrio.write_dataframe(table, out, layer="citations", driver="GPKG")


# ---------------------------------------------------------------- CSV


def _write_csv(atlas: Atlas, rows: gpd.GeoDataFrame, out: Path) -> None:
    table = citation_table(atlas, rows.index)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CITATION_COLUMNS)
        writer.writerows(tuple(csv_cell(v) for v in row) for row in table.itertuples(index=False, name=None))


# ---------------------------------------------------------------- KML
# Written with ElementTree rather than simplekml: simplekml 1.3.6 escapes names and
# descriptions but not ExtendedData values, so a quote with "&" or "<" made invalid XML.

KML_NS = "http://www.opengis.net/kml/2.2"
_ICONS = {  # Google Earth's built-in shape icons, white so IconStyle colour tints them
    "circle": "placemark_circle",
    "ring": "donut",
    "square": "square",
    "diamond": "open-diamond",
    "triangle": "triangle",
    "star": "star",
    "hexagon": "polygon",
}
_ICON_URL = "https://maps.google.com/mapfiles/kml/shapes/{}.png"
KML_ICON_SCALE = "0.9"  # of Google Earth's icon size


def kml_colour(hex_colour: str, opacity: float = 1.0) -> str:
    """``#RRGGBB`` and an opacity as KML's ``aabbggrr``."""
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{round(max(0.0, min(1.0, opacity)) * 255):02x}{b}{g}{r}".lower()


def _sub(parent: ET.Element, tag: str, text=None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: xml_text(value) for key, value in attrib.items()})
    if text is not None:
        element.text = xml_text(text)  # ElementTree escapes <, & and quotes but writes control characters raw
    return element


def _kml_style(corridor: str, style: FeatureStyle) -> tuple[str, dict]:
    """(style id, KML colours and sizes) of a feature's ``FeatureStyle``; features that look alike share
    an id. KML has no dashed lines: status shows as the web map's opacity, the balloon says it in words."""
    if style.geometry == POINT:
        spec = {"icon": style.marker, "icon_colour": kml_colour(style.colour)}
        return f"pt-{corridor}-{style.marker}".lower(), spec
    spec = {"line_colour": kml_colour(style.colour, style.opacity), "width": f"{style.width_px:g}"}
    if style.fill_opacity:
        spec["fill_colour"] = kml_colour(style.colour, style.fill_opacity)
    kind = "area" if style.geometry == AREA else "line"
    return f"{kind}-{corridor}-{spec['line_colour']}-{spec['width']}".lower(), spec


def _add_style(document: ET.Element, style_id: str, spec: dict) -> None:
    style = _sub(document, "Style", id=style_id)
    if "icon" in spec:
        icon_style = _sub(style, "IconStyle")
        _sub(icon_style, "color", spec["icon_colour"])
        _sub(icon_style, "scale", KML_ICON_SCALE)
        icon = _sub(icon_style, "Icon")
        _sub(icon, "href", _ICON_URL.format(_ICONS[spec["icon"]]))
        _sub(_sub(style, "LabelStyle"), "scale", "0.8")
        return
    line = _sub(style, "LineStyle")
    _sub(line, "color", spec["line_colour"])
    _sub(line, "width", spec["width"])
    poly = _sub(style, "PolyStyle")
    if "fill_colour" in spec:
        _sub(poly, "color", spec["fill_colour"])
    else:
        _sub(poly, "fill", "0")


def _num(value: float) -> str:
    return f"{value:.{COORD_DECIMALS}f}".rstrip("0").rstrip(".")


def _coords(seq) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y, *_ in seq)


def _kml_geometry(parent: ET.Element, geometry) -> None:
    kind = geometry.geom_type
    if kind.startswith("Multi") or kind == "GeometryCollection":
        multi = _sub(parent, "MultiGeometry")
        for part in geometry.geoms:
            _kml_geometry(multi, part)
    elif kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coords(geometry.coords))
    elif kind == "LineString":
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")  # follow the globe on long segments instead of cutting through it
        _sub(line, "coordinates", _coords(geometry.coords))
    elif kind == "Polygon":
        polygon = _sub(parent, "Polygon")
        _sub(polygon, "tessellate", "1")
        ring = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
        _sub(ring, "coordinates", _coords(geometry.exterior.coords))
        for interior in geometry.interiors:
            ring = _sub(_sub(polygon, "innerBoundaryIs"), "LinearRing")
            _sub(ring, "coordinates", _coords(interior.coords))
    else:  # pragma: no cover - the validator only lets the GeoJSON types above through
        raise ValueError(f"cannot write a {kind} to KML")


def balloon_html(atlas: Atlas, fid: str, sources: dict[str, dict], as_of: str | None = None) -> str:
    """The placemark balloon: the feature card (corridors.web.card, the popup's template) and the
    credit of each cited source. All escaped; ElementTree escapes it once more as KML text."""
    card = feature_card(atlas, fid, as_of=as_of)
    cited = dict.fromkeys(c["source"] for c in card["citations"])
    credits = "".join(f"<li>{html.escape(source_credit(sources[s]), quote=False)}</li>" for s in cited)
    return f"{card_html(card)}<p><b>Sources</b></p><ul>{credits}</ul>"


def _write_kml(atlas: Atlas, rows: gpd.GeoDataFrame, out: Path) -> None:
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", "Corridor Atlas")
    sources = {s["id"]: s for s in _cited_sources(atlas, rows)}
    credits = "; ".join(source_credit(info) for info in sources.values())
    _sub(document, "description", f"Source: {credits}. Corridor Atlas; every placemark lists its citations.")

    styles: dict[str, dict] = {}
    placed: list[tuple[str, ET.Element]] = []
    order = list(CORRIDOR_NAMES) + sorted(set(rows["corridor"]) - set(CORRIDOR_NAMES))
    for corridor in order:
        part = rows[rows["corridor"] == corridor]
        if part.empty:
            continue
        folder = ET.Element("Folder")
        _sub(folder, "name", CORRIDORS[corridor].label if corridor in CORRIDORS else corridor)
        for fid, row in part.iterrows():
            style_id, spec = _kml_style(corridor, feature_style(row))
            styles.setdefault(style_id, spec)
            # No Placemark@id: an XML id must be an NCName, and the feature id travels in ExtendedData.
            placemark = _sub(folder, "Placemark")
            _sub(placemark, "name", row["name"])
            # The one-line summary Google Earth shows under the name in its Places panel.
            summary = [row["corridor"], row["kind"].replace("_", " ")]
            if isinstance(row["status"], str):
                summary.append(status_label(row["status"]))
            _sub(placemark, "Snippet", " \u00b7 ".join(summary), maxLines="1")
            _sub(placemark, "description", balloon_html(atlas, fid, sources, _value(row.get("as_of"))))
            # Google Earth's time slider follows the atlas's "as of" rule: from when the sources
            # first describe the feature (not only where it has a period) to its period's end.
            start, end = _value(row["described_from"]), _value(row["period_end"])
            if start or end:
                span = _sub(placemark, "TimeSpan")
                if start:
                    _sub(span, "begin", start)
                if end:
                    _sub(span, "end", end)
            _sub(placemark, "styleUrl", f"#{style_id}")
            extended = _sub(placemark, "ExtendedData")
            for key, value in flat_record(atlas, fid, row).items():
                if key in ("name", "description") or value is None or value == "":
                    continue
                _sub(_sub(extended, "Data", name=key), "value", value)
            _kml_geometry(placemark, row.geometry)
        placed.append((corridor, folder))
    for style_id, spec in styles.items():  # KML wants shared styles before the folders that use them
        _add_style(document, style_id, spec)
    for _, folder in placed:
        document.append(folder)
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    tree.write(out, encoding="utf-8", xml_declaration=True)


_WRITERS = {"geojson": _write_geojson, "gpkg": _write_gpkg, "kml": _write_kml, "csv": _write_csv}
