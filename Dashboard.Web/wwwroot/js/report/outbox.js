/**
 * The phone's outbox. Every submission is stored in localStorage before any network call, then sent in
 * order, one at a time, always under the same id and with the phone's token, so the server's idempotency keeps a
 * resend from being counted twice:
 * - 2xx (202 accepted, 200 duplicate): sent; the last 20 are kept to show.
 * - 401 (the token is missing, revoked or expired): stays pending, since a new link makes it sendable, and is
 *   retried with backoff; the page says why.
 * - other 4xx but 408 and 429 (such as 403, a grid that is not the worker's): refused; kept with the problem's
 *   detail and never resent.
 * - a network error, a timeout, 408, 429 or 5xx: stays pending and is retried with backoff, and at once
 *   when the browser comes back online or the page opens again.
 */

const storageKey = 'gridpulse.report.outbox';
const corruptKey = 'gridpulse.report.outbox.corrupt';

/** The most records waiting on the phone; a new one beyond is refused with a message. */
export const maxPending = 500;

const sentKept = 20;
const failedKept = 50;
const firstRetryMilliseconds = 2000;
const maxRetryMilliseconds = 30000;
const requestTimeoutMilliseconds = 20000;
const problemTextLength = 500;

/**
 * @typedef {{code: 'network'|'timeout'|'status'|'unauthorized', status?: number}} FailureReason
 * @typedef {{status: number, title: string|null, detail: string|null, errors: Record<string, string[]>}} Problem
 * @typedef {{id: string, kind: string, url: string, body: object, createdAt: string, worker: string,
 *   attempts: number, lastError?: FailureReason, sentAt?: string, answer?: 'accepted'|'duplicate',
 *   failedAt?: string, problem?: Problem}} OutboxItem
 * @typedef {{outcome: 'sent'|'retry'|'refused', at: number, reason?: FailureReason, retryAt?: number}} Attempt
 */

/** The outbox of this page; one per page, shared with other tabs through localStorage. */
export class Outbox {
  #storage;
  #headers;
  #memory = emptyState();
  #listeners = new Set();
  #sending = false;
  #kickedWhileSending = false;
  #failures = 0;
  #timer = 0;

  /** @type {Attempt|null} the outcome of the last attempt to send. */
  lastAttempt = null;

  /** True when the stored outbox could not be read and the page started with an empty one. */
  storageWasReset = false;

  /** @param {() => Record<string, string>} headers the headers that authenticate each request, read at sending */
  constructor(headers) {
    this.#storage = openStorage();
    this.#headers = headers;
  }

  /** Copies of the pending (oldest first), sent and failed items. */
  get items() {
    return JSON.parse(JSON.stringify(this.#read()));
  }

  /** Calls `listener` after every change of the items or of the last attempt. */
  onChange(listener) {
    this.#listeners.add(listener);
  }

  /**
   * Stores a new item and starts sending it. Refuses it when `maxPending` items wait already or the phone
   * cannot store it: nothing is sent that is not stored first.
   * @param {{id: string, kind: string, url: string, body: object, createdAt: string, worker: string}} entry
   * @returns {{ok: true, item: OutboxItem} | {ok: false, reason: 'full'|'storage'}}
   */
  add(entry) {
    const state = this.#read();
    if (state.pending.length >= maxPending) {
      return { ok: false, reason: 'full' };
    }
    const item = { ...entry, attempts: 0 };
    state.pending.push(item);
    if (!this.#write(state)) {
      state.pending.pop();
      this.#memory = state;
      return { ok: false, reason: 'storage' };
    }
    this.#changed();
    this.sendNow();
    return { ok: true, item };
  }

  /** Removes a refused item from the list. */
  dismiss(id) {
    const state = this.#read();
    state.failed = state.failed.filter(item => item.id !== id);
    this.#write(state);
    this.#changed();
  }

  /** Sends what is pending now and whenever the browser comes back online. */
  start() {
    window.addEventListener('online', () => this.sendNow());
    window.addEventListener('offline', () => this.#changed());
    window.addEventListener('storage', event => {
      if (event.key === storageKey) {
        this.#changed();
      }
    });
    // Phones freeze timers in background tabs; a page shown again must not wait for a late timer.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#timer) {
        this.sendNow();
      }
    });
    this.sendNow();
  }

  /** Sends the pending items at once, forgetting any backoff. */
  sendNow() {
    this.#failures = 0;
    this.#flush();
  }

  async #flush() {
    if (this.#sending) {
      this.#kickedWhileSending = true;
      return;
    }
    this.#sending = true;
    this.#kickedWhileSending = false;
    clearTimeout(this.#timer);
    this.#timer = 0;
    try {
      let item;
      while ((item = this.#read().pending[0])) {
        const result = await send(item, this.#headers());
        this.#settle(item.id, result);
        if (result.outcome !== 'retry') {
          this.#failures = 0;
        } else if (this.#kickedWhileSending) {
          this.#kickedWhileSending = false;
        } else {
          this.#scheduleRetry(result);
          break;
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  #settle(id, result) {
    const now = new Date().toISOString();
    const state = this.#read();
    const index = state.pending.findIndex(item => item.id === id);
    this.lastAttempt = { outcome: result.outcome, at: Date.now(), reason: result.reason };
    if (index >= 0) {
      const item = state.pending[index];
      if (result.outcome === 'retry') {
        item.attempts = (item.attempts ?? 0) + 1;
        item.lastError = result.reason;
      } else {
        state.pending.splice(index, 1);
        if (result.outcome === 'sent') {
          state.sent = [...state.sent, { ...item, sentAt: now, answer: result.answer }].slice(-sentKept);
        } else {
          state.failed = [...state.failed, { ...item, failedAt: now, problem: result.problem }].slice(-failedKept);
        }
      }
      this.#write(state);
    }
    this.#changed();
  }

  #scheduleRetry(result) {
    this.#failures++;
    const backoff = firstRetryMilliseconds * 2 ** Math.min(this.#failures - 1, 5) * (0.8 + Math.random() * 0.4);
    const delay = Math.min(maxRetryMilliseconds, Math.max(backoff, result.retryAfterMilliseconds ?? 0));
    this.lastAttempt.retryAt = Date.now() + delay;
    this.#timer = setTimeout(() => this.#flush(), delay);
    this.#changed();
  }

  #read() {
    let raw;
    try {
      raw = this.#storage?.getItem(storageKey) ?? null;
    } catch {
      return this.#memory;
    }
    if (raw === null) {
      return this.#memory;
    }
    const state = parseState(raw);
    if (state) {
      this.#memory = state;
    } else {
      this.#reset(raw);
    }
    return this.#memory;
  }

  #reset(raw) {
    this.storageWasReset = true;
    this.#memory = emptyState();
    try {
      this.#storage.setItem(corruptKey, raw.slice(0, 100_000));
      this.#storage.setItem(storageKey, JSON.stringify(this.#memory));
    } catch {
      // The page keeps working from memory; a later write tries again.
    }
  }

  #write(state) {
    this.#memory = state;
    try {
      this.#storage.setItem(storageKey, JSON.stringify(state));
      return true;
    } catch {
      return false;
    }
  }

  #changed() {
    for (const listener of this.#listeners) {
      listener(this);
    }
  }
}

/** True for the answers after which the same request may succeed later: 401 too, once the phone has a valid token. */
export function isRetryable(status) {
  return status === 401 || status === 408 || status === 429 || status >= 500 || status < 400;
}

async function send(item, headers) {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), requestTimeoutMilliseconds);
  try {
    const response = await fetch(item.url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify(item.body),
      cache: 'no-store',
      signal: controller.signal,
    });
    const answer = await readJson(response);
    if (response.ok) {
      const duplicate = answer?.status === 'duplicate' || (answer?.status !== 'accepted' && response.status === 200);
      return { outcome: 'sent', answer: duplicate ? 'duplicate' : 'accepted' };
    }
    if (isRetryable(response.status)) {
      return {
        outcome: 'retry',
        reason: { code: response.status === 401 ? 'unauthorized' : 'status', status: response.status },
        retryAfterMilliseconds: retryAfter(response),
      };
    }
    return { outcome: 'refused', problem: toProblem(response.status, answer) };
  } catch {
    return { outcome: 'retry', reason: { code: controller.signal.aborted ? 'timeout' : 'network' } };
  } finally {
    clearTimeout(timeout);
  }
}

async function readJson(response) {
  try {
    return JSON.parse(await response.text());
  } catch (error) {
    if (error?.name === 'AbortError' || error instanceof TypeError) {
      throw error;
    }
    return null;
  }
}

function retryAfter(response) {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** @returns {Problem} the parts of a problem document worth keeping, bounded in size. */
function toProblem(status, document) {
  const errors = {};
  if (document?.errors && typeof document.errors === 'object') {
    for (const [field, messages] of Object.entries(document.errors).slice(0, 20)) {
      const list = (Array.isArray(messages) ? messages : [messages]).filter(m => typeof m === 'string');
      errors[field.slice(0, 100)] = list.slice(0, 5).map(m => m.slice(0, problemTextLength));
    }
  }
  return {
    status,
    title: typeof document?.title === 'string' ? document.title.slice(0, problemTextLength) : null,
    detail: typeof document?.detail === 'string' ? document.detail.slice(0, problemTextLength) : null,
    errors,
  };
}

function emptyState() {
  return { pending: [], sent: [], failed: [] };
}

/** The stored state with malformed items left out, or null when it is not an outbox at all. */
function parseState(raw) {
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  return {
    pending: validItems(value.pending).slice(0, maxPending),
    sent: validItems(value.sent).slice(-sentKept),
    failed: validItems(value.failed).slice(-failedKept),
  };
}

function validItems(list) {
  return Array.isArray(list)
    ? list.filter(item => item && typeof item === 'object'
      && typeof item.id === 'string' && typeof item.kind === 'string' && typeof item.url === 'string'
      && item.url.startsWith('/api/') && item.body && typeof item.body === 'object')
    : [];
}

function openStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
