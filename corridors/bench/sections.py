"""The benchmark's sections without a browser: the atlases it measures on, the exports, the command line."""

from __future__ import annotations

import subprocess
import time

from corridors.bench import clibench, exportbench
from corridors.bench.report import seconds
from corridors.bench.run import Context, guard, log, median

NOTES = [
    "Cold start: a new `streamlit run` server per sample (localhost, headless, no file watcher); once it answers "
    "`/_stcore/health`, a new Chromium context navigates to it; the figure is the browser's time from navigation "
    "start to the first frame with an atlas feature drawn in the map (an SVG path or symbol in an atlas colour, "
    "or a Canvas-rendered layer), found in whichever same-origin iframe holds the Leaflet map.",
    "Changes (layer toggle, naming, status filter): both apps started afresh and open side by side, stepped "
    "alternately (app, naive, app, …) so both meet the same machine load; each latency runs from the pointer or "
    "key press to the first frame in which the map shows the result — the layer's features gone or back while "
    "another layer stays drawn; every live tooltip using the new naming; the filtered set of features drawn (the "
    "first filter until the drawn count changes, later ones until it equals the settled count read after the "
    "first). Between steps the page settles: script idle and the map unchanged for 0.5 s. Both apps are driven "
    "by the same widget keys (`layer_<corridor>`, `statuses`, `naming`); the naive app rebuilds the whole map "
    "with `st_folium` on every change. The first change of each kind may fill the app's caches: it is one of "
    "the six samples and shown as \"first\".",
    "Cold starts alternate app, naive, app, …. `$CORRIDORS_CACHE` points every process at the run's own cache "
    "folder: where the code caches validation (`corridors.data.cache`), the run's first load of each atlas "
    "fills it, as any earlier use of the same data would have; code without that cache validates on every load. "
    "Before the timed starts each app (and the app on the larger atlas) is started once, untimed, so what it "
    "keeps on disk (the map built once per data version) is there, as after any earlier start of a deployment. "
    "`streamlit run app.py` serves the page through `st.App`, whose start-up hook loads the atlas and the map "
    "in a background thread (`corridors.app.warmup`) while the server already answers; the baseline has none.",
    "Compact GeoJSON: the atlas features as the data files hold them plus the basemap's countries, each "
    "serialized with `separators=(',', ':')`, UTF-8. Export time: `corridors.export.export(atlas, 'html', …)` "
    "on an atlas already loaded, as CPU seconds of the process (the wall time, also shown, counts whatever "
    "else the shared machine runs); the exponent is the least-squares slope of log(time) on log(scale).",
    "Larger atlases (`corridors/bench/scale.py`): every feature copied N times with new ids, shifted by at "
    "most ~300 m, into a temporary data folder; validated like the real atlas.",
    "HTML export in Chromium: load = navigation to the first drawn feature (`file://`); pan = `panBy` half the "
    "map width, zoom = one level, each until the second frame after (no animation).",
    "CLI: a new interpreter per run, after one untimed run; heavy imports are read from `sys.modules` at the "
    "end of a separate run.",
    "Concurrent sessions: one server that has served one reader; N Chromium contexts navigate at once; the "
    "figure is the slowest session's first map, median over rounds. The same is measured for the smallest "
    "Streamlit + folium page (`benchmarks/minimal_app.py`: a title and a one-line map): every reader's Chromium "
    "and the server share the machine's two cores, so how that page's slowest session grows is the floor no "
    "app can beat here.",
]


def prepare(ctx: Context) -> None:
    """The atlases at every scale the plan needs: written, validated and loaded once."""
    from corridors.bench.scale import scaled_atlas
    from corridors.data.atlas import load_atlas
    from corridors.data.paths import bundled_data_dir

    plan = ctx.plan
    ctx.data_dirs = {1: bundled_data_dir()}
    ctx.atlases = {}
    for n in sorted(set(plan.scales) | {plan.big}):
        if n > 1:
            ctx.data_dirs[n] = scaled_atlas(n, ctx.work / f"atlas-x{n}")
        start = time.perf_counter()
        ctx.atlases[n] = load_atlas(ctx.data_dirs[n])
        log(f"atlas at {n}×: {len(ctx.atlases[n].features):,} features, loaded and validated in "
            f"{time.perf_counter() - start:.1f} s")


def exports(ctx: Context) -> None:
    plan, rows = ctx.plan, ctx.rows
    ctx.exports = {}
    with guard(rows, "export_exponent", "export_bytes"):
        walls, cpus = [], []
        for n in plan.scales:
            wall, cpu = [], []
            for i in range(plan.runs):
                out = ctx.work / f"export-x{n}-{i}.html"
                took = exportbench.timed_export(ctx.atlases[n], out)
                wall.append(round(took[0], 4))
                cpu.append(round(took[1], 4))
                ctx.exports.setdefault(n, out)
            walls.append(median(wall))
            cpus.append(median(cpu))
            size = ctx.exports[n].stat().st_size
            log(f"export at {n}×: wall {seconds(wall)} s, CPU {seconds(cpu)} s, {size:,} bytes")
            rows["export_exponent"].samples[f"{n}x"] = {"wall": wall, "cpu": cpu}
        row = rows["export_exponent"]
        row.ratio = exportbench.loglog_slope(list(plan.scales), cpus)
        row.measured = (", ".join(f"{n}×: {c:.2f} s" for n, c in zip(plan.scales, cpus, strict=True))
                        + f" of CPU (wall: {', '.join(f'{w:.2f} s' for w in walls)}; wall-time slope "
                        f"{exportbench.loglog_slope(list(plan.scales), walls):.2f})")
        _bytes_row(ctx, "export_bytes", 1)
    with guard(rows, "big_export_bytes"):
        n = plan.big
        if n not in ctx.exports:
            out = ctx.work / f"export-x{n}-0.html"
            try:
                wall, cpu = exportbench.export_in_child(ctx.data_dirs[n], out, ctx.repo_root, ctx.env,
                                                        plan.big_export_timeout_s)
            except subprocess.TimeoutExpired:
                row = rows["big_export_bytes"]
                row.passed = False
                row.measured = f"the export did not finish within {plan.big_export_timeout_s:.0f} s"
                log(f"export at {n}×: {row.measured}")
                return
            ctx.exports[n] = out
            rows["big_export_bytes"].samples.update({"export_wall_s": round(wall, 4), "export_cpu_s": round(cpu, 4)})
            log(f"export at {n}×: wall {wall:.1f} s, CPU {cpu:.1f} s, {out.stat().st_size:,} bytes")
        _bytes_row(ctx, "big_export_bytes", n)
        rows["big_export_bytes"].measured += (
            f"; written in {rows['big_export_bytes'].samples['export_wall_s']:.0f} s"
            if "export_wall_s" in rows["big_export_bytes"].samples else "")


def _bytes_row(ctx: Context, key: str, n: int) -> None:
    html = ctx.exports[n].stat().st_size
    compact = exportbench.compact_geojson_bytes(ctx.data_dirs[n])
    total = compact["features"] + compact["basemap"]
    row = ctx.rows[key]
    row.ratio = html / total
    row.measured = (f"{html:,} B HTML vs {total:,} B compact GeoJSON ({compact['features']:,} B features + "
                    f"{compact['basemap']:,} B basemap); the features alone: {html / compact['features']:.1f}×")
    row.samples.update({"html_bytes": html, **{f"geojson_{k}_bytes": v for k, v in compact.items()}})


def cli(ctx: Context) -> None:
    for command, key in (("--help", "cli_help"), ("list", "cli_list"), ("validate", "cli_validate")):
        with guard(ctx.rows, key):
            times = clibench.wall_times(command, ctx.plan.runs, ctx.repo_root, ctx.env)
            heavy = clibench.heavy_imports(command, ctx.repo_root, ctx.env)
            row = ctx.rows[key]
            forbidden = [m for m in heavy if m in clibench.FORBIDDEN.get(command, ())]
            if command in clibench.FORBIDDEN:
                row.passed = not forbidden
            listed = ", ".join(heavy) or "none of " + ", ".join(clibench.HEAVY)
            row.measured = (f"{median(times):.2f} s; imports {listed}"
                            + (f" — forbidden: {', '.join(forbidden)}" if forbidden else ""))
            row.samples.update({"wall_s": times, "heavy_imports": heavy})
            log(f"`{command}`: {seconds(times)} s; imports {', '.join(heavy) or 'nothing heavy'}")


def browser_sections(ctx: Context, only: tuple[str, ...]) -> str | None:
    from corridors.bench import browser
    from corridors.bench.browsersections import run_browser_sections

    with browser.chromium() as chrome:
        run_browser_sections(ctx, chrome, only)
        return chrome.version
