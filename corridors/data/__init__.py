"""Stage 1, data: where the files are, the sources split into passages, validation and the loaded atlas.

Renderer-free: nothing here imports folium, streamlit or matplotlib (tests/test_architecture.py checks it).
"""
