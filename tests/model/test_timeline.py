import pytest

from corridors.model.selection import Selection, parse_layers, select
from corridors.model.timeline import check_date, dated_events, holds_at


@pytest.mark.parametrize(
    ("start", "end", "as_of", "expected"),
    [
        ("2020", "2024-04", "2019-12-31", False),
        ("2020", "2024-04", "2020", True),
        ("2020", "2024-04", "2024-04-30", True),  # a bound holds through its whole month
        ("2020", "2024-04", "2024-05", False),
        (None, "2023-09", "1990", True),
        ("2023-09", None, "2023-09-19", True),
        ("2023-09", None, "2023-08-31", False),
        (None, None, "2000", True),
    ],
)
def test_holds_at(start, end, as_of, expected):
    assert holds_at(start, end, as_of) is expected


def test_bad_date_is_a_clear_error():
    with pytest.raises(ValueError, match="ISO 8601"):
        check_date("September 2023")


def test_dated_events_are_in_order(atlas):
    events = dated_events(atlas.features)
    assert events and [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert any(e["date"].startswith("1974") for e in events)  # BAM construction start
    assert all(e["basis"] in ("stated", "inferred") for e in events)


def test_peacekeepers_shown_only_while_present(atlas):
    dated = atlas.features[atlas.features["period_end"].notna()]
    assert not dated.empty
    fid = dated.index[0]
    end = dated.loc[fid, "period_end"]
    assert fid not in select(atlas.features, Selection(as_of=f"{int(end[:4]) + 1}")).index


def test_layer_names():
    assert parse_layers(["instc", "Conflict", "places"]) == ({"INSTC"}, {"conflict", "place"})
    assert parse_layers(None) is None
    with pytest.raises(ValueError, match="choose from"):
        parse_layers(["nowhere"])
