/** Run with `node --test Benchmark/push/`; needs Dashboard.Web's npm packages (its build restores them). */

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { describeMessagePackRecord, MessagePackRecordScanner, messagePackInvocation, messagePackPing } from './messagepack-records.mjs';

// The official protocol writes the messages the scanner must read, and reads the ones it writes.
const dashboard = createRequire(new URL('../../Dashboard.Web/package.json', import.meta.url));
const { MessagePackHubProtocol } = dashboard('@microsoft/signalr-protocol-msgpack');
const signalR = dashboard('@microsoft/signalr');
const { encode } = createRequire(dashboard.resolve('@microsoft/signalr-protocol-msgpack'))('@msgpack/msgpack');
const protocol = new MessagePackHubProtocol();
const asOf = '2026-11-21T04:31:00.1234567+00:00';

const snapshot = {
  unitId: 'xihaian', name: '西海岸新区', level: 'district', version: 2 ** 40, asOf,
  hourly: Array.from({ length: 24 }, () => ({ visits: 1234, cases: 5 })), closureRate: 0.25,
};

/** Feeds `bytes` to a scanner in pieces of `size` and returns what it handed on as [record, length]. */
function scan(bytes, size) {
  const records = [];
  const scanner = new MessagePackRecordScanner((record, length) => records.push([record, length]));
  for (let at = 0; at < bytes.length; at += size) {
    scanner.push(bytes.subarray(at, at + size));
  }

  return records;
}

function message(value) {
  return Buffer.from(protocol.writeMessage({ headers: {}, ...value }));
}

test('the handshake answer and the messages after it are split however the bytes arrive', () => {
  const handshake = Buffer.from('{}\u001e');
  const metrics = message({ type: 1, target: 'metrics', arguments: [snapshot] });
  const activity = message({ type: 1, target: 'activity', arguments: [[{ kind: 'visit' }]] });
  const ping = message({ type: 6 });
  const bytes = Buffer.concat([handshake, metrics, activity, ping]);

  for (const size of [1, 3, 100, bytes.length]) {
    const records = scan(bytes, size);
    assert.deepEqual(records.map(([record]) => [record.type, record.target, record.asOf]),
      [[undefined, undefined, undefined], [1, 'metrics', asOf], [1, 'activity', undefined], [6, undefined, undefined]]);
    assert.deepEqual(records.map(([, length]) => length), [handshake.length, metrics.length, activity.length, ping.length]);
  }
});

test('a handshake refusal, a failed completion and a close say their error', () => {
  const [[handshake]] = scan(Buffer.from('{"error":"Requested protocol \'messagepack\' is not available."}\u001e'), 7);
  const completion = describeMessagePackRecord(message({ type: 3, invocationId: '0', error: '单位“x”不存在。' }).subarray(1));
  // The official client writes no close with an error: the server's [7, error, allowReconnect], as it writes it.
  const close = describeMessagePackRecord(Buffer.from(encode([7, 'bye', false])));

  assert.equal(handshake.error, "Requested protocol 'messagepack' is not available.");
  assert.deepEqual([completion.type, completion.error], [3, '单位“x”不存在。']);
  assert.deepEqual([close.type, close.error], [7, 'bye']);
});

test('a completion with a result has no error', () => {
  const completion = describeMessagePackRecord(message({ type: 3, invocationId: '0', result: snapshot }).subarray(2));

  assert.deepEqual([completion.type, completion.error], [3, undefined]);
});

test('a snapshot whose asOf lies beyond the head has none, and a long one is counted whole', () => {
  const long = { unitId: 'x'.repeat(2_000), asOf };
  const bytes = message({ type: 1, target: 'metrics', arguments: [long] });

  const [[record, length]] = scan(Buffer.concat([Buffer.from('{}\u001e'), bytes]), 64).slice(1);

  assert.deepEqual([record.type, record.target, record.asOf, length], [1, 'metrics', undefined, bytes.length]);
});

test('the client messages read back as the official protocol writes them', () => {
  const logger = signalR.NullLogger.instance;

  const [invocation] = protocol.parseMessages(arrayBuffer(messagePackInvocation('0', 'Subscribe', ['xihaian'])), logger);
  const [ping] = protocol.parseMessages(arrayBuffer(messagePackPing), logger);

  assert.deepEqual([invocation.type, invocation.invocationId, invocation.target, invocation.arguments], [1, '0', 'Subscribe', ['xihaian']]);
  assert.equal(ping.type, 6);
});

function arrayBuffer(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}
