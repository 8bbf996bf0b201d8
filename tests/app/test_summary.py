"""The corridors tab under AppTest: the drawn length and each corridor's missing links."""

from __future__ import annotations

from tests.app.helpers import RASHT_ASTARA, run_app


def test_corridor_summaries(atlas):
    at = run_app({"tab": "corridors"})
    assert at.metric[0].label == "Length drawn"
    assert at.metric[0].value.endswith("km")
    at.radio(key="summary_corridor").set_value("INSTC").run()
    missing = [b for b in at.button if b.key and b.key.startswith("missing-")]
    assert [b.key for b in missing] == [f"missing-{RASHT_ASTARA}"]
    missing[0].click().run()
    assert at.session_state["feature"] == RASHT_ASTARA and at.session_state["tab"] == "Route card"
