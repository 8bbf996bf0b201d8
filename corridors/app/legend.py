"""The legend under the app's map: the drawn features' symbols as HTML that Streamlit can show.

The rules (which sections, which samples) are ``corridors.web.legend``'s, the
same as the exported map's; this module only makes them survive Streamlit's
HTML sanitizer and escapes every label.
"""

from __future__ import annotations

import base64
import re

import pandas as pd

from corridors.app.map_payload import LAYER_ORDER
from corridors.style.features import CORRIDOR_COLOURS, CORRIDOR_LABELS
from corridors.web.escape import h
from corridors.web.folium_map import LAYER_LABELS, legend_facts
from corridors.web.legend import legend_sections


def legend_entries(features: pd.DataFrame) -> list[dict]:
    """What ``corridors.web.legend.legend_sections`` needs to know about each drawn feature."""
    return [legend_facts(row, LAYER_LABELS[row["corridor"]]) for _, row in features.iterrows()]


def legend_html(features: pd.DataFrame) -> str:
    """The legend of the drawn features as HTML for Streamlit (labels escaped, samples ours)."""
    used = legend_entries(features)
    drawn = {u["layer"] for u in used}
    labels = {LAYER_LABELS[c]: CORRIDOR_LABELS[c] for c in LAYER_ORDER if LAYER_LABELS[c] in drawn}
    colours = {LAYER_LABELS[c]: CORRIDOR_COLOURS[c] for c in LAYER_ORDER}
    sections = []
    for title, rows in legend_sections(used, labels, colours):
        if not rows:
            continue
        body = "".join(
            f'<div class="ca-row">{_as_image(sample)}<span>{h(label)}</span></div>' for sample, label, _ in rows
        )
        sections.append(f'<section><h5>{h(title)}</h5>{body}</section>')
    return f'<div class="ca-legend" data-testid="app-legend">{"".join(sections)}</div>'


def _as_image(sample: str) -> str:
    """A legend sample that survives Streamlit's HTML sanitizer (which drops inline ``<svg>``)."""
    if not sample.startswith("<svg"):
        return sample
    if "xmlns=" not in sample:
        sample = sample.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    width = re.search(r'width="(\d+)"', sample)
    height = re.search(r'height="(\d+)"', sample)
    size = (f' width="{width.group(1)}"' if width else "") + (f' height="{height.group(1)}"' if height else "")
    uri = "data:image/svg+xml;base64," + base64.b64encode(sample.encode("utf-8")).decode("ascii")
    return f'<img src="{uri}"{size} alt="">'
