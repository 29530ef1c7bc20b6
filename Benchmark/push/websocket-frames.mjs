/**
 * The part of WebSocket framing (RFC 6455) a counting client needs: reading the server's frames, which are never
 * masked, as they arrive in pieces, and writing the client's few frames, which must be.
 */

import { randomBytes } from 'node:crypto';

export const Opcode = Object.freeze({ continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa });

/**
 * Reads a server's frames from the bytes of its socket. The payload of a data frame is handed on in the pieces it
 * arrives in, neither copied nor joined: a reader that only scans it never holds a whole message. A control frame
 * (at most 125 bytes) is handed on whole.
 */
export class FrameReader {
  #onData;
  #onControl;
  #header = Buffer.alloc(14);
  #headerLength = 0;
  /** @type {{opcode: number, remaining: number, control: Buffer[]} | null} the frame whose payload is arriving */
  #frame = null;

  /**
   * @param {{onData: (bytes: Buffer) => void, onControl: (opcode: number, payload: Buffer) => void}} handlers
   */
  constructor({ onData, onControl }) {
    this.#onData = onData;
    this.#onControl = onControl;
  }

  /** @param {Buffer} chunk the next bytes from the socket */
  push(chunk) {
    let at = 0;
    while (at < chunk.length) {
      if (this.#frame === null) {
        at = this.#readHeader(chunk, at);
        continue;
      }

      const end = at + Math.min(this.#frame.remaining, chunk.length - at);
      this.#payload(chunk.subarray(at, end));
      at = end;
    }
  }

  /** Takes header bytes from `chunk` at `at`; starts the frame once its header is complete. */
  #readHeader(chunk, at) {
    // The first two bytes say how long the header is.
    const need = this.#headerLength < 2 ? 2 : headerSize(this.#header);
    const taken = chunk.copy(this.#header, this.#headerLength, at, Math.min(chunk.length, at + need - this.#headerLength));
    this.#headerLength += taken;
    if (this.#headerLength >= 2 && this.#headerLength === headerSize(this.#header)) {
      this.#start();
    }

    return at + taken;
  }

  #start() {
    const header = this.#header;
    if (header[1] & 0x80) {
      throw new Error('the server sent a masked frame');
    }

    const length7 = header[1] & 0x7f;
    const length = length7 === 126 ? header.readUInt16BE(2) : length7 === 127 ? Number(header.readBigUInt64BE(2)) : length7;
    const opcode = header[0] & 0x0f;
    this.#headerLength = 0;
    this.#frame = { opcode, remaining: length, control: [] };
    if (length === 0) {
      this.#payload(Buffer.alloc(0));
    }
  }

  #payload(bytes) {
    const frame = this.#frame;
    frame.remaining -= bytes.length;
    if (frame.opcode < Opcode.close) {
      if (bytes.length > 0) {
        this.#onData(bytes);
      }
    } else {
      frame.control.push(bytes);
    }

    if (frame.remaining === 0) {
      this.#frame = null;
      if (frame.opcode >= Opcode.close) {
        this.#onControl(frame.opcode, Buffer.concat(frame.control));
      }
    }
  }
}

/**
 * One whole client frame, masked as RFC 6455 requires of a client.
 * @param {number} opcode
 * @param {Buffer} payload
 */
export function clientFrame(opcode, payload) {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const frame = Buffer.alloc(2 + extended + 4 + length);
  frame[0] = 0x80 | opcode;
  if (extended === 0) {
    frame[1] = 0x80 | length;
  } else if (extended === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }

  const mask = randomBytes(4);
  const start = 2 + extended + 4;
  mask.copy(frame, start - 4);
  for (let index = 0; index < length; index++) {
    frame[start + index] = payload[index] ^ mask[index & 3];
  }

  return frame;
}

/** The size of a header from its first two bytes: 2, plus 2 or 8 for a longer length, plus 4 for a mask. */
function headerSize(header) {
  const length7 = header[1] & 0x7f;
  return 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (header[1] & 0x80 ? 4 : 0);
}
