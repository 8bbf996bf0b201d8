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
    assert {"dl-html", "dl-png", "dl-geojson"} <= keys
    codes = [c.value for c in at.code]
    assert any(c.startswith("<iframe") and "corridor-atlas.html" in c for c in codes)
    assert any("layers=BAM" in c and "feature=bam-main-line" in c for c in codes)
