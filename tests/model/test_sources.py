"""Several sources: citations grouped by source, the source filter, the "known by" clock, disagreements.

Uses an atlas with the shipped article and the test-only article (tests/multisource.py), never shipped.
"""

from __future__ import annotations

import pytest

from corridors.data.atlas import load_atlas
from corridors.model.cards import feature_card
from corridors.model.selection import Selection, describe_selection, select
from corridors.model.sources import disagreements, known_by, source_infos
from corridors.model.tables import citation_table
from tests.clirun import run_cli
from tests.multisource import SHIPPED_SOURCE, TEST_SOURCE, build_two_sources


@pytest.fixture(scope="module")
def two_dir(tmp_path_factory):
    return build_two_sources(tmp_path_factory.mktemp("two") / "atlas")


@pytest.fixture(scope="module")
def two(two_dir):
    return load_atlas(two_dir)


def test_sources_with_publisher_and_date_oldest_first(two):
    infos = source_infos(two)
    assert list(infos) == [SHIPPED_SOURCE, TEST_SOURCE]
    assert infos[SHIPPED_SOURCE].publisher == "RFE/RL"
    assert infos[SHIPPED_SOURCE].date_label == "2024 (on or after 2024-04-22)"
    assert infos[TEST_SOURCE].date == "2024-06-10" and infos[TEST_SOURCE].test_only
    assert known_by(infos[SHIPPED_SOURCE], "2024-05") and not known_by(infos[TEST_SOURCE], "2024-05")
    assert known_by(infos[TEST_SOURCE], "2024")  # compared at the shared precision


def test_a_card_groups_its_citations_by_source(two):
    card = feature_card(two, "bam-main-line")
    groups = card["sources"]
    assert [g["id"] for g in groups] == [SHIPPED_SOURCE, TEST_SOURCE]
    assert sorted(n for g in groups for n in g["cites"]) == [c["n"] for c in card["citations"]]
    assert groups[1]["publisher"] == "Corridor Atlas test suite" and groups[1]["cites"] == [len(card["citations"])]


def test_disagreements_on_a_figure_a_date_and_a_status_each_side_with_its_quotes(two):
    found = {(d.feature, d.kind): d for d in disagreements(two)}
    assert set(found) == {("bam-main-line", "figure"), ("bam-main-line", "date"),
                          ("instc-astara-rasht-missing-link", "status")}
    length = found["bam-main-line", "figure"]
    assert [(s.source, s.value) for s in length.sides] == [(SHIPPED_SOURCE, "around 4,300 km"),
                                                           (TEST_SOURCE, "around 4,000 km")]
    assert "4,300 kilometers" in length.sides[0].quotes[0]["quote"]
    assert "4,000 kilometers" in length.sides[1].quotes[0]["quote"]
    status = found["instc-astara-rasht-missing-link", "status"]
    assert status.what == "status as of 2023-05"
    assert [s.value for s in status.sides] == ["planned", "under construction"]
    date = found["bam-main-line", "date"]
    assert [s.value for s in date.sides] == ["1974", "1972"]


def test_a_change_over_time_or_a_single_source_is_no_disagreement(atlas):
    # The shipped Rasht-Astara line goes planned (2016) -> suspended (2018) -> planned (2023-05): one source.
    assert disagreements(atlas) == []


def test_the_source_filter_keeps_what_a_source_supports(two):
    rows = select(two.features, Selection(sources=(TEST_SOURCE,)))
    assert set(rows.index) == {"bam-main-line", "instc-astara-rasht-missing-link", "russian-peacekeepers-karabakh"}
    assert len(select(two.features, Selection(sources=(SHIPPED_SOURCE,)))) == len(two.features)
    assert "sources test-second-view" in describe_selection(Selection(sources=(TEST_SOURCE,)))


def test_the_known_by_clock_shows_only_what_sources_published_by_then_say(two):
    before = select(two.features, Selection(known_by="2024-05"))
    after = select(two.features, Selection(known_by="2024-07"))
    assert before.loc["instc-astara-rasht-missing-link", "status"] == "planned"
    assert after.loc["instc-astara-rasht-missing-link", "status"] == "under_construction"
    assert select(two.features, Selection(known_by="2023")).empty  # no source was published yet
    # With both clocks: as of 2023-06, as known by June 2024.
    both = select(two.features, Selection(as_of="2023-06", known_by="2024-07"))
    assert both.loc["instc-astara-rasht-missing-link", "status"] == "under_construction"
    with pytest.raises(ValueError, match="ISO 8601"):
        Selection(known_by="June")


def test_the_card_shows_both_sides_escaped(two):
    from corridors.web.card import card_html

    html = str(card_html(feature_card(two, "bam-main-line")))
    assert 'data-testid="card-disagreements"' in html
    assert "around 4,300 km" in html and "around 4,000 km" in html
    assert html.count('data-testid="card-source"') == 2
    assert "written for the tests" in html


def test_show_and_the_citation_table_name_each_source(two, two_dir):
    out = run_cli("show", "bam-main-line", "--data", two_dir).stdout
    last = len(two.citations_for("bam-main-line"))  # the test source's citation is the last
    assert "The sources disagree on length (km):" in out
    assert f"around 4,000 km [{last}] \u2014 TEST FIXTURE" in out
    assert "Corridor Atlas test suite, 2024-06-10" in out
    table = citation_table(two, ["bam-main-line"])
    test_rows = table[table["source"] == TEST_SOURCE]
    assert list(test_rows["source_publisher"]) == ["Corridor Atlas test suite"]
    assert list(test_rows["source_date"]) == ["2024-06-10"]


def test_a_view_carries_the_source_filter_and_the_clock_through_links_manifests_and_exports(two, two_dir, tmp_path):
    import csv

    from corridors.model.mapview import MapView

    view = MapView(sources=(TEST_SOURCE,), known_by="2024-07")
    assert MapView.from_query(view.to_query()) == view
    assert MapView.from_dict(view.to_dict()) == view
    assert view.selection() == Selection(sources=(TEST_SOURCE,), known_by="2024-07")
    with pytest.raises(ValueError, match="not in the atlas"):
        MapView(sources=("no-such-source",)).check(two)
    out = tmp_path / "cites.csv"
    result = run_cli("export", "--format", "csv", "--out", out, "--sources", TEST_SOURCE, "--data", two_dir)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))  # the CSV starts with a BOM for spreadsheets
    assert {r["feature_id"] for r in rows} == {"bam-main-line", "instc-astara-rasht-missing-link",
                                               "russian-peacekeepers-karabakh"}
