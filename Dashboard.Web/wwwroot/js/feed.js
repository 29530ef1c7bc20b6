/**
 * The live activity feed: the 30 newest items of the shown unit's subtree, newest first. Items come from the first
 * fill (`GET /api/units/{id}/activity`) and from the hub's `activity` pushes, possibly overlapping: they are merged
 * by id; a report surge the wall tells (alerts.js) comes as an item of kind `surge` with its text. List items are kept
 * per item id and dropped with it, so the feed never grows.
 */

import { element } from './dom.js';
import { formatCount, formatShortTime } from './format.js';
import { fill, text } from './texts.js';

/** How many items the feed keeps and shows. */
export const feedLength = 30;

const kinds = {
  visit: { label: () => text.kindVisit, count: n => (n === 1 ? text.countVisitOne : text.countVisit) },
  training: { label: () => text.kindTraining, count: n => (n === 1 ? text.countPeopleOne : text.countPeople) },
  event: { label: () => text.kindEvent, count: n => (n === 1 ? text.countPeopleOne : text.countPeople) },
  case: { label: () => text.kindCase, count: n => (n === 1 ? text.countPeopleOne : text.countPeople) },
};

/**
 * @param {HTMLOListElement} list `#feed`
 * @param {HTMLElement} emptyNote shown while the feed is empty
 */
export function createFeed(list, emptyNote) {
  let items = [];
  let pathSkip = 0;
  const elements = new Map();

  function draw() {
    const keep = new Set(items.map(item => item.id));
    for (const [id, element] of elements) {
      if (!keep.has(id)) {
        element.remove();
        elements.delete(id);
      }
    }
    items.forEach((item, index) => {
      let element = elements.get(item.id);
      if (!element) {
        element = newItem(item, pathSkip);
        elements.set(item.id, element);
      }
      if (list.children[index] !== element) {
        list.insertBefore(element, list.children[index] ?? null);
      }
    });
    emptyNote.hidden = items.length > 0;
  }

  return {
    /** Empties the feed for another unit. */
    clear() {
      items = [];
      elements.clear();
      list.replaceChildren();
      emptyNote.hidden = false;
    },
    /**
     * Leaves out of each item's path the names the shown unit already says.
     * @param {number} skip 0 for a district, 1 for a street, 2 for a community, 3 for a grid
     */
    skipPath(skip) {
      if (skip !== pathSkip) {
        pathSkip = skip;
        elements.clear();
        list.replaceChildren();
        draw();
      }
    },
    /** Adds items (any order, duplicates allowed) and keeps the newest. */
    add(batch) {
      if (batch.length === 0) {
        return;
      }
      const byId = new Map(items.map(item => [item.id, item]));
      for (const item of batch) {
        if (item && typeof item.id === 'string') {
          byId.set(item.id, item);
        }
      }
      items = [...byId.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, feedLength);
      draw();
    },
  };
}

function newItem(item, pathSkip) {
  const line = element('li');
  line.dataset.kind = item.kind;
  if (item.kind === 'surge') {
    line.append(span('feed-time', formatShortTime(new Date(item.at))), span('feed-kind', text.kindSurge), span('feed-alert', item.text));
    return line;
  }
  const kind = kinds[item.kind] ?? kinds.visit;
  line.append(
    span('feed-time', formatShortTime(new Date(item.at))),
    span('feed-kind', kind.label()),
    span('feed-worker', item.worker ?? ''),
    span('feed-what', what(item, kind)),
    span('feed-path', (item.path ?? []).slice(pathSkip).join(' · ')));
  return line;
}

function what(item, kind) {
  const parts = [];
  // A case shows its category only: the feed carries no case titles (free text that may name residents).
  if (item.category) {
    parts.push(item.category);
  }
  if (item.count !== null && item.count !== undefined && item.kind !== 'case') {
    parts.push(fill(kind.count(item.count), formatCount(item.count)));
  }
  return parts.join(' · ');
}

/** A span of the feed line: `span('feed-time', '09:30')`. */
function span(className, value) {
  return element('span', className, value);
}
