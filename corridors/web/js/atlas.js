/* Corridor Atlas in the browser (issue 11): draws the layers from compact data, filters them,
 * swaps names and builds popups on demand, with no server round trip.
 *
 * Python (corridors/web/payload.py) sends, per layer, a compact GeoJSON whose features carry
 * {id, s: style, h: status history, mo: mode, t0/t1: when the sources describe them}, the layer's
 * style table and its popups as data (model.cards.feature_card; long texts stored once). Where a
 * rule or template of Python is needed here (a date's status for the filters; the card template,
 * corridors/web/templates/card.html, in js/card.js, loaded before this file) it is ported line by
 * line, and tests/web/test_browser_html.py checks the two agree for every feature. This file:
 *
 *   CorridorAtlas.init(map, options)             options.bands: draw the error bands; options.canvas:
 *                                                point symbols on the canvas, not as DOM markers
 *   CorridorAtlas.layer(map, corridor, payload)  one layer (an L.FeatureGroup) with its features
 *   CorridorAtlas.topoFeatures(topology, key)    an object of the offline basemap's TopoJSON as GeoJSON
 *   CorridorAtlas.apply(map, state)              show the state {layers, statuses, modes, asOf, naming}
 *   CorridorAtlas.request(map, token, state)     apply a state the app asks for, once per token
 *   CorridorAtlas.state(map)                     the state on screen now
 *
 * A popup or tooltip is built when it opens, from the index, with textContent only: no string
 * from data ever becomes markup. An error band is a stroke as wide as the feature's estimated
 * error at the feature's latitude, re-sized at every zoom (no buffered polygons in the file).
 * Every state change fires 'ca:state' on the map (labels and the legend follow it) and, inside
 * streamlit-folium, hands the state to the app (see report()).
 */
(function () {
  'use strict';
  if (window.CorridorAtlas) { return; }

  var EARTH_M = 40075016.686;  // the equator's length in Web Mercator metres

  function ctxOf(map) {
    if (!map._ca) {
      map._ca = {cards: {}, layers: {}, bands: [], features: [], byId: {}, options: {}, token: null, icons: {},
                 state: {layers: null, statuses: [], modes: [], asOf: null, naming: 'article'}};
    }
    return map._ca;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // ------------------------------------------------------------------ names, cards, tooltips

  // A feature's card and the tables of the layer it came in: {card, layer: {quotes, sources, colour}}.
  function entryOf(ctx, id) { return ctx.cards[id] || null; }

  function nameOf(ctx, id) {
    var entry = entryOf(ctx, id), card = entry && entry.card;
    if (!card) { return id; }
    var naming = ctx.state.naming;
    return (card.nm && card.nm[naming]) || card.n;
  }

  function tooltipContent(ctx, id) {
    var entry = entryOf(ctx, id), card = (entry && entry.card) || {};
    var box = el('span');
    box.appendChild(el('b', null, nameOf(ctx, id)));
    box.appendChild(document.createTextNode(' '));
    box.appendChild(el('span', 'ca-kind', card.k || ''));
    return box;
  }

  function notAfter(date, asOf) {  // corridors.model.timeline.not_after
    return date.slice(0, asOf.length) <= asOf.slice(0, date.length);
  }

  function statusAt(history, sourceDate, asOf) {  // corridors.model.timeline.status_at
    var current = null;
    for (var i = 0; i < history.length; i++) {
      var start = history[i][0] || sourceDate || null;
      if (asOf && start && !notAfter(start, asOf)) { break; }
      current = {entry: history[i], from: start, index: i, next: null};
    }
    if (current && current.index + 1 < history.length) {
      current.next = history[current.index + 1][0] || sourceDate || null;
    }
    return current;
  }

  // The app leaves a layer's popup text in a file of its own (corridors.web.payload.split_cards):
  // fetched once, on the first popup, then the open popup is filled in.
  function popupOrLoad(ctx, id, layer) {
    var entry = entryOf(ctx, id), tables = entry && entry.layer;
    if (!tables || !tables.cardsUrl) { return popupContent(ctx, id); }
    if (!tables.loading) {
      tables.loading = fetch(tables.cardsUrl).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      }).then(function (full) {
        Object.keys(full.cards).forEach(function (fid) {
          if (ctx.cards[fid]) { ctx.cards[fid].card = full.cards[fid]; }
        });
        tables.texts = full.texts;
        tables.cardsUrl = null;
      });
    }
    tables.loading.then(function () {
      var popup = layer.getPopup();
      layer._caPopup = null;  // built again, now with its text
      if (popup && popup.isOpen()) { popup.update(); }
    }, function () {
      tables.loading = null;  // try again on the next popup
      var popup = layer.getPopup(), note = popup && popup.isOpen() && popup.getElement().querySelector('.ca-desc');
      if (note) { note.textContent = 'Its sources could not be loaded; open the popup again to retry.'; }
    });
    var root = el('div', 'ca-popup');
    root.setAttribute('data-feature-id', id);
    root.appendChild(el('h4', null, nameOf(ctx, id)));
    root.appendChild(el('p', 'ca-desc', 'Loading its sources\u2026'));
    return root;
  }

  // The card's rows in the naming shown: only the "Other name" rows change with it (payload.card_index).
  function cardRows(ctx, card) {
    var others = card.on && card.on[ctx.state.naming];
    if (!others) { return card.r; }
    return others.concat(card.r.filter(function (r) { return r[0] !== 'Other name'; }));
  }

  function popupContent(ctx, id) {
    var entry = entryOf(ctx, id), card = entry && entry.card, tables = entry && entry.layer;
    if (!card || !card.r) {
      var empty = el('div', 'ca-popup');
      empty.setAttribute('data-feature-id', id);
      empty.appendChild(el('h4', null, nameOf(ctx, id)));
      return empty;
    }
    var colour = /^#[0-9a-fA-F]{3,8}$/.test(tables.colour || '') ? tables.colour : '#4D4D4D';
    // The compact popup of corridors/web/templates/card.html, built by js/card.js.
    var root = window.CorridorCard.compact(card, tables.texts, {id: id, name: nameOf(ctx, id), colour: colour,
                                                                rows: cardRows(ctx, card)});
    var asOf = ctx.state.asOf, knownBy = ctx.state.knownBy || null;
    if ((asOf && asOf !== tables.asOf) || knownBy !== (tables.knownBy || null)) {
      // The map filters at any date in the browser; a card is written for one date (its status rows).
      var at = tables.asOf ? 'as of ' + tables.asOf : 'as the latest sources give them';
      var note = el('p', 'ca-asof', 'These facts are ' + at + '; the route card beside the map gives them for the ' +
                    'dates you chose.');
      root.insertBefore(note, root.querySelector('.ca-name').nextSibling);
    }
    return root;
  }

  // ------------------------------------------------------------------ drawing

  function metresPerPixel(map, lat) {
    return EARTH_M * Math.cos(lat * Math.PI / 180) / Math.pow(2, map.getZoom() + 8);
  }

  function bandWeight(map, band) {
    // Either side of the line: the stroke is twice the reach. Never thinner than a hairline.
    return Math.max(1, 2 * band.km * 1000 / metresPerPixel(map, band.lat));
  }

  function resizeBands(map) {
    var ctx = ctxOf(map);
    if (!map._loaded) { return; }
    ctx.bands.forEach(function (band) { band.layer.setStyle({weight: bandWeight(map, band)}); });
  }

  function CorridorAtlas_init(map, options) {
    var ctx = ctxOf(map);
    ctx.options = options || {};
    map.on('zoomend', function () { resizeBands(map); });
    map.whenReady(function () { resizeBands(map); });
    return ctx;
  }

  // Point symbols drawn on the canvas (a map of thousands of features: thousands of DOM markers
  // make every pan slow). The shapes are corridors/web/templates/symbol.html's, in its 20x20 box.
  var SHAPES = {
    square: [[4, 4], [16, 4], [16, 16], [4, 16]],
    diamond: [[10, 2], [18, 10], [10, 18], [2, 10]],
    triangle: [[10, 2.5], [18, 17], [2, 17]],
    star: [[10, 1.5], [12.4, 7.3], [18.6, 7.6], [13.8, 11.6], [15.4, 17.6], [10, 14.2], [4.6, 17.6], [6.2, 11.6],
           [1.4, 7.6], [7.6, 7.3]],
    hexagon: [[10, 2], [17, 6], [17, 14], [10, 18], [3, 14], [3, 6]]
  };
  var RADII = {circle: 6, ring: 5.5};
  L.Canvas.include({
    _updateCaSymbol: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, o = layer.options, k = o.size / 20, points = SHAPES[o.shape];
      ctx.beginPath();
      if (points) {
        points.forEach(function (q, i) {
          var x = p.x + (q[0] - 10) * k, y = p.y + (q[1] - 10) * k;
          if (i) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); }
        });
        ctx.closePath();
      } else {
        ctx.arc(p.x, p.y, (RADII[o.shape] || 6) * k, 0, Math.PI * 2, false);
      }
      this._fillStroke(ctx, layer);
    }
  });
  var CanvasSymbol = L.CircleMarker.extend({
    _updatePath: function () {
      if (this._renderer._updateCaSymbol) { this._renderer._updateCaSymbol(this); } else { L.CircleMarker.prototype._updatePath.call(this); }
    }
  });

  function canvasSymbol(latlng, style) {
    var ring = style.m === 'ring';
    return new CanvasSymbol(latlng, {
      shape: style.m, size: style.z, radius: style.z / 2, color: ring ? style.c : 'white', weight: ring ? 3 : 1.5,
      opacity: 1, fill: true, fillColor: ring ? 'white' : style.c, fillOpacity: 1
    });
  }

  function iconFor(ctx, html) {
    if (!ctx.icons[html]) {
      // Our own SVG (corridors/web/templates/symbol.html), colour from the vocabulary: no data in it.
      ctx.icons[html] = L.divIcon({html: html, iconSize: [20, 20], iconAnchor: [10, 10], className: 'ca-marker'});
    }
    return ctx.icons[html];
  }

  // payload: {geojson, styles, cards, quotes, sources, colour} (corridors.web.payload.layer_payload).
  function CorridorAtlas_layer(map, corridor, payload) {
    var ctx = ctxOf(map), styles = payload.styles, collection = payload.geojson;
    var tables = {colour: payload.colour, asOf: payload.asOf || null, knownBy: payload.knownBy || null,
                  texts: payload.texts || [], cardsUrl: payload.cardsUrl || null, loading: null};
    Object.keys(payload.cards).forEach(function (id) { ctx.cards[id] = {card: payload.cards[id], layer: tables}; });
    var group = L.featureGroup();
    var bands = L.layerGroup();
    group.addLayer(bands);  // first: the bands lie under the lines
    var items = [];
    var geojson = L.geoJSON(null, {
      style: function (f) { return styles[f.properties.s].o; },
      pointToLayer: function (f, latlng) {
        var style = styles[f.properties.s];
        var marker = ctx.options.canvas ? canvasSymbol(latlng, style) : L.marker(latlng, {icon: iconFor(ctx, style.i)});
        // A MultiPoint's markers each carry the feature, so a click on any of them names it.
        marker.feature = {type: 'Feature', properties: f.properties, geometry: null};
        return marker;
      },
      onEachFeature: function (f, layer) {
        var id = f.properties.id, style = styles[f.properties.s];
        layer.bindTooltip(function () { return tooltipContent(ctx, id); }, {sticky: style.g !== 'point'});
        // Built once per opening: Leaflet calls this again on every popup.update() (js/fit.js resizes the
        // popup when "More" opens), and a new element would close "More" again.
        layer.bindPopup(function () {
          return layer._caPopup || (layer._caPopup = popupOrLoad(ctx, id, layer));
        }, {maxWidth: 440});
        layer.on('popupclose', function () { layer._caPopup = null; });
        if (style.g !== 'point') {
          var hover = {weight: style.o.weight + 2};
          layer.on('mouseover', function () { layer.setStyle(hover); });
          layer.on('mouseout', function () { layer.setStyle(style.o); });
        }
        var item = {props: f.properties, corridor: corridor, layer: layer, band: null, shown: true};
        if (style.b && ctx.options.bands !== false) {
          var lat = layer.getBounds().getCenter().lat;
          var band = L.geoJSON(f, {interactive: false, style: function () {
            return {color: style.o.color, opacity: style.bo, weight: 1, lineCap: 'round', lineJoin: 'round',
                    fill: false};
          }});
          item.band = {layer: band, km: style.b, lat: lat};
          ctx.bands.push(item.band);
          bands.addLayer(band);
        }
        items.push(item);
        ctx.features.push(item);
        ctx.byId[id] = item;
      }
    });
    geojson.addData(collection);
    group.addLayer(geojson);
    ctx.layers[corridor] = {group: group, features: geojson, bands: bands, items: items};
    if (map._loaded) { resizeBands(map); }
    return group;
  }

  // ------------------------------------------------------------------ filters and state

  function holdsAt(start, end, asOf) {
    // corridors.model.timeline.holds_at: bounds compared at the precision they are given in.
    if (start && !notAfter(start, asOf)) { return false; }
    return !(end && asOf.slice(0, end.length) > end.slice(0, asOf.length));
  }

  function passes(p, state, ids) {
    // A source filter or the "known by" clock the app decides itself: it sends the ids to show.
    if (ids) { return ids.has(p.id); }
    // corridors.model.selection.select: an as-of date keeps what the sources describe then; a
    // status filter keeps the listed statuses at that date ("not given" is null); a mode filter is
    // about lines (features without a mode stay).
    if (state.asOf && !holdsAt(p.t0, p.t1, state.asOf)) { return false; }
    if (state.statuses.length) {
      var found = statusAt(p.h || [], null, state.asOf);
      var status = found ? found.entry[1] : null;
      if (state.statuses.indexOf(status === undefined ? null : status) < 0) { return false; }
    }
    return !(state.modes.length && p.mo !== undefined && state.modes.indexOf(p.mo) < 0);
  }

  function normalise(state, ctx) {
    var old = ctx.state;
    return {
      layers: state.layers === undefined ? old.layers : state.layers,
      statuses: state.statuses || [],
      modes: state.modes || [],
      asOf: state.asOf || null,
      naming: state.naming || 'article',
      knownBy: state.knownBy || null,
      ids: state.ids || null
    };
  }

  function CorridorAtlas_apply(map, state, fromApp) {
    var ctx = ctxOf(map);
    var next = normalise(state || {}, ctx);
    ctx.applying = true;  // the layer control's own events, while we add and remove, are ours
    var ids = next.ids ? new Set(next.ids) : null;
    var namingChanged = next.naming !== ctx.state.naming;
    ctx.state = next;
    Object.keys(ctx.layers).forEach(function (corridor) {
      var layer = ctx.layers[corridor];
      layer.items.forEach(function (item) {
        var keep = passes(item.props, next, ids);
        if (keep === item.shown) { return; }
        item.shown = keep;
        if (keep) {
          layer.features.addLayer(item.layer);
          if (item.band) { layer.bands.addLayer(item.band.layer); }
        } else {
          layer.features.removeLayer(item.layer);
          if (item.band) { layer.bands.removeLayer(item.band.layer); }
        }
      });
      if (next.layers !== null) {
        var on = next.layers.indexOf(corridor) >= 0;
        if (on && !map.hasLayer(layer.group)) { map.addLayer(layer.group); }
        if (!on && map.hasLayer(layer.group)) { map.removeLayer(layer.group); }
      }
    });
    ctx.applying = false;
    if (namingChanged) {
      // Open tooltips and popups show the new names at once; closed ones build theirs when opened.
      ctx.features.forEach(function (item) {
        var tip = item.layer.getTooltip && item.layer.getTooltip();
        if (tip && tip.isOpen()) { tip.update(); }
        var popup = item.layer.getPopup && item.layer.getPopup();
        item.layer._caPopup = null;
        if (popup && popup.isOpen()) { popup.update(); }
      });
    }
    changed(map, namingChanged, fromApp);
  }

  function CorridorAtlas_state(map) {
    var ctx = ctxOf(map);
    var layers = Object.keys(ctx.layers).filter(function (c) { return map.hasLayer(ctx.layers[c].group); });
    return {layers: layers, statuses: ctx.state.statuses, modes: ctx.state.modes, asOf: ctx.state.asOf,
            naming: ctx.state.naming};
  }

  function changed(map, namingChanged, fromApp) {
    var state = CorridorAtlas_state(map);
    map.fire('ca:state', {state: state, naming: namingChanged});
    // What the app asked for it knows already: reporting it back would only cost another run.
    if (!fromApp) { report(map, state); }
  }

  // Inside streamlit-folium (corridors/app/bridge.py): the state rides in the component's
  // 'selected_tags' value as [token of the last request applied, state as JSON]. Firing
  // 'overlayadd' makes its frontend send the value (debounced); the app ignores a report made
  // before its latest request reached the map.
  function report(map, state) {
    var ctx = ctxOf(map), host = window.__GLOBAL_DATA__;
    if (!host || ctx.token === null || window.map !== map) { return; }
    host.selected_tags = [ctx.token, JSON.stringify(state)];
    map.fire('overlayadd', {layer: null});
  }

  function CorridorAtlas_request(map, token, state) {
    var ctx = ctxOf(map);
    if (ctx.token === token) { return; }
    ctx.token = token;
    CorridorAtlas_apply(map, state, true);
  }

  // TopoJSON (corridors/web/basemap.py: quantized, delta-encoded arcs; polygons and lines) to GeoJSON:
  // the features of object `key`, or of every object.
  function topoFeatures(topo, key) {
    var scale = topo.transform.scale, move = topo.transform.translate;
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (d) { x += d[0]; y += d[1]; return [x * scale[0] + move[0], y * scale[1] + move[1]]; });
    });
    function ring(indices) {
      var out = [];
      indices.forEach(function (i) {
        var points = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        out = out.concat(out.length ? points.slice(1) : points);
      });
      return out;
    }
    var nested = {Polygon: 1, MultiLineString: 1, LineString: 0, MultiPolygon: 2};
    function decode(arcsOf, depth) {
      return depth ? arcsOf.map(function (a) { return decode(a, depth - 1); }) : ring(arcsOf);
    }
    var features = [];
    Object.keys(topo.objects).filter(function (k) { return key === undefined || k === key; }).forEach(function (k) {
      topo.objects[k].geometries.forEach(function (g) {
        features.push({type: 'Feature', properties: g.properties || {},
                       geometry: {type: g.type, coordinates: decode(g.arcs, nested[g.type])}});
      });
    });
    return {type: 'FeatureCollection', features: features};
  }

  window.CorridorAtlas = {
    topoFeatures: topoFeatures,
    init: CorridorAtlas_init,
    layer: CorridorAtlas_layer,
    apply: CorridorAtlas_apply,
    request: CorridorAtlas_request,
    state: CorridorAtlas_state,
    popupContent: function (map, id) { return popupContent(ctxOf(map), id); },
    // The ids of the features on the map now (their layer on, passing the filters): for tests and benchmarks.
    shownIds: function (map) {
      var ctx = ctxOf(map), out = [];
      Object.keys(ctx.layers).forEach(function (c) {
        if (!map.hasLayer(ctx.layers[c].group)) { return; }
        ctx.layers[c].items.forEach(function (item) { if (item.shown) { out.push(item.props.id); } });
      });
      return out;
    },
    tooltipContent: function (map, id) { return tooltipContent(ctxOf(map), id); },
    // Whether a feature is on the map now (its layer on, passing the filters); true for an id this map
    // does not draw. The label placer and the inset ask, so they follow the filters (js/labels.js, inset.js).
    isShown: function (map, id) {
      var item = ctxOf(map).byId[id];
      return !item || (item.shown && map.hasLayer(ctxOf(map).layers[item.corridor].group));
    },
    // Whether any feature of a corridor is on the map now (true for a corridor this map does not draw).
    corridorShown: function (map, corridor) {
      var layer = ctxOf(map).layers[corridor];
      return !layer || (map.hasLayer(layer.group) && layer.items.some(function (item) { return item.shown; }));
    },
    naming: function (map) { return ctxOf(map).state.naming; },
    holdsAt: holdsAt
  };

  // Layers toggled in Leaflet's own layer control: tell the app too (the legend follows by itself).
  window.CorridorAtlas.watch = function (map) {
    map.on('overlayadd overlayremove', function (e) {
      if (e && e.layer && !ctxOf(map).applying) { changed(map, false); }
    });
  };
})();
