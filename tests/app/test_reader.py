"""The article reader under AppTest: every passage, cited ones marked, each leading to its features."""

from __future__ import annotations

from corridors.app.markdown import md
from corridors.model.names import display_name
from tests.app.helpers import html_bodies, map_args, run_app


def test_every_cited_passage_leads_to_its_features(atlas):
    at = run_app({"tab": "article"})
    cited = atlas.cited_passages()
    bodies = html_bodies(at)
    passages = [b for b in bodies if 'data-testid="passage"' in b]
    assert len(passages) == sum(len(s.passages) for s in atlas.sources.values())
    assert len([b for b in passages if "cited" in b.split(">", 1)[0]]) == len(cited)
    for (source, pid), fids in cited.items():
        at.button(key=f"psg-{pid}").click().run()
        assert at.session_state["passage"] == (source, pid)
        assert at.session_state["focus"] == tuple(fids)
        args = map_args(at)
        assert "fitBounds" in args["feature_group"]
        chosen = next(b for b in html_bodies(at) if f'data-passage="{pid}"' in b)
        assert "chosen" in chosen.split(">", 1)[0]
        # Pills render Markdown: the names are escaped (issue 12)
        assert at.pills(key=f"psg-cards-{pid}").options == [md(display_name(atlas.feature(f))) for f in fids]
    # Its features' cards are one click away.
    (source, pid), fids = next(iter(cited.items()))
    at.button(key=f"psg-{pid}").click().run()
    at.pills(key=f"psg-cards-{pid}").set_value(fids[-1]).run()
    assert at.session_state["feature"] == fids[-1] and at.session_state["tab"] == "Route card"


def test_reader_marks_kinds_and_quotes(atlas):
    at = run_app({"tab": "article"})
    bodies = [b for b in html_bodies(at) if 'data-testid="passage"' in b]
    kinds = {p.kind for s in atlas.sources.values() for p in s.passages}
    assert {"title", "heading", "caption", "paragraph"} <= kinds
    assert any("<h2>" in b for b in bodies) and any("<h4>" in b for b in bodies)
    assert any("Photo caption" in b for b in bodies)
    assert sum(b.count("<mark>") for b in bodies) >= len(atlas.cited_passages())
