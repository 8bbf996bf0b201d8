"""The explorer's stylesheet (``app.css``, next to this module), put into the page."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import streamlit as st

from corridors.app.session import Key
from corridors.vocabulary import CORRIDORS
from corridors.web.css import card_css


@cache
def stylesheet() -> str:
    """``app.css`` as shipped in the package (read once per process)."""
    return files("corridors.app").joinpath("app.css").read_text(encoding="utf-8")


def layer_swatch_css() -> str:
    """A swatch in each layer's colour before its checkbox label in the sidebar: the map's colours
    (the vocabulary's hex values), which Streamlit's few named Markdown colours cannot match."""
    return "".join(
        f'.st-key-{Key.layer(key)} label p::before{{content:"\\25A0\\00A0";color:{spec.colour};font-size:1.2em}}'
        for key, spec in CORRIDORS.items()
    )


def inject() -> None:
    """Style the page: the feature card's rules (shared with the map's popups) and the app's own.
    Style-only HTML goes to Streamlit's event container and takes no space."""
    st.html(f"<style>\n{card_css()}\n{stylesheet()}\n{layer_swatch_css()}</style>")
