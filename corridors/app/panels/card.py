"""The route card: find a feature by any name or from a list; its facts, where its sources disagree, and every
citation, grouped by source."""

from __future__ import annotations

import streamlit as st

from corridors.app import actions
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data import gazetteer as gz
from corridors.data.atlas import Atlas
from corridors.model.cards import feature_card
from corridors.model.names import display_name
from corridors.model.search import describe_distance, search
from corridors.vocabulary import CORRIDORS
from corridors.web.card import card_head_html, citation_html, cites_title, disagreements_html, source_head_html
from corridors.web.escape import h

MAX_HITS = 12  # search results listed at most
PLACE_KINDS = {"place": "town or city", "sea": "sea", "lake": "lake", "region": "region"}


def show(atlas: Atlas, session: Session, state: AppState) -> None:
    names = {fid: display_name(row, state.naming) for fid, row in atlas.features.iterrows()}
    query = st.text_input("Find a place by any of its names", key=Key.SEARCH,
                          placeholder="e.g. Nakhchivan, Naxçıvan, Rasht–Astara, Stepanakert")
    if query:
        _results(atlas, session, state, query, names)
    session.pick = state.feature if state.feature in names else None
    # Every option's label at once from the columns: a row lookup per option cost 0.8 s a rerun at 100x.
    labels = {fid: f"{names[fid]} ({CORRIDORS[corridor].layer_label})"
              for fid, corridor in atlas.features["corridor"].items()}
    st.selectbox(
        "Or choose a feature", list(labels), key=Key.PICK, placeholder="choose a feature…",
        format_func=labels.__getitem__,
        on_change=actions.choose_picked, args=(session, atlas),
    )
    if not state.feature or state.feature not in names:
        st.info("Click a line or symbol on the map, search, or choose a feature to see why it is on the map.")
        return
    card = feature_card(atlas, state.feature, state.naming, as_of=state.as_of, known_by=state.known_by)
    # One template for the popup, this card and the KML balloon (corridors.web.card).
    st.html(f'<div class="ca-card" data-testid="route-card" data-feature-id="{h(card["id"])}">'
            f"{card_head_html(card)}{disagreements_html(card)}<strong>{cites_title(card)}</strong></div>")
    for group in card["sources"]:  # quotes by source, oldest source first
        st.html(source_head_html(group))
        for n in group["cites"]:
            cite = card["citations"][n - 1]
            st.html(citation_html(card, cite))
            st.button("Show in article", key=Key.citation(n - 1), icon=":material/article:",
                      on_click=actions.choose_passage, args=(session, atlas, (cite["source"], cite["passage"])))


def _results(atlas: Atlas, session: Session, state: AppState, query: str, names: dict[str, str]) -> None:
    """The atlas's features that go by ``query``, then places of that name that are not in the atlas."""
    result = search(atlas.features, query)
    if not result:
        st.caption(f"Nothing in the atlas or the gazetteer is called “{md(query)}”.")
    for fid in result.features[:MAX_HITS]:
        st.button(f"{md(names[fid])} · {md(CORRIDORS[atlas.feature(fid)['corridor']].layer_label)}",
                  key=Key.search_hit(fid), on_click=actions.choose_feature, args=(session, atlas, fid))
    if result.places:
        st.caption("Not in the atlas, but in the gazetteer (GeoNames): show where it is and what the atlas has "
                   "near it")
    for hit in result.places[:MAX_HITS]:
        name = gz.display_name(hit.place, state.naming)
        near = "; ".join(f"{names[fid]}: {describe_distance(km)}" for fid, km in hit.nearest)
        what = PLACE_KINDS.get(hit.place.kind, hit.place.kind)
        where = f", {hit.place.iso3}" if hit.place.iso3 else ""
        st.button(f"{md(name)} ({md(what)}{md(where)}) · near {md(near)}", key=Key.place_hit(hit.place.id),
                  icon=":material/location_on:", on_click=actions.show_place, args=(session, atlas, hit, name))
