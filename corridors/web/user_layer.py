"""A user's own uploaded layer on the web map ("Your layer: NAME"), drawn apart from the atlas.

The features come from ``corridors.data.upload.load_user_layer`` (checked, but
their strings are anyone's). Only an escaped label travels into the map: the
upload's other properties never reach the page's script (a ``</script>`` or a
``${`` in any of them cannot matter), and ``GeoJsonTooltip``, which puts values
into ``innerHTML``, gets text already escaped by ``web.escape.h``. A feature
without citations says "uncited" in its label, and every label names the layer
(the exported map's layer control lists only the atlas's layers). The style is one the atlas never
uses (near-black, dotted; points as circles, which need no marker image), so
the layer cannot be taken for a cited corridor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import folium

from corridors.web.escape import h

USER_COLOUR = "#1A1A1A"
USER_PATH = {"color": USER_COLOUR, "weight": 3, "opacity": 0.9, "dashArray": "1 7", "lineCap": "round",
             "fillColor": USER_COLOUR, "fillOpacity": 0.12}
USER_POINT_RADIUS_PX = 6
LABEL = "_label"  # the only property the page sees


def layer_title(name: str) -> str:
    """The layer's name as shown (not escaped: whoever displays it escapes it)."""
    return f"Your layer: {name}"


def feature_label(name: str, feature: dict) -> str:
    """One feature's tooltip (not escaped): its layer, its name, "uncited" when it carries no citations."""
    props = feature.get("properties") or {}
    uncited = " (uncited)" if props.get("uncited", True) else ""
    return f"{layer_title(name)} \u2014 {props.get('name', '')}{uncited}"


def user_layer(name: str, features: Sequence[dict], *, show: bool = True) -> folium.FeatureGroup | None:
    """The uploaded ``features`` as one ``FeatureGroup`` named "Your layer: NAME"; None when there are none."""
    if not features:
        return None
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": f["geometry"], "properties": {LABEL: h(feature_label(name, f))}}
            for f in features
        ],
    }
    group = folium.FeatureGroup(name=h(layer_title(name)), show=show)
    folium.GeoJson(
        collection,
        name=h(layer_title(name)),
        style_function=lambda _f: USER_PATH,
        marker=folium.CircleMarker(radius=USER_POINT_RADIUS_PX, color="#FFFFFF", weight=1.5, fill=True,
                                   fill_color=USER_COLOUR, fill_opacity=0.9),
        tooltip=folium.GeoJsonTooltip(fields=[LABEL], labels=False),
    ).add_to(group)
    return group


def add_user_layers(m: folium.Map, layers: Iterable[tuple[str, Sequence[dict]]]) -> folium.Map:
    """Draw each ``(name, features)`` layer on ``m`` above the atlas's layers; returns ``m``."""
    for name, features in layers:
        group = user_layer(name, features)
        if group is not None:
            group.add_to(m)
    return m
