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
    var maxWidth = Math.max(160, size.x - 2 * PAD - 40);  // 40: the popup's own padding and close button
    if (popup.options.maxWidth > maxWidth) { popup.options.maxWidth = maxWidth; popup.update(); }
    var origin = container.getBoundingClientRect();
    var box = rel(el, origin);
    var dx = box.left < PAD ? box.left - PAD : box.right > size.x - PAD ? box.right - (size.x - PAD) : 0;
    box.left -= dx; box.right -= dx;
    // The controls in the popup's columns, split by the map's middle into those above and below.
    var top = PAD;
    var bottom = size.y - PAD;
    controls(map).forEach(function (r) {
      if (r.right + PAD <= box.left || r.left - PAD >= box.right) { return; }
      if (r.top + r.height / 2 < size.y / 2) { top = Math.max(top, r.bottom + PAD); }
      else { bottom = Math.min(bottom, r.top - PAD); }
    });
    var room = bottom - top;
    if (box.height > room) {
      var content = el.querySelector('.leaflet-popup-content');
      var chrome = box.height - (content ? content.offsetHeight : 0);
      popup.options.maxHeight = Math.max(80, room - chrome);
      popup.update();
      box = rel(el, origin);
      box.left -= dx; box.right -= dx;
    }
    var dy = box.top < top ? box.top - top : box.bottom > bottom ? box.bottom - bottom : 0;
    if (dx || dy) { map.panBy([dx, dy], {animate: false}); }
    container.setAttribute('data-popup-fitted', String(Date.now()));
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
