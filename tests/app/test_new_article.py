"""The new article panel under AppTest: paste, see suggestions, accept, download; nothing written to disk."""

from __future__ import annotations

import json

from corridors.app.panels.new_article import marked, suggestions_document
from corridors.app.session import Key, Session
from corridors.curate.accept import parse_suggestions
from corridors.curate.article import read_article
from corridors.data.paths import REPO_ROOT
from tests.app.helpers import html_bodies, run_app

ARTICLE = REPO_ROOT / "tests" / "fixtures" / "articles" / "test-second-view.md"
BAM_PASSAGE = "p-the-baikal-amur-mainline-some-4"


def _snapshot():
    roots = [REPO_ROOT / "geodata", REPO_ROOT / "seeds"]
    return {p: p.stat().st_mtime_ns for root in roots for p in root.rglob("*") if p.is_file()}


def _paste(at, text: str):
    at.text_area(key=Key.ARTICLE_PASTE).input(text).run()
    at.button(key=Key.ARTICLE_READ).click().run()
    assert not at.exception, at.exception
    return at


def test_pasted_article_shows_its_passages_with_suggestions_and_places():
    before = _snapshot()
    at = _paste(run_app({"tab": "new"}), ARTICLE.read_text(encoding="utf-8"))
    passages = [b for b in html_bodies(at) if 'data-testid="new-passage"' in b]
    assert any(f'data-passage="{BAM_PASSAGE}"' in b for b in passages)
    control = at.get("segmented_control")
    labels = [c.label for c in control]
    assert any(label.startswith("Baikal\\-Amur Mainline \\(BAM\\)") and "likely" in label for label in labels)
    places = {s.label for s in at.selectbox if s.key.startswith("place-")}
    assert any("Julfa" in label and "ambiguous" in label for label in places)
    # Accepting the likely links marks their quotes in the passage and counts them in the download.
    at.button(key=Key.ACCEPT_LIKELY).click().run()
    key = Key.link_decision(BAM_PASSAGE, "bam-main-line")
    assert at.session_state[key] == "accept"
    bam = next(b for b in html_bodies(at) if f'data-passage="{BAM_PASSAGE}"' in b)
    assert "<mark>The Baikal-Amur Mainline, some 4,000 kilometers" in bam
    download = at.get("download_button")[0]
    assert "links" in download.proto.label and "0 links" not in download.proto.label
    assert _snapshot() == before  # nothing written to the data


def test_markup_in_an_article_is_escaped():
    at = _paste(run_app({"tab": "new"}), "A title\n\nTrains from <b>Baku</b> to Astara <script>x()</script> run.\n")
    bodies = [b for b in html_bodies(at) if 'data-testid="new-passage"' in b]
    assert bodies and all("<script>" not in b and "<b>" not in b for b in bodies)
    assert any("&lt;b&gt;Baku&lt;/b&gt;" in b for b in bodies)


def test_an_unreadable_article_says_why():
    at = run_app({"tab": "new"})
    at.session_state["new_article"] = ("bad.txt", "Bakı".encode("utf-16"))
    at.run()
    assert any("not UTF\\-8" in e.value for e in at.error)


def test_the_download_is_what_add_source_reads(atlas):
    from corridors.curate.suggest import Suggester

    suggester = Suggester(atlas)
    article = read_article(ARTICLE)
    report = suggester.suggest(article.source())
    session = Session({})
    first = next(s for i in report.passages for s in i.suggestions)
    first_passage = next(i.passage.id for i in report.passages if first in i.suggestions)
    session.store[Key.link_decision(first_passage, first.feature)] = "accept"
    julfa_passage = next(i for i in report.passages if any(p.surface == "Julfa" for p in i.new_places))
    n = [p.surface for p in julfa_passage.new_places].index("Julfa")
    session.store[Key.place_decision(julfa_passage.passage.id, n)] = "gn:148251"
    document = json.loads(json.dumps(suggestions_document(article, report, session)))
    accepted = parse_suggestions(document)
    assert [(link.passage, link.feature) for link in accepted.links] == [(first_passage, first.feature)]
    assert [(p.name, p.candidate["gazetteer_id"]) for p in accepted.places] == [("Julfa", "gn:148251")]
    assert accepted.article_sha256 == article.sha256


def test_marked_escapes_every_piece():
    assert marked("a <b> c", [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c"
