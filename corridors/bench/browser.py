"""Debian's Chromium driven by Playwright, and the waits every browser measurement shares.

Never ``playwright install``: the benchmark uses ``/usr/bin/chromium``. Pages
cannot reach the network: Chromium resolves no host but localhost
(``--host-resolver-rules``), which costs nothing per request, unlike routing
every request through the driver (that would add a round trip to each of
Streamlit's scripts and distort what is measured).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corridors.bench import probe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    # Background pages (concurrent sessions) must not have their timers and frames throttled.
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
VIEWPORT = {"width": 1280, "height": 860}


class BrowserUnavailable(RuntimeError):
    pass


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on Debian's Chromium, closed afterwards."""
    if not CHROMIUM.exists():
        raise BrowserUnavailable(f"{CHROMIUM} is missing (apt-get install -y chromium); never `playwright install`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserUnavailable("playwright is missing: pip install -r requirements-dev.txt") from exc
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser, colours: list[str]) -> Iterator[object]:
    """A page in its own context (its own Streamlit session) with the probe installed."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(probe.init_script(colours))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()


def first_map_ms(page, timeout_ms: float) -> float:
    """Milliseconds from navigation start to the first drawn atlas feature (the probe's own record)."""
    handle = page.wait_for_function("() => window.__caFirstMap", timeout=timeout_ms, polling=100)
    return float(handle.json_value())


def wait_timed(page, condition: str, arg: dict, timeout_ms: float) -> float:
    """Wait, polling every frame, until ``condition(arg)`` holds; return the browser time it first held."""
    handle = page.wait_for_function(probe.timed(condition), arg=arg, polling="raf", timeout=timeout_ms)
    return float(handle.json_value())


def last_input(page) -> float:
    return float(page.evaluate("() => window.__caInput"))


def settle(page, colours: list[str], timeout_ms: float, quiet_ms: int = 500) -> None:
    """Wait until the app is idle and the map unchanged for ``quiet_ms``: the next step starts clean."""
    page.evaluate("() => { window.__caQuietN = undefined; window.__caQuietSince = null; }")
    page.wait_for_function(probe.QUIET, arg={"colours": colours, "quiet": quiet_ms}, polling=50,
                           timeout=timeout_ms)


def drawn(page, colours: list[str]) -> int:
    return int(page.evaluate("(c) => window.__ca.drawn(c)", colours))
