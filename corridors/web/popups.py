"""A feature's popup and tooltip as HTML for folium: the card template, made safe for the
JavaScript template literal folium puts it in (``corridors.web.escape``).

A popup is compact (issue 8): the name, one line of what it is (corridor, kind, status), the first
quote and where it is in the source; the rest of the card sits behind "More".
"""

from __future__ import annotations

from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import ARTICLE
from corridors.vocabulary import CORRIDORS, kind_label, status_label
from corridors.web.card import popup_card_html
from corridors.web.escape import h, template_literal_safe


def popup_html(atlas: Atlas, feature_id: str, naming: str = ARTICLE, as_of: str | None = None,
               known_by: str | None = None) -> str:
    card = feature_card(atlas, feature_id, naming, as_of=as_of, known_by=known_by)
    row = atlas.feature(feature_id)
    spec = CORRIDORS.get(row["corridor"])
    status = status_label(card["status"])
    what = " \u00b7 ".join([
        spec.layer_label if spec else str(row["corridor"]), kind_label(row["kind"]),
        status if isinstance(card["status"], str) else f"status {status}",
    ])
    return template_literal_safe(popup_card_html(card, what))


def tooltip_html(name: str, kind: str) -> str:
    return f"<b>{h(name)}</b> <span class=\"ca-kind\">{h(kind.replace('_', ' '))}</span>"
