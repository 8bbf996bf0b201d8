"""Which name to show for a feature: as the article writes it, or a local usage.

Contested places carry attributed ``alt_names`` ({name, lang, used_by}); a
naming choice picks the first one in the chosen language and falls back to the
article's name, so a label is never empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from corridors.vocabulary import ARTICLE, NAMINGS

__all__ = ["ARTICLE", "NAMINGS", "display_name", "other_names", "route_label", "short_name"]



def display_name(feature: Mapping, naming: str = ARTICLE) -> str:
    if naming not in NAMINGS:
        raise ValueError(f"unknown naming {naming!r}; choose from {sorted(NAMINGS)}")
    if naming != ARTICLE:
        for alt in feature.get("alt_names") or []:
            if alt["lang"] == naming or alt["lang"].startswith(naming + "-"):
                return alt["name"]
    return feature["name"]


def other_names(feature: Mapping, shown: str) -> list[dict]:
    """Every name of the feature except the one shown, the article's name first."""
    names = [{"name": feature["name"], "lang": "en", "used_by": "the source article"}]
    names += list(feature.get("alt_names") or [])
    return [n for n in names if n["name"] != shown]


_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def short_name(name: str) -> str:
    """A name without its trailing explanatory parenthesis, for a map label or a search match.

    "Ust-Kut (Lena station)" gives "Ust-Kut"; the card keeps the full name. A
    name that is only a parenthesis is kept as it is.
    """
    short = _TRAILING_NOTE.sub("", name).strip()
    return short or name.strip()


def route_label(route: str) -> str:
    """A route's name as a reader sees it: the data's lowercase keys ("caspian", "main line") get a capital,
    names that have their own case ("Horadiz – Naxcivan") keep it."""
    route = route.strip()
    return route[:1].upper() + route[1:] if route[:1].islower() else route
