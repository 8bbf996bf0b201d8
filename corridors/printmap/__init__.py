"""Stage 4b, print: static maps (PNG/SVG/PDF) drawn with matplotlib in a Lambert conformal conic —
the figure, its frame (basemap, inset, scale bar) and its labels and legend.
"""
