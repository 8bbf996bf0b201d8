"""An atlas with two sources, for the tests of several sources: the shipped article and the test-only article.

``build_two_sources(root)`` copies the bundled atlas into ``root``, adds
``tests/fixtures/articles/test-second-view.md`` (written for the tests, marked
``test_only``) with ``add-source``'s writer, then writes claims citing it as a
curator would, so that the two sources disagree:

- the BAM's length: "around 4,300 kilometers" (RFE/RL) against "some 4,000 kilometers" (test);
- the start of the BAM's construction: 1974 (RFE/RL) against 1972 (test);
- the Rasht-Astara line in May 2023: planned (RFE/RL) against under construction (test).

Every claim is stated in its quote, so the copy validates. Never shipped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from corridors.data.paths import REPO_ROOT, dumps_geojson

ARTICLE = REPO_ROOT / "tests" / "fixtures" / "articles" / "test-second-view.md"
TEST_SOURCE = "test-second-view"
SHIPPED_SOURCE = "rferl-one-winner-of-the-ukraine-war"
LINKS = {
    "bam-main-line": ("p-the-baikal-amur-mainline-some-4",
                      "The Baikal-Amur Mainline, some 4,000 kilometers of track, was begun in 1972 and completed in "
                      "1984, the test text says."),
    "instc-astara-rasht-missing-link": ("p-in-may-2023-the-rasht-astara",
                                        "In May 2023 the Rasht-Astara line was already under construction, "
                                        "according to this test text, with Russian financing."),
    "russian-peacekeepers-karabakh": ("p-russian-peacekeepers-completed-their-withdrawal",
                                      "Russian peacekeepers completed their withdrawal from Nagorno-Karabakh in June "
                                      "2024, the test text says."),
}


def copy_atlas(root: Path) -> Path:
    (root / "geodata").mkdir(parents=True)
    for path in (REPO_ROOT / "geodata").glob("*.geojson"):
        shutil.copy(path, root / "geodata" / path.name)
    shutil.copytree(REPO_ROOT / "geodata" / "schema", root / "geodata" / "schema")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    return root


def build_two_sources(root: Path) -> Path:
    from corridors.curate.accept import parse_suggestions
    from corridors.curate.article import read_article
    from corridors.curate.writer import SourceOptions, apply_plan, plan_add_source

    copy_atlas(root)
    article = read_article(ARTICLE)
    document = {
        "format": "corridor-atlas-suggestions/1",
        "article": {"sha256": article.sha256},
        "source": {"id": TEST_SOURCE},
        "links": [{"passage": p, "feature": f, "quote": q, "accepted": True} for f, (p, q) in LINKS.items()],
    }
    apply_plan(plan_add_source(root, article, parse_suggestions(document), SourceOptions(test_only=True)))
    _edit(root / "geodata" / "bam.geojson", "bam-main-line", _bam)
    _edit(root / "geodata" / "instc.geojson", "instc-astara-rasht-missing-link", _rasht_astara)
    return root


def _edit(path: Path, feature_id: str, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        if props["id"] == feature_id:
            n = next(i for i, c in enumerate(props["citations"], start=1) if c["source"] == TEST_SOURCE)
            change(props, n)
    path.write_text(dumps_geojson(data), encoding="utf-8")


def _bam(props: dict, n: int) -> None:
    props["claims"]["figures"].append(
        {"what": "length", "value": 4000, "unit": "km", "approx": True, "basis": "stated", "cite": [n]})
    props["dates"].append({"date": "1972", "label": "Start of construction of the BAM", "basis": "stated",
                           "cite": [n]})


def _rasht_astara(props: dict, n: int) -> None:
    props["claims"]["status"].append(
        {"value": "under_construction", "from": "2023-05", "basis": "stated", "cite": [n]})
    props["status"] = "under_construction"
