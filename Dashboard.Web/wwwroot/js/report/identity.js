/**
 * Who reports: the phone's token, which the worker's link (`/report#token=gpt_...`) gives once. The page keeps the
 * token in localStorage, takes it out of the address bar (so it is neither bookmarked nor shown), and asks the server
 * whose it is (`GET /api/me`). The answer is kept beside the token, so a page opened offline still knows its worker.
 */

import { text } from '/js/report/texts.js';

const tokenKey = 'gridpulse.report.token';
const identityKey = 'gridpulse.report.identity';
const tokenParameter = 'token';

/** The token when the phone cannot store it: it lasts as long as the page. */
let unstoredToken = null;

/**
 * @typedef {{workerId: string, workerName: string, gridId: string, gridName: string}} Identity
 * @typedef {'checking'|'known'|'missing'|'denied'|'wrongRole'} IdentityState
 */

/** The headers that authenticate a request of this phone: `Authorization: Bearer <token>`, or none without a token. */
export function authorization() {
  const token = read(tokenKey) ?? unstoredToken;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * Wires the identity section: takes a token from the address, shows the worker it belongs to (the stored one at
 * once, then the server's answer) and tells `onChanged` whenever the identity the page reports as changes.
 * @param {HTMLElement} section the `#identity` element
 * @param {(identity: Identity|null) => void} onChanged called with the worker the page reports as (null while none)
 * @returns {{ refuse: () => void }} `refuse` says the server refused the token (a 401 while sending)
 */
export function startIdentity(section, onChanged) {
  const view = new IdentityView(section, onChanged);
  view.start();
  return { refuse: () => view.refuse() };
}

class IdentityView {
  #section;
  #onChanged;
  #identity = null;
  #checking = false;

  constructor(section, onChanged) {
    this.#section = section;
    this.#onChanged = onChanged;
  }

  start() {
    window.addEventListener('online', () => this.#check());
    // A new link opened in the same tab changes only the fragment: no reload.
    window.addEventListener('hashchange', () => {
      if (takeTokenFromAddress()) {
        this.#begin(true);
      }
    });
    this.#begin(takeTokenFromAddress());
  }

  /** The server refused the token: the identity stays (records still go into the outbox) but the page says why nothing is sent. */
  refuse() {
    if (this.#section.dataset.state !== 'denied') {
      this.#show('denied', this.#identity);
    }
  }

  #begin(freshToken) {
    if (!authorization().Authorization) {
      this.#show('missing', null);
      return;
    }
    this.#identity = freshToken ? null : loadIdentity();
    this.#show(this.#identity ? 'known' : 'checking', this.#identity);
    this.#check();
  }

  async #check() {
    if (this.#checking || this.#section.dataset.state === 'missing') {
      return;
    }
    this.#checking = true;
    try {
      const me = await getJson('/api/me');
      if (me.status === 401 || me.status === 403) {
        this.#show('denied', this.#identity);
      } else if (me.ok && (me.body?.role !== 'worker' || !me.body.workerId || !me.body.unitId)) {
        this.#show('wrongRole', null);
      } else if (me.ok) {
        const grid = await getJson(`/api/units/${encodeURIComponent(me.body.unitId)}`);
        this.#identity = {
          workerId: me.body.workerId,
          workerName: me.body.name,
          gridId: me.body.unitId,
          gridName: grid.ok && typeof grid.body?.name === 'string' ? grid.body.name : me.body.unitId,
        };
        write(identityKey, JSON.stringify(this.#identity));
        this.#show('known', this.#identity);
      }
    } finally {
      this.#checking = false;
    }
  }

  /** @param {IdentityState} state */
  #show(state, identity) {
    const section = this.#section;
    section.dataset.state = state;
    section.dataset.workerId = identity?.workerId ?? '';
    section.dataset.gridId = identity?.gridId ?? '';
    section.querySelector('#identity-current').hidden = !identity;
    section.querySelector('#identity-worker').textContent = identity?.workerName ?? '';
    section.querySelector('#identity-path').replaceChildren(...pathParts(identity));
    const message = section.querySelector('#identity-message');
    const words = { checking: text.identityChecking, missing: text.tokenMissing, denied: text.tokenRefused, wrongRole: text.notAWorker }[state];
    message.hidden = !words;
    message.textContent = words ?? '';
    message.dataset.state = state;
    this.#onChanged(identity);
  }
}

/** Stores a token the address carries (`#token=...`) and removes it from the address; true when there was one. */
function takeTokenFromAddress() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get(tokenParameter);
  if (!token) {
    return false;
  }
  fragment.delete(tokenParameter);
  const rest = fragment.toString();
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  if (read(tokenKey) !== token) {
    remove(identityKey);
    remove(tokenKey);
    if (!write(tokenKey, token)) {
      unstoredToken = token;
    }
  }
  return true;
}

/** The identity stored with the token, or null when none (or an unreadable one) is stored. */
function loadIdentity() {
  try {
    const value = JSON.parse(read(identityKey) ?? 'null');
    return value && typeof value === 'object'
      && ['workerId', 'workerName', 'gridId', 'gridName'].every(key => typeof value[key] === 'string' && value[key])
      ? value
      : null;
  } catch {
    return null;
  }
}

/** @returns {Promise<{ok: boolean, status: number, body?: any}>} status 0 when the server could not be reached */
async function getJson(url) {
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json', ...authorization() }, cache: 'no-store' });
    return { ok: response.ok, status: response.status, body: response.ok ? await response.json() : undefined };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** The grid's name and id, each kept on one line, with a separator that may wrap. */
function pathParts(identity) {
  if (!identity) {
    return [];
  }
  return [identity.gridName, identity.gridId].flatMap((value, index) => {
    const part = document.createElement('span');
    part.className = 'identity-unit';
    part.textContent = value;
    return index === 0 ? [part] : [document.createTextNode(' · '), part];
  });
}

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** @returns {boolean} whether the phone stored it */
function write(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function remove(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing stored, nothing to remove.
  }
}
