from collections import Counter

from corridors.data.sources import load_sources, parse_source
from tests.conftest import SOURCE_ID


def _source(repo_root):
    return load_sources(repo_root / "seeds")[SOURCE_ID]


def test_captions_are_kept_once_and_marked(repo_root):
    source = _source(repo_root)
    captions = [p for p in source.passages if p.kind == "caption"]
    assert len(captions) == 5
    texts = [p.text for p in source.passages]
    caption = "The Baikal-Amur Mainline railway, spanning around 4,300 kilometers"
    assert sum(caption in t for t in texts) == 1
    assert all(count == 1 for count in Counter(texts).values())


def test_headings_and_title(repo_root):
    source = _source(repo_root)
    assert source.passages[0].kind == "title"
    assert source.passages[0].text == "One Winner Of The Ukraine War Is Azerbaijan"
    headings = [p.text for p in source.passages if p.kind == "heading"]
    assert headings == ["St. Petersburg To The Persian Gulf", "Russians In Zangezur", "Playing All Sides"]


def test_chrome_is_excluded_but_reported(repo_root):
    source = _source(repo_root)
    chrome = [c.text for c in source.chrome]
    assert "Accessibility links" in chrome and "Breaking News" in chrome
    assert any(c.startswith("RFE/RL has been declared") for c in chrome)
    assert {c.reason for c in source.chrome} == {"site navigation", "site banner", "legal footer"}
    passage_text = " ".join(p.text for p in source.passages)
    assert "Accessibility links" not in passage_text
    assert "undesirable organization" not in passage_text


def test_metadata_says_how_each_fact_was_established(repo_root):
    meta = _source(repo_root).metadata
    for key in ("title", "publisher", "author", "date", "url"):
        assert meta[key]["established_by"], key
    assert meta["publisher"]["value"] == "RFE/RL"
    assert meta["date"]["value"] == "2024" and "50th anniversary" in meta["date"]["established_by"]
    assert meta["author"]["value"] is None and meta["url"]["value"] is None  # unknown, not invented


def test_ids_are_unique_and_stable_under_an_edit(repo_root):
    path = repo_root / "seeds" / f"{SOURCE_ID}.txt"
    raw = path.read_text(encoding="utf-8")
    meta = _source(repo_root).metadata
    before = parse_source(SOURCE_ID, raw, meta)
    ids = [p.id for p in before.passages]
    assert len(ids) == len(set(ids))

    target = next(p for p in before.passages if p.id == "p-the-key-project-for-moscow-is")
    edited = raw.replace(target.text, target.text + " An edited sentence.")
    edited = edited.replace("Playing All Sides\n", "Playing All Sides\n\nA new paragraph inserted by an editor.\n")
    after = parse_source(SOURCE_ID, edited, meta)
    after_ids = [p.id for p in after.passages]
    assert set(ids) <= set(after_ids)  # nobody lost their id
    assert after.passage("p-the-key-project-for-moscow-is").text.endswith("An edited sentence.")
    assert len(after_ids) == len(ids) + 1


def test_identical_openings_get_distinct_ids():
    raw = "One two three four five six seven.\n\nOne two three four five six eight.\n"
    source = parse_source("x", raw, {})
    assert [p.id for p in source.passages] == ["p-one-two-three-four-five-six", "p-one-two-three-four-five-six-2"]
