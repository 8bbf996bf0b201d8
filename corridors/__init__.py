"""Corridor Atlas: a source-cited map of Eurasian trade corridors and conflict zones.

The library behind ``python -m corridors`` and ``app.py``::

    from corridors import load_atlas
    atlas = load_atlas()                       # validated features + sources
    atlas.features                             # GeoDataFrame, one row per feature
    atlas.citations_for("bam-main-line")       # quotes resolved to passages

The package is laid out by stage (see ARCHITECTURE.md): ``data`` → ``model`` → ``style`` →
``web`` / ``printmap`` → ``export`` → ``app``, with the domain's words in ``vocabulary``.
Names below are imported on first use, so ``import corridors`` (and ``python -m corridors --help``)
stays light: no geopandas, folium, streamlit or matplotlib until something needs them.
"""

from __future__ import annotations

import importlib

# public name -> module that defines it
_PUBLIC = {
    "Atlas": "corridors.data.atlas",
    "Citation": "corridors.data.atlas",
    "DataError": "corridors.data.atlas",
    "load_atlas": "corridors.data.atlas",
    "Passage": "corridors.data.sources",
    "Source": "corridors.data.sources",
    "load_sources": "corridors.data.sources",
    "parse_source": "corridors.data.sources",
    "locate": "corridors.data.text",
    "normalize": "corridors.data.text",
    "Problem": "corridors.data.validate",
    "Report": "corridors.data.validate",
    "validate": "corridors.data.validate",
    "geodesic_length_km": "corridors.data.geodesy",
    "feature_card": "corridors.model.cards",
    "summarize_corridor": "corridors.model.measures",
    "display_name": "corridors.model.names",
    "citation_table": "corridors.model.tables",
    "feature_table": "corridors.model.tables",
    "feature_records": "corridors.model.tables",
    "active_mask": "corridors.model.timeline",
    "dated_events": "corridors.model.timeline",
    "slider_model": "corridors.model.timeline",
    "NAMINGS": "corridors.vocabulary",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'corridors' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
