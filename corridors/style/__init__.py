"""Stage 3, style: how each feature looks and what the legend says, as plain data that every
renderer (web map, print map, KML) translates. Renderer-free.
"""
