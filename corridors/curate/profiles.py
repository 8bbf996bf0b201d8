"""What ``suggest`` knows of each atlas feature: its names, kind, corridor, places and geometry.

A profile is built from the feature's properties and geometry. Its ``words``
(the text that passages are compared with) hold the names, the kind's and
mode's usual words (``lexicon.KIND_WORDS``), the corridor's label and aliases
and the route. With ``leak_free=True`` that is all; otherwise the feature's
description and the quotes of its existing citations join them. The
evaluation uses ``leak_free=True``: descriptions and quotes were written from
the very article it scores (docs/suggest-quality.md). Citations are never used
to decide *which* passages a feature belongs to.

A feature's name is read in parts: "INSTC western route: St. Petersburg –
Moscow" has the head "INSTC western route" and names two places; "Bandar Abbas
(Persian Gulf port)" has the head "Bandar Abbas" and names the Persian Gulf;
"Baikal-Amur Mainline (BAM)" has the acronym "BAM" as another name. The
places a name mentions are found with the gazetteer (``find_mentions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import shapely

from corridors.curate.lexicon import CORRIDOR_ALIASES, KIND_WORDS, MODE_WORDS
from corridors.curate.matching import content_stems
from corridors.data.gazetteer import Gazetteer, Place
from corridors.data.mentions import find_mentions
from corridors.vocabulary import CORRIDORS

LINE_KINDS = frozenset({"route", "segment", "sea_route"})
# Densify lines to about this spacing (degrees) so distances to them are measured along them.
_SPACING_DEG = 0.2
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


@dataclass(frozen=True)
class NamedPlace:
    """A place a feature's name mentions, as written there, with its gazetteer candidates."""

    surface: str
    places: tuple[Place, ...]
    qualifier: bool = False  # inside the name's parentheses: it locates the feature, it does not name it


@dataclass
class FeatureProfile:
    id: str
    name: str
    corridor: str
    layer: str
    kind: str
    mode: str | None
    route: str | None
    missing_link: bool
    countries: tuple[str, ...]
    error_km: float
    method: str
    names: tuple[str, ...]  # whole names: the head of the name, its acronym, the alternative names
    name_stems: tuple[str, ...]  # content stems of the head name, for names that describe (events, presences)
    named_places: tuple[NamedPlace, ...]
    words: str
    coords: np.ndarray = field(repr=False)  # (n, 2) lat, lon: points, densified lines, polygon rings
    polygon: object = field(default=None, repr=False)  # shapely polygon for containment, else None
    length_km: float = 0.0

    @property
    def is_line(self) -> bool:
        return self.kind in LINE_KINDS and len(self.coords) > 1

    @property
    def is_point(self) -> bool:
        return len(self.coords) == 1

    @property
    def extent_km(self) -> float:
        """How far from its drawn position the feature reaches: a schematic point stands for an area."""
        return self.error_km


def name_parts(name: str) -> tuple[str, list[str], list[str]]:
    """(head, acronyms, descriptive parts) of a feature name."""
    head, _, rest = name.partition(":")
    parentheticals = re.findall(r"\(([^)]*)\)", name)
    head = re.sub(r"\s*\([^)]*\)", "", head).strip()
    acronyms = [p.strip() for p in parentheticals if _ACRONYM.match(p.strip())]
    described = [p for p in parentheticals if not _ACRONYM.match(p.strip())]
    if rest:
        described.insert(0, re.sub(r"\s*\([^)]*\)", "", rest).strip())
    return head, acronyms, described


def build_profiles(features, gazetteer: Gazetteer, citations=None, leak_free: bool = True) -> list[FeatureProfile]:
    """One profile per row of the atlas's GeoDataFrame, in atlas order.

    ``citations`` maps a feature id to its quotes; it is read only when ``leak_free`` is False.
    """
    profiles = []
    for fid, row in features.iterrows():
        head, acronyms, _ = name_parts(row["name"])
        alt = [a["name"] for a in row["alt_names"]]
        names = tuple(dict.fromkeys([head, *acronyms, *alt]))
        corridor_words = []
        if row["corridor"] in CORRIDOR_ALIASES:
            corridor_words = list(CORRIDOR_ALIASES[row["corridor"]]["strong"])
        words = [row["name"], *alt, KIND_WORDS.get(row["kind"], ""), MODE_WORDS.get(row["mode"] or "", ""),
                 CORRIDORS[row["corridor"]].label if row["corridor"] in CORRIDORS else "", *corridor_words,
                 row["route"] if isinstance(row["route"], str) else ""]
        if not leak_free:
            words.append(row["description"])
            words.extend((citations or {}).get(fid, []))
        geometry = row["geometry"]
        profiles.append(
            FeatureProfile(
                id=fid,
                name=row["name"],
                corridor=row["corridor"],
                layer=row["layer"],
                kind=row["kind"],
                mode=row["mode"] if isinstance(row["mode"], str) else None,
                route=row["route"] if isinstance(row["route"], str) else None,
                missing_link=bool(row["missing_link"]),
                countries=tuple(row["countries"]),
                error_km=float(row["accuracy_error_km"]),
                method=row["accuracy_method"],
                names=names,
                name_stems=tuple(dict.fromkeys(content_stems(head))),
                named_places=named_places(row["name"], gazetteer),
                words=" ".join(w for w in words if w),
                coords=coords_of(geometry),
                polygon=geometry if geometry.geom_type in ("Polygon", "MultiPolygon") else None,
                length_km=_number(row["length_km"]),
            )
        )
    return profiles


def _number(value) -> float:
    """A measure of the atlas frame as a float (0 for a missing one: NaN or None)."""
    return 0.0 if value is None or value != value else float(value)


def named_places(name: str, gazetteer: Gazetteer) -> tuple[NamedPlace, ...]:
    brackets = [m.span() for m in re.finditer(r"\([^)]*\)", name)]
    return tuple(
        NamedPlace(m.surface, tuple(m.places), any(s <= m.start < e for s, e in brackets))
        for m in find_mentions(name, gazetteer)
    )


def coords_of(geometry) -> np.ndarray:
    """(n, 2) array of lat, lon along a geometry (lines densified, polygons by their rings)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = geometry.boundary
    dense = shapely.segmentize(geometry, max_segment_length=_SPACING_DEG)
    xy = shapely.get_coordinates(dense)
    return np.column_stack([xy[:, 1], xy[:, 0]])
