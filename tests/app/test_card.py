"""The route card under AppTest: naming, search, every feature's citations, "show in article"."""

from __future__ import annotations

from markupsafe import escape

from corridors.model.passages import passage_label
from tests.app.helpers import (
    RASHT_ASTARA,
    SOURCE,
    base_script,
    card_html,
    html_bodies,
    map_args,
    map_request,
    run_app,
)


def test_naming_changes_map_labels_and_cards():
    at = run_app({"feature": "zangezur-naxcivan"})
    assert "Naxcivan" in " ".join(html_bodies(at))
    at.selectbox(key="naming").select("az").run()
    args = map_args(at)
    assert map_request(args)[1]["naming"] == "az"  # the map swaps its names itself...
    assert '"az":"Naxçıvan"' in base_script(args)  # ...from the names it already has
    assert ">Naxçıvan</h3>" in card_html(at)
    assert at.query_params["names"] == "az"


def test_search_finds_a_place_by_any_name():
    at = run_app()
    at.text_input(key="search").input("Nakhchivan").run()
    hit = at.button(key="hit-zangezur-naxcivan")
    hit.click().run()
    assert at.session_state["feature"] == "zangezur-naxcivan"
    assert at.session_state["focus"] == ("zangezur-naxcivan",)
    assert "fitBounds" in map_args(at)["feature_group"]


def test_choosing_from_the_list_opens_the_card():
    at = run_app()
    at.selectbox(key="pick").select("baku").run()
    assert at.session_state["feature"] == "baku" and at.session_state["focus"] == ("baku",)
    assert 'data-feature-id="baku"' in card_html(at)


def test_every_feature_card_shows_its_citations(atlas):
    at = run_app()
    for fid in atlas.features.index:
        at.session_state["feature"] = fid
        at.session_state["tab"] = "Route card"
        at.run()
        bodies = html_bodies(at)
        quotes = [b for b in bodies if 'data-testid="card-quote"' in b]
        citations = atlas.citations_for(fid)
        assert len(quotes) == len(citations), fid
        for quote, cite in zip(quotes, citations, strict=True):
            # A reader sees where the quote is ("paragraph 2, 'The occasion for...'"), not the passage id.
            assert escape(cite.quote) in quote and escape(passage_label(cite.source, cite.passage)) in quote
            assert cite.passage.id not in quote
        assert len([b for b in at.button if b.key and b.key.startswith("cite-")]) == len(citations)


def test_show_in_article_opens_the_reader_at_the_passage(atlas):
    at = run_app({"feature": RASHT_ASTARA})
    at.button(key="cite-0").click().run()
    passage = atlas.citations_for(RASHT_ASTARA)[0].passage.id
    assert at.session_state["tab"] == "Article"
    assert at.session_state["passage"] == (SOURCE, passage)
    bodies = html_bodies(at)
    chosen = [b for b in bodies if "chosen" in b and f'data-passage="{passage}"' in b]
    assert len(chosen) == 1
    assert any("scrollTop" in b and f"passage-{passage}" in b for b in bodies)  # the reader scrolls to it
    assert at.query_params["tab"] == "article" and at.query_params["passage"] == passage
