"""The app's expensive steps, cached across reruns and sessions.

Each is keyed on the data fingerprint (``state.data_fingerprint``: paths, sizes,
mtimes under ``geodata/`` and ``seeds/``): a widget change re-reads nothing, an
edited data file is picked up on the next rerun. An argument named with a
leading underscore (the atlas) is not hashed; the fingerprint stands for it.
"""

from __future__ import annotations

import streamlit as st

from corridors.app import bridge, map_payload, payload_cache
from corridors.data import atlas as atlas_data
from corridors.data.atlas import Atlas
from corridors.data.errors import DataError
from corridors.data.reference import load_countries, reference_root
from corridors.model.measures import summarize_corridor


@st.cache_resource(max_entries=4, show_spinner="Loading and validating the atlas…")
def atlas(data_dir: str, fingerprint: str) -> Atlas | DataError:
    try:
        return atlas_data.load_atlas(data_dir)
    except DataError as exc:  # cached too: broken data is not re-validated on every rerun
        return exc


@st.cache_resource(max_entries=8, show_spinner="Drawing the map…")
def base(_atlas: Atlas, fingerprint: str, basemap: str) -> bridge.MapPayload:
    """The map with every layer, once per data version and basemap for all sessions; kept on disk
    (``corridors.app.payload_cache``) so a new server process skips building it too."""
    def build() -> bridge.MapPayload:
        m = map_payload.base_map(_atlas, basemap, cards_url=bridge.static_url_base())
        return bridge.static_payload(bridge.base_payload(m), extra_files=map_payload.card_files(m))

    return payload_cache.cached_payload(_atlas.data_dir, fingerprint, basemap, build)


@st.cache_resource(max_entries=64)
def focus(_atlas: Atlas, fingerprint: str, ids: tuple[str, ...]) -> str:
    """The highlight of these features as frontend JavaScript ("" when none of them exists)."""
    group = map_payload.focus_group(_atlas, ids)
    return bridge.group_script(group, map_payload.FOCUS_INDEX) if group is not None else ""


@st.cache_data(max_entries=16, show_spinner="Measuring the corridors…")
def summary(_atlas: Atlas, fingerprint: str, corridor: str) -> dict:
    return summarize_corridor(_atlas.features, corridor, load_countries(reference_root(_atlas.data_dir))).as_dict()


@st.cache_data(max_entries=4)
def country_names(_atlas: Atlas, fingerprint: str) -> dict[str, str]:
    countries = load_countries(reference_root(_atlas.data_dir))
    return dict(zip(countries["iso_a3"], countries["name"], strict=True))


@st.cache_resource(max_entries=2, show_spinner="Reading the atlas's features for suggestions…")
def suggester(_atlas: Atlas, fingerprint: str):
    from corridors.curate.suggest import Suggester

    return Suggester(_atlas)


@st.cache_resource(max_entries=8, show_spinner="Suggesting links for the article…")
def suggestions(_atlas: Atlas, fingerprint: str, name: str, data: bytes):
    """The article's passages with their suggested links and new places (``corridors.curate``)."""
    from corridors.curate.article import article_from_bytes

    article = article_from_bytes(data, name)
    return article, suggester(_atlas, fingerprint).suggest(article.source())


@st.cache_data(max_entries=8)
def feature_table(_atlas: Atlas, fingerprint: str, naming: str):
    """The feature table (``model.tables.feature_table``) once per data version and naming: built row
    by row, it was most of a rerun at a hundred times the atlas."""
    from corridors.model.tables import feature_table as build

    return build(_atlas, naming=naming)
