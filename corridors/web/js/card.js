/* Corridor Atlas: a feature's popup, built in the browser from card data (issue 11) exactly as the
 * card template's compact popup renders it (corridors/web/templates/card.html, macro "compact",
 * issue 8): the name, one line of what it is, the first quote and where it is; the facts, the
 * description, any disagreement and every quote by source behind "More".
 *
 * The data is corridors.web.payload.card_data of model.cards.feature_card (long texts as indexes
 * into the layer's `texts`); tests/web/test_browser_html.py checks the two render the same DOM for
 * every feature. Every string from data goes in with textContent (or an attribute) only.
 *
 *   CorridorCard.compact(card, texts, {id, name, colour, rows})   the popup's element
 */
(function () {
  'use strict';
  if (window.CorridorCard) { return; }

  function el(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value !== undefined && value !== null) { node.textContent = String(value); }
    return node;
  }

  function text(node, value) { node.appendChild(document.createTextNode(value)); return node; }

  // card.q[i]: [quote, source title, passage label] (text indexes), quote number i + 1.
  function factCell(id, card, row, t) {
    var td = text(el('td'), t[row[1]]);
    if (t[row[2]]) { text(td, ' '); td.appendChild(el('span', 'ca-detail', '(' + t[row[2]] + ')')); }
    var basis = row[3], note = t[row[4]];
    if (basis === 'stated' || basis === 'inferred' || basis === 'outside') {
      text(td, ' ');
      var span = el('span', 'ca-basis', basis === 'stated' ? 'stated' : basis === 'inferred'
        ? 'inferred' + (note ? ': ' + note : '') : 'outside knowledge');
      if (basis === 'outside') { span.setAttribute('title', note); }
      td.appendChild(span);
    }
    row[5].forEach(function (n) {
      var cite = card.q[n - 1];
      if (!cite) { return; }
      text(td, ' ');
      var a = el('a', 'ca-ref', '[' + n + ']');
      a.setAttribute('href', '#ca-cite-' + id + '-' + n);
      a.setAttribute('title', '\u201c' + t[cite[0]] + '\u201d \u2014 ' + t[cite[2]]);
      td.appendChild(a);
    });
    return td;
  }

  function facts(id, card, rows, t) {
    var table = el('table', 'ca-facts'), body = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr'), th = el('th', null, row[0]);
      th.setAttribute('scope', 'row');
      tr.appendChild(th);
      tr.appendChild(factCell(id, card, row, t));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function quote(n, value) {
    var q = el('blockquote', 'ca-quote');
    q.appendChild(el('span', 'ca-n', '[' + n + ']'));
    return text(q, ' \u201c' + value + '\u201d');
  }

  // The template's "citation" macro: the numbered quote and where it is in its source.
  function citation(parent, id, card, n, t) {
    var cite = card.q[n - 1];
    var q = quote(n, t[cite[0]]);
    q.setAttribute('data-testid', 'card-quote');
    q.id = 'ca-cite-' + id + '-' + n;
    parent.appendChild(q);
    parent.appendChild(el('div', 'ca-quote-src', t[cite[1]] + ' \u2014 ' + t[cite[2]]));
  }

  function disagreements(root, card) {
    if (!card.x || !card.x.length) { return; }
    var box = el('div', 'ca-disagree');
    box.setAttribute('data-testid', 'card-disagreements');
    box.appendChild(el('div', 'ca-cites-title', 'The sources disagree'));
    card.x.forEach(function (d) {
      var table = el('table', 'ca-disagree-table'), tr = el('tr');
      table.appendChild(el('caption', null, d.what));
      d.sides.forEach(function (side) {
        var td = el('td');
        td.appendChild(el('div', 'ca-disagree-value', side.value));
        td.appendChild(el('div', 'ca-quote-src', side.title + (side.publisher ? ' \u2014 ' + side.publisher : '') +
                                                 ', ' + side.date_label));
        side.quotes.forEach(function (q) { td.appendChild(quote(q.n, q.quote)); });
        tr.appendChild(td);
      });
      var body = el('tbody');
      body.appendChild(tr);
      table.appendChild(body);
      box.appendChild(table);
    });
    root.appendChild(box);
  }

  // The template's "cites_by_source": every quote, numbered, under its source (card.g).
  function citesBySource(root, id, card, t) {
    var count = card.q.length;
    root.appendChild(el('div', 'ca-cites-title', 'Why it is on the map \u2014 ' + count + ' citation' +
                        (count === 1 ? '' : 's') + ' ([n] in the facts points to quote n)'));
    card.g.forEach(function (g) {
      var head = el('div', 'ca-source');
      head.setAttribute('data-testid', 'card-source');
      head.setAttribute('data-source', g[0]);
      head.appendChild(el('span', 'ca-source-title', t[g[1]]));
      text(head, (g[2] ? ' \u2014 ' + g[2] : '') + ', ' + g[3]);
      if (g[4]) { text(head, ' '); head.appendChild(el('span', 'ca-basis', 'written for the tests')); }
      root.appendChild(head);
      var list = el('ol', 'ca-cites');
      g[5].forEach(function (n) {
        if (!card.q[n - 1]) { return; }
        var li = el('li', 'ca-cite');
        li.setAttribute('value', String(n));
        citation(li, id, card, n, t);
        list.appendChild(li);
      });
      root.appendChild(list);
    });
  }

  function compact(card, t, opts) {
    var id = opts.id, count = card.q.length;
    var root = el('div', 'ca-popup');
    root.setAttribute('data-feature-id', id);
    var title = el('h4', 'ca-name', opts.name);
    title.setAttribute('style', 'border-left:5px solid ' + opts.colour);
    root.appendChild(title);
    if (card.a) { root.appendChild(el('p', 'ca-asof', 'As the sources describe it as of ' + card.a)); }
    if (card.b) { root.appendChild(el('p', 'ca-asof', 'As known by ' + card.b + ': only sources published by then')); }
    root.appendChild(el('p', 'ca-pop-what', t[card.w]));
    if (count) { citation(root, id, card, 1, t); }
    var more = el('details', 'ca-more');
    more.appendChild(el('summary', null, 'More: facts, description and ' + (count === 1 ? 'the' : 'all') + ' ' +
                        count + ' citation' + (count === 1 ? '' : 's')));
    more.appendChild(facts(id, card, opts.rows, t));
    more.appendChild(el('p', 'ca-desc', t[card.d]));
    disagreements(more, card);
    citesBySource(more, id, card, t);
    root.appendChild(more);
    return root;
  }

  window.CorridorCard = {compact: compact};
})();
