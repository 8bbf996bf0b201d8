"""A map view: where the map looks (centre and zoom).

Shared by the web map, the app's share links and the exports, so it lives here and
imports no renderer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """An initial map view: centre and zoom."""

    lat: float
    lon: float
    zoom: int

    def __post_init__(self):
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"view centre must be lat in [-90, 90], lon in [-180, 180], got {self.lat}, {self.lon}")
        if not 0 <= self.zoom <= 19:
            raise ValueError(f"view zoom must be in [0, 19], got {self.zoom}")
