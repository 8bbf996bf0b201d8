"""Regenerate the pictures in docs/ from the bundled data (needs /usr/bin/chromium).

    python scripts/docs_screenshots.py

Exports the atlas as HTML and screenshots it in headless Chromium with every
non-local request blocked (so the picture proves the offline export): the whole
atlas at full width, with a route's popup open, in a 720 px report column and on a
390 px phone (issue 8); writes the PNG exports too. The app's pictures come from
``python -m pytest tests/test_app_e2e.py tests/test_app_labels_e2e.py --update-goldens``.

    python scripts/docs_screenshots.py --prints   # only the print maps (no Chromium needed)

The print maps (issue 9): a zoomed view with Armenian names, a date and a
highlight; the whole atlas on A4; the whole atlas as a phone-width PNG.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corridors import load_atlas  # noqa: E402
from corridors.export import export  # noqa: E402
from corridors.export.formats import PrintOptions  # noqa: E402
from corridors.model.mapview import MapView, parse_view  # noqa: E402
from corridors.model.selection import Selection  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, LOCAL  # noqa: E402

DOCS = ROOT / "docs"


def prints(atlas) -> None:
    """The same views as ``python -m corridors export --format png ...`` with these options."""
    zoomed = MapView(centre=parse_view("39.0,46.2,8"), naming="hy", as_of="2022-01",
                     focus=("zangezur-armenia-section",))
    export(atlas, "png", DOCS / "print-zoomed.png", view=zoomed, options=PrintOptions(page="a4", dpi=110))
    export(atlas, "png", DOCS / "print-atlas-a4.png", view=MapView(), options=PrintOptions(page="a4", dpi=110))
    export(atlas, "png", DOCS / "print-phone.png", view=MapView(), options=PrintOptions(width_px=390))


def main() -> None:
    atlas = load_atlas()
    DOCS.mkdir(exist_ok=True)
    prints(atlas)
    if "--prints" in sys.argv[1:]:
        print("wrote print-zoomed.png, print-atlas-a4.png, print-phone.png")
        return
    from playwright.sync_api import sync_playwright

    export(atlas, "png", DOCS / "atlas-print.png", title="Corridor Atlas: corridors and conflict zones")
    export(atlas, "png", DOCS / "karabakh-print.png", Selection(layers=("Karabakh", "Zangezur")),
           title="Karabakh and the Zangezur corridor")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "atlas.html"
        export(atlas, "html", html, title="Corridor Atlas: trade corridors and the Karabakh conflict")
        caucasus = Path(tmp) / "caucasus.html"
        export(atlas, "html", caucasus, Selection(layers=("INSTC", "Zangezur", "Karabakh")), title="The Caucasus")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if LOCAL.match(r.request.url) else r.abort())
            _open(page, html)
            page.screenshot(path=str(DOCS / "atlas-html.png"))
            route = page.locator('path.leaflet-interactive[stroke="#D55E00"]').first
            point = route.evaluate(
                "(el) => { const p = el.getPointAtLength(el.getTotalLength() * 0.6); const m = el.getScreenCTM();"
                " return {x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f}; }"
            )
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector(".folium-map[data-popup-fitted]")
            _settled(page)
            page.screenshot(path=str(DOCS / "atlas-html-popup.png"))
            _open(page, caucasus)
            page.screenshot(path=str(DOCS / "caucasus-html.png"))
            for name, size in (("atlas-html-720.png", (720, 480)), ("atlas-html-390.png", (390, 640))):
                page.set_viewport_size({"width": size[0], "height": size[1]})
                _open(page, html)
                page.screenshot(path=str(DOCS / name))
            browser.close()
    print("wrote", ", ".join(sorted(p.name for p in DOCS.glob("*.png"))))


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector(".folium-map[data-labels-shown]")
    _settled(page)


def _settled(page) -> None:
    """No pan or zoom animation, popups faded in, labels placed: two painted frames after that."""
    page.wait_for_function(
        "!document.querySelector('.leaflet-pan-anim, .leaflet-zoom-anim')"
        " && [...document.querySelectorAll('.leaflet-popup')].every(p => getComputedStyle(p).opacity === '1')"
    )
    page.wait_for_function("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


if __name__ == "__main__":
    main()
