"""The app measurements: cold start, a reader's changes, many readers at once.

Every function takes a running Chromium and starts the app servers it needs
itself (``server.streamlit_server``), so a cold start really is cold: a new
server process whose first session loads the atlas and draws the first map.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corridors.bench import browser, interact
from corridors.bench.interact import Steps
from corridors.bench.server import streamlit_server


@dataclass
class AppTarget:
    """An app to measure: its script, the data it serves, where its logs go."""

    name: str
    script: Path
    repo_root: Path
    env: dict[str, str]
    logs: Path


@dataclass
class Interactions:
    toggle_sidebar: list[float] = field(default_factory=list)
    toggle_map_control: list[float] | None = None
    naming: list[float] = field(default_factory=list)
    status: list[float] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def steps_for(atlas) -> Steps:
    """Pick, from the atlas, a layer to toggle, a naming change to detect and a status that filters."""
    from corridors.model.names import ARTICLE, display_name
    from corridors.vocabulary import CORRIDORS, NAMINGS, STATUSES

    features = atlas.features
    colours = [c.colour for c in CORRIDORS.values()]
    present = [key for key in CORRIDORS if (features["corridor"] == key).any()]
    if len(present) < 2:
        raise ValueError("the atlas needs features in two corridors to time a layer toggle")
    toggle = "BAM" if "BAM" in present else present[-1]
    anchor = next(k for k in present if k != toggle)
    name_pair = _naming_pair(features, display_name, ARTICLE, [n for n in NAMINGS if n != ARTICLE])
    if name_pair is None:
        raise ValueError("no feature's name changes with the naming: nothing to detect a naming change by")
    naming, article_name, other_name = name_pair
    counts = features["status"].value_counts()
    status = next((s for s in STATUSES if 0 < counts.get(s, 0) < len(features)), None)
    if status is None:
        raise ValueError("no status filter hides some features and keeps others")
    return Steps(
        colours=colours, toggle_key=toggle, toggle_colour=CORRIDORS[toggle].colour,
        toggle_control_label=CORRIDORS[toggle].layer_label, anchor_colour=CORRIDORS[anchor].colour,
        naming=naming, naming_label=NAMINGS[naming], name_article=article_name, name_other=other_name,
        status_label=STATUSES[status],
    )


def _naming_pair(features, display_name, article: str, others: list[str]):
    """(naming, name under the article's, name under ``naming``): neither a part of any name of the other."""
    rows = [row for _, row in features.iterrows()]
    for naming in others:
        under_article = [display_name(r, article) for r in rows]
        under_other = [display_name(r, naming) for r in rows]
        for old, new in zip(under_article, under_other, strict=True):
            if old != new and not any(new in n for n in under_article) and not any(old in n for n in under_other):
                return naming, old, new
    return None


# Each kind of change, as a generator of latencies (``interact``), by the ``Interactions`` field it fills.
CHANGES = {
    "toggle_sidebar": interact.toggle_sidebar,
    "toggle_map_control": interact.toggle_map_control,
    "naming": interact.naming_change,
    "status": interact.status_change,
}


@contextlib.contextmanager
def open_app(chrome, target: AppTarget, colours: list[str], timeout_ms: float, label: str
             ) -> Iterator[tuple[object, float]]:
    """Start the app and open it in a new session: (the page, seconds from navigation to the first
    drawn feature — a cold start). Server and page close on leaving."""
    log = target.logs / f"{target.name}-{label}.log"
    with streamlit_server(target.script, target.repo_root, log, target.env) as url, \
            browser.new_page(chrome, colours) as page:
        yield page, interact.open_map(page, url + "/", timeout_ms)


def cold_start(chrome, target: AppTarget, colours: list[str], timeout_ms: float, label: str) -> float:
    with open_app(chrome, target, colours, timeout_ms, label) as (_, seconds):
        return seconds


def interleaved_changes(pages: dict[str, object], steps: Steps, cycles: int, timeout_ms: float,
                        changes: tuple[str, ...] = tuple(CHANGES)) -> dict[str, Interactions]:
    """Each change ``cycles`` times there and back in every page, one step per page in turn.

    Alternating step by step, the app and the baseline meet the same machine
    load even when other work on it comes and goes. A change that fails in one
    page is reported in its ``errors``; the others go on.
    """
    out = {name: Interactions() for name in pages}
    for page in pages.values():
        browser.settle(page, steps.colours, timeout_ms)
    for change in changes:
        live = {name: CHANGES[change](page, steps, cycles, timeout_ms) for name, page in pages.items()}
        samples: dict[str, list[float] | None] = {name: [] for name in pages}
        while live:
            for name in list(live):
                try:
                    samples[name].append(next(live[name]))
                except StopIteration:
                    del live[name]
                except interact.NotOffered:
                    samples[name] = None
                    del live[name]
                except Exception as exc:  # one broken step must not hide the others' figures
                    out[name].errors[change] = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}"
                    del live[name]
                    with contextlib.suppress(Exception):
                        pages[name].keyboard.press("Escape")
                        browser.settle(pages[name], steps.colours, timeout_ms)
        for name, values in samples.items():
            if change not in out[name].errors:
                setattr(out[name], change, values)
    return out


@dataclass
class SessionRound:
    sessions: int
    first_map_s: list[float]  # one per session

    @property
    def slowest(self) -> float:
        return max(self.first_map_s)

    @property
    def median(self) -> float:
        return statistics.median(self.first_map_s)


def concurrent_sessions(chrome, target: AppTarget, counts: tuple[int, ...], rounds: int, timeout_ms: float
                        ) -> dict[int, list[SessionRound]]:
    """First-map time of ``n`` readers opening the app at once, against one warm server.

    The server has served one reader before (what a running deployment has
    done): the rounds measure sessions, not the server's own start.
    """
    if max(counts) > MAX_SESSIONS:
        raise ValueError(f"at most {MAX_SESSIONS} concurrent sessions on this machine, asked for {max(counts)}")
    results: dict[int, list[SessionRound]] = {n: [] for n in counts}
    log = target.logs / f"{target.name}-sessions.log"
    with streamlit_server(target.script, target.repo_root, log, target.env) as url:
        with browser.new_page(chrome, _colours()) as warm:
            interact.open_map(warm, url + "/", timeout_ms)
        for _ in range(rounds):
            for n in counts:
                with contextlib.ExitStack() as stack:
                    pages = [stack.enter_context(browser.new_page(chrome, _colours())) for _ in range(n)]
                    for page in pages:  # all navigate before any is waited on
                        page.goto(url + "/", wait_until="commit", timeout=timeout_ms)
                    times = [round(browser.first_map_ms(page, timeout_ms) / 1000.0, 4) for page in pages]
                results[n].append(SessionRound(n, times))
    return results


MAX_SESSIONS = 10  # bounded: every session is a Chromium page and a server thread on a shared 2-core machine


def _colours() -> list[str]:
    from corridors.vocabulary import CORRIDORS

    return [c.colour for c in CORRIDORS.values()]
