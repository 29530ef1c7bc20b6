/**
 * The wall's four Chart.js charts: today by hour, the children compared, this month's cases by category and the
 * last 31 days. Each is created once and updated in place with `update('none')`; animation is off, because the
 * numbers change several times a second for weeks. `Chart` is the global of /lib/chart.js/chart.umd.min.js.
 */

import { formatCount, formatDay } from './format.js';
import { fill, text } from './texts.js';

const colours = {
  visits: '#3ea6ff',
  cases: '#ffb547',
  trainings: '#7be0a1',
  events: '#c792ff',
  open: '#ff7a6b',
  grid: 'rgba(160, 190, 220, 0.12)',
  tick: '#9fb4cc',
};
const categoryColours = ['#3ea6ff', '#ffb547', '#7be0a1', '#ff7a6b', '#c792ff', '#4fd8d8', '#f5e960', '#ff9ad5', '#8aa1b8'];
const maxCategories = 8;
/** Beyond this many children a Chinese label is written top to bottom (竖排), so every child keeps its label. */
const crowdedChildren = 12;
const hourLabels = Array.from({ length: 24 }, (_, hour) => fill(text.hour, hour));

/**
 * Creates the charts on their canvases.
 * @param {(unitId: string) => void} onChildClick called with a child's id when its bar is clicked
 */
export function createCharts(onChildClick) {
  setFontSize();
  let childIds = [];
  const hourly = new Chart('chart-hourly', {
    type: 'bar',
    data: {
      labels: hourLabels,
      datasets: [
        bars(text.seriesVisits, colours.visits),
        line(text.seriesCases, colours.cases),
        line(text.seriesTrainings, colours.trainings),
        line(text.seriesEvents, colours.events),
      ],
    },
    options: axes({ y1: true }),
  });
  const children = new Chart('chart-children', {
    type: 'bar',
    data: { labels: [], datasets: [bars(text.seriesVisits, colours.visits), bars(text.seriesOpen, colours.open, 'y1')] },
    options: {
      ...axes({ y1: true, crowded: true }),
      interaction: { mode: 'index', intersect: false },
      onClick(event, _elements, chart) {
        const area = chart.chartArea;
        if (event.y < area.top || event.x < area.left || event.x > area.right) {
          return;
        }
        const hit = chart.getElementsAtEventForMode(event, 'index', { intersect: false }, false)[0];
        if (hit && childIds[hit.index]) {
          onChildClick(childIds[hit.index]);
        }
      },
      onHover(event, elements) {
        event.native?.target?.classList.toggle('pointing', elements.length > 0);
      },
    },
  });
  const categories = new Chart('chart-categories', {
    type: 'doughnut',
    data: { labels: [], datasets: [{ data: [], backgroundColor: categoryColours, borderColor: '#0d1b2e', borderWidth: 2 }] },
    options: {
      ...common(),
      cutout: '55%',
      plugins: {
        legend: { position: 'right', labels: { color: '#dce8f5', ...legendSize() } },
        tooltip: { callbacks: { label: item => ` ${item.label}: ${formatCount(item.raw)}` } },
      },
    },
  });
  const daily = new Chart('chart-daily', {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        line(text.seriesVisits, colours.visits, 'y', true),
        line(text.seriesCases, colours.cases, 'y1'),
        line(text.seriesTrainings, colours.trainings, 'y1'),
        line(text.seriesEvents, colours.events, 'y1'),
      ],
    },
    options: axes({ y1: true }),
  });
  const all = [hourly, children, categories, daily];

  return {
    /** Draws a snapshot into every chart. */
    update(snapshot, shortName) {
      const hours = snapshot.hourly ?? [];
      setSeries(hourly, hourLabels, [
        hours.map(hour => hour.visits), hours.map(hour => hour.cases),
        hours.map(hour => hour.trainings), hours.map(hour => hour.events),
      ]);
      const kids = snapshot.children ?? [];
      childIds = kids.map(child => child.unitId);
      const crowded = kids.length > crowdedChildren;
      setSeries(children, kids.map(child => childLabel(shortName(child), crowded)), [
        kids.map(child => child.today.visits), kids.map(child => child.cases.open),
      ]);
      const counts = topCategories(snapshot.categories ?? []);
      setSeries(categories, counts.map(item => item.category), [counts.map(item => item.count)]);
      const days = snapshot.daily ?? [];
      setSeries(daily, days.map(day => formatDay(day.date)), [
        days.map(day => day.visits), days.map(day => day.cases),
        days.map(day => day.trainings), days.map(day => day.events),
      ]);
      for (const chart of all) {
        chart.update('none');
      }
    },
    /** Follows the page's scale after a resize (fonts are in pixels in Chart.js). */
    rescale() {
      setFontSize();
      for (const chart of all) {
        for (const scale of Object.values(chart.options.scales ?? {})) {
          scale.ticks.font = { size: Chart.defaults.font.size };
        }
        Object.assign(chart.options.plugins.legend.labels, legendSize());
        chart.update('none');
      }
    },
  };
}

function childLabel(name, crowded) {
  return crowded && /^[\u3400-\u9fff]+$/.test(name) ? [...name] : name;
}

function setSeries(chart, labels, series) {
  chart.data.labels = labels;
  series.forEach((values, index) => {
    chart.data.datasets[index].data = values;
  });
}

/** The largest categories, the rest summed as 其他, so the doughnut stays legible. */
function topCategories(categories) {
  if (categories.length <= maxCategories) {
    return categories;
  }
  const rest = categories.slice(maxCategories - 1).reduce((sum, item) => sum + item.count, 0);
  return [...categories.slice(0, maxCategories - 1), { category: text.otherCategory, count: rest }];
}

function rootFontSize() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/** Legend boxes in pixels that follow the page's scale. */
function legendSize() {
  const rem = rootFontSize();
  return { font: { size: Chart.defaults.font.size }, boxWidth: Math.round(rem * 0.9), boxHeight: Math.round(rem * 0.9), padding: Math.round(rem * 0.6) };
}

function setFontSize() {
  const rem = rootFontSize();
  Chart.defaults.font.size = Math.round(rem * 0.9);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = colours.tick;
}

/** What every chart of the wall shares: no animation on live data, and the size of its box. */
export function common() {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    resizeDelay: 100,
    plugins: { legend: { labels: { color: '#dce8f5', ...legendSize() } } },
  };
}

function axes({ y1, crowded }) {
  return {
    ...common(),
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { position: 'top', align: 'end', labels: { color: '#dce8f5', ...legendSize(), sort: (a, b) => a.datasetIndex - b.datasetIndex } } },
    scales: {
      x: {
        grid: { color: colours.grid },
        ticks: { color: colours.tick, autoSkip: !crowded, maxRotation: crowded ? 45 : 0 },
      },
      y: { beginAtZero: true, grid: { color: colours.grid }, ticks: { color: colours.tick, precision: 0, callback: value => formatCount(value) } },
      ...(y1 ? { y1: { beginAtZero: true, position: 'right', grid: { display: false }, ticks: { color: colours.tick, precision: 0, callback: value => formatCount(value) } } } : {}),
    },
  };
}

function bars(label, colour, yAxisID = 'y') {
  return { type: 'bar', label, data: [], backgroundColor: colour, borderRadius: 3, yAxisID, order: 2 };
}

function line(label, colour, yAxisID = 'y1', filled = false) {
  return {
    type: 'line', label, data: [], borderColor: colour, backgroundColor: `${colour}33`, fill: filled,
    pointRadius: 0, borderWidth: 2, tension: 0.3, yAxisID, order: 1,
  };
}
