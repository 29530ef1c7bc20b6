/**
 * The plain home page: every district, street and community with its main numbers, refreshed every few
 * seconds from /api/units/{id}/metrics. One request per street (its snapshot lists its communities) plus one
 * for the district (which lists its streets).
 */

const refreshMilliseconds = 5000;

const texts = {
  zh: {
    title: 'GridPulse 网格化治理实时看板', unit: '单位', visits: '今日走访', open: '在办事件', overdue: '超期事件',
    closureRate: '结案率', onDuty: '在岗网格员', updated: '更新于', failed: '连接中断，稍后重试', loading: '正在加载…',
  },
  en: {
    title: 'GridPulse live governance dashboard', unit: 'Unit', visits: 'Visits today', open: 'Open cases',
    overdue: 'Overdue cases', closureRate: 'Closure rate', onDuty: 'Workers on duty', updated: 'Updated',
    failed: 'Connection lost, retrying', loading: 'Loading…',
  },
};

const language = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
const text = texts[language];
const rows = new Map();

/** Builds the table from the unit tree, then keeps its numbers fresh. */
export async function start() {
  applyLanguage();
  const units = await getJson('/api/units');
  const root = units.find(unit => unit.parentId === null);
  const streets = units.filter(unit => unit.parentId === root.id);
  const body = document.querySelector('#units tbody');
  body.append(row(root, 'district'));
  for (const street of streets) {
    body.append(row(street, 'street'));
    for (const community of units.filter(unit => unit.parentId === street.id)) {
      body.append(row(community, 'community', street.id));
    }
  }
  await refresh(root.id, streets.map(street => street.id));
  setInterval(() => refresh(root.id, streets.map(street => street.id)), refreshMilliseconds);
}

async function refresh(rootId, streetIds) {
  try {
    const snapshots = await Promise.all([rootId, ...streetIds].map(id => getJson(`/api/units/${encodeURIComponent(id)}/metrics`)));
    show(snapshots[0].unitId, snapshots[0]);
    for (const snapshot of snapshots) {
      for (const child of snapshot.children) {
        show(child.unitId, child);
      }
    }
    status(`${text.updated} ${new Date().toLocaleTimeString(language === 'en' ? 'en-GB' : 'zh-CN')}`);
  } catch {
    status(text.failed);
  }
}

function show(unitId, numbers) {
  const cells = rows.get(unitId);
  if (!cells) {
    return;
  }
  cells.visits.textContent = numbers.today.visits;
  cells.open.textContent = numbers.cases.open;
  cells.overdue.textContent = numbers.cases.overdue;
  cells.overdue.classList.toggle('warn', numbers.cases.overdue > 0);
  cells.closureRate.textContent = numbers.cases.closureRate === null ? '—' : `${(numbers.cases.closureRate * 100).toFixed(1)}%`;
  cells.onDuty.textContent = numbers.workers.onDuty + numbers.workers.patrolling;
}

function row(unit, level, parentId) {
  const tr = document.createElement('tr');
  tr.className = level;
  tr.dataset.unit = unit.id;
  const name = document.createElement('td');
  name.textContent = unit.name;
  tr.append(name);
  const cells = {};
  for (const key of ['visits', 'open', 'overdue', 'closureRate', 'onDuty']) {
    cells[key] = document.createElement('td');
    cells[key].textContent = '…';
    tr.append(cells[key]);
  }
  rows.set(unit.id, cells);
  if (level === 'community') {
    tr.dataset.parent = parentId;
    tr.hidden = true;
  }
  if (level === 'street') {
    name.addEventListener('click', () => toggle(tr, unit.id));
  }
  return tr;
}

function toggle(streetRow, streetId) {
  const open = streetRow.classList.toggle('open');
  for (const community of document.querySelectorAll(`tr.community[data-parent="${CSS.escape(streetId)}"]`)) {
    community.hidden = !open;
  }
}

function applyLanguage() {
  document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
  document.title = text.title;
  document.getElementById('title').textContent = text.title;
  for (const cell of document.querySelectorAll('[data-text]')) {
    cell.textContent = text[cell.dataset.text];
  }
  status(text.loading);
}

function status(message) {
  document.getElementById('status').textContent = message;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`${url}: ${response.status}`);
  }
  return response.json();
}

// Only the first request can fail before the table exists, so starting again is safe.
function boot() {
  start().catch(() => {
    status(text.failed);
    setTimeout(boot, refreshMilliseconds);
  });
}

boot();
