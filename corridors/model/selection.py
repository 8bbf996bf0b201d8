"""Which features a map or export shows: layers, status and mode filters, an "as of" date.

``select`` is the one place the "as of" rules of ``corridors.timeline`` are
applied for the map, the app, ``list``/``show`` and the exports: it drops the
features the sources do not yet describe at the date and gives the others their
status at that date, so every view says the same thing.

Layer names are the corridors (``INSTC``, ``BAM``, ``Zangezur``, ``Karabakh``,
``context``) or the layers (``corridor``, ``conflict``, ``place``), matched
case-insensitively, so ``--layers INSTC conflict`` means the INSTC plus the
Karabakh conflict features.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd

from corridors.model.sources import sources_view
from corridors.model.timeline import active_mask, at_date, check_date
from corridors.vocabulary import CORRIDOR_KEYS, LAYER_GROUP_KEYS

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas

# A name in ``--layers`` is a layer (a corridor) or a layer group (vocabulary).
CORRIDOR_NAMES = CORRIDOR_KEYS
LAYER_NAMES = LAYER_GROUP_KEYS
ALIASES = {"places": "place", "corridors": "corridor", "karabakh": "Karabakh"}


def parse_layers(names: Iterable[str] | None) -> tuple[set[str], set[str]] | None:
    """Split layer names into (corridors, layers); None means everything.

    Raises ``ValueError`` naming the unknown name and the valid ones.
    """
    if names is None:
        return None
    corridors: set[str] = set()
    layers: set[str] = set()
    by_lower = {c.lower(): c for c in CORRIDOR_NAMES}
    for raw in names:
        for name in str(raw).split(","):
            key = ALIASES.get(name.strip().lower(), name.strip()).lower()
            if not key:
                continue
            if key in by_lower:
                corridors.add(by_lower[key])
            elif key in LAYER_NAMES:
                layers.add(key)
            else:
                raise ValueError(
                    f"unknown layer {name.strip()!r}; choose from {', '.join(CORRIDOR_NAMES + LAYER_NAMES)}"
                )
    return corridors, layers


@dataclass(frozen=True)
class Selection:
    """What to show. Empty filters mean "no filter"."""

    layers: tuple[str, ...] | None = None  # corridor or layer names; None = all
    statuses: tuple[str | None, ...] = field(default=())  # None inside = "status not given"
    modes: tuple[str | None, ...] = field(default=())
    as_of: str | None = None
    sources: tuple[str, ...] = field(default=())  # only what these sources support; empty = every source
    known_by: str | None = None  # only what sources published by this date say (model.sources)

    def __post_init__(self):
        parse_layers(self.layers)  # fail early on a bad name
        for date in (self.as_of, self.known_by):
            if date is not None:
                check_date(date)


def select(features: gpd.GeoDataFrame, selection: Selection | None = None) -> gpd.GeoDataFrame:
    """The rows of ``features`` that ``selection`` keeps, in atlas order.

    The rows are a copy whose ``status`` is the status at ``selection.as_of``
    (the latest the sources give when there is no date), with ``status_from``,
    ``status_basis`` and ``as_of`` columns; the status filter applies to it.
    ``sources`` keeps what those sources support; ``known_by`` keeps what sources
    published by that date say, statuses included (``corridors.model.sources``).
    """
    selection = selection or Selection()
    features = sources_view(features, selection.sources, selection.known_by)
    features = at_date(features, selection.as_of)
    mask = active_mask(features, selection.as_of)
    parsed = parse_layers(selection.layers)
    if parsed is not None:
        corridors, layers = parsed
        mask &= features["corridor"].isin(corridors) | features["layer"].isin(layers)
    if selection.statuses:
        mask &= features["status"].apply(lambda s: (s if isinstance(s, str) else None) in selection.statuses)
    if selection.modes:
        # Points and areas have no mode; a mode filter is about lines. (A missing mode is NaN in the frame.)
        mask &= features["mode"].apply(lambda m: not isinstance(m, str) or m in selection.modes)
    return features[mask]


def selected_features(atlas: Atlas, selection: Selection | None) -> gpd.GeoDataFrame:
    """The selected rows; ``ValueError`` when there are none (an empty file helps nobody)."""
    rows = select(atlas.features, selection)
    if rows.empty:
        raise ValueError(f"nothing was selected: no feature matches {describe_selection(selection)}")
    return rows


def describe_selection(selection: Selection | None) -> str:
    if selection is None:
        return "the whole atlas"
    parts = []
    if selection.layers is not None:
        parts.append(f"layers {', '.join(selection.layers) or '(none)'}")
    if selection.statuses:
        parts.append(f"statuses {', '.join(str(s) for s in selection.statuses)}")
    if selection.modes:
        parts.append(f"modes {', '.join(str(m) for m in selection.modes)}")
    if selection.as_of:
        parts.append(f"as of {selection.as_of}")
    if selection.sources:
        parts.append(f"sources {', '.join(selection.sources)}")
    if selection.known_by:
        parts.append(f"known by {selection.known_by}")
    return "; ".join(parts) or "the whole atlas"
