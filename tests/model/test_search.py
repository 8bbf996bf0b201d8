"""Search by any name (corridors/model/search.py): dashes, diacritics, case, quotes, word order, other
languages; names that are not atlas features found through the gazetteer with the features near them."""

from __future__ import annotations

import pytest

from corridors.model.search import describe_distance, match_rank, place_bounds, search, search_features


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Rasht–Astara", "instc-astara-rasht-missing-link"),  # en dash, as typed in prose
        ("Astara—Rasht", "instc-astara-rasht-missing-link"),  # em dash, the other order (the README's)
        ("rasht-astara", "instc-astara-rasht-missing-link"),
        ("Naxçıvan", "zangezur-naxcivan"),
        ("NAKHCHIVAN", "zangezur-naxcivan"),
        ("Нахичевань", "zangezur-naxcivan"),  # Russian usage
        ("\u201cBakı\u201d", "baku"),  # quote marks and Azerbaijani spelling
        ("Dağlıq Qarabağ", "nagorno-karabakh"),
        ("Artsakh", "nagorno-karabakh"),
        ("Ust-Kut", "bam-ust-kut"),  # the name without its "(Lena station)"
    ],
)
def test_atlas_features_by_any_spelling(atlas, query, expected):
    assert search_features(atlas.features, query)[0] == expected


def test_exact_names_rank_first(atlas):
    found = search_features(atlas.features, "Baku")
    assert found[0] == "baku" and "instc-w-yalama-baku" in found
    assert match_rank("baku", "Baku") == 0 and match_rank("baku", "Baku port") == 1
    assert match_rank("astara rast", "Rasht-Astara line") == 2 and match_rank("tynda", "Tayshet") is None
    assert search_features(atlas.features, " \u2013 ") == []


@pytest.mark.parametrize("query", ["Stepanakert", "Khankendi", "Xankəndi", "Степанакерт"])
def test_stepanakert_and_khankendi_are_one_town_in_karabakh(atlas, query):
    result = search(atlas.features, query)
    assert result.features == []  # no feature of the atlas is that town
    towns = [hit for hit in result.places if hit.place.kind == "place" and hit.place.iso3 == "AZE"]
    assert towns, [h.place.english for h in result.places]
    nearest = dict(towns[0].nearest)
    assert nearest.get("nagorno-karabakh") == 0.0  # the town lies in the area
    assert len(towns[0].nearest) == 3
    (south, west), (north, east) = place_bounds(towns[0], atlas.features)
    assert south <= towns[0].place.lat <= north and west <= towns[0].place.lon <= east


def test_gazetteer_places_that_are_atlas_features_are_not_repeated(atlas):
    result = search(atlas.features, "Tehran")
    assert result.features[0] == "instc-tehran"
    assert all(hit.place.english != "Tehran" for hit in result.places)


def test_a_region_is_found_too(atlas):
    result = search(atlas.features, "Syunik")
    assert any(hit.place.kind == "region" for hit in result.places)
    assert not search(atlas.features, "Atlantis")


def test_distances_read_as_a_reader_would():
    assert describe_distance(0.0) == "the place lies in it"
    assert describe_distance(0.6) == "1 km away" and describe_distance(26.4) == "26 km away"
    assert describe_distance(243.0) == "240 km away"
