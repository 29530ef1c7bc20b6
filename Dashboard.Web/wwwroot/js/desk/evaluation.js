/** The monthly evaluation page (月度考评) of `/evaluation/{unitId}?month=YYYY-MM`: a month picker, the unit's figures and its children ranked. */

import { formatCount, formatRate } from '../format.js';
import { text, format } from './bulletin-texts.js';
import { caseCells, caseHeaders, drawFigures, drawTable, keepLive, linkPages, moveCell, pageAddress, readJson, score, showProblem, showStatus, unitOfPage, wirePrint } from './periods.js';

const unitId = await unitOfPage('evaluation');
const monthInput = document.getElementById('month');
monthInput.value = new URLSearchParams(location.search).get('month') ?? '';
wirePrint();
linkPages(unitId, 'evaluation');

const reload = keepLive(async () => {
  const month = monthInput.value;
  const answer = await readJson(`/api/units/${encodeURIComponent(unitId)}/evaluation${month ? `?month=${month}` : ''}`);
  showProblem(answer.ok ? null : answer.problem);
  if (answer.ok) {
    draw(answer.body);
  }
  return answer.body;
});

monthInput.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('month', monthInput.value);
  history.replaceState(null, '', url.pathname + url.search);
  reload();
});

function draw(evaluation) {
  document.title = `${evaluation.name} ${text.evaluationTitle} ${evaluation.month} · GridPulse`;
  document.getElementById('unit-name').textContent = evaluation.name;
  document.getElementById('period-label').textContent = evaluation.month;
  monthInput.value = evaluation.month;
  showStatus(evaluation);
  const { cases, activities, weights } = evaluation;
  document.getElementById('weights').textContent = format(text.weights, weights.onTime, weights.closure, weights.rework);
  drawFigures(document.getElementById('figures'), [
    [text.score, score(cases.score)],
    [text.onTimeRate, formatRate(cases.onTimeRate), `${formatCount(cases.closedOnTime)} / ${formatCount(cases.due)}`],
    [text.closureRate, formatRate(cases.closureRate), `${formatCount(cases.closed)} / ${formatCount(cases.due)}`],
    [text.reworkRate, formatRate(cases.reworkRate)],
    [text.urges, formatCount(cases.urges)],
    [text.visits, formatCount(activities.visits), `${text.households} ${formatCount(activities.households)}`],
    [text.trainings, formatCount(activities.trainings), `${text.trainingParticipants} ${formatCount(activities.trainingParticipants)}`],
    [text.events, formatCount(activities.events), `${text.eventParticipants} ${formatCount(activities.eventParticipants)}`],
    [text.visitsPerWorker, activities.perWorker ? String(activities.perWorker.visits) : '—', format(text.perWorkerNote, activities.workers, activities.activeWorkers)],
  ]);
  drawTable(
    document.getElementById('ranking'),
    [text.rank, text.move, text.unit, ...caseHeaders(), text.visits, text.households, text.trainings, text.events, text.workers, text.visitsPerWorker],
    evaluation.children.map(child => [
      child.rank ?? '—',
      moveCell(child),
      { text: child.name, className: 'text', href: pageAddress('evaluation', child.unitId, { month: monthInput.value }) },
      ...caseCells(child.cases),
      formatCount(child.activities.visits),
      formatCount(child.activities.households),
      `${formatCount(child.activities.trainings)} (${formatCount(child.activities.trainingParticipants)})`,
      `${formatCount(child.activities.events)} (${formatCount(child.activities.eventParticipants)})`,
      formatCount(child.activities.workers),
      child.activities.perWorker ? String(child.activities.perWorker.visits) : '—',
    ]),
    text.noChildren);
  document.getElementById('reports-link').href = pageAddress('reports', unitId, { period: 'month', date: `${evaluation.month}-01` });
}
