"""The user's own layer: a GeoJSON file uploaded for this session, drawn as "Your layer: NAME".

The file goes through ``corridors.data.upload.load_user_layer`` (the atlas's
loader and rules, in memory); a refused file shows its problems, escaped, and
the app goes on with the previous layer, if any. Nothing is written to disk:
the layer lives in the session (``Session.user_layer``) and leaves only in the
exports of the view the user downloads.
"""

from __future__ import annotations

import math

import streamlit as st

from corridors.app import actions
from corridors.app.markdown import md
from corridors.app.session import Key, Session
from corridors.data.limits import MIB, current

SHOWN_PROBLEMS = 12  # the rest are counted, not listed: a sidebar is not a report


def show(session: Session) -> None:
    limits = current()
    with st.sidebar:
        st.header("Your layer")
        st.file_uploader(
            "Add a GeoJSON layer for this session", type=["geojson", "json"], key=Key.USER_LAYER_UPLOAD,
            max_upload_size=max(1, math.ceil(limits.upload_bytes / MIB)),
            on_change=actions.read_user_layer, args=(session, Key.USER_LAYER_UPLOAD),
            help="Checked by the atlas's own rules and kept in this browser session only; "
                 "nothing is saved on the server.",
        )
        problems = session.user_layer_problems
        if problems:
            shown = "\n".join(f"- {md(p)}" for p in problems[:SHOWN_PROBLEMS])
            more = len(problems) - SHOWN_PROBLEMS
            st.error("The file was not added:\n" + shown + (f"\n- … and {more} more" if more > 0 else ""))
        layer = session.user_layer
        if layer is None:
            return
        name, features = layer
        uncited = sum(bool((f.get("properties") or {}).get("uncited", True)) for f in features)
        st.caption(f"Your layer: {md(name)} — {len(features)} feature{'s' if len(features) != 1 else ''}"
                   + (f", {uncited} uncited" if uncited else "") + ". Drawn dotted in near-black; in the HTML "
                   "and GeoJSON downloads too.")
        st.button("Remove your layer", key=Key.USER_LAYER_CLEAR, on_click=actions.forget_user_layer,
                  args=(session,), type="tertiary", icon=":material/layers_clear:")
