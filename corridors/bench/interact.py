"""One reader's actions in an app, each timed from the press to the map showing its result.

The benchmark drives the project's app and the naive baseline with the same
steps, through what both share (``benchmarks/naive_app.py`` uses the app's
widget keys and labels): the sidebar checkbox ``layer_<corridor>``, the
``statuses`` multiselect, the ``naming`` selectbox, and — when the map has one —
Leaflet's own layer control. A latency is the browser's time from the
pointer or key press (``probe``) to the first frame in which the map shows the
change; between two steps the page settles (script idle, map unchanged), so one
step's rerun never counts toward the next. Each kind of change is a generator
yielding one latency per step, so the benchmark can alternate the app and the
baseline step by step (``appbench.interleaved_changes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from corridors.bench import browser, probe


@dataclass(frozen=True)
class Steps:
    """What to change and how to recognise the change, taken from the atlas being measured."""

    colours: list[str]  # every corridor's colour: "the map is drawn"
    toggle_key: str  # the corridor toggled (its checkbox is ``layer_<key>``)
    toggle_colour: str
    toggle_control_label: str  # its name in the map's layer control
    anchor_colour: str  # a corridor that stays drawn meanwhile
    naming: str  # a naming other than the article's ...
    naming_label: str  # ... as the selectbox shows it
    name_article: str  # a name shown under the article's naming and not under ``naming``
    name_other: str  # the same feature's name under ``naming``, shown nowhere under the article's
    status_label: str  # a status option that hides some features


def _ms_to_s(value: float) -> float:
    return round(value / 1000.0, 4)


def open_map(page, url: str, timeout_ms: float) -> float:
    """Navigate to ``url``; seconds from navigation start to the first drawn feature."""
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    return _ms_to_s(browser.first_map_ms(page, timeout_ms))


def _latency(page, condition: str, arg: dict, timeout_ms: float) -> float:
    done = browser.wait_timed(page, condition, arg, timeout_ms)
    return _ms_to_s(done - browser.last_input(page))


def _layer_arg(steps: Steps, present: bool) -> dict:
    return {"colour": steps.toggle_colour, "anchor": steps.anchor_colour, "present": present}


def toggle_sidebar(page, steps: Steps, cycles: int, timeout_ms: float) -> Iterator[float]:
    """Untick then tick the layer's sidebar checkbox ``cycles`` times: one latency per click."""
    checkbox = page.locator(f".st-key-layer_{steps.toggle_key} label")
    for i in range(cycles * 2):
        present = i % 2 == 1
        checkbox.click()
        took = _latency(page, probe.LAYER_STATE, _layer_arg(steps, present), timeout_ms)
        browser.settle(page, steps.colours, timeout_ms)
        yield took


def map_layer_control(page, label: str):
    """The layer's checkbox in the map's own layer control, or None when the map has no such control."""
    pattern = re.compile(rf"^\s*{re.escape(label)}\s*$")
    for frame in page.frames:
        found = frame.locator(".leaflet-control-layers label").filter(has_text=pattern)
        if found.count():
            control = found.first.locator("input")
            if not control.is_visible():
                # A narrow map folds its layer control into a button (issue 8); a reader hovers it first.
                frame.locator(".leaflet-control-layers").first.hover()
                control.wait_for(state="visible")
            return control
    return None


class NotOffered(Exception):
    """The app has no way to make this change (e.g. its map has no layer control)."""


def toggle_map_control(page, steps: Steps, cycles: int, timeout_ms: float) -> Iterator[float]:
    """The same toggle from the map's layer control; ``NotOffered`` when the map has none."""
    for i in range(cycles * 2):
        control = map_layer_control(page, steps.toggle_control_label)
        if control is None:
            raise NotOffered(f"no layer control entry {steps.toggle_control_label!r} in the map")
        present = i % 2 == 1
        control.click()
        took = _latency(page, probe.LAYER_STATE, _layer_arg(steps, present), timeout_ms)
        browser.settle(page, steps.colours, timeout_ms)
        yield took


def _choose(page, key: str, label: str) -> None:
    # Type the option and press Enter: the dropdown's own layout (it may open off-screen) does not matter.
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(label)
    page.get_by_role("option", name=label, exact=True).wait_for()
    page.keyboard.press("Enter")


def naming_change(page, steps: Steps, cycles: int, timeout_ms: float) -> Iterator[float]:
    """Switch to another naming and back ``cycles`` times: until the tooltips show the new names."""
    for _ in range(cycles):
        for label, show, hide in (
            (steps.naming_label, steps.name_other, steps.name_article),
            (None, steps.name_article, steps.name_other),
        ):
            _choose(page, "naming", label or _article_label())
            took = _latency(page, probe.NAMES_ARE, {"colours": steps.colours, "show": show, "hide": hide},
                            timeout_ms)
            browser.settle(page, steps.colours, timeout_ms)
            yield took


def _article_label() -> str:
    from corridors.vocabulary import ARTICLE, NAMINGS

    return NAMINGS[ARTICLE]


def status_change(page, steps: Steps, cycles: int, timeout_ms: float) -> Iterator[float]:
    """Filter to one status and clear it ``cycles`` times: until the map draws exactly the filtered set.

    The filtered count is not known before the first filter: the first change
    is timed until the count differs from the unfiltered one (the map swaps a
    layer in one go, so the first different count is the filtered one), and
    the settled count is then what later changes wait for.
    """
    before = browser.drawn(page, steps.colours)
    remove = page.locator(f'.st-key-statuses button[aria-label="Remove {steps.status_label}"]')

    def apply() -> None:
        _choose(page, "statuses", steps.status_label)

    def clear() -> None:
        page.keyboard.press("Escape")  # close the list the choice left open, before the next click
        remove.click()

    apply()
    took = _latency(page, "(a) => window.__ca.drawn(a.colours) !== a.count",
                    {"colours": steps.colours, "count": before}, timeout_ms)
    browser.settle(page, steps.colours, timeout_ms)
    after = browser.drawn(page, steps.colours)
    yield took
    for i in range(cycles):
        for action, count in ((clear, before), (apply, after)):
            if i == cycles - 1 and action is apply:
                return  # end unfiltered, as the session started
            action()
            took = _latency(page, probe.COUNT_IS, {"colours": steps.colours, "count": count}, timeout_ms)
            browser.settle(page, steps.colours, timeout_ms)
            yield took
