"""A new article for this session: upload or paste it, read its passages with the suggested links, accept
or reject each, and download the result as the ``SUGGESTIONS.json`` that ``python -m corridors add-source``
takes. Nothing is written to disk: the article lives in the session, the result goes to the browser."""

from __future__ import annotations

import json

import streamlit as st

from corridors.app import actions, cache
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.curate.article import ArticleError
from corridors.data.atlas import Atlas
from corridors.web.escape import h

SHOWN = 5  # suggestions with an accept/reject control per passage (all go into the download)
DECISIONS = ("accept", "reject")
KIND_LABELS = {"caption": "Photo caption", "heading": "Heading", "title": "Title"}


def show(atlas: Atlas, fingerprint: str, session: Session) -> None:
    st.caption("Bring your own article: its passages are read against the atlas, with the features each one "
               "supports and the places the atlas lacks. Accept or reject, then download the result for "
               "`python -m corridors add-source`. Nothing is saved on the server.")
    st.file_uploader("Upload an article (.txt, .md, .html)", type=["txt", "md", "markdown", "html", "htm"],
                     key=Key.ARTICLE_UPLOAD, on_change=actions.read_uploaded_article,
                     args=(session, Key.ARTICLE_UPLOAD))
    st.text_area("…or paste its text", key=Key.ARTICLE_PASTE, height=100)
    left, right = st.columns(2)
    left.button("Read the pasted text", key=Key.ARTICLE_READ, on_click=actions.read_pasted_article,
                args=(session, Key.ARTICLE_PASTE))
    if session.new_article is None:
        return
    right.button("Forget the article", key=Key.ARTICLE_CLEAR, on_click=actions.forget_article, args=(session,))
    name, data = session.new_article
    try:
        article, report = cache.suggestions(atlas, fingerprint, name, data)
    except ArticleError as exc:
        st.error(md(exc))
        return
    likely = [(i.passage.id, s.feature) for i in report.passages for s in i.suggestions if s.likely]
    total = sum(len(i.suggestions) for i in report.passages)
    st.markdown(f"**{md(article.metadata['title'].value if 'title' in article.metadata else name)}** — "
                f"{len(report.passages)} passages, {total} suggestions ({len(likely)} likely)")
    st.button(f"Accept the {len(likely)} likely links", key=Key.ACCEPT_LIKELY, disabled=not likely,
              on_click=actions.accept_likely, args=(session, likely, Key.link_decision))
    for item in report.passages:
        if item.suggestions or item.new_places:
            _passage(item, session)
    document = suggestions_document(article, report, session)
    accepted = sum(link["accepted"] is True for link in document["links"])
    places = sum(place["accepted"] is True for place in document["places"])
    st.download_button(f"Download SUGGESTIONS.json ({accepted} links, {places} places accepted)",
                       json.dumps(document, ensure_ascii=False, indent=2), file_name="SUGGESTIONS.json",
                       mime="application/json", key=Key.DOWNLOAD_SUGGESTIONS)


def _passage(item, session: Session) -> None:
    p = item.passage
    accepted = [s for s in item.suggestions if session.value(Key.link_decision(p.id, s.feature)) == "accept"]
    kind = KIND_LABELS.get(p.kind)
    st.html(f'<div class="ca-passage {h(p.kind)}" data-testid="new-passage" data-passage="{h(p.id)}">'
            + (f'<div class="ca-kind">{h(kind)}</div>' if kind else "")
            + f"<p>{marked(p.text, [(s.start, s.end) for s in accepted])}</p></div>")
    for s in item.suggestions[:SHOWN]:
        label = f"{md(s.name)} · {s.score:.1f}" + (" · likely" if s.likely else "")
        st.segmented_control(label, DECISIONS, key=Key.link_decision(p.id, s.feature),
                             help=f"“{md(s.quote)}” — " + "; ".join(md(r) for r in s.reasons))
    for n, place in enumerate(item.new_places):
        options = ["", *(c.gazetteer_id for c in place.candidates)]
        labels = {c.gazetteer_id: f"{c.english} ({c.country or c.kind}, {c.lat:.3f}, {c.lon:.3f}, ±{c.error_km:g} km)"
                  for c in place.candidates}
        what = "ambiguous: choose one or none" if place.ambiguous else "a place the atlas lacks"
        st.selectbox(f"“{md(place.surface)}” — {what}", options, key=Key.place_decision(p.id, n),
                     format_func=lambda v, labels=labels: labels.get(v, "do not add"))


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The passage with the accepted quotes in <mark>, every piece escaped."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(h(text[pos:start]) + f"<mark>{h(text[start:end])}</mark>")
        pos = end
    return "".join(out) + h(text[pos:])


def suggestions_document(article, report, session: Session) -> dict:
    """``SUGGESTIONS.json`` with the session's decisions (undecided stays null)."""
    document = report.as_dict()
    document["article"] = {"name": article.name, "format": article.format, "sha256": article.sha256}
    document["metadata"] = {k: {"value": f.value, "established_by": f.established_by}
                            for k, f in article.metadata.items()}
    for link in document["links"]:
        decision = session.value(Key.link_decision(link["passage"], link["feature"]))
        link["accepted"] = {"accept": True, "reject": False}.get(decision)
    counters: dict[str, int] = {}
    for place in document["places"]:
        n = counters.get(place["passage"], 0)
        counters[place["passage"]] = n + 1
        chosen = session.value(Key.place_decision(place["passage"], n))
        if chosen:
            place["accepted"], place["candidate"] = True, chosen
    return document
