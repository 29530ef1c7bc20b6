/** Run with `node --test Benchmark/push/`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRecord, RecordScanner } from './hub-records.mjs';

const separator = '\u001e';

/** Feeds `text` to a scanner in pieces of `size` bytes and returns the records as [head, length]. */
function scan(text, size) {
  const records = [];
  const scanner = new RecordScanner((head, length) => records.push([head, length]));
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) {
    scanner.push(bytes.subarray(at, at + size));
  }

  return records;
}

test('records are split at the separator, however the text arrives', () => {
  const text = `{}${separator}{"type":6}${separator}{"type":1,"target":"activity"}${separator}`;

  for (const size of [1, 4, text.length]) {
    assert.deepEqual(scan(text, size).map(([head]) => head), ['{}', '{"type":6}', '{"type":1,"target":"activity"}']);
  }
});

test('a long record hands on its first 1,024 bytes and its whole length', () => {
  const record = `{"type":1,"target":"metrics","arguments":[{"text":"${'x'.repeat(5_000)}"}]}`;

  const [[head, length]] = scan(record + separator, 700);

  assert.equal(head, record.slice(0, 1_024));
  assert.equal(length, record.length);
});

test('a text without a separator at its end holds its last record back', () => {
  assert.deepEqual(scan(`{"type":6}${separator}{"type":`, 100).length, 1);
});

test('a pushed snapshot gives its target in lower case and its asOf', () => {
  const head = '{"type":1,"target":"Metrics","arguments":[{"unitId":"xihaian","name":"西海岸新区","level":"district",'
    + '"version":42,"asOf":"2026-11-21T04:31:00.1234567+00:00","today":{"visits":';

  assert.deepEqual(describeRecord(head),
    { type: 1, target: 'metrics', asOf: '2026-11-21T04:31:00.1234567+00:00', error: undefined });
});

test('an activity batch is told by its target and has no asOf', () => {
  const head = '{"type":1,"target":"activity","arguments":[[{"unitId":"xihaian","id":"r1","at":"2026-11-21T04:31:00+00:00"';

  assert.deepEqual(describeRecord(head), { type: 1, target: 'activity', asOf: undefined, error: undefined });
});

test('the handshake answer has no type, and its error is read', () => {
  assert.deepEqual(describeRecord('{}'), { type: undefined, target: undefined, asOf: undefined, error: undefined });
  assert.equal(describeRecord('{"error":"Requested protocol \\"x\\" is not available."}').error,
    'Requested protocol "x" is not available.');
});

test('a completion and a close carry their error', () => {
  assert.equal(describeRecord('{"type":3,"invocationId":"0","error":"无权订阅该单位。"}').error, '无权订阅该单位。');
  assert.equal(describeRecord('{"type":3,"invocationId":"0","result":{"unitId":"xihaian"}}').error, undefined);
  assert.deepEqual(describeRecord('{"type":7,"error":"Server timeout elapsed","allowReconnect":true}'),
    { type: 7, target: undefined, asOf: undefined, error: 'Server timeout elapsed' });
});
