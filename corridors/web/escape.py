"""Escaping for strings from data on their way into the map's HTML and JavaScript.

folium inserts popup and tooltip HTML into JavaScript template literals
(`` `...` ``) and does not escape it (folium issue #1636 and the field notes):
a ``<img onerror>`` in a name runs, and a backtick or ``${`` breaks out of the
literal. Escaping to HTML entities covers both contexts at once: the browser
decodes the entities when it parses the HTML, and the JavaScript parser never
sees a backtick, dollar sign, backslash or ``</script>``.
"""

from __future__ import annotations

import html

# Characters that are special to a JS template literal, as HTML entities.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def h(value: object) -> str:
    """Text for HTML that will sit inside a JS template literal (popups, tooltips, legend)."""
    return template_literal_safe(html.escape(str(value), quote=True))


def template_literal_safe(markup: str) -> str:
    """Already-escaped HTML (e.g. an autoescaped template) made safe inside a JS template literal.

    Only ``` ` $ \\ { } ``` change, to entities the HTML parser turns back into the same characters,
    so the page shows exactly what the template rendered."""
    return str(markup).translate(_TEMPLATE_LITERAL)
