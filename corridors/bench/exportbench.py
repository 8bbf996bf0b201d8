"""The HTML export measured: its bytes against compact GeoJSON, its time as the atlas grows, and how
Chromium opens and pans it.

"Compact GeoJSON of the same features" is what the exported map draws, as
small as plain GeoJSON gets: the atlas features as the data files hold them
(all properties, coordinates as in the data) plus the basemap's country shapes
(``geodata/reference/basemap.geojson``), each serialized with
``separators=(",", ":")`` and no ASCII escaping. Leaflet and the page around
it are not in it: the ratio says how much the export adds to the data it shows.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from corridors.bench import browser

PAN_JS = """async (colours) => {
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const w = window.__ca.mapWindows()[0], m = window.__ca.leafletMap(w);
  const out = {pan: [], zoom: []};
  for (const dx of [0.5, -0.5, 0.5]) {
    const t = performance.now();
    m.panBy([m.getSize().x * dx, 0], {animate: false});
    await frames();
    out.pan.push(performance.now() - t);
  }
  for (const dz of [1, -1, 1]) {
    const t = performance.now();
    m.setZoom(m.getZoom() + dz, {animate: false});
    await frames();
    out.zoom.push(performance.now() - t);
  }
  out.drawn = window.__ca.drawn(colours);
  return out;
}"""


def _compact(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compact_geojson_bytes(data_dir: Path) -> dict[str, int]:
    """Bytes of the atlas features and of the basemap as compact GeoJSON FeatureCollections."""
    from corridors.data.paths import atlas_files
    from corridors.data.reference import BASEMAP_FILE, reference_root

    features = []
    for path in atlas_files(data_dir):
        features += json.loads(path.read_text(encoding="utf-8")).get("features") or []
    basemap = json.loads((reference_root(data_dir) / BASEMAP_FILE).read_text(encoding="utf-8"))
    return {
        "features": len(_compact({"type": "FeatureCollection", "features": features})),
        "basemap": len(_compact(basemap)),
    }


def timed_export(atlas, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to write the atlas as one HTML file (the atlas already loaded: the export alone).

    CPU time is this process's alone: on a shared machine the wall time also
    measures the neighbours, which can bend a scaling exponent either way.
    """
    from corridors.export import export

    wall, cpu = time.perf_counter(), time.process_time()
    export(atlas, "html", out)
    return time.perf_counter() - wall, time.process_time() - cpu


_CHILD = """
import json, sys
from pathlib import Path
from corridors.bench.exportbench import timed_export
from corridors.data.atlas import load_atlas
wall, cpu = timed_export(load_atlas(sys.argv[1]), Path(sys.argv[2]))
print("EXPORT " + json.dumps({"wall": wall, "cpu": cpu}))
"""


def export_in_child(data_dir: Path, out: Path, repo_root: Path, env: dict[str, str], timeout_s: float
                    ) -> tuple[float, float]:
    """``timed_export`` in a child process that is killed after ``timeout_s`` (``subprocess.TimeoutExpired``).

    For the large atlas: an export that grows faster than linearly must cost the
    run a bounded wait, not hang it.
    """
    full_env = {k: v for k, v in os.environ.items() if k != "CORRIDORS_DATA"} | {"PYTHONPATH": str(repo_root)} | env
    done = subprocess.run([sys.executable, "-c", _CHILD, str(data_dir), str(out)], cwd=repo_root, env=full_env,
                          capture_output=True, text=True, timeout=timeout_s, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("EXPORT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"the export exited {done.returncode}: {done.stderr[-500:]}")
    result = json.loads(line.removeprefix("EXPORT "))
    return result["wall"], result["cpu"]


def loglog_slope(scales: list[float], seconds: list[float]) -> float:
    """Least-squares slope of log(time) on log(scale): 1 is linear growth."""
    xs, ys = [math.log(s) for s in scales], [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        raise ValueError("the scales must differ to fit a slope")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den


@dataclass
class Opened:
    load_s: float  # navigation to the first drawn feature
    pan_s: list[float]  # half a map width, to the second frame after
    zoom_s: list[float]  # one zoom level, to the second frame after
    drawn_after: int  # features still drawn after panning and zooming


def open_in_chromium(chrome, html: Path, colours: list[str], timeout_ms: float) -> Opened:
    with browser.new_page(chrome, colours) as page:
        page.goto(html.resolve().as_uri(), wait_until="commit", timeout=timeout_ms)
        load_ms = browser.first_map_ms(page, timeout_ms)
        page.set_default_timeout(timeout_ms)
        moved = page.evaluate(PAN_JS, colours)
    return Opened(
        load_s=round(load_ms / 1000, 4),
        pan_s=[round(v / 1000, 4) for v in moved["pan"]],
        zoom_s=[round(v / 1000, 4) for v in moved["zoom"]],
        drawn_after=int(moved["drawn"]),
    )
