"""Share links and server settings: bounded parsing, one summarised warning, an offline server."""

from __future__ import annotations

import tomllib

import pytest

from corridors.app import state as app_state
from corridors.app.state import DEFAULT, LAYER_KEYS, MAX_PARAM_CHARS, MAX_WARNING_CHARS, link_warning
from corridors.data.limits import MIB, Limits
from corridors.data.paths import REPO_ROOT


@pytest.mark.parametrize("text", ["40,50,inf", "40,50,1e400", "nan,50,5", "1e400,50,5", "40,-inf,5", "4" * 5000,
                                  "40,50,5,6", "", ",,", "40,50,1e300", "40,50,-1"])
def test_bad_views_raise_value_error_only(text):
    with pytest.raises(ValueError, match="view"):
        app_state.parse_view(text)


def test_view_with_infinity_gives_one_note_and_no_view():
    state = app_state.state_from_query({"view": "40,50,inf"})
    assert state.view is None
    assert len(state.notes) == 1 and "finite" in state.notes[0]


@pytest.mark.parametrize("size", [40_000, 60_000])
def test_huge_layers_value_is_ignored_whole_with_one_note(size):
    value = ("INSTC," * size)[:size]
    state = app_state.state_from_query({"layers": value})
    assert state.layers == LAYER_KEYS  # the map keeps working, with every layer
    assert state.notes == (f"layers is {size:,} characters long (more than {MAX_PARAM_CHARS}); ignored",)


def test_many_unknown_values_are_summarised():
    state = app_state.state_from_query({"layers": ",".join(f"x{n}" for n in range(100)), "status": "a,b,c,d,e"})
    assert state.layers == ()
    assert len(state.notes) == 3
    assert "only the first 20 values are read" in state.notes[0]
    assert "'x0', 'x1', 'x2' and 17 more are not one of" in state.notes[1]
    assert "'a', 'b', 'c' and 2 more" in state.notes[2]
    warning = link_warning(state.notes)
    assert warning.startswith("Part of the link was ignored: ") and len(warning) <= MAX_WARNING_CHARS


def test_long_values_are_cut_in_notes():
    state = app_state.state_from_query({"feature": "f" * 500, "tab": "t" * 300}, feature_ids=["a"])
    assert all(len(note) < 250 for note in state.notes) and len(state.notes) == 2


def test_link_warning_none_without_notes():
    assert link_warning(()) is None
    assert app_state.state_from_query({}) == DEFAULT


def test_streamlit_config_is_offline_and_matches_the_upload_limit():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"  # no checkip.amazonaws.com lookup, local only
    assert config["browser"]["serverAddress"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"  # no traceback with server paths for visitors
    assert config["server"]["maxUploadSize"] * MIB == Limits().upload_bytes


def test_every_parameter_a_link_writes_is_bounded_when_read():
    from corridors.app.state import LINK_PARAMS, AppState, state_to_query
    from corridors.model.view import View

    full = AppState(layers=("INSTC",), statuses=("planned",), modes=("rail",), basemap="osm", naming="az",
                    as_of="2023-09", sources=("a",), known_by="2024", feature="f", passage=("a", "p-x"),
                    view=View(40, 50, 5), tab="article")
    assert set(state_to_query(full)) <= set(LINK_PARAMS)
    for key in LINK_PARAMS:
        state = app_state.state_from_query({key: "x" * (MAX_PARAM_CHARS + 1)})
        assert state.notes == (f"{key} is {MAX_PARAM_CHARS + 1:,} characters long (more than "
                               f"{MAX_PARAM_CHARS}); ignored",)
