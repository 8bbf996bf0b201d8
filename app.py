"""Corridor Atlas explorer: ``streamlit run app.py`` (issue 4).

A thin shell over the ``corridors`` library: every fact, name, length, quote
and map layer comes from it; this file only lays them out, keeps the session's
state (``corridors.app.state``) and caches the expensive steps, keyed on a
fingerprint of the data files so edits to ``geodata/`` or ``seeds/`` are picked
up. The map is one iframe that is never reloaded for a layer, filter, date or
naming change (``corridors.app.bridge`` explains how). Works offline: no CDN, no
tiles unless an online basemap is chosen. Data comes from ``$CORRIDORS_DATA``
or the bundled ``geodata/`` and ``seeds/``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from corridors.app import bridge as app_map
from corridors.app import state as app_state
from corridors.app.state import LAYER_KEYS, NONE_TOKEN, TABS, AppState
from corridors.data.atlas import Atlas, DataError, load_atlas
from corridors.data.paths import default_data_dir
from corridors.data.reference import load_countries, reference_root
from corridors.export import embed_snippet, export, map_html
from corridors.model.cards import feature_card
from corridors.model.credits import source_info
from corridors.model.measures import UNKNOWN as NOT_GIVEN
from corridors.model.measures import summarize_corridor
from corridors.model.names import NAMINGS, display_name
from corridors.model.selection import Selection, select
from corridors.model.tables import feature_table
from corridors.model.timeline import date_bounds, dated_events
from corridors.style.features import CORRIDOR_LABELS
from corridors.vocabulary import BASEMAPS, OFFLINE, ROUTE_CORRIDORS, status_label
from corridors.web.escape import h

MAP_HEIGHT = 620
LAYER_COLOURS = {"INSTC": "blue", "BAM": "orange", "Zangezur": "green", "Karabakh": "violet", "context": "gray"}
TAB_LABELS = list(TABS.values())
TAB_KEYS = {label: key for key, label in TABS.items()}

CSS = """
<style>
[data-testid="stMainBlockContainer"]{padding-top:1.2rem;padding-left:2rem;padding-right:2rem}
h1{padding-top:0}
.ca-card h3{margin:0 0 .3rem}
.ca-facts{border-collapse:collapse;font-size:.9rem;margin:.2rem 0 .6rem}
.ca-facts th{text-align:left;vertical-align:top;padding:2px 10px 2px 0;color:#555;white-space:nowrap;font-weight:600}
.ca-facts td{padding:2px 0}
.ca-quote{border-left:4px solid #0072B2;margin:.4rem 0 .1rem;padding:.2rem .7rem;font-style:italic;background:#f6f8fa}
.ca-quote-src{font-size:.8rem;color:#555;margin-bottom:.2rem}
.ca-passage{padding:.35rem .6rem;margin:.15rem 0;border-left:4px solid transparent;border-radius:3px}
.ca-passage.cited{background:#fffbe6;border-left-color:#E69F00}
.ca-passage.chosen{background:#fff3b0;border-left-color:#D55E00;box-shadow:0 0 0 2px #D55E00 inset}
.ca-passage mark{background:#F0E442;padding:0 1px}
.ca-passage .ca-kind{font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;color:#777}
.ca-passage.caption p{font-style:italic;color:#333}
.ca-passage h2{font-size:1.35rem;margin:.2rem 0}
.ca-passage h4{font-size:1.05rem;margin:.4rem 0 .1rem}
.ca-chip{display:inline-block;font-size:.75rem;background:#eef3f8;border:1px solid #c9d6e3;border-radius:10px;
  padding:0 7px;margin:2px 3px 0 0}
.ca-legend{display:flex;flex-wrap:wrap;gap:.2rem 1.6rem;font-size:.8rem;line-height:1.35}
.ca-legend h5{margin:.1rem 0 .15rem;font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;color:#555}
.ca-legend .ca-row{display:flex;align-items:center;gap:6px}
.ca-legend .ca-sw{display:inline-block;width:28px;height:10px;border-radius:2px}
[class*="st-key-event-"] button{justify-content:flex-start;text-align:left;padding:.1rem 0}
[class*="st-key-event-"] button p{text-align:left}
</style>
"""


# --------------------------------------------------------------------------- caches
# Keyed on the data fingerprint (paths, sizes, mtimes under geodata/ and seeds/):
# a widget change re-reads nothing; an edited data file is picked up on the next rerun.


@st.cache_resource(max_entries=4, show_spinner="Loading and validating the atlas…")
def cached_atlas(data_dir: str, fingerprint: str) -> Atlas | DataError:
    try:
        return load_atlas(data_dir)
    except DataError as exc:  # cached too: broken data is not re-validated on every rerun
        return exc


@st.cache_resource(max_entries=8, show_spinner="Drawing the basemap…")
def cached_base(_atlas: Atlas, fingerprint: str, basemap: str) -> app_map.MapPayload:
    return app_map.base_payload(app_map.base_map(_atlas, basemap))


@st.cache_resource(max_entries=48, show_spinner="Drawing the layers…")
def cached_layers(
    _atlas: Atlas, fingerprint: str, naming: str, statuses: tuple, modes: tuple, as_of: str | None
) -> dict[str, str]:
    """Each corridor's layer as frontend JavaScript; toggling a layer only picks among these."""
    groups = app_map.layer_groups(_atlas, Selection(statuses=statuses, modes=modes, as_of=as_of), naming)
    return {c: app_map.group_script(g, app_map.LAYER_ORDER.index(c)) for c, g in groups.items()}


@st.cache_resource(max_entries=64)
def cached_focus(_atlas: Atlas, fingerprint: str, ids: tuple[str, ...]) -> str:
    group = app_map.focus_group(_atlas, ids)
    return app_map.group_script(group, app_map.FOCUS_INDEX) if group is not None else ""


@st.cache_data(max_entries=16, show_spinner="Measuring the corridors…")
def cached_summary(_atlas: Atlas, fingerprint: str, corridor: str) -> dict:
    return summarize_corridor(_atlas.features, corridor, load_countries(reference_root(_atlas.data_dir))).as_dict()


@st.cache_data(max_entries=4)
def cached_country_names(_atlas: Atlas, fingerprint: str) -> dict[str, str]:
    countries = load_countries(reference_root(_atlas.data_dir))
    return dict(zip(countries["iso_a3"], countries["name"], strict=True))


# --------------------------------------------------------------------------- session state


def passage_keys(atlas: Atlas) -> list[tuple[str, str]]:
    return [(sid, p.id) for sid, source in atlas.sources.items() for p in source.passages]


def init_session(atlas: Atlas) -> None:
    """First run of a session: the URL's state becomes the widgets' state."""
    state = app_state.state_from_query(
        st.query_params.to_dict(), feature_ids=list(atlas.features.index), passages=passage_keys(atlas)
    )
    ss = st.session_state
    for key in LAYER_KEYS:
        ss[f"layer_{key}"] = key in state.layers
    ss["statuses"] = [NONE_TOKEN if s is None else s for s in state.statuses]
    ss["modes"] = [NONE_TOKEN if m is None else m for m in state.modes]
    ss["basemap"] = state.basemap
    ss["naming"] = state.naming
    ss["use_as_of"] = state.as_of is not None
    if state.as_of is not None:
        ss["as_of"] = app_state.nearest_month(state.as_of, as_of_options(atlas))
    ss["feature"] = state.feature
    ss["passage"] = state.passage
    ss["tab"] = TABS[state.tab]
    ss["view"] = state.view
    ss["view_request"] = state.view  # a shared view is where the map opens
    ss["click_count"] = None
    ss["fit_counter"] = 0
    ss["notes"] = state.notes
    if state.passage is not None:
        ss["focus"] = tuple(atlas.features_for_passage(*state.passage))
    else:
        ss["focus"] = (state.feature,) if state.feature else ()
    ss["fit"] = None
    if state.view is None:  # no shared view: fit the chosen features, or everything
        fit_to(atlas, ss["focus"] or None, "start")
    ss["initialized"] = True


def current_state(atlas: Atlas) -> AppState:
    ss = st.session_state
    as_of = ss.get("as_of") if ss.get("use_as_of") else None
    return AppState(
        layers=tuple(k for k in LAYER_KEYS if ss.get(f"layer_{k}", True)),
        statuses=tuple(None if s == NONE_TOKEN else s for s in ss.get("statuses", [])),
        modes=tuple(None if m == NONE_TOKEN else m for m in ss.get("modes", [])),
        basemap=ss.get("basemap", OFFLINE),
        naming=ss.get("naming", "article"),
        as_of=as_of,
        feature=ss.get("feature"),
        passage=ss.get("passage"),
        view=ss.get("view"),
        tab=TAB_KEYS.get(ss.get("tab"), app_state.DEFAULT_TAB),
    )


def sync_url(atlas: Atlas, state: AppState) -> None:
    """Keep the address bar a shareable link to what is on screen."""
    query = app_state.state_to_query(state, passage_keys(atlas))
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def fit_to(atlas: Atlas, ids, reason: str) -> None:
    """Ask the map to fit these features (all when ``ids`` is None), once."""
    bounds = app_map.feature_bounds(atlas.features, ids)
    if bounds is None:
        return
    st.session_state["fit_counter"] = st.session_state.get("fit_counter", 0) + 1
    st.session_state["fit"] = (f"{reason}-{st.session_state['fit_counter']}", bounds)


def choose_feature(atlas: Atlas, fid: str, *, zoom: bool = True) -> None:
    """A feature chosen in a list, search, card or timeline: its card, highlighted, in view."""
    ss = st.session_state
    ss["feature"], ss["passage"], ss["tab"] = fid, None, TABS["card"]
    ss["focus"] = (fid,)
    if zoom:
        fit_to(atlas, [fid], "feature")


def choose_passage(atlas: Atlas, key: tuple[str, str], *, open_reader: bool = True) -> None:
    """A passage chosen in the reader (or "show in article"): highlight and zoom to its features."""
    ss = st.session_state
    ss["passage"] = key
    ids = atlas.features_for_passage(*key)
    ss["focus"] = tuple(ids)
    if ids:
        fit_to(atlas, ids, "passage")
    if open_reader:
        ss["tab"] = TABS["article"]
    ss["scroll_to"] = (key[1], ss.get("fit_counter", 0))


def clear_focus() -> None:
    st.session_state["focus"] = ()
    st.session_state["passage"] = None


def as_of_options(atlas: Atlas) -> list[str]:
    first, last = date_bounds(atlas.features)
    return app_state.month_options(first, last)


# --------------------------------------------------------------------------- panels


def show_data_error(error: DataError, data_dir: Path) -> None:
    st.error(
        f"The atlas data in {_md(data_dir)} did not validate ({error.report.summary()}). "
        "Fix these problems (or run `python -m corridors validate`) and reload:"
    )
    problems = pd.DataFrame(
        [
            {"severity": p.severity, "file": p.file, "feature": p.feature or "", "rule": p.rule, "message": p.message}
            for p in sorted(error.report.problems, key=lambda p: p.severity != "error")  # errors first
        ]
    )
    st.dataframe(problems, hide_index=True, width="stretch")


def sidebar(atlas: Atlas) -> None:
    features = atlas.features
    with st.sidebar:
        st.header("Layers")
        for key in LAYER_KEYS:
            count = int((features["corridor"] == key).sum())
            st.checkbox(
                f":{LAYER_COLOURS[key]}[■] {CORRIDOR_LABELS[key]} ({count})",
                key=f"layer_{key}",
                disabled=count == 0,
            )
        st.header("Filters")
        statuses = [s for s in app_state.STATUSES if (features["status"] == s).any()]
        if features["status"].isna().any():
            statuses.append(NONE_TOKEN)
        st.multiselect("Status", statuses, key="statuses", format_func=_status_option,
                       placeholder="all statuses", help="Show only features with these statuses.")
        modes = [m for m in app_state.MODES if (features["mode"] == m).any()]
        st.multiselect("Mode", modes, key="modes", placeholder="all modes",
                       help="Show only lines of these modes (places and areas have no mode and stay).")
        st.header("Date")
        st.toggle("Show the atlas as of a date", key="use_as_of",
                  help="Features the sources date (peacekeepers 2020–2024, Karabakh before and after "
                       "September 2023, …) appear only when they held.")
        options = as_of_options(atlas)
        if "as_of" not in st.session_state:
            st.session_state["as_of"] = app_state.nearest_month(date_bounds(features)[1], options)
        st.select_slider("As of", options, key="as_of", disabled=not st.session_state.get("use_as_of"))
        st.header("Names and basemap")
        st.selectbox("Names of contested places", list(NAMINGS), key="naming", format_func=NAMINGS.get)
        st.selectbox("Basemap", list(BASEMAPS), key="basemap", format_func=BASEMAPS.get)
        if st.session_state.get("basemap") != OFFLINE:
            st.caption("Online basemaps load tiles from the internet; the offline one needs nothing.")
        if atlas.report.warnings:
            with st.expander(f"Data warnings ({len(atlas.report.warnings)})"):
                for p in atlas.report.warnings:
                    st.caption(f"{_md(p.file)} {_md(p.feature or '')} — {_md(p.rule)}: {_md(p.message)}")


def _status_option(value: str) -> str:
    return status_label(None if value == NONE_TOKEN else value)


def map_panel(atlas: Atlas, fingerprint: str, state: AppState) -> None:
    ss = st.session_state
    try:
        base = cached_base(atlas, fingerprint, state.basemap)
        layers = cached_layers(atlas, fingerprint, state.naming, state.statuses, state.modes, state.as_of)
        focus = cached_focus(atlas, fingerprint, tuple(ss.get("focus", ())))
    except (OSError, ValueError, RuntimeError) as exc:  # e.g. missing reference boundaries
        st.error(f"The map cannot be drawn: {_md(exc)}")
        return
    if ss.get("base_key") not in (None, base.key) and ss.get("view") is not None:
        ss["view_request"] = ss["view"]  # a new basemap opens where the old one was
    ss["base_key"] = base.key

    scripts = [focus] + [layers[c] for c in app_map.LAYER_ORDER if c in state.layers and c in layers]
    if ss.get("fit"):
        scripts.append(app_map.fit_script(*ss["fit"]))
    request = ss.get("view_request")
    value = app_map.show_map(
        base,
        scripts,
        height=MAP_HEIGHT,
        center=(request.lat, request.lon) if request else None,
        zoom=request.zoom if request else None,
    )
    fid, ss["click_count"] = app_state.clicked_feature(value, ss.get("click_count"))
    if fid and fid in atlas.features.index:
        # A click shows the card but leaves the map alone: changing the layers
        # now would close the popup the click just opened.
        ss["feature"], ss["passage"], ss["tab"] = fid, None, TABS["card"]
    view = app_state.view_from_map(value)
    if view is not None:
        ss["view"] = view

    shown = select(atlas.features, state.export_selection())
    if ss.get("focus"):
        st.button("Clear the highlight", on_click=clear_focus, key="clear_focus", icon=":material/ink_eraser:",
                  type="tertiary")
    st.html(app_map.legend_html(shown))
    st.caption(
        f"{len(shown)} of {len(atlas.features)} features drawn. Click a line or symbol for its card; "
        "a translucent band around a line is its estimated error."
    )


def card_panel(atlas: Atlas, state: AppState) -> None:
    names = {fid: display_name(row, state.naming) for fid, row in atlas.features.iterrows()}
    query = st.text_input("Find a place by any of its names", key="search",
                          placeholder="e.g. Nakhchivan, Naxçıvan, BAM, Astara")
    if query:
        hits = atlas.find(query)
        if not hits:
            st.caption(f"No feature is called anything like “{_md(query)}”.")
        for fid in hits[:12]:
            st.button(f"{_md(names[fid])} · {_md(atlas.feature(fid)['corridor'])}", key=f"hit-{fid}",
                      on_click=choose_feature, args=(atlas, fid))
    ids = list(atlas.features.index)
    st.session_state["pick"] = state.feature if state.feature in names else None
    st.selectbox(
        "Or choose a feature", ids, key="pick", placeholder="choose a feature…",
        format_func=lambda fid: f"{names[fid]} ({atlas.feature(fid)['corridor']})",
        on_change=lambda: choose_feature(atlas, st.session_state["pick"]) if st.session_state["pick"] else None,
    )
    if not state.feature or state.feature not in names:
        st.info("Click a line or symbol on the map, search, or choose a feature to see why it is on the map.")
        return
    card = feature_card(atlas, state.feature, state.naming)
    facts = "".join(f'<tr><th scope="row">{h(label)}</th><td>{h(value)}</td></tr>' for label, value in card["facts"])
    st.html(
        f'<div class="ca-card" data-testid="route-card" data-feature-id="{h(card["id"])}">'
        f'<h3>{h(card["name"])}</h3><table class="ca-facts">{facts}</table>'
        f'<p>{h(card["description"])}</p>'
        f'<strong>Why it is on the map — {len(card["citations"])} citation'
        f'{"" if len(card["citations"]) == 1 else "s"}</strong></div>'
    )
    for i, cite in enumerate(card["citations"]):
        st.html(
            f'<blockquote class="ca-quote" data-testid="card-quote">“{h(cite["quote"])}”</blockquote>'
            f'<div class="ca-quote-src">{h(cite["source_title"])} — {h(cite["passage_kind"])} '
            f'<code>{h(cite["passage"])}</code></div>'
        )
        st.button("Show in article", key=f"cite-{i}", icon=":material/article:",
                  on_click=choose_passage, args=(atlas, (cite["source"], cite["passage"])))


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """Passage text with the cited spans in <mark>, every piece escaped."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(h(text[pos:start]) + f"<mark>{h(text[start:end])}</mark>")
        pos = end
    return "".join(out) + h(text[pos:])


def _open_card_from_passage(atlas: Atlas, widget_key: str) -> None:
    fid = st.session_state.get(widget_key)
    if fid:
        choose_feature(atlas, fid, zoom=False)


def reader_panel(atlas: Atlas, state: AppState) -> None:
    ss = st.session_state
    cited = atlas.cited_passages()
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for fid in atlas.features.index:
        for c in atlas.citations_for(fid):
            if c.span is not None:
                spans.setdefault((c.source.id, c.passage.id), []).append((c.span.start, c.span.end))
    names = {fid: display_name(row, state.naming) for fid, row in atlas.features.iterrows()}
    st.caption(f"{len(cited)} passages are cited by the map (highlighted); choose one to see its features.")
    with st.container(height=MAP_HEIGHT - 40, key="reader"):
        for sid, source in atlas.sources.items():
            for p in source.passages:
                key = (sid, p.id)
                fids = cited.get(key, [])
                classes = ["ca-passage", p.kind] + (["cited"] if fids else []) + (
                    ["chosen"] if state.passage == key else [])
                text = _marked(p.text, spans.get(key, []))
                kind = {"caption": "Photo caption", "heading": "Heading", "title": "Title"}.get(p.kind)
                body = (f"<h2>{text}</h2>" if p.kind == "title" else f"<h4>{text}</h4>" if p.kind == "heading"
                        else f"<p>{text}</p>")
                chosen = state.passage == key
                chips = "" if chosen else "".join(f'<span class="ca-chip">{h(names[f])}</span>' for f in fids)
                st.html(
                    f'<div id="passage-{h(p.id)}" class="{" ".join(classes)}" data-passage="{h(p.id)}" '
                    f'data-testid="passage">'
                    + (f'<div class="ca-kind">{kind}</div>' if kind else "")
                    + body + (f"<div>{chips}</div>" if chips else "") + "</div>"
                )
                if chosen and fids:
                    st.pills(f"Its {len(fids)} feature{'s' if len(fids) != 1 else ''} (open a card)", fids,
                             key=f"psg-cards-{p.id}", format_func=names.get,
                             on_change=_open_card_from_passage, args=(atlas, f"psg-cards-{p.id}"))
                elif fids:
                    st.button(f"Show on map ({len(fids)})", key=f"psg-{p.id}", icon=":material/my_location:",
                              on_click=choose_passage, args=(atlas, key), kwargs={"open_reader": False})
    target = ss.pop("scroll_to", None)
    if target:
        # Scroll the reader (only the reader, not the page) to the chosen passage, once (the request number
        # changes the element, so it runs again for the next request). The reader tab may still be
        # hidden while Streamlit switches to it: wait until the passage is laid out (up to ~5 s).
        # No "<" in the script: Streamlit's DOMPurify drops a <script> whose text contains "<3".
        st.html(
            "<script>(function(){var id=" + json.dumps("passage-" + target[0]).replace("<", "\\u003c") + ";"
            "var n=0;(function go(){var el=document.getElementById(id),c=el&&el.closest('.st-key-reader');"
            "if(el&&c&&el.getClientRects().length){"
            "c.scrollTop+=el.getBoundingClientRect().top-c.getBoundingClientRect().top-8;}"
            "else if(300>n++){requestAnimationFrame(go);}})();})();"
            f"</script><span data-scroll-request='{int(target[1])}'></span>",
            unsafe_allow_javascript=True,
        )


def timeline_panel(atlas: Atlas, state: AppState) -> None:
    events = dated_events(atlas.features)
    names = {fid: display_name(row, state.naming) for fid, row in atlas.features.iterrows()}
    if state.as_of:
        st.markdown(f"The map shows the atlas **as of {state.as_of}**; later events are greyed.")
    else:
        st.markdown("Turn on **Show the atlas as of a date** in the sidebar to see the map at a date, "
                    "or pick an event below.")
    periods = atlas.features[atlas.features["period_start"].notna() | atlas.features["period_end"].notna()]
    if not periods.empty:
        st.markdown("**Shown only for a period**")
        for fid, row in periods.iterrows():
            start = row["period_start"] if isinstance(row["period_start"], str) else "…"
            end = row["period_end"] if isinstance(row["period_end"], str) else "…"
            st.markdown(f"- {_md(names[fid])}: {_md(start)} – {_md(end)}")
    st.markdown(f"**Dated events in the article** ({len(events)}) — choose one to see the map at its date")
    for i, event in enumerate(events):
        later = bool(state.as_of) and event["date"][: len(state.as_of)] > state.as_of[: len(event["date"])]
        basis = "" if event["basis"] == "stated" else " (inferred)"
        label = f"**{_md(event['date'])}** {_md(event['label'])}{basis} — *{_md(names[event['feature_id']])}*"
        st.button(f":gray[{label}]" if later else label, key=f"event-{i}", type="tertiary", width="stretch",
                  on_click=show_event, args=(atlas, event))


def _md(text: str) -> str:
    """Data text for a Markdown label (buttons): no formatting, links or directives from data."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|:~$" else c for c in str(text))


def show_event(atlas: Atlas, event: dict) -> None:
    st.session_state["use_as_of"] = True
    st.session_state["as_of"] = app_state.nearest_month(event["date"], as_of_options(atlas))
    choose_feature(atlas, event["feature_id"])
    st.session_state["tab"] = TABS["timeline"]


def corridors_panel(atlas: Atlas, fingerprint: str, state: AppState) -> None:
    try:
        country_names = cached_country_names(atlas, fingerprint)
    except (OSError, ValueError) as exc:
        st.warning(f"Lengths by country need the reference boundaries: {_md(exc)}")
        country_names = None
    corridor = st.radio("Corridor", ROUTE_CORRIDORS, horizontal=True, key="summary_corridor",
                        format_func=CORRIDOR_LABELS.get)
    if country_names is None:
        return
    summary = cached_summary(atlas, fingerprint, corridor)
    cols = st.columns([2, 1, 1])
    cols[0].metric("Length drawn", f"{summary['total_km']:,.0f} km", help="geodesic, segments not double-counted")
    cols[1].metric("Lines", summary["lines"])
    cols[2].metric("Features", summary["features"])

    def table(values: dict, label: str, fmt=str) -> pd.DataFrame:
        return pd.DataFrame({label: [fmt(k) for k in values], "km": [round(v) for v in values.values()]})

    st.markdown("**By status**")
    st.dataframe(table(summary["by_status_km"], "status", lambda s: status_label(None if s == NOT_GIVEN else s)),
                 hide_index=True, width="stretch")
    st.markdown("**By mode**")
    st.dataframe(table(summary["by_mode_km"], "mode"), hide_index=True, width="stretch")
    st.markdown("**By country**")
    st.dataframe(table(summary["by_country_km"], "country",
                       lambda c: "at sea" if c == "sea" else f"{country_names.get(c, c)} ({c})"),
                 hide_index=True, width="stretch")
    st.markdown(f"**Missing links** ({len(summary['missing_links'])})")
    for link in summary["missing_links"]:
        km = f", {link['length_km']:,.0f} km" if link["length_km"] is not None else ""
        st.button(f"{_md(display_name(atlas.feature(link['id']), state.naming))} — {status_label(link['status'])}{km}",
                  key=f"missing-{link['id']}", on_click=choose_feature, args=(atlas, link["id"]))


def table_panel(atlas: Atlas, state: AppState) -> None:
    only_shown = st.checkbox("Only the features the map shows (layers, filters, date)", value=True, key="table_shown")
    table = feature_table(atlas, naming=state.naming)
    if only_shown:
        table = table[table["id"].isin(select(atlas.features, state.export_selection()).index)]
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={"length_km": st.column_config.NumberColumn("length (km)", format="%.0f"),
                       "citations": st.column_config.NumberColumn("citations")},
    )
    st.download_button("Download CSV", table.to_csv(index=False).encode("utf-8"), "corridor-atlas-features.csv",
                       "text/csv", key="dl-table", on_click="ignore", icon=":material/download:")


def report_panel(atlas: Atlas, state: AppState) -> None:
    shown = [CORRIDOR_LABELS[c].split(" \u2014 ")[0] for c in state.layers]
    default_title = "Corridor Atlas: " + (", ".join(shown) if shown else "no layers") + (
        f" (as of {state.as_of})" if state.as_of else "")
    title = st.text_input("Title of the exported map", value=default_title, key="export_title")
    selection = state.export_selection()
    options = {"basemap": state.basemap, "naming": state.naming, "view": state.view,
               "focus": list(st.session_state.get("focus", ()))}

    def html_bytes() -> bytes:
        return map_html(atlas, selection, title=title, **options).encode("utf-8")

    def file_bytes(fmt: str):
        def make() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / f"corridor-atlas.{fmt}"
                written = export(atlas, fmt, out, selection, title)
                return written[0].read_bytes()

        return make

    cols = st.columns(3)
    cols[0].download_button("Map as HTML", html_bytes, "corridor-atlas.html", "text/html", key="dl-html",
                            on_click="ignore", icon=":material/map:", help="self-contained, works offline")
    cols[1].download_button("Map as PNG", file_bytes("png"), "corridor-atlas.png", "image/png", key="dl-png",
                            on_click="ignore", icon=":material/image:")
    cols[2].download_button("Features as GeoJSON", file_bytes("geojson"), "corridor-atlas.geojson",
                            "application/geo+json", key="dl-geojson", on_click="ignore", icon=":material/data_object:")
    st.markdown("**Embed** the downloaded HTML map in a report page:")
    st.code(embed_snippet("corridor-atlas.html", title), language="html")
    st.markdown("**Share** this view (layers, filters, date, names, selected feature and passage, map view):")
    base_url = getattr(st.context, "url", None) or "http://localhost:8501/"
    st.code(app_state.share_url(base_url, state, passage_keys(atlas)), language=None)


# --------------------------------------------------------------------------- page


def main() -> None:
    st.set_page_config(page_title="Corridor Atlas", layout="wide", initial_sidebar_state="expanded")
    st.html(CSS)
    data_dir = default_data_dir()
    fingerprint = app_state.data_fingerprint(data_dir)
    loaded = cached_atlas(str(data_dir), fingerprint)
    st.title("Corridor Atlas")
    if isinstance(loaded, DataError):
        show_data_error(loaded, data_dir)
        st.stop()
    atlas = loaded
    if not st.session_state.get("initialized"):
        init_session(atlas)
    infos = (source_info(atlas, source_id) for source_id in atlas.sources)
    sources = "; ".join(f"“{_md(i['title'])}” ({_md(i['publisher'] or 'publisher unknown')})" for i in infos)
    st.caption(f"The trade corridors and the Karabakh conflict as described in {sources}. "
               "Every line and point cites the passages that put it on the map.")
    for note in st.session_state.pop("notes", ()):
        st.warning(f"Part of the link was ignored: {_md(note)}")

    sidebar(atlas)
    state = current_state(atlas)
    left, right = st.columns([5, 3], gap="medium")
    with left:
        map_panel(atlas, fingerprint, state)
    state = current_state(atlas)  # a click on the map may have chosen a feature
    with right:
        tabs = st.tabs(TAB_LABELS, key="tab", on_change="rerun")
        panels = (lambda: card_panel(atlas, state), lambda: reader_panel(atlas, state),
                  lambda: timeline_panel(atlas, state), lambda: corridors_panel(atlas, fingerprint, state))
        for tab, panel in zip(tabs, panels, strict=True):
            if tab.open:
                with tab:
                    panel()
    bottom = st.tabs(["Table", "Take it into a report"], key="bottom", on_change="rerun")
    if bottom[0].open:
        with bottom[0]:
            table_panel(atlas, state)
    if bottom[1].open:
        with bottom[1]:
            report_panel(atlas, current_state(atlas))
    sync_url(atlas, current_state(atlas))


main()
