"""HTML for a feature's popup and tooltip, built from its card; every data string escaped."""

from __future__ import annotations

from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import ARTICLE
from corridors.style.features import corridor_colour
from corridors.web.escape import h


def popup_html(atlas: Atlas, feature_id: str, naming: str = ARTICLE) -> str:
    card = feature_card(atlas, feature_id, naming)
    corridor = atlas.feature(feature_id)["corridor"]
    facts = "".join(
        f'<tr><th scope="row">{h(label)}</th><td>{h(value)}</td></tr>' for label, value in card["facts"]
    )
    quotes = "".join(
        '<li class="ca-cite">'
        f'<blockquote>\u201c{h(c["quote"])}\u201d</blockquote>'
        f'<div class="ca-cite-src">{h(c["source_title"])} \u2014 passage <code>{h(c["passage"])}</code></div>'
        "</li>"
        for c in card["citations"]
    )
    # The corridor colour comes from our own palette, never from data.
    return (
        f'<div class="ca-popup" data-feature-id="{h(feature_id)}">'
        f'<h4 style="border-left:5px solid {corridor_colour(corridor)}">{h(card["name"])}</h4>'
        f'<table class="ca-facts">{facts}</table>'
        f'<p class="ca-desc">{h(card["description"])}</p>'
        f'<div class="ca-cites-title">Why it is on the map ({len(card["citations"])} citation'
        f'{"s" if len(card["citations"]) != 1 else ""})</div>'
        f'<ol class="ca-cites">{quotes}</ol>'
        "</div>"
    )


def tooltip_html(name: str, kind: str) -> str:
    return f"<b>{h(name)}</b> <span class=\"ca-kind\">{h(kind.replace('_', ' '))}</span>"

