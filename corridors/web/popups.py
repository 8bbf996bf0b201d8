"""HTML for a feature's popup and tooltip, built from its card; every data string escaped.

A popup is compact (issue 8): the name, one line of what it is (corridor, kind,
status), the first quote and where it is in the source; the rest of the card
(facts, description, every citation) sits behind "More", so a click never
covers half the map with text.
"""

from __future__ import annotations

from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import ARTICLE
from corridors.style.features import corridor_colour
from corridors.vocabulary import CORRIDORS, kind_label, status_label
from corridors.web.escape import h


def popup_html(atlas: Atlas, feature_id: str, naming: str = ARTICLE) -> str:
    card = feature_card(atlas, feature_id, naming)
    row = atlas.feature(feature_id)
    corridor = row["corridor"]
    spec = CORRIDORS.get(corridor)
    status = status_label(row["status"])
    what = " \u00b7 ".join([
        spec.layer_label if spec else str(corridor), kind_label(row["kind"]),
        status if isinstance(row["status"], str) else f"status {status}",
    ])
    citations = card["citations"]
    first = (
        f'<blockquote class="ca-pop-quote">\u201c{h(citations[0]["quote"])}\u201d</blockquote>'
        f'<div class="ca-cite-src">{h(citations[0]["source_title"])} \u2014 {h(citations[0]["passage_label"])}</div>'
        if citations else ""
    )
    facts = "".join(
        f'<tr><th scope="row">{h(label)}</th><td>{h(value)}</td></tr>' for label, value in card["facts"]
    )
    quotes = "".join(
        '<li class="ca-cite">'
        f'<blockquote>\u201c{h(c["quote"])}\u201d</blockquote>'
        f'<div class="ca-cite-src">{h(c["source_title"])} \u2014 {h(c["passage_label"])}</div>'
        "</li>"
        for c in citations
    )
    count = len(citations)
    # The corridor colour comes from our own palette, never from data.
    return (
        f'<div class="ca-popup" data-feature-id="{h(feature_id)}">'
        f'<h4 style="border-left:5px solid {corridor_colour(corridor)}">{h(card["name"])}</h4>'
        f'<p class="ca-pop-what">{h(what)}</p>'
        f"{first}"
        '<details class="ca-more"><summary>More: facts, description and '
        f'{"the" if count == 1 else "all"} {count} citation{"" if count == 1 else "s"}</summary>'
        f'<table class="ca-facts">{facts}</table>'
        f'<p class="ca-desc">{h(card["description"])}</p>'
        f'<div class="ca-cites-title">Why it is on the map ({count} citation{"" if count == 1 else "s"})</div>'
        f'<ol class="ca-cites">{quotes}</ol>'
        "</details>"
        "</div>"
    )


def tooltip_html(name: str, kind: str) -> str:
    return f"<b>{h(name)}</b> <span class=\"ca-kind\">{h(kind.replace('_', ' '))}</span>"
