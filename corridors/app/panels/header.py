"""Under the title: what the atlas is drawn from, and what a shared link could not restore."""

from __future__ import annotations

import streamlit as st

from corridors.app.markdown import md
from corridors.app.session import Session
from corridors.app.state import link_warning
from corridors.data.atlas import Atlas
from corridors.model.credits import source_info


def show(atlas: Atlas, session: Session) -> None:
    infos = (source_info(atlas, source_id) for source_id in atlas.sources)
    sources = "; ".join(f"“{md(i['title'])}” ({md(i['publisher'] or 'publisher unknown')})" for i in infos)
    st.caption(f"The trade corridors and the Karabakh conflict as described in {sources}. "
               "Every line and point cites the passages that put it on the map.")
    warning = link_warning(session.take_notes())  # one short message, however broken the link
    if warning:
        st.warning(md(warning))
