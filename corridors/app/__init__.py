"""Stage 6, app: the Streamlit explorer behind ``app.py`` — typed session state, one module per
panel, and the one bridge module that talks to streamlit-folium.
"""
