"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Every request that is not local (file:, data:, blob:, localhost) is aborted and
recorded, so a test proves the page needs no network. Never `playwright
install`: it downloads a browser and fails here.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL = re.compile(r"^(file:|data:|blob:|about:|https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/)")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_chromium() -> None:
    """Skip on a developer machine without Chromium; in CI a missing browser is a failure."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")


_shared: dict = {}


def _browser():
    """One Chromium for the whole test run (a launch costs a second or two per test otherwise);
    each test gets its own context, so no cookie, cache or storage leaks from one to the next."""
    browser = _shared.get("browser")
    if browser is None or not browser.is_connected():
        from playwright.sync_api import sync_playwright

        if "playwright" not in _shared:
            _shared["playwright"] = sync_playwright().start()
            atexit.register(_stop)
        browser = _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
    return browser


def _stop() -> None:
    with contextlib.suppress(Exception):
        if "browser" in _shared:
            _shared.pop("browser").close()
    with contextlib.suppress(Exception):
        _shared.pop("playwright").stop()


@contextmanager
def chromium_page(request, viewport=(1280, 860)):
    """A page with non-local requests blocked; on failure a screenshot goes to test-artifacts/."""
    require_chromium()
    context = _browser().new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        page.blocked = []
        page.errors = []

        def route(r):
            if LOCAL.match(r.request.url):
                r.continue_()
            else:
                page.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
        try:
            yield page
        finally:
            report = getattr(request.node, "rep_call", None)
            if report is None or report.failed:
                ARTIFACTS.mkdir(exist_ok=True)
                # A failed screenshot must not hide the real failure.
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()
