/**
 * 我的事件 on the worker's phone: the open cases of the worker's grid (`GET /api/cases`, the worker's scope), most
 * urgent first, each dispatched one with 处置完成 and a note (处置反馈). The lifecycle allows resolving only a
 * dispatched case, so a reported one waits for its dispatch and a resolved one for its check, and the page says so.
 * A resolve goes into the same outbox as reports: recorded on the phone without a network, sent once when it is back
 * (the action's id, made on the phone, keeps a resend from acting twice); until then the case shows it as pending.
 * A case a leader urged (督办) shows it to the handler: 督办×N and the latest demand, read from the case's history only
 * when the count changed since the last read (the list carries the count, not the notes).
 * The last list read is kept on the phone, so a page opened offline still shows it.
 */

import { element } from '/js/dom.js';
import { allowedActions, openStates } from '/js/lifecycle.js';
import { deadlineOf } from '/js/desk/deadline.js';
import { localIsoTime, newId } from '/js/report/clock.js';
import { authorization } from '/js/report/identity.js';
import { categoryLabel, format, text } from '/js/report/texts.js';

const storageKey = 'gridpulse.report.cases';
const refreshMilliseconds = 60000;

/**
 * @param {{outbox: import('/js/report/outbox.js').Outbox, identity: () => (import('/js/report/identity.js').Identity|null),
 *   enqueue: (id: string, kind: string, request: {url: string, body: object}, now: Date, label: string) => boolean}} page
 * @returns {{ load: () => Promise<void> }} `load` reads the grid's open cases again
 */
export function startMyCases(page) {
  const list = document.querySelector('#my-cases-list');
  let cases = readStored();
  let stale = false;
  let pendingCount = pendingResolves().length;

  list.addEventListener('submit', event => {
    event.preventDefault();
    resolve(event.target.closest('li[data-case-id]'));
  });
  page.outbox.onChange(() => {
    const count = pendingResolves().length;
    if (count < pendingCount) {
      load();
    }
    pendingCount = count;
    draw();
  });
  window.addEventListener('online', () => load());
  setInterval(() => load(), refreshMilliseconds);
  draw();

  async function load() {
    const identity = page.identity();
    if (!identity) {
      return;
    }
    const query = new URLSearchParams({ unit: identity.gridId, state: openStates.join(','), order: 'urgency', pageSize: '100' });
    try {
      const response = await fetch(`/api/cases?${query}`, { headers: { Accept: 'application/json', ...authorization() }, cache: 'no-store' });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const known = new Map(cases.items.map(item => [item.id, item]));
      const items = await Promise.all((await response.json()).items.map(item => withLatestUrge(item, known.get(item.id))));
      cases = { gridId: identity.gridId, items };
      stale = false;
      store(cases);
    } catch {
      stale = true;
    }
    draw();
  }

  /** The item with its latest urge (`{note, at}`), kept from the last read while no new urge came. */
  async function withLatestUrge(item, known) {
    if (!item.urgeCount) {
      return item;
    }
    if (known?.urgeCount === item.urgeCount && known.latestUrge) {
      return { ...item, latestUrge: known.latestUrge };
    }
    try {
      const response = await fetch(`/api/cases/${encodeURIComponent(item.id)}`, { headers: { Accept: 'application/json', ...authorization() }, cache: 'no-store' });
      const urge = response.ok ? (await response.json()).history.findLast(entry => entry.action === 'urge') : null;
      return { ...item, latestUrge: urge ? { note: urge.note, at: urge.at } : known?.latestUrge };
    } catch {
      return { ...item, latestUrge: known?.latestUrge };
    }
  }

  function resolve(card) {
    const identity = page.identity();
    const item = cases.items.find(candidate => candidate.id === card?.dataset.caseId);
    if (!identity || !item) {
      return;
    }
    const now = new Date();
    const id = newId();
    const note = card.querySelector('input').value.trim();
    const body = { id, action: 'resolve', by: identity.workerId, at: localIsoTime(now), ...(note ? { note } : {}) };
    const url = `/api/cases/${encodeURIComponent(item.id)}/actions`;
    // The outbox tells its change (and so redraws this list) as it takes the item.
    page.enqueue(id, 'resolve', { url, body }, now, item.title);
  }

  function draw() {
    const identity = page.identity();
    const section = document.querySelector('#my-cases');
    section.hidden = !identity;
    const items = identity && cases.gridId === identity.gridId ? cases.items : [];
    const pending = new Set(pendingResolves().map(item => item.url));
    list.replaceChildren(...items.map(item => card(item, pending.has(`/api/cases/${encodeURIComponent(item.id)}/actions`))));
    document.querySelector('#my-cases-empty').hidden = items.length > 0;
    const count = document.querySelector('#my-cases-count');
    count.textContent = String(items.length);
    count.dataset.count = String(items.length);
    const message = document.querySelector('#my-cases-message');
    message.hidden = !stale;
    message.textContent = text.casesStale;
  }

  function pendingResolves() {
    return page.outbox.items.pending.filter(item => item.kind === 'resolve');
  }

  return { load };
}

function card(item, pending) {
  const li = element('li', `item case-card state-${item.state}`);
  li.dataset.caseId = item.id;
  li.dataset.state = item.state;
  li.dataset.pending = String(pending);
  const deadline = deadlineOf(item);
  const head = element('div', 'item-head');
  head.append(
    element('span', 'item-kind', categoryLabel(item.category)),
    element('span', 'item-summary', item.title),
    element('span', `item-time deadline ${deadline.tone}`, deadline.tone === 'stopped' ? '' : deadline.label));
  const meta = element('div', 'item-meta');
  meta.append(element('code', 'item-id', item.id), element('span', 'case-state', text[`state_${item.state}`] ?? item.state));
  li.append(head, meta);
  if (item.urgeCount > 0) {
    meta.append(element('span', 'urge-badge', format('urgeBadge', { n: item.urgeCount })));
    if (item.latestUrge?.note) {
      li.append(element('p', 'urge-note', format('urgeNote', { note: item.latestUrge.note })));
    }
  }
  if (pending) {
    li.append(element('p', 'item-state waiting', text.resolvePending));
  } else if (allowedActions(item.state, item.handlingLevel).includes('resolve')) {
    const form = element('form', 'resolve-form');
    const input = element('input', '');
    input.type = 'text';
    input.maxLength = 500;
    input.placeholder = text.resolveNote;
    input.setAttribute('aria-label', text.resolveNote);
    const button = element('button', 'button primary small', text.resolveButton);
    button.type = 'submit';
    form.append(input, button);
    li.append(form);
  } else {
    li.append(element('p', 'item-state waiting', item.state === 'reported' ? text.waitingDispatch : text.waitingCheck));
  }
  return li;
}

function readStored() {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    return value && typeof value.gridId === 'string' && Array.isArray(value.items) ? value : { gridId: null, items: [] };
  } catch {
    return { gridId: null, items: [] };
  }
}

function store(value) {
  try {
    localStorage.setItem(storageKey, JSON.stringify(value));
  } catch {
    // Only a page opened offline loses the list.
  }
}
