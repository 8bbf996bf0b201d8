"""The iframe snippet written next to an HTML export: responsive, titled for screen readers, escaped."""

from __future__ import annotations

import pytest

from corridors.export import embed_snippet


def test_snippet_is_full_width_with_an_aspect_ratio_and_a_title():
    snippet = embed_snippet("atlas.html", "Corridors <and> \"conflict\"")
    assert snippet.startswith('<iframe src="atlas.html" title="Corridors &lt;and&gt; &quot;conflict&quot;"')
    assert "width:100%" in snippet and "aspect-ratio:3 / 2" in snippet and "min-height:360px" in snippet
    assert "height=" not in snippet  # no fixed height: the column's width decides
    with pytest.raises(ValueError, match="aspect"):
        embed_snippet("atlas.html", "t", aspect="3/2;background:url(x)")


def test_cli_html_export_takes_the_naming(tmp_path):
    """``export --names az``: the labels (and popups) in Azerbaijani usage, falling back to the article's."""
    from tests.clirun import run_cli
    from tests.web.test_labels import page_labels

    out = tmp_path / "az.html"
    result = run_cli("export", "--format", "html", "--out", out, "--names", "az", "--layers", "Karabakh", "Zangezur")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    # Every naming's label travels (the placer swaps them in the browser, issue 11); the page shows az's.
    texts = {c["id"]: c.get("texts", {}).get("az", c["text"]) for c in page_labels(page)}
    assert texts["corridor:Karabakh"] == "Dağlıq Qarabağ" and texts["feature:zangezur-naxcivan"] == "Naxçıvan"
    assert 'CorridorAtlas.apply(map_' in page and '{"naming":"az"}' in page
    assert run_cli("export", "--format", "html", "--out", out, "--names", "xx").returncode == 2
