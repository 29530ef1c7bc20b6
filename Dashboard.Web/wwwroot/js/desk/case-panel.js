/**
 * The case opened on the desk: its facts, its deadline with the time left or how long overdue, its history (who did
 * what when, with the note), and the actions its state allows (js/lifecycle.js), each with the form it needs. An
 * action's id is made on the page when first submitted and kept, with its time, until the server has answered for
 * good, so a click retried after a network failure is the same action and never acts twice. A 409 means someone
 * else acted first: the case is read again and the desk says so.
 */

import { element } from '/js/dom.js';
import { locale } from '/js/lang.js';
import { allowedActions } from '/js/lifecycle.js';
import { localIsoTime, newId } from '/js/report/clock.js';
import { categoryLabel } from '/js/report/texts.js';
import { deadlineOf } from '/js/desk/deadline.js';
import { format, text } from '/js/desk/texts.js';

/** What each action's form asks for; a note label makes the note required. */
const forms = {
  dispatch: { handler: true, deadline: 'dispatchDeadline', note: null },
  resolve: { note: null },
  close: { note: null },
  reject: { note: 'noteReason' },
  cancel: { note: 'noteReason' },
  escalate: { note: null },
  extend: { deadline: 'newDeadline', note: 'noteReason' },
  urge: { note: 'noteUrge' },
};
const forwardActions = new Set(['dispatch', 'resolve', 'close']);
const dateTime = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * @param {{units: Map<string, object>, who: () => ({id: string, name: string}|null), changed: () => void, closed: () => void}} desk
 */
export function createCasePanel(desk) {
  const byId = id => document.getElementById(id);
  const section = byId('case');
  const form = byId('action-form');
  const workerNames = new Map();
  let view = null;
  let shownId = null;
  let formAction = null;
  /** The action being submitted: its id and time stay the same for every retry of it. */
  let pending = null;
  let loads = 0;

  byId('case-close').addEventListener('click', () => close());
  byId('action-cancel').addEventListener('click', () => closeForm());
  byId('case-actions').addEventListener('click', event => {
    const button = event.target.closest('button[data-action]');
    if (button) {
      openForm(button.dataset.action);
    }
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    submit();
  });

  /** Shows a case, read afresh. */
  async function open(caseId) {
    if (shownId !== caseId) {
      shownId = caseId;
      view = null;
      closeForm();
      showMessage(null);
    }
    section.hidden = false;
    document.body.classList.add('case-open');
    await load();
  }

  async function load() {
    const caseId = shownId;
    const request = ++loads;
    let response;
    try {
      response = await fetch(`/api/cases/${encodeURIComponent(caseId)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch {
      if (request === loads && caseId === shownId) {
        showMessage(text.unreachable, 'bad');
      }
      return;
    }
    if (request !== loads || caseId !== shownId) {
      return;
    }
    if (!response.ok) {
      view = null;
      section.dataset.caseId = caseId;
      section.dataset.state = '';
      byId('case-title').textContent = caseId;
      byId('case-facts').replaceChildren();
      byId('timeline').replaceChildren();
      byId('case-actions').replaceChildren();
      showMessage(format('caseMissing', { id: caseId }), 'bad');
      return;
    }
    view = await response.json();
    await learnWorkers(view.gridId);
    if (view?.id === caseId) {
      draw();
    }
  }

  /** The names of the grid's workers, for the history's "who" and the handler's suggestions. */
  async function learnWorkers(gridId) {
    if (workerNames.has(gridId)) {
      return;
    }
    try {
      const response = await fetch(`/api/units/${encodeURIComponent(gridId)}/workers`, { headers: { Accept: 'application/json' } });
      workerNames.set(gridId, new Map((response.ok ? await response.json() : []).map(worker => [worker.id, worker.name])));
    } catch {
      // Ids stand in for names.
    }
  }

  function draw() {
    const now = Date.now();
    const deadline = deadlineOf(view, now);
    section.dataset.caseId = view.id;
    section.dataset.state = view.state;
    byId('case-id').textContent = view.id;
    const badge = byId('case-state');
    badge.textContent = text[view.state] ?? view.state;
    badge.className = `state-badge state-${view.state}`;
    const clock = byId('case-clock');
    clock.textContent = deadline.tone === 'stopped' ? '' : deadline.label;
    clock.className = `deadline ${deadline.tone}`;
    byId('case-title').textContent = view.title;
    byId('case-facts').replaceChildren(...facts([
      ['columnCategory', categoryLabel(view.category)],
      ['columnPlace', placeOf(view.gridId)],
      ['reporter', nameOf(view.workerId)],
      ['handler', view.handler ?? '—'],
      ['handlingLevel', text[view.handlingLevel] ?? view.handlingLevel],
      ['occurredAt', when(view.occurredAt)],
      ['deadline', `${when(view.deadline)}${deadline.tone === 'stopped' ? '' : ` · ${deadline.label}`}`],
      ...(view.reworkCount > 0 ? [['reworkLabel', format('rework', { n: view.reworkCount })]] : []),
    ]));
    const description = byId('case-description');
    description.hidden = !view.description;
    description.textContent = view.description ?? '';
    drawActions();
    byId('timeline').replaceChildren(...view.history.map(historyEntry));
    byId('handlers').replaceChildren(...[...(workerNames.get(view.gridId)?.values() ?? [])].map(name => {
      const option = document.createElement('option');
      option.value = name;
      return option;
    }));
  }

  function drawActions() {
    const actions = allowedActions(view.state, view.handlingLevel);
    const container = byId('case-actions');
    if (actions.length === 0) {
      container.replaceChildren(element('p', 'hint', format('noActions', { state: (text[view.state] ?? view.state).toLowerCase() })));
      return;
    }
    container.replaceChildren(...actions.map(action => {
      const variant = forwardActions.has(action) ? 'primary' : action === 'cancel' ? 'danger' : 'secondary';
      const button = element('button', `button small ${variant}`, text[`action_${action}`]);
      button.type = 'button';
      button.dataset.action = action;
      button.setAttribute('aria-pressed', String(action === formAction));
      return button;
    }));
  }

  function historyEntry(entry) {
    const item = element('li', 'entry');
    item.dataset.action = entry.action ?? 'created';
    const head = element('div', 'entry-head');
    const time = element('time', 'entry-time', when(entry.at));
    time.dateTime = entry.at;
    head.append(
      time,
      element('span', 'entry-action', entry.action ? text[`action_${entry.action}`] ?? entry.action : text.actionCreated),
      element('span', 'entry-who', nameOf(entry.by)),
      element('span', `entry-state state-${entry.state}`, format('stateArrow', { state: text[entry.state] ?? entry.state })));
    item.append(head);
    const details = [
      entry.action === 'dispatch' && entry.handler ? format('handlerIs', { handler: entry.handler }) : null,
      entry.action === 'dispatch' || entry.action === 'extend' ? format('deadlineIs', { deadline: when(entry.deadline) }) : null,
    ].filter(Boolean);
    if (details.length > 0) {
      item.append(element('p', 'entry-details', details.join(' · ')));
    }
    if (entry.note) {
      item.append(element('p', 'entry-note', entry.note));
    }
    return item;
  }

  function openForm(action) {
    if (!view || !allowedActions(view.state, view.handlingLevel).includes(action)) {
      return;
    }
    formAction = action;
    pending = null;
    const shape = forms[action];
    byId('action-title').textContent = text[`action_${action}`];
    byId('field-handler').hidden = !shape.handler;
    byId('action-handler').value = view.handler ?? '';
    byId('action-handler').placeholder = text.handlerPlaceholder;
    byId('field-deadline').hidden = !shape.deadline;
    byId('action-deadline-label').textContent = shape.deadline ? text[shape.deadline] : '';
    byId('action-deadline').value = shape.deadline ? inputTime(view.deadline) : '';
    byId('action-deadline').dataset.initial = byId('action-deadline').value;
    byId('action-note-label').textContent = shape.note ? text[shape.note] : text.noteOptional;
    byId('action-note').value = '';
    byId('action-note').required = Boolean(shape.note);
    form.dataset.action = action;
    form.hidden = false;
    showFormMessage(null);
    drawActions();
    (shape.handler ? byId('action-handler') : shape.note ? byId('action-note') : byId('action-submit')).focus();
  }

  function closeForm() {
    formAction = null;
    pending = null;
    form.hidden = true;
    form.dataset.action = '';
    if (view) {
      drawActions();
    }
  }

  /** The body of the form's action, or the reason it cannot go. */
  function read() {
    const shape = forms[formAction];
    const body = { action: formAction };
    const note = byId('action-note').value.trim();
    if (shape.note && !note) {
      return { problem: format('noteRequired', { label: text[shape.note] }), field: 'action-note' };
    }
    if (note) {
      body.note = note;
    }
    if (shape.handler) {
      const handler = byId('action-handler').value.trim();
      if (!handler) {
        return { problem: text.handlerRequired, field: 'action-handler' };
      }
      body.handler = handler;
    }
    const deadlineInput = byId('action-deadline');
    if (formAction === 'extend') {
      if (!deadlineInput.value) {
        return { problem: text.deadlineRequired, field: 'action-deadline' };
      }
      if (new Date(deadlineInput.value).getTime() <= Date.parse(view.deadline)) {
        return { problem: text.deadlineNotLater, field: 'action-deadline' };
      }
    }
    // A deadline left as it was is not sent: the field holds minutes, the case's deadline has seconds.
    if (shape.deadline && deadlineInput.value && deadlineInput.value !== deadlineInput.dataset.initial) {
      body.deadline = localIsoTime(new Date(deadlineInput.value));
    }
    return { body };
  }

  async function submit() {
    if (!view || !formAction) {
      return;
    }
    const input = read();
    if (input.problem) {
      showFormMessage(input.problem);
      byId(input.field).focus();
      return;
    }
    const user = desk.who();
    const body = { ...input.body, by: (user?.name || user?.id || '').slice(0, 64) };
    const key = JSON.stringify(body);
    if (pending?.key !== key) {
      pending = { id: newId(), at: localIsoTime(new Date()), key };
    }
    const action = formAction;
    const button = byId('action-submit');
    button.disabled = true;
    try {
      const response = await fetch(`/api/cases/${encodeURIComponent(view.id)}/actions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
        body: JSON.stringify({ id: pending.id, ...body, at: pending.at }),
        cache: 'no-store',
      });
      const answer = await response.json().catch(() => null);
      if (response.ok) {
        closeForm();
        showMessage(format('done', { action: text[`action_${action}`] }), 'good');
        desk.changed();
        await load();
      } else if (response.status === 409) {
        closeForm();
        await load();
        showMessage(format('conflict', { detail: answer?.detail ?? '' }), 'warn');
        desk.changed();
      } else if (response.status >= 500 || response.status === 408 || response.status === 429) {
        showFormMessage(text.unreachable);
      } else {
        pending = null;
        showFormMessage(format('failed', { detail: problemText(response.status, answer) }));
      }
    } catch {
      showFormMessage(text.unreachable);
    } finally {
      button.disabled = false;
    }
  }

  function close({ quietly = false } = {}) {
    const wasOpen = shownId !== null;
    shownId = null;
    view = null;
    loads++;
    closeForm();
    section.hidden = true;
    document.body.classList.remove('case-open');
    if (wasOpen && !quietly) {
      desk.closed();
    }
  }

  function showMessage(message, tone) {
    const target = byId('case-message');
    target.hidden = !message;
    target.textContent = message ?? '';
    target.dataset.tone = tone ?? '';
  }

  function showFormMessage(message) {
    const target = byId('action-message');
    target.hidden = !message;
    target.textContent = message ?? '';
  }

  function nameOf(id) {
    return workerNames.get(view?.gridId)?.get(id) ?? id;
  }

  function placeOf(gridId) {
    const names = [];
    for (let unit = desk.units.get(gridId); unit && names.length < 3; unit = desk.units.get(unit.parentId)) {
      names.unshift(unit.name);
    }
    return names.length > 0 ? names.join(' / ') : gridId;
  }

  return {
    /** The open case's id, or null. */
    get caseId() {
      return shownId;
    },
    open,
    close,
    /** Reads the open case again, unless an action's form is open (its answer reads it anyway). */
    reload() {
      if (shownId !== null && formAction === null) {
        load();
      }
    },
    /** The queue was read again: a case it lists otherwise than shown is read again. */
    follow(items) {
      const listed = items.find(item => item.id === shownId);
      if (view && listed && formAction === null
        && (listed.state !== view.state || listed.deadline !== view.deadline || listed.handlingLevel !== view.handlingLevel)) {
        load();
      }
    },
    /** Esc: closes the form, or else the case. */
    escape() {
      if (formAction !== null) {
        closeForm();
        byId('case-actions').querySelector('button')?.focus();
      } else if (shownId !== null) {
        close();
      }
    },
  };
}

/** A problem answer's detail and field messages, or the status. */
function problemText(status, problem) {
  const fields = Object.values(problem?.errors ?? {}).flat().filter(message => typeof message === 'string');
  const detail = [problem?.detail, ...fields].filter(Boolean).join('；');
  return detail || format('failedStatus', { status });
}

function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

/** `2026-11-21T14:05` in local time, for a datetime-local field. */
function inputTime(iso) {
  const date = new Date(iso);
  const pad = value => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function facts(pairs) {
  return pairs.flatMap(([label, value]) => [element('dt', '', text[label]), element('dd', '', value)]);
}
