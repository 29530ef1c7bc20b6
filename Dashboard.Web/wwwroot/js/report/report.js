/**
 * The grid worker's phone page (`/report`, spec 5): opened once by the worker's link, which identifies the phone by
 * its token, it records visits, trainings, events and cases and sets the worker's duty status. Every submission gets
 * its id and time on the phone and goes into the outbox before any network call; the outbox sends it, with the
 * token, when it can. 我的事件 (cases.js) lists the grid's open cases and resolves dispatched ones through the same outbox.
 */

import { element } from '/js/dom.js';
import { applyTexts, language } from '/js/lang.js';
import { startMyCases } from '/js/report/cases.js';
import { localIsoTime, newId, shortTime } from '/js/report/clock.js';
import { readForm, resetForm, showKind, step } from '/js/report/forms.js';
import { authorization, startIdentity } from '/js/report/identity.js';
import { Outbox, maxPending } from '/js/report/outbox.js';
import { categoryLabel, format, text } from '/js/report/texts.js';

const dutyKey = 'gridpulse.report.duty';
// Up to 500 may wait; drawing the first ones keeps each redraw cheap on a phone while a backlog drains.
const pendingShown = 100;
const statusText = { 'on-duty': 'onDuty', patrolling: 'patrolling', 'off-duty': 'offDuty' };
// The submit button rests this long after a submission, so that a double tap records one report, not two.
const submitRestMilliseconds = 600;

const outbox = new Outbox(authorization);
const form = document.querySelector('#report-form');
let identity = null;
let lastSubmittedId = null;

start();

function start() {
  applyTexts(text);
  document.title = text.pageTitle;
  setLanguageLink();
  showKind(form, 'visit');
  wireKinds();
  wireForm();
  wireDuty();
  wireOutbox();
  const myCases = startMyCases({ outbox, identity: () => identity, enqueue });
  const identityView = startIdentity(document.querySelector('#identity'), chosen => {
    identity = chosen;
    document.querySelector('#duty').hidden = !chosen;
    document.querySelector('#record').hidden = !chosen;
    if (chosen) {
      showDuty(chosen);
      outbox.sendNow();
      myCases.load();
    }
  });
  outbox.onChange(render);
  outbox.onChange(() => {
    if (outbox.lastAttempt?.reason?.code === 'unauthorized') {
      identityView.refuse();
    }
  });
  window.addEventListener('online', renderNetwork);
  window.addEventListener('offline', renderNetwork);
  setInterval(renderNetwork, 1000);
  render();
  outbox.start();
}

function setLanguageLink() {
  const link = document.querySelector('#language-switch');
  const url = new URL(location.href);
  if (language === 'en') {
    url.searchParams.delete('lang');
  } else {
    url.searchParams.set('lang', 'en');
  }
  link.href = url.pathname + url.search;
  link.textContent = text.switchLanguage;
  link.lang = language === 'en' ? 'zh-CN' : 'en';
}

function wireKinds() {
  for (const button of document.querySelectorAll('[data-kind]')) {
    button.addEventListener('click', () => {
      for (const other of document.querySelectorAll('[data-kind]')) {
        other.setAttribute('aria-pressed', String(other === button));
      }
      showKind(form, button.dataset.kind);
      showFormMessage(null);
    });
  }
}

function wireForm() {
  for (const button of form.querySelectorAll('[data-step]')) {
    button.addEventListener('click', () => step(form, button.dataset.for, Number(button.dataset.step)));
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    submitForm();
  });
}

function submitForm() {
  const button = form.querySelector('#submit');
  if (!identity || button.disabled) {
    return;
  }
  const read = readForm(form);
  if (!read.ok) {
    showFormMessage(read.message);
    form.querySelector(`#${read.field}`)?.focus();
    return;
  }
  const now = new Date();
  const id = newId();
  const who = { gridId: identity.gridId, workerId: identity.workerId };
  const request = read.kind === 'case'
    ? { url: '/api/cases', body: { id, ...who, ...read.fields, occurredAt: localIsoTime(now) } }
    : { url: '/api/reports', body: { id, ...who, ...read.fields, occurredAt: localIsoTime(now) } };
  if (enqueue(id, read.kind, request, now)) {
    resetForm(form);
    button.disabled = true;
    setTimeout(() => { button.disabled = false; }, submitRestMilliseconds);
  }
}

function wireDuty() {
  for (const button of document.querySelectorAll('[data-status]')) {
    button.addEventListener('click', () => {
      if (!identity) {
        return;
      }
      const now = new Date();
      const id = newId();
      const status = button.dataset.status;
      const request = {
        url: `/api/workers/${encodeURIComponent(identity.workerId)}/status`,
        body: { status, at: localIsoTime(now) },
      };
      if (enqueue(id, 'status', request, now)) {
        rememberDuty(identity.workerId, status);
        markDuty(status);
      }
    });
  }
}

/**
 * Puts a submission into the outbox, with a label the lists show (a resolved case's title); false (with the reason
 * shown) when the outbox refused it.
 */
function enqueue(id, kind, request, now, label) {
  const added = outbox.add({
    id, kind, url: request.url, body: request.body, createdAt: now.toISOString(), worker: identity.workerName, label,
  });
  if (!added.ok) {
    showFormMessage(added.reason === 'full' ? format('outboxFull', { max: maxPending }) : text.storageFailed);
    return false;
  }
  lastSubmittedId = id;
  showFormMessage(null);
  render();
  return true;
}

async function showDuty(chosen) {
  const remembered = readDuty();
  if (remembered?.workerId === chosen.workerId) {
    markDuty(remembered.status);
    return;
  }
  markDuty(null);
  try {
    const response = await fetch(`/api/units/${encodeURIComponent(chosen.gridId)}/workers`, { headers: authorization(), cache: 'no-store' });
    const workers = response.ok ? await response.json() : [];
    const status = workers.find(worker => worker.id === chosen.workerId)?.status;
    if (identity?.workerId === chosen.workerId && readDuty()?.workerId !== chosen.workerId && status in statusText) {
      markDuty(status);
    }
  } catch {
    // Offline: the buttons show no status until one is chosen.
  }
}

function markDuty(status) {
  for (const button of document.querySelectorAll('[data-status]')) {
    button.setAttribute('aria-pressed', String(button.dataset.status === status));
  }
}

function readDuty() {
  try {
    return JSON.parse(localStorage.getItem(dutyKey) ?? 'null');
  } catch {
    return null;
  }
}

function rememberDuty(workerId, status) {
  try {
    localStorage.setItem(dutyKey, JSON.stringify({ workerId, status }));
  } catch {
    // Only the highlighted button is lost; the status itself is in the outbox.
  }
}

function wireOutbox() {
  document.querySelector('#outbox-failed').addEventListener('click', event => {
    const button = event.target.closest('[data-dismiss]');
    if (button) {
      outbox.dismiss(button.dataset.dismiss);
    }
  });
}

function render() {
  const { pending, sent, failed } = outbox.items;
  renderList('#outbox-pending', pending.slice(0, pendingShown), pendingState);
  const more = document.querySelector('#pending-more');
  more.hidden = pending.length <= pendingShown;
  more.textContent = format('pendingMore', { n: pending.length - pendingShown });
  renderList('#outbox-sent', [...sent].reverse(), sentState);
  renderList('#outbox-failed', [...failed].reverse(), failedState);
  const count = document.querySelector('#pending-count');
  count.textContent = String(pending.length);
  count.dataset.count = String(pending.length);
  document.querySelector('#pending-empty').hidden = pending.length > 0;
  document.querySelector('#sent-empty').hidden = sent.length > 0;
  document.querySelector('#failed-part').hidden = failed.length === 0;
  const message = document.querySelector('#outbox-message');
  message.hidden = !outbox.storageWasReset;
  message.textContent = text.storageReset;
  renderSubmitted({ pending, sent, failed });
  renderNetwork();
}

function renderList(selector, items, describeState) {
  const list = document.querySelector(selector);
  list.replaceChildren(...items.map(item => itemElement(item, describeState)));
}

function itemElement(item, describeState) {
  const li = document.createElement('li');
  li.dataset.id = item.id;
  li.dataset.itemKind = item.kind;
  li.className = `item kind-${item.kind}`;
  const head = element('div', 'item-head');
  head.append(
    element('span', 'item-kind', text[item.kind] ?? item.kind),
    element('span', 'item-summary', summary(item)),
    element('time', 'item-time', shortTime(item.createdAt)));
  head.lastChild.dateTime = item.createdAt;
  const meta = element('div', 'item-meta');
  meta.append(element('code', 'item-id', item.id), element('span', 'item-worker', item.worker ?? ''));
  li.append(head, meta, ...describeState(item));
  return li;
}

function summary(item) {
  const body = item.body;
  const parts = [];
  switch (item.kind) {
    case 'visit':
      parts.push(format('households_n', { n: body.households ?? 1 }));
      break;
    case 'training':
    case 'event':
      parts.push(format('participants_n', { n: body.participants ?? 0 }));
      break;
    case 'case':
      return [categoryLabel(body.category ?? ''), body.title ?? ''].filter(Boolean).join(' · ');
    case 'status':
      parts.push(text[statusText[body.status]] ?? body.status);
      break;
    case 'resolve':
      return [item.label, body.note].filter(Boolean).join(' · ');
  }
  if (body.category) {
    parts.push(categoryLabel(body.category));
  }
  return parts.join(' · ');
}

function pendingState(item) {
  return item.attempts > 0 && item.lastError
    ? [element('p', 'item-state retrying', format('attempts', { n: item.attempts, reason: reasonText(item.lastError) }))]
    : [element('p', 'item-state waiting', text.savedPending)];
}

function sentState(item) {
  const answer = item.answer === 'duplicate' ? text.duplicate : text.accepted;
  return [element('p', 'item-state sent', `${answer} · ${format('sentAt', { time: shortTime(item.sentAt) })}`)];
}

function failedState(item) {
  const problem = item.problem ?? {};
  const headline = [problem.title, problem.detail].filter(Boolean).join('：')
    || format('refusedStatus', { status: problem.status ?? '?' });
  const parts = [element('p', 'item-state refused', headline)];
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    parts.push(element('p', 'item-error', `${field}: ${messages.join('；')}`));
  }
  const dismiss = element('button', 'button secondary small', text.dismiss);
  dismiss.type = 'button';
  dismiss.dataset.dismiss = item.id;
  parts.push(dismiss);
  return parts;
}

function renderSubmitted({ pending, sent, failed }) {
  const banner = document.querySelector('#submitted');
  if (!lastSubmittedId) {
    banner.hidden = true;
    return;
  }
  const sentItem = sent.find(item => item.id === lastSubmittedId);
  const state = pending.some(item => item.id === lastSubmittedId) ? 'pending'
    : sentItem ? 'sent'
      : failed.some(item => item.id === lastSubmittedId) ? 'failed' : 'sent';
  const stateText = state === 'pending' ? text.savedPending
    : state === 'failed' ? text.savedFailed
      : sentItem?.answer === 'duplicate' ? text.savedDuplicate : text.savedSent;
  const [before, after] = text.saved.split('{id}');
  banner.replaceChildren(
    document.createTextNode(before),
    element('code', 'submitted-id', lastSubmittedId),
    document.createTextNode(after),
    element('span', `submitted-state ${state}`, stateText));
  banner.dataset.id = lastSubmittedId;
  banner.dataset.state = state;
  banner.hidden = false;
}

function renderNetwork() {
  const network = document.querySelector('#network');
  const online = navigator.onLine;
  network.dataset.state = online ? 'online' : 'offline';
  document.querySelector('#network-state').textContent = online ? text.online : text.offline;
  const last = outbox.lastAttempt;
  network.dataset.last = last?.outcome ?? '';
  document.querySelector('#network-last').textContent = last ? lastAttemptText(last) : '';
}

function lastAttemptText(last) {
  const time = shortTime(new Date(last.at).toISOString());
  switch (last.outcome) {
    case 'sent':
      return format('lastSent', { time });
    case 'refused':
      return format('lastRefused', { time });
    default: {
      const seconds = Math.ceil(((last.retryAt ?? 0) - Date.now()) / 1000);
      const reason = reasonText(last.reason);
      return seconds > 0 ? format('lastRetry', { reason, s: seconds }) : format('lastRetryNow', { reason });
    }
  }
}

function reasonText(reason) {
  switch (reason?.code) {
    case 'timeout':
      return text.reasonTimeout;
    case 'status':
      return format('reasonStatus', { status: reason.status });
    case 'unauthorized':
      return text.reasonUnauthorized;
    default:
      return text.reasonNetwork;
  }
}

function showFormMessage(message) {
  const element = document.querySelector('#form-message');
  element.hidden = !message;
  element.textContent = message ?? '';
}
