/**
 * What the desk pages share: the unit in the address (or the caller's own), reading the API, drawing tables, the
 * status line of a period (how complete, up to when) and re-reading a period that is under way.
 */

import { applyTexts, locale, withLanguage, language } from '../lang.js';
import { formatCount, formatRate } from '../format.js';
import { text, format } from './bulletin-texts.js';

/** How often a page re-reads a period that is under way. */
export const liveInterval = 5000;

const dateTime = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/**
 * The unit of `/page/{unitId}`; without one, the caller's own unit (the root for an administrator), put in the address.
 * @param {string} page `evaluation` or `reports`
 */
export async function unitOfPage(page) {
  applyTexts(text);
  const languageSwitch = document.getElementById('language-switch');
  const other = new URL(location.href);
  if (language === 'en') {
    other.searchParams.delete('lang');
  } else {
    other.searchParams.set('lang', 'en');
  }
  languageSwitch.href = other.pathname + other.search;
  const match = location.pathname.match(new RegExp(`^/${page}/([^/]+)$`));
  if (match) {
    return decodeURIComponent(match[1]);
  }
  const units = await readJson('/api/units');
  const unitId = units.body?.[0]?.id;
  if (unitId) {
    history.replaceState(null, '', `/${page}/${encodeURIComponent(unitId)}${location.search}`);
  }
  return unitId;
}

/** Fills the links to the other pages of the unit and to its parent, unless the parent lies above the caller's own unit. */
export async function linkPages(unitId, page) {
  document.getElementById('wall-link').href = withLanguage(`/wall/${encodeURIComponent(unitId)}`);
  const other = document.getElementById(page === 'evaluation' ? 'reports-link' : 'evaluation-link');
  other.href = withLanguage(`/${page === 'evaluation' ? 'reports' : 'evaluation'}/${encodeURIComponent(unitId)}`);
  const [unit, me] = await Promise.all([readJson(`/api/units/${encodeURIComponent(unitId)}`), readJson('/api/me')]);
  const parentId = me.body?.unitId === unitId ? null : unit.body?.parentId;
  const parent = parentId ? await readJson(`/api/units/${encodeURIComponent(parentId)}`) : null;
  if (parent?.ok) {
    const link = document.getElementById('parent-link');
    link.textContent = `↑ ${parent.body.name}`;
    const current = new URLSearchParams(location.search);
    link.href = pageAddress(page, parentId, { month: current.get('month'), period: current.get('period'), date: current.get('date') });
    link.hidden = false;
  }
}

/** `{ok, body, problem}` of a GET; `problem` is the answer's detail (or the network's error) when not ok. */
export async function readJson(url) {
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const body = await response.json().catch(() => null);
    return response.ok ? { ok: true, body } : { ok: false, body: null, problem: body?.detail ?? body?.title ?? String(response.status), status: response.status };
  } catch (error) {
    return { ok: false, body: null, problem: String(error) };
  }
}

/** Shows or hides the page's error line. */
export function showProblem(problem) {
  const message = document.getElementById('message');
  message.hidden = !problem;
  message.textContent = problem ? format(text.failed, problem) : '';
}

/** The status line: how complete the period is, up to when, and since when the log holds data. */
export function showStatus(answer) {
  const status = document.getElementById('status');
  status.replaceChildren();
  const coverage = document.createElement('span');
  coverage.dataset.coverage = answer.coverage;
  coverage.textContent = text[answer.coverage] ?? answer.coverage;
  status.append(coverage);
  const parts = [];
  if (answer.asOf) {
    parts.push(format(text.asOf, dateTime.format(new Date(answer.asOf))));
  }
  if (answer.dataFrom) {
    parts.push(format(text.dataFrom, answer.dataFrom));
  }
  status.append(` · ${parts.join(' · ')}`);
}

/**
 * Draws a table.
 * @param {HTMLTableElement} table
 * @param {string[]} headers
 * @param {Array<Array<string|number|{text: string, className?: string, href?: string}>>} rows
 * @param {string} empty the text of a table without rows
 */
export function drawTable(table, headers, rows, empty) {
  const head = document.createElement('thead');
  const headRow = head.insertRow();
  for (const [index, header] of headers.entries()) {
    const th = document.createElement('th');
    th.scope = 'col';
    // A column of text is read from the left, its header too.
    th.className = rows[0]?.[index]?.className === 'text' ? 'text' : '';
    th.textContent = header;
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      const value = typeof cell === 'object' && cell !== null ? cell : { text: String(cell ?? '—') };
      if (value.className) {
        td.className = value.className;
      }
      if (value.href) {
        const link = document.createElement('a');
        link.href = value.href;
        link.textContent = value.text;
        td.append(link);
      } else {
        td.textContent = value.text;
      }
    }
  }
  if (rows.length === 0) {
    const tr = body.insertRow();
    tr.className = 'empty-row';
    const td = tr.insertCell();
    td.colSpan = headers.length;
    td.textContent = empty;
  }
  table.replaceChildren(head, body);
}

/** Big figures: `[[label, value, note?]]`. */
export function drawFigures(element, figures) {
  element.replaceChildren(...figures.map(([label, value, note]) => {
    const figure = document.createElement('div');
    figure.className = 'figure';
    for (const [className, content] of [['figure-label', label], ['figure-value', value], ['figure-note', note ?? '']]) {
      const span = document.createElement('span');
      span.className = className;
      span.textContent = content;
      figure.append(span);
    }
    return figure;
  }));
}

/** The move of a ranked unit: `↑2` (green), `↓1` (red), `新`, `—`. */
export function moveCell(row) {
  if (row.isNew) {
    return { text: text.isNew, className: 'new' };
  }
  if (row.rankChange > 0) {
    return { text: `↑${row.rankChange}`, className: 'up' };
  }
  if (row.rankChange < 0) {
    return { text: `↓${-row.rankChange}`, className: 'down' };
  }
  return { text: '—' };
}

/** The cells of a child's case indicators: score, on-time, closure, rework and extension rates, due, urges. */
export function caseCells(cases) {
  return [score(cases.score), formatRate(cases.onTimeRate), formatRate(cases.closureRate), formatRate(cases.reworkRate), formatRate(cases.extensionRate), formatCount(cases.due), formatCount(cases.urges)];
}

/** The headers of {@link caseCells}. */
export const caseHeaders = () => [text.score, text.onTimeRate, text.closureRate, text.reworkRate, text.extensionRate, text.due, text.urges];

/** A score with two decimals at most; `—` when nothing was due. */
export function score(value) {
  return value === null || value === undefined ? '—' : String(Math.round(value * 100) / 100);
}

/** The address of a desk page of a unit with query values, keeping `?lang=en`: `pageAddress('evaluation', 'x', {month})`. */
export function pageAddress(page, unitId, values = {}) {
  const url = new URL(withLanguage(`/${page}/${encodeURIComponent(unitId)}`), location.origin);
  for (const [name, value] of Object.entries(values)) {
    if (value) {
      url.searchParams.set(name, value);
    }
  }
  return url.pathname + url.search;
}

/**
 * Calls `load` now and again every {@link liveInterval} while the last answer says the period is under way.
 * @param {() => Promise<object|null>} load answers the period's answer (null on failure)
 * @returns {() => void} reload at once (after a change of period)
 */
export function keepLive(load) {
  let timer = null;
  const run = async () => {
    clearTimeout(timer);
    const answer = await load();
    if (!answer || answer.coverage === 'live') {
      timer = setTimeout(run, liveInterval);
    }
  };
  run();
  return run;
}

/** Opens the print dialog from the page's print button. */
export function wirePrint() {
  document.getElementById('print').addEventListener('click', () => window.print());
}
