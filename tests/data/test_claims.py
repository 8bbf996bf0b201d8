"""What counts as a quote supporting a stated value (corridors/claims.py), and the shipped claims."""

from __future__ import annotations

import pytest

from corridors.data.claims import date_in, figure_in, mode_in, stated_length, status_in
from corridors.data.geochecks import check_over_water
from corridors.data.text import normalize


def t(text: str) -> str:
    return normalize(text).casefold()


BAM = t("The Baikal-Amur Mainline railway, spanning around 4,300 kilometers, was a significant engineering challenge.")


@pytest.mark.parametrize(
    ("value", "unit", "approx", "expected"),
    [
        (4300, "km", True, True),
        (4300, "km", False, False),  # the quote hedges: an exact figure would overstate it
        (4800, "km", True, False),
        (4300, "miles", True, False),
        (430, "km", True, False),  # a number inside "4,300" is not 430
    ],
)
def test_figures_need_the_number_the_hedge_and_the_unit(value, unit, approx, expected):
    assert figure_in(value, unit, approx, BAM) is expected


def test_figure_units_can_be_words():
    assert figure_in(2000, "peacekeepers", False, t("Despite the presence of 2,000 Russian peacekeepers, ..."))


@pytest.mark.parametrize(
    ("date", "text", "expected"),
    [
        ("2023-05", "In May 2023, Russia and Iran signed", True),
        ("2023-06", "In May 2023, Russia and Iran signed", False),
        ("2023", "In May 2023, Russia and Iran signed", True),
        ("2016", "In 2016, Azerbaijan agreed", True),
        ("2018", "two years later", False),  # inferred dates are not in the quote, by definition
        ("2024-04-22", "met on April 22 at the Kremlin", False),  # no year: not stated
        ("2023-09", "in September 2023.", True),
        ("1974", "the 19745 start", False),
    ],
)
def test_dates_at_their_own_precision(date, text, expected):
    assert date_in(date, t(text)) is expected


def test_status_and_mode_lexicons():
    assert status_in("under_construction", t("to mark the 1974 start of construction of the BAM"))
    assert status_in("suspended", t("before dropping the project two years later"))
    assert status_in("withdrawing", t("its peacekeepers were pulling out of Karabakh"))
    assert not status_in("operational", t("signed an agreement to complete construction"))
    assert not status_in("planned", t("a plane landed"))  # whole words only
    assert mode_in("rail", t("the last missing rail link"))
    assert mode_in("multimodal", t("a series of rail, ship, and road routes"))
    assert not mode_in("multimodal", t("the last missing rail link"))


def test_every_shipped_fact_has_evidence(atlas):
    for fid, row in atlas.features.iterrows():
        if isinstance(row["status"], str):
            assert row["status_history"], fid
        if isinstance(row["mode"], str):
            assert row["claims"].get("mode", {}).get("cite"), fid
        for date in row["dates"]:
            assert date["cite"], (fid, date)
        for alt in row["alt_names"]:
            assert alt["basis"] in ("stated", "inferred", "outside"), (fid, alt)


def test_bam_states_its_length(atlas):
    figure = stated_length(atlas.feature("bam-main-line"))
    assert figure["value"] == 4300 and figure["approx"] is True


def test_over_water_reports_km_and_where(atlas):
    from shapely.geometry import LineString

    from corridors.data.geochecks import Land
    from corridors.data.reference import load_countries, reference_root

    land = Land(load_countries(reference_root(atlas.data_dir)).geometry)
    # Baku straight out across the Caspian: the rule's own example of a drawing error.
    line = LineString([(49.87, 40.41), (50.5, 40.2), (50.9, 40.0)])
    props = {"mode": "rail", "kind": "segment", "geometry_accuracy": {"error_km": 50}}
    [(severity, rule, message)] = check_over_water(land, line, props)
    assert (severity, rule) == ("error", "over-water")
    assert "km over water" in message and "allowed 1 km" in message and "[50." in message
    # A sea lane may cross water, and a line on land passes.
    assert check_over_water(land, line, {**props, "mode": "sea"}) == []
    on_land = LineString([(49.87, 40.41), (49.5, 40.5)])
    assert check_over_water(land, on_land, props) == []
