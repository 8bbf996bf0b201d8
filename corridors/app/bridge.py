"""The one module that talks to streamlit-folium, including its private functions.

Pinned to streamlit-folium 0.27.4 (``requirements.txt``). The app does what
``st_folium`` does, but once per thing that changes, keeping the results as
plain strings it can cache (``corridors.app.map_payload`` says why). That needs
these private calls, each reproducing one step of ``st_folium``:

==============================  ==============================================================
call                            why
==============================  ==============================================================
``_get_html``                   the map's HTML body, as the component expects it
``_get_header``                 the map's ``<head>`` with the asset tags stripped (the component
                                loads ``css_links``/``js_links`` itself) and the map id renamed
``_get_map_string``             the map's script, with folium's random names standardized, so its
                                hash (the component key) is stable across builds and sessions
``generate_leaflet_string``     one layer's script for ``feature_group`` (what the private
                                ``_get_feature_group_string`` does, without adding the layer to
                                a map: ``st_folium`` mutates the map it is given, and a cached map
                                would get a new script, hence a new iframe, on the next rerun)
``get_full_id``                 the id folium gave a map, to rename it ``map_div`` (the frontend's
                                name for the live map) inside a layer's script
``_component_func``             the component itself, called with ``st_folium``'s arguments but
                                our cached strings
``window.__GLOBAL_DATA__``      the frontend's state: ``selected_tags`` (a list of strings it
                                sends back when asked to) carries the map's own state to the app
``window.Streamlit``, ``overlayadd``  firing ``overlayadd`` on the map makes the frontend send its
                                value (debounced, 250 ms); ``js/atlas.js`` does, after every change
==============================  ==============================================================

``tests/app/test_bridge.py`` compares each result with what ``st_folium``
itself sends, so an upgrade that changes any of this fails a test instead of
the map.

**Static files (issue 11).** ``static_payload`` moves what does not change -- the
vendored Leaflet files and the map's script with its layers -- out of the
component's arguments into content-addressed files under ``static_dir()``
(``$CORRIDORS_CACHE/web`` or ``~/.cache/corridors/web``), which Streamlit serves
at ``/component/<STATIC_COMPONENT>/<file>`` with ``Cache-Control: public``. The
iframe loads them by a relative URL, once per browser; a rerun that changes a
layer request or the highlight resends a few kilobytes, not the map. The files
are written atomically and rewritten if they go missing.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import folium
import streamlit_folium
from streamlit import components
from streamlit_folium import generate_leaflet_string, get_full_id

# What the map returns to the script: the clicked feature (its card opens), the
# view (the share link keeps it) and the map's own state (``selected_tags``:
# layers toggled in its layer control); nothing on hover.
RETURNED_OBJECTS = ("last_active_drawing", "last_object_clicked_count", "center", "zoom", "selected_tags")
CACHE_ENV = "CORRIDORS_CACHE"
STATIC_COMPONENT = "corridors_static"

# Serializing renders and renames folium elements in place; cached maps are
# shared between sessions, so one serialization at a time.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class MapPayload:
    """The arguments of streamlit-folium's component that depend only on the base map."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    # Static files this payload's links point at (name -> bytes), kept to rewrite a file that went missing.
    files: tuple[tuple[str, bytes], ...] = field(default=(), repr=False, compare=False)

    @property
    def key(self) -> str:
        """The component key: a new iframe exactly when the base map's script changes."""
        return "atlas-map-" + hashlib.sha256(self.script.encode()).hexdigest()[:16]


def base_payload(m: folium.Map) -> MapPayload:
    """Serialize a base map the way ``st_folium`` does (``streamlit_folium.st_folium``)."""
    with _LOCK:
        m.get_root().render()
        m.render()
        html = streamlit_folium._get_html(m)
        header = streamlit_folium._get_header(m)
        script = streamlit_folium._get_map_string(m)
        css: list[str] = []
        js: list[str] = []
        for element in _walk(m):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        return MapPayload(
            script=script,
            header=header,
            html=html,
            map_id=get_full_id(m),
            css_links=tuple(dict.fromkeys(css)),
            js_links=tuple(dict.fromkeys(js)),
        )


def static_dir() -> Path:
    """Where the static files go: ``$CORRIDORS_CACHE/web`` or ``~/.cache/corridors/web`` (never the data folder)."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "corridors") / "web"


_declared: dict[str, str] = {}
_static_components: dict[str, object] = {}


def static_url_base(folder: Path | None = None) -> str:
    """The URL of the static folder relative to streamlit-folium's iframe (``/component/<name>/index.html``).

    Declares the folder to Streamlit on first use in a process, which is what makes it served.
    """
    key = str(folder or static_dir())
    if key not in _declared:
        Path(key).mkdir(parents=True, exist_ok=True)
        # Declaring a component with a path makes Streamlit serve that folder; nothing renders it.
        _static_components[key] = components.v1.declare_component(STATIC_COMPONENT, path=key)
        _declared[key] = f"../{__name__}.{STATIC_COMPONENT}/"
    return _declared[key]


def ensure_registered() -> None:
    """Register streamlit-folium's component and the static folder with the running server.

    Streamlit registers a component only when it is declared inside a script run.
    The server warms up before its first reader (``corridors.app.warmup``) by
    importing this module and building the map outside any script run, so those
    declarations happened with nothing to register them in: the map's iframe
    would answer 404. Registering again is harmless; called before each draw.
    """
    from streamlit.runtime import Runtime, get_instance

    if not Runtime.exists():
        return  # bare mode or AppTest: nothing serves components anyway
    registry = get_instance().component_registry
    for component in (streamlit_folium._component_func, *_static_components.values()):
        if registry.get_component_path(component.name) != component.abspath:
            registry.register_component(component)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as out:
            tmp = Path(out.name)
            out.write(data)
        os.replace(tmp, path)
        tmp = None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def ensure_files(payload: MapPayload, folder: Path | None = None) -> None:
    """(Re)write the payload's static files that are missing (a cleared cache, a new machine)."""
    folder = folder or static_dir()
    for name, data in payload.files:
        path = folder / name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, data)


def static_payload(payload: MapPayload, folder: Path | None = None,
                   extra_files: dict[str, bytes] | None = None) -> MapPayload:
    """``payload`` with its data-URI assets and its script moved into static files (see the docstring).

    ``extra_files`` (name -> bytes) are served beside them, for the map to fetch itself (its
    popups' text: ``map_payload.card_files``).

    The script becomes a function in a file, called by a one-line script: the
    map's ``<div>`` exists only once the frontend has loaded every ``js_links``
    file, so the file must not build the map when it loads.
    """
    folder = folder or static_dir()
    base_url = static_url_base(folder)
    files: dict[str, bytes] = dict(extra_files or {})

    def stash(data: bytes, suffix: str) -> str:
        name = hashlib.sha256(data).hexdigest()[:24] + suffix
        files[name] = data
        return base_url + name

    def vendored(uri: str) -> bytes | None:
        return base64.b64decode(uri.split(",", 1)[1]) if uri.startswith("data:") and ";base64," in uri else None

    def bundle(uris: Iterable[str], suffix: str, joiner: bytes, tail: bytes | None = None) -> tuple[str, ...]:
        # The frontend loads its links one after another, each a round trip on the path to the first
        # map (issue 11): when every one is a vendored file (a data URI) they become one file, in their
        # order, which runs as they would one by one. A link to elsewhere (an online basemap's plugin)
        # keeps every file apart, in order.
        uris = tuple(uris)
        parts = [vendored(uri) for uri in uris]
        tails = [tail] if tail is not None else []
        if all(part is not None for part in parts):
            return (stash(joiner.join(parts + tails), suffix),) if parts or tails else ()
        apart = tuple(uri if part is None else stash(part, suffix) for uri, part in zip(uris, parts, strict=True))
        return apart + tuple(stash(t, suffix) for t in tails)

    builder = "__caBuild_" + hashlib.sha256(payload.script.encode()).hexdigest()[:16]
    script_file = f"window.{builder} = function () {{\n{payload.script}\nwindow.map_div = map_div;\n}};\n"
    out = replace(
        payload,
        script=f"{builder}();\n",
        css_links=bundle(payload.css_links, ".css", b"\n"),
        js_links=bundle(payload.js_links, ".js", b"\n;\n", script_file.encode()),
        files=tuple(files.items()),
    )
    ensure_files(out, folder)
    return out


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def group_script(group: folium.FeatureGroup, idx: int) -> str:
    """One layer as streamlit-folium's ``feature_group_to_add`` JavaScript (its ``_get_feature_group_string``).

    Unlike streamlit-folium, the group stays in the map ``build_map`` put it in,
    so no cached map is modified.
    """
    with _LOCK:
        base_id = f"feature_group_{idx}"
        group._id = base_id
        group.render()
        script = generate_leaflet_string(group, base_id=base_id)
        script = script.replace(get_full_id(group._parent), "map_div")
        name = f"feature_group_{base_id}"
        return (
            script
            + f"\nmap_div.addLayer({name});\nwindow.feature_group = window.feature_group || [];"
            + f"\nwindow.feature_group.push({name});\n"
        )


def show_map(
    payload: MapPayload,
    scripts: Iterable[str],
    *,
    height: int = 620,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    on_change: Callable[[], None] | None = None,
) -> Mapping | None:
    """Draw the map component; returns the clicked feature, the view and the map's state (``RETURNED_OBJECTS``).

    ``scripts``: what to evaluate in the live map now -- the highlight
    (``group_script``), the state the app asks for and fits
    (``map_payload.state_script``, ``map_payload.fit_script``); the frontend
    evaluates them again only when their text changes. ``center``/``zoom`` move
    the map when they differ from the last ones sent (streamlit-folium's own
    rule), so pass the same values until the app wants the map to move.
    ``on_change`` runs before the rerun the map's new value causes, when
    Streamlit still lets it set widget values (``value(payload)`` reads it).
    """
    feature_group = "".join(scripts)
    ensure_registered()
    return streamlit_folium._component_func(
        on_change=on_change,
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=payload.key,
        height=height,
        width=None,  # the container's width
        returned_objects=list(RETURNED_OBJECTS),
        default={"last_active_drawing": None, "last_object_clicked_count": None},
        zoom=zoom,
        center=list(center) if center is not None else None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(payload.css_links),
        js_links=list(payload.js_links),
        wrap_longitude=False,
    )


def value(payload: MapPayload) -> Mapping | None:
    """The map's last value (what ``show_map`` returned), read in an ``on_change`` callback."""
    import streamlit as st

    return st.session_state.get(payload.key)
