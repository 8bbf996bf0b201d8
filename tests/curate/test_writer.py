"""add-source: suggest → accept → add-source → validate, on a copy of the atlas; nothing silent, nothing invented."""

from __future__ import annotations

import json

import pytest

from corridors.curate.accept import SuggestionsError, parse_suggestions
from corridors.curate.article import read_article
from corridors.curate.writer import AddSourceError, SourceOptions, apply_plan, plan_add_source
from corridors.data.atlas import load_atlas
from corridors.data.validate import validate
from tests.curate.conftest import TEST_ARTICLE

SOURCE_ID = "test-second-view"


def _document(suggester, article) -> dict:
    document = suggester.suggest(article.source(SOURCE_ID)).as_dict()
    document["article"] = {"name": article.name, "format": article.format, "sha256": article.sha256}
    return document


def _accept(document: dict, features: set[str], places: dict[str, str | None]) -> dict:
    for link in document["links"]:
        link["accepted"] = link["feature"] in features and link["likely"]
    for place in document["places"]:
        if place["name"] in places:
            place["accepted"], place["candidate"] = True, places[place["name"]]
    return document


@pytest.fixture
def accepted_document(suggester, test_article):
    document = _document(suggester, test_article)
    return _accept(document, {"bam-main-line", "russian-peacekeepers-karabakh", "instc-astara-rasht-missing-link"},
                   {"Gyumri": None, "Julfa": "gn:148251"})


def _snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_accepted_links_and_places_are_written_and_validate(data_copy, test_article, accepted_document):
    plan = plan_add_source(data_copy, test_article, parse_suggestions(accepted_document), SourceOptions())
    assert plan.citations == 3 and sorted(plan.places) == ["gyumri", "julfa"]
    apply_plan(plan)
    assert validate(data_copy).ok
    atlas = load_atlas(data_copy)
    assert SOURCE_ID in atlas.sources
    cites = {c.source.id for c in atlas.citations_for("bam-main-line")}
    assert cites == {"rferl-one-winner-of-the-ukraine-war", SOURCE_ID}
    julfa = atlas.feature("julfa")
    assert julfa["countries"] == ["AZE"] and julfa["accuracy_method"] == "approximate"
    assert "gn:148251" in julfa["accuracy_note"] and "Outside knowledge" in julfa["accuracy_note"]
    assert julfa["geometry"].x == pytest.approx(45.63, abs=0.05)
    metadata = json.loads((data_copy / "seeds" / f"{SOURCE_ID}.json").read_text())
    assert metadata["publisher"]["value"] == "Corridor Atlas test suite"
    assert "front matter" in metadata["publisher"]["established_by"]
    assert metadata["date"] == {"value": "2024-06-10", "precision": "day",
                                "established_by": "The Markdown front matter's 'date' field."}
    assert metadata["author"]["value"] is None and metadata["author"]["established_by"].startswith("Unknown")
    assert (data_copy / "seeds" / f"{SOURCE_ID}.txt").read_text() == test_article.text


def test_the_diff_shows_each_change(data_copy, test_article, accepted_document):
    plan = plan_add_source(data_copy, test_article, parse_suggestions(accepted_document), SourceOptions())
    diff = plan.diff()
    assert f"+++ b/seeds/{SOURCE_ID}.json" in diff and "+++ b/geodata/bam.geojson" in diff
    assert '+      "source": "test-second-view",' in diff
    assert "+++ b/geodata/context.geojson" in diff and '"id": "gyumri"' in diff


def test_running_it_again_changes_nothing(data_copy, test_article, accepted_document):
    accepted = parse_suggestions(accepted_document)
    apply_plan(plan_add_source(data_copy, test_article, accepted, SourceOptions()))
    before = _snapshot(data_copy)
    again = plan_add_source(data_copy, test_article, accepted, SourceOptions())
    assert again.citations == 0 and again.places == [] and again.diff() == ""
    apply_plan(again)
    assert _snapshot(data_copy) == before


def test_another_article_under_the_same_id_is_refused_without_force(data_copy, test_article, accepted_document,
                                                                     tmp_path):
    apply_plan(plan_add_source(data_copy, test_article, parse_suggestions(accepted_document), SourceOptions()))
    other = tmp_path / "test-second-view.md"
    other.write_text(TEST_ARTICLE.read_text() + "\nOne more paragraph for the tests, written here.\n")
    changed = read_article(other)
    document = {**accepted_document, "article": {"sha256": changed.sha256}}
    with pytest.raises(AddSourceError, match="exists with other content; pass --force"):
        plan_add_source(data_copy, changed, parse_suggestions(document), SourceOptions())
    plan = plan_add_source(data_copy, changed, parse_suggestions(document), SourceOptions(), force=True)
    assert plan.changes[f"seeds/{SOURCE_ID}.txt"][0] is not None


def test_what_the_article_cannot_establish_is_asked_for(data_copy, tmp_path, suggester):
    bare = tmp_path / "bare.txt"
    bare.write_text("A bare note\n\nThe Baikal-Amur Mainline was begun in 1974, the note says.\n")
    article = read_article(bare)
    document = _document(suggester, article)
    with pytest.raises(AddSourceError, match="cannot establish the article's publisher; pass --publisher"):
        plan_add_source(data_copy, article, parse_suggestions(document), SourceOptions())
    plan = plan_add_source(data_copy, article, parse_suggestions(document),
                           SourceOptions(publisher="Example Wire", date="unknown"))
    metadata = json.loads(plan.changes[f"seeds/{SOURCE_ID}.json"][1])
    assert metadata["title"] == {"value": "A bare note", "established_by": "The first heading of the article text."}
    assert metadata["date"]["value"] is None and "Unknown" in metadata["date"]["established_by"]
    assert metadata["publisher"]["established_by"] == "Given by the curator (--publisher)."


def test_a_bad_date_is_refused(data_copy, test_article, accepted_document):
    with pytest.raises(AddSourceError, match="not ISO 8601"):
        plan_add_source(data_copy, test_article, parse_suggestions(accepted_document), SourceOptions(date="June 2024"))


def test_nothing_is_written_when_anything_is_wrong(data_copy, test_article, accepted_document):
    before = _snapshot(data_copy)
    link = next(link for link in accepted_document["links"] if link["accepted"])
    link["quote"] = "These words are not in the passage at all."
    with pytest.raises(AddSourceError, match="is not in passage"):
        plan_add_source(data_copy, test_article, parse_suggestions(accepted_document), SourceOptions())
    assert _snapshot(data_copy) == before


def test_suggestions_from_another_article_are_refused(data_copy, test_article, accepted_document):
    accepted_document["article"]["sha256"] = "0" * 64
    with pytest.raises(AddSourceError, match="another article"):
        plan_add_source(data_copy, test_article, parse_suggestions(accepted_document), SourceOptions())


def test_an_ambiguous_place_needs_a_chosen_candidate(accepted_document):
    julfa = next(p for p in accepted_document["places"] if p["name"] == "Julfa")
    julfa["candidate"] = None
    with pytest.raises(SuggestionsError, match="“Julfa” is ambiguous; set \"candidate\""):
        parse_suggestions(accepted_document)
    julfa["candidate"] = "gn:1"
    with pytest.raises(SuggestionsError, match="not one of its candidates"):
        parse_suggestions(accepted_document)


def test_a_malformed_suggestions_file_lists_every_problem():
    with pytest.raises(SuggestionsError) as error:
        parse_suggestions({"format": "x", "links": [{"accepted": "yes"}, {"accepted": True, "passage": ""}]})
    message = str(error.value)
    assert "format" in message and "links[0].accepted" in message and "links[1].passage" in message
