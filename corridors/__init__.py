"""Corridor Atlas: a source-cited map of Eurasian trade corridors and conflict zones.

The library behind ``python -m corridors`` and ``app.py``::

    from corridors import load_atlas
    atlas = load_atlas()                       # validated features + sources
    atlas.features                             # GeoDataFrame, one row per feature
    atlas.citations_for("bam-main-line")       # quotes resolved to passages
"""

from .atlas import Atlas, Citation, DataError, load_atlas
from .cards import feature_card
from .measure import geodesic_length_km, summarize_corridor
from .names import NAMINGS, display_name
from .sources import Passage, Source, load_sources, parse_source
from .tables import citation_table, feature_records, feature_table
from .text import locate, normalize
from .timeline import active_mask, dated_events, slider_model
from .validate import Problem, Report, validate

__all__ = [
    "NAMINGS",
    "Atlas",
    "Citation",
    "DataError",
    "Passage",
    "Problem",
    "Report",
    "Source",
    "active_mask",
    "citation_table",
    "dated_events",
    "display_name",
    "feature_card",
    "feature_records",
    "feature_table",
    "geodesic_length_km",
    "load_atlas",
    "load_sources",
    "locate",
    "normalize",
    "parse_source",
    "slider_model",
    "summarize_corridor",
    "validate",
]
