/**
 * The ranking (排名) of the shown unit's children by today's visits (ties: fewer open cases first), one link per
 * child; a child whose reports surge this hour (上报激增) is marked. Rows are kept per child and reordered in place, so a
 * redraw does not rebuild the list.
 */

import { formatAverage, formatCount, formatRate, formatScore } from './format.js';
import { fill, text } from './texts.js';
import { closureLevel } from './tiles.js';

/**
 * @param {HTMLOListElement} list `#ranking`
 * @param {(unitId: string) => string} hrefFor the address of a child's wall
 */
export function createRanking(list, hrefFor) {
  const rows = new Map();
  const collator = new Intl.Collator('zh-CN');

  return {
    /** Empties the ranking when another unit is shown. */
    clear() {
      rows.clear();
      list.replaceChildren();
    },
    /** Draws the children of a snapshot, best first. */
    draw(children, shortName) {
      const ordered = [...children].sort((a, b) =>
        b.today.visits - a.today.visits || a.cases.open - b.cases.open || collator.compare(a.name, b.name));
      const seen = new Set();
      ordered.forEach((child, index) => {
        seen.add(child.unitId);
        const row = rows.get(child.unitId) ?? newRow(child.unitId);
        fillRow(row, child, index + 1, shortName(child));
        if (list.children[index] !== row.item) {
          list.insertBefore(row.item, list.children[index] ?? null);
        }
      });
      for (const [unitId, row] of rows) {
        if (!seen.has(unitId)) {
          row.item.remove();
          rows.delete(unitId);
        }
      }
    },
  };

  function newRow(unitId) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'rank-row';
    link.dataset.unitId = unitId;
    link.href = hrefFor(unitId);
    const cells = {};
    for (const name of ['no', 'name', 'visits', 'open', 'overdue', 'closure', 'duty']) {
      cells[name] = document.createElement('span');
      cells[name].className = `rank-${name}`;
      link.append(cells[name]);
    }
    cells.label = document.createElement('span');
    cells.surge = document.createElement('span');
    cells.surge.className = 'rank-surge';
    cells.surge.textContent = text.surge;
    cells.name.append(cells.label, cells.surge);
    item.append(link);
    const row = { item, cells };
    rows.set(unitId, row);
    return row;
  }
}

function fillRow(row, child, rank, name) {
  const { cells } = row;
  row.item.dataset.rank = rank <= 3 ? String(rank) : '';
  put(cells.no, String(rank));
  put(cells.label, name);
  cells.name.title = child.name;
  row.item.dataset.surge = child.surge ? 'true' : '';
  cells.surge.title = child.surge ? fill(text.surgeTitle, formatCount(child.surge.reports), formatAverage(child.surge.average)) : '';
  put(cells.visits, formatCount(child.today.visits));
  put(cells.open, formatCount(child.cases.open));
  put(cells.overdue, formatCount(child.cases.overdue));
  cells.overdue.classList.toggle('bad', child.cases.overdue > 0);
  put(cells.closure, formatRate(child.cases.closureRate));
  cells.closure.dataset.level = closureLevel(child.cases.closureRate);
  cells.closure.title = fill(text.closureTitle, formatCount(child.cases.due), formatScore(child.cases.score));
  put(cells.duty, `${formatCount(child.workers.onDuty + child.workers.patrolling)}/${formatCount(child.workers.total)}`);
}

function put(element, value) {
  if (element.textContent !== value) {
    element.textContent = value;
  }
}
