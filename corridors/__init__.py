"""Corridor Atlas: a source-cited map of Eurasian trade corridors and conflict zones.

The library behind ``python -m corridors`` and ``app.py``::

    from corridors import load_atlas
    atlas = load_atlas()                       # validated features + sources
    atlas.features                             # GeoDataFrame, one row per feature
    atlas.citations_for("bam-main-line")       # quotes resolved to passages

Public names are imported on first use (PEP 562), so light modules such as
``corridors.data.gazetteer`` or ``corridors.text`` load without geopandas,
folium or matplotlib.
"""

from __future__ import annotations

import importlib
import sys
import types

# Public name -> the submodule that defines it.
_EXPORTS = {
    "Atlas": "atlas",
    "Citation": "atlas",
    "DataError": "atlas",
    "load_atlas": "atlas",
    "feature_card": "cards",
    "geodesic_length_km": "measure",
    "summarize_corridor": "measure",
    "NAMINGS": "names",
    "display_name": "names",
    "Passage": "sources",
    "Source": "sources",
    "load_sources": "sources",
    "parse_source": "sources",
    "citation_table": "tables",
    "feature_table": "tables",
    "locate": "text",
    "normalize": "text",
    "active_mask": "timeline",
    "dated_events": "timeline",
    "Problem": "validate",
    "Report": "validate",
    "validate": "validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(types.ModuleType):
    """``corridors.validate`` names both a submodule and the public function.

    Importing the submodule binds it on the package; that must not hide the
    function ``from corridors import validate`` promises (the eager imports
    this file used to make had the same effect).
    """

    def __setattr__(self, name: str, value) -> None:
        if name == "validate" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
