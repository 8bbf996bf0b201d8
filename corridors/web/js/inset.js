/* Corridor Atlas detail inset (issue 8): a second small map of the crowded South Caucasus.
 *
 * CorridorInset.attach(map, data, {layers}) adds, in the map's bottom-right corner, a small Leaflet
 * map of data.bounds: the land, the atlas's features there (drawn as on the main map, from styles
 * computed in Python), and their labels (CorridorLabels). The region is outlined on the main map;
 * a click on the inset zooms the main map to it. The inset hides while the main map is zoomed in
 * that far already, follows the main map's layer toggles, filters and naming (the state of
 * CorridorAtlas, js/atlas.js: data.features carry their ids), and counts as a control, so labels and
 * popups keep clear of it. Names reach the page through the label placer (textContent) only; the
 * marker markup in data.features is the atlas's own SVG symbols, never text from data.
 */
(function () {
  'use strict';
  if (window.CorridorInset) { return; }

  // About a quarter of a wide map's width, nearly half of a phone's, and never more than about a
  // third of the map's height (a report column's map is short); never under 150 px wide.
  function size(map) {
    var s = map.getSize();
    var w = Math.min(s.x * (s.x < 500 ? 0.46 : 0.28), s.y * 0.5, 260);
    w = Math.round(Math.max(150, w));
    return [w, Math.round(w * 0.72)];
  }

  window.CorridorInset = {
    attach: function (map, data, options) {
      if (map._caInsetControl) { map._caInsetControl.remove(); map._caInsetOutline.remove(); }  // attached again
      var layersOf = (options || {}).layers || {};
      var bounds = L.latLngBounds(data.bounds);
      var control = L.control({position: 'bottomright'});
      var inset = null;
      var groups = {};
      var drawn = [];  // {id, layer, group}: each feature, so the main map's filters apply here too
      control.onAdd = function () {
        var box = L.DomUtil.create('div', 'ca-inset leaflet-control');
        box.setAttribute('data-testid', 'detail-inset');
        box.setAttribute('role', 'button');
        box.setAttribute('tabindex', '0');
        box.setAttribute('aria-label', 'Detail: ' + data.title + '. Zoom the map to it.');
        var title = L.DomUtil.create('div', 'ca-inset-title', box);
        title.textContent = data.title;
        var frame = L.DomUtil.create('div', 'ca-inset-map', box);
        var wh = size(map);
        frame.style.width = wh[0] + 'px';
        frame.style.height = wh[1] + 'px';
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var zoomTo = function () { map.flyToBounds(bounds, {padding: [20, 20], duration: 0.8}); };
        L.DomEvent.on(box, 'click', zoomTo);
        L.DomEvent.on(box, 'keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { zoomTo(); } });
        return box;
      };
      control.addTo(map);
      var frame = control.getContainer().querySelector('.ca-inset-map');
      inset = L.map(frame, {
        zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
        doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, tap: false,
        zoomSnap: 0, inertia: false, fadeAnimation: false, zoomAnimation: false
      });
      inset.fitBounds(bounds, {animate: false});
      L.geoJSON(data.land, {interactive: false, style: function () { return data.landStyle; }}).addTo(inset);
      data.features.features.forEach(function (f) {
        var corridor = f.properties.corridor;
        var group = groups[corridor] || (groups[corridor] = L.layerGroup().addTo(inset));
        var layer = L.geoJSON(f, {
          interactive: false,
          style: function () { return f.properties.path; },
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, {interactive: false, keyboard: false, icon: L.divIcon({
              className: 'ca-marker', html: feature.properties.marker, iconSize: [16, 16], iconAnchor: [8, 8]})});
          }
        }).addTo(group);
        drawn.push({id: f.properties.id, layer: layer, group: group});
      });
      if (window.CorridorLabels) { window.CorridorLabels.attach(inset, data.labels, {layers: groups, follow: map}); }
      var outline = L.rectangle(bounds, {interactive: false, color: '#555', weight: 1, dashArray: '4 3',
                                         fill: false}).addTo(map);

      function refresh() {
        // The main map's layer toggles apply to the inset too.
        Object.keys(groups).forEach(function (corridor) {
          var main = layersOf[corridor];
          var on = !main || map.hasLayer(main);
          if (on && !inset.hasLayer(groups[corridor])) { groups[corridor].addTo(inset); }
          if (!on && inset.hasLayer(groups[corridor])) { inset.removeLayer(groups[corridor]); }
        });
        // And its filters (status, mode, date), feature by feature.
        var shown = window.CorridorAtlas && window.CorridorAtlas.isShown;
        drawn.forEach(function (d) {
          var on = !shown || d.id === undefined || window.CorridorAtlas.isShown(map, d.id);
          if (on && !d.group.hasLayer(d.layer)) { d.group.addLayer(d.layer); }
          if (!on && d.group.hasLayer(d.layer)) { d.group.removeLayer(d.layer); }
        });
        // Not needed once the main map shows the region this large itself.
        var needed = map.getZoom() < map.getBoundsZoom(bounds) - 1.5;
        control.getContainer().style.display = needed ? '' : 'none';
        if (needed) { outline.addTo(map); } else { outline.remove(); }
      }
      map.on('zoomend overlayadd overlayremove ca:state', refresh);
      map.on('resize', function () {
        var wh = size(map);
        frame.style.width = wh[0] + 'px';
        frame.style.height = wh[1] + 'px';
        inset.invalidateSize({animate: false});
        inset.fitBounds(bounds, {animate: false});
        refresh();
      });
      map.whenReady(refresh);
      map._caInset = inset;
      map._caInsetControl = control;
      map._caInsetOutline = outline;
      return inset;
    }
  };
})();
