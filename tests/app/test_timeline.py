"""The timeline under AppTest: the dated events in order; choosing one sets the date and opens its card."""

from __future__ import annotations

from corridors.app import state as app_state
from corridors.model.timeline import dated_events
from tests.app.helpers import run_app


def test_timeline_lists_events_in_order_and_sets_the_date(atlas):
    at = run_app({"tab": "timeline"})
    events = dated_events(atlas.features)
    buttons = [b for b in at.button if b.key and b.key.startswith("event-")]
    assert len(buttons) == len(events)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert events[0]["date"] in buttons[0].label.replace("\\", "")
    at.button(key="event-0").click().run()
    assert at.session_state["use_as_of"] is True
    assert at.session_state["as_of"] == app_state.nearest_stop(events[0]["date"], app_state.as_of_options(atlas))
    assert at.session_state["feature"] == events[0]["feature_id"]
    assert at.session_state["tab"] == "Timeline"
