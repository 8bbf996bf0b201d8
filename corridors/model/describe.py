"""Alt text and a caption for a map view, written from the data.

Screen readers get the alt text (the HTML map's aria label, the PNG's and
PDF's description, the SVG's ``<desc>``); a report gets the caption. Both say
what the map shows: where, which corridors, their statuses and missing links,
how long the drawn lines are, which date and which names. Lengths are called
"drawn": the lines are hand-drawn chords through known positions and run
shorter than the track where it curves (README, "What to know about the data").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, box

from corridors.data.geodesy import geodesic_length_km
from corridors.data.reference import load_countries, reference_root
from corridors.model.credits import credit_line
from corridors.model.mapview import MapView
from corridors.model.measures import corridor_lines
from corridors.model.names import display_name
from corridors.model.selection import CORRIDOR_NAMES, Selection, parse_layers
from corridors.vocabulary import ARTICLE, CORRIDORS, NAMINGS, kind_label, status_label

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas

MAX_COUNTRIES = 6
MIN_COUNTRY_SHARE = 0.02  # of the view's area: a sliver of a neighbour at the edge is not "covered"


@dataclass(frozen=True)
class Description:
    alt: str  # for screen readers: what the map shows, in full sentences
    caption: str  # for a report: title, date, names, source, data version

    def to_dict(self) -> dict:
        return asdict(self)


def default_title(features: pd.DataFrame, selection: Selection | None) -> str:
    """``Corridor Atlas — `` and the layers shown (as selected, or else the corridors present), and the date."""
    parsed = parse_layers(selection.layers) if selection else None
    if parsed is None:
        present = set(features["corridor"])
        names = [c for c in CORRIDOR_NAMES if c in present]
    else:
        corridors, layers = parsed
        names = [c for c in CORRIDOR_NAMES if c in corridors] + sorted(layers)
    title = "Corridor Atlas \u2014 " + ", ".join(names)
    if selection is not None and selection.as_of:
        title += f" (as of {selection.as_of})"
    return title


def date_phrase(view: MapView) -> str:
    if view.as_of:
        return f"as of {view.as_of} (as the sources describe it then)"
    return "with everything the sources describe, at any date (no date chosen)"


def naming_phrase(view: MapView) -> str:
    if view.naming == ARTICLE:
        return "names as the source article writes them"
    return f"names of contested places: {NAMINGS[view.naming]}"


def _km(value: float) -> str:
    return f"{value:,.0f} km" if value >= 10 else f"{value:,.1f} km"


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _where(atlas: Atlas, view: MapView, features: pd.DataFrame) -> str:
    """``Map of parts of Armenia, Azerbaijan and Iran, about 380 km across, centred near Meghri``."""
    bounds = view.bounds() or tuple(features.total_bounds)
    west, south, east, north = bounds
    area = box(*bounds)
    mid_lat = (south + north) / 2
    across = geodesic_length_km(box(west, mid_lat, east, mid_lat).boundary) / 2 if east > west else 0.0
    parts = []
    try:
        countries = load_countries(reference_root(atlas.data_dir))
    except (OSError, ValueError):  # no boundaries: the description still says the rest
        countries = None
    if countries is not None and area.area > 0:
        inside = countries[countries.intersects(area)]
        # Shares of the view measured on an equal-area projection centred on it, not in square degrees.
        equal_area = (f"+proj=laea +lat_0={(south + north) / 2:.4f} +lon_0={(west + east) / 2:.4f} "
                      "+datum=WGS84 +units=m +no_defs")
        parts_in = gpd.GeoSeries(shapely.intersection(inside.geometry.values, area), crs=countries.crs)
        shares = parts_in.to_crs(equal_area).area.to_numpy()
        total = gpd.GeoSeries([area], crs=countries.crs).to_crs(equal_area).area.iloc[0]
        ranked = [name for name, share in sorted(zip(inside["name"], shares / total, strict=True),
                                                  key=lambda x: -x[1])
                  if share >= MIN_COUNTRY_SHARE]
        if ranked:
            shown = ranked[:MAX_COUNTRIES] + ([f"{len(ranked) - MAX_COUNTRIES} more countries"]
                                               if len(ranked) > MAX_COUNTRIES else [])
            parts.append(f"covering parts of {_join(shown)}")
    if across:
        parts.append(f"about {_km(across)} across")
    centre = Point((west + east) / 2, (south + north) / 2)
    points = features[features.geometry.geom_type == "Point"]
    if view.bounds() is not None and not points.empty:
        nearest = points.index[int(np.argmin(shapely.distance(points.geometry.values, centre)))]
        parts.append(f"centred near {display_name(points.loc[nearest], view.naming)}")
    return "Map " + ", ".join(parts) if parts else "Map"


def _corridor_sentence(view: MapView, rows: pd.DataFrame, corridor: str, area) -> str:
    label = CORRIDORS[corridor].label if corridor in CORRIDORS else corridor
    lines = corridor_lines(rows, corridor)
    points = rows[rows.geometry.geom_type.isin(["Point", "MultiPoint"])]
    areas = rows[rows.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    bits = []
    if not lines.empty:
        clipped = lines.geometry.values if area is None else shapely.intersection(lines.geometry.values, area)
        km = pd.Series([geodesic_length_km(g) for g in clipped], index=lines.index)
        by_status: dict[str, float] = {}
        for fid, value in km.items():
            label_s = status_label(lines.at[fid, "status"])
            by_status[label_s] = by_status.get(label_s, 0.0) + value
        statuses = _join([f"{name} {_km(v)}" for name, v in sorted(by_status.items(), key=lambda kv: -kv[1])])
        where = "drawn in view" if area is not None else "drawn"
        bits.append(f"{len(lines)} line{'s' if len(lines) != 1 else ''}, {_km(float(km.sum()))} {where} ({statuses})")
    if not points.empty:
        kinds: dict[str, int] = {}
        for kind in points["kind"]:
            kinds[kind_label(kind)] = kinds.get(kind_label(kind), 0) + 1
        bits.append("symbols: " + ", ".join(f"{k} ({n})" for k, n in kinds.items()))
    if not areas.empty:
        names = [display_name(r, view.naming) for _, r in areas.iterrows()]
        bits.append(f"the area{'s' if len(names) != 1 else ''} {_join(names)}")
    sentence = f"{label}: {'; '.join(bits)}."
    missing = rows[rows["missing_link"].astype(bool)]
    for _, row in missing.iterrows():
        length = row["length_km"]
        km_text = f", {_km(float(length))} drawn" if isinstance(length, float) and not math.isnan(length) else ""
        sentence += f" Missing link: {display_name(row, view.naming)} ({status_label(row['status'])}{km_text})."
    return sentence


def describe_view(atlas: Atlas, view: MapView, features: pd.DataFrame, title: str | None = None) -> Description:
    """Alt text and caption for ``view`` showing ``features`` (``mapview.view_features``)."""
    bounds = view.bounds()
    area = box(*bounds) if bounds is not None else None
    alt = [f"{_where(atlas, view, features)}. It shows the atlas {date_phrase(view)}, with {naming_phrase(view)}."]
    present = list(dict.fromkeys(c for c in CORRIDORS if c in set(features["corridor"])))
    for corridor in present:
        alt.append(_corridor_sentence(view, features[features["corridor"] == corridor], corridor, area))
    focus = [fid for fid in view.focus if fid in features.index]  # what the map highlights: the shown ones
    if focus:
        alt.append("Highlighted: " + _join([display_name(atlas.feature(f), view.naming) for f in focus]) + ".")
    if (features.geometry.geom_type.isin(["LineString", "MultiLineString"])).any():
        alt.append("Lengths are of the drawn lines, which are hand-drawn through known positions and run "
                   "shorter than the track where it curves.")
    heading = title or view.title or default_title(features, view.selection())
    caption = (f"{heading.rstrip('.')}. The atlas {date_phrase(view)}; {naming_phrase(view)}. "
               f"{credit_line(atlas, features)}.")
    return Description(alt=" ".join(alt), caption=caption)
