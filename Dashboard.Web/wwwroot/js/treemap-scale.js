/**
 * The wall's treemap (一张图, issue 13 section 5) without the page: which indicator colours it and which measure sizes
 * it (`?map=`, `?mapArea=`), the colour steps of each indicator, and how a child's label fits its rectangle. It touches
 * neither the DOM nor the address, so node tests it (tests/js/treemap-scale.test.mjs).
 */

/** What may colour the treemap (`?map=`), the default first. */
export const mapIndicators = ['overdue', 'closure', 'visits'];

/** What may size its rectangles (`?mapArea=`), the default first. */
export const mapAreas = ['grids', 'workers'];

/** Chinese names run top to bottom (竖排) in a tall narrow rectangle, or over two lines; other names do not. */
const chineseName = /^[\u3400-\u9fff]+$/;
/** What a unit's name ends with, which reads best on a line of its own: 第二十七 / 社区. */
const levelSuffix = /(社区|街道|网格|村|镇)$/;

/**
 * Fills and the ink that reads on them. From across a room a few distinct steps read better than a gradient; any
 * overdue case is red on the tiles, so every overdue step but none is a red.
 */
const colours = {
  none: { fill: '#2a3b52', ink: '#c9d6e6' },
  good: { fill: '#1c8a50', ink: '#ffffff' },
  warn: { fill: '#f0a93a', ink: '#1d1200' },
  bad: { fill: '#d9434b', ink: '#ffffff' },
  lightRed: { fill: '#f07a3c', ink: '#1d0c00' },
  darkRed: { fill: '#96202d', ink: '#ffffff' },
  blues: [
    { fill: '#22344c', ink: '#9fb4cc' },
    { fill: '#173d63', ink: '#ffffff' },
    { fill: '#1f63a3', ink: '#ffffff' },
    { fill: '#3a8fdc', ink: '#ffffff' },
    { fill: '#8fd0ff', ink: '#06203a' },
  ],
};

/**
 * The treemap's options from an address's query: `?map=overdue|closure|visits` (default overdue) and
 * `?mapArea=grids|workers` (default grids); anything else is the default.
 * @param {string} search `location.search`
 * @returns {{indicator: string, area: string}}
 */
export function mapOptions(search) {
  const query = new URLSearchParams(search);
  const indicator = query.get('map');
  const area = query.get('mapArea');
  return {
    indicator: mapIndicators.includes(indicator) ? indicator : mapIndicators[0],
    area: mapAreas.includes(area) ? area : mapAreas[0],
  };
}

/** The measure that sizes a child of a snapshot: the grids or the workers of its subtree. */
export function areaOf(child, area) {
  return area === 'workers' ? child.workers.total : child.grids;
}

/**
 * The value that colours a child: its overdue cases now, this month's closure rate (结案率 over the month's due cases,
 * null while none is due), or today's visits.
 */
export function indicatorOf(child, indicator) {
  switch (indicator) {
    case 'closure':
      return child.cases.closureRate ?? null;
    case 'visits':
      return child.today.visits;
    default:
      return child.cases.overdue;
  }
}

/**
 * The colour steps of an indicator, for the values the siblings have now. A step holds the values from `from`
 * (inclusive, or no lower end when null) to `to` (exclusive, or no upper end when null); the step with `none` holds a
 * missing value (a closure rate with nothing due).
 * - overdue: 0, 1–2, 3–9, 10 and more;
 * - closure: nothing due, under `bad`, under `warn`, the rest (the tiles' amber and red thresholds);
 * - visits: 0, then up to a quarter, a half, three quarters and all of the siblings' highest, in whole visits (steps
 *   that would hold no whole number are left out, so a low highest gives fewer steps); the last step is open and the
 *   brightest.
 * @param {string} indicator one of {@link mapIndicators}
 * @param {Array<number|null>} values the siblings' values
 * @param {{bad: number, warn: number}} closure the closure rates below which a rate is red and amber
 * @returns {Array<{fill: string, ink: string, from: number|null, to: number|null, none?: boolean}>}
 */
export function colourSteps(indicator, values, closure) {
  switch (indicator) {
    case 'closure':
      return [
        { ...colours.none, from: null, to: null, none: true },
        { ...colours.bad, from: null, to: closure.bad },
        { ...colours.warn, from: closure.bad, to: closure.warn },
        { ...colours.good, from: closure.warn, to: null },
      ];
    case 'visits':
      return visitSteps(values);
    default:
      return [
        { ...colours.good, from: 0, to: 1 },
        { ...colours.lightRed, from: 1, to: 3 },
        { ...colours.bad, from: 3, to: 10 },
        { ...colours.darkRed, from: 10, to: null },
      ];
  }
}

/** The index of the step that holds `value`, or -1. */
export function stepOf(steps, value) {
  const missing = value === null || value === undefined || !Number.isFinite(value);
  return steps.findIndex(step =>
    missing ? step.none === true : step.none !== true && (step.from === null || value >= step.from) && (step.to === null || value < step.to));
}

/**
 * A step as the legend says it: `0`, `1–2`, `≥10` for counts (each end a whole number, the upper one included),
 * `<60%`, `60%–80%`, `≥80%` for rates.
 * @param {{from: number|null, to: number|null, none?: boolean}} step
 * @param {(value: number) => string} format writes a value (a count, or a rate as a percentage)
 * @param {boolean} counts whether the values are whole counts
 * @param {string} noneText what the step of a missing value says
 */
export function stepLabel(step, format, counts, noneText) {
  if (step.none) {
    return noneText;
  }
  if (step.from === null) {
    return `<${format(step.to)}`;
  }
  if (step.to === null) {
    return `≥${format(step.from)}`;
  }
  if (!counts) {
    return `${format(step.from)}–${format(step.to)}`;
  }
  const last = step.to - 1;
  return last === step.from ? format(last) : `${format(step.from)}–${format(last)}`;
}

/**
 * How a child's label fits its rectangle, so that every label drawn is legible: in the largest type that fits, the name
 * over the value; else the name alone; a Chinese name may also break over two lines (any character may end a line in
 * Chinese) or, alone, run top to bottom (竖排) in a tall narrow rectangle; else nothing (the rectangle stays, and its
 * tooltip names it).
 * @param {string} name the child's name
 * @param {string} value the indicator as the label's last line says it
 * @param {number} width the rectangle's width, px
 * @param {number} height its height, px
 * @param {(text: string, size: number) => number} measure the width in px of a text in type of a size in px
 * @param {number[]} sizes the type sizes to try, px, largest first
 * @returns {{size: number, lines: string[], vertical: boolean, valued: boolean} | null} the type size, the lines (the
 *   characters, top to bottom, when vertical) and whether the last line is the value
 */
export function fitLabel(name, value, width, height, measure, sizes) {
  const chinese = chineseName.test(name);
  const characters = [...name];
  const broken = chinese && characters.length > 2 ? breakName(name, characters) : null;
  const across = (lines, size) => {
    const padding = labelPadding(size);
    return lines.length * lineHeight(size) + 2 * padding <= height
      && lines.every(line => measure(line, size) + 2 * padding <= width);
  };
  const down = size => {
    const padding = labelPadding(size);
    return size + 2 * padding <= width && characters.length * verticalStep(size) + 2 * padding <= height;
  };
  const withValue = [[name, value], ...(broken ? [[...broken, value]] : [])];
  const alone = [[name], ...(broken ? [broken] : [])];
  for (const layouts of [withValue, alone]) {
    for (const size of sizes) {
      const lines = layouts.find(candidate => across(candidate, size));
      if (lines) {
        return { size, lines, vertical: false, valued: layouts === withValue };
      }
    }
  }
  const size = chinese ? sizes.find(down) : undefined;
  return size === undefined ? null : { size, lines: characters, vertical: true, valued: false };
}

/** The distance from one line of a label to the next, px. */
export function lineHeight(size) {
  return size * 1.2;
}

/** The distance from one character of a name written top to bottom to the next, px. */
export function verticalStep(size) {
  return size * 1.05;
}

/** The space kept between a label and its rectangle's edges, px. */
export function labelPadding(size) {
  return Math.max(4, size * 0.3);
}

function visitSteps(values) {
  const highest = Math.max(0, ...values.filter(value => Number.isFinite(value)));
  const bounds = [];
  let from = 1;
  for (let quarter = 1; quarter <= 4 && from <= highest; quarter++) {
    const last = Math.ceil((highest * quarter) / 4);
    if (last >= from) {
      bounds.push({ from, to: last + 1 });
      from = last + 1;
    }
  }
  // The highest step is open (more visits come all day) and the brightest, however few steps there are.
  const steps = bounds.map((bound, index) => ({ ...colours.blues[colours.blues.length - bounds.length + index], ...bound }));
  if (steps.length > 0) {
    steps[steps.length - 1].to = null;
  }
  return [{ ...colours.blues[0], from: 0, to: 1 }, ...steps];
}

/** A Chinese name over two lines: before what says its level when it has that, else at its middle. */
function breakName(name, characters) {
  const suffix = levelSuffix.exec(name)?.[0];
  const at = suffix && suffix.length < characters.length ? characters.length - suffix.length : Math.ceil(characters.length / 2);
  return [characters.slice(0, at).join(''), characters.slice(at).join('')];
}
