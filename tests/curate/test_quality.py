"""The measured quality of suggest on the shipped article (docs/suggest-quality.md), and its acceptance figures."""

from __future__ import annotations

import pytest

from corridors.curate.command import BEGIN, END, LABELS_FILE
from corridors.curate.evaluate import ALL, evaluate, label_spans, markdown
from corridors.data.paths import REPO_ROOT

DOCS = REPO_ROOT / "docs" / "suggest-quality.md"
# The acceptance thresholds of issue 13.
TOP3, RECALL, LIKELY_PRECISION = 0.90, 0.80, 0.80
# Place mentions: the measured figures, as floors (the gazetteer found no wrong name on this article).
MENTION_PRECISION, MENTION_RECALL = 0.95, 0.85


@pytest.fixture(scope="module")
def evaluation(atlas):
    return evaluate(atlas, LABELS_FILE)


def test_acceptance_figures(evaluation):
    figures = evaluation.by_corridor[ALL].as_dict()
    assert figures["top3"] >= TOP3
    assert figures["recall"] >= RECALL
    assert figures["likely_precision"] >= LIKELY_PRECISION
    assert figures["recall"] <= figures["recall_cap"]


def test_place_mentions_against_the_hand_labels(evaluation):
    assert evaluation.mentions["precision"] >= MENTION_PRECISION
    assert evaluation.mentions["recall"] >= MENTION_RECALL


def test_the_published_figures_are_the_current_ones(evaluation):
    published = DOCS.read_text(encoding="utf-8").split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert published == markdown(evaluation), "run: python -m corridors suggest-eval --docs docs/suggest-quality.md"


def test_the_labels_are_spans_of_the_article(atlas):
    import json

    labels = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    source = atlas.sources[labels["source"]]
    for passage_id, surfaces in labels["passages"].items():
        text = source.passage(passage_id).text
        assert [text[s:e] for s, e in label_spans(text, surfaces)] == surfaces


def test_the_measurement_uses_no_description_and_no_quote(atlas, monkeypatch):
    # Blank every description and refuse every quote: a leak-free measurement does not change.
    before = evaluate(atlas).by_corridor[ALL].as_dict()
    features = atlas.features.copy()
    features["description"] = "blank"
    monkeypatch.setattr(atlas, "features", features)

    def no_quotes(feature_id):
        raise AssertionError(f"the evaluation read the quotes of {feature_id}")

    monkeypatch.setattr(atlas, "citations_for", no_quotes)
    after = evaluate(atlas).by_corridor[ALL].as_dict()
    assert after == before
