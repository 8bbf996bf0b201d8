"""``corridors.app.map_payload`` and ``legend``: the highlight, fits, bounds, and the legend under the map."""

from __future__ import annotations

from corridors.app import bridge, map_payload
from corridors.app.legend import legend_html
from tests.app.helpers import RASHT_ASTARA


def test_focus_group_and_fit(atlas):
    assert map_payload.focus_group(atlas, ["no-such-id"]) is None
    script = bridge.group_script(map_payload.focus_group(atlas, [RASHT_ASTARA, "baku"]), map_payload.FOCUS_INDEX)
    assert "#F0E442" in script and "interactive\": false" in script.replace("'", '"')
    bounds = map_payload.feature_bounds(atlas.features, [RASHT_ASTARA])
    assert bounds[0][0] < bounds[1][0] and bounds[0][1] < bounds[1][1]
    fit = map_payload.fit_script("passage-1", bounds)
    assert '"passage-1"' in fit and "fitBounds" in fit and fit.endswith(";\n")


def test_legend_html_is_escaped_and_has_no_inline_svg(atlas):
    html = legend_html(atlas.features)
    assert "<svg" not in html  # Streamlit's sanitizer drops inline SVG; samples are images
    assert html.count("<img") >= 5
    for label in ("INSTC", "operational", "rail"):
        assert label in html
