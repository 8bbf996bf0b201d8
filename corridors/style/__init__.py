"""Stage 3, style: how each feature looks and what the legend says, as plain data that every
renderer (web map, print map, KML) translates. Renderer-free.
"""

from corridors.style.features import FeatureStyle, feature_style
from corridors.style.geometry import geometry_kind, geometry_kinds
from corridors.style.legend import LegendEntry, LegendModel, LegendSection, Swatch, legend_model

__all__ = [
    "FeatureStyle",
    "LegendEntry",
    "LegendModel",
    "LegendSection",
    "Swatch",
    "feature_style",
    "geometry_kind",
    "geometry_kinds",
    "legend_model",
]
