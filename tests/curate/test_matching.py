"""Names are found whatever the case, diacritics, dashes or transliteration; sentences are verbatim spans."""

from __future__ import annotations

from corridors.curate.matching import NameIndex, content_stems, sentences, stem


def _found(index: NameIndex, text: str) -> list[tuple[str, object]]:
    return [(h.surface, h.target) for h in index.find(text)]


def test_names_match_across_diacritics_dashes_and_transliterations():
    index = NameIndex()
    index.add_all(["Naxcivan", "Nakhchivan"], "naxcivan")
    index.add("Rasht-Astara line", "link")
    index.add("Baikal-Amur Mainline", "bam")
    text = "From Naxçıvan and NAKHCHIVAN to the Rasht–Astara line and the Baikal Amur Mainline."
    assert _found(index, text) == [("Naxçıvan", "naxcivan"), ("NAKHCHIVAN", "naxcivan"),
                                   ("Rasht–Astara line", "link"), ("Baikal Amur Mainline", "bam")]


def test_the_longest_name_wins_and_case_carries_meaning():
    index = NameIndex()
    index.add("BAM", "acronym")
    index.add("US", "usa")
    index.add("Persian Gulf", "gulf")
    index.add("Persian", "adjective")
    assert _found(index, "Bam! The Persian Gulf, for us, and the BAM for the US.") == [
        ("Persian Gulf", "gulf"), ("BAM", "acronym"), ("US", "usa")]


def test_possessives_and_abbreviating_dots():
    index = NameIndex()
    index.add("St. Petersburg", "spb")
    index.add("Baku", "baku")
    assert _found(index, "Baku's port and St Petersburg's") == [("Baku", "baku"), ("St Petersburg", "spb")]


def test_sentences_are_spans_of_the_text_and_respect_abbreviations():
    text = ('Trains reach St. Petersburg daily. "It works," he said. The U.S. disagreed! Then: more?'
            " Yes.")
    spans = sentences(text)
    parts = [text[s:e] for s, e in spans]
    assert parts == ["Trains reach St. Petersburg daily.", '"It works," he said.', "The U.S. disagreed!",
                     "Then: more?", "Yes."]


def test_long_sentences_are_cut_at_clauses():
    text = "; ".join(["word " * 20 + "end"] * 3) + "."
    spans = sentences(text)
    assert len(spans) == 3 and all(text[s:e].strip() for s, e in spans)


def test_stems_join_word_forms():
    assert stem("peacekeepers") == stem("peacekeeping") == "peacekeep"
    assert content_stems("The recapturing of the territory") == ["recaptur", "territory"]
