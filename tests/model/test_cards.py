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
        assert {"Corridor", "Kind", "Status", "Geometry", "Shown from"} <= set(labels), fid
        assert card["citations"] and all(c["start"] is not None for c in card["citations"]), fid


def test_open_period_shows_an_open_bound(atlas):
    open_ended = atlas.features[atlas.features["period_start"].notna() & atlas.features["period_end"].isna()]
    assert not open_ended.empty
    facts = dict(feature_card(atlas, open_ended.index[0])["facts"])
    assert facts["Shown until"].startswith("\u2026 (open")


def _rows(card, label):
    return [row for row in card["rows"] if row["label"] == label]


def test_stated_and_drawn_lengths_are_told_apart(atlas):
    card = feature_card(atlas, "bam-main-line")
    [stated] = _rows(card, "Length")
    assert stated["value"] == "around 4,300 km" and stated["basis"] == "stated"
    assert any("around 4,300 kilometers" in e["quote"] for e in stated["evidence"])
    [drawn] = _rows(card, "Drawn length")
    drawn_km = atlas.feature("bam-main-line")["length_km"]
    assert drawn["value"] == (
        f"drawn line {drawn_km:,.0f} km, {drawn_km / 4300 * 100:.0f} % of the stated length: "
        "chords between stations cut the curves"
    )
    assert drawn["value"].startswith("drawn line 3,6") and " 85 % " in drawn["value"]
    # Without a stated figure the drawn length says so, and never poses as the length.
    other = feature_card(atlas, "instc-w-baku-astara")
    assert not _rows(other, "Length")
    assert "the sources state no length" in _rows(other, "Drawn length")[0]["value"]


def test_every_status_date_and_figure_links_to_its_quote(atlas):
    must = {"Status history", "Date", "Length", "Strength", "Mode", "Missing link"}
    checked = 0
    for fid in atlas.features.index:
        card = feature_card(atlas, fid)
        quotes = {c["n"]: c["quote"] for c in card["citations"]}
        for row, (_, text) in zip(card["rows"], card["facts"], strict=True):
            given_status = row["label"] == "Status" and row["value"] != "not given by the sources"
            if row["label"] in must or given_status:
                assert row["basis"] in ("stated", "inferred"), (fid, row)
            if row["basis"] in ("stated", "inferred"):
                assert row["evidence"], (fid, row)
                assert all(quotes[e["n"]] == e["quote"] for e in row["evidence"]), (fid, row)
                assert "".join(f"[{n}]" for n in row["cite"]) in text, (fid, text)
                checked += 1
    assert checked > 80  # every feature has some


def test_card_as_of_gives_the_status_then(atlas):
    before = feature_card(atlas, "instc-astara-rasht-missing-link", as_of="1975")
    assert not before["shown"] and _rows(before, "Status")[0]["value"] == "not yet described by the sources"
    dropped = feature_card(atlas, "instc-astara-rasht-missing-link", as_of="2019")
    [status] = _rows(dropped, "Status")
    assert dropped["status"] == "suspended" and status["basis"] == "inferred" and status["note"]
    assert "from 2018" in status["detail"] and "next change: 2023-05" in status["detail"]
    later = feature_card(atlas, "karabakh-exodus-2023", as_of="2024")
    assert _rows(later, "Status")[0]["value"] == "no longer described by the sources"


def test_popup_refs_point_at_quotes_in_the_same_popup(atlas):
    import re

    from corridors.web.card import card_html

    page = str(card_html(feature_card(atlas, "instc-astara-rasht-missing-link", as_of="2019")))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    anchors = set(re.findall(r'<blockquote class="ca-quote"[^>]* id="([^"]+)"', page))
    assert targets and targets <= anchors
    assert "As the sources describe it as of 2019" in page and "suspended" in page


def test_naming_changes_the_card_name(atlas):
    with_alt = [fid for fid, alts in atlas.features["alt_names"].items() if any(a["lang"] == "az" for a in alts)]
    fid = with_alt[0]
    row = atlas.feature(fid)
    az = next(a["name"] for a in row["alt_names"] if a["lang"] == "az")
    assert feature_card(atlas, fid, "az")["name"] == az == display_name(row, "az")
    others = [value for label, value in feature_card(atlas, fid, "az")["facts"] if label == "Other name"]
    assert any(row["name"] in v for v in others)  # the article's name moves into "other names"


def test_unknown_naming_is_a_clear_error(atlas):
    with pytest.raises(ValueError, match="unknown naming"):
        feature_card(atlas, atlas.features.index[0], "klingon")
    assert "article" in NAMINGS
