/**
 * The command-center wall (spec 5): shows one unit live over the hub, drills down to a child without reloading,
 * goes back up by the breadcrumb or the browser's back button, and with `?rotate=SECONDS` rotates through the
 * children of the unit in the address. The address always says which unit (or playlist) is shown. A wall signed in
 * for one unit (a display link, a leader) sees that unit's subtree only: `/` shows that unit, and the breadcrumb
 * starts there. When the sign-in stops holding, the wall says so instead of showing stale numbers as live. With
 * `?replay=YYYY-MM-DD` it plays that day from the log instead (replay.js) and never connects the hub.
 */

import { createAlerts } from './alerts.js';
import { createBanners } from './banners.js';
import { createCharts } from './charts.js';
import { openLink } from './connection.js';
import { createFeed } from './feed.js';
import { formatDate, formatTime } from './format.js';
import { applyTexts, withLanguage } from './lang.js';
import { createRanking } from './ranking.js';
import { openReplay } from './replay.js';
import { replayOptions, withReplay } from './replay-clock.js';
import { checkSession, signInAddress } from './session.js';
import { fill, text } from './texts.js';
import { drawTiles } from './tiles.js';
import { createTreemap, withMapOptions } from './treemap.js';

/** A redraw at most this often, however often snapshots come. */
const minDrawGapMilliseconds = 250;
const minRotateSeconds = 5;
const unitsRetryMilliseconds = 3000;
/**
 * How long a wall may go without its server before it says, across the room, that its numbers have stopped: a few
 * push intervals plus the hub's keep-alive (15 s), after which a live connection has heard from its server.
 */
const staleAfterMilliseconds = 20_000;
const feedPathSkip = { district: 0, street: 1, community: 2, grid: 3 };

const units = new Map();
let rootId = null;
let shownId = null;
let shownVersion = -1;
let pending = null;
let drawQueued = false;
let lastDraw = -Infinity;
let rotation = null;
/** The signed-in account (`GET /api/me`); null until known. */
let user = null;
let denied = false;
/** When the wall last was online with the shown unit drawn (performance.now()); what stale is measured from. */
let liveAt = performance.now();

const byId = id => document.getElementById(id);
const feed = createFeed(byId('feed'), byId('feed-empty'));
const ranking = createRanking(byId('ranking'), wallAddress);
const alerts = createAlerts(byId('urge-list'), byId('urge-empty'), document.querySelector('[data-tile="overdueCases"]'));
const charts = createCharts(navigate);
const treemap = createTreemap(navigate);
const banners = createBanners(byId('banners'));
const replay = replayOptions(location.search);
const link = replay.date !== null ? openReplay(replay, replayHandlers()) : openLink({
  subscribing(unitId) {
    if (unitId === shownId) {
      shownVersion = -1;
    }
  },
  // A push can overtake the answer of the subscribe it follows: the answer counts only if it is not older.
  snapshot(snapshot) {
    if (snapshot.unitId === shownId && snapshot.version >= shownVersion) {
      shownVersion = snapshot.version;
      schedule(snapshot);
    }
  },
  metrics(snapshot) {
    if (snapshot.unitId === shownId && snapshot.version >= shownVersion) {
      shownVersion = snapshot.version;
      schedule(snapshot);
    }
  },
  activity(items) {
    feed.add(items.filter(item => item.unitId === shownId));
  },
  banners: list => banners.show(list),
  // An operator's reload (after an upgrade), each wall at its own moment within the order's window.
  reload: delay => setTimeout(() => location.reload(), delay),
  subscribed: fillFeed,
  state(state) {
    if (!denied) {
      showConnection(state);
    }
  },
  refused,
  denied: stopDenied,
});

start();

function start() {
  applyTexts(text);
  document.title = text.title;
  tick();
  setInterval(tick, 1000);
  window.addEventListener('popstate', followAddress);
  window.addEventListener('resize', () => charts.rescale());
  byId('breadcrumb').addEventListener('click', followLink);
  byId('ranking').addEventListener('click', followLink);
  followAddress();
  loadUser().then(loadUnits);
}

async function loadUser() {
  const session = await checkSession();
  if (session.outcome === 'signedIn') {
    user = session.user;
  } else if (session.outcome === 'denied') {
    link.deny(session.status);
  }
}

/** Shows what the address says: a unit, the root, or a rotation through a unit's children. */
function followAddress() {
  stopRotation();
  const match = /^\/wall\/([^/]+)\/?$/.exec(location.pathname);
  const addressed = match ? decodeURIComponent(match[1]) : rootId;
  const seconds = Number(new URLSearchParams(location.search).get('rotate'));
  if (addressed === null) {
    return;
  }
  if (Number.isFinite(seconds) && seconds > 0) {
    if (units.size > 0) {
      startRotation(addressed, Math.max(seconds, minRotateSeconds));
    }
    return;
  }
  show(addressed);
}

/** Loads the units the wall may show (the server gives only those) and finds the root of them. */
async function loadUnits() {
  if (denied) {
    return;
  }
  try {
    const response = await fetch('/api/units', { headers: { Accept: 'application/json' } });
    if (response.status === 401 || response.status === 403) {
      link.deny(response.status);
      return;
    }
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    for (const unit of await response.json()) {
      units.set(unit.id, unit);
    }
    rootId = scopeRoot();
    followAddress();
  } catch {
    setTimeout(loadUnits, unitsRetryMilliseconds);
  }
}

/** The account's own unit when it has one (a display, a leader), else the top of the units it may see. */
function scopeRoot() {
  if (user?.unitId && units.has(user.unitId)) {
    return user.unitId;
  }
  return [...units.values()].find(unit => unit.parentId === null || !units.has(unit.parentId))?.id ?? null;
}

function startRotation(playlistId, seconds) {
  const children = [...units.values()].filter(unit => unit.parentId === playlistId).map(unit => unit.id);
  const playlist = children.length > 0 ? children : [playlistId];
  let index = 0;
  const step = () => {
    // A wall never shows one unit's numbers under another's name: while it cannot draw the unit it shows (offline, or
    // its snapshot not come yet), the rotation waits on it.
    if (index > 0 && !isLive()) {
      return;
    }
    const label = byId('rotation');
    label.hidden = false;
    label.textContent = `${text.rotation} ${index + 1}/${playlist.length}`;
    show(playlist[index]);
    index = (index + 1) % playlist.length;
  };
  step();
  rotation = setInterval(step, seconds * 1000);
}

function stopRotation() {
  if (rotation !== null) {
    clearInterval(rotation);
    rotation = null;
  }
  byId('rotation').hidden = true;
}

/** Switches the wall to another unit: the old one is unsubscribed, the new one subscribed and drawn when it comes. */
function show(unitId) {
  drawBreadcrumb(unitId);
  if (unitId === shownId) {
    return;
  }
  shownId = unitId;
  shownVersion = -1;
  pending = null;
  hideMessage();
  ranking.clear();
  feed.clear();
  alerts.clear();
  treemap.clear();
  link.show(unitId);
}

/** Drills down (or up) without a reload: a new history entry, then the unit. */
function navigate(unitId) {
  history.pushState(null, '', wallAddress(unitId));
  followAddress();
}

function followLink(event) {
  const target = event.target.closest('a[data-unit-id]');
  if (!target || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(target.dataset.unitId);
}

function wallAddress(unitId) {
  return withReplay(withMapOptions(withLanguage(`/wall/${encodeURIComponent(unitId)}`)), location.search);
}

/** What the replay hands the wall: each replayed minute's snapshot and feed, drawn as live ones are. */
function replayHandlers() {
  return {
    frame: schedule,
    feed(items) {
      feed.clear();
      feed.add(items);
    },
    state: showConnection,
    message: message => showMessage(message, null),
    refused,
    denied: stopDenied,
  };
}

/** The server refused the unit (unknown, or out of the wall's scope). */
function refused(unitId, message) {
  if (unitId === shownId) {
    setText(byId('unit-name'), unitId);
    showMessage(fill(text.unknownUnit, message), { href: '/', label: text.backToRoot });
  }
}

/** The wall's sign-in no longer holds: it stops and says why. */
function stopDenied() {
  denied = true;
  const display = user?.role === 'display';
  showConnection(display ? 'revoked' : 'signedOut');
  showMessage(
    display ? text.displayRevokedMessage : text.signedOutMessage,
    display ? null : { href: signInAddress(), label: text.signIn });
}

async function fillFeed(unitId) {
  try {
    const response = await fetch(`/api/units/${encodeURIComponent(unitId)}/activity`, { headers: { Accept: 'application/json' } });
    if (response.ok && unitId === shownId) {
      const items = await response.json();
      feed.add(Array.isArray(items) ? items : []);
    }
  } catch {
    // The live pushes fill the feed anyway; the next reconnect tries again.
  }
}

function schedule(snapshot) {
  pending = snapshot;
  if (drawQueued) {
    return;
  }
  drawQueued = true;
  const wait = Math.max(0, lastDraw + minDrawGapMilliseconds - performance.now());
  setTimeout(() => requestAnimationFrame(draw), wait);
}

function draw() {
  drawQueued = false;
  const snapshot = pending;
  pending = null;
  if (!snapshot || snapshot.unitId !== shownId) {
    return;
  }
  lastDraw = performance.now();
  const children = snapshot.children ?? [];
  const shortName = child => shortNameOf(child.name, snapshot.name);
  drawTiles(snapshot);
  charts.update(snapshot, shortName);
  treemap.update(snapshot, shortName);
  ranking.draw(children, shortName);
  feed.skipPath(feedPathSkip[snapshot.level] ?? 0);
  feed.add(alerts.draw(snapshot, feedPathSkip[snapshot.level] ?? 0, shortName));
  document.body.classList.toggle('no-children', children.length === 0);
  document.body.classList.toggle('no-categories', (snapshot.categories ?? []).length === 0);
  setText(byId('unit-name'), snapshot.name);
  document.title = `${snapshot.name} · ${text.title}`;
  setText(byId('updated'), formatTime(new Date(snapshot.asOf)));
  document.body.dataset.unitId = snapshot.unitId;
  document.body.dataset.level = snapshot.level;
}

/** A child's name without its parent's (黄岛街道第一社区 under 黄岛街道: 第一社区). */
function shortNameOf(name, parentName) {
  return name.startsWith(parentName) && name.length > parentName.length ? name.slice(parentName.length) : name;
}

function drawBreadcrumb(unitId) {
  const chain = [];
  for (let unit = units.get(unitId); unit && chain.length < 8; unit = unit.id === rootId ? null : units.get(unit.parentId)) {
    chain.unshift(unit);
  }
  if (chain.length === 0) {
    return;
  }
  const links = chain.map((unit, index) => {
    const element = document.createElement('a');
    element.dataset.unitId = unit.id;
    element.href = wallAddress(unit.id);
    element.textContent = unit.name;
    if (index === chain.length - 1) {
      element.setAttribute('aria-current', 'page');
    }
    return element;
  });
  byId('breadcrumb').replaceChildren(...links);
}

function showConnection(state) {
  const element = byId('connection');
  element.dataset.state = state;
  element.textContent = text[state];
  document.body.dataset.connection = state;
}

/** Shows a message above the tiles, with a link to follow (or none). */
function showMessage(message, action) {
  setText(byId('message-text'), message);
  const anchor = byId('message-home');
  anchor.hidden = !action;
  if (action) {
    anchor.href = withLanguage(action.href);
    setText(anchor, action.label);
  }
  byId('message').hidden = false;
}

/** Hides the message, unless it says why the wall has stopped: that stays whatever is clicked. */
function hideMessage() {
  if (!denied) {
    byId('message').hidden = true;
  }
}

function tick() {
  const now = new Date();
  setText(byId('clock-date'), formatDate(now));
  setText(byId('clock-time'), formatTime(now));
  alerts.tick();
  showStaleness();
}

/** Online (or replaying), with the snapshot of the unit it names drawn. */
function isLive() {
  return ['online', 'replay'].includes(document.body.dataset.connection) && document.body.dataset.unitId === shownId;
}

/** Says, in a band across the wall, since when its numbers have not moved once it has been cut off for a while. */
function showStaleness() {
  if (isLive() || denied) {
    liveAt = performance.now();
  }
  const stale = performance.now() - liveAt > staleAfterMilliseconds && byId('updated').textContent !== '—';
  const band = byId('stale');
  if (stale) {
    const minutes = Math.floor((performance.now() - liveAt) / 60_000);
    setText(byId('stale-since'), fill(minutes > 0 ? text.staleMinutes : text.staleMoment, byId('updated').textContent, minutes));
  }
  if (band.hidden === stale) {
    band.hidden = !stale;
    document.body.classList.toggle('stale', stale);
  }
}

function setText(element, value) {
  if (element.textContent !== value) {
    element.textContent = value;
  }
}
