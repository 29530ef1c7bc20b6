/** Run with `node --test Benchmark/push/`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSampled, shares } from './spread.mjs';

test('shares differ by at most one and add up to the total', () => {
  assert.deepEqual(shares(1_000, 4), [250, 250, 250, 250]);
  assert.deepEqual(shares(10, 4), [3, 3, 2, 2]);
  assert.deepEqual(shares(2, 4), [1, 1, 0, 0]);
});

test('the sample is spread evenly over the connections', () => {
  const sampled = Array.from({ length: 250 }, (_, index) => index).filter(index => isSampled(index, 250, 13));

  assert.equal(sampled.length, 13);
  const gaps = sampled.slice(1).map((index, at) => index - sampled[at]);
  assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `gaps ${gaps}`);
});

test('a sample at least as large as the connections takes them all', () => {
  assert.ok(Array.from({ length: 5 }, (_, index) => index).every(index => isSampled(index, 5, 50)));
});
