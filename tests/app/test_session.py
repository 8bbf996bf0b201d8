"""``corridors.app.session``: the typed session over a plain dict, as over ``st.session_state``."""

from __future__ import annotations

from corridors.app import actions
from corridors.app.session import Key, Session, Slot
from corridors.app.state import DEFAULT, AppState
from corridors.model.view import View
from tests.app.helpers import RASHT_ASTARA, RASHT_PASSAGE, SOURCE


def test_an_empty_session_is_the_default_state():
    assert Session({}).state() == DEFAULT


def test_restore_puts_a_link_into_the_widgets_and_back():
    state = AppState(layers=("INSTC", "Karabakh"), statuses=("operational", None), modes=("rail",), basemap="osm",
                     naming="az", as_of="2023-09", feature=RASHT_ASTARA, passage=(SOURCE, RASHT_PASSAGE),
                     view=View(38.5, 48.9, 7), tab="article", notes=("a note",))
    store: dict = {}
    session = Session(store)
    session.restore(state, "2023-09")
    assert session.state() == state
    # The widgets' own forms: a checkbox per layer, the "none" token, the tab's label.
    assert store[Key.layer("BAM")] is False and store[Key.layer("INSTC")] is True
    assert store[Key.STATUSES] == ["operational", "none"]
    assert store[Key.TAB] == "Article"
    assert session.view_request == state.view  # a shared view is where the map opens
    assert session.take_notes() == ("a note",) and session.take_notes() == ()


def test_the_date_is_kept_while_the_toggle_is_off():
    session = Session({})
    session.as_of_stop = "2022-01"
    assert session.as_of is None and session.state().as_of is None
    session.use_as_of = True
    assert session.state().as_of == "2022-01"


def test_each_fit_request_has_a_new_token():
    session = Session({})
    bounds = [[1.0, 2.0], [3.0, 4.0]]
    session.request_fit("passage", bounds)
    first = session.fit
    session.request_fit("passage", bounds)
    assert first[1] == session.fit[1] and first[0] != session.fit[0]


def test_every_key_is_declared_once():
    slots = [v for v in vars(Session).values() if isinstance(v, Slot)]
    keys = [s.key for s in slots]
    assert len(keys) == len(set(keys)) > 15
    assert Session.feature.key == "feature"  # on the class, a slot; on a session, its value


def test_actions_change_the_session_together(atlas):
    session = Session({})
    actions.start(session, atlas, {"passage": RASHT_PASSAGE})
    assert session.initialized and session.passage == (SOURCE, RASHT_PASSAGE)
    assert session.focus == tuple(atlas.features_for_passage(SOURCE, RASHT_PASSAGE))
    assert session.fit is not None  # no view in the link: the map fits the passage's features
    actions.choose_feature(session, atlas, "baku")
    assert (session.feature, session.passage, session.tab, session.focus) == ("baku", None, "card", ("baku",))
    actions.choose_passage(session, atlas, (SOURCE, RASHT_PASSAGE))
    assert session.tab == "article" and session.take_scroll_request() == (RASHT_PASSAGE, session.fit_counter)
    assert session.take_scroll_request() is None  # scrolled once
    actions.clear_focus(session)
    assert session.focus == () and session.passage is None


def test_a_shared_view_is_not_overridden_by_a_fit(atlas):
    session = Session({})
    actions.start(session, atlas, {"feature": "baku", "view": "40.0000,47.0000,7"})
    assert session.fit is None and session.view_request == View(40.0, 47.0, 7)
    assert session.focus == ("baku",)
