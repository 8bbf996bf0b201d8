"""Feature cards: what popups, the app and `show` tell about each feature."""

import pytest

from corridors.model.cards import feature_card
from corridors.model.names import NAMINGS, display_name


def test_every_card_is_complete_and_clean(atlas):
    for fid in atlas.features.index:
        card = feature_card(atlas, fid)
        text = " ".join([card["name"], card["description"], *(f"{k} {v}" for k, v in card["facts"])])
        assert "nan" not in text.split() and "None" not in text.split(), (fid, text)
        labels = [label for label, _ in card["facts"]]
        assert {"Corridor", "Kind", "Status", "Geometry"} <= set(labels), fid
        assert card["citations"] and all(c["start"] is not None for c in card["citations"]), fid


def test_open_period_shows_an_open_bound(atlas):
    open_ended = atlas.features[atlas.features["period_start"].notna() & atlas.features["period_end"].isna()]
    assert not open_ended.empty
    facts = dict(feature_card(atlas, open_ended.index[0])["facts"])
    assert facts["Shown for"].split(" (")[0].endswith("\u2013 \u2026")


def test_naming_changes_the_card_name(atlas):
    with_alt = [fid for fid, alts in atlas.features["alt_names"].items() if any(a["lang"] == "az" for a in alts)]
    fid = with_alt[0]
    row = atlas.feature(fid)
    az = next(a["name"] for a in row["alt_names"] if a["lang"] == "az")
    assert feature_card(atlas, fid, "az")["name"] == az == display_name(row, "az")
    other = dict(feature_card(atlas, fid, "az")["facts"])["Other names"]
    assert row["name"] in other  # the article's name moves into "other names"


def test_unknown_naming_is_a_clear_error(atlas):
    with pytest.raises(ValueError, match="unknown naming"):
        feature_card(atlas, atlas.features.index[0], "klingon")
    assert "article" in NAMINGS
