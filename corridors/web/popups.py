"""HTML for a feature's popup and tooltip, built from its card; every data string escaped.

Each fact links to its evidence: ``[n]`` jumps to the numbered quote below (and
shows it on hover), and each quote names its passage -- value, quote, passage.
"""

from __future__ import annotations

from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import ARTICLE
from corridors.style.features import corridor_colour
from corridors.web.escape import h


def cite_anchor(feature_id: str, n: int) -> str:
    return f"ca-cite-{feature_id}-{n}"


def _refs(feature_id: str, fact: dict) -> str:
    return "".join(
        f'<a class="ca-ref" href="#{h(cite_anchor(feature_id, e["n"]))}" '
        f'title="\u201c{h(e["quote"])}\u201d \u2014 passage {h(e["passage"])}">[{e["n"]}]</a>'
        for e in fact["evidence"]
    )


def _basis(fact: dict) -> str:
    basis = fact["basis"]
    if basis == "stated":
        return ' <span class="ca-basis">stated</span>'
    if basis == "inferred":
        reason = f": {h(fact['note'])}" if fact["note"] else ""
        return f' <span class="ca-basis">inferred{reason}</span>'
    if basis == "outside":
        return f' <span class="ca-basis" title="{h(fact["note"])}">outside knowledge</span>'
    return ""


def fact_html(feature_id: str, fact: dict) -> str:
    detail = f' <span class="ca-detail">({h(fact["detail"])})</span>' if fact["detail"] else ""
    refs = _refs(feature_id, fact)
    return f"{h(fact['value'])}{detail}{_basis(fact)}{' ' + refs if refs else ''}"


def popup_html(atlas: Atlas, feature_id: str, naming: str = ARTICLE, as_of: str | None = None) -> str:
    card = feature_card(atlas, feature_id, naming, as_of=as_of)
    corridor = atlas.feature(feature_id)["corridor"]
    facts = "".join(
        f'<tr><th scope="row">{h(fact["label"])}</th><td>{fact_html(feature_id, fact)}</td></tr>'
        for fact in card["rows"]
    )
    quotes = "".join(
        f'<li class="ca-cite" id="{h(cite_anchor(feature_id, c["n"]))}">'
        f'<blockquote>\u201c{h(c["quote"])}\u201d</blockquote>'
        f'<div class="ca-cite-src">{h(c["source_title"])} \u2014 passage <code>{h(c["passage"])}</code></div>'
        "</li>"
        for c in card["citations"]
    )
    as_of_line = f'<p class="ca-asof">As the sources describe it as of {h(as_of)}</p>' if as_of else ""
    # The corridor colour comes from our own palette, never from data.
    return (
        f'<div class="ca-popup" data-feature-id="{h(feature_id)}">'
        f'<h4 style="border-left:5px solid {corridor_colour(corridor)}">{h(card["name"])}</h4>'
        f"{as_of_line}"
        f'<table class="ca-facts">{facts}</table>'
        f'<p class="ca-desc">{h(card["description"])}</p>'
        f'<div class="ca-cites-title">Why it is on the map ({len(card["citations"])} citation'
        f'{"s" if len(card["citations"]) != 1 else ""}; [n] in the facts above points to quote n)</div>'
        f'<ol class="ca-cites">{quotes}</ol>'
        "</div>"
    )


def tooltip_html(name: str, kind: str) -> str:
    return f"<b>{h(name)}</b> <span class=\"ca-kind\">{h(kind.replace('_', ' '))}</span>"

