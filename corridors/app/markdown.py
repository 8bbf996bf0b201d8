"""Data text inside Streamlit's Markdown (button labels, captions, warnings)."""

from __future__ import annotations


def md(text: object) -> str:
    """``text`` shown literally: no formatting, links or directives from data (every Markdown sign escaped)."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|:~$" else c for c in str(text))
