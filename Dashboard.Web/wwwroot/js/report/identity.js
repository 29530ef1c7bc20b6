/**
 * Who reports: the worker picks street, community, grid and themselves once; the choice is kept in
 * localStorage until changed (accounts come in a later issue).
 */

import { text } from '/js/report/texts.js';

const storageKey = 'gridpulse.report.identity';
const levels = ['street', 'community', 'grid'];

/**
 * @typedef {{workerId: string, workerName: string, gridId: string, gridName: string,
 *   communityName: string, streetName: string}} Identity
 */

/** The stored identity, or null when none (or an unreadable one) is stored. */
export function loadIdentity() {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    return isIdentity(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Wires the identity section: shows the stored identity with a button to change it, or the picker.
 * @param {HTMLElement} section the `#identity` element
 * @param {(identity: Identity|null) => void} onChosen called with the identity shown (null while none is)
 */
export function startIdentity(section, onChosen) {
  const picker = new IdentityPicker(section, onChosen);
  picker.start();
  return picker;
}

class IdentityPicker {
  #section;
  #onChosen;
  #units = null;
  #workers = [];
  #select;

  constructor(section, onChosen) {
    this.#section = section;
    this.#onChosen = onChosen;
    this.#select = {
      street: section.querySelector('#street'),
      community: section.querySelector('#community'),
      grid: section.querySelector('#grid'),
      worker: section.querySelector('#worker'),
    };
  }

  start() {
    this.#select.street.addEventListener('change', () => this.#choseUnit('street'));
    this.#select.community.addEventListener('change', () => this.#choseUnit('community'));
    this.#select.grid.addEventListener('change', () => this.#choseGrid());
    this.#select.worker.addEventListener('change', () => this.#choseWorker());
    this.#section.querySelector('#identity-change').addEventListener('click', () => this.#choose());
    this.#section.querySelector('#identity-cancel').addEventListener('click', () => this.#show(loadIdentity()));
    this.#section.querySelector('#identity-retry').addEventListener('click', () => this.#retry());
    window.addEventListener('online', () => {
      if (this.#section.dataset.state === 'choosing' && !this.#units) {
        this.#retry();
      }
    });
    const identity = loadIdentity();
    if (identity) {
      this.#show(identity);
    } else {
      this.#choose();
    }
  }

  #show(identity) {
    if (!identity) {
      return;
    }
    const section = this.#section;
    section.dataset.state = 'chosen';
    section.querySelector('#identity-heading').textContent = text.identityHeading;
    section.dataset.workerId = identity.workerId;
    section.dataset.gridId = identity.gridId;
    section.querySelector('#identity-worker').textContent = identity.workerName;
    section.querySelector('#identity-path').replaceChildren(...pathParts(identity));
    section.querySelector('#identity-current').hidden = false;
    section.querySelector('#identity-picker').hidden = true;
    this.#onChosen(identity);
  }

  async #choose() {
    const section = this.#section;
    const current = loadIdentity();
    section.dataset.state = 'choosing';
    section.querySelector('#identity-heading').textContent = text.identityChoose;
    section.querySelector('#identity-current').hidden = true;
    section.querySelector('#identity-picker').hidden = false;
    section.querySelector('#identity-cancel').hidden = !current;
    this.#onChosen(null);
    if (!this.#units) {
      this.#units = await this.#fetch('/api/units', 'unitsFailed');
      if (!this.#units) {
        return;
      }
    }
    const gridPath = current ? this.#pathOf(current.gridId) : [];
    this.#fill('street', this.#childrenOf(this.#units.find(unit => unit.parentId === null)?.id), gridPath[0]);
    for (const [index, level] of levels.entries()) {
      if (index > 0) {
        this.#fill(level, gridPath[index - 1] ? this.#childrenOf(gridPath[index - 1]) : [], gridPath[index]);
      }
    }
    if (gridPath[2]) {
      await this.#loadWorkers(gridPath[2], current.workerId);
    } else {
      this.#fill('worker', [], null);
    }
  }

  #choseUnit(level) {
    const index = levels.indexOf(level);
    const chosen = this.#select[level].value;
    this.#fill(levels[index + 1], chosen ? this.#childrenOf(chosen) : [], null);
    for (const below of [...levels.slice(index + 2), 'worker']) {
      this.#fill(below, [], null);
    }
  }

  async #choseGrid() {
    const gridId = this.#select.grid.value;
    this.#fill('worker', [], null);
    if (gridId) {
      await this.#loadWorkers(gridId, null);
    }
  }

  #choseWorker() {
    const worker = this.#workers.find(candidate => candidate.id === this.#select.worker.value);
    if (!worker) {
      return;
    }
    const unitName = id => this.#units.find(unit => unit.id === id)?.name ?? '';
    const identity = {
      workerId: worker.id,
      workerName: worker.name,
      gridId: worker.gridId,
      gridName: unitName(this.#select.grid.value),
      communityName: unitName(this.#select.community.value),
      streetName: unitName(this.#select.street.value),
    };
    try {
      localStorage.setItem(storageKey, JSON.stringify(identity));
    } catch {
      // Without storage the identity lasts as long as the page.
    }
    this.#show(identity);
  }

  async #loadWorkers(gridId, selectedId) {
    const workers = await this.#fetch(`/api/units/${encodeURIComponent(gridId)}/workers`, 'workersFailed');
    if (!workers || this.#select.grid.value !== gridId) {
      return;
    }
    this.#workers = workers.filter(worker => worker.gridId === gridId);
    this.#fill('worker', this.#workers, selectedId);
    if (this.#workers.length === 0) {
      this.#message(text.noWorkers);
    }
  }

  async #fetch(url, failureKey) {
    this.#message(null);
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) {
        throw new Error(`${response.status}`);
      }
      return await response.json();
    } catch {
      this.#message(text[failureKey], true);
      return null;
    }
  }

  #retry() {
    if (!this.#units) {
      this.#choose();
    } else if (this.#select.grid.value) {
      this.#choseGrid();
    }
  }

  #message(message, canRetry = false) {
    const element = this.#section.querySelector('#identity-message');
    element.hidden = !message;
    element.textContent = message ?? '';
    this.#section.querySelector('#identity-retry').hidden = !canRetry;
  }

  #childrenOf(parentId) {
    return this.#units.filter(unit => unit.parentId === parentId);
  }

  /** The ids of the street, community and grid above and at `gridId`. */
  #pathOf(gridId) {
    const path = [];
    for (let unit = this.#units.find(u => u.id === gridId); unit && unit.parentId !== null;
      unit = this.#units.find(u => u.id === unit.parentId)) {
      path.unshift(unit.id);
    }
    return path.length === 3 ? path : [];
  }

  #fill(level, options, selectedId) {
    const select = this.#select[level];
    const placeholder = new Option(text.choose, '');
    select.replaceChildren(placeholder, ...options.map(option => new Option(option.name, option.id)));
    select.value = options.some(option => option.id === selectedId) ? selectedId : '';
    select.disabled = options.length === 0;
  }
}

/** The unit names from the street down, each kept on one line, with separators that may wrap. */
function pathParts(identity) {
  const names = [identity.streetName, identity.communityName, identity.gridName].filter(Boolean);
  return names.flatMap((name, index) => {
    const part = document.createElement('span');
    part.className = 'identity-unit';
    part.textContent = name;
    return index === 0 ? [part] : [document.createTextNode(' › '), part];
  });
}

function isIdentity(value) {
  return value && typeof value === 'object'
    && ['workerId', 'workerName', 'gridId', 'gridName'].every(key => typeof value[key] === 'string' && value[key]);
}
