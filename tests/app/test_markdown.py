"""``md``: data text that Streamlit's Markdown shows literally (issue 12); the browser proof is in
``tests/test_app_hostile_e2e.py``."""

from __future__ import annotations

import re

import pytest

from corridors.app.markdown import WORD_JOINER, md, plain

# The patterns Streamlit's frontend (StreamlitMarkdown.*.js, 1.67) turns into links after parsing:
# mdast-util-gfm-autolink-literal's two regular expressions, copied verbatim.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I)
GFM_EMAIL = re.compile(r"(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
HOSTILE = "![i](http://198.51.100.7/t.png) www.example.com user@example.com :red[x] :material/home: &copy; **b**"


def unescape(text: str) -> str:
    """What a CommonMark parser leaves of ``text`` once backslash escapes are resolved (its text nodes)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


@pytest.mark.parametrize("text", [HOSTILE, "WWW.EXAMPLE.ORG", "https://x.io/a?b=c", "a@b.co", "x:smile:y"])
def test_no_autolink_survives_the_parse(text):
    parsed = unescape(md(text))
    assert plain(parsed) == text  # shown literally
    assert not GFM_URL.search(parsed) and not GFM_EMAIL.search(parsed)
    assert ":material/" not in md(text)  # Streamlit replaces this raw string before parsing
    assert not re.search(r":[\w+-]+:", parsed)  # no emoji shortcode left


def test_every_markdown_sign_is_escaped():
    escaped = md("![i](u) [l](u) *e* _e_ `c` $x$ # h <b> :red[x] ~s~ | &amp;")
    bare = re.sub(r"\\.", "", escaped.replace(WORD_JOINER, ""))
    assert not set(bare) & set("![]()*_`$#<>:~|&")
