/**
 * The SignalR MessagePack hub protocol as a counting client reads and writes it (issue 14): after the handshake, which
 * is JSON ended by 0x1E as in the JSON protocol, each message is a MessagePack array prefixed by its length as a
 * VarInt (7 bits a byte, lowest first). An invocation is [1, headers, invocationId, target, arguments, streamIds], a
 * completion [3, headers, invocationId, resultKind, result or error], a close [7, error, allowReconnect]; a snapshot
 * is a map whose fifth key is asOf, as in the JSON. So, as there, a message is classified from its first bytes and
 * the rest of it only counted.
 */

import { describeRecord, RecordHead, recordSeparator } from './hub-records.mjs';

/**
 * Splits the bytes of a connection, in whatever pieces they arrive, into the handshake's answer and the messages
 * after it, and hands on what each says and its length on the wire (with its length prefix). Only heads are copied.
 */
export class MessagePackRecordScanner {
  #onRecord;
  #head = new RecordHead();
  #handshake = true;
  /** @type {number | null} bytes of the current message still to come; null while its prefix is read */
  #remaining = null;
  #prefix = { value: 0, bytes: 0 };

  /** @param {(record: ReturnType<typeof describeRecord>, length: number) => void} onRecord */
  constructor(onRecord) {
    this.#onRecord = onRecord;
  }

  /** @param {Buffer} bytes the next bytes of the connection */
  push(bytes) {
    let at = 0;
    while (at < bytes.length) {
      if (this.#handshake) {
        at = this.#handshakeBytes(bytes, at);
      } else if (this.#remaining === null) {
        this.#prefixByte(bytes[at++]);
      } else {
        const end = at + Math.min(this.#remaining, bytes.length - at);
        this.#head.add(bytes, at, end);
        this.#remaining -= end - at;
        at = end;
        if (this.#remaining === 0) {
          this.#emit(describeMessagePackRecord(this.#head.bytes));
        }
      }
    }
  }

  #handshakeBytes(bytes, at) {
    const separator = bytes.indexOf(recordSeparator, at);
    const end = separator === -1 ? bytes.length : separator;
    this.#head.add(bytes, at, end);
    if (separator === -1) {
      return end;
    }

    this.#handshake = false;
    this.#head.length++;
    this.#emit(describeRecord(this.#head.text()));
    return separator + 1;
  }

  #prefixByte(byte) {
    this.#prefix.value += (byte & 0x7f) * 2 ** (7 * this.#prefix.bytes);
    this.#prefix.bytes++;
    if (byte & 0x80) {
      return;
    }

    this.#remaining = this.#prefix.value;
    this.#head.length = this.#prefix.bytes;
    this.#prefix = { value: 0, bytes: 0 };
    if (this.#remaining === 0) {
      this.#emit(describeMessagePackRecord(Buffer.alloc(0)));
    }
  }

  #emit(record) {
    const length = this.#head.length;
    this.#head.clear();
    this.#remaining = null;
    this.#onRecord(record, length);
  }
}

/**
 * What a message's head says, in the shape of describeRecord's answer: type, target in lower case, a `metrics`
 * snapshot's asOf, the error of a completion or close; what lies beyond the head is undefined.
 * @param {Buffer} head
 */
export function describeMessagePackRecord(head) {
  const record = { type: undefined, target: undefined, asOf: undefined, error: undefined };
  const reader = new Reader(head);
  try {
    reader.arrayLength();
    record.type = reader.integer();
    if (record.type === 1) {
      reader.skip(); // headers
      reader.skip(); // invocationId
      record.target = reader.string().toLowerCase();
      if (record.target === 'metrics') {
        reader.arrayLength();
        record.asOf = reader.property('asOf');
      }
    } else if (record.type === 3) {
      reader.skip(); // headers
      reader.skip(); // invocationId
      if (reader.integer() === 1) {
        record.error = reader.string();
      }
    } else if (record.type === 7) {
      record.error = reader.string() ?? undefined;
    }
  } catch (error) {
    if (!(error instanceof RangeError)) {
      throw error;
    }
  }

  return record;
}

/**
 * A client's invocation, with its length prefix: [1, {}, invocationId, target, arguments, []].
 * @param {string} invocationId
 * @param {string} target
 * @param {string[]} args
 */
export function messagePackInvocation(invocationId, target, args) {
  const body = Buffer.concat([
    Buffer.from([0x96, 0x01, 0x80]),
    stringBytes(invocationId),
    stringBytes(target),
    Buffer.from([0x90 | args.length]),
    ...args.map(stringBytes),
    Buffer.from([0x90]),
  ]);
  return Buffer.concat([varInt(body.length), body]);
}

/** A ping, [6], with its length prefix. */
export const messagePackPing = Buffer.from([0x02, 0x91, 0x06]);

/** A string as fixstr, str8 or str16. */
function stringBytes(text) {
  const bytes = Buffer.from(text, 'utf8');
  const header = bytes.length < 32 ? [0xa0 | bytes.length]
    : bytes.length < 0x100 ? [0xd9, bytes.length]
      : [0xda, bytes.length >> 8, bytes.length & 0xff];
  return Buffer.concat([Buffer.from(header), bytes]);
}

function varInt(value) {
  const bytes = [];
  do {
    bytes.push((value & 0x7f) | (value >= 0x80 ? 0x80 : 0));
    value = Math.floor(value / 0x80);
  } while (value > 0);
  return Buffer.from(bytes);
}

/** Reads the MessagePack values a head holds; reading past its end throws a RangeError. */
class Reader {
  #bytes;
  #at = 0;

  constructor(bytes) {
    this.#bytes = bytes;
  }

  arrayLength() {
    const byte = this.#byte();
    if ((byte & 0xf0) === 0x90) {
      return byte & 0x0f;
    }

    return byte === 0xdc ? this.#uint(2) : byte === 0xdd ? this.#uint(4) : this.#unexpected(byte, 'an array');
  }

  mapLength() {
    const byte = this.#byte();
    if ((byte & 0xf0) === 0x80) {
      return byte & 0x0f;
    }

    return byte === 0xde ? this.#uint(2) : byte === 0xdf ? this.#uint(4) : this.#unexpected(byte, 'a map');
  }

  integer() {
    const byte = this.#byte();
    if (byte < 0x80) {
      return byte;
    }

    if (byte >= 0xe0) {
      return byte - 0x100;
    }

    const sizes = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8 };
    const size = sizes[byte] ?? this.#unexpected(byte, 'an integer');
    const value = this.#take(size);
    const signed = byte >= 0xd0;
    if (size === 8) {
      return Number(signed ? value.readBigInt64BE(0) : value.readBigUInt64BE(0));
    }

    return signed ? value.readIntBE(0, size) : value.readUIntBE(0, size);
  }

  /** A string, or null for nil. */
  string() {
    const byte = this.#byte();
    if (byte === 0xc0) {
      return null;
    }

    const length = (byte & 0xe0) === 0xa0 ? byte & 0x1f
      : byte === 0xd9 ? this.#uint(1) : byte === 0xda ? this.#uint(2) : byte === 0xdb ? this.#uint(4)
        : this.#unexpected(byte, 'a string');
    return this.#take(length).toString('utf8');
  }

  /** The string value of `key` in the map that comes next, or undefined when the map has no such key. */
  property(key) {
    const count = this.mapLength();
    for (let index = 0; index < count; index++) {
      if (this.string() === key) {
        return this.string() ?? undefined;
      }

      this.skip();
    }

    return undefined;
  }

  /** Passes over one value, however nested. */
  skip() {
    const byte = this.#byte();
    if (byte < 0x80 || byte >= 0xe0 || byte === 0xc0 || byte === 0xc2 || byte === 0xc3) {
      return;
    }

    if ((byte & 0xf0) === 0x80 || (byte & 0xf0) === 0x90) {
      this.#skipValues((byte & 0x0f) * ((byte & 0xf0) === 0x80 ? 2 : 1));
      return;
    }

    if ((byte & 0xe0) === 0xa0) {
      this.#take(byte & 0x1f);
      return;
    }

    const fixed = { 0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8,
      0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17 }[byte];
    if (fixed !== undefined) {
      this.#take(fixed);
      return;
    }

    const sized = { 0xc4: 1, 0xc5: 2, 0xc6: 4, 0xd9: 1, 0xda: 2, 0xdb: 4 }[byte];
    if (sized !== undefined) {
      this.#take(this.#uint(sized));
      return;
    }

    const extension = { 0xc7: 1, 0xc8: 2, 0xc9: 4 }[byte];
    if (extension !== undefined) {
      this.#take(this.#uint(extension) + 1);
      return;
    }

    const container = { 0xdc: [2, 1], 0xdd: [4, 1], 0xde: [2, 2], 0xdf: [4, 2] }[byte];
    if (container !== undefined) {
      this.#skipValues(this.#uint(container[0]) * container[1]);
      return;
    }

    this.#unexpected(byte, 'a value');
  }

  #skipValues(count) {
    for (let index = 0; index < count; index++) {
      this.skip();
    }
  }

  #byte() {
    return this.#take(1)[0];
  }

  #uint(size) {
    return this.#take(size).readUIntBE(0, size);
  }

  #take(count) {
    if (this.#at + count > this.#bytes.length) {
      throw new RangeError('the value goes on beyond the head');
    }

    const bytes = this.#bytes.subarray(this.#at, this.#at + count);
    this.#at += count;
    return bytes;
  }

  #unexpected(byte, what) {
    throw new Error(`expected ${what} in a MessagePack hub message, found the byte 0x${byte.toString(16)}`);
  }
}
