/** Run with `node --test Benchmark/push/`. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientFrame, FrameReader, Opcode } from './websocket-frames.mjs';

/** A server frame: unmasked, FIN set. */
function serverFrame(opcode, payload) {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 0x10000 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(length)]);
  return Buffer.concat([header, payload]);
}

function bigEndian64(value) {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

/** Feeds `bytes` to a reader in pieces of `size` and returns what it handed on. */
function read(bytes, size) {
  const data = [];
  const controls = [];
  const reader = new FrameReader({
    onData: piece => data.push(Buffer.from(piece)),
    onControl: (opcode, payload) => controls.push([opcode, payload.toString()]),
  });
  for (let at = 0; at < bytes.length; at += size) {
    reader.push(bytes.subarray(at, at + size));
  }

  return { data: Buffer.concat(data).toString(), controls };
}

test('data frames are handed on as their payload, however the bytes arrive', () => {
  const bytes = Buffer.concat([serverFrame(Opcode.text, Buffer.from('hello ')), serverFrame(Opcode.text, Buffer.from('world'))]);

  for (const size of [1, 3, bytes.length]) {
    assert.equal(read(bytes, size).data, 'hello world');
  }
});

test('payloads with a 16-bit and a 64-bit length are read whole', () => {
  const medium = 'm'.repeat(300);
  const large = 'l'.repeat(70_000);
  const bytes = Buffer.concat([serverFrame(Opcode.text, Buffer.from(medium)), serverFrame(Opcode.text, Buffer.from(large))]);

  assert.equal(read(bytes, 1_000).data, medium + large);
});

test('a control frame between the fragments of a message is handed on whole and apart', () => {
  const first = Buffer.concat([Buffer.from([Opcode.text, 3]), Buffer.from('abc')]);
  const last = serverFrame(Opcode.continuation, Buffer.from('def'));
  const bytes = Buffer.concat([first, serverFrame(Opcode.ping, Buffer.from('p')), last, serverFrame(Opcode.close, Buffer.alloc(0))]);

  const { data, controls } = read(bytes, 2);

  assert.equal(data, 'abcdef');
  assert.deepEqual(controls, [[Opcode.ping, 'p'], [Opcode.close, '']]);
});

test('a masked frame from the server is refused', () => {
  const reader = new FrameReader({ onData: () => {}, onControl: () => {} });

  assert.throws(() => reader.push(Buffer.from([0x81, 0x81, 1, 2, 3, 4, 5])), /masked/);
});

test('a client frame is masked and unmasks to its payload', () => {
  for (const length of [5, 200, 70_000]) {
    const payload = Buffer.alloc(length, 'x');
    const frame = clientFrame(Opcode.text, payload);
    const extended = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
    const mask = frame.subarray(2 + extended, 6 + extended);
    const unmasked = Buffer.from(Uint8Array.from(frame.subarray(6 + extended), (byte, index) => byte ^ mask[index & 3]));

    assert.equal(frame[0], 0x80 | Opcode.text);
    assert.equal(frame[1] & 0x80, 0x80);
    assert.deepEqual(unmasked, payload);
  }
});
