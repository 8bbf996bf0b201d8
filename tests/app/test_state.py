"""``corridors.app.state``: links that round-trip, bad links explained, cache keys, the "as of" stops, clicks."""

from __future__ import annotations

import os
import shutil

import pytest

from corridors.app import state as app_state
from corridors.app.state import DEFAULT, AppState
from corridors.data.paths import REPO_ROOT
from corridors.model.timeline import dated_events
from corridors.model.view import View
from tests.app.helpers import RASHT_ASTARA, RASHT_PASSAGE, SOURCE

# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "state",
    [
        DEFAULT,
        AppState(layers=("INSTC", "Karabakh"), statuses=("operational", None), modes=("rail",), basemap="osm",
                 naming="az", as_of="2023-09", feature=RASHT_ASTARA, passage=(SOURCE, RASHT_PASSAGE),
                 view=View(38.5, 48.9, 7), tab="article"),
        AppState(layers=(), as_of="2020", view=View(-12.3456, 179.9999, 0)),
    ],
)
def test_query_round_trip(state):
    passages = [(SOURCE, RASHT_PASSAGE)]
    query = app_state.state_to_query(state, passages)
    assert all(isinstance(v, str) for v in query.values())
    back = app_state.state_from_query(query, feature_ids=[RASHT_ASTARA], passages=passages)
    assert back == state
    assert back.notes == ()


def test_default_state_has_a_short_link():
    assert app_state.state_to_query(DEFAULT) == {}
    assert app_state.share_url("http://localhost:8501/?old=1#x", DEFAULT) == "http://localhost:8501/"


def test_share_url_keeps_commas_readable():
    url = app_state.share_url("http://host/app", AppState(layers=("INSTC", "BAM"), view=View(40, 50, 5)))
    assert url == "http://host/app?layers=INSTC,BAM&view=40.0000,50.0000,5"


def test_bad_link_values_are_dropped_with_a_reason():
    state = app_state.state_from_query(
        {"layers": "INSTC,Atlantis", "status": "operational,bogus", "basemap": "google", "names": "xx",
         "as_of": "September", "feature": "no-such-feature", "passage": "p-nowhere", "view": "1,2",
         "tab": "nope", "mode": "rail,teleport"},
        feature_ids=[RASHT_ASTARA],
        passages=[(SOURCE, RASHT_PASSAGE)],
    )
    assert state.layers == ("INSTC",)
    assert state.statuses == ("operational",)
    assert state.modes == ("rail",)
    assert (state.basemap, state.naming, state.as_of, state.feature, state.passage, state.view, state.tab) == (
        DEFAULT.basemap, DEFAULT.naming, None, None, None, None, DEFAULT.tab)
    notes = " ".join(state.notes)
    for word in ("Atlantis", "bogus", "google", "xx", "September", "no-such-feature", "p-nowhere", "1,2", "nope",
                 "teleport"):
        assert word in notes


def test_layer_names_are_case_insensitive_and_canonical_order():
    state = app_state.state_from_query({"layers": "karabakh,instc,INSTC"})
    assert state.layers == ("INSTC", "Karabakh")


def test_repeated_parameter_uses_the_last_value():
    assert app_state.state_from_query({"as_of": ["2019", "2024-04"]}).as_of == "2024-04"


def test_passages_resolve_bare_or_with_source():
    passages = [("a", "p-x"), ("b", "p-x"), ("a", "p-only")]
    assert app_state.resolve_passage("p-only", passages) == ("a", "p-only")
    assert app_state.resolve_passage("p-x", passages) is None  # ambiguous
    assert app_state.resolve_passage("b:p-x", passages) == ("b", "p-x")
    assert app_state.format_passage(("b", "p-x"), passages) == "b:p-x"
    assert app_state.format_passage(("a", "p-only"), passages) == "p-only"


def test_passage_keys_name_every_passage_of_the_atlas(atlas):
    keys = app_state.passage_keys(atlas)
    assert len(keys) == len(set(keys)) == sum(len(s.passages) for s in atlas.sources.values())
    assert (SOURCE, RASHT_PASSAGE) in keys


def test_view_is_validated_and_wrapped():
    with pytest.raises(ValueError, match="lat,lon,zoom"):
        app_state.parse_view("40,50")
    with pytest.raises(ValueError, match="zoom"):
        app_state.parse_view("40,50,30")
    assert app_state.view_from_map({"center": {"lat": 40.0, "lng": 400.0}, "zoom": 5}) == View(40.0, 40.0, 5)
    assert app_state.view_from_map({"center": None, "zoom": 5}) is None
    assert app_state.view_from_map(None) is None


def test_clicked_feature_tells_new_clicks_from_old():
    value = {"last_object_clicked_count": 3, "last_active_drawing": {"properties": {"id": "baku"}}}
    assert app_state.clicked_feature(value, None) == ("baku", 3)
    assert app_state.clicked_feature(value, 3) == (None, 3)  # the same click, reported again on a rerun
    assert app_state.clicked_feature({"last_object_clicked_count": None}, 3) == (None, 3)
    assert app_state.clicked_feature(None, 3) == (None, 3)


def test_as_of_stops_are_the_dates_the_sources_give(atlas):
    options = app_state.as_of_options(atlas)
    # A few dozen meaningful stops, not 600 months: each reachable with a mouse on the track.
    assert 5 <= len(options) <= 100 and options == sorted(options)
    assert "1974" in options and any(o.startswith("2023-09") for o in options)
    for event in dated_events(atlas.features):
        assert event["date"] in options
    assert app_state.nearest_stop("1900", options) == options[0]
    assert app_state.nearest_stop("2099", options) == options[-1]
    assert app_state.nearest_stop("2023-09-19", options).startswith("2023-09")
    assert app_state.nearest_stop("2023-08", options) == "2023-05"  # the same atlas, not the nearer 2023-09


def test_selection_leaves_layers_to_the_toggles():
    state = AppState(layers=("BAM",), statuses=("planned",), modes=("rail",), as_of="2022-01")
    assert state.selection().layers is None  # the map's layers are all drawn; ticking only picks among them
    assert (state.selection().statuses, state.selection().modes, state.selection().as_of) == (
        ("planned",), ("rail",), "2022-01")
    assert state.export_selection().layers == ("BAM",)


# --------------------------------------------------------------------------- cache keys


def test_fingerprint_follows_data_files(tmp_path):
    shutil.copytree(REPO_ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "geodata").mkdir()
    target = tmp_path / "geodata" / "a.geojson"
    target.write_text("{}", encoding="utf-8")
    first = app_state.data_fingerprint(tmp_path)
    assert app_state.data_fingerprint(tmp_path) == first  # stable when nothing changed
    target.write_text('{"changed": true}', encoding="utf-8")
    second = app_state.data_fingerprint(tmp_path)
    assert second != first
    os.utime(target, ns=(1, 1))
    assert app_state.data_fingerprint(tmp_path) != second  # an mtime alone counts
    (tmp_path / "geodata" / "b.geojson").write_text("{}", encoding="utf-8")
    assert app_state.data_fingerprint(tmp_path) not in (first, second)
