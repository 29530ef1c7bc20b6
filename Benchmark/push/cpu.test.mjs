/** Run with `node --test Benchmark/push/`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcessStat } from './cpu.mjs';

test('a process stat line gives user plus system time, whatever its command name holds', () => {
  const stat = '4242 (dotnet exec) x) S 1 4242 4242 0 -1 4194560 52113 0 0 0 1234 567 0 0 20 0 31 0 1000 0 0';

  assert.equal(parseProcessStat(stat), (1234 + 567) * 10);
});
