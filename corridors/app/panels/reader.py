"""The article reader: the source passage by passage, cited spans marked; a passage leads to its features."""

from __future__ import annotations

import json

import streamlit as st

from corridors.app import actions
from corridors.app.markdown import md
from corridors.app.panels.map_panel import MAP_HEIGHT
from corridors.app.session import Key, Session
from corridors.app.state import AppState
from corridors.data.atlas import Atlas
from corridors.data.sources import Passage
from corridors.model.names import display_name
from corridors.web.escape import h

KIND_LABELS = {"caption": "Photo caption", "heading": "Heading", "title": "Title"}
READER_HEIGHT = MAP_HEIGHT - 40  # beside the map, about as tall as it


def show(atlas: Atlas, session: Session, state: AppState) -> None:
    cited = atlas.cited_passages()
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for fid in atlas.features.index:
        for c in atlas.citations_for(fid):
            if c.span is not None:
                spans.setdefault((c.source.id, c.passage.id), []).append((c.span.start, c.span.end))
    names = {fid: display_name(row, state.naming) for fid, row in atlas.features.iterrows()}
    st.caption(f"{len(cited)} passages are cited by the map (highlighted); choose one to see its features.")
    with st.container(height=READER_HEIGHT, key=Key.READER):
        for sid, source in atlas.sources.items():
            for p in source.passages:
                key = (sid, p.id)
                fids = cited.get(key, [])
                chosen = state.passage == key
                st.html(passage_html(p, _marked(p.text, spans.get(key, [])), fids, names, chosen=chosen))
                if chosen and fids:
                    widget = Key.passage_cards(p.id)
                    st.pills(f"Its {len(fids)} feature{'s' if len(fids) != 1 else ''} (open a card)", fids,
                             key=widget, format_func=lambda fid: md(names.get(fid, fid)),
                             on_change=actions.open_card_from_passage, args=(session, atlas, widget))
                elif fids:
                    st.button(f"Show on map ({len(fids)})", key=Key.passage(p.id), icon=":material/my_location:",
                              on_click=actions.choose_passage, args=(session, atlas, key),
                              kwargs={"open_reader": False})
    target = session.take_scroll_request()
    if target:
        st.html(scroll_script(*target), unsafe_allow_javascript=True)


def passage_html(p: Passage, text: str, fids: list[str], names: dict[str, str], *, chosen: bool) -> str:
    """One passage (``text`` already marked and escaped), with chips naming its features unless chosen."""
    classes = ["ca-passage", p.kind] + (["cited"] if fids else []) + (["chosen"] if chosen else [])
    kind = KIND_LABELS.get(p.kind)
    body = f"<h2>{text}</h2>" if p.kind == "title" else f"<h4>{text}</h4>" if p.kind == "heading" else f"<p>{text}</p>"
    chips = "" if chosen else "".join(f'<span class="ca-chip">{h(names[f])}</span>' for f in fids)
    return (
        f'<div id="passage-{h(p.id)}" class="{" ".join(classes)}" data-passage="{h(p.id)}" data-testid="passage">'
        + (f'<div class="ca-kind">{kind}</div>' if kind else "")
        + body + (f"<div>{chips}</div>" if chips else "") + "</div>"
    )


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


def scroll_script(passage_id: str, request: int) -> str:
    """Scroll the reader (only the reader, not the page) to a passage, once per request number.

    The request number changes the element, so Streamlit runs it again for the
    next request. The reader tab may still be hidden while Streamlit switches
    to it: wait until the passage is laid out (up to ~5 s). No "<" in the
    script: Streamlit's DOMPurify drops a <script> whose text contains "<3".
    """
    return (
        "<script>(function(){var id=" + json.dumps("passage-" + passage_id).replace("<", "\\u003c") + ";"
        "var n=0;(function go(){var el=document.getElementById(id),c=el&&el.closest('.st-key-" + Key.READER + "');"
        "if(el&&c&&el.getClientRects().length){"
        "c.scrollTop+=el.getBoundingClientRect().top-c.getBoundingClientRect().top-8;}"
        "else if(300>n++){requestAnimationFrame(go);}})();})();"
        f"</script><span data-scroll-request='{int(request)}'></span>"
    )
