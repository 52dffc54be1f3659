// Vigil console: the alert feed from /api/events (server-sent events), the rest polled from /api/overview and
// /api/series, an entity's state from the ops server's /cards/ID and /devices/ID, actions posted to /api/.
// Plain DOM and Chart.js; every value from the server goes in as text, never as HTML.
'use strict';

const FEED_ROWS = 200;
const POLL_MS = 2000;
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k === 'onclick') node.addEventListener('click', v);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// An idempotency key per action: a retry of the same click sends the same key and writes nothing new.
function requestId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return 'r-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
}

function toast(text, isError) {
  const t = $('#toast');
  t.textContent = text;
  t.classList.toggle('error', !!isError);
  t.classList.remove('hidden');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.add('hidden'), 6000);
}

function time(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleTimeString([], { hour12: false });
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { status: response.status, body };
}

async function post(url, payload) {
  // One retry with the same request id if the network fails: the server recognises it and writes nothing twice.
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload) });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
      return body;
    } catch (e) {
      if (attempt >= 1 || !(e instanceof TypeError)) throw e;
    }
  }
}

// ---- theme ----
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  Object.values(charts).forEach(restyle);
}
function initialTheme() {
  const asked = new URLSearchParams(location.search).get('theme');
  if (asked === 'dark' || asked === 'light') return asked;
  const saved = localStorage.getItem('vigil-theme');
  if (saved) return saved;
  return window.matchMedia && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

// ---- charts ----
const charts = {};
const PALETTE = ['#4aa3ff', '#f07b3f', '#3ccf8e', '#e0b43c', '#b07cff', '#ef4b5c', '#2ec4c4', '#ff8ad8', '#9aa7b4'];
function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

function lineChart(id, label, color) {
  return new Chart($(id), {
    type: 'line',
    data: { labels: [], datasets: [{ label, data: [], borderColor: color, backgroundColor: color + '33',
      fill: true, pointRadius: 0, borderWidth: 1.6, tension: 0.25 }] },
    options: baseOptions(false),
  });
}
function baseOptions(stacked) {
  return {
    animation: false, responsive: true, maintainAspectRatio: false,
    plugins: { legend: { display: stacked, position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } },
      tooltip: { intersect: false, mode: 'index' } },
    scales: {
      x: { stacked, ticks: { maxTicksLimit: 4, maxRotation: 0, font: { size: 10 } }, grid: { display: false } },
      y: { stacked, beginAtZero: true, ticks: { maxTicksLimit: 4, font: { size: 10 } } },
    },
  };
}
function restyle(chart) {
  const text = css('--muted'), grid = css('--grid');
  for (const axis of Object.values(chart.options.scales)) {
    axis.ticks.color = text;
    axis.grid.color = grid;
  }
  chart.options.plugins.legend.labels.color = text;
  chart.update('none');
}

function initCharts() {
  if (typeof Chart === 'undefined') {
    document.querySelectorAll('.chart-box').forEach((b) => { b.textContent = 'Chart library not loaded'; });
    return;
  }
  charts.throughput = lineChart('#chart-throughput', 'events/s', '#4aa3ff');
  charts.lag = lineChart('#chart-lag', 'records', '#e0b43c');
  charts.alerts = new Chart($('#chart-alerts'), { type: 'bar', data: { labels: [], datasets: [] },
    options: baseOptions(true) });
  Object.values(charts).forEach(restyle);
}

function drawSeries(samples) {
  if (!charts.throughput || samples.length === 0) return;
  const labels = samples.map((s) => new Date(s.t).toLocaleTimeString([], { hour12: false }));
  charts.throughput.data.labels = labels;
  charts.throughput.data.datasets[0].data = samples.map((s) => Math.round(s.eventsPerSecond));
  charts.lag.data.labels = labels;
  charts.lag.data.datasets[0].data = samples.map((s) => s.lag);
  const last = samples[samples.length - 1];
  $('#throughput-now').textContent = Math.round(last.eventsPerSecond).toLocaleString() + ' events/s';
  $('#lag-now').textContent = Math.round(last.lag).toLocaleString() + ' records';
  // Alerts per rule in 10-second buckets.
  const buckets = new Map();
  const rules = new Set();
  for (const s of samples) {
    const key = Math.floor(s.t / 10000) * 10000;
    if (!buckets.has(key)) buckets.set(key, {});
    for (const [rule, n] of Object.entries(s.alerts || {})) {
      rules.add(rule);
      buckets.get(key)[rule] = (buckets.get(key)[rule] || 0) + n;
    }
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  charts.alerts.data.labels = keys.map((k) => new Date(k).toLocaleTimeString([], { hour12: false }));
  charts.alerts.data.datasets = [...rules].sort().map((rule, i) => ({
    label: rule, data: keys.map((k) => buckets.get(k)[rule] || 0),
    backgroundColor: PALETTE[i % PALETTE.length], borderWidth: 0 }));
  Object.values(charts).forEach((c) => c.update('none'));
}

// ---- the feed ----
let feedCount = 0;
const labelled = new Map();

function labelCell(alert) {
  const cell = el('td', { class: 'label' });
  const verdict = labelled.get(alert.alertId);
  if (verdict) {
    cell.append(el('span', { class: 'label-tag label-' + verdict }, verdict.toLowerCase()));
  } else if (alert.status === 'OPEN') {
    cell.append(
      el('button', { class: 'small fraud label-fraud', title: 'Label this alert as fraud',
        onclick: () => label(alert.alertId, 'fraud') }, 'fraud'), ' ',
      el('button', { class: 'small legit label-legit', title: 'Label this alert as legitimate',
        onclick: () => label(alert.alertId, 'legit') }, 'legit'));
  }
  return cell;
}

function addAlert(alert) {
  const tbody = $('#feed tbody');
  const row = el('tr', { class: 'fresh status-' + alert.status, 'data-alert-id': alert.alertId,
      'data-entity-id': alert.entityId, 'data-rule': alert.ruleId },
    el('td', { class: 'time', title: 'event ' + alert.eventTime + ', committed ' + alert.committedAt },
      time(alert.committedAt)),
    el('td', {}, el('span', { class: 'sev sev-' + alert.severity }, alert.severity)),
    el('td', { class: 'rule' }, alert.ruleId, el('span', { class: 'muted' }, ' v' + alert.ruleVersion)),
    el('td', { class: 'entity' }, el('a', { class: 'entity-link', onclick: () => search(alert.entityId) },
      alert.entityId)),
    el('td', { class: 'explanation' }, (alert.status === 'RESOLVED' ? 'Resolved: ' : '') + alert.explanation),
    labelCell(alert));
  row.alert = alert;
  tbody.prepend(row);
  while (tbody.rows.length > FEED_ROWS) tbody.deleteRow(tbody.rows.length - 1);
  feedCount++;
  $('#feed-count').textContent = feedCount.toLocaleString() + ' received';
  $('#feed-empty').classList.add('hidden');
}

function connectFeed() {
  const status = $('#stream-status');
  const source = new EventSource('/api/events');
  source.addEventListener('alert', (e) => addAlert(JSON.parse(e.data)));
  source.onopen = () => { status.textContent = 'live'; status.className = 'pill pill-ok'; };
  source.onerror = () => { status.textContent = 'reconnecting'; status.className = 'pill pill-wait'; };
}

// ---- actions ----
async function label(alertId, verdict) {
  try {
    const written = await post('/api/alerts/' + encodeURIComponent(alertId) + '/label',
      { verdict, requestId: requestId() });
    labelled.set(alertId, written.verdict);
    document.querySelectorAll('#feed tr[data-alert-id="' + CSS.escape(alertId) + '"]').forEach((row) => {
      row.replaceChild(labelCell(row.alert), row.cells[5]);
    });
    toast('Labelled ' + verdict + ': label ' + written.id.slice(0, 8) + ' on ' + written.topic
      + ' (partition ' + written.partition + ', offset ' + written.offset + ')');
    refreshOverview();
  } catch (e) {
    toast('Label failed: ' + e.message, true);
  }
}

async function unblock(cardId, button) {
  button.disabled = true;
  try {
    const written = await post('/api/cards/' + encodeURIComponent(cardId) + '/unblock',
      { requestId: requestId(), reason: 'unblocked by an analyst in the console' });
    toast('UNBLOCK_CARD for ' + cardId + ' written to ' + written.topic + ' (partition ' + written.partition
      + ', offset ' + written.offset + ')');
    $('#action-status').textContent = 'Unblock written (action ' + written.id.slice(0, 8) + '); the card is '
      + 'usable once the stream instances read it.';
    setTimeout(() => search(cardId), 1500);
  } catch (e) {
    button.disabled = false;
    toast('Unblock failed: ' + e.message, true);
  }
}

// ---- search: an entity's state from the instance that owns it, its recent alerts from this console ----
function kv(pairs) {
  return el('div', { class: 'kv' }, pairs.flatMap(([k, v]) => [el('span', {}, k), el('span', {}, v)]));
}
function section(title, ...content) {
  return el('div', { class: 'section' }, el('div', { class: 'section-title' }, title), ...content);
}

async function search(id) {
  id = (id || '').trim();
  if (!id) return;
  $('#search-input').value = id;
  const panel = $('#entity-panel');
  panel.classList.remove('hidden');
  panel.replaceChildren(el('div', { class: 'muted' }, 'Looking up ' + id + '…'));
  const enc = encodeURIComponent(id);
  // Card and device ids share one box: ask for both, show the one that exists.
  const [card, device] = await Promise.all([getJson('/cards/' + enc), getJson('/devices/' + enc)]);
  const found = card.status === 200 ? ['card', card] : device.status === 200 ? ['device', device] : null;
  const kind = found ? found[0] : (id.startsWith('dev') ? 'device' : 'card');
  const activity = await getJson('/api/activity/' + kind + '/' + enc);
  panel.replaceChildren(...renderEntity(kind, id, found ? found[1].body : null,
    found ? null : (card.status === 503 || device.status === 503 ? card.body || device.body : card.body),
    activity.status === 200 ? activity.body : null));
}

function renderEntity(kind, id, answer, error, activity) {
  const parts = [el('h3', {}, (kind === 'card' ? 'Card ' : 'Device ') + id,
    answer ? el('span', { class: 'muted' }, '  · partition ' + answer.partition + ', answered by '
      + answer.servedBy) : null)];
  if (kind === 'card' && activity && activity.block) parts.push(renderBlock(id, activity.block));
  if (!answer) {
    parts.push(el('div', { class: 'error' }, (error && error.error) || 'No detector state for ' + id));
  } else if (kind === 'card') {
    parts.push(...renderCard(answer.state));
  } else {
    parts.push(...renderDevice(answer.state));
  }
  const recent = activity ? activity.recentAlerts : [];
  parts.push(section('Recent alerts (' + recent.length + ')', recent.length === 0
    ? el('div', { class: 'muted' }, 'none seen by this console')
    : el('table', { class: 'compact recent-alerts' }, el('tbody', {}, recent.map((a) => el('tr', {},
      el('td', { class: 'time' }, time(a.committedAt)),
      el('td', {}, el('span', { class: 'sev sev-' + a.severity }, a.severity)),
      el('td', {}, a.ruleId + ' v' + a.ruleVersion + (a.status === 'RESOLVED' ? ' (resolved)' : '')),
      el('td', {}, a.label ? el('span', { class: 'label-tag label-' + a.label }, a.label.toLowerCase()) : '')))))));
  return parts;
}

function renderBlock(id, block) {
  const button = block.blocked
    ? el('button', { id: 'unblock-button', class: 'danger small', onclick: (e) => unblock(id, e.target) }, 'Unblock')
    : null;
  return section('Block', el('div', {},
    el('span', { class: block.blocked ? 'blocked' : 'unblocked' }, block.blocked ? 'BLOCKED' : 'not blocked'),
    block.lastAction ? el('span', { class: 'muted' }, '  last ' + block.lastAction + ' by ' + block.actor
      + ' at ' + time(block.at)) : null, ' ', button),
    block.reason ? el('div', { class: 'muted' }, block.reason) : null,
    el('div', { id: 'action-status', class: 'muted' }));
}

function renderCard(s) {
  const out = [kv([['newest event', time(s.newestEventTime) + ' (' + s.newestEventTime + ')'],
    ['transactions held', s.recentTransactions]])];
  out.push(section('Windows', el('table', { class: 'compact windows' }, el('tbody', {}, (s.windows || []).map((w) =>
    el('tr', {}, el('td', {}, w.ruleId), el('td', {}, w.count + ' in ' + w.windowSeconds + ' s')))))));
  if (s.baseline) {
    out.push(section('Baseline', kv([['transactions', s.baseline.count],
      ['typical amount', s.baseline.typicalAmount.toFixed(2)],
      ['log-amount mean ± sd', s.baseline.meanLogAmount.toFixed(2) + ' ± ' + s.baseline.stdDevLogAmount.toFixed(2)]])));
  }
  out.push(section('Last position', s.lastPosition
    ? kv([['at', time(s.lastPosition.time)],
      ['where', s.lastPosition.latitude.toFixed(3) + ', ' + s.lastPosition.longitude.toFixed(3)]])
    : el('div', { class: 'muted' }, 'no card-present use')));
  out.push(openAlerts((s.openAlerts || []).map((a) => a.ruleId + ': quiet until ' + time(a.quietUntil))));
  return out;
}

function renderDevice(s) {
  const out = [kv([['last seen', time(s.lastSeen) + ' (' + s.lastSeen + ')'], ['last reading', s.lastEventId],
    ['newest event', time(s.newestEventTime)]])];
  out.push(section('Metrics', el('table', { class: 'compact' }, el('tbody', {},
    Object.entries(s.metrics || {}).map(([name, m]) => el('tr', {}, el('td', {}, name),
      el('td', {}, m.newestValue), el('td', { class: 'muted' }, 'baseline ' + m.baselineMean.toFixed(2)
        + ' (' + m.baselineCount + ' readings)')))))));
  out.push(openAlerts((s.openAlerts || []).map((a) =>
    a.ruleId + ': open since ' + time(a.openedAt) + (a.muted ? ' (muted)' : ''))));
  return out;
}

function openAlerts(lines) {
  return section('Open alerts (' + lines.length + ')',
    lines.length ? lines.map((l) => el('div', {}, l)) : el('div', { class: 'muted' }, 'none'));
}

// ---- overview: instance, chain, precision, rules ----
function stat(name, value) {
  return el('div', { class: 'stat' }, el('div', { class: 'value' }, Number(value).toLocaleString()),
    el('div', { class: 'name' }, name));
}

async function refreshOverview() {
  const { status, body } = await getJson('/api/overview');
  if (status !== 200) {
    $('#instance').textContent = (body && body.error) || 'not available';
    return;
  }
  const i = body.instance;
  $('#instance').replaceChildren(el('b', {}, i.instanceId), ' · ', i.state, ' · ', i.applicationId, ' · ',
    i.processingGuarantee, ' · ', i.applicationServer);
  const c = body.chain;
  $('#chain').replaceChildren(stat('alerts', c.alerts), stat('incidents', c.incidents),
    stat('notifications', Math.max(0, c.notifications)), stat('block actions', c.blockActions),
    stat('unblock actions', c.unblockActions), stat('cards blocked', c.blockedCards));
  $('#precision tbody').replaceChildren(...body.precision.map((p) => el('tr', { 'data-rule': p.ruleId },
    el('td', {}, p.ruleId), el('td', {}, p.fraud), el('td', {}, p.legit),
    el('td', { class: 'precision' }, p.precision === null ? '–' : Math.round(p.precision * 100) + '%',
      el('div', { class: 'bar' }, el('div', { style: 'width:' + Math.round((p.precision || 0) * 100) + '%' }))))));
  $('#precision-empty').classList.toggle('hidden', body.precision.length > 0);
  // The detector is named only where it differs from the rule id (the built-in rules share their detector's name).
  $('#rules tbody').replaceChildren(...body.rules.map((r) => el('tr', {}, el('td', {}, r.ruleId,
    r.detector && r.detector !== r.ruleId ? el('span', { class: 'muted' }, ' (' + r.detector + ')') : null),
    el('td', {}, 'v' + r.version),
    el('td', {}, r.severity ? el('span', { class: 'sev sev-' + r.severity }, r.severity) : '–'))));
}

async function refreshSeries() {
  const { status, body } = await getJson('/api/series');
  if (status === 200) drawSeries(body.samples);
}

function poll() {
  Promise.allSettled([refreshOverview(), refreshSeries()]).finally(() => setTimeout(poll, POLL_MS));
}

document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.dataset.theme = initialTheme();
  initCharts();
  $('#theme-toggle').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('vigil-theme', next);
    applyTheme(next);
  });
  $('#search-form').addEventListener('submit', (e) => { e.preventDefault(); search($('#search-input').value); });
  connectFeed();
  poll();
});
