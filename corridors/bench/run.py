"""``python -m corridors bench``: every figure of issue 11 in one process, written as a markdown table.

The order: build the larger atlases and validate them (this also fills the
run's own validation cache, as any earlier use of the data would), then the
exports and the command line, then everything that needs Chromium. The app and
the naive baseline are measured alternately, in the same run, so both see the
same machine load. A measurement that fails becomes an ``error`` row with its
reason; the others still run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from corridors.bench import meta
from corridors.bench.report import Row, markdown, new_rows

SECTIONS = ("export", "cli", "app", "scale", "sessions")
BROWSER_KEYS = ("cold_start", "toggle_sidebar", "toggle_map_control", "naming", "status_filter", "big_export_open",
                "big_export_pan", "big_app_cold", "big_app_toggle", "sessions_mid", "sessions_max")


@dataclass(frozen=True)
class Plan:
    smoke: bool
    runs: int  # samples of each figure: medians of three
    cycles: int  # there-and-back changes per kind
    scales: tuple[int, ...]  # atlas sizes for the export-time exponent
    big: int  # "100×": the large atlas
    sessions: tuple[int, ...]  # concurrent readers, the first being 1
    rounds: int
    timeout_ms: float
    big_timeout_ms: float
    big_export_timeout_s: float


FULL = Plan(False, runs=3, cycles=3, scales=(1, 5, 20), big=100, sessions=(1, 5, 10), rounds=3,
            timeout_ms=120_000, big_timeout_ms=180_000, big_export_timeout_s=1800)
# Every measurement once, on tiny sizes: proves the benchmark runs, judges nothing.
SMOKE = Plan(True, runs=1, cycles=1, scales=(1, 2, 3), big=3, sessions=(1, 2, 3), rounds=1,
             timeout_ms=90_000, big_timeout_ms=90_000, big_export_timeout_s=300)


def rows_for(plan: Plan) -> dict[str, Row]:
    """The rows a run of ``plan`` reports, empty, with the plan's sizes in their names."""
    return new_rows({"scales": "–".join(map(str, plan.scales)), "big": plan.big, "mid": plan.sessions[1],
                     "max": plan.sessions[-1], "timeout": f"{plan.big_timeout_ms / 1000:.0f}"})


def median(values: list[float]) -> float:
    return statistics.median(values)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _fail(rows: dict[str, Row], keys: tuple[str, ...], exc: BaseException) -> None:
    reason = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}"
    log(f"{', '.join(keys)} failed: {reason}")
    traceback.print_exc(file=sys.stderr)
    for key in keys:
        if not rows[key].measured:
            rows[key].error = reason


@contextlib.contextmanager
def guard(rows: dict[str, Row], *keys: str):
    try:
        yield
    except Exception as exc:  # a failed section reports itself in its rows; the run goes on
        _fail(rows, keys, exc)


def run(plan: Plan, out: Path, repo_root: Path, app: Path, naive: Path, only: tuple[str, ...] = SECTIONS,
        command: str = "python -m corridors bench") -> dict[str, Row]:
    """Measure, write ``out``, return the rows."""
    started = time.perf_counter()
    load_at_start = meta.load()
    rows = rows_for(plan)
    work = Path(tempfile.mkdtemp(prefix="corridors-bench-"))
    cache = work / "cache"
    saved = os.environ.get("CORRIDORS_CACHE")
    os.environ["CORRIDORS_CACHE"] = str(cache)  # this run's own cache, shared with the servers it starts
    ctx = Context(plan, rows, repo_root, app, naive, work, {"CORRIDORS_CACHE": str(cache)})
    chromium_version = None
    try:
        from corridors.bench import sections

        sections.prepare(ctx)
        if "export" in only:
            sections.exports(ctx)
        if "cli" in only:
            sections.cli(ctx)
        if {"app", "export", "scale", "sessions"} & set(only):
            with guard(rows, *BROWSER_KEYS):  # e.g. no Chromium: every browser row says why
                chromium_version = sections.browser_sections(ctx, only)
    finally:
        if saved is None:
            os.environ.pop("CORRIDORS_CACHE", None)
        else:
            os.environ["CORRIDORS_CACHE"] = saved
        shutil.rmtree(work, ignore_errors=True)
    for row in rows.values():
        if not row.measured and not row.error:
            row.skipped, row.measured = True, "not measured in this run (--only)"
    info = {
        "date": meta.now(),
        "command": command,
        "duration": f"{time.perf_counter() - started:.0f} s",
        "commit": meta.commit(repo_root),
        "machine": f"{meta.machine()}; load average (1, 5, 15 min) {load_at_start} at the start, "
                   f"{meta.load()} at the end — the machine is shared, other work ran too",
        "software": meta.software(chromium_version),
    }
    from corridors.bench.sections import NOTES

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(rows, info, plan.smoke, NOTES), encoding="utf-8")
    log(f"wrote {out}")
    return rows


@dataclass
class Context:
    plan: Plan
    rows: dict[str, Row]
    repo_root: Path
    app: Path
    naive: Path
    work: Path
    env: dict[str, str]  # added to every subprocess's environment
    atlases: dict[int, object] | None = None  # scale -> loaded Atlas
    data_dirs: dict[int, Path] | None = None  # scale -> data folder
    exports: dict[int, Path] | None = None  # scale -> an HTML export written at that scale
    measured: dict | None = None  # figures later sections compare against (cold starts, rebuilds)
