"""The legend under the app's map: ``corridors.style.legend_model`` as HTML that Streamlit can show.

The rules (which sections, which samples) are the style model's, the same as the exported
map's and the print's; this module only makes the samples survive Streamlit's HTML sanitizer.
"""

from __future__ import annotations

import base64
import re

import pandas as pd

from corridors.style.legend import legend_model
from corridors.web.escape import h
from corridors.web.legend import swatch_html


def legend_html(features: pd.DataFrame) -> str:
    """The legend of the drawn features as HTML for Streamlit (labels escaped, samples ours)."""
    sections = []
    for section in legend_model(features).sections:
        if not section.entries:
            continue
        body = "".join(
            f'<div class="ca-row">{_as_image(str(swatch_html(entry.swatch)))}<span>{h(entry.label)}</span></div>'
            for entry in section.entries
        )
        sections.append(f"<section><h5>{h(section.title)}</h5>{body}</section>")
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
