"""The naive baseline of issue 11: the folium + streamlit-folium app a user would otherwise write.

``python -m corridors bench`` measures the project's app (``app.py``) against
this one, in the same run, and reports each figure as a ratio to it. It is kept
honest, simple and *frozen* on purpose: it draws its map with plain folium, not
with the project's map builder, so that making the project faster can never
make the baseline faster too (and every ratio in ``docs/benchmarks.md`` would
silently change meaning). Do not optimise it.

What it does is what a tutorial-style app does with this data:

* the same data (``corridors.load_atlas``, cached once per server with
  ``st.cache_resource``) and the same look per feature
  (``corridors.style.feature_style``: colour, width, dash, fill);
* one ``folium.GeoJson`` per feature, with its tooltip (the displayed name) and
  its popup (the full citation card, ``corridors.web.card.card_html``)
  pre-rendered as HTML; one ``FeatureGroup`` per corridor and a layer control;
* the bundled country boundaries as a plain GeoJSON basemap;
* the vendored Leaflet and jQuery (``make_offline``), so it works offline like
  the app;
* every sidebar change reruns the script, which builds the whole map again and
  hands it to ``st_folium``: everything serialized and drawn anew.

It uses the app's widget keys (``layer_<corridor>``, ``statuses``, ``naming``)
and labels so that one script drives both. ``returned_objects=[]``: the map
sends nothing back, so panning reruns nothing — the baseline pays only for its
rebuilds, not for a known extra cost (streamlit-folium issue #235).

    streamlit run benchmarks/naive_app.py
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from corridors import load_atlas
from corridors.data.reference import load_basemap
from corridors.model.cards import feature_card
from corridors.model.names import display_name
from corridors.model.selection import Selection, select
from corridors.style.features import feature_style
from corridors.vocabulary import CORRIDORS, NAMINGS, STATUSES, status_label
from corridors.web.card import card_html
from corridors.web.offline import make_offline

NOT_GIVEN = "none"  # the app's token for "status not given by the sources"

st.set_page_config(page_title="Corridor Atlas (naive baseline)", layout="wide")
atlas = st.cache_resource(load_atlas)()
basemap = st.cache_resource(lambda: load_basemap(atlas.data_dir).to_json())()
features = atlas.features

with st.sidebar:
    st.header("Layers")
    visible = [key for key, corridor in CORRIDORS.items()
               if st.checkbox(corridor.label, value=True, key=f"layer_{key}")]
    st.header("Filters")
    present = [s for s in STATUSES if (features["status"] == s).any()]
    if features["status"].isna().any():
        present.append(NOT_GIVEN)
    statuses = st.multiselect("Status", present, key="statuses", placeholder="all statuses",
                              format_func=lambda s: status_label(None if s == NOT_GIVEN else s))
    naming = st.selectbox("Names of contested places", list(NAMINGS), key="naming", format_func=NAMINGS.get)

st.title("Corridor Atlas")
selection = Selection(statuses=tuple(None if s == NOT_GIVEN else s for s in statuses))
rows = select(features, selection)
rows = rows[rows["corridor"].isin(visible)]

m = folium.Map(location=[45, 60], zoom_start=3, tiles=None)
folium.GeoJson(basemap, name="Countries", control=False,
               style_function=lambda _: {"color": "#9a9a9a", "weight": 0.6, "fillColor": "#f2efe9",
                                         "fillOpacity": 1}).add_to(m)
groups = {key: folium.FeatureGroup(name=corridor.layer_label).add_to(m) for key, corridor in CORRIDORS.items()}
for feature_id, row in rows.iterrows():
    look = feature_style(row, row.geometry)
    style = {"color": look.colour, "weight": look.width_px or 2, "opacity": look.opacity,
             "dashArray": " ".join(str(d) for d in look.dash_px) if look.dash_px else None,
             "fillColor": look.colour, "fillOpacity": look.fill_opacity}
    name = display_name(row, naming)
    popup = folium.Popup(str(card_html(feature_card(atlas, feature_id, naming=naming))), max_width=420)
    if look.geometry == "point":
        folium.CircleMarker([row.geometry.y, row.geometry.x], radius=7, color=look.colour, fill=True,
                            fill_opacity=0.8, tooltip=name, popup=popup).add_to(groups[row["corridor"]])
    else:
        folium.GeoJson(row.geometry.__geo_interface__, style_function=lambda _, s=style: s,
                       tooltip=name, popup=popup).add_to(groups[row["corridor"]])
folium.LayerControl(collapsed=False).add_to(m)
st_folium(make_offline(m), height=620, use_container_width=True, returned_objects=[])
