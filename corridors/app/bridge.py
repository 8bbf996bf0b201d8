"""The one module that talks to streamlit-folium, including its private functions.

Pinned to streamlit-folium 0.27.4 (``requirements.txt``). The app does what
``st_folium`` does, but once per thing that changes, keeping the results as
plain strings it can cache (``corridors.app.map_payload`` says why). That needs
these private calls, each reproducing one step of ``st_folium``:

==============================  ==============================================================
call                            why
==============================  ==============================================================
``_get_html``                   the map's HTML body, as the component expects it
``_get_header``                 the map's ``<head>`` with the asset tags stripped (the component
                                loads ``css_links``/``js_links`` itself) and the map id renamed
``_get_map_string``             the map's script, with folium's random names standardized, so its
                                hash (the component key) is stable across builds and sessions
``generate_leaflet_string``     one layer's script for ``feature_group`` (what the private
                                ``_get_feature_group_string`` does, without adding the layer to
                                a map: ``st_folium`` mutates the map it is given, and a cached map
                                would get a new script, hence a new iframe, on the next rerun)
``get_full_id``                 the id folium gave a map, to rename it ``map_div`` (the frontend's
                                name for the live map) inside a layer's script
``_component_func``             the component itself, called with ``st_folium``'s arguments but
                                our cached strings
==============================  ==============================================================

``tests/app/test_bridge.py`` compares each result with what ``st_folium``
itself sends, so an upgrade that changes any of this fails a test instead of
the map.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import folium
import streamlit_folium
from streamlit_folium import generate_leaflet_string, get_full_id

# What the map returns to the script: the clicked feature (its card opens) and
# the view (the share link keeps it); nothing on hover.
RETURNED_OBJECTS = ("last_active_drawing", "last_object_clicked_count", "center", "zoom")

# Serializing renders and renames folium elements in place; cached maps are
# shared between sessions, so one serialization at a time.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class MapPayload:
    """The arguments of streamlit-folium's component that depend only on the base map."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]

    @property
    def key(self) -> str:
        """The component key: a new iframe exactly when the base map's script changes."""
        return "atlas-map-" + hashlib.sha256(self.script.encode()).hexdigest()[:16]


def base_payload(m: folium.Map) -> MapPayload:
    """Serialize a base map the way ``st_folium`` does (``streamlit_folium.st_folium``)."""
    with _LOCK:
        m.get_root().render()
        m.render()
        html = streamlit_folium._get_html(m)
        header = streamlit_folium._get_header(m)
        script = streamlit_folium._get_map_string(m)
        css: list[str] = []
        js: list[str] = []
        for element in _walk(m):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        return MapPayload(
            script=script,
            header=header,
            html=html,
            map_id=get_full_id(m),
            css_links=tuple(dict.fromkeys(css)),
            js_links=tuple(dict.fromkeys(js)),
        )


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def group_script(group: folium.FeatureGroup, idx: int) -> str:
    """One layer as streamlit-folium's ``feature_group_to_add`` JavaScript (its ``_get_feature_group_string``).

    Unlike streamlit-folium, the group stays in the map ``build_map`` put it in,
    so no cached map is modified.
    """
    with _LOCK:
        base_id = f"feature_group_{idx}"
        group._id = base_id
        group.render()
        script = generate_leaflet_string(group, base_id=base_id)
        script = script.replace(get_full_id(group._parent), "map_div")
        name = f"feature_group_{base_id}"
        return (
            script
            + f"\nmap_div.addLayer({name});\nwindow.feature_group = window.feature_group || [];"
            + f"\nwindow.feature_group.push({name});\n"
        )


def show_map(
    payload: MapPayload,
    scripts: Iterable[str],
    *,
    height: int = 620,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> Mapping | None:
    """Draw the map component; returns the clicked feature and the view (``RETURNED_OBJECTS``).

    ``scripts``: the layers (``group_script``) and fits (``map_payload.fit_script``)
    to show now. ``center``/``zoom`` move the map when they differ from the last
    ones sent (streamlit-folium's own rule), so pass the same values until the
    app wants the map to move.
    """
    feature_group = "".join(scripts)
    return streamlit_folium._component_func(
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=payload.key,
        height=height,
        width=None,  # the container's width
        returned_objects=list(RETURNED_OBJECTS),
        default={"last_active_drawing": None, "last_object_clicked_count": None},
        zoom=zoom,
        center=list(center) if center is not None else None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(payload.css_links),
        js_links=list(payload.js_links),
        wrap_longitude=False,
    )
