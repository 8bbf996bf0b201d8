"""A feature's popup and tooltip as HTML for folium: the card template, made safe for the
JavaScript template literal folium puts it in (``corridors.web.escape``)."""

from __future__ import annotations

from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import ARTICLE
from corridors.web.card import card_html
from corridors.web.escape import h, template_literal_safe


def popup_html(atlas: Atlas, feature_id: str, naming: str = ARTICLE, as_of: str | None = None,
               known_by: str | None = None) -> str:
    return template_literal_safe(card_html(feature_card(atlas, feature_id, naming, as_of=as_of, known_by=known_by)))


def tooltip_html(name: str, kind: str) -> str:
    return f"<b>{h(name)}</b> <span class=\"ca-kind\">{h(kind.replace('_', ' '))}</span>"
