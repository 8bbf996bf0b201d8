"""Stage 1, data: where the files are, the sources split into passages, validation and the loaded atlas;
the offline gazetteer and the name key used to match place names.

Renderer-free: nothing here imports folium, streamlit or matplotlib (tests/test_architecture.py checks it).
"""
