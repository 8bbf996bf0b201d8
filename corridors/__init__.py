"""Corridor Atlas: a source-cited map of Eurasian trade corridors and conflict zones.

The library behind ``python -m corridors`` and ``app.py``::

    from corridors import load_atlas
    atlas = load_atlas()                       # validated features + sources
    atlas.features                             # GeoDataFrame, one row per feature
    atlas.citations_for("bam-main-line")       # quotes resolved to passages
"""

from corridors.data.atlas import Atlas, Citation, DataError, load_atlas
from corridors.data.sources import Passage, Source, load_sources, parse_source
from corridors.data.text import locate, normalize
from corridors.data.validate import Problem, Report, validate
from corridors.model.cards import feature_card
from corridors.model.measures import geodesic_length_km, summarize_corridor
from corridors.model.names import NAMINGS, display_name
from corridors.model.tables import citation_table, feature_table
from corridors.model.timeline import active_mask, dated_events

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
    "feature_table",
    "geodesic_length_km",
    "load_atlas",
    "load_sources",
    "locate",
    "normalize",
    "parse_source",
    "summarize_corridor",
    "validate",
]
