/**
 * The SignalR JSON hub protocol as a counting client reads it: each message is a JSON text ended by the record
 * separator 0x1E, and what the client needs of one lies in its first bytes. The server writes "type" first, then
 * "invocationId" or "target", then "arguments", "result" or "error"; a snapshot's asOf is its fifth property, after
 * unitId, name, level and version. So a record is classified from its head, and the rest of it is only counted.
 */

export const recordSeparator = 0x1e;

/** Enough of a record for its type, target, error and a snapshot's asOf. */
const headBytes = 1024;

const typePattern = /^\{"type":(\d+)/;
const targetPattern = /"target":"([^"]*)"/;
const asOfPattern = /"asOf":"([^"]*)"/;
const errorPattern = /"error":"((?:[^"\\]|\\.)*)"/;

/** The head of a record that arrives in pieces (its first 1,024 bytes, the only ones copied) and its whole length. */
export class RecordHead {
  #bytes = Buffer.alloc(headBytes);
  #kept = 0;
  /** The bytes of the record so far. */
  length = 0;

  /** Adds bytes[at, end) to the record. */
  add(bytes, at, end) {
    if (this.#kept < headBytes) {
      this.#kept += bytes.copy(this.#bytes, this.#kept, at, Math.min(end, at + headBytes - this.#kept));
    }

    this.length += end - at;
  }

  /** The head as bytes (a view, valid until the next record). */
  get bytes() {
    return this.#bytes.subarray(0, this.#kept);
  }

  /** The head as text. */
  text() {
    return this.#bytes.toString('utf8', 0, this.#kept);
  }

  /** Starts the next record. */
  clear() {
    this.#kept = 0;
    this.length = 0;
  }
}

/**
 * Splits the text of a connection, in whatever pieces it arrives, into records, and hands on each record's head (its
 * first 1,024 bytes as text) and its length.
 */
export class RecordScanner {
  #onRecord;
  #head = new RecordHead();

  /** @param {(head: string, length: number) => void} onRecord */
  constructor(onRecord) {
    this.#onRecord = onRecord;
  }

  /** @param {Buffer} bytes the next bytes of text */
  push(bytes) {
    let at = 0;
    while (at < bytes.length) {
      const separator = bytes.indexOf(recordSeparator, at);
      const end = separator === -1 ? bytes.length : separator;
      this.#head.add(bytes, at, end);
      if (separator === -1) {
        return;
      }

      this.#onRecord(this.#head.text(), this.#head.length);
      this.#head.clear();
      at = separator + 1;
    }
  }
}

/**
 * What a record's head says.
 * @param {string} head
 * @returns {{type: number|undefined, target: string|undefined, asOf: string|undefined, error: string|undefined}}
 *   type is undefined for the handshake's answer; target is lower case (the official JavaScript client matches
 *   names case-insensitively, and so does this); asOf is set for a `metrics` invocation; error for a handshake,
 *   completion or close that carries one
 */
export function describeRecord(head) {
  const type = typePattern.exec(head)?.[1];
  const record = { type: type === undefined ? undefined : Number(type), target: undefined, asOf: undefined, error: undefined };
  if (record.type === 1) {
    record.target = targetPattern.exec(head)?.[1].toLowerCase();
    if (record.target === 'metrics') {
      record.asOf = asOfPattern.exec(head)?.[1];
    }
  } else {
    const error = errorPattern.exec(head)?.[1];
    record.error = error === undefined ? undefined : JSON.parse(`"${error}"`);
  }

  return record;
}
