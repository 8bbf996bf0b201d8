"""What the browser needs to draw the atlas, as compact JSON: one GeoJSON per layer and an index.

The web map does not write one script, popup and band per feature (issue 11: that made an export
3.4x the bytes of the GeoJSON it draws). Python decides everything once and hands the browser plain
data; ``js/atlas.js`` draws it:

* ``layer_payload(atlas, rows, corridor)`` -- all of the below for one layer, self-contained;
* ``layer_collection(rows, styles)`` -- a layer's features as a FeatureCollection whose properties
  are only what drawing and filtering need (``FEATURE_KEYS``): the id, an index into the style table,
  status, mode and the period it holds; coordinates rounded to what the feature's accuracy allows
  (``coordinate_decimals``);
* ``InternTable(leaflet_style)`` -- each distinct ``FeatureStyle`` once, in Leaflet's terms (path options, the
  marker's SVG, the error band's reach in km: the browser widens a stroke to it at every zoom
  instead of carrying a buffered polygon);
* ``card_index(atlas, rows)`` -- the popups as data (``model.cards.feature_card``), read by the
  browser only when one opens and rendered there (``js/card.js``) as ``templates/card.html`` renders
  its compact popup; long
  texts (quotes, notes) stored once per layer; each naming's name and "Other name" rows.

Every string stays raw here and reaches the page through ``textContent`` only; ``script_json``
makes the JSON safe inside a ``<script>`` element (no ``</script>``, no HTML comment, no JS line
separators).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Hashable, Iterable

import numpy as np
import pandas as pd
import shapely

from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import ARTICLE, NAMINGS, display_name
from corridors.style.features import FeatureStyle, feature_style
from corridors.style.geometry import LINE, POINT
from corridors.vocabulary import CORRIDORS, corridor_colour, kind_label, status_label
from corridors.web.styles import marker_html, path_options

# A feature's properties in a layer collection (short keys: they repeat for every feature).
FEATURE_KEYS = {
    "id": "feature id",
    "s": "index into the style table",
    "h": "status history [[from, status], ...] (absent: no status given)",
    "mo": "mode (absent: not given)",
    "t0": "the date the sources first describe it (absent: open)",
    "t1": "the end of its period (absent: open)",
}
OTHER_NAME = "Other name"  # the card row that changes with the naming (model.cards)
KM_PER_DEGREE = 111.32  # a degree of latitude (and of longitude at the equator)
MIN_DECIMALS, MAX_DECIMALS = 2, 5  # 1.1 km .. 1.1 m


def coordinate_decimals(error_km: object) -> int:
    """Decimals of a degree that keep rounding under a tenth of the feature's estimated error.

    A line drawn "within about 5 km" needs no metre precision: 3 decimals (111 m) add at most 1 %
    of its error. Unknown error keeps ``MAX_DECIMALS``.
    """
    try:
        error = float(error_km)
    except (TypeError, ValueError):
        return MAX_DECIMALS
    if not math.isfinite(error) or error <= 0:
        return MAX_DECIMALS
    return max(MIN_DECIMALS, min(MAX_DECIMALS, math.ceil(math.log10(KM_PER_DEGREE * 10 / error))))


def rounded_geometry(geometry, decimals: int) -> dict:
    """``geometry`` as a GeoJSON dict with coordinates rounded to ``decimals`` (repeats dropped)."""
    snapped = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
    cleaned = shapely.remove_repeated_points(snapped)
    # Rounding may collapse a very short line or ring; keep the snapped one then (still valid GeoJSON).
    if not cleaned.is_empty and _long_enough(cleaned):
        snapped = cleaned
    return _plain(shapely.geometry.mapping(snapped))


def _long_enough(geometry) -> bool:
    parts = shapely.get_parts(geometry)
    if geometry.geom_type.endswith("LineString"):
        return all(len(p.coords) >= 2 for p in parts)
    if geometry.geom_type.endswith("Polygon"):
        return all(len(p.exterior.coords) >= 4 for p in parts)
    return True


def _plain(value):
    """Tuples to lists and numpy numbers to floats, so ``json.dumps`` writes the shortest form."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.floating | float):
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


class InternTable:
    """Each distinct value once, in first-seen order, as ``convert`` writes it for the browser;
    features and cards refer to it by index (styles per layer, texts per layer's cards)."""

    def __init__(self, convert: Callable[[Hashable], object] = lambda value: value) -> None:
        self._convert = convert
        self._index: dict[Hashable, int] = {}
        self.entries: list = []

    def add(self, value: Hashable) -> int:
        if value not in self._index:
            self._index[value] = len(self.entries)
            self.entries.append(self._convert(value))
        return self._index[value]


def leaflet_style(style: FeatureStyle) -> dict:
    """A style table entry: ``g`` geometry (``line``, ``area``, ``point``); ``o`` Leaflet path
    options; ``i`` a point's marker (our SVG, colour from the vocabulary) and ``m``/``c``/``z`` its
    shape, colour and size; ``b``/``bo`` the error band's reach either side in km and its opacity."""
    if style.geometry == POINT:
        # ``i`` for a DOM marker; ``m``, ``c``, ``z`` (shape, colour, size) to draw it on a canvas.
        return {"g": POINT, "i": str(marker_html(style)), "m": style.marker, "c": style.colour,
                "z": style.marker_size_px}
    entry = {"g": style.geometry, "o": path_options(style)}
    if style.geometry == LINE and style.band:
        entry.update(b=style.band_km, bo=style.band_opacity)
    return entry


def layer_collection(rows: pd.DataFrame, styles: InternTable) -> dict:
    """The rows as one compact FeatureCollection (properties: ``FEATURE_KEYS``)."""
    features = []
    for fid, row in rows.iterrows():
        props: dict = {"id": fid, "s": styles.add(feature_style(row))}
        for key, column in (("mo", "mode"), ("t0", "described_from"), ("t1", "period_end")):
            if isinstance(row[column], str):
                props[key] = row[column]
        # The status history, each entry's start resolved as ``model.timeline.status_at`` does: the
        # browser finds the status at any date from it. (Empty: no status given.)
        source_date = row["source_date"] if isinstance(row["source_date"], str) else None
        history = [[h.get("from") or source_date, h.get("value")] for h in row["status_history"]]
        if history:
            props["h"] = history
        geometry = rounded_geometry(row.geometry, coordinate_decimals(row["accuracy_error_km"]))
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def card_index(atlas: Atlas, rows: pd.DataFrame, namings: Iterable[str] = NAMINGS, as_of: str | None = None,
               known_by: str | None = None) -> dict:
    """The popups of ``rows`` as data, read by the browser only when one opens.

    Each card is ``model.cards.feature_card`` at ``as_of`` and ``known_by`` in the arrays
    ``card_data`` makes; ``js/card.js`` renders it exactly as ``templates/card.html``'s compact popup (the
    browser test compares the two for every feature), with ``textContent`` only. ``nm``/``on``:
    each naming's name and "Other name" rows where they differ. Long texts are stored once in
    ``texts``. ``asOf`` and ``knownBy`` say which date the cards describe.
    """
    texts = InternTable()  # quotes, source titles, notes: stored once per layer
    cards = {}
    namings = [n for n in namings if n != ARTICLE]
    for fid, row in rows.iterrows():
        card = feature_card(atlas, fid, ARTICLE, as_of=as_of, known_by=known_by)
        entry = card_data(card, texts, popup_what(card, row["corridor"], row["kind"]))
        entry["k"] = row["kind"].replace("_", " ")
        names, others = {}, {}
        for naming in namings:
            name = display_name(row, naming)
            if name != card["name"]:
                names[naming] = name
                # Only the name and the "Other name" rows change with the naming.
                other = feature_card(atlas, fid, naming, as_of=as_of, known_by=known_by)
                others[naming] = [_row(r, texts) for r in other["rows"] if r["label"] == OTHER_NAME]
        if names:
            entry["nm"], entry["on"] = names, others
        cards[fid] = entry
    return {"cards": cards, "texts": texts.entries, "asOf": as_of, "knownBy": known_by}


def popup_what(card: dict, corridor: str, kind: str) -> str:
    """The compact popup's line of what a feature is: corridor, kind, status ("INSTC · segment · operational")."""
    spec = CORRIDORS.get(corridor)
    status = status_label(card["status"])
    return " \u00b7 ".join([
        spec.layer_label if spec else str(corridor), kind_label(kind),
        status if isinstance(card["status"], str) else f"status {status}",
    ])


def card_data(card: dict, texts: InternTable, what: str = "") -> dict:
    """A card as compact arrays (long texts as indexes into ``texts``): ``n`` name, ``a``/``b`` the
    as-of and known-by dates, ``w`` the popup's line of what it is (``popup_what``), ``r`` rows
    ``[label, value, detail, basis, note, [n...]]`` (value, detail and note as text indexes), ``d``
    description, ``q`` citations ``[quote, source title, passage label]`` (quote n at n - 1), ``g``
    source groups ``[id, title, publisher, date label, test only, [n...]]``, ``x`` disagreements as
    ``feature_card`` gives them (rare; kept whole)."""
    entry = {
        "n": card["name"],
        "w": texts.add(what),
        "r": [_row(r, texts) for r in card["rows"]],
        "d": texts.add(card["description"] or ""),
        "q": [[texts.add(c["quote"]), texts.add(c["source_title"]), texts.add(c["passage_label"])]
              for c in card["citations"]],
        "g": [[g["id"], texts.add(g["title"]), g.get("publisher") or "", g["date_label"], bool(g.get("test_only")),
               list(g["cites"])] for g in card["sources"]],
    }
    if card.get("as_of"):
        entry["a"] = card["as_of"]
    if card.get("known_by"):
        entry["b"] = card["known_by"]
    if card.get("disagreements"):
        entry["x"] = card["disagreements"]
    return entry


def _row(row: dict, texts: InternTable) -> list:
    return [row["label"], texts.add(str(row["value"])), texts.add(row["detail"] or ""), row["basis"],
            texts.add(row["note"] or ""), list(row["cite"])]


def layer_payload(atlas: Atlas, rows: pd.DataFrame, corridor: str, as_of: str | None = None,
                  known_by: str | None = None) -> dict:
    """Everything one layer draws and tells, for ``CorridorAtlas.layer``: ``geojson``, ``styles``,
    ``cards`` (``card_index``) and the corridor's ``colour``. Self-contained, so a layer can be
    sent, cached and replaced on its own."""
    styles = InternTable(leaflet_style)  # each distinct FeatureStyle once
    geojson = layer_collection(rows, styles)
    cards = card_index(atlas, rows, as_of=as_of, known_by=known_by)
    return {"geojson": geojson, "styles": styles.entries, **cards, "colour": corridor_colour(corridor)}


TOOLTIP_KEYS = ("n", "k", "nm")  # what a tooltip needs of a card: it opens on hover, it cannot wait


def split_cards(payload: dict, url_base: str) -> tuple[dict, str, bytes]:
    """``payload`` without its popups, which go to a file the browser fetches on the first popup.

    Returns the light payload (each card keeps only ``TOOLTIP_KEYS``; ``cardsUrl`` names the
    file), the file's name (content-addressed) and its bytes (JSON: the full ``cards``). Most of a
    layer's bytes are the cards, of which a reader opens a few: the app's first map at a hundred
    times the atlas loads a fraction of them (issue 11).
    """
    data = json.dumps({"cards": payload["cards"], "texts": payload["texts"]}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    name = hashlib.sha256(data).hexdigest()[:24] + ".json"
    light = dict(payload)
    light["cards"] = {fid: {k: card[k] for k in TOOLTIP_KEYS if k in card} for fid, card in payload["cards"].items()}
    light["texts"], light["cardsUrl"] = [], url_base + name
    return light, name, data


_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                                "\u2029": "\\u2029"})


def script_json(value) -> str:
    """Compact JSON that is safe as a JavaScript literal inside an HTML ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(_SCRIPT_UNSAFE)
