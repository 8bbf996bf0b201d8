"""A user's uploaded layer on the web map and in the exports of the view (issue 12)."""

from __future__ import annotations

import json

import folium

from corridors.data.upload import load_user_layer
from corridors.export.views import export_view
from corridors.model.mapview import MapView
from corridors.web.user_layer import USER_COLOUR, user_layer

HOSTILE = "<img src=x onerror=alert(1)>`${alert(2)}`</script><script>alert(3)</script>"


def upload(name: str = HOSTILE, **props) -> list[dict]:
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name, "note": "</script><b>x</b>", **props},
         "geometry": {"type": "LineString", "coordinates": [[46.0, 39.0], [46.5, 39.4]]}},
        {"type": "Feature", "properties": {"name": "A point"},
         "geometry": {"type": "Point", "coordinates": [45.0, 40.0]}},
    ]}
    features, problems = load_user_layer(json.dumps(data).encode(), "mine.geojson")
    assert features and not problems, problems
    return features


def test_the_layer_carries_only_an_escaped_label():
    m = folium.Map(tiles=None)
    group = user_layer("mine</script>", upload())
    group.add_to(m)
    page = m.get_root().render()
    assert "<img src=x" not in page and "alert(3)</script>" not in page and "${alert" not in page
    assert "</script><b>" not in page and "note" not in page  # the upload's other properties stay out
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.replace("\\u0026", "&")
    assert "(uncited)" in page and USER_COLOUR in page
    assert group.layer_name == "Your layer: mine&lt;/script&gt;"


def test_no_features_no_layer():
    assert user_layer("empty", []) is None


def test_exports_of_the_view_hold_the_user_layer(atlas, tmp_path):
    layers = [("mine.geojson", upload())]
    view = MapView()
    page = export_view(atlas, view, "html", tmp_path / "v.html", user_layers=layers)[0].read_text()
    assert "Your layer: mine.geojson" in page and "<img src=x" not in page and USER_COLOUR in page
    collection = json.loads(export_view(atlas, view, "geojson", tmp_path / "v.geojson", user_layers=layers)[0]
                            .read_text())
    mine = [f for f in collection["features"] if f["properties"].get("user_layer") == "Your layer: mine.geojson"]
    assert [f["properties"]["name"] for f in mine] == [HOSTILE, "A point"]
    assert all(f["properties"]["uncited"] is True for f in mine)
    assert len(collection["features"]) == len(mine) + len(atlas.features)
    plain = json.loads(export_view(atlas, view, "geojson", tmp_path / "p.geojson")[0].read_text())
    assert len(plain["features"]) == len(atlas.features)
