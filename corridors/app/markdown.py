"""Data text inside Streamlit's Markdown (pills, button labels, captions, warnings, help, tabs).

Backslash escapes alone are not enough (issue 12): Streamlit's Markdown turns
GFM autolink literals (``http://x``, ``www.x.com``, ``user@host.com``) into
links *after* parsing, by matching the text the escapes leave behind
(mdast-util-gfm-autolink-literal's ``findAndReplace``), replaces
``:material/`` before parsing, and replaces ``:shortcode:`` emoji on the
parsed text. So ``md`` also puts a WORD JOINER (U+2060, invisible, no line
break) where those patterns need two characters side by side: after every
``:`` and ``@``, and between ``www`` and a following ``.``.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
# Every ASCII punctuation character CommonMark lets a backslash escape that Markdown,
# GFM, KaTeX ($) or Streamlit's directives (:red[...]) give a meaning; & stops entities (&copy;).
_ESCAPED = frozenset("\\`*_{}[]()<>#+-.!|:~$&")
_JOIN_AFTER = frozenset(":@")
_WWW = re.compile(r"(?i)(www)(?=\.)")


def md(text: object) -> str:
    """``text`` shown literally: no formatting, links, images, emoji or directives from data."""
    text = _WWW.sub(lambda m: m.group(1) + WORD_JOINER, str(text))
    out = []
    for c in text:
        out.append("\\" + c if c in _ESCAPED else c)
        if c in _JOIN_AFTER:
            out.append(WORD_JOINER)
    return "".join(out)


def plain(text: str) -> str:
    """What ``md(text)`` shows on screen (for tests and comparisons): the text without word joiners."""
    return str(text).replace(WORD_JOINER, "")
