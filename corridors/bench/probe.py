"""What the benchmark asks the browser: is the map drawn, which layers, which names — and when.

``init_script(colours)`` is installed in every frame before any page script
runs (Playwright ``add_init_script``). In every frame it records the time of
the last user input (pointer or key) in the top window, so a latency is
measured from the press to the change, in the browser's own clock, without the
driver's round trips. In the top window it defines ``window.__ca``:

* ``drawn(colours)`` — atlas features drawn in those colours: SVG paths and
  symbol markers in the Leaflet panes, plus vectors on a Canvas renderer (which
  leave no element behind: they are counted from the live Leaflet layers);
* ``labels()`` — the text of every tooltip bound to a live Leaflet layer (a
  naming change shows there first; a function tooltip is called for its text);
* ``scriptIdle()`` — Streamlit's script is not running (true outside Streamlit);
* ``now()`` — an absolute time in ms, comparable across frames.

It also watches for the first map from navigation on: ``window.__caFirstMap``
is set (ms since navigation start) at the first frame in which some feature in
the atlas colours is drawn. It looks for the map in the top document and in
every same-origin iframe that holds a ``.leaflet-container`` (the Streamlit
component's iframe, whatever its title), so the project's app can change how it
embeds the map without breaking the benchmark; the contract is only "Leaflet,
the atlas colours, tooltips with the displayed names".
"""

from __future__ import annotations

import json

_SCRIPT = r"""
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const mark = () => {
    try { window.top.__caInput = now(); } catch (e) { window.__caInput = now(); }
  };
  addEventListener('pointerdown', mark, true);
  addEventListener('keydown', mark, true);
  if (window.top !== window) return;

  const COLOURS = __COLOURS__;
  const same = (a, b) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

  function mapWindows() {
    const out = [];
    if (document.querySelector('.leaflet-container')) out.push(window);
    for (const f of document.querySelectorAll('iframe')) {
      try {
        const w = f.contentWindow;
        if (w && w.document && w.document.querySelector('.leaflet-container')) out.push(w);
      } catch (e) { /* cross-origin: not ours */ }
    }
    return out;
  }

  function leafletMap(w) {
    if (!w.L || !w.L.Map) return null;
    if (w.__caMap && w.__caMap._container && w.__caMap._container.isConnected) return w.__caMap;
    let found = null;
    if (w.map instanceof w.L.Map) found = w.map;
    if (!found) {
      for (const k of Object.keys(w)) {
        let v; try { v = w[k]; } catch (e) { continue; }
        if (v instanceof w.L.Map) { found = v; break; }
      }
    }
    w.__caMap = found;
    return found;
  }

  function drawn(colours) {
    let n = 0;
    for (const w of mapWindows()) {
      const d = w.document;
      for (const c of colours) {
        n += d.querySelectorAll('.leaflet-overlay-pane path[stroke="' + c + '" i]').length;
        n += d.querySelectorAll('.leaflet-marker-pane svg[fill="' + c + '" i]').length;
      }
      const m = leafletMap(w);
      if (m && w.L.Canvas) {
        for (const l of Object.values(m._layers)) {
          if (l._renderer instanceof w.L.Canvas && l.options && colours.some((c) => same(l.options.color, c))) n++;
        }
      }
    }
    return n;
  }

  function text(w, content, layer) {
    if (typeof content === 'function') { try { content = content(layer); } catch (e) { return ''; } }
    if (content && content.nodeType) return content.textContent || '';
    if (typeof content !== 'string') return '';
    const div = w.document.createElement('div');
    div.innerHTML = content;
    return div.textContent || '';
  }

  function labels() {
    const out = [];
    for (const w of mapWindows()) {
      const m = leafletMap(w);
      if (!m) continue;
      for (const l of Object.values(m._layers)) {
        const t = l.getTooltip && l.getTooltip();
        if (t) out.push(text(w, t.getContent ? t.getContent() : t._content, l));
      }
    }
    return out;
  }

  function scriptIdle() {
    const app = document.querySelector('[data-testid="stApp"]');
    return !app || app.dataset.testScriptState === 'notRunning';
  }

  window.__ca = { now, mapWindows, leafletMap, drawn, labels, scriptIdle };

  // The first map: checked every frame, and every 10 ms in case frames are throttled.
  let timer = null;
  const check = () => {
    if (window.__caFirstMap !== undefined) return;
    let n = 0;
    try { n = drawn(COLOURS); } catch (e) { n = 0; }
    if (n > 0) {
      window.__caFirstMap = performance.now();
      clearInterval(timer);
      return;
    }
    requestAnimationFrame(check);
  };
  timer = setInterval(check, 10);
  requestAnimationFrame(check);
})();
"""


def init_script(colours: list[str]) -> str:
    return _SCRIPT.replace("__COLOURS__", json.dumps(colours))


# A condition over ``window.__ca``, returning the time it first held (for wait_for_function).
def timed(condition: str) -> str:
    return f"(arg) => (({condition})(arg) ? window.__ca.now() : false)"


# Layer ``arg.on`` drawn (or gone when ``arg.present`` is false) while layer ``arg.anchor`` stays drawn.
LAYER_STATE = """(arg) => {
  const n = window.__ca.drawn([arg.colour]), k = window.__ca.drawn([arg.anchor]);
  return k > 0 && (arg.present ? n > 0 : n === 0);
}"""

# Exactly ``arg.count`` atlas features drawn.
COUNT_IS = "(arg) => window.__ca.drawn(arg.colours) === arg.count"

# Some tooltip shows ``arg.show`` and none shows ``arg.hide``, on a drawn map.
NAMES_ARE = """(arg) => {
  if (window.__ca.drawn(arg.colours) === 0) return false;
  const texts = window.__ca.labels();
  return texts.some((t) => t.includes(arg.show)) && !texts.some((t) => t.includes(arg.hide));
}"""

# Streamlit idle and the drawn count unchanged for ``arg.quiet`` ms: nothing left to rerun or draw.
QUIET = """(arg) => {
  const t = performance.now(), n = window.__ca.drawn(arg.colours), idle = window.__ca.scriptIdle();
  if (!idle || n === 0 || window.__caQuietN !== n) {
    window.__caQuietN = n; window.__caQuietSince = idle && n > 0 ? t : null; return false;
  }
  if (window.__caQuietSince === null) { window.__caQuietSince = t; return false; }
  return t - window.__caQuietSince >= arg.quiet;
}"""
