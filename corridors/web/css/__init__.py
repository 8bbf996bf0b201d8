"""The stylesheets of the map and the feature card, kept as files (shipped as package data).

``card_css()`` styles a feature's card wherever it is shown: the map's popups and the app.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

# The comments are for whoever edits the files; the pages that embed the rules go without them.
_COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)


@cache
def stylesheet(name: str) -> str:
    """The rules of ``corridors/web/css/<name>.css``, without its comments."""
    return _COMMENT.sub("", files(__package__).joinpath(f"{name}.css").read_text(encoding="utf-8"))


def map_css() -> str:
    """The map page: sea colour, credits, focus outline, title box."""
    return stylesheet("map")


def card_css() -> str:
    """A feature's card: the popup's and the app's facts table, description and citations."""
    return stylesheet("card")


def legend_css() -> str:
    """The map's legend control."""
    return stylesheet("legend")


def labels_css() -> str:
    """The map's labels (corridors.web.label_layer)."""
    return stylesheet("labels")


def page_css() -> str:
    """The exported page's header and the map's fit to its frame (corridors.web.page)."""
    return stylesheet("page")
