/**
 * Onboarding in bulk (`/onboarding/{unitId}`, administrators): after a confirmation, issues new links to every grid
 * worker of the unit (and its displays, when ticked) through `POST /api/units/{id}/links`, which revokes their old
 * ones, and lays the answer out as an A4 sheet of cards (name, number, grid, QR code, link) to print and hand out.
 */

import { applyTexts, language, locale, withLanguage } from '/js/lang.js';
import { call } from '/js/account/api.js';
import { format, problemText, text } from '/js/account/texts.js';
import { element } from '/js/dom.js';

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const levelIndent = { district: 0, street: 1, community: 2, grid: 3 };

start();

async function start() {
  applyTexts(text);
  document.title = text.onboardingPageTitle;
  document.querySelector('#admin-link').href = withLanguage('/admin');
  const units = await readUnits();
  const unitId = unitOfAddress() ?? units[0]?.id;
  if (!unitId) {
    return;
  }
  document.querySelector('#language-switch').href = language === 'en'
    ? `/onboarding/${encodeURIComponent(unitId)}`
    : `/onboarding/${encodeURIComponent(unitId)}?lang=en`;
  history.replaceState(null, '', withLanguage(`/onboarding/${encodeURIComponent(unitId)}`));
  const unit = units.find(candidate => candidate.id === unitId);
  document.querySelector('#unit-name').textContent = unit?.name ?? unitId;
  fillUnits(units, unitId);
  const workers = await countWorkers(unitId);
  document.querySelector('#onboarding-summary').textContent = format('onboardingSummary', { unit: unit?.name ?? unitId, count: workers ?? '?' });
  document.querySelector('#onboarding-form').addEventListener('submit', event => {
    event.preventDefault();
    issue(unitId, unit?.name ?? unitId, workers ?? '?');
  });
  document.querySelector('#print').addEventListener('click', () => window.print());
}

function unitOfAddress() {
  const match = location.pathname.match(/^\/onboarding\/([^/]+)$/);
  return match ? decodeURIComponent(match[1]) : null;
}

async function readUnits() {
  const response = await call('GET', '/api/units');
  if (!response.ok) {
    showMessage(await problemText(response));
    return [];
  }
  return response.json();
}

async function countWorkers(unitId) {
  const response = await call('GET', `/api/units/${encodeURIComponent(unitId)}/workers`);
  return response.ok ? (await response.json()).length : null;
}

/** The unit picker: every unit but the grids, indented by level; picking one opens its page. */
function fillUnits(units, unitId) {
  const select = document.querySelector('#unit');
  select.replaceChildren(...units.filter(unit => unit.level !== 'grid').map(unit => {
    const option = element('option', '', `${'\u3000'.repeat(levelIndent[unit.level] ?? 0)}${unit.name}`);
    option.value = unit.id;
    option.selected = unit.id === unitId;
    return option;
  }));
  select.addEventListener('change', () => location.assign(withLanguage(`/onboarding/${encodeURIComponent(select.value)}`)));
}

async function issue(unitId, unitName, count) {
  const displays = document.querySelector('#displays').checked;
  if (!confirm(format('onboardingConfirm', { unit: unitName, count, displays: displays ? text.onboardingConfirmDisplays : '' }))) {
    return;
  }
  const button = document.querySelector('#issue');
  button.disabled = true;
  button.textContent = text.onboardingIssuing;
  const response = await call('POST', `/api/units/${encodeURIComponent(unitId)}/links`, { displays });
  button.disabled = false;
  button.textContent = text.onboardingIssue;
  if (!response.ok) {
    showMessage(await problemText(response));
    return;
  }
  document.querySelector('#onboarding-message').hidden = true;
  drawSheet(await response.json());
}

function drawSheet(sheet) {
  document.querySelector('#sheet-title').textContent = format('onboardingSheetTitle', { unit: sheet.unitName });
  document.querySelector('#sheet-note').textContent = format('onboardingSheetNote', {
    at: dateTime.format(new Date(sheet.issuedAt)), workers: sheet.workers.length, displays: sheet.displays.length, revoked: sheet.revoked,
  });
  document.querySelector('#worker-cards').replaceChildren(...sheet.workers.map(worker => card(
    { kind: 'worker', id: worker.workerId },
    worker.name,
    [format('onboardingNumber', { id: worker.workerId }), [worker.communityName, worker.gridName].filter(Boolean).join(' · ')],
    worker.qrCode, worker.url, text.onboardingScanWorker)));
  document.querySelector('#display-cards').replaceChildren(...sheet.displays.map(display => card(
    { kind: 'display', id: display.accountId }, display.name, [display.unitName], display.qrCode, display.url, text.onboardingScanDisplay)));
  document.querySelector('#display-heading').hidden = sheet.displays.length === 0;
  document.querySelector('#sheet').hidden = false;
  document.querySelector('#print').hidden = false;
}

function card(key, name, lines, qrCode, url, hint) {
  const article = element('article', `card ${key.kind}`);
  article.dataset[key.kind === 'worker' ? 'workerId' : 'accountId'] = key.id;
  const image = element('img', 'qr');
  image.src = qrCode;
  image.alt = url;
  article.append(
    element('h3', 'card-name', name),
    ...lines.map(line => element('p', 'card-line', line)),
    image,
    element('p', 'card-hint', hint),
    element('p', 'card-url', url));
  return article;
}

function showMessage(value) {
  const message = document.querySelector('#onboarding-message');
  message.textContent = value;
  message.hidden = false;
}
