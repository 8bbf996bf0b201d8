"""The vocabulary is the one place the domain's words live: the schema and the data agree with it."""

from __future__ import annotations

import json

from corridors import vocabulary
from corridors.data.paths import REPO_ROOT

SCHEMA = json.loads((REPO_ROOT / "geodata" / "schema" / "feature-properties.schema.json").read_text("utf-8"))


def _consts(prop: str) -> set:
    return {option.get("const") for option in SCHEMA["properties"][prop]["oneOf"]}


def test_schema_enums_are_the_vocabulary():
    assert _consts("corridor") == set(vocabulary.CORRIDORS)
    assert _consts("layer") == set(vocabulary.LAYER_GROUPS)
    assert _consts("kind") == set(vocabulary.KINDS)
    assert _consts("status") - {None} == set(vocabulary.STATUSES)
    assert set(SCHEMA["properties"]["mode"]["enum"]) - {None} == set(vocabulary.MODES)


def test_every_corridor_sits_in_a_known_group_with_a_palette_colour():
    for corridor in vocabulary.CORRIDORS.values():
        assert corridor.group in vocabulary.LAYER_GROUPS
        assert corridor.colour.startswith("#") and len(corridor.colour) == 7


def test_labels_for_missing_values_are_the_same_everywhere():
    assert vocabulary.status_label(None) == vocabulary.NO_STATUS
    assert vocabulary.status_label("nonsense") == vocabulary.NO_STATUS
    assert vocabulary.mode_label(None) == vocabulary.NO_MODE
    assert vocabulary.status_label("under_construction") == "under construction"


def test_data_uses_only_vocabulary_words(atlas):
    features = atlas.features
    assert set(features["corridor"]) <= set(vocabulary.CORRIDORS)
    assert set(features["layer"]) <= set(vocabulary.LAYER_GROUPS)
    # A feature's layer group is its corridor's.
    for _, row in features.iterrows():
        assert row["layer"] == vocabulary.CORRIDORS[row["corridor"]].group, row["id"]
