/** Run with `node --test Benchmark/push/`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidReasons } from './validity.mjs';

/** Generator processes from [cpu, busy] pairs. */
const processes = (...loads) => loads.map(([cpu, busy], index) => ({ name: `client process ${index + 1}`, cpu, busy }));

test('a run whose generator stays under the limit and keeps every connection is valid', () => {
  assert.deepEqual(invalidReasons({ processes: processes([0.2, 0.3], [0.7, 0.7]), dropped: 0, limit: 0.7 }), []);
});

test('a generator process over the limit makes the run invalid, and says which', () => {
  assert.deepEqual(invalidReasons({ processes: processes([0.3, 0.4], [0.99, 0.99]), dropped: 0, limit: 0.7 }),
    ['client process 2 saturated: 99% of a core, busy 99% (limit 70%)']);
});

test('a process starved by a full machine is saturated by its busy event loop, though it got little CPU', () => {
  assert.deepEqual(invalidReasons({ processes: processes([0.11, 0.98]), dropped: 0, limit: 0.7 }),
    ['client process 1 saturated: 11% of a core, busy 98% (limit 70%)']);
});

test('dropped connections make the run invalid', () => {
  assert.deepEqual(invalidReasons({ processes: processes([0.95, 0.95]), dropped: 312, limit: 0.7 }),
    ['client process 1 saturated: 95% of a core, busy 95% (limit 70%)', '312 connections dropped']);
});
