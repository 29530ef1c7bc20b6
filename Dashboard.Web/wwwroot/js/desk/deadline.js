/**
 * A case's deadline as the desk shows it, against the viewer's clock: time left, due soon (the last 20% of its time
 * limit) or overdue by how long; only reported and dispatched cases run against their deadline (spec 2.3).
 */

import { format, formatSpan, text } from '/js/desk/texts.js';

/**
 * @param {{state: string, occurredAt: string, deadline: string}} item a list item or a case
 * @returns {{tone: 'overdue'|'due-soon'|'running'|'stopped', label: string}}
 */
export function deadlineOf(item, now = Date.now()) {
  if (item.state !== 'reported' && item.state !== 'dispatched') {
    return { tone: 'stopped', label: text.finished };
  }
  const deadline = Date.parse(item.deadline);
  const left = deadline - now;
  if (left < 0) {
    return { tone: 'overdue', label: format('overdueBy', { span: formatSpan(left) }) };
  }
  const dueSoonFrom = deadline - (deadline - Date.parse(item.occurredAt)) / 5;
  return { tone: now >= dueSoonFrom ? 'due-soon' : 'running', label: format('left', { span: formatSpan(left) }) };
}
