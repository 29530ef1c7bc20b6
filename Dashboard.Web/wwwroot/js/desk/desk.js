/**
 * The cases desk (`/cases`, `/cases/{caseId}`; leaders and administrators): the queue of the cases in the caller's
 * subtree, most urgent first, filtered and paged, and the case opened beside it (case-panel.js). The address holds
 * the filters and the open case, so a view can be linked. The queue follows the hub: the desk subscribes to the
 * caller's unit and asks for the queue again when the unit's snapshot version moves (cases change the snapshot), at
 * most once a second, and every 30 seconds for what moves no number of the unit.
 */

import { openLink } from '/js/connection.js';
import { element } from '/js/dom.js';
import { applyTexts, language, withLanguage } from '/js/lang.js';
import { openStates } from '/js/lifecycle.js';
import { categories } from '/js/report/forms.js';
import { categoryLabel } from '/js/report/texts.js';
import { checkSession, signInAddress } from '/js/session.js';
import { createCasePanel } from '/js/desk/case-panel.js';
import { deadlineOf } from '/js/desk/deadline.js';
import { format, text } from '/js/desk/texts.js';

const pageSize = 20;
const minRefreshGapMilliseconds = 1000;
// Also read again on this beat: a change that moves none of the unit's numbers (a dispatch elsewhere) moves no version.
const rereadMilliseconds = 30000;
const filterKeys = ['q', 'state', 'deadline', 'category', 'unit'];
const levelDepth = { district: 0, street: 1, community: 2, grid: 3 };

const byId = id => document.getElementById(id);
const units = new Map();
let user = null;
let scopeId = null;
let filters = { q: '', state: 'open', deadline: '', category: '', unit: '' };
let page = 1;
let items = [];
let selected = -1;
let queueRequest = 0;
let seenVersion = null;
let refreshTimer = 0;
let lastRefresh = -Infinity;
let denied = false;

const panel = createCasePanel({
  units,
  who: () => user,
  changed: () => refreshQueue(),
  closed: () => {
    history.pushState(null, '', address(null));
    focusSelected();
  },
});

const link = openLink({
  subscribing() {},
  snapshot: followVersion,
  metrics: followVersion,
  activity() {},
  subscribed() {},
  state(state) {
    if (!denied) {
      showConnection(state);
    }
  },
  refused(unitId, message) {
    showPageMessage(message);
  },
  denied() {
    denied = true;
    showConnection('signedOut');
    showPageMessage(text.signedOutMessage, { href: signInAddress(), label: text.signIn });
  },
});

start();

async function start() {
  applyTexts(text);
  document.title = text.pageTitle;
  byId('language-switch').href = languageSwitchAddress();
  byId('wall-link').href = withLanguage('/');
  byId('filter-text').placeholder = text.searchPlaceholder;
  fillStaticFilters();
  wireFilters();
  wireQueue();
  wireKeys();
  window.addEventListener('popstate', () => followAddress());
  setInterval(refreshQueue, rereadMilliseconds);
  const session = await checkSession();
  if (session.outcome === 'denied') {
    link.deny(session.status);
    return;
  }
  user = session.outcome === 'signedIn' ? session.user : null;
  await loadUnits();
  byId('me').textContent = user ? format('signedInAs', { name: user.name, unit: units.get(scopeId)?.name ?? '' }) : '';
  byId('scope-name').textContent = units.get(scopeId)?.name ?? '';
  followAddress();
  link.show(scopeId);
}

/** The units of the caller's scope (the server lists only those), for names and the unit picker. */
async function loadUnits() {
  try {
    const response = await fetch('/api/units', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    for (const unit of response.ok ? await response.json() : []) {
      units.set(unit.id, unit);
    }
  } catch {
    // Names fall back to ids; the queue still works.
  }
  scopeId = user?.unitId && units.has(user.unitId)
    ? user.unitId
    : [...units.values()].find(unit => unit.parentId === null || !units.has(unit.parentId))?.id ?? user?.unitId ?? null;
  fillUnitPicker();
}

/** Reads the filters, the page and the open case from the address, and shows them. */
function followAddress() {
  const parameters = new URLSearchParams(location.search);
  filters = {
    q: parameters.get('q') ?? '',
    state: parameters.get('state') ?? 'open',
    deadline: parameters.get('deadline') ?? '',
    category: parameters.get('category') ?? '',
    unit: parameters.get('unit') ?? '',
  };
  page = Math.max(1, Number.parseInt(parameters.get('page') ?? '1', 10) || 1);
  byId('filter-text').value = filters.q;
  byId('filter-state').value = filters.state;
  byId('filter-deadline').value = filters.deadline;
  byId('filter-category').value = filters.category;
  byId('filter-unit').value = filters.unit;
  refreshQueue();
  const match = /^\/cases\/([^/]+)\/?$/.exec(location.pathname);
  if (match) {
    panel.open(decodeURIComponent(match[1]));
  } else {
    panel.close({ quietly: true });
  }
}

/** The desk's address for the filters and page shown, with a case open or none. */
function address(caseId) {
  const parameters = new URLSearchParams();
  for (const key of filterKeys) {
    if (filters[key] !== (key === 'state' ? 'open' : '')) {
      parameters.set(key, filters[key]);
    }
  }
  if (page > 1) {
    parameters.set('page', String(page));
  }
  if (language === 'en') {
    parameters.set('lang', 'en');
  }
  const query = parameters.toString();
  return (caseId ? `/cases/${encodeURIComponent(caseId)}` : '/cases') + (query ? `?${query}` : '');
}

function languageSwitchAddress() {
  const url = new URL(location.href);
  if (language === 'en') {
    url.searchParams.delete('lang');
  } else {
    url.searchParams.set('lang', 'en');
  }
  return url.pathname + url.search;
}

function fillStaticFilters() {
  byId('filter-state').replaceChildren(
    option('open', text.openStates),
    option('', text.anyState),
    ...['reported', 'dispatched', 'resolved', 'closed', 'cancelled'].map(state => option(state, text[state])));
  byId('filter-deadline').replaceChildren(option('', text.anyDeadline), option('overdue', text.overdueOnly), option('dueSoon', text.dueSoonOnly));
  byId('filter-category').replaceChildren(option('', text.anyCategory), ...categories.case.map(value => option(value, categoryLabel(value))));
}

/** Every unit below the caller's, depth first as the server lists them, indented by level. */
function fillUnitPicker() {
  const scope = units.get(scopeId);
  const top = levelDepth[scope?.level] ?? 0;
  const below = [...units.values()].filter(unit => unit.id !== scopeId);
  byId('filter-unit').replaceChildren(
    option('', format('wholeScope', { name: scope?.name ?? '' })),
    ...below.map(unit => option(unit.id, `${'\u3000'.repeat(Math.max(0, (levelDepth[unit.level] ?? 0) - top - 1))}${unit.name}`)));
}

function wireFilters() {
  const form = byId('filters');
  form.addEventListener('submit', event => event.preventDefault());
  let typing = 0;
  byId('filter-text').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changeFilters, 250);
  });
  for (const id of ['filter-state', 'filter-deadline', 'filter-category', 'filter-unit']) {
    byId(id).addEventListener('change', changeFilters);
  }
  byId('page-previous').addEventListener('click', () => turnPage(-1));
  byId('page-next').addEventListener('click', () => turnPage(1));
}

function changeFilters() {
  filters = {
    q: byId('filter-text').value.trim(),
    state: byId('filter-state').value,
    deadline: byId('filter-deadline').value,
    category: byId('filter-category').value,
    unit: byId('filter-unit').value,
  };
  page = 1;
  history.replaceState(null, '', address(panel.caseId));
  refreshQueue();
}

function turnPage(step) {
  page = Math.max(1, page + step);
  history.replaceState(null, '', address(panel.caseId));
  refreshQueue();
}

/** Asks for the queue now; an answer to an older request than the last is dropped. */
async function refreshQueue() {
  if (scopeId === null || denied) {
    return;
  }
  lastRefresh = performance.now();
  const request = ++queueRequest;
  const parameters = new URLSearchParams({ order: 'urgency', page: String(page), pageSize: String(pageSize), unit: filters.unit || scopeId });
  if (filters.state) {
    parameters.set('state', filters.state === 'open' ? openStates.join(',') : filters.state);
  }
  if (filters.deadline) {
    parameters.set(filters.deadline, 'true');
  }
  if (filters.category) {
    parameters.set('category', filters.category);
  }
  if (filters.q) {
    parameters.set('q', filters.q);
  }
  const message = byId('queue-message');
  try {
    const response = await fetch(`/api/cases?${parameters}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (request !== queueRequest) {
      return;
    }
    if (response.status === 401) {
      link.deny(401);
      return;
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      message.textContent = format('loadFailed', { reason: body?.detail ?? response.status });
      message.hidden = false;
      return;
    }
    message.hidden = true;
    const chosen = items[selected]?.id;
    items = body.items;
    selected = Math.max(-1, items.findIndex(item => item.id === (panel.caseId ?? chosen)));
    drawQueue();
    drawPager(body.total);
    panel.follow(items);
  } catch {
    if (request === queueRequest) {
      message.textContent = format('loadFailed', { reason: text.offline });
      message.hidden = false;
    }
  }
}

/** A snapshot of the caller's unit: a new version means something changed, perhaps a case. */
function followVersion(snapshot) {
  if (snapshot.unitId !== scopeId || snapshot.version === seenVersion) {
    return;
  }
  const first = seenVersion === null;
  seenVersion = snapshot.version;
  if (!first) {
    scheduleRefresh();
  }
}

/** Asks for the queue again at most once a second, however often the unit changes. */
function scheduleRefresh() {
  if (refreshTimer) {
    return;
  }
  const wait = Math.max(0, lastRefresh + minRefreshGapMilliseconds - performance.now());
  refreshTimer = setTimeout(() => {
    refreshTimer = 0;
    refreshQueue();
    panel.reload();
  }, wait);
}

/** Draws the queue; a selected row that had the focus keeps it, so a live refresh never takes the keyboard away. */
function drawQueue() {
  const now = Date.now();
  const queue = byId('queue');
  const focused = queue.contains(document.activeElement);
  queue.replaceChildren(...items.map((item, index) => queueRow(item, index, now)));
  byId('queue-empty').hidden = items.length > 0;
  if (focused) {
    (queue.rows[selected] ?? queue).focus({ preventScroll: true });
  }
}

function queueRow(item, index, now) {
  const row = document.createElement('tr');
  row.dataset.caseId = item.id;
  row.dataset.state = item.state;
  row.tabIndex = -1;
  row.setAttribute('aria-selected', String(index === selected));
  const deadline = deadlineOf(item, now);
  row.dataset.deadline = deadline.tone;
  const title = cell('', 'title');
  title.append(element('span', 'case-title', item.title), element('code', 'case-code', item.id));
  row.append(
    cell(deadline.label, `deadline ${deadline.tone}`),
    title,
    cell(categoryLabel(item.category)),
    cell(placeOf(item.gridId), 'place'),
    cell(text[item.state] ?? item.state, `state state-${item.state}`),
    cell(text[item.handlingLevel] ?? item.handlingLevel));
  return row;
}

function drawPager(total) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  byId('queue-total').textContent = format('queueTotal', { total });
  byId('page-of').textContent = format('pageOf', { page, pages });
  byId('page-previous').disabled = page <= 1;
  byId('page-next').disabled = page >= pages;
}

/** A grid as its community's name and its own: 黄岛街道第一社区 第一网格. */
function placeOf(gridId) {
  const grid = units.get(gridId);
  if (!grid) {
    return gridId;
  }
  const community = units.get(grid.parentId);
  return community && community.id !== scopeId ? `${community.name} ${grid.name}` : grid.name;
}

function wireQueue() {
  const queue = byId('queue');
  queue.addEventListener('click', event => {
    const row = event.target.closest('tr[data-case-id]');
    if (row) {
      select(items.findIndex(item => item.id === row.dataset.caseId));
      openSelected();
    }
  });
  queue.addEventListener('keydown', event => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      select(Math.min(items.length - 1, Math.max(0, selected + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter' && selected >= 0) {
      event.preventDefault();
      openSelected();
    }
  });
  byId('filter-text').addEventListener('keydown', event => {
    if (event.key === 'ArrowDown' && items.length > 0) {
      event.preventDefault();
      select(Math.max(0, selected));
    }
  });
}

function select(index) {
  selected = index;
  for (const row of byId('queue').rows) {
    row.setAttribute('aria-selected', String(row.sectionRowIndex === index));
  }
  focusSelected();
}

function focusSelected() {
  const row = byId('queue').rows[selected];
  (row ?? byId('queue')).focus();
  row?.scrollIntoView({ block: 'nearest' });
}

function openSelected() {
  const item = items[selected];
  if (item) {
    history.pushState(null, '', address(item.id));
    panel.open(item.id);
  }
}

/** `/` finds, Esc closes the form and then the case. */
function wireKeys() {
  document.addEventListener('keydown', event => {
    const typing = event.target.closest?.('input, select, textarea');
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      byId('filter-text').focus();
      byId('filter-text').select();
    } else if (event.key === 'Escape') {
      panel.escape();
    }
  });
}

function showConnection(state) {
  const element = byId('connection');
  element.dataset.state = state;
  element.textContent = text[state];
}

function showPageMessage(message, action) {
  byId('page-message-text').textContent = message;
  const anchor = byId('page-message-link');
  anchor.hidden = !action;
  if (action) {
    anchor.href = withLanguage(action.href);
    anchor.textContent = action.label;
  }
  byId('page-message').hidden = false;
}

function option(value, label) {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = label;
  return node;
}

function cell(value, className) {
  return element('td', className, value);
}
