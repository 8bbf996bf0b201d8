"""How much input the loader accepts: every limit in one place.

Each limit has a default below and can be changed for one run with an
environment variable ``CORRIDORS_LIMIT_<NAME>`` (the field name in capitals),
e.g. ``CORRIDORS_LIMIT_VERTICES_PER_FEATURE=500000 python -m corridors validate``.
The same limits apply to ``validate``, ``export``, the app and uploaded layers;
the README's "Security notes" list them.

The defaults leave a wide margin over the bundled atlas (54 features, the
largest file 60 KB, the longest line ~280 vertices) and accept 20,000 features,
while refusing a million-vertex line before any per-vertex work starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

MIB = 1024 * 1024
ENV_PREFIX = "CORRIDORS_LIMIT_"


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what one data folder (or one upload) may hold."""

    file_bytes: int = 32 * MIB  # one geodata/*.geojson file or one seeds/*.json metadata file
    text_bytes: int = 8 * MIB  # one seeds/*.txt article
    total_bytes: int = 256 * MIB  # everything read from one data folder
    upload_bytes: int = 10 * MIB  # one uploaded layer; .streamlit/config.toml server.maxUploadSize matches
    files: int = 1_000  # geodata/*.geojson files plus seeds/*.txt sources
    depth: int = 32  # JSON nesting (a MultiPolygon inside a FeatureCollection needs 8)
    features: int = 50_000  # features in the whole atlas, or in one upload
    vertices_per_feature: int = 250_000
    vertices_total: int = 2_000_000
    name_chars: int = 300  # names, labels, ids, codes: every short property string
    text_chars: int = 20_000  # descriptions, notes and quotes
    list_items: int = 1_000  # entries of one list in a feature's properties (names, dates, citations)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, with any ``CORRIDORS_LIMIT_<NAME>`` variable applied; ``ValueError`` names a bad one."""
        environ = os.environ if environ is None else environ
        changes = {}
        for item in fields(cls):
            name = ENV_PREFIX + item.name.upper()
            raw = environ.get(name)
            if raw is None or raw.strip() == "":
                continue
            try:
                value = int(raw.strip().replace("_", ""))
            except ValueError:
                raise ValueError(f"{name}={raw!r}: a limit must be a whole number") from None
            if value < 1:
                raise ValueError(f"{name}={raw!r}: a limit must be at least 1")
            changes[item.name] = value
        return replace(cls(), **changes)


def current(limits: Limits | None = None) -> Limits:
    """``limits`` if given, else the defaults with the environment's overrides."""
    return limits if limits is not None else Limits.from_env()
