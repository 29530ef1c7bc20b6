/**
 * The bulletin page (日通报, 周分析, 月总结) of `/reports/{unitId}?period=day|week|month&date=YYYY-MM-DD`: the period's
 * totals against the one before (环比), case indicators, the children, the top categories and the 督办 list; the
 * same as CSV or Excel, and printed on A4.
 */

import { language } from '../lang.js';
import { formatCount, formatRate } from '../format.js';
import { text, format } from './bulletin-texts.js';
import { caseCells, caseHeaders, drawFigures, drawTable, keepLive, linkPages, moveCell, pageAddress, readJson, score, showProblem, showStatus, unitOfPage, wirePrint } from './periods.js';

const titles = { day: text.day, week: text.week, month: text.monthly };
const unitId = await unitOfPage('reports');
const periodInput = document.getElementById('period');
const dateInput = document.getElementById('date');
const query = new URLSearchParams(location.search);
periodInput.value = query.get('period') ?? 'month';
dateInput.value = query.get('date') ?? '';
wirePrint();
linkPages(unitId, 'reports');

const reload = keepLive(async () => {
  const answer = await readJson(address('json'));
  showProblem(answer.ok ? null : answer.problem);
  if (answer.ok) {
    draw(answer.body);
  }
  return answer.body;
});

for (const input of [periodInput, dateInput]) {
  input.addEventListener('change', () => {
    history.replaceState(null, '', pageAddress('reports', unitId, { period: periodInput.value, date: dateInput.value }));
    reload();
  });
}

function address(formatName) {
  const parameters = new URLSearchParams({ period: periodInput.value });
  if (dateInput.value) {
    parameters.set('date', dateInput.value);
  }
  if (formatName !== 'json') {
    parameters.set('format', formatName);
    parameters.set('lang', language);
  }
  return `/api/units/${encodeURIComponent(unitId)}/report?${parameters}`;
}

function draw(bulletin) {
  const title = titles[bulletin.period];
  document.title = `${bulletin.name} ${title} ${bulletin.label} · GridPulse`;
  document.getElementById('unit-name').textContent = bulletin.name;
  document.getElementById('period-title').textContent = title;
  document.getElementById('period-label').textContent = bulletin.label;
  document.getElementById('period-days').textContent = `${bulletin.first} – ${bulletin.last} · ${text.previous} ${bulletin.previousFirst} – ${bulletin.previousLast}`;
  if (!dateInput.value) {
    dateInput.value = bulletin.first;
  }
  document.getElementById('download-csv').href = address('csv');
  document.getElementById('download-xlsx').href = address('xlsx');
  document.getElementById('evaluation-link').href = pageAddress('evaluation', unitId, { month: bulletin.first.slice(0, 7) });
  showStatus(bulletin);

  drawTable(
    document.getElementById('totals'),
    [text.figure, text.current, text.previous, text.change, text.changePercent],
    bulletin.totals.map(total => [
      { text: text[total.key] ?? total.key, className: 'text' },
      total.key === 'score' ? score(total.current) : formatCount(total.current),
      total.key === 'score' ? score(total.previous) : formatCount(total.previous),
      change(total.change),
      total.changePercent === null ? '—' : change(total.changePercent, '%'),
    ]),
    '');

  const { cases } = bulletin;
  drawFigures(document.getElementById('figures'), [
    [text.score, score(cases.score), `${text.previous} ${score(bulletin.previousCases.score)}`],
    [text.onTimeRate, formatRate(cases.onTimeRate), `${formatCount(cases.closedOnTime)} / ${formatCount(cases.due)}`],
    [text.closureRate, formatRate(cases.closureRate), `${formatCount(cases.closed)} / ${formatCount(cases.due)}`],
    [text.reworkRate, formatRate(cases.reworkRate), formatCount(cases.reworked)],
    [text.extensionRate, formatRate(cases.extensionRate), formatCount(cases.extended)],
    [text.urges, formatCount(cases.urges)],
  ]);

  drawTable(
    document.getElementById('children'),
    [text.rank, text.move, text.unit, ...caseHeaders(), text.visits, text.households, text.trainingParticipants, text.eventParticipants, text.casesReported],
    bulletin.children.map(child => [
      child.rank ?? '—',
      moveCell(child),
      { text: child.name, className: 'text', href: pageAddress('reports', child.unitId, { period: bulletin.period, date: dateInput.value }) },
      ...caseCells(child.cases),
      formatCount(child.activities.visits),
      formatCount(child.activities.households),
      formatCount(child.activities.trainingParticipants),
      formatCount(child.activities.eventParticipants),
      formatCount(child.activities.casesReported),
    ]),
    text.noChildren);

  drawTable(
    document.getElementById('categories'),
    [text.category, text.count],
    bulletin.categories.map(category => [{ text: category.category, className: 'text' }, formatCount(category.count)]),
    text.noCategories);

  document.getElementById('overdue-note').textContent = format(text.overdueAt, localTime(bulletin.overdueAt), bulletin.overdueTotal);
  drawTable(
    document.getElementById('overdue'),
    [text.caseId, text.category, text.community, text.grid, text.deadline, text.overdueBy],
    bulletin.overdue.map(item => [
      { text: item.id, className: 'text' },
      { text: item.category, className: 'text' },
      { text: item.communityName ?? '—', className: 'text' },
      { text: item.gridName, className: 'text' },
      localTime(item.deadline),
      duration(item.overdueMinutes),
    ]),
    text.noOverdue);
}

function change(value, suffix = '') {
  if (value === null || value === undefined) {
    return '—';
  }
  const rounded = Math.round(value * 100) / 100;
  return { text: `${rounded > 0 ? '+' : ''}${rounded}${suffix}`, className: rounded > 0 ? 'up' : rounded < 0 ? 'down' : '' };
}

function duration(minutes) {
  const days = Math.floor(minutes / 1440);
  return days > 0 ? format(text.days, days, Math.floor((minutes % 1440) / 60)) : format(text.hours, Math.floor(minutes / 60), minutes % 60);
}

function localTime(iso) {
  return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}
