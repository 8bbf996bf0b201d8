import pytest

from corridors.model.selection import Selection, parse_layers, select
from corridors.model.timeline import check_date, dated_events, holds_at, slider_model, snap, status_at, step


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


def test_bounded_features_are_hidden_after_their_end(atlas):
    dated = atlas.features[atlas.features["period_end"].notna()]
    assert not dated.empty
    for fid, end in dated["period_end"].items():
        assert fid not in select(atlas.features, Selection(as_of=f"{int(end[:4]) + 1}")).index, fid
        assert fid in select(atlas.features, Selection(as_of=end)).index, fid


def _status(atlas, fid, as_of):
    rows = select(atlas.features, Selection(as_of=as_of))
    if fid not in rows.index:
        return "hidden"
    status = rows.loc[fid, "status"]
    return status if isinstance(status, str) else None


@pytest.mark.parametrize(
    ("fid", "as_of", "expected"),
    [
        # The BAM: under construction from 1974 (stated); from the April 2024 meeting the article gives no status.
        ("bam-main-line", "1973", "hidden"),
        ("bam-main-line", "1974", "under_construction"),
        ("bam-main-line", "1975", "under_construction"),
        ("bam-main-line", "2024-04-21", "under_construction"),
        ("bam-main-line", "2024-05", None),
        # Astara-Rasht: co-financing agreed 2016, dropped 2018, construction agreed 2023-05.
        ("instc-astara-rasht-missing-link", "1975", "hidden"),
        ("instc-astara-rasht-missing-link", "2015-12", "hidden"),
        ("instc-astara-rasht-missing-link", "2016", "planned"),
        ("instc-astara-rasht-missing-link", "2017-06", "planned"),
        ("instc-astara-rasht-missing-link", "2018", "suspended"),
        ("instc-astara-rasht-missing-link", "2023-04", "suspended"),
        ("instc-astara-rasht-missing-link", "2023-05", "planned"),
        ("instc-astara-rasht-missing-link", "2023-06", "planned"),
        ("instc-astara-rasht-missing-link", "2030", "planned"),
        # The peacekeepers: present from the 2020 cease-fire (no status), withdrawing from April 2024, no end.
        ("russian-peacekeepers-karabakh", "2019", "hidden"),
        ("russian-peacekeepers-karabakh", "2022", None),
        ("russian-peacekeepers-karabakh", "2024-04", "withdrawing"),
        ("russian-peacekeepers-karabakh", "2026", "withdrawing"),
        # Nagorno-Karabakh: disputed from the 2020 war until Azerbaijan took full control in September 2023.
        ("nagorno-karabakh", "2019", "hidden"),
        ("nagorno-karabakh", "2021", "disputed"),
        ("nagorno-karabakh", "2023-09", "disputed"),
        ("nagorno-karabakh", "2023-10", "hidden"),
        # A railway the article only says exists: from the article's date, not before.
        ("instc-w-baku-astara", "2024-04-21", "hidden"),
        ("instc-w-baku-astara", "2024-04-22", "operational"),
        ("instc-w-baku-astara", "2024", "operational"),
    ],
)
def test_status_as_of_before_inside_and_after_each_history(atlas, fid, as_of, expected):
    assert _status(atlas, fid, as_of) == expected


def test_every_history_holds_from_each_entry_on(atlas):
    """For every feature with a status history: hidden before it is described, each entry in force from its
    start, the last one after the end of the sources."""
    for fid, row in atlas.features[atlas.features["status_history"].map(len) > 0].iterrows():
        first = row["described_from"]
        if int(first[:4]) > 1:
            assert _status(atlas, fid, f"{int(first[:4]) - 1}") == "hidden", fid
        for entry in row["status_history"]:
            start = entry.get("from") or row["source_date"]
            resolved = status_at(row["status_history"], row["source_date"], start)
            if isinstance(row["period_end"], str) and start > row["period_end"]:
                continue
            assert _status(atlas, fid, start) == resolved["value"], (fid, start)
        if not isinstance(row["period_end"], str):
            assert _status(atlas, fid, "2099") == row["status_history"][-1]["value"], fid


def test_slider_snaps_to_the_sources_dates(atlas):
    model = slider_model(atlas.features)
    assert model.years[0] == 1974 and model.years[-1] >= 2024
    assert {"1974", "2016", "2018", "2023-05", "2023-09"} <= set(model.stops)
    assert model.stops == sorted(model.stops, key=lambda d: (d[:4], d))
    assert snap("1990", model.stops) == "1974"  # nothing happened in between
    assert snap("2017", model.stops) in ("2016", "2018")
    assert step("2016", model.stops, 1) == "2018"
    assert step("1974", model.stops, -5) == "1974"  # clamped at the ends
    assert any(mark["date"] == "1974" for mark in model.marks)


def test_layer_names():
    assert parse_layers(["instc", "Conflict", "places"]) == ({"INSTC"}, {"conflict", "place"})
    assert parse_layers(None) is None
    with pytest.raises(ValueError, match="choose from"):
        parse_layers(["nowhere"])
