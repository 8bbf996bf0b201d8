"""Places the atlas lacks: gazetteer candidates with coordinates, country, population and accuracy; ambiguity kept."""

from __future__ import annotations

from corridors.data.sources import parse_source


def _new_places(suggester, text: str) -> dict:
    items = suggester.suggest(parse_source("t", text + "\n", {})).passages
    return {p.surface: p for item in items for p in item.new_places}


def test_a_town_the_atlas_lacks_gets_its_gazetteer_candidate(suggester):
    new = _new_places(suggester, "Travellers went on from Baku to Gyumri by road.")
    assert set(new) == {"Gyumri"}
    (candidate,) = new["Gyumri"].candidates
    assert candidate.gazetteer_id == "gn:616635" and candidate.country == "ARM"
    assert abs(candidate.lat - 40.79) < 0.05 and abs(candidate.lon - 43.85) < 0.05
    assert candidate.population and candidate.population > 100_000
    assert candidate.error_km > 0 and "centre" in candidate.accuracy
    assert not new["Gyumri"].ambiguous


def test_an_ambiguous_name_lists_every_candidate_and_chooses_none(suggester):
    new = _new_places(suggester, "The road runs past Julfa and along the river to the south.")
    julfa = new["Julfa"]
    assert julfa.ambiguous
    assert {c.country for c in julfa.candidates} == {"AZE", "IRN"}
    assert julfa.as_dict()["ambiguous"] is True


def test_places_the_atlas_has_are_not_new(suggester):
    new = _new_places(suggester, "Trains from Moscow reach Tehran, and ships call at Bandar Anzali and Naxçıvan.")
    assert new == {}


def test_a_historical_name_resolves_through_alternate_names(suggester):
    new = _new_places(suggester, "Officials met in Stepanakert last week to discuss the road.")
    assert [c.english for c in new["Stepanakert"].candidates] == ["Khankendi"]


def test_regions_and_seas_state_their_label_point_accuracy(suggester):
    new = _new_places(suggester, "Powers compete across the South Caucasus and beyond it.")
    (candidate,) = new["South Caucasus"].candidates
    assert candidate.kind == "region" and candidate.country is None
    assert candidate.error_km == 150 and "label point" in candidate.accuracy
