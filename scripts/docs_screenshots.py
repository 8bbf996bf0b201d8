"""Regenerate the pictures in docs/ from the bundled data (needs /usr/bin/chromium).

    python scripts/docs_screenshots.py

Exports the atlas as HTML and screenshots it in headless Chromium with every
non-local request blocked (so the picture proves the offline export), once as
the whole atlas and once with a route's popup open; writes the PNG exports too.

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
        export(atlas, "html", html, title="Corridor Atlas")
        caucasus = Path(tmp) / "caucasus.html"
        export(atlas, "html", caucasus, Selection(layers=("INSTC", "Zangezur", "Karabakh")), title="The Caucasus")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if LOCAL.match(r.request.url) else r.abort())
            page.goto(html.as_uri())
            page.wait_for_selector('[data-testid="legend"]')
            page.screenshot(path=str(DOCS / "atlas-html.png"))
            route = page.locator('path.leaflet-interactive[stroke="#D55E00"]').first
            point = route.evaluate(
                "(el) => { const p = el.getPointAtLength(el.getTotalLength() * 0.6); const m = el.getScreenCTM();"
                " return {x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f}; }"
            )
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector(".leaflet-popup-content .ca-popup")
            # The popup fades in while the map pans to fit it: wait until both are done.
            page.wait_for_function(
                "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
                " && !document.querySelector('.leaflet-pan-anim, .leaflet-zoom-anim')"
            )
            page.screenshot(path=str(DOCS / "atlas-html-popup.png"))
            page.goto(caucasus.as_uri())
            page.wait_for_selector('[data-testid="legend"]')
            page.screenshot(path=str(DOCS / "caucasus-html.png"))
            browser.close()
    print("wrote", ", ".join(sorted(p.name for p in DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
