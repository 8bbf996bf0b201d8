"""Running ``app.py`` under Streamlit's AppTest and reading what it drew.

In AppTest the map is an opaque component (no JavaScript runs): its arguments
are read from the element's proto, and clicks are fed by substituting
``corridors.app.bridge.show_map`` (the ``fake_click`` fixture). What only a
browser can show (the iframe surviving a toggle, real clicks, zooming) is in
``tests/test_app_e2e.py``.
"""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from corridors.data.paths import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
SOURCE = "rferl-one-winner-of-the-ukraine-war"
RASHT_ASTARA = "instc-astara-rasht-missing-link"
PEACEKEEPERS = "russian-peacekeepers-karabakh"
RASHT_PASSAGE = "p-in-may-2023-russia-and-iran"


def run_app(query: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def map_components(at: AppTest) -> list:
    return [n for n in walk(at._tree) if getattr(n, "type", None) == "component_instance"]


def map_args(at: AppTest) -> dict:
    """The arguments the app sent to streamlit-folium's component (one map per page)."""
    found = map_components(at)
    assert len(found) == 1, f"expected one map component, found {len(found)}"
    args = json.loads(found[0].proto.json_args)
    args["_id"] = found[0].proto.id
    return args


def html_bodies(at: AppTest) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def card_html(at: AppTest) -> str:
    return next(b for b in html_bodies(at) if 'data-testid="route-card"' in b)


def drawn_ids(script: str) -> set[str]:
    """Feature ids in a map script's layers (the GeoJSON properties the app reads back on a click)."""
    return set(re.findall(r'"properties":\s*\{[^{}]*?"id":\s*"([a-z0-9-]+)"', script))


def base_script(args: dict) -> str:
    """The map's own script, which the app serves as a static file (``bridge.static_payload``)."""
    from corridors.app import bridge

    base = bridge.static_url_base()
    name = next(link for link in reversed(args["js_links"]) if link.startswith(base))[len(base):]
    return (bridge.static_dir() / name).read_text(encoding="utf-8")


def map_request(args: dict) -> tuple[str, dict]:
    """The state request the app sent with the map (``map_payload.state_script``)."""
    match = re.search(r'CorridorAtlas\.request\(map_div, "([^"]+)", (\{.*?\})\);', args["feature_group"])
    assert match, args["feature_group"][:500]
    return match.group(1), json.loads(match.group(2))


def same(a, b) -> bool:
    """Equality without pytest's diff, which takes minutes on a 600 kB map script."""
    return a == b
