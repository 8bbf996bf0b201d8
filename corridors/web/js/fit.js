/* Corridor Atlas: a map that fits its frame (issue 8).
 *
 * CorridorFit.attach(map) makes a Leaflet map behave in a report column and on a phone:
 *  - below NARROW px of map width the container gets the class ca-narrow (else ca-wide): the
 *    stylesheet (css/page.css) then shows the layer control as a button and the credits on one
 *    line;
 *  - the legend starts closed, a button, at every size: open it covered a fifth of a desktop map
 *    (the Caucasus, at the first view); the corridors' names on the map carry their colours, and
 *    a reader who opens or closes the legend keeps that choice;
 *  - a popup opens fully visible and clear of every control: the map pans it between the
 *    controls above and below it, and caps its width and height to the room there is;
 *  - an online basemap that fails to load says so on the map instead of leaving it blank.
 */
(function () {
  'use strict';
  if (window.CorridorFit) { return; }

  var NARROW = 800;  // px of map width below which controls fold into buttons
  var PAD = 8;  // px kept between a popup and a control or the map's edge

  // Leaflet's own autoPan knows nothing of the controls; the fit below replaces it.
  L.Popup.prototype.options.autoPan = false;

  function rel(el, origin) {
    var r = el.getBoundingClientRect();
    return {left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left,
            bottom: r.bottom - origin.top, width: r.width, height: r.height};
  }

  function controls(map) {
    var origin = map.getContainer().getBoundingClientRect();
    return Array.prototype.map.call(map.getContainer().querySelectorAll('.leaflet-control'), function (el) {
      return rel(el, origin);
    }).filter(function (r) { return r.width > 0 && r.height > 0; });
  }

  function layout(map) {
    var container = map.getContainer();
    var narrow = container.clientWidth < NARROW;
    container.classList.toggle('ca-narrow', narrow);
    container.classList.toggle('ca-wide', !narrow);
    container.querySelectorAll('.ca-legend details').forEach(function (details) {
      if (!details.hasAttribute('data-reader-set')) { details.open = false; }
    });
  }

  // Pan the map so the popup lies between the controls above and below it; shrink it if it must.
  function fitPopup(map, popup) {
    var container = map.getContainer();
    var el = popup.getElement();
    if (!el) { return; }
    var size = map.getSize();
    // 50: the popup's own margins (leaflet.css: 20 + 24 px) and its wrapper's border.
    var maxWidth = Math.max(160, size.x - 2 * PAD - 50);
    if (popup.options.maxWidth > maxWidth) { popup.options.maxWidth = maxWidth; popup.update(); }
    var box = rel(el, container.getBoundingClientRect());
    // First across (into the map), then the band clear of controls in the columns it will have.
    var dx = box.left < PAD ? box.left - PAD : box.right > size.x - PAD ? box.right - (size.x - PAD) : 0;
    var room = clearBand(map, {left: box.left - dx, right: box.right - dx});
    if (box.height > room.bottom - room.top) {
      shrink(popup, el, box.height - (room.bottom - room.top));
      box = rel(el, container.getBoundingClientRect());
    }
    var dy = box.top < room.top ? box.top - room.top : box.bottom > room.bottom ? box.bottom - room.bottom : 0;
    var pan = withinLimits(map, dx, dy);
    if (pan[0] || pan[1]) { map.panBy(pan, {animate: false}); }
    // Where the map cannot pan past its limits (maxBounds), the popup gets shorter instead.
    box = rel(el, container.getBoundingClientRect());
    if (box.top < room.top) { shrink(popup, el, room.top - box.top); }
    container.setAttribute('data-popup-fitted', String(Date.now()));
  }

  // The band of the map between the controls above and below the popup's columns.
  function clearBand(map, box) {
    var size = map.getSize();
    var top = PAD;
    var bottom = size.y - PAD;
    controls(map).forEach(function (r) {
      if (r.right + PAD <= box.left || r.left - PAD >= box.right) { return; }
      if (r.top + r.height / 2 < size.y / 2) { top = Math.max(top, r.bottom + PAD); }
      else { bottom = Math.min(bottom, r.top - PAD); }
    });
    return {top: top, bottom: bottom};
  }

  // The part of a pan by (dx, dy) pixels that keeps the view inside the map's maxBounds (Leaflet
  // would pan back, animated, after the popup was measured).
  function withinLimits(map, dx, dy) {
    var limits = map.options.maxBounds;
    if (!limits) { return [dx, dy]; }
    var zoom = map.getZoom();
    var nw = map.project(limits.getNorthWest(), zoom);
    var se = map.project(limits.getSouthEast(), zoom);
    var view = map.getPixelBounds();
    function clamp(v, lo, hi) { return lo > hi ? 0 : Math.min(hi, Math.max(lo, v)); }
    return [clamp(dx, nw.x - view.min.x, se.x - view.max.x), clamp(dy, nw.y - view.min.y, se.y - view.max.y)];
  }

  function shrink(popup, el, by) {
    var content = el.querySelector('.leaflet-popup-content');
    if (!content) { return; }
    popup.options.maxHeight = Math.max(60, content.offsetHeight - by);
    popup.update();
  }

  // A click on a feature opens its popup: the highlight of another feature (chosen before) goes.
  function hideOtherHighlights(map, popup) {
    var card = popup.getElement() && popup.getElement().querySelector('[data-feature-id]');
    if (!card) { return; }
    var mine = 'ca-focus-for-' + card.getAttribute('data-feature-id');
    map.getContainer().querySelectorAll('.ca-focus').forEach(function (el) {
      if (!el.classList.contains(mine)) { el.style.display = 'none'; }
    });
  }

  // An online basemap that fails says so, once, on the map; the notice goes when a tile loads.
  function watchTiles(map, layer) {
    if (!(layer instanceof L.TileLayer) || layer._caWatched) { return; }
    layer._caWatched = true;
    var notice = null;
    layer.on('tileerror', function () {
      if (notice || !map.hasLayer(layer)) { return; }
      notice = L.DomUtil.create('div', 'ca-notice', map.getContainer());
      notice.setAttribute('role', 'status');
      notice.setAttribute('data-testid', 'basemap-error');
      notice.textContent = 'The online basemap could not be loaded (no network, or the tile server refused). ' +
        'Choose the offline basemap in the layer control; the atlas itself is all here.';
    });
    layer.on('tileload remove', function () {
      if (notice) { notice.remove(); notice = null; }
    });
  }

  window.CorridorFit = {
    NARROW: NARROW,
    attach: function (map) {
      if (map._caFit) { return; }
      map._caFit = true;
      var container = map.getContainer();
      container.addEventListener('click', function (e) {
        var summary = e.target.closest && e.target.closest('.ca-legend summary');
        if (summary) { summary.parentNode.setAttribute('data-reader-set', ''); }
        var credits = e.target.closest && e.target.closest('.leaflet-control-attribution');
        if (credits && !e.target.closest('a')) { credits.classList.toggle('ca-open'); }
      });
      layout(map);
      // Again once the rest of the map's script has added its controls (the legend comes later).
      window.requestAnimationFrame(function () { layout(map); });
      map.on('resize', function () { layout(map); });
      var open = null;
      map.on('popupopen', function (e) {
        open = e.popup;
        hideOtherHighlights(map, e.popup);
        // After the popup has laid itself out.
        window.requestAnimationFrame(function () { fitPopup(map, e.popup); });
      });
      map.on('popupclose', function (e) { if (open === e.popup) { open = null; } });
      container.addEventListener('toggle', function (e) {
        // "More" in a popup: the popup grows; keep it clear of the controls.
        if (open && e.target.closest && e.target.closest('.leaflet-popup')) { fitPopup(map, open); }
      }, true);
      map.eachLayer(function (layer) { watchTiles(map, layer); });
      map.on('layeradd', function (e) { watchTiles(map, e.layer); });
    },
    fitPopup: fitPopup
  };
})();
