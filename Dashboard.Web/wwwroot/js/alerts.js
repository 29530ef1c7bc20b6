/**
 * The wall's alerts (issue 12, section 4): the 督办 strip with the shown unit's latest overdue cases (category, where,
 * how long overdue), a brief highlight of the 超期事件 tile when one of them is new to this wall, and the report surges
 * of the unit and its children, told once in the feed (the ranking marks them, ranking.js). Alerts are state in every
 * snapshot; what is new is what this page has not seen before, in a snapshot after the first it drew of that unit. So a
 * wall that reconnects, or comes back to a unit, tells nothing twice, and a wall loaded afresh starts from what is.
 */

import { formatSpan } from './desk/texts.js';
import { element } from './dom.js';
import { formatAverage, formatCount } from './format.js';
import { fill, text } from './texts.js';

/** How long the tile's highlight and a new strip entry's mark last: a few seconds, then they stop. */
export const highlightMilliseconds = 6000;

/** Alerts remembered as seen, the oldest forgotten first: far more than a wall ever shows at once. */
const seenLimit = 2000;

/**
 * @param {HTMLOListElement} list `#urge-list`
 * @param {HTMLElement} emptyNote shown while no case is overdue
 * @param {HTMLElement} tile the 超期事件 tile
 */
export function createAlerts(list, emptyNote, tile) {
  const seen = new Set();
  const drawnUnits = new Set();
  const entries = new Map();
  // Server time minus this machine's, from the latest snapshot: how long a case is overdue is the server's to say.
  let serverOffset = 0;
  let highlights = 0;
  let highlightEnds = null;

  return {
    /**
     * Draws a snapshot's overdue cases into the strip, highlights the tile when one is new, and answers the surges new
     * to this wall (the unit's own and its children's) as feed items.
     * @param {number} pathSkip how many names of a case's path the shown unit already says
     * @param {(child: object) => string} shortName a child's name as the wall shows it
     */
    draw(snapshot, pathSkip, shortName) {
      serverOffset = Date.parse(snapshot.asOf) - Date.now();
      const first = !drawnUnits.has(snapshot.unitId);
      drawnUnits.add(snapshot.unitId);

      const overdue = snapshot.alerts?.overdue ?? [];
      const fresh = overdue.filter(notice => remember(`case:${notice.caseId}@${notice.deadline}`)).map(notice => notice.caseId);
      drawStrip(overdue, pathSkip, first ? [] : fresh);
      tick();
      if (!first && fresh.length > 0) {
        highlight();
      }

      const surges = [];
      if (snapshot.alerts?.surge) {
        surges.push({ unitId: snapshot.unitId, name: snapshot.name, surge: snapshot.alerts.surge });
      }
      for (const child of snapshot.children ?? []) {
        if (child.surge) {
          surges.push({ unitId: child.unitId, name: shortName(child), surge: child.surge });
        }
      }
      const news = surges.filter(({ unitId, surge }) => remember(`surge:${unitId}@${surge.date}T${surge.hour}`));
      return first ? [] : news.map(({ unitId, name, surge }) => ({
        id: `surge:${unitId}@${surge.date}T${surge.hour}`,
        unitId: snapshot.unitId,
        at: snapshot.asOf,
        kind: 'surge',
        text: fill(text.surgeFeed, name, formatCount(surge.reports), formatAverage(surge.average)),
      }));
    },
    /** Says again how long each case is overdue; the wall calls it every second. */
    tick,
    /** Empties the strip when another unit is shown; what was seen stays seen. */
    clear() {
      entries.clear();
      list.replaceChildren();
      emptyNote.hidden = false;
    },
  };

  /** Marks an alert seen; true when it was not before. */
  function remember(key) {
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    if (seen.size > seenLimit) {
      seen.delete(seen.values().next().value);
    }
    return true;
  }

  function drawStrip(overdue, pathSkip, fresh) {
    const keep = new Set(overdue.map(notice => notice.caseId));
    for (const [caseId, entry] of entries) {
      if (!keep.has(caseId)) {
        entry.item.remove();
        entries.delete(caseId);
      }
    }
    overdue.forEach((notice, index) => {
      let entry = entries.get(notice.caseId);
      if (!entry) {
        entry = newEntry(notice);
        entries.set(notice.caseId, entry);
      }
      entry.deadline = Date.parse(notice.deadline);
      const path = notice.path ?? [];
      setText(entry.where, path.slice(pathSkip).join(' · ') || (path.at(-1) ?? ''));
      if (list.children[index] !== entry.item) {
        list.insertBefore(entry.item, list.children[index] ?? null);
      }
      if (fresh.includes(notice.caseId)) {
        entry.item.classList.add('fresh');
        setTimeout(() => entry.item.classList.remove('fresh'), highlightMilliseconds);
      }
    });
    emptyNote.hidden = overdue.length > 0;
  }

  function tick() {
    const now = Date.now() + serverOffset;
    for (const entry of entries.values()) {
      setText(entry.late, fill(text.overdueBy, formatSpan(now - entry.deadline)));
    }
  }

  function newEntry(notice) {
    const item = document.createElement('li');
    item.dataset.caseId = notice.caseId;
    const category = element('span', 'urge-category', notice.category);
    const where = element('span', 'urge-where', '');
    const late = element('span', 'urge-late', '');
    item.append(category, where, late);
    return { item, where, late, deadline: Date.parse(notice.deadline) };
  }

  /** Highlights the tile for a few seconds; a new highlight while one runs starts it again. */
  function highlight() {
    highlights += 1;
    tile.dataset.alerts = String(highlights);
    tile.classList.remove('alerting');
    // Reading the layout between removing and adding the class restarts the animation.
    void tile.offsetWidth;
    tile.classList.add('alerting');
    clearTimeout(highlightEnds);
    highlightEnds = setTimeout(() => tile.classList.remove('alerting'), highlightMilliseconds);
  }
}

function setText(element, value) {
  if (element.textContent !== value) {
    element.textContent = value;
  }
}
