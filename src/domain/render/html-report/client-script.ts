/*
 * The report's only script: filters, search, sort and paging over the rows embedded as JSON.
 * It builds cells with textContent and createElement only (never innerHTML), so report text
 * stays text. Its sha256 goes into the page's Content-Security-Policy; nothing else may run.
 *
 * Row layout (see encodeRows): [severity index, judgedAs, id, url, kind, package, installed,
 * fixed, title, location, locationUrl, scope, platform, status, statusDetail, isNew, kev, epss];
 * strings are indices into the string table (-1 = none), kev is -1/0/1, epss is -1 or 0–1.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var dataEl = document.getElementById('findings-data');
  var tbody = document.getElementById('findings-body');
  var form = document.getElementById('filters');
  if (!dataEl || !tbody || !form) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var S = data.s, R = data.r, O = data.o;
  var SEV = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  var STATUS_ORDER = data.statusOrder;
  var STATUS_LABEL = data.statusLabel;
  var SCOPE_LABEL = { filesystem: 'context', image: 'image' };
  var state = { sev: {}, status: '', scope: '', q: '', sort: '', dir: 1, page: 0, size: 100 };
  SEV.forEach(function (s) { state.sev[s] = true; });
  var hay = null;
  var view = [];
  var note = document.getElementById('rows-note');
  var pager = document.getElementById('pager');
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');
  var pageInfo = document.getElementById('page-info');

  function str(i) { return i < 0 ? '' : S[i]; }
  function fmt(n) { return n.toLocaleString('en-US'); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function link(text, href, cls) {
    if (href < 0) return el('span', cls, text);
    var a = el('a', cls, text);
    a.href = str(href);
    a.rel = 'noopener noreferrer';
    return a;
  }
  function haystack(r) {
    return [str(r[2]), str(r[5]), str(r[6]), str(r[7]), str(r[8]), str(r[9]), str(r[12]), str(r[13]), str(r[14])].join('\\n').toLowerCase();
  }

  function cellsOf(r) {
    var tr = document.createElement('tr');
    var sev = SEV[r[0]];
    var td = el('td', 'c-sev');
    td.appendChild(el('span', 'sev sev-' + sev.toLowerCase(), sev));
    if (r[1] >= 0) td.appendChild(el('span', 'sub', 'judged ' + str(r[1])));
    tr.appendChild(td);
    td = el('td', 'c-id');
    td.appendChild(link(str(r[2]), r[3], 'fid'));
    if (str(r[4]) !== 'vulnerability') td.appendChild(el('span', 'tag', str(r[4])));
    if (r[8] >= 0) td.appendChild(el('span', 'sub title', str(r[8])));
    tr.appendChild(td);
    td = el('td', 'c-pkg');
    if (r[5] >= 0) td.appendChild(el('code', '', str(r[5])));
    if (r[6] >= 0) td.appendChild(el('span', 'sub', str(r[6])));
    tr.appendChild(td);
    td = el('td', 'c-fix');
    if (r[7] >= 0) td.appendChild(el('code', '', str(r[7]))); else if (str(r[4]) === 'vulnerability') td.appendChild(el('span', 'muted', 'no fix yet'));
    tr.appendChild(td);
    td = el('td', 'c-loc');
    td.appendChild(link(str(r[9]), r[10], 'loc'));
    td.appendChild(el('span', 'tag', SCOPE_LABEL[str(r[11])] || str(r[11])));
    tr.appendChild(td);
    if (O.platform) tr.appendChild(el('td', 'c-plat', str(r[12])));
    td = el('td', 'c-status');
    td.appendChild(el('span', 'st st-' + str(r[13]), STATUS_LABEL[str(r[13])] || str(r[13])));
    if (r[14] >= 0) td.appendChild(el('span', 'sub', str(r[14])));
    if (r[15]) td.appendChild(el('span', 'tag tag-new', 'new'));
    tr.appendChild(td);
    if (O.kev) tr.appendChild(el('td', 'c-kev', r[16] === 1 ? 'KEV' : r[16] === 0 ? 'no' : ''));
    if (O.epss) tr.appendChild(el('td', 'c-epss num', r[17] >= 0 ? (r[17] * 100).toFixed(1) + '%' : ''));
    if (r[16] === 1) tr.className = 'kev';
    return tr;
  }

  var KEYS = {
    sev: function (r) { return r[0]; },
    id: function (r) { return str(r[2]); },
    pkg: function (r) { return str(r[5]); },
    fix: function (r) { return str(r[7]); },
    loc: function (r) { return str(r[9]); },
    platform: function (r) { return str(r[12]); },
    status: function (r) { return STATUS_ORDER.indexOf(str(r[13])); },
    kev: function (r) { return -r[16]; },
    epss: function (r) { return -r[17]; },
  };

  function apply() {
    var q = state.q.toLowerCase();
    if (q && !hay) hay = R.map(haystack);
    var out = [];
    for (var i = 0; i < R.length; i++) {
      var r = R[i];
      if (!state.sev[SEV[r[0]]]) continue;
      if (state.status && str(r[13]) !== state.status) continue;
      if (state.scope && str(r[11]) !== state.scope) continue;
      if (q && hay[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    if (state.sort) {
      var key = KEYS[state.sort], dir = state.dir;
      var keyed = out.map(function (i) { return [key(R[i]), i]; });
      keyed.sort(function (a, b) { return a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1] - b[1]; });
      out = keyed.map(function (k) { return k[1]; });
    }
    view = out;
    state.page = 0;
    render();
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * state.size, end = Math.min(view.length, start + state.size);
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) frag.appendChild(cellsOf(R[view[i]]));
    if (view.length === 0) {
      var tr = el('tr', 'empty'), td = el('td', '', 'No findings match these filters.');
      td.colSpan = tbody.parentNode.querySelectorAll('thead th').length;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    tbody.replaceChildren(frag);
    tbody.parentNode.setAttribute('data-rows', String(end - start));
    var shown = view.length === 0 ? 'No findings' : 'Showing ' + fmt(start + 1) + '–' + fmt(end) + ' of ' + fmt(view.length);
    note.textContent = shown + (view.length === R.length ? ' findings.' : ' matching findings (' + fmt(R.length) + ' in total).');
    pager.hidden = pages <= 1;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    pageInfo.textContent = 'Page ' + fmt(state.page + 1) + ' of ' + fmt(pages);
  }

  var timer = 0;
  form.addEventListener('input', function (event) {
    var t = event.target;
    if (t.name === 'sev') state.sev[t.value] = t.checked;
    else if (t.name === 'status') state.status = t.value;
    else if (t.name === 'scope') state.scope = t.value;
    else if (t.name === 'size') { state.size = Number(t.value) || 100; render(); return; }
    else if (t.name === 'q') {
      state.q = t.value.trim();
      clearTimeout(timer);
      timer = setTimeout(apply, R.length > 5000 ? 200 : 60);
      return;
    }
    apply();
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  prev.addEventListener('click', function () { state.page--; render(); });
  next.addEventListener('click', function () { state.page++; render(); });

  Array.prototype.forEach.call(tbody.parentNode.querySelectorAll('thead th[data-sort]'), function (th) {
    var button = el('button', 'sort', th.textContent);
    button.type = 'button';
    th.textContent = '';
    th.appendChild(button);
    th.setAttribute('aria-sort', 'none');
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      Array.prototype.forEach.call(tbody.parentNode.querySelectorAll('thead th[data-sort]'), function (other) {
        other.setAttribute('aria-sort', other === th ? (state.dir === 1 ? 'ascending' : 'descending') : 'none');
      });
      apply();
    });
  });

  form.hidden = false;
  document.documentElement.className += ' js';
  apply();
})();
`;
