"""The web map's HTML templates (``corridors/web/templates/``), rendered with autoescaping on.

Every value from outside the template is HTML-escaped unless it is already ``Markup``. Where the
result then goes into JavaScript, the caller encodes it for that context: ``|tojson`` for a
JavaScript string (the legend and title controls), ``corridors.web.escape.h`` for folium's
template literals (popups, tooltips).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

# Neutral inks for legend samples that show a pattern, width or shape rather than a colour.
LINE_INK = "#333"
SYMBOL_INK = "#555"


def _num(value: float) -> str:
    """A number as short as it reads: 3.0 -> "3", 0.95 -> "0.95"."""
    return f"{float(value):g}"


_ENV = Environment(
    loader=PackageLoader("corridors.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,  # a misspelt name fails loudly instead of rendering nothing
)
_ENV.filters["num"] = _num
_ENV.globals.update(line_ink=LINE_INK, symbol_ink=SYMBOL_INK)


def render(name: str, **context) -> Markup:
    """The template ``name`` rendered with ``context``."""
    return Markup(_ENV.get_template(name).render(**context))


def macro(template: str, name: str):
    """A macro of a template, callable from Python; it returns ``Markup``."""
    return getattr(_ENV.get_template(template).module, name)
