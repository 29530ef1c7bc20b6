/**
 * The wall's treemap (一张图 without map tiles, issue 13 section 5): one rectangle per child of the shown unit, its
 * area by the child's grids or workers (`?mapArea=`), its colour by an indicator (`?map=`: overdue cases, this month's
 * closure rate, today's visits), with a legend of the colour steps. A click on a rectangle drills down. It is drawn
 * from the snapshots the wall already receives: the rectangles are laid out again only when the children or their
 * areas change, and a push only recolours and relabels them in place, with `update('none')`. Its labels are drawn
 * here rather than by the plugin, whose label cache keeps every text it ever measured (a live number makes a new
 * one every push) and which cannot say which labels fit. `chartjs-chart-treemap` is the global plugin of
 * /lib/chartjs-chart-treemap/chartjs-chart-treemap.min.js, registered with `Chart` when it loads.
 */

import { common } from './charts.js';
import { element } from './dom.js';
import { formatCount, formatRate } from './format.js';
import { fill, text } from './texts.js';
import { closureBad, closureWarn } from './tiles.js';
import { areaOf, colourSteps, fitLabel, indicatorOf, lineHeight, mapOptions, stepLabel, stepOf, verticalStep } from './treemap-scale.js';

const options = mapOptions(location.search);
const closure = { bad: closureBad, warn: closureWarn };
/** Label type sizes, in rem, largest first: the smallest still reads from across a room at 1920x1080 (15 px). */
const labelRems = [1.5, 1.3, 1.15, 0.95];
/** Measured label widths kept at most: names repeat every push, numbers change; beyond this the cache starts over. */
const maxMeasured = 2000;
const areaTexts = { grids: () => text.mapAreaGrids, workers: () => text.mapAreaWorkers };
const indicatorTexts = { overdue: () => text.mapOverdue, closure: () => text.mapClosure, visits: () => text.mapVisits };

/**
 * A wall address that keeps the treemap's options of this one, so drilling down and the breadcrumb keep them too.
 * @param {string} path a same-site address
 */
export function withMapOptions(path) {
  const query = new URLSearchParams(location.search);
  const url = new URL(path, location.origin);
  for (const name of ['map', 'mapArea']) {
    if (query.has(name)) {
      url.searchParams.set(name, query.get(name));
    }
  }
  return url.pathname + url.search;
}

/**
 * Creates the treemap on `#chart-treemap`, its legend in `#map-legend` and says what it shows in `#map-basis`.
 * @param {(unitId: string) => void} onChildClick called with a child's id when its rectangle is clicked
 */
export function createTreemap(onChildClick) {
  const canvas = document.getElementById('chart-treemap');
  const legend = document.getElementById('map-legend');
  document.getElementById('map-basis').textContent =
    fill(text.mapBasis, areaTexts[options.area](), indicatorTexts[options.indicator]());
  legend.setAttribute('aria-label', text.mapLegend);
  canvas.dataset.indicator = options.indicator;
  canvas.dataset.area = options.area;

  /** One record per child, in the snapshot's order: the plugin's tree, and what each rectangle draws. */
  let records = [];
  /** How often the children or their areas changed, so the rectangles were laid out again (`data-layouts`). */
  let layouts = 0;
  const legendItems = [];
  const measured = new Map();
  let rem = rootFontSize();
  const dataset = {
    tree: records,
    key: 'area',
    spacing: 1,
    borderWidth: 0,
    backgroundColor: context => context.raw?._data?.fill ?? 'transparent',
    labels: { display: false },
    captions: { display: false },
  };
  const chart = new Chart(canvas, {
    type: 'treemap',
    data: { datasets: [dataset] },
    options: {
      ...common(),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: items => items[0]?.raw?._data?.fullName ?? '',
            label: item => tooltipLines(item.raw?._data),
          },
        },
      },
      onClick(_event, elements) {
        const record = elements[0] && dataset.data[elements[0].index]?._data;
        if (record) {
          onChildClick(record.unitId);
        }
      },
      onHover(event, elements) {
        event.native?.target?.classList.toggle('pointing', elements.length > 0);
      },
    },
    plugins: [{ id: 'gridpulseTreemapLabels', afterDatasetsDraw: drawLabels }],
  });
  window.addEventListener('resize', () => {
    rem = rootFontSize();
    measured.clear();
  });

  return {
    /** Empties the treemap when another unit is shown, until its snapshot comes. */
    clear() {
      records = [];
      dataset.tree = records;
      measured.clear();
      chart.update('none');
    },
    /**
     * Draws the children of a snapshot: lays them out again when they or their areas changed, else recolours and
     * relabels them in place.
     */
    update(snapshot, shortName) {
      const children = snapshot.children ?? [];
      const values = children.map(child => indicatorOf(child, options.indicator));
      const steps = colourSteps(options.indicator, values, closure);
      const areas = children.map(child => Math.max(0, areaOf(child, options.area) ?? 0));
      // With nothing to size them by, the children share the room equally rather than vanish.
      const sized = areas.some(area => area > 0) ? areas : areas.map(() => 1);
      const laidOut = records.length === children.length
        && children.every((child, index) => records[index].unitId === child.unitId && records[index].area === sized[index]);
      if (!laidOut) {
        records = children.map((child, index) => ({ unitId: child.unitId, area: sized[index] }));
        dataset.tree = records;
        canvas.dataset.layouts = String(++layouts);
      }
      children.forEach((child, index) => {
        const record = records[index];
        const step = steps[stepOf(steps, values[index])] ?? steps[0];
        record.fullName = child.name;
        record.name = shortName(child);
        record.value = values[index];
        record.valueText = valueText(values[index]);
        record.grids = child.grids;
        record.workers = child.workers.total;
        record.fill = step.fill;
        record.ink = step.ink;
      });
      drawLegend(steps);
      chart.update('none');
    },
  };

  function drawLegend(steps) {
    while (legendItems.length < steps.length) {
      const item = element('li');
      const swatch = element('span', 'map-swatch');
      const label = element('span', 'map-step');
      item.append(swatch, label);
      legend.append(item);
      legendItems.push({ item, swatch, label });
    }
    legendItems.forEach(({ item, swatch, label }, index) => {
      const step = steps[index];
      item.hidden = !step;
      if (step) {
        setStyle(swatch, step.fill);
        setText(label, stepLabel(step, options.indicator === 'closure' ? formatRate : formatCount, options.indicator !== 'closure', text.mapNothingDue));
        setData(item, 'fill', step.fill);
        setData(item, 'from', step.none ? 'none' : String(step.from ?? ''));
        setData(item, 'to', step.none ? 'none' : String(step.to ?? ''));
      }
    });
  }

  function drawLabels(target) {
    const context = target.ctx;
    const elements = target.getDatasetMeta(0).data;
    const family = Chart.defaults.font.family;
    const sizes = labelRems.map(size => Math.round(size * rem));
    const measure = (value, size) => {
      const key = `${size}|${value}`;
      let width = measured.get(key);
      if (width === undefined) {
        if (measured.size >= maxMeasured) {
          measured.clear();
        }
        context.font = `700 ${size}px ${family}`;
        width = context.measureText(value).width;
        measured.set(key, width);
      }
      return width;
    };
    context.save();
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    elements.forEach((rectangle, index) => {
      const record = dataset.data[index]?._data;
      const label = record && fitLabel(record.name, record.valueText, rectangle.width, rectangle.height, measure, sizes);
      if (record) {
        record.label = label ? label.lines.join(label.vertical ? '' : '\n') : '';
      }
      if (!label) {
        return;
      }
      const step = label.vertical ? verticalStep(label.size) : lineHeight(label.size);
      const centreX = rectangle.x + rectangle.width / 2;
      let y = rectangle.y + (rectangle.height - step * (label.lines.length - 1)) / 2;
      context.fillStyle = record.ink;
      label.lines.forEach((line, lineIndex) => {
        // The name in bold, the value under it in regular type.
        context.font = `${label.valued && lineIndex === label.lines.length - 1 ? 400 : 700} ${label.size}px ${family}`;
        context.fillText(line, centreX, y);
        y += step;
      });
    });
    context.restore();
  }
}

function tooltipLines(record) {
  if (!record) {
    return [];
  }
  const value = options.indicator === 'closure' ? valueText(record.value) : formatCount(record.value);
  return [
    fill(text.mapTooltipArea, formatCount(record.grids), formatCount(record.workers)),
    fill(text.mapTooltipValue, indicatorTexts[options.indicator](), value),
  ];
}

/** The indicator as a rectangle's last line says it. */
function valueText(value) {
  switch (options.indicator) {
    case 'closure':
      return value === null ? text.mapNothingDue : formatRate(value);
    case 'visits':
      return fill(text.mapVisitsValue, formatCount(value));
    default:
      return fill(text.mapOverdueValue, formatCount(value));
  }
}

function rootFontSize() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

function setText(node, value) {
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

function setStyle(node, colour) {
  if (node.dataset.colour !== colour) {
    node.style.backgroundColor = colour;
    node.dataset.colour = colour;
  }
}

function setData(node, name, value) {
  if (node.dataset[name] !== value) {
    node.dataset[name] = value;
  }
}
