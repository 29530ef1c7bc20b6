/**
 * The wall operations page (`/walls`, issue 13, section 3) for administrators and leaders: sends a banner to the walls
 * of a unit in the caller's scope, lists the active banners with 撤回, orders the walls of a unit to reload within a
 * window, and lists the connected walls every 5 s, a silent one (失联) marked. Every call goes to `/api/walls` with the
 * page's cookie; the server decides what the caller may do.
 */

import { call } from '/js/account/api.js';
import { problemText } from '/js/account/texts.js';
import { element } from '/js/dom.js';
import { applyTexts, language, locale, withLanguage } from '/js/lang.js';
import { fill } from '/js/texts.js';
import { text } from '/js/walls/texts.js';

/** How often the connected walls are listed again. */
const refreshMilliseconds = 5000;
/** A new banner lasts this long unless the operator says otherwise. */
const defaultLifeMilliseconds = 2 * 60 * 60 * 1000;

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
const byId = id => document.getElementById(id);
const units = new Map();

start();

async function start() {
  applyTexts(text);
  document.title = text.pageTitle;
  byId('language-switch').href = language === 'en' ? '/walls' : '/walls?lang=en';
  byId('wall-link').href = withLanguage('/');
  byId('admin-link').href = withLanguage('/admin');
  byId('banner-until').value = localInputValue(new Date(Date.now() + defaultLifeMilliseconds));
  byId('banner-form').addEventListener('submit', sendBanner);
  byId('reload-form').addEventListener('submit', reloadWalls);
  const me = await call('GET', '/api/me');
  if (me.ok) {
    byId('admin-link').hidden = (await me.json()).role !== 'admin';
  }
  await loadUnits();
  await Promise.all([loadBanners(), loadWalls()]);
  setInterval(loadWalls, refreshMilliseconds);
}

/** The units of the caller's scope, as options indented by level, the top one chosen. */
async function loadUnits() {
  const response = await call('GET', '/api/units');
  if (!response.ok) {
    show(byId('banner-message'), await problemText(response), true);
    return;
  }
  const depth = { district: 0, street: 1, community: 2, grid: 3 };
  const options = [];
  for (const unit of await response.json()) {
    units.set(unit.id, unit);
    const option = element('option', '', `${'\u3000'.repeat(depth[unit.level] ?? 0)}${unit.name}`);
    option.value = unit.id;
    options.push(option);
  }
  byId('banner-unit').replaceChildren(...options);
  byId('reload-unit').replaceChildren(...options.map(option => option.cloneNode(true)));
}

async function sendBanner(event) {
  event.preventDefault();
  const message = byId('banner-message');
  const until = new Date(byId('banner-until').value);
  const unitId = byId('banner-unit').value;
  const response = await call('POST', '/api/walls/banners', {
    id: newId('banner'),
    unitId,
    text: byId('banner-text').value,
    level: byId('banner-level').value,
    until: Number.isNaN(until.getTime()) ? byId('banner-until').value : until.toISOString(),
  });
  if (!response.ok) {
    show(message, await problemText(response), true);
    return;
  }
  byId('banner-text').value = '';
  show(message, fill(text.sent, nameOf(unitId)), false);
  await loadBanners();
}

async function reloadWalls(event) {
  event.preventDefault();
  const message = byId('reload-message');
  const unitId = byId('reload-unit').value;
  const windowSeconds = Number(byId('reload-window').value);
  const response = await call('POST', '/api/walls/reload', { id: newId('reload'), unitId, windowSeconds });
  show(message, response.ok ? fill(text.reloaded, nameOf(unitId), windowSeconds) : await problemText(response), !response.ok);
}

async function loadBanners() {
  const banners = await getList('/api/walls/banners', byId('active-message'));
  if (banners === null) {
    return;
  }
  byId('active-body').replaceChildren(...(banners.length > 0 ? banners.map(bannerRow) : [emptyRow(6, text.noBanners)]));
}

function bannerRow(banner) {
  const row = element('tr');
  row.dataset.banner = banner.id;
  const level = element('td', 'level', banner.level === 'urgent' ? text.levelUrgent : text.levelNotice);
  level.dataset.level = banner.level;
  const actions = element('td', 'actions');
  // A leader sees the banners of the units above too (they show on the leader's walls), but withdraws only their own subtree's.
  if (units.has(banner.unitId)) {
    const withdraw = element('button', 'button danger small', text.withdraw);
    withdraw.type = 'button';
    withdraw.addEventListener('click', () => withdrawBanner(banner.id));
    actions.append(withdraw);
  }
  row.append(level, element('td', '', banner.text), element('td', '', nameOf(banner.unitId)),
    element('td', '', dateTime.format(new Date(banner.until))), element('td', 'mono', banner.by), actions);
  return row;
}

async function withdrawBanner(id) {
  const response = await call('DELETE', `/api/walls/banners/${encodeURIComponent(id)}`);
  show(byId('active-message'), response.ok ? text.withdrawn : await problemText(response), !response.ok);
  await loadBanners();
}

async function loadWalls() {
  const message = byId('walls-message');
  const walls = await getList('/api/walls', message);
  if (walls === null) {
    return;
  }
  message.hidden = true;
  const silent = walls.filter(wall => wall.status === 'silent').length;
  byId('walls-summary').textContent = fill(text.wallsSummary, walls.length, silent);
  byId('walls-body').replaceChildren(...(walls.length > 0 ? walls.map(wallRow) : [emptyRow(6, text.noWalls)]));
}

function wallRow(wall) {
  const row = element('tr');
  row.dataset.status = wall.status;
  row.dataset.account = wall.account;
  const status = element('td', 'status', wall.status === 'silent' ? text.silent : text.online);
  row.append(
    element('td', 'mono', wall.account),
    element('td', '', wall.unitId ? nameOf(wall.unitId, wall.unitName) : text.notSubscribed),
    element('td', '', dateTime.format(new Date(wall.since))),
    element('td', '', wall.lastPushReceived ? dateTime.format(new Date(wall.lastPushReceived)) : text.never),
    element('td', '', dateTime.format(new Date(wall.lastHeard))),
    status);
  return row;
}

/** A list from the API, or null when the call failed and `message` says why. */
async function getList(path, message) {
  const response = await call('GET', path);
  if (!response.ok) {
    show(message, await problemText(response), true);
    return null;
  }
  return response.json();
}

function emptyRow(columns, note) {
  const cell = element('td', 'empty', note);
  cell.colSpan = columns;
  const row = element('tr');
  row.append(cell);
  return row;
}

function nameOf(unitId, fallback) {
  return units.get(unitId)?.name ?? fallback ?? unitId;
}

function show(node, message, failed) {
  node.textContent = message;
  if (failed) {
    delete node.dataset.tone;
  } else {
    node.dataset.tone = 'good';
  }
  node.hidden = false;
}

/** A new client-generated id: one per request, so a retry of a lost answer is the same write. */
function newId(kind) {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A date as a datetime-local input's value, in this machine's time zone. */
function localInputValue(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
