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
