"""The domain's words, defined once: corridors, layers, statuses, modes, kinds, namings, basemaps.

Every other module imports these; none restates them. One meaning per word:

- a **corridor** is what a feature belongs to (``INSTC``, ``BAM``, ``Zangezur``, ``Karabakh``,
  ``context``);
- a **layer** is what a reader toggles on the map: one per corridor, keyed by the corridor;
- a **layer group** is the heading a layer sits under in the layer control (``corridor``,
  ``conflict``, ``place``). The data's ``layer`` property names a feature's layer group (the
  property keeps its name so existing data files stay valid).

Colours are the Okabe-Ito palette (distinguishable with the common forms of colour blindness); how
they are drawn (dashes, widths, symbols) is ``corridors.style``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Corridor:
    key: str
    label: str  # the legend's long name
    layer_label: str  # the layer control's short name
    colour: str  # hex literal, never from data
    group: str  # its layer group


CORRIDORS: dict[str, Corridor] = {
    c.key: c
    for c in (
        Corridor("INSTC", "INSTC \u2014 International North-South Transport Corridor", "INSTC", "#0072B2", "corridor"),
        Corridor("BAM", "BAM \u2014 Baikal-Amur Mainline", "BAM", "#D55E00", "corridor"),
        Corridor("Zangezur", "Zangezur corridor (proposed)", "Zangezur corridor", "#009E73", "corridor"),
        Corridor("Karabakh", "Karabakh conflict", "Karabakh conflict", "#CC79A7", "conflict"),
        Corridor("context", "Other places named in the article", "Places in the article", "#4D4D4D", "place"),
    )
}
CORRIDOR_KEYS: tuple[str, ...] = tuple(CORRIDORS)
# The corridors proper (summaries, the "Corridors" panel): not the conflict or the context places.
ROUTE_CORRIDORS: tuple[str, ...] = tuple(k for k, c in CORRIDORS.items() if c.group == "corridor")

# Layer groups in display order, with their layer-control headings.
LAYER_GROUPS: dict[str, str] = {"corridor": "Corridors", "conflict": "Conflict", "place": "Places"}
LAYER_GROUP_KEYS: tuple[str, ...] = tuple(LAYER_GROUPS)

STATUSES: dict[str, str] = {
    "operational": "operational",
    "under_construction": "under construction",
    "planned": "planned",
    "proposed": "proposed",
    "disputed": "disputed",
    "suspended": "suspended",
    "withdrawing": "withdrawing",
    "former": "former",
}
NO_STATUS = "not given by the sources"  # a status the sources do not give (data: null)

MODES: dict[str, str] = {"rail": "rail", "road": "road", "sea": "sea", "multimodal": "multimodal"}
NO_MODE = "not given"  # a mode the sources do not give (data: null)

KINDS: dict[str, str] = {
    "route": "route",
    "segment": "segment",
    "sea_route": "sea route",
    "area": "area",
    "port": "port",
    "border_crossing": "border crossing",
    "checkpoint": "checkpoint",
    "node": "station / junction / city",
    "event": "event",
    "presence": "deployment / presence",
    "place": "place named in the article",
}

ARTICLE = "article"
NAMINGS: dict[str, str] = {
    ARTICLE: "As the article writes them",
    "en": "Common English names",
    "az": "Azerbaijani usage",
    "hy": "Armenian usage",
    "ru": "Russian usage",
    "fa": "Persian usage",
}

OFFLINE = "offline"
BASEMAPS: dict[str, str] = {
    OFFLINE: "Offline basemap (Natural Earth)",
    "osm": "OpenStreetMap (online)",
    "imagery": "Esri World Imagery (online)",
}


def corridor_colour(corridor: str) -> str:
    """The corridor's colour; anything unknown is drawn as a context place."""
    return CORRIDORS.get(corridor, CORRIDORS["context"]).colour


def status_label(status: object) -> str:
    return STATUSES.get(status, NO_STATUS) if isinstance(status, str) else NO_STATUS


def mode_label(mode: object) -> str:
    return MODES.get(mode, NO_MODE) if isinstance(mode, str) else NO_MODE


def kind_label(kind: object) -> str:
    return KINDS.get(kind, str(kind).replace("_", " ")) if isinstance(kind, str) else "feature"
