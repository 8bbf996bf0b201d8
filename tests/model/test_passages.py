"""Readable passage labels (corridors/model/passages.py): what a reader sees instead of a passage id."""

from __future__ import annotations

import pytest

from corridors.model.cards import feature_card
from corridors.model.passages import opening, passage_label, passage_number


@pytest.fixture(scope="module")
def source(atlas):
    return next(iter(atlas.sources.values()))


def test_paragraphs_are_numbered_among_paragraphs(source):
    paragraphs = [p for p in source.passages if p.kind == "paragraph"]
    captions = [p for p in source.passages if p.kind == "caption"]
    assert [passage_number(source, p) for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert passage_number(source, captions[0]) == 1  # captions count apart


def test_label_names_kind_number_and_opening(source):
    first = next(p for p in source.passages if p.kind == "paragraph")
    assert passage_label(source, first) == "paragraph 1, \u2018When the presidents of Azerbaijan\u2026\u2019"
    caption = next(p for p in source.passages if p.kind == "caption")
    assert passage_label(source, caption).startswith("photo caption 1, \u2018")
    assert opening("Two words") == "Two words"  # no ellipsis when nothing is left out


def test_cards_carry_label_for_readers_and_id_for_machines(atlas):
    card = feature_card(atlas, "instc-astara-rasht-missing-link")
    cite = card["citations"][0]
    assert cite["passage"].startswith("p-")  # the id, for links and exports
    assert cite["passage_label"].startswith("paragraph ") and "\u2018In May 2023, Russia" in cite["passage_label"]


def test_a_passage_of_another_source_is_refused(source, atlas):
    from dataclasses import replace

    stray = replace(source.passages[0], id="p-not-here")
    with pytest.raises(ValueError, match="p-not-here"):
        passage_number(source, stray)
