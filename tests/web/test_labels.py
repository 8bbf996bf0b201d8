"""Label candidates (corridors/web/labels.py), without a browser: what may be labelled, in which order,
in which naming, and that the data reaches the page safely."""

from __future__ import annotations

import json
import re

import pytest
import shapely
from shapely.geometry import Point

from corridors.data.atlas import load_atlas
from corridors.export import map_html
from corridors.model.selection import Selection, select
from corridors.web.label_layer import script_json
from corridors.web.labels import atlas_candidates, map_candidates, naming_candidates, short_label

CORRIDOR_KINDS = {"corridor", "area"}


@pytest.fixture(scope="module")
def candidates(atlas):
    return atlas_candidates(atlas.features)


def _corridor_labels(candidates):
    return {c["corridor"]: c for c in candidates if c["id"].startswith("corridor:")}


def test_each_drawn_corridor_has_one_label_of_its_own(atlas, candidates):
    labels = _corridor_labels(candidates)
    drawn = {c for c in atlas.features["corridor"].unique() if c != "context"}
    assert set(labels) == drawn == {"INSTC", "BAM", "Zangezur", "Karabakh"}
    assert sum(c["id"].startswith("corridor:") for c in candidates) == len(drawn)
    assert {c["kind"] for c in labels.values()} <= CORRIDOR_KINDS
    # The corridors' labels are placed first: nothing else may take their room.
    first = candidates[: len(labels)]
    assert {c["id"] for c in first} == {f"corridor:{k}" for k in labels}
    assert labels["Karabakh"]["text"] == "Nagorno-Karabakh"  # the conflict is named by its area
    assert labels["INSTC"]["text"] == "INSTC" and labels["BAM"]["text"] == "BAM"


def test_line_labels_sit_on_their_lines(atlas, candidates):
    for corridor in ("INSTC", "BAM", "Zangezur"):
        label = _corridor_labels(candidates)[corridor]
        assert label["anchor"] == "line" and len(label["at"]) >= 3
        rows = atlas.features[(atlas.features["corridor"] == corridor)]
        lines = shapely.union_all(list(rows.geometry[rows.geom_type.isin(["LineString", "MultiLineString"])]))
        for lat, lon in label["at"]:
            assert lines.distance(Point(lon, lat)) < 1e-4, (corridor, lat, lon)


def test_smallest_corridor_is_labelled_first(candidates):
    order = [c["corridor"] for c in candidates if c["id"].startswith("corridor:")]
    assert order.index("Zangezur") < order.index("INSTC") and order.index("Karabakh") < order.index("BAM")


def test_places_follow_ranks_and_events_are_not_labelled(atlas, candidates):
    ranks = [c["rank"] for c in candidates]
    assert ranks == sorted(ranks)
    labelled = {c.get("feature") for c in candidates}
    events = set(atlas.features.index[atlas.features["kind"] == "event"])
    assert events and not events & labelled
    tynda = next(c for c in candidates if c.get("feature") == "bam-tynda")
    assert tynda["kind"] == "place" and tynda["anchor"] == "point" and tynda["minZoom"] == 0
    assert tynda["at"] == [[pytest.approx(atlas.feature("bam-tynda").geometry.y, abs=1e-5),
                            pytest.approx(atlas.feature("bam-tynda").geometry.x, abs=1e-5)]]
    crossing = next(c for c in candidates if c.get("feature") == "instc-astara-crossing")
    assert crossing["minZoom"] > tynda["minZoom"] and crossing["rank"] > tynda["rank"]


def test_labels_follow_the_naming(atlas):
    by_naming = {n: {c["id"]: c["text"] for c in atlas_candidates(atlas.features, n)} for n in ("az", "hy", "ru")}
    assert by_naming["az"]["corridor:Karabakh"] == "Dağlıq Qarabağ"
    assert by_naming["hy"]["corridor:Karabakh"] == "Արցախ"
    assert by_naming["az"]["feature:zangezur-naxcivan"] == "Naxçıvan"
    assert by_naming["az"]["corridor:Zangezur"] == "Zəngəzur dəhlizi"
    assert by_naming["ru"]["corridor:BAM"] == "БАМ"  # the shortest of the names its line carries in Russian
    assert by_naming["ru"]["corridor:INSTC"] == "INSTC"  # no Russian name in the data: the vocabulary's
    with pytest.raises(ValueError, match="unknown naming 'xx'"):
        atlas_candidates(atlas.features, "xx")


def test_selection_limits_the_labels(atlas):
    features = select(atlas.features, Selection(layers=("BAM",)))
    candidates = atlas_candidates(features)
    assert {c["corridor"] for c in candidates} == {"BAM"}
    assert {c["corridor"] for c in candidates} == {"BAM"} and all(c["id"] != "corridor:INSTC" for c in candidates)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Ust-Kut (Lena station)", "Ust-Kut"),
        ("Bandar Abbas (Persian Gulf port)", "Bandar Abbas"),
        ("Samur – Yalama border crossing", "Samur – Yalama border crossing"),
        ("(unnamed)", "(unnamed)"),
    ],
)
def test_short_label(name, label):
    assert short_label(name) == label


def test_script_json_cannot_end_a_script_and_round_trips():
    hostile = ["</script><script>alert(1)</script>", "<!--", "a\u2028b\u2029c", "&amp;", "`${x}`"]
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == hostile


def test_one_list_carries_every_naming(atlas):
    """The map gets its labels once; the placer swaps in another naming's text (issue 11), which must be
    what a list made for that naming says."""
    merged = naming_candidates(atlas.features, ("article", "az", "ru"))
    assert [c["id"] for c in merged] == [c["id"] for c in map_candidates(atlas.features)]
    for naming in ("az", "ru"):
        own = {c["id"]: c["text"] for c in map_candidates(atlas.features, naming)}
        swapped = {c["id"]: c.get("texts", {}).get(naming, c["text"]) for c in merged}
        assert swapped == {cid: own.get(cid, swapped[cid]) for cid in swapped}, naming
    assert any("az" in c.get("texts", {}) for c in merged)


def test_hostile_name_stays_data_in_the_page(valid_feature, make_data_dir):
    valid_feature["properties"]["name"] = "Baku </script><script>window.__x=1</script>"
    page = map_html(load_atlas(make_data_dir([valid_feature])))
    assert "<script>window.__x=1" not in page
    texts = [c["text"] for c in page_labels(page)]
    assert "Baku </script><script>window.__x=1</script>" in texts


def page_labels(page: str) -> list[dict]:
    """The label candidates an exported page carries (the JSON literal in the map's script)."""
    found = re.search(r"^\s*var ca_labels_map_\w+ = (.*);$", page, re.M)
    assert found, "no label data in the page"
    return json.loads(found.group(1))
