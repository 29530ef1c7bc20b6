/** Run with `node --test Benchmark/push/`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureDelivery, measureLatency } from './latency.mjs';

/** A client's pushes from [receipt, asOf] pairs. */
function pushes(...pairs) {
  return { receipts: Float64Array.from(pairs, p => p[0]), asOfs: Float64Array.from(pairs, p => p[1]) };
}

test('a report is measured at the first snapshot built at or after its 202', () => {
  const figures = measureLatency(Float64Array.of(100), [pushes([105, 99], [260, 250], [510, 500])]);

  assert.equal(figures.max, 160);
  assert.equal(figures.pairs, 1);
  assert.equal(figures.measured, 1);
});

test('each client counts on its own', () => {
  const figures = measureLatency(Float64Array.of(100), [pushes([130, 120]), pushes([300, 290])]);

  assert.equal(figures.pairs, 2);
  assert.equal(figures.p50, 30);
  assert.equal(figures.max, 200);
});

test('reports answered out of order are matched in the order of their 202s', () => {
  const figures = measureLatency(Float64Array.of(300, 100), [pushes([150, 140], [400, 390])]);

  assert.equal(figures.p50, 50);
  assert.equal(figures.max, 100);
});

test('a report no snapshot of some client includes is missing, and so is every later one', () => {
  const figures = measureLatency(Float64Array.of(100, 200, 300), [pushes([260, 250]), pushes([400, 350])]);

  assert.equal(figures.measured, 2);
  assert.equal(figures.missing, 1);
  assert.equal(figures.pairs, 5);
});

test('percentiles are nearest-rank over every pair, to a tenth of a millisecond', () => {
  const acceptedAt = Float64Array.from({ length: 100 }, (_, i) => i * 1000);
  const client = pushes(...Array.from({ length: 100 }, (_, i) => [i * 1000 + i + 1.04, i * 1000]));

  const figures = measureLatency(acceptedAt, [client]);

  assert.deepEqual([figures.p50, figures.p95, figures.p99, figures.max], [50, 95, 99, 100]);
});

test('without a snapshot that includes anything there are no percentiles', () => {
  const figures = measureLatency(Float64Array.of(100), [pushes([90, 80])]);

  assert.equal(figures.p50, null);
  assert.equal(figures.missing, 1);
});

test('delivery is the time from each snapshot being built to its receipt', () => {
  const figures = measureDelivery([pushes([105, 100], [270, 250]), pushes([130, 100])]);

  assert.deepEqual([figures.p50, figures.max], [20, 30]);
});
