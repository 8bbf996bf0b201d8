"""Stage 4a, web: the interactive Folium (Leaflet) map — layers, legend, popups, escaping and the
vendored offline assets. Imports folium; nothing in data/model/style may import this.
"""
