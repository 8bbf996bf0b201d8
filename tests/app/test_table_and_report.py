"""The bottom tabs under AppTest: the feature table follows the map; the report offers files, embed, link."""

from __future__ import annotations

from tests.app.helpers import run_app


def test_table_and_csv(atlas):
    at = run_app()
    table = at.dataframe[0].value
    assert len(table) == len(atlas.features)
    assert {"drawn_km", "stated_km", "citations", "name"} <= set(table.columns)
    at.checkbox(key="layer_BAM").uncheck().run()
    assert len(at.dataframe[0].value) == len(atlas.features) - int((atlas.features["corridor"] == "BAM").sum())


def test_report_panel_offers_exports_embed_and_link():
    at = run_app({"layers": "BAM", "feature": "bam-main-line"})
    at.session_state["bottom"] = "Take it into a report"
    at.run()
    keys = {b.key for b in at.get("download_button")}
    assert {"dl-html", "dl-geojson", "dl-csv"} <= keys
    assert "dl-png" not in keys  # a print file is made on request
    codes = [c.value for c in at.code]
    assert any(c.startswith("<figure") and "corridor-atlas.html" in c and "<figcaption>" in c for c in codes)
    assert any("layers=BAM" in c and "feature=bam-main-line" in c for c in codes)
    alt = next(c for c in codes if c.startswith("Map "))  # the alt text, copyable
    assert "BAM" in alt and "km drawn" in alt and "Highlighted: Baikal-Amur Mainline" in alt


def test_report_makes_the_print_file_of_the_view_on_screen_and_says_so(tmp_path):
    from corridors.export.manifest_io import read_manifest
    from corridors.model.mapview import MapView

    at = run_app({"layers": "Zangezur,Karabakh", "names": "hy", "as_of": "2022-01", "view": "39.0000,46.2000,8",
                  "feature": "zangezur-meghri"})
    at.session_state["bottom"] = "Take it into a report"
    at.run()
    at.selectbox(key="print_format").set_value("svg").run()
    at.button(key="make-print").click().run()
    assert not at.exception, at.exception
    statuses = [s.label for s in at.get("status")]
    assert any(label.startswith("The SVG is ready") for label in statuses), statuses
    button = next(b for b in at.get("download_button") if b.key == "dl-svg")
    out = tmp_path / "app.svg"
    out.write_bytes(at.session_state["print_file"]["data"])
    view = MapView.from_dict(read_manifest(out)["view"])
    assert button is not None
    assert view.centre is not None and (view.centre.lat, view.centre.lon, view.centre.zoom) == (39.0, 46.2, 8)
    link = next(c.value for c in at.code if "as_of=" in c.value)  # the app's own share link of this view
    assert view.naming == "hy" and f"as_of={view.as_of}" in link and view.focus == ("zangezur-meghri",)
    assert view.layers == ("Zangezur", "Karabakh")
