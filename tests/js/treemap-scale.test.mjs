// The wall's treemap without the page (issue 13, section 5): its options, colour steps, legend and label fitting.
// Run by test.sh: node --test tests/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  areaOf, colourSteps, fitLabel, indicatorOf, labelPadding, lineHeight, mapOptions, stepLabel, stepOf, verticalStep,
} from '../../Dashboard.Web/wwwroot/js/treemap-scale.js';

const closure = { bad: 0.6, warn: 0.8 };
/** Every character as wide as the type is high, as CJK characters are. */
const measure = (text, size) => [...text].length * size;
const sizes = [24, 21, 18, 15];

test('the options come from the address, and anything unknown is the default', () => {
  assert.deepEqual(mapOptions(''), { indicator: 'overdue', area: 'grids' });
  assert.deepEqual(mapOptions('?map=closure&mapArea=workers'), { indicator: 'closure', area: 'workers' });
  assert.deepEqual(mapOptions('?rotate=10&map=visits&lang=en'), { indicator: 'visits', area: 'grids' });
  assert.deepEqual(mapOptions('?map=Overdue&mapArea=households'), { indicator: 'overdue', area: 'grids' });
});

test('a child is sized by its grids or its workers and coloured by the chosen indicator', () => {
  const child = { grids: 5, workers: { total: 7 }, cases: { overdue: 2, closureRate: null }, today: { visits: 31 } };
  assert.equal(areaOf(child, 'grids'), 5);
  assert.equal(areaOf(child, 'workers'), 7);
  assert.equal(indicatorOf(child, 'overdue'), 2);
  assert.equal(indicatorOf(child, 'closure'), null);
  assert.equal(indicatorOf(child, 'visits'), 31);
});

test('overdue cases: none is green, and any is a red that deepens with the count', () => {
  const steps = colourSteps('overdue', [0, 4, 12], closure);
  const of = value => stepOf(steps, value);
  assert.deepEqual([0, 1, 2, 3, 9, 10, 400].map(of), [0, 1, 1, 2, 2, 3, 3]);
  assert.equal(new Set(steps.map(step => step.fill)).size, steps.length);
  assert.deepEqual(steps.map(step => stepLabel(step, String, true, '')), ['0', '1–2', '3–9', '≥10']);
});

test('the closure rate is coloured by the tiles thresholds, and a rate with nothing due apart', () => {
  const steps = colourSteps('closure', [], closure);
  const of = value => stepOf(steps, value);
  assert.equal(of(null), 0);
  assert.equal(steps[0].none, true);
  assert.deepEqual([0, 0.59, 0.6, 0.79, 0.8, 1].map(of), [1, 1, 2, 2, 3, 3]);
  const percent = rate => `${rate * 100}%`;
  assert.deepEqual(steps.map(step => stepLabel(step, percent, false, '无应结案')), ['无应结案', '<60%', '60%–80%', '≥80%']);
  assert.deepEqual(colourSteps('closure', [], { bad: 0.5, warn: 0.9 }).map(step => stepOf([step], 0.55) === 0), [false, false, true, false]);
});

test('today\'s visits step up to the siblings\' highest: every count in exactly one step, the highest in the brightest', () => {
  for (const highest of [0, 1, 2, 3, 4, 7, 133, 4881]) {
    const steps = colourSteps('visits', [0, Math.floor(highest / 3), highest], closure);
    // With no visit anywhere there is only the step of none.
    for (let visits = 0; visits <= (highest > 0 ? highest + 10 : 0); visits++) {
      assert.equal(steps.filter(step => stepOf([step], visits) === 0).length, 1, `${visits} of ${highest}`);
    }
    assert.equal(stepOf(steps, 0), 0);
    assert.ok(steps.length <= 5);
    if (highest > 0) {
      assert.equal(stepOf(steps, highest + 1000), steps.length - 1, 'more visits come all day: the last step is open');
      assert.equal(stepOf(steps, highest), steps.length - 1, `the highest, ${highest}, in the last step`);
      assert.equal(steps.at(-1).fill, colourSteps('visits', [4881], closure).at(-1).fill);
    }
  }
  assert.deepEqual(colourSteps('visits', [133, 26, 96], closure).map(step => stepLabel(step, String, true, '')), ['0', '1–34', '35–67', '68–100', '≥101']);
  assert.deepEqual(colourSteps('visits', [1], closure).map(step => stepLabel(step, String, true, '')), ['0', '≥1']);
});

test('a label takes the largest type in which the name and the value fit', () => {
  assert.deepEqual(fitLabel('黄岛街道', '超期 0', 300, 200, measure, sizes), { size: 24, lines: ['黄岛街道', '超期 0'], vertical: false, valued: true });
  const smaller = fitLabel('黄岛街道', '超期 0', 4 * 18 + 2 * labelPadding(18), 200, measure, sizes);
  assert.equal(smaller.size, 18);
  assert.equal(smaller.valued, true);
});

test('a Chinese name breaks before its level, or runs top to bottom, before it is hidden', () => {
  const square = fitLabel('第二十七社区', '100%', 81, 100, measure, sizes);
  assert.deepEqual(square.lines, ['第二十七', '社区', '100%']);
  assert.equal(fitLabel('第十二网格', '走访 3', 70, 100, measure, sizes).lines[1], '网格');
  const tall = fitLabel('第二十七社区', '100%', 30, 300, measure, sizes);
  assert.equal(tall.vertical, true);
  assert.deepEqual(tall.lines, [...'第二十七社区']);
  assert.equal(fitLabel('第二十九社区', '超期 0', 49, 70, measure, sizes), null);
  assert.equal(fitLabel('Huangdao Street', '3 overdue', 30, 300, measure, sizes), null, 'other names never run top to bottom');
});

test('no label is ever drawn beyond its rectangle', () => {
  const names = ['黄岛', '灵山卫街道', '第二十七社区', '达尼村', 'Changjianglu', '世纪新村第一社区'];
  for (let width = 10; width <= 320; width += 7) {
    for (let height = 10; height <= 240; height += 9) {
      for (const name of names) {
        const label = fitLabel(name, '走访 1,234', width, height, measure, sizes);
        if (label === null) {
          continue;
        }
        const padding = labelPadding(label.size);
        const tall = label.vertical
          ? label.lines.length * verticalStep(label.size)
          : label.lines.length * lineHeight(label.size);
        const wide = label.vertical ? label.size : Math.max(...label.lines.map(line => measure(line, label.size)));
        assert.ok(tall + 2 * padding <= height && wide + 2 * padding <= width, `${name} in ${width}x${height}: ${JSON.stringify(label)}`);
        assert.equal(label.lines.join('').startsWith(label.vertical ? name : name.slice(0, 1)), true);
      }
    }
  }
});
