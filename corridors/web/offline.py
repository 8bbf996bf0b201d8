"""Render folium maps with no network: vendored Leaflet/jQuery inlined as data: URIs.

folium's ``Map`` lists its browser assets in the class attributes ``default_js``
and ``default_css`` (CDN URLs for Leaflet, jQuery, bootstrap, awesome-markers,
Font Awesome, ...). Without network those never load: an exported HTML file
shows nothing, and streamlit-folium shows an empty, collapsed iframe with no
error. This module replaces them, on one map *instance*, with the files vendored
under ``corridors/assets/vendor`` (see ``corridors/assets/MANIFEST.json`` and
``scripts/refresh_vendor.py``), inlined as base64 ``data:`` URIs:

* ``leaflet`` -- Leaflet 1.9.3 (``dist/leaflet.js``);
* ``jquery`` -- jQuery 3.7.1: folium's ``Popup`` builds its content with
  jQuery's ``$``; without it the map script stops at the first popup and every
  later layer (and the layer control) is silently missing. Inlined only into maps
  that use such an element (``make_offline``): the atlas's own layers do not;
* ``leaflet_css`` -- ``leaflet.css`` with its ``url(images/...)`` references
  rewritten to ``data:`` URIs (a stylesheet loaded from a ``data:`` URI has no
  base to resolve relative URLs against);
* plugin files under the plugin's own resource names, swapped in only on the
  plugin elements that ask for them: ``folium.plugins.GroupedLayerControl``
  (leaflet-groupedlayercontrol 0.6.1). Any other plugin with CDN assets is
  refused by ``make_offline`` until its files are vendored (add them to
  ``scripts/refresh_vendor.py`` and ``_PLUGIN_JS``/``_PLUGIN_CSS`` below).

Other folium code that needs jQuery: ``Map`` with ``objects_to_stay_in_front``
(``$(document).ready``), ``GeoJson(embed=False)`` (``$.ajax`` of a URL, which
``external_asset_urls`` reports), ``plugins.HeatMapWithTime``.

Bootstrap, Leaflet.awesome-markers, Font Awesome and glyphicons are dropped:
popups, tooltips, GeoJSON layers and the layer control work without them (the
browser test in ``tests/test_offline.py`` proves it), but ``folium.Icon`` does
not, so ``make_offline`` refuses a map that uses it; draw markers with
``folium.DivIcon``, ``folium.CircleMarker`` or the default ``folium.Marker``.

Leaflet's default marker icon: Leaflet guesses the icon's image directory from
the URL of ``leaflet.css`` (``L.Icon.Default._detectIconPath``); with an inlined
stylesheet the guess is wrong. ``make_offline`` adds, as the map's *first*
child, an element whose script sets ``L.Icon.Default.imagePath = ""`` and the
default icon's ``iconUrl``/``iconRetinaUrl``/``shadowUrl`` to data URIs. It runs
inside the map's own script, right after ``L.map(...)`` and before any marker,
which matters in Streamlit (see below).

How streamlit-folium (0.27.4) uses these attributes -- read from
``streamlit_folium/__init__.py`` and its built frontend:

* it walks the map's element tree and, for every ``JSCSSMixin`` element (the
  map included), collects ``getattr(elem, "default_js"/"default_css")`` -- so the
  instance attributes set here are what it sends, as ``js_links``/``css_links``;
* the frontend appends each ``js_links`` entry as ``<script src=...>`` to the
  iframe body *sequentially*, awaiting ``onload``; the first ``onerror`` rejects
  and nothing after it runs (hence the blank, 0 px iframe offline). ``data:``
  URIs load fine there. ``css_links`` become ``<link rel=stylesheet>``;
* the figure header is sent with every ``<script src>`` and
  ``<link rel="stylesheet" href>`` stripped and is then appended with
  ``document.head.innerHTML += header``, so inline ``<script>`` blocks in the
  header never execute -- anything that must run has to be in an element's
  ``script`` macro, which streamlit-folium concatenates (map first, then children
  in order) and evaluates;
* it hard-codes two CDN d3 URLs into ``js_links`` when the map contains a
  ``branca.colormap`` legend: don't add colormaps to maps shown in Streamlit.

Public API: ``offline_assets``, ``make_offline``, ``external_asset_urls``,
``render_offline``, ``OfflineAssetError``, ``ASSETS_DIR``, ``MANIFEST_PATH``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

__all__ = [
    "ASSETS_DIR",
    "MANIFEST_PATH",
    "OfflineAssetError",
    "external_asset_urls",
    "make_offline",
    "offline_assets",
    "render_offline",
]

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
MANIFEST_PATH = ASSETS_DIR / "MANIFEST.json"

# (folium's resource name, npm package, file inside the package, MIME type).
# The names are folium's own, so any element that asks for the same resource
# by name shares the single inlined copy in the page header.
_JS = (
    ("leaflet", "leaflet", "dist/leaflet.js", "text/javascript"),
    ("jquery", "jquery", "dist/jquery.min.js", "text/javascript"),
)
_CSS = (("leaflet_css", "leaflet", "dist/leaflet.css", "text/css"),)
# Resources of folium.plugins classes that are vendored too, under the names the
# plugin's own default_js/default_css use. make_offline swaps them in on the
# plugin instances it finds; a plugin asking for anything else is refused.
_PLUGIN_JS = (
    (
        "leaflet.groupedlayercontrol.min.js",  # folium.plugins.GroupedLayerControl
        "leaflet-groupedlayercontrol",
        "dist/leaflet.groupedlayercontrol.min.js",
        "text/javascript",
    ),
)
_PLUGIN_CSS = (
    (
        "leaflet.groupedlayercontrol.min.css",
        "leaflet-groupedlayercontrol",
        "dist/leaflet.groupedlayercontrol.min.css",
        "text/css",
    ),
)
_ICON_IMAGES = (
    ("iconUrl", "dist/images/marker-icon.png"),
    ("iconRetinaUrl", "dist/images/marker-icon-2x.png"),
    ("shadowUrl", "dist/images/marker-shadow.png"),
)
_CSS_RELATIVE_URL = re.compile(r"""url\(\s*(["']?)(images/[A-Za-z0-9._-]+)\1\s*\)""")


class OfflineAssetError(RuntimeError):
    """A vendored asset is missing or altered, or a map needs something from the network."""


# --------------------------------------------------------------------------- assets


@functools.cache
def _manifest_index() -> dict[tuple[str, str], dict]:
    try:
        doc = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OfflineAssetError(f"{MANIFEST_PATH} is missing; run scripts/refresh_vendor.py") from None
    return {(e["package"], e["package_path"]): e for e in doc["files"]}


@functools.cache
def _vendored_bytes(package: str, package_path: str) -> bytes:
    """A vendored file's bytes, checked against its sha256 in the manifest."""
    entry = _manifest_index().get((package, package_path))
    if entry is None:
        raise OfflineAssetError(f"{MANIFEST_PATH.name} lists no {package}/{package_path}")
    path = ASSETS_DIR / entry["path"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OfflineAssetError(f"vendored file {path} is missing; run scripts/refresh_vendor.py") from None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise OfflineAssetError(f"vendored file {path} does not match its sha256 in {MANIFEST_PATH.name}")
    return data


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _css_inlined(package: str, package_path: str) -> bytes:
    css = _vendored_bytes(package, package_path).decode("utf-8")
    base = package_path.rsplit("/", 1)[0]

    def inline(match: re.Match) -> str:
        image = _vendored_bytes(package, f"{base}/{match.group(2)}")
        return f'url("{_data_uri("image/png", image)}")'

    return _CSS_RELATIVE_URL.sub(inline, css).encode("utf-8")


def _uri(package: str, package_path: str, mime: str) -> str:
    if mime == "text/css":
        return _data_uri(mime, _css_inlined(package, package_path))
    return _data_uri(mime, _vendored_bytes(package, package_path))


@functools.cache
def _assets() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    js = tuple((name, _uri(pkg, path, mime)) for name, pkg, path, mime in _JS)
    css = tuple((name, _uri(pkg, path, mime)) for name, pkg, path, mime in _CSS)
    return js, css


@functools.cache
def _plugin_assets() -> dict[str, str]:
    return {name: _uri(pkg, path, mime) for name, pkg, path, mime in _PLUGIN_JS + _PLUGIN_CSS}


def offline_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(js, css)``: lists of ``(folium resource name, data: URI)`` for the vendored files.

    In load order: ``[("leaflet", ...), ("jquery", ...)]`` and ``[("leaflet_css", ...)]``.
    These are what a ``folium.Map`` needs; vendored plugin resources (see
    ``_PLUGIN_JS``) are swapped in by ``make_offline`` only on the plugin
    elements that ask for them. Files are read and checked against the
    manifest's sha256 once per process; each call returns fresh lists, so
    callers may modify them.
    """
    js, css = _assets()
    return list(js), list(css)


@functools.cache
def _icon_options() -> dict[str, str]:
    return {key: _data_uri("image/png", _vendored_bytes("leaflet", path)) for key, path in _ICON_IMAGES}


# --------------------------------------------------------------------------- maps


class OfflineIconDefaults(MacroElement):
    """Point ``L.Icon.Default`` at data: URIs, from inside the map's own script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = "";
            L.Icon.Default.mergeOptions({{ this.icon_options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "OfflineIconDefaults"
        self.icon_options = _icon_options()


def _walk(element: Element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _needs_jquery(m: folium.Map) -> bool:
    """Whether folium code in ``m`` calls jQuery (the list in this module's docstring)."""
    if getattr(m, "objects_to_stay_in_front", None):
        return True
    from folium.plugins import HeatMapWithTime

    for element in _walk(m):
        if isinstance(element, folium.Popup | HeatMapWithTime):
            return True
        if isinstance(element, folium.GeoJson) and not element.embed:
            return True
    return False


def make_offline(m: folium.Map) -> folium.Map:
    """Make ``m`` render without network; return it (for chaining).

    * ``m.default_js`` / ``m.default_css`` become instance attributes holding only
      the vendored data URIs (``folium.Map``'s class attributes are untouched, so
      other maps keep folium's defaults); jQuery only when an element in the map
      needs it (a ``folium.Popup``, ``GeoJson(embed=False)``, objects kept in front,
      ``HeatMapWithTime``), so add those before calling this;
    * any other element already in the map that asks for a vendored resource by
      name (``leaflet``, ``jquery``, ``leaflet_css``, or a vendored plugin's own
      files, e.g. ``folium.plugins.GroupedLayerControl``'s) gets the data URI
      instead, on that instance;
    * an ``OfflineIconDefaults`` element is inserted as the map's first child so
      Leaflet's default marker icon uses data URIs (idempotent).

    Raises ``OfflineAssetError`` if the map contains an element that cannot work
    offline: a ``folium.Icon`` (needs awesome-markers, not vendored) or an
    element (e.g. a ``folium.plugins`` class) whose own ``default_js`` /
    ``default_css`` still points at the network. Elements added *after* this call
    are not checked: build the map first, or use ``render_offline``/
    ``external_asset_urls`` on the result. Tile layers are not touched; create the
    map with ``tiles=None`` (``external_asset_urls`` reports tile URLs).
    """
    js, css = offline_assets()
    if not _needs_jquery(m):
        # 117 KB inlined for nothing: the atlas's own layers build popups without it (issue 11).
        js = [(name, uri) for name, uri in js if name != "jquery"]
    m.default_js = js
    m.default_css = css
    vendored = dict(js + css) | _plugin_assets()

    problems: list[str] = []
    for element in _walk(m):
        if type(element) is folium.Icon:
            problems.append(f"{element.get_name()}: folium.Icon needs Leaflet.awesome-markers (not vendored); "
                            "use folium.DivIcon, folium.CircleMarker or the default marker")
        if element is m or not isinstance(element, JSCSSMixin):
            continue
        for attr in ("default_js", "default_css"):
            links = [(name, vendored.get(name, url)) for name, url in getattr(element, attr)]
            setattr(element, attr, links)
            problems.extend(f"{element.get_name()}: {attr} {name} -> {url}" for name, url in links if _is_external(url))
    if problems:
        raise OfflineAssetError("map needs assets that are not vendored:\n  " + "\n  ".join(problems))

    if not any(isinstance(child, OfflineIconDefaults) for child in m._children.values()):
        m.add_child(OfflineIconDefaults(), index=0)
    return m


def render_offline(m: folium.Map) -> str:
    """``make_offline(m)``, render the whole page, and check it; return the HTML.

    Raises ``OfflineAssetError`` naming every external URL the page would load
    (scripts, stylesheets, images, CSS ``url()``, tile layers).
    """
    make_offline(m)
    html = m.get_root().render()
    urls = external_asset_urls(html)
    if urls:
        raise OfflineAssetError("rendered map still loads from the network:\n  " + "\n  ".join(urls))
    return html


# --------------------------------------------------------------------------- checks

_URL = r"""((?:https?:)?//[^\s"'<>()\\`]+)"""
_Q = r"""(?:\\?["'])?"""  # optional quote, possibly backslash-escaped inside a JS string
_CHECKS = (
    # <script src>, <img src>, <iframe src>, <source src>, ... (also inside JS strings)
    re.compile(r"<(?:script|img|iframe|source|embed|audio|video|track|input)\b[^>]*?\bsrc\s*=\s*" + _Q + _URL, re.I),
    re.compile(r"<video\b[^>]*?\bposter\s*=\s*" + _Q + _URL, re.I),
    # <link href> of any rel (stylesheet, icon, preload, ...)
    re.compile(r"<link\b[^>]*?\bhref\s*=\s*" + _Q + _URL, re.I),
    # CSS url(...) and @import "..."
    re.compile(r"url\(\s*" + _Q + _URL, re.I),
    re.compile(r"@import\s+" + _Q + _URL, re.I),
    # Leaflet layers that fetch by URL: tile layers (incl. WMS), image/video overlays
    re.compile(r"L\.(?:tileLayer(?:\.wms)?|imageOverlay|videoOverlay)\(\s*" + _Q + _URL),
    # data fetched by script: folium.GeoJson(embed=False) uses $.ajax(url)
    re.compile(r"(?:\$\.(?:ajax|get|getJSON)|\bfetch)\(\s*" + _Q + _URL),
)
_JS_ESCAPES = (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ("\\u0027", "'"), ("\\/", "/"))
_CSS_DATA_URI = re.compile(r"data:text/css;base64,([A-Za-z0-9+/=]+)")


def external_asset_urls(html: str) -> list[str]:
    """Every http(s) or protocol-relative URL the page would fetch, in order, without duplicates.

    Looks at ``src`` of script/img/iframe/source/embed/audio/video/track/input,
    ``href`` of every ``<link>``, CSS ``url()`` and ``@import`` (in style blocks,
    style attributes, and inside base64 ``data:text/css`` stylesheets), and the
    URL argument of ``L.tileLayer`` / ``L.tileLayer.wms`` / ``L.imageOverlay`` /
    ``L.videoOverlay`` / ``$.ajax`` / ``$.get`` / ``$.getJSON`` / ``fetch``.
    HTML built inside JS strings (folium popups, GeoJSON popups/tooltips) is
    included, with JSON escapes such as ``\\u003c`` undone.
    Ordinary links (``<a href>``) are not fetched and are not reported.
    """
    texts = [html]
    for lit, char in _JS_ESCAPES:
        html = html.replace(lit, char)
    texts.append(html)
    for encoded in _CSS_DATA_URI.findall(html):
        texts.append(base64.b64decode(encoded).decode("utf-8", "replace"))
    found: dict[str, None] = {}
    for text in texts:
        for pattern in _CHECKS:
            for match in pattern.finditer(text):
                found.setdefault(match.group(1), None)
    return list(found)
