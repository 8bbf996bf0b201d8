"""Fixtures of the app's tests: a substitute map that reports clicks and views."""

from __future__ import annotations

import pytest

from corridors.app import bridge


@pytest.fixture
def fake_click(monkeypatch):
    """Make the map report a click on a feature (and a view), as streamlit-folium's frontend would."""
    calls = []

    def install(feature_id: str | None, count: int = 1, center=None, zoom=None):
        def show_map(payload, scripts, **kwargs):
            calls.append({"payload": payload, "scripts": list(scripts), **kwargs})
            drawing = {"type": "Feature", "properties": {"id": feature_id}} if feature_id else None
            value = {"last_object_clicked_count": count if feature_id else None, "last_active_drawing": drawing}
            if center is not None:
                value |= {"center": {"lat": center[0], "lng": center[1]}, "zoom": zoom}
            return value

        monkeypatch.setattr(bridge, "show_map", show_map)
        return calls

    return install
