"""What a reader sees on an exported map, measured in the browser: labels, controls, popups.

Shared by the browser tests of the web map. Every figure comes from the live
page (``getBoundingClientRect``), so it measures what is drawn, not what was meant.
"""

from __future__ import annotations

# The Leaflet map of the page (folium names it map_<hex>); the first one is the main map.
MAIN_MAP_JS = "Object.values(window).find(v => v && v instanceof L.Map && v._caLabels)"

PLACED_LABELS_JS = f"window.CorridorLabels.placed({MAIN_MAP_JS})"
# The labels of the detail inset (a second Leaflet map inside a control of the main one).
INSET_LABELS_JS = (
    f"(() => {{ const m = {MAIN_MAP_JS}; return m._caInset ? window.CorridorLabels.placed(m._caInset) : []; }})()"
)

# Boxes of the controls and the title over the map, clipped to it; and the share of the
# map's area they cover together (a 2 px grid, so overlapping controls count once).
COVERAGE_JS = """
(() => {
  const map = document.querySelector('.folium-map');
  const m = map.getBoundingClientRect();
  const boxes = [...map.querySelectorAll('.leaflet-control'), ...document.querySelectorAll('[data-testid="map-title"]')]
    .map(el => el.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0)
    .map(r => ({left: Math.max(r.left, m.left), top: Math.max(r.top, m.top),
                right: Math.min(r.right, m.right), bottom: Math.min(r.bottom, m.bottom)}))
    .filter(r => r.right > r.left && r.bottom > r.top);
  let covered = 0, total = 0;
  for (let y = m.top + 1; y < m.bottom; y += 2) {
    for (let x = m.left + 1; x < m.right; x += 2) {
      total++;
      if (boxes.some(b => x >= b.left && x < b.right && y >= b.top && y < b.bottom)) { covered++; }
    }
  }
  return {share: covered / total, map: {width: m.width, height: m.height}, boxes: boxes};
})()
"""

CONTROL_BOXES_JS = """
[...document.querySelectorAll('.folium-map .leaflet-control')]
  .map(el => ({cls: el.className, r: el.getBoundingClientRect()}))
  .filter(o => o.r.width > 0 && o.r.height > 0)
  .map(o => ({cls: o.cls, left: o.r.left, top: o.r.top, right: o.r.right, bottom: o.r.bottom}))
"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def overlapping_pairs(labels: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1:]
        if overlap(a["box"], b["box"])
    ]


PLACE_KINDS = {"place", "capital", "city", "sea", "region"}


def place_labels(labels: list[dict]) -> list[dict]:
    return [label for label in labels if label["kind"] in PLACE_KINDS]


def corridor_labels(labels: list[dict]) -> set[str]:
    return {label["corridor"] for label in labels if label["id"].startswith("corridor:")}


def wait_for_labels(page) -> None:
    page.wait_for_selector(".folium-map[data-labels-shown]")
    # Placement runs on the next animation frame after the last change.
    page.wait_for_function("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")
