/**
 * The organisation section of `/admin` (issue 13, section 1): the tree of units and workers (`GET /api/organisation`),
 * each action one change posted to `/api/organisation/changes`; the roster (花名册) checked (dry run), imported and
 * exported through `/api/organisation/roster`; and the list of changes (变更记录).
 */

import { applyTexts, language, locale } from '/js/lang.js';
import { call } from '/js/account/api.js';
import { problemText } from '/js/account/texts.js';
import { text } from '/js/account/organisation-texts.js';
import { fill } from '/js/texts.js';
import { element } from '/js/dom.js';

const childLevel = { district: 'street', street: 'community', community: 'grid' };
const parentLevel = { street: 'district', community: 'street', grid: 'community' };
const kindText = {
  'add-unit': 'kindAddUnit', 'rename-unit': 'kindRenameUnit', 'move-unit': 'kindMoveUnit', 'retire-unit': 'kindRetireUnit',
  'add-worker': 'kindAddWorker', 'update-worker': 'kindUpdateWorker', 'move-worker': 'kindMoveWorker', 'retire-worker': 'kindRetireWorker',
};
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
const rosterPath = '/api/organisation/roster';

/** The organisation as last read: units by id (each with its children and workers), and the root. */
let organisation = null;
/** The units whose branch is open, kept across reloads. */
const open = new Set();
/** The roster file that passed its dry run, ready to import. */
let checkedRoster = null;

start();

async function start() {
  applyTexts(text);
  const lang = language === 'en' ? '&lang=en' : '';
  document.querySelector('#roster-xlsx').href = `${rosterPath}?format=xlsx${lang}`;
  document.querySelector('#roster-csv').href = `${rosterPath}?format=csv${lang}`;
  document.querySelector('#roster-form').addEventListener('submit', checkRoster);
  document.querySelector('#roster-file').addEventListener('change', () => clearRoster());
  await Promise.all([loadOrganisation(), loadChanges()]);
}

async function loadOrganisation() {
  const message = document.querySelector('#organisation-message');
  const response = await call('GET', '/api/organisation');
  if (!response.ok) {
    showMessage(message, fill(text.organisationLoadFailed, await problemText(response)));
    return;
  }
  message.hidden = true;
  organisation = indexOf(await response.json());
  if (open.size === 0) {
    open.add(organisation.root.id);
  }
  document.querySelector('#organisation-version').textContent = fill(text.organisationVersion, organisation.version);
  const tree = document.querySelector('#organisation-tree');
  const list = element('ul', 'org-children');
  list.append(unitNode(organisation.root));
  tree.replaceChildren(list);
}

/**
 * The answer of `GET /api/organisation` as units by id, each with `children` and `workers` (phones and retired ones
 * included), and the root.
 */
function indexOf(answer) {
  const units = new Map();
  const visit = (unit, parentId) => {
    const node = { id: unit.id, name: unit.name, level: unit.level, parentId, children: [], workers: unit.workers ?? [] };
    units.set(node.id, node);
    node.children = (unit.children ?? []).map(child => visit(child, unit.id));
    return node;
  };
  const root = visit(answer.root, null);
  return { version: answer.version, root, units };
}

function unitNode(unit) {
  const item = element('li', 'org-unit');
  item.dataset.unitId = unit.id;
  item.dataset.level = unit.level;
  const details = element('details');
  details.open = open.has(unit.id);
  const summary = element('summary', 'org-summary');
  const active = activeWorkers(unit);
  summary.append(
    element('span', 'unit-name', unit.name),
    element('span', 'unit-level', text[unit.level]),
    element('span', 'unit-id', unit.id),
    element('span', 'unit-count', fill(text.workersCount, active)));
  const actions = element('div', 'org-actions');
  const form = element('div', 'org-form');
  form.hidden = true;
  if (childLevel[unit.level]) {
    actions.append(button(text.addChild, () => addChildForm(unit, form)));
  } else {
    actions.append(button(text.addWorker, () => workerForm(unit, form)));
  }
  actions.append(button(text.rename, () => renameForm(unit, form)));
  if (unit.parentId) {
    actions.append(button(text.move, () => moveUnitForm(unit, form)));
    actions.append(button(text.retire, () => retireUnit(unit, form), 'danger'));
  }
  const exportLink = element('a', 'button small secondary', text.exportRoster);
  exportLink.href = `${rosterPath}?format=xlsx&unitId=${encodeURIComponent(unit.id)}${language === 'en' ? '&lang=en' : ''}`;
  actions.append(exportLink);
  details.append(summary, actions, form);
  // A branch is drawn when it is first opened: a district of thousands of grids draws only what is looked at.
  const drawBranch = () => {
    if (details.open && details.childElementCount === 3) {
      details.append(unit.level === 'grid' ? workerList(unit) : childList(unit));
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open) {
      open.add(unit.id);
      drawBranch();
    } else {
      open.delete(unit.id);
    }
  });
  drawBranch();
  item.append(details);
  return item;
}

function childList(unit) {
  const children = element('ul', 'org-children');
  children.append(...unit.children.map(unitNode));
  return children;
}

function activeWorkers(unit) {
  return unit.level === 'grid'
    ? unit.workers.filter(worker => !worker.retired).length
    : unit.children.reduce((sum, child) => sum + activeWorkers(child), 0);
}

function workerList(grid) {
  const list = element('ul', 'org-workers');
  if (grid.workers.length === 0) {
    list.append(element('li', 'empty', text.noWorkers));
  }
  for (const worker of grid.workers) {
    const item = element('li', 'org-worker');
    item.dataset.workerId = worker.id;
    item.append(element('span', 'worker-name', worker.name), element('span', 'unit-id', worker.id), element('span', 'worker-phone', worker.phone ?? ''));
    if (worker.retired) {
      item.dataset.retired = 'true';
      item.append(element('span', 'worker-retired', text.retired));
    } else {
      const form = element('div', 'org-form');
      form.hidden = true;
      const actions = element('span', 'org-actions');
      actions.append(
        button(text.editWorker, () => editWorkerForm(worker, form)),
        button(text.moveWorker, () => moveWorkerForm(worker, grid, form)),
        button(text.retireWorker, () => retireWorker(worker, form), 'danger'));
      item.append(actions, form);
    }
    list.append(item);
  }
  return list;
}

function renameForm(unit, form) {
  showForm(form, [field(text.unitName, 'name', unit.name, 64)], values => ({ kind: 'rename-unit', id: unit.id, name: values.name }));
}

function addChildForm(unit, form) {
  const level = childLevel[unit.level];
  showForm(form, [field(text.orgUnitId, 'id', '', 64), field(text.unitName, 'name', '', 64)],
    values => ({ kind: 'add-unit', id: values.id, name: values.name, level, parentId: unit.id }));
}

function moveUnitForm(unit, form) {
  const parents = [...organisation.units.values()].filter(candidate => candidate.level === parentLevel[unit.level] && candidate.id !== unit.parentId);
  showForm(form, [choice(text.newParent, 'parentId', parents)], values => ({ kind: 'move-unit', id: unit.id, parentId: values.parentId }));
}

function workerForm(grid, form) {
  showForm(form, [field(text.orgWorkerId, 'id', '', 64), field(text.workerName, 'name', '', 64), field(text.phone, 'phone', '', 11, 'tel')],
    values => ({ kind: 'add-worker', id: values.id, name: values.name, parentId: grid.id, phone: values.phone || null }));
}

function editWorkerForm(worker, form) {
  showForm(form, [field(text.workerName, 'name', worker.name, 64), field(text.phone, 'phone', worker.phone ?? '', 11, 'tel')],
    values => ({ kind: 'update-worker', id: worker.id, name: values.name, phone: values.phone || null }));
}

function moveWorkerForm(worker, grid, form) {
  const grids = [...organisation.units.values()].filter(candidate => candidate.level === 'grid' && candidate.id !== grid.id);
  showForm(form, [choice(text.newGrid, 'parentId', grids)], values => ({ kind: 'move-worker', id: worker.id, parentId: values.parentId }));
}

async function retireUnit(unit, form) {
  if (confirm(fill(text.confirmRetireUnit, unit.name))) {
    await change({ kind: 'retire-unit', id: unit.id }, form);
  }
}

async function retireWorker(worker, form) {
  if (confirm(fill(text.confirmRetireWorker, worker.name, worker.id))) {
    await change({ kind: 'retire-worker', id: worker.id }, form);
  }
}

/** Shows a small form of `fields` in `form`; its submit posts the operation `operationOf(values)` makes. */
function showForm(form, fields, operationOf) {
  for (const other of document.querySelectorAll('#organisation-tree .org-form')) {
    other.hidden = true;
  }
  const edit = element('form', 'org-edit');
  edit.noValidate = true;
  const message = element('p', 'message');
  message.setAttribute('role', 'alert');
  message.hidden = true;
  const save = element('button', 'button small primary', text.save);
  save.type = 'submit';
  const cancel = button(text.cancel, () => { form.hidden = true; });
  edit.append(...fields, save, cancel, message);
  edit.addEventListener('submit', async event => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(edit)].map(([name, value]) => [name, String(value).trim()]));
    await change(operationOf(values), form);
  });
  edit.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      form.hidden = true;
    }
  });
  form.replaceChildren(edit);
  form.hidden = false;
  edit.querySelector('input, select')?.focus();
}

/** Posts one change of one operation; a refusal shows next to the form, success reloads the tree and the list. */
async function change(operation, form) {
  const response = await call('POST', '/api/organisation/changes', { id: newId(), operations: [operation] });
  if (!response.ok) {
    form.hidden = false;
    let message = form.querySelector('.message');
    if (!message) {
      message = element('p', 'message');
      message.setAttribute('role', 'alert');
      form.replaceChildren(message);
    }
    showMessage(message, await problemLines(response));
    return;
  }
  const answer = await response.json();
  const status = document.querySelector('#organisation-message');
  showMessage(status, answer.status === 'duplicate' ? text.duplicate : fill(text.applied, answer.version), 'good');
  await Promise.all([loadOrganisation(), loadChanges()]);
}

/** A problem's detail and each field error on its own line. */
async function problemLines(response) {
  const copy = response.clone();
  const lines = [await problemText(response)];
  try {
    const problem = await copy.json();
    for (const [name, messages] of Object.entries(problem.errors ?? {})) {
      lines.push(`${name}: ${[].concat(messages).join('；')}`);
    }
  } catch {
    // No field errors to list.
  }
  return lines.join('\n');
}

async function checkRoster(event) {
  event.preventDefault();
  const file = document.querySelector('#roster-file').files[0];
  const result = document.querySelector('#roster-result');
  clearRoster();
  if (!file) {
    result.append(messageOf(text.rosterChooseFile));
    return;
  }
  const check = document.querySelector('#roster-check');
  check.disabled = true;
  check.textContent = text.rosterChecking;
  const response = await postRoster(file, true);
  check.disabled = false;
  check.textContent = text.rosterCheck;
  if (!response.ok) {
    result.append(messageOf(await problemText(response)));
    return;
  }
  const plan = await response.json();
  if (plan.problems.length > 0) {
    result.append(element('p', 'message', fill(text.rosterProblems, plan.problems.length)), problemTable(plan.problems));
    return;
  }
  if (plan.operations.length === 0) {
    result.append(messageOf(text.rosterNothing, 'good'));
    return;
  }
  const { streets, communities, grids, workers, moves, updates } = plan.summary;
  result.append(messageOf(fill(text.rosterSummary, streets, communities, grids, workers, moves, updates), 'good'));
  if (plan.notices.length > 0) {
    const notices = element('ul', 'roster-notices');
    notices.append(...plan.notices.map(notice => element('li', '', notice)));
    result.append(element('p', 'notice', text.rosterNotices), notices);
  }
  checkedRoster = file;
  const apply = element('button', 'button primary', text.rosterImport);
  apply.type = 'button';
  apply.id = 'roster-apply';
  apply.addEventListener('click', () => importRoster(apply));
  result.append(apply);
  apply.focus();
}

async function importRoster(apply) {
  apply.disabled = true;
  apply.textContent = text.rosterImporting;
  const response = await postRoster(checkedRoster, false);
  const result = document.querySelector('#roster-result');
  if (!response.ok) {
    const problem = await response.clone().json().catch(() => null);
    clearRoster();
    result.append(messageOf(await problemText(response)));
    if (problem?.problems) {
      result.append(problemTable(problem.problems));
    }
    return;
  }
  const answer = await response.json();
  clearRoster();
  result.append(messageOf(answer.status === 'duplicate' ? text.rosterDuplicate : fill(text.rosterApplied, answer.version), 'good'));
  await Promise.all([loadOrganisation(), loadChanges()]);
}

function postRoster(file, dryRun) {
  const form = new FormData();
  form.append('file', file);
  return call('POST', `${rosterPath}?dryRun=${dryRun}${language === 'en' ? '&lang=en' : ''}`, form);
}

function clearRoster() {
  checkedRoster = null;
  document.querySelector('#roster-result').replaceChildren();
}

function problemTable(problems) {
  const table = element('table', 'roster-problems');
  const head = element('tr');
  head.append(element('th', '', text.rosterRow), element('th', '', text.rosterColumn), element('th', '', text.rosterMessage));
  table.append(element('thead'), element('tbody'));
  table.tHead.append(head);
  for (const problem of problems) {
    const row = element('tr');
    row.append(element('td', 'mono', problem.row > 0 ? String(problem.row) : '—'), element('td', '', problem.column), element('td', '', problem.message));
    table.tBodies[0].append(row);
  }
  return table;
}

async function loadChanges() {
  const list = document.querySelector('#changes-list');
  const response = await call('GET', '/api/organisation/changes');
  if (!response.ok) {
    list.replaceChildren(element('li', 'message', await problemText(response)));
    return;
  }
  const answer = await response.json();
  const changes = Array.isArray(answer) ? answer : answer.changes ?? answer.items ?? [];
  if (changes.length === 0) {
    list.replaceChildren(element('li', 'empty', text.changesEmpty));
    return;
  }
  list.replaceChildren(...changes.map(changeItem));
}

function changeItem(item) {
  const entry = element('li', 'change');
  const operations = item.operations ?? [];
  const shown = operations.slice(0, 3).map(operation => `${text[kindText[operation.kind]] ?? operation.kind} ${operation.name ?? operation.id}`);
  if (operations.length > shown.length) {
    shown.push(fill(text.moreOperations, operations.length - shown.length));
  }
  entry.append(
    element('span', 'change-at', dateTime.format(new Date(item.at))),
    element('span', 'change-by', item.by),
    element('span', 'change-what', shown.join(text.listSeparator)));
  return entry;
}

function field(label, name, value, maxLength, type = 'text') {
  const wrapper = element('label', 'field');
  const input = element('input');
  input.name = name;
  input.type = type;
  input.value = value;
  input.maxLength = maxLength;
  input.autocomplete = 'off';
  wrapper.append(element('span', '', label), input);
  return wrapper;
}

function choice(label, name, units) {
  const wrapper = element('label', 'field');
  const select = element('select');
  select.name = name;
  for (const unit of units) {
    const option = element('option', '', pathOf(unit));
    option.value = unit.id;
    select.append(option);
  }
  wrapper.append(element('span', '', label), select);
  return wrapper;
}

/** `黄岛街道 / 第一社区 / 第一网格`: the names below the root. */
function pathOf(unit) {
  const names = [];
  for (let current = unit; current?.parentId; current = organisation.units.get(current.parentId)) {
    names.unshift(current.name);
  }
  return names.join(' / ') || unit.name;
}

function button(label, onClick, variant = 'secondary') {
  const node = element('button', `button small ${variant}`, label);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

function messageOf(value, tone = 'bad') {
  const node = element('p', 'message');
  showMessage(node, value, tone);
  return node;
}

function showMessage(node, value, tone = 'bad') {
  node.textContent = value;
  node.dataset.tone = tone;
  node.hidden = false;
}

/** A change's id: a random UUID (`crypto.randomUUID` only exists on https and localhost pages). */
function newId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map(byte => byte.toString(16).padStart(2, '0')).join('');
}
