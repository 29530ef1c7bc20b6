// The walls' reconnect policy (issue 13, section 6): when a server restarts with hundreds of walls connected, they
// come back with jitter, not all in the same second. Run by test.sh: node --test tests/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelay } from '../../Dashboard.Web/wwwroot/js/retry.js';

/** A seeded uniform generator (mulberry32), so that the test draws the same numbers every run. */
function seeded(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** When a wall that lost its server at 0 reaches it again, the server being back from `back` ms on. */
function arrival(back, random) {
  let at = 0;
  for (let attempt = 0; ; attempt++) {
    at += retryDelay(attempt, random);
    if (at >= back) {
      return at;
    }
  }
}

test('walls that lost a restarting server together come back spread over seconds', () => {
  const random = seeded(42);
  for (const back of [3_000, 8_000, 20_000, 61_000]) {
    const arrivals = Array.from({ length: 300 }, () => arrival(back, random));
    const perSecond = new Map();
    for (const at of arrivals) {
      const second = Math.floor(at / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const busiest = Math.max(...perSecond.values());
    const spread = Math.max(...arrivals) - Math.min(...arrivals);
    assert.ok(busiest <= 300 * 0.3, `server back after ${back} ms: ${busiest} of 300 walls in the same second`);
    assert.ok(spread >= 6_000, `server back after ${back} ms: every wall within ${spread} ms`);
  }
});

test('a wall retries within half a second first, and never waits more than ten seconds', () => {
  assert.ok(retryDelay(0, () => 0) >= 50);
  assert.ok(retryDelay(0, () => 0.999_999) <= 500);
  for (let attempt = 0; attempt < 40; attempt++) {
    assert.ok(retryDelay(attempt, () => 0.999_999) <= 10_000);
    assert.ok(retryDelay(attempt, () => 0) > 0);
  }
});
