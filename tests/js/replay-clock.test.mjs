// The replay's clock without the page (issue 13, section 4). Run by test.sh: node --test tests/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advance, clockText, defaultSpeed, feedAt, frameAt, lastMinute, replayOptions, withReplay,
} from '../../Dashboard.Web/wwwroot/js/replay-clock.js';

test('the day and the speed come from the address; an unknown speed is the default, a malformed day none', () => {
  assert.deepEqual(replayOptions('?replay=2026-03-14&speed=600'), { date: '2026-03-14', speed: 600 });
  assert.deepEqual(replayOptions('?replay=2026-03-14'), { date: '2026-03-14', speed: defaultSpeed });
  assert.deepEqual(replayOptions('?replay=2026-03-14&speed=7'), { date: '2026-03-14', speed: 60 });
  assert.deepEqual(replayOptions('?replay=yesterday&speed=10'), { date: null, speed: 10 });
  assert.deepEqual(replayOptions('?lang=en'), { date: null, speed: 60 });
});

test('a drill-down keeps the replay and its speed, and a live address stays live', () => {
  assert.equal(withReplay('/wall/s1?lang=en', '?replay=2026-03-14&speed=300&lang=en'), '/wall/s1?lang=en&replay=2026-03-14&speed=300');
  assert.equal(withReplay('/wall/s1', '?replay=2026-03-14'), '/wall/s1?replay=2026-03-14&speed=60');
  assert.equal(withReplay('/wall/s1', '?rotate=10'), '/wall/s1');
});

test('the play head moves at the speed and stops at the last minute of the day', () => {
  assert.equal(advance(0, 1000, 60, 1440), 1);
  assert.equal(advance(10, 500, 600, 1440), 15);
  assert.equal(advance(10, 1000, 1, 1440), 10 + 1 / 60);
  assert.equal(advance(1430, 60_000, 600, 1440), 1439);
  assert.equal(advance(100, 60_000, 600, 101), 100);
  assert.equal(advance(5, -1000, 60, 1440), 5);
  assert.equal(lastMinute(0), 0);
});

test('a minute shows the latest frame at or before it, or the midnight snapshot', () => {
  const replay = { start: 'midnight', frames: [{ minute: 3, snapshot: 'a' }, { minute: 10, snapshot: 'b' }, { minute: 11, snapshot: 'c' }] };
  assert.equal(frameAt(replay, 0), 'midnight');
  assert.equal(frameAt(replay, 2), 'midnight');
  assert.equal(frameAt(replay, 3), 'a');
  assert.equal(frameAt(replay, 9), 'a');
  assert.equal(frameAt(replay, 10), 'b');
  assert.equal(frameAt(replay, 1439), 'c');
  assert.equal(frameAt({ start: 'only', frames: [] }, 600), 'only');
});

test('a minute shows the newest 30 items that happened by then, oldest first', () => {
  const midnight = '2026-03-13T16:00:00Z';
  const at = (minute, second = 0) => new Date(Date.parse(midnight) + minute * 60_000 + second * 1000).toISOString();
  const feed = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, at: at(100 + i) }));
  feed.push({ id: 'late', at: at(200, 30) });
  assert.deepEqual(feedAt(feed, midnight, 99), []);
  assert.deepEqual(feedAt(feed, midnight, 100).map(item => item.id), ['r0']);
  assert.deepEqual(feedAt(feed, midnight, 139).map(item => item.id), feed.slice(10, 40).map(item => item.id));
  assert.equal(feedAt(feed, midnight, 200).at(-1).id, 'r39');
  assert.equal(feedAt(feed, midnight, 201).at(-1).id, 'late');
});

test('the replayed time reads as the day and the minute, whatever the browser\'s time zone', () => {
  assert.equal(clockText('2026-03-14', 0), '2026-03-14 00:00');
  assert.equal(clockText('2026-03-14', 545.9), '2026-03-14 09:05');
  assert.equal(clockText('2026-03-14', 1439), '2026-03-14 23:59');
});
