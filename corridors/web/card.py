"""A feature's card as HTML: one template (``templates/card.html``) for the map's popup, the app's
route card and the KML balloon, so the three never drift apart.

The template autoescapes every value. A popup additionally goes into one of folium's JavaScript
template literals, so it is passed through ``template_literal_safe`` (see ``corridors.web.escape``).
"""

from __future__ import annotations

from markupsafe import Markup

from corridors.vocabulary import corridor_colour
from corridors.web.render import macro


def _colour(card: dict) -> str:
    return corridor_colour(card.get("corridor", "context"))


def card_html(card: dict) -> Markup:
    """The whole card: name, facts with their [n] evidence links, description, numbered quotes."""
    return macro("card.html", "full")(card, _colour(card))


def popup_card_html(card: dict, what: str) -> Markup:
    """The map's compact popup: name, ``what`` (corridor, kind, status), the first quote; the rest behind
    "More"."""
    return macro("card.html", "compact")(card, _colour(card), what)


def card_head_html(card: dict, heading: str = "h3") -> Markup:
    """Name, facts and description, for a page that lists the quotes itself (the app)."""
    return macro("card.html", "head")(card, _colour(card), heading)


def citation_html(card: dict, cite: dict) -> Markup:
    """One numbered quote and where in its source it is."""
    return macro("card.html", "citation")(card, cite)


def cites_title(card: dict) -> Markup:
    return macro("card.html", "cites_title")(card)


def source_head_html(group: dict) -> Markup:
    """A source's line above its quotes: title, publisher, date (``card["sources"]``)."""
    return macro("card.html", "source_head")(group)


def disagreements_html(card: dict) -> Markup:
    """Where the card's sources disagree, side by side with both quotes ("" when they do not)."""
    return macro("card.html", "disagreements")(card)
