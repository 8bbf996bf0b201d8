"""Several sources in the app: the source filter, the "known by" clock, the card's sources and disagreements.

Runs the app on an atlas with a test-only second source (tests/multisource.py), via $CORRIDORS_DATA.
"""

from __future__ import annotations

import pytest

from corridors.app import state as app_state
from corridors.app.session import Key
from tests.app.helpers import card_html, html_bodies, map_args, map_request, run_app
from tests.multisource import SHIPPED_SOURCE, TEST_SOURCE, build_two_sources

RASHT_ASTARA = "instc-astara-rasht-missing-link"


@pytest.fixture(scope="module")
def two_dir(tmp_path_factory):
    return build_two_sources(tmp_path_factory.mktemp("two-app") / "atlas")


@pytest.fixture
def two_app(two_dir, monkeypatch):
    monkeypatch.setenv("CORRIDORS_DATA", str(two_dir))

    def run(query=None, **session):
        return run_app(query, **session)

    return run


def test_the_source_filter_shows_what_a_source_supports(two_app):
    at = two_app()
    options = at.multiselect(key=Key.SOURCES).options
    assert len(options) == 2 and "RFE/RL" in options[0] and "Corridor Atlas test suite, 2024-06-10" in options[1]
    at.multiselect(key=Key.SOURCES).set_value([TEST_SOURCE]).run()
    # The map holds every feature; the source filter is Python's, sent as the ids to show.
    assert set(map_request(map_args(at))[1]["ids"]) == {"bam-main-line", RASHT_ASTARA, "russian-peacekeepers-karabakh"}
    assert at.query_params["sources"] == TEST_SOURCE


def test_the_known_by_clock_changes_statuses_and_travels_in_the_link(two_app):
    at = two_app({"feature": RASHT_ASTARA, "known_by": "2024-05"})
    assert at.session_state[Key.USE_KNOWN_BY] is True
    assert at.select_slider(key=Key.KNOWN_BY).value == "2024-04-22"  # the clock's stop for May 2024
    state = app_state.state_from_query({"known_by": "2024-05"})
    assert state.selection().known_by == "2024-05"
    card = card_html(at)
    assert "As known by 2024-04-22" in card and _status(card) == "planned"
    at.select_slider(key=Key.KNOWN_BY).set_value("2024-06-10").run()
    assert _status(card_html(at)) == "under construction"
    assert at.query_params["known_by"] == "2024-06-10"


def test_the_card_groups_quotes_by_source_and_shows_disagreements(two_app):
    at = two_app({"feature": "bam-main-line"})
    card = card_html(at)
    assert 'data-testid="card-disagreements"' in card
    assert "around 4,300 km" in card and "around 4,000 km" in card
    heads = [b for b in html_bodies(at) if 'data-testid="card-source"' in b]
    assert [SHIPPED_SOURCE in heads[0], TEST_SOURCE in heads[1]] == [True, True]
    assert "Corridor Atlas test suite" in heads[1]


def _status(card: str) -> str:
    """The value of the card's first Status row."""
    return card.split('<th scope="row">Status</th><td>', 1)[1].split("<", 1)[0].strip()


def test_the_timeline_says_whose_date_it_is_and_follows_the_clock(two_app):
    at = two_app({"tab": "timeline"})
    labels = [b.label for b in at.button if b.key and b.key.startswith("event-")]
    assert any("1972" in label and "Corridor Atlas test suite" in label for label in labels)
    at = two_app({"tab": "timeline", "known_by": "2024-05"})
    labels = [b.label for b in at.button if b.key and b.key.startswith("event-")]
    assert labels and not any("1972" in label for label in labels)  # the test source was not out yet
