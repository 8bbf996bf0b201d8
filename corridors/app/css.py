"""The explorer's stylesheet (``app.css``, next to this module), put into the page."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import streamlit as st

from corridors.web.css import card_css


@cache
def stylesheet() -> str:
    """``app.css`` as shipped in the package (read once per process)."""
    return files("corridors.app").joinpath("app.css").read_text(encoding="utf-8")


def inject(extra: str = "") -> None:
    """Style the page: the feature card's rules (shared with the map's popups), the app's own, and
    ``extra`` rules a panel makes from the vocabulary (the sidebar's swatches). Style-only HTML goes
    to Streamlit's event container and takes no space."""
    st.html(f"<style>\n{card_css()}\n{stylesheet()}\n{extra}</style>")
