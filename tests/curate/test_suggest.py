"""suggest: ranked features per passage, each with a verbatim quote and the evidence that put it there."""

from __future__ import annotations

import pytest

from corridors.curate.suggest import Suggester
from corridors.data.sources import parse_source
from corridors.data.text import locate

SOURCE = "rferl-one-winner-of-the-ukraine-war"


def _suggest(suggester, *paragraphs: str):
    source = parse_source("t", "\n\n".join(paragraphs) + "\n", {})
    return suggester.suggest(source).passages


def _by_feature(item) -> dict:
    return {s.feature: s for s in item.suggestions}


def test_a_named_corridor_route_is_the_first_likely_suggestion_with_its_quote(atlas, suggester):
    report = suggester.suggest(atlas.sources[SOURCE])
    item = next(i for i in report.passages if i.passage.id == "p-the-occasion-for-the-visit-at")
    first = item.suggestions[0]
    assert first.feature == "bam-main-line" and first.likely
    assert first.quote.startswith("The occasion for the visit")
    assert any("Baikal-Amur Mainline" in r for r in first.reasons)
    assert any(r.startswith("corridor") for r in first.reasons)


def test_every_quote_is_verbatim_in_its_passage(atlas, suggester, test_article):
    for source in (atlas.sources[SOURCE], test_article.source("t")):
        for item in suggester.suggest(source).passages:
            for s in item.suggestions:
                assert locate(s.quote, item.passage.text) is not None
                assert item.passage.text[s.start:s.end] == s.quote
                assert s.quote_ok == (len(s.quote.split()) >= 4)


def test_at_most_top_suggestions_ranked_by_score(atlas, suggester):
    for item in suggester.suggest(atlas.sources[SOURCE], top=5).passages:
        scores = [s.score for s in item.suggestions]
        assert len(scores) <= 5 and scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("alias", ["North-South Transport Corridor", "north–south transport corridor".title(),
                                   "INSTC"])
def test_a_corridor_alias_brings_its_routes(suggester, alias):
    (item,) = _suggest(suggester, f"Freight on the {alias} grew again this spring, officials said.")
    found = _by_feature(item)
    segments = [f for f, s in found.items() if f.startswith("instc-w-") and any("names its corridor, INSTC" in r
                                                                                 for r in s.reasons)]
    assert len(segments) >= 5
    assert "instc-astara-rasht-missing-link" not in list(found)[:5]  # a gap is not implied by the corridor's name


def test_transliterations_and_alternative_names_match(suggester):
    (item,) = _suggest(suggester, "Trains may one day reach Nakhchivan through Meghri, officials said.")
    found = _by_feature(item)
    assert found["zangezur-naxcivan"].likely and found["zangezur-meghri"].likely
    assert any("Nakhchivan" in r for r in found["zangezur-naxcivan"].reasons)


def test_a_capital_named_for_its_government_is_not_likely(suggester):
    place, actor = _suggest(suggester, "Leaders held talks in Baku on Tuesday about the railway.",
                            "Baku's insistence on the old agreement surprised the negotiators.")
    assert _by_feature(place)["baku"].likely
    assert not _by_feature(actor)["baku"].likely
    assert any("government" in r for r in _by_feature(actor)["baku"].reasons)


def test_countries_and_territories_are_never_likely(suggester):
    (item,) = _suggest(suggester, "Fighting in Nagorno-Karabakh and in Ukraine shaped the talks that year.")
    found = _by_feature(item)
    assert "nagorno-karabakh" in found and "ukraine" in found
    assert not found["nagorno-karabakh"].likely and not found["ukraine"].likely


def test_a_rail_link_between_two_places_implies_the_segments_between(suggester):
    (item,) = _suggest(suggester, "The new rail link will connect St. Petersburg to the Persian Gulf.")
    between = {s.feature for s in item.suggestions if any(r.startswith("between") for r in s.reasons)}
    assert {"instc-w-st-petersburg-moscow", "instc-w-tehran-bandar-abbas"} <= between
    assert not {f for f in between if f.startswith("instc-caspian")}  # "rail": no sea lane


def test_context_comes_from_neighbouring_paragraphs_not_captions(suggester):
    named, unnamed = _suggest(suggester, "The Baikal-Amur Mainline was begun in 1974.",
                              "It was a vast construction project that took many years.")
    assert _by_feature(named)["bam-main-line"].likely
    assert _by_feature(unnamed)["bam-main-line"].reasons[0].startswith("context")
    assert not _by_feature(unnamed)["bam-main-line"].likely
    caption = parse_source("t", "The Baikal-Amur Mainline was begun in 1974.\n\n"
                                "A vast construction project.\nA vast construction project.\n", {})
    items = suggester.suggest(caption).passages
    assert items[1].passage.kind == "caption" and "bam-main-line" not in _by_feature(items[1])


def test_leak_free_profiles_hold_no_description_and_no_quote(atlas):
    leak_free = Suggester(atlas, leak_free=True)
    full = Suggester(atlas)
    description = atlas.features.loc["kremlin", "description"]
    assert description not in leak_free.by_id["kremlin"].words
    assert description in full.by_id["kremlin"].words
    for quote in (c.quote for c in atlas.citations_for("kremlin")):
        assert quote not in leak_free.by_id["kremlin"].words


def test_json_document_lists_links_and_places_undecided(suggester, test_article):
    document = suggester.suggest(test_article.source("second-view")).as_dict()
    assert document["format"] == "corridor-atlas-suggestions/1"
    assert document["source"] == {"id": "second-view"}
    assert document["links"] and all(link["accepted"] is None for link in document["links"])
    assert {"passage", "feature", "score", "likely", "quote", "why"} <= set(document["links"][0])
    assert document["places"] and all(p["accepted"] is None and p["candidate"] is None for p in document["places"])
