/* Corridor Atlas label placer (issue 8): names on a Leaflet map without collisions.
 *
 * CorridorLabels.attach(map, candidates, {layers}) labels a map from a list of
 * candidates built in Python (corridors/web/labels.py). After every zoom, pan,
 * resize or layer change it places them greedily in rank order: a label is
 * shown at the first of its anchors and positions whose box stays inside the
 * map and overlaps no label placed before it, no point symbol and no control
 * (legend, layer control, inset, credits); otherwise it is left out, so a lower
 * rank always gives way. Text goes in with textContent only, never as markup.
 * Calling attach again on the same map replaces its candidates.
 *
 * A candidate's `texts` (naming -> text) name it in the other namings: the placer shows the one the
 * map's state names (CorridorAtlas, js/atlas.js) and swaps them when it changes, and it leaves out
 * the label of a feature the filters hide, or of a corridor none of whose features are shown (issue
 * 11: naming and filter changes happen in the browser). {follow: map} makes another map's state the
 * one followed (the inset follows the main map).
 */
(function () {
  'use strict';
  if (window.CorridorLabels) { return; }

  var GAP = 3;  // px kept clear round every placed box
  var MARGIN = 2;  // px kept clear of the map's edge
  // px from a point to the near edge of its label: clears its own 20 px symbol and the gap round it.
  var CLEAR = 10 + GAP + 1;
  // Positions round a point, preferred first: right, left, above, below, then the diagonals.
  var POINT_SLOTS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]];
  var CENTRE = [[0, 0]];
  // On a line: centred on it, else just above or below it (clear of a 4 px line). A line only a few
  // pixels long (the Zangezur corridor on a continent) is then labelled beside it, as a point is.
  var LINE_SLOTS = [[0, 0], [0, -1], [0, 1]];
  var LINE_CLEAR = 4;
  // An area's label: centred in it, else beside its centre (a small area far out is a point).
  // A reference place has no symbol of its own: the placer draws a small dot with its label.
  var DOT = 3;  // half the dot's size, px
  var DOT_CLEAR = DOT + 2;
  var SLOTS = {point: POINT_SLOTS, dot: POINT_SLOTS, line: LINE_SLOTS, area: CENTRE, center: CENTRE};
  var REACH = {point: CLEAR, dot: DOT_CLEAR, line: LINE_CLEAR, area: CLEAR, center: 0};
  var FALLBACK = {line: POINT_SLOTS, area: POINT_SLOTS};
  var WATER_BESIDE_ZOOM = 3;
  var COLOUR = /^#[0-9a-fA-F]{3,8}$/;

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function Placer(map, follow) {
    this.map = map;
    this.follow = follow || map;
    this.naming = null;
    this.items = [];
    this.layers = {};
    this.scheduled = false;
    this.pane = map.getPane('caLabels') || map.createPane('caLabels');
    // Above lines and areas (overlay pane, 400), below point symbols (600), tooltips and popups.
    this.pane.style.zIndex = 450;
    this.pane.style.pointerEvents = 'none';
    var self = this;
    var later = function () { self.schedule(); };
    map.on('zoomend moveend resize overlayadd overlayremove layeradd layerremove', later);
    if (this.follow !== map) { this.follow.on('ca:state', later); } else { map.on('ca:state', later); }
    // A label positioned for the old zoom would drift while Leaflet animates: hide them meanwhile.
    map.on('zoomstart', function () { self.pane.style.visibility = 'hidden'; });
    if (window.ResizeObserver) {
      // A legend opened or closed changes where labels may go.
      var observer = new ResizeObserver(later);
      map.getContainer().querySelectorAll('.leaflet-control-container > div').forEach(function (corner) {
        observer.observe(corner);
      });
    }
  }

  Placer.prototype.setCandidates = function (candidates, layers) {
    this.items.forEach(function (item) {
      if (item.el) { item.el.remove(); }
      if (item.dot) { item.dot.remove(); }
    });
    this.items = (candidates || []).slice().sort(function (a, b) { return a.rank - b.rank; })
      .map(function (c) { return {c: c, el: null, dot: null, w: 0, h: 0}; });
    this.layers = layers || {};
    this.schedule();
  };

  Placer.prototype.schedule = function () {
    if (this.scheduled) { return; }
    this.scheduled = true;
    var self = this;
    var run = function () { self.scheduled = false; self.place(); };
    if (window.requestAnimationFrame) { window.requestAnimationFrame(run); } else { setTimeout(run, 0); }
  };

  Placer.prototype.element = function (item) {
    if (!item.el) {
      var c = item.c;
      var el = document.createElement('div');
      el.className = 'ca-label ca-label-' + String(c.kind).replace(/[^a-z]/g, '');
      el.textContent = this.textOf(c);
      if (c.colour && COLOUR.test(c.colour)) { el.style.color = c.colour; }
      el.setAttribute('data-label-id', c.id);
      el.setAttribute('data-label-kind', c.kind);
      if (c.corridor) { el.setAttribute('data-corridor', c.corridor); }
      el.style.visibility = 'hidden';
      this.pane.appendChild(el);
      item.el = el;
      if (c.anchor === 'dot') {
        item.dot = document.createElement('div');
        item.dot.className = 'ca-dot ca-dot-' + String(c.kind).replace(/[^a-z]/g, '');
        item.dot.style.visibility = 'hidden';
        this.pane.appendChild(item.dot);
      }
    }
    if (!item.w) {
      item.w = item.el.offsetWidth;
      item.h = item.el.offsetHeight;
      var broken = twoLines(item.c, this.textOf(item.c));
      if (broken) {  // measure the two-line form once too
        this.setText(item, broken);
        item.w2 = item.el.offsetWidth;
        item.h2 = item.el.offsetHeight;
        this.setText(item, this.textOf(item.c));
      }
    }
    return item.el;
  };

  Placer.prototype.setText = function (item, text) {
    item.el.textContent = text;
    item.el.style.whiteSpace = text.indexOf('\n') >= 0 ? 'pre' : '';
    item.el.style.textAlign = text.indexOf('\n') >= 0 ? 'center' : '';
  };

  // A sea's or a region's name of several words may go on two lines ("Caspian / Sea") where one
  // line finds no room: cartographers break water and region names so, never a town's.
  function twoLines(c, label) {
    if (['sea', 'lake', 'region'].indexOf(c.kind) === -1) { return null; }
    var words = String(label).split(' ');
    if (words.length < 2) { return null; }
    var half = Math.ceil(words.length / 2);
    return words.slice(0, half).join(' ') + '\n' + words.slice(half).join(' ');
  }

  function atlas(fn) { return window.CorridorAtlas && window.CorridorAtlas[fn]; }

  // The label in the naming the followed map shows now.
  Placer.prototype.textOf = function (c) {
    return (c.texts && this.naming && c.texts[this.naming]) || c.text;
  };

  // A naming changed: every label gets its new text, measured again.
  Placer.prototype.useNaming = function () {
    var naming = atlas('naming') ? window.CorridorAtlas.naming(this.follow) : null;
    if (naming === this.naming) { return; }
    this.naming = naming;
    var self = this;
    this.items.forEach(function (item) {
      item.w = 0; item.w2 = 0;
      if (item.el) { self.setText(item, self.textOf(item.c)); }
    });
  };

  Placer.prototype.layerOn = function (c) {
    var layer = c.corridor && this.layers[c.corridor];
    if (layer && !this.map.hasLayer(layer)) { return false; }
    if (c.feature && atlas('isShown')) { return window.CorridorAtlas.isShown(this.follow, c.feature); }
    if (c.corridor && atlas('corridorShown')) { return window.CorridorAtlas.corridorShown(this.follow, c.corridor); }
    return true;
  };

  // Boxes (container pixels) that labels must keep clear of: controls, point symbols, and the name
  // of a place found by search (the app's marked place).
  Placer.prototype.obstacles = function () {
    var container = this.map.getContainer();
    var origin = container.getBoundingClientRect();
    var boxes = [];
    container.querySelectorAll('.leaflet-control, .leaflet-marker-icon, .ca-place-tip').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        boxes.push({left: r.left - origin.left, top: r.top - origin.top,
                    right: r.right - origin.left, bottom: r.bottom - origin.top});
      }
    });
    return boxes;
  };

  Placer.prototype.place = function () {
    var map = this.map;
    if (!map._loaded) { return; }  // no view yet: whenReady will call again
    var size = map.getSize();
    var zoom = map.getZoom();
    this.useNaming();
    var taken = this.obstacles();
    var shown = 0;
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      var c = item.c;
      var el = this.element(item);
      if (item.w2) { this.setText(item, this.textOf(c)); }  // one line first, again
      el.style.visibility = 'hidden';
      el.classList.remove('ca-label-on');
      if (item.dot) { item.dot.style.visibility = 'hidden'; }
      if (zoom < c.minZoom || (c.maxZoom != null && zoom > c.maxZoom) || !this.layerOn(c)) { continue; }
      var found = this.fit(item, size, taken);
      if (!found && item.w2) {
        var one = [item.w, item.h];
        item.w = item.w2; item.h = item.h2;
        found = this.fit(item, size, taken);
        item.w = one[0]; item.h = one[1];
        if (found) { this.setText(item, twoLines(c, this.textOf(c))); }
      }
      if (!found) { continue; }
      var box = found.box;
      taken.push(box);
      L.DomUtil.setPosition(el, map.containerPointToLayerPoint([box.left, box.top]));
      el.style.visibility = '';
      el.classList.add('ca-label-on');
      if (item.dot) {
        taken.push(found.dot);
        L.DomUtil.setPosition(item.dot, map.containerPointToLayerPoint([found.dot.left, found.dot.top]));
        item.dot.style.visibility = '';
      }
      shown++;
    }
    this.pane.style.visibility = '';
    map.getContainer().setAttribute('data-labels-shown', String(shown));
  };

  // The first free place among the candidate's anchors and positions, or null: every anchor in its
  // own positions first, then (lines and areas) every anchor again in the positions beside it.
  // Returns {box} and, for a reference place, the box of its dot.
  Placer.prototype.fit = function (item, size, taken) {
    var c = item.c;
    var tries = [[SLOTS[c.anchor] || CENTRE, REACH[c.anchor] || 0]];
    // A sea's name that finds no room centred on one of its points (they lie on the water,
    // labels.py) may start or end at one, running onto the shore (the Caspian, full of ports and
    // sea lanes at a continent's scale); not on a world map, where a long name beside a small sea
    // would sit on another country.
    var water = c.kind === 'sea' || c.kind === 'lake';
    var fallback = water ? (this.map.getZoom() >= WATER_BESIDE_ZOOM ? POINT_SLOTS : null) : FALLBACK[c.anchor];
    if (fallback) { tries.push([fallback, water ? 0 : CLEAR]); }
    for (var k = 0; k < tries.length; k++) {
      for (var a = 0; a < c.at.length; a++) {
        var p = this.map.latLngToContainerPoint(c.at[a]);
        if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { continue; }
        var dot = null;
        if (c.anchor === 'dot') {
          dot = {left: p.x - DOT, top: p.y - DOT, right: p.x + DOT, bottom: p.y + DOT};
          if (!free(dot, taken)) { continue; }
        }
        var box = fitAt(p, item.w, item.h, tries[k][0], tries[k][1], size, taken);
        if (box) { return {box: box, dot: dot}; }
      }
    }
    return null;
  };

  function free(box, taken) {
    for (var t = 0; t < taken.length; t++) { if (overlaps(box, taken[t])) { return false; } }
    return true;
  }

  function fitAt(p, w, h, slots, reach, size, taken) {
    for (var s = 0; s < slots.length; s++) {
      var dx = slots[s][0];
      var dy = slots[s][1];
      var left = dx > 0 ? p.x + reach : dx < 0 ? p.x - reach - w : p.x - w / 2;
      var top = dy > 0 ? p.y + reach : dy < 0 ? p.y - reach - h : p.y - h / 2;
      var box = {left: left, top: top, right: left + w, bottom: top + h};
      var inside = box.left >= MARGIN && box.top >= MARGIN && box.right <= size.x - MARGIN &&
        box.bottom <= size.y - MARGIN;
      if (inside && free(box, taken)) { return box; }
    }
    return null;
  }

  window.CorridorLabels = {
    attach: function (map, candidates, options) {
      var placer = map._caLabels || (map._caLabels = new Placer(map, (options || {}).follow));
      placer.setCandidates(candidates, (options || {}).layers);
      map.whenReady(function () { placer.schedule(); });
      return placer;
    },
    // What is on the map now, for tests and the app: id, kind, corridor, text and screen box of each label.
    placed: function (map) {
      var placer = map._caLabels;
      if (!placer) { return []; }
      return placer.items.filter(function (item) { return item.el && item.el.classList.contains('ca-label-on'); })
        .map(function (item) {
          var r = item.el.getBoundingClientRect();
          return {id: item.c.id, kind: item.c.kind, corridor: item.c.corridor, text: placer.textOf(item.c),
                  box: {left: r.left, top: r.top, right: r.right, bottom: r.bottom}};
        });
    }
  };
})();
