/**
 * The big-number tiles: each `[data-tile]` gets the raw number in `data-value`, the formatted number in
 * `.tile-value`, a line of detail in `.tile-note` and a `data-level` (good, warn, bad) that colours it. The closure
 * rate's tile also shows the score (综合指标值) in its corner.
 */

import { formatCount, formatRate, formatScore } from './format.js';
import { fill, text } from './texts.js';

/** Closure rates (over the month's due cases) below these are amber and red. */
export const closureWarn = 0.8;
export const closureBad = 0.6;

/** Draws a snapshot's numbers into the tiles. */
export function drawTiles(snapshot) {
  const { today, cases, workers } = snapshot;
  tile('visits', today.visits, formatCount(today.visits), fill(text.households, formatCount(today.households)), '');
  tile('openCases', cases.open, formatCount(cases.open), fill(text.dueSoon, formatCount(cases.dueSoon)),
    cases.dueSoon > 0 ? 'warn' : '');
  tile('overdueCases', cases.overdue, formatCount(cases.overdue), cases.overdue > 0 ? text.overdueNote : text.noOverdue,
    cases.overdue > 0 ? 'bad' : 'good');
  tile('closureRate', cases.closureRate ?? '', formatRate(cases.closureRate),
    cases.due > 0 ? fill(text.rates, formatRate(cases.onTimeRate), formatRate(cases.reworkRate)) : text.nothingDue,
    closureLevel(cases.closureRate));
  const score = document.querySelector('[data-tile="closureRate"] .tile-score');
  score.title = text.scoreTitle;
  setText(score, cases.score === null || cases.score === undefined ? '' : fill(text.score, formatScore(cases.score)));
  tile('trainings', today.trainings, formatCount(today.trainings),
    fill(text.participants, formatCount(today.trainingParticipants)), '');
  tile('events', today.events, formatCount(today.events), fill(text.participants, formatCount(today.eventParticipants)), '');
  tile('onDuty', workers.onDuty, formatCount(workers.onDuty),
    fill(text.workersNote, formatCount(workers.patrolling), formatCount(workers.total)),
    workers.total > 0 && workers.onDuty + workers.patrolling === 0 ? 'warn' : '');
}

/** The colour of a closure rate: good, warn (under 80%), bad (under 60%), or none while nothing is due. */
export function closureLevel(rate) {
  if (rate === null || rate === undefined) {
    return '';
  }
  if (rate < closureBad) {
    return 'bad';
  }
  return rate < closureWarn ? 'warn' : 'good';
}

function tile(name, value, formatted, note, level) {
  const element = document.querySelector(`[data-tile="${name}"]`);
  element.dataset.value = String(value);
  element.dataset.level = level;
  setText(element.querySelector('.tile-value'), formatted);
  setText(element.querySelector('.tile-note'), note);
}

function setText(element, value) {
  if (element.textContent !== value) {
    element.textContent = value;
  }
}
