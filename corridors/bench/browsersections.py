"""The benchmark's sections in Chromium: the app against the naive app, the exports opened, the large
atlas, concurrent readers."""

from __future__ import annotations

import contextlib
import statistics

from corridors.bench import appbench, exportbench
from corridors.bench.appbench import AppTarget
from corridors.bench.report import PAN_LIMIT_S, seconds
from corridors.bench.run import Context, guard, log, median

APP_KEYS = ("cold_start", "toggle_sidebar", "toggle_map_control", "naming", "status_filter")
CHANGE_ROWS = {"toggle_sidebar": "toggle_sidebar", "naming": "naming", "status": "status_filter"}


def _timeout_error():
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    return PlaywrightTimeout


def run_browser_sections(ctx: Context, chrome, only: tuple[str, ...]) -> None:
    steps = appbench.steps_for(ctx.atlases[1])
    logs = ctx.work / "logs"
    app = AppTarget("app", ctx.app, ctx.repo_root, ctx.env, logs)
    naive = AppTarget("naive", ctx.naive, ctx.repo_root, ctx.env, logs)
    ctx.measured = {}
    if "app" in only:
        with guard(ctx.rows, *APP_KEYS):
            _app(ctx, chrome, steps, app, naive)
    if "export" in only:
        with guard(ctx.rows, "big_export_open", "big_export_pan"):
            _exports_opened(ctx, chrome, steps.colours)
    if "scale" in only:
        with guard(ctx.rows, "big_app_cold", "big_app_toggle"):
            _big_app(ctx, chrome, steps, app)
    if "sessions" in only:
        with guard(ctx.rows, "sessions_mid", "sessions_max"):
            _sessions(ctx, chrome, app, naive)


def _app(ctx: Context, chrome, steps, app: AppTarget, naive: AppTarget) -> None:
    plan, rows = ctx.plan, ctx.rows
    cold = {"app": [], "naive": []}
    for target in (app, naive):  # a first start, untimed: what is kept on disk is there, as after any earlier use
        appbench.cold_start(chrome, target, steps.colours, plan.timeout_ms, "first-use")
    for i in range(plan.runs):
        for target in (app, naive):
            took = appbench.cold_start(chrome, target, steps.colours, plan.timeout_ms, f"cold-{i + 1}")
            cold[target.name].append(took)
            log(f"{target.name}: cold start {took:.2f} s")
    # The changes: both apps started afresh, side by side, stepped alternately.
    with contextlib.ExitStack() as stack:
        pages = {}
        for target in (app, naive):
            pages[target.name], _ = stack.enter_context(
                appbench.open_app(chrome, target, steps.colours, plan.timeout_ms, "changes"))
        changes = appbench.interleaved_changes(pages, steps, plan.cycles, plan.timeout_ms)
    for name, done in changes.items():
        log(f"{name}: changes {done}")
    ctx.measured["cold"] = cold
    ctx.measured["changes"] = changes
    row = rows["cold_start"]
    row.ratio = median(cold["app"]) / median(cold["naive"])
    row.measured = f"app {median(cold['app']):.2f} s, naive {median(cold['naive']):.2f} s"
    row.samples.update({"app": cold["app"], "naive": cold["naive"]})

    ours, theirs = changes["app"], changes["naive"]
    for name, key in CHANGE_ROWS.items():
        row = rows[key]
        a, b = getattr(ours, name), getattr(theirs, name)
        problems = {who: c.errors[name] for who, c in (("app", ours), ("naive", theirs)) if name in c.errors}
        if problems:
            row.error = "; ".join(f"{who}: {msg}" for who, msg in problems.items())
            continue
        row.ratio = median(a) / median(b)
        # The first change may fill the app's caches; the median is what a reader meets after it.
        row.measured = f"app {median(a):.3f} s (first: {a[0]:.3f} s), naive rebuild {median(b):.3f} s"
        row.samples.update({"app": a, "naive": b})

    row = rows["toggle_map_control"]
    problems = {who: c.errors["toggle_map_control"] for who, c in (("app", ours), ("naive", theirs))
                if "toggle_map_control" in c.errors}
    if problems:
        row.error = "; ".join(f"{who}: {msg}" for who, msg in problems.items())
        return
    naive_rebuild = theirs.toggle_sidebar
    floor = (f"the naive map's own control: {median(theirs.toggle_map_control):.3f} s"
             if theirs.toggle_map_control else "the naive map has none either")
    row.samples.update({"app": ours.toggle_map_control, "naive_control": theirs.toggle_map_control})
    if ours.toggle_map_control is None:
        row.applicable = False
        row.measured = f"the app's map has no layer control ({floor})"
    elif naive_rebuild:
        row.ratio = median(ours.toggle_map_control) / median(naive_rebuild)
        row.measured = f"app {median(ours.toggle_map_control):.3f} s; {floor}"


def _exports_opened(ctx: Context, chrome, colours: list[str]) -> None:
    plan, rows = ctx.plan, ctx.rows
    timeout = _timeout_error()
    small = [exportbench.open_in_chromium(chrome, ctx.exports[1], colours, plan.timeout_ms) for _ in range(plan.runs)]
    small_load = median([o.load_s for o in small])
    big_file = ctx.exports.get(plan.big)
    if big_file is None:  # the export itself did not finish: nothing to open
        for key in ("big_export_open", "big_export_pan"):
            rows[key].passed = False
            rows[key].measured = f"not measured: the {plan.big}× export did not finish"
        return
    size = f"{big_file.stat().st_size / 1e6:.1f} MB"
    opened = []
    try:
        for _ in range(plan.runs):
            opened.append(exportbench.open_in_chromium(chrome, big_file, colours, plan.big_timeout_ms))
    except timeout:
        if not opened:
            for key in ("big_export_open", "big_export_pan"):
                rows[key].passed = False
                rows[key].measured = f"the {size} export drew nothing within {plan.big_timeout_ms / 1000:.0f} s"
            return
    load = median([o.load_s for o in opened])
    row = rows["big_export_open"]
    row.ratio = load / small_load
    row.passed = True
    row.measured = f"{size}: first features drawn after {load:.2f} s (1× export: {small_load:.2f} s)"
    row.samples.update({"big_load": [o.load_s for o in opened], "small_load": [o.load_s for o in small]})
    pans = [p for o in opened for p in o.pan_s]
    zooms = [z for o in opened for z in o.zoom_s]
    drawn = min(o.drawn_after for o in opened)
    row = rows["big_export_pan"]
    row.passed = drawn > 0 and median(pans) <= PAN_LIMIT_S
    row.measured = (f"pan {median(pans):.3f} s, zoom {median(zooms):.3f} s to the second frame after; "
                    f"{drawn:,} features drawn afterwards (1× export: pan "
                    f"{median([p for o in small for p in o.pan_s]):.3f} s, zoom "
                    f"{median([z for o in small for z in o.zoom_s]):.3f} s)")
    row.samples.update({"pan": pans, "zoom": zooms})
    log(f"exports opened: 1× {small_load:.2f} s, {plan.big}× {load:.2f} s")


def _big_app(ctx: Context, chrome, steps, app: AppTarget) -> None:
    plan, rows = ctx.plan, ctx.rows
    timeout = _timeout_error()
    cold_1x = ctx.measured.get("cold", {}).get("app")
    if not cold_1x:  # the app section did not run: measure the app at 1× here
        cold_1x = [appbench.cold_start(chrome, app, steps.colours, plan.timeout_ms, "cold-1x")]
    big = AppTarget(f"app-x{plan.big}", app.script, app.repo_root,
                    app.env | {"CORRIDORS_DATA": str(ctx.data_dirs[plan.big])}, app.logs)
    cold, toggles = [], None
    limit = f"{plan.big_timeout_ms / 1000:.0f} s"
    # A first start, untimed, as at 1×: the larger atlas's map is then kept on disk too. If it shows no map
    # in time, the timed starts below say so.
    with contextlib.suppress(timeout):
        appbench.cold_start(chrome, big, steps.colours, plan.big_timeout_ms, "first-use")
    for i in range(plan.runs):
        try:
            with appbench.open_app(chrome, big, steps.colours, plan.big_timeout_ms, f"cold-{i + 1}") as (page, took):
                cold.append(took)
                log(f"app at {plan.big}×: cold start {took:.2f} s")
                if i == plan.runs - 1:  # the last session goes on to time the toggle
                    toggles = appbench.interleaved_changes({"app": page}, steps, plan.cycles, plan.big_timeout_ms,
                                                           ("toggle_sidebar",))["app"]
        except timeout:
            if len(cold) == i:  # no map in time: another try would only wait as long again
                break
            raise
    row = rows["big_app_cold"]
    row.samples.update({"app_big": cold, "app_1x": cold_1x})
    if not cold:
        row.passed = False
        row.measured = f"no map within {limit} (app at 1×: {median(cold_1x):.2f} s)"
        rows["big_app_toggle"].passed = False
        rows["big_app_toggle"].measured = "not measured: the app showed no map"
        return
    row.ratio = median(cold) / median(cold_1x)
    row.measured = f"{median(cold):.2f} s at {plan.big}× vs {median(cold_1x):.2f} s at 1×" + (
        f" ({plan.runs - len(cold)} of {plan.runs} starts showed no map within {limit})" if len(cold) < plan.runs
        else "")
    if len(cold) < plan.runs:
        row.passed = False
    row = rows["big_app_toggle"]
    naive = ctx.measured.get("changes", {}).get("naive")
    if toggles is None or "toggle_sidebar" in toggles.errors:
        row.error = toggles.errors["toggle_sidebar"] if toggles else "the last start showed no map"
    elif naive is None or not naive.toggle_sidebar:
        row.error = "needs the naive rebuild at 1× (the `app` section)"
    else:
        row.ratio = median(toggles.toggle_sidebar) / median(naive.toggle_sidebar)
        row.measured = (f"{median(toggles.toggle_sidebar):.3f} s at {plan.big}× vs the naive rebuild at 1× "
                        f"{median(naive.toggle_sidebar):.3f} s")
        row.samples.update({"app_big": toggles.toggle_sidebar})


def _sessions(ctx: Context, chrome, app: AppTarget, naive: AppTarget) -> None:
    plan, rows = ctx.plan, ctx.rows
    result = {}
    # The machine's floor: the smallest Streamlit + folium page, opened the same way.
    minimal = AppTarget("minimal", ctx.repo_root / "benchmarks" / "minimal_app.py", app.repo_root, app.env, app.logs)
    for target in (app, naive, minimal):
        result[target.name] = appbench.concurrent_sessions(chrome, target, plan.sessions, plan.rounds,
                                                           plan.timeout_ms)
        for n, rounds in result[target.name].items():
            log(f"{target.name}: {n} session(s): slowest {seconds([r.slowest for r in rounds])} s")

    def slowest(name: str, n: int) -> float:
        return median([r.slowest for r in result[name][n]])

    one = plan.sessions[0]
    for key, n in (("sessions_mid", plan.sessions[1]), ("sessions_max", plan.sessions[-1])):
        row = rows[key]
        row.ratio = slowest("app", n) / slowest("app", one)
        typical = statistics.median([t for r in result["app"][n] for t in r.first_map_s])
        row.measured = (f"app: {slowest('app', one):.2f} s alone, {slowest('app', n):.2f} s slowest of {n} "
                        f"(median session {typical:.2f} s); naive: {slowest('naive', one):.2f} s alone, "
                        f"{slowest('naive', n):.2f} s slowest of {n}; the minimal page "
                        f"(`benchmarks/minimal_app.py`): {slowest('minimal', one):.2f} s alone, "
                        f"{slowest('minimal', n):.2f} s slowest of {n} "
                        f"({slowest('minimal', n) / slowest('minimal', one):.1f}×, this machine's floor)")
        row.samples.update({name: {str(m): [r.first_map_s for r in rounds] for m, rounds in result[name].items()
                                   if m in (one, n)} for name in result})
