"""The naive baseline of issue 11: the folium + streamlit-folium app a user would otherwise write.

``python -m corridors bench`` measures the project's app (``app.py``) against
this one, in the same run, and reports each figure as a ratio to it. It is kept
honest and simple on purpose — do not optimise it, or every ratio in
``docs/benchmarks.md`` silently changes meaning:

* the same data (``corridors.load_atlas``, cached once per server like any
  Streamlit tutorial does) and the same map (``corridors.web.folium_map.build_map``:
  the same layers, styles, popups with their citations, grouped layer control);
* the vendored Leaflet and jQuery (``make_offline``), so it works offline like
  the app;
* every sidebar change reruns the script, which builds the whole map again and
  hands it to ``st_folium``: a new iframe, everything serialized and drawn anew.

It uses the app's widget keys (``layer_<corridor>``, ``statuses``, ``naming``)
and labels so that one script drives both. ``returned_objects=[]``: the map
sends nothing back, so panning reruns nothing — the baseline pays only for its
rebuilds, not for a known extra cost (streamlit-folium issue #235).

    streamlit run benchmarks/naive_app.py
"""

import streamlit as st
from streamlit_folium import st_folium

from corridors import load_atlas
from corridors.model.selection import Selection
from corridors.vocabulary import CORRIDORS, NAMINGS, STATUSES, status_label
from corridors.web.folium_map import build_map
from corridors.web.offline import make_offline

NOT_GIVEN = "none"  # the app's token for "status not given by the sources"

st.set_page_config(page_title="Corridor Atlas (naive baseline)", layout="wide")
atlas = st.cache_resource(load_atlas)()
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
m = make_offline(build_map(atlas, selection, visible=visible, naming=naming))
st_folium(m, height=620, use_container_width=True, returned_objects=[])
