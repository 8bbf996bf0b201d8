"""The floor for many readers at once (issue 11): the smallest Streamlit + folium page there is.

A title and a one-line folium map through ``st_folium``, offline (vendored
Leaflet). ``python -m corridors bench`` opens it with 1, 5 and 10 concurrent
sessions exactly as it opens the app and the naive baseline: how the slowest
session's first map grows with the number of readers on this machine when a
page does next to nothing says how much of that growth is the machine (every
reader's Chromium and the server share its cores) rather than the app.
Do not add to it.

    streamlit run benchmarks/minimal_app.py
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from corridors.vocabulary import CORRIDORS
from corridors.web.offline import make_offline

st.title("Minimal page")
m = folium.Map(location=[40, 50], zoom_start=4, tiles=None)
# In an atlas colour: the benchmark's probe recognises a drawn map by it.
folium.PolyLine([[38, 48], [42, 52]], color=CORRIDORS["INSTC"].colour).add_to(m)
st_folium(make_offline(m), height=400, returned_objects=[])
