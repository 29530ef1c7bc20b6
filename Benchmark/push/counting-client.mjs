/**
 * A subscribed hub connection that costs next to nothing to hold (issue 10): a WebSocket of its own over a plain
 * socket that speaks the SignalR JSON or MessagePack protocol's handshake and Subscribe (issue 14), then counts the
 * pushed messages and their bytes and takes each snapshot's asOf from its first bytes, without decoding it. Most connections of the push run are these; a sample
 * uses the official client (official-client.mjs), so the figures still come from what a wall runs.
 */

import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { describeRecord, RecordScanner } from './hub-records.mjs';
import { MessagePackRecordScanner, messagePackInvocation, messagePackPing } from './messagepack-records.mjs';
import { clientFrame, FrameReader, Opcode } from './websocket-frames.mjs';
import { PushRecord } from './push-record.mjs';
import { parseWallTime, wallClock } from './wall-clock.mjs';

const recordSeparator = '\u001e';
const normalClosure = Buffer.from([0x03, 0xe8]);

/** How long a closing connection waits for the server's end before it drops the socket. */
const closeWaitMilliseconds = 1_000;

/** One subscribed connection and the snapshots pushed to it, as (receipt time, asOf). */
export class CountingClient extends PushRecord {
  #url;
  #token;
  #unit;
  #messagePack;
  /** @type {import('node:net').Socket | null} */
  #socket = null;
  #frames;
  /** @type {{resolve: () => void, reject: (error: Error) => void} | null} the handshake or Subscribe awaiting its answer */
  #awaiting = null;

  /**
   * @param {string} url the server
   * @param {string} token the bearer token
   * @param {string} unit the unit to subscribe to
   * @param {'json' | 'messagepack'} protocol the hub protocol
   */
  constructor(url, token, unit, protocol = 'json') {
    super();
    this.#url = new URL('/hubs/metrics', url);
    this.#token = token;
    this.#unit = unit;
    this.#messagePack = protocol === 'messagepack';
    // A JSON record's length leaves out its separator; a MessagePack message's includes its length prefix.
    const records = this.#messagePack
      ? new MessagePackRecordScanner((record, length) => this.#record(record, length))
      : new RecordScanner((head, length) => this.#record(describeRecord(head), length + 1));
    this.#frames = new FrameReader({
      onData: bytes => records.push(bytes),
      onControl: (opcode, payload) => this.#control(opcode, payload),
    });
  }

  /** Connects, shakes hands and subscribes; rejects when any step fails. */
  async open() {
    const { socket, head } = await upgrade(this.#url, this.#token);
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', chunk => this.#read(chunk));
    socket.on('error', error => this.#lost(error.message));
    socket.on('close', () => this.#lost('the connection closed'));
    const handshake = this.#answer();
    this.#read(head);
    const handshakeRequest = Buffer.from(JSON.stringify({ protocol: this.#messagePack ? 'messagepack' : 'json', version: 1 }) + recordSeparator);
    this.#send(handshakeRequest);
    await handshake;
    const subscribed = this.#answer();
    this.#send(this.#messagePack
      ? messagePackInvocation('0', 'Subscribe', [this.#unit])
      : Buffer.from(JSON.stringify({ type: 1, invocationId: '0', target: 'Subscribe', arguments: [this.#unit] }) + recordSeparator));
    await subscribed;
  }

  /** Tells the server the client is alive: it closes a connection that says nothing for 30 s. */
  ping() {
    if (this.live) {
      this.#send(this.#messagePack ? messagePackPing : Buffer.from(`{"type":6}${recordSeparator}`));
    }
  }

  /** Closes the WebSocket as a client should, and the socket after at most a second. */
  close() {
    this.closing();
    const socket = this.#socket;
    if (socket === null || socket.destroyed) {
      return Promise.resolve();
    }

    return new Promise(resolve => {
      const timer = setTimeout(() => socket.destroy(), closeWaitMilliseconds);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end(clientFrame(Opcode.close, normalClosure));
    });
  }

  #read(chunk) {
    try {
      this.#frames.push(chunk);
    } catch (error) {
      this.#lost(error.message);
      this.#socket.destroy();
    }
  }

  /** Sends hub protocol bytes, in the frames the protocol's transfer format asks for. */
  #send(bytes) {
    this.#socket.write(clientFrame(this.#messagePack ? Opcode.binary : Opcode.text, bytes));
  }

  #answer() {
    return new Promise((resolve, reject) => {
      this.#awaiting = { resolve, reject };
    });
  }

  #record(record, length) {
    switch (record.type) {
      case undefined: // the handshake's answer
      case 3: // Subscribe's completion
        this.#settle(record.error);
        break;
      case 1:
        if (record.target === 'metrics') {
          this.snapshotBytes += length;
          this.#received(record.asOf);
        } else if (record.target === 'activity') {
          this.countActivity();
        }

        break;
      case 7:
        this.#lost(`the server closed the connection${record.error === undefined ? '' : `: ${record.error}`}`);
        this.#socket.destroy();
        break;
    }
  }

  #control(opcode, payload) {
    if (opcode === Opcode.ping) {
      this.#socket.write(clientFrame(Opcode.pong, payload));
    } else if (opcode === Opcode.close) {
      this.#lost(`the server closed the WebSocket (${payload.length >= 2 ? payload.readUInt16BE(0) : 'no code'})`);
      this.#socket.end();
    }
  }

  #settle(error) {
    const awaiting = this.#awaiting;
    this.#awaiting = null;
    if (error === undefined) {
      awaiting?.resolve();
    } else {
      awaiting?.reject(new Error(error));
    }
  }

  #received(asOfText) {
    const receipt = wallClock();
    if (asOfText === undefined) {
      this.#lost('a pushed snapshot without an asOf in its first bytes');
      this.#socket.destroy();
      return;
    }

    this.received(parseWallTime(asOfText), receipt);
  }

  #lost(reason) {
    this.#awaiting?.reject(new Error(reason));
    this.#awaiting = null;
    this.lost(reason);
  }
}

/**
 * Asks the hub for a WebSocket, with the token in the Authorization header.
 * @returns {Promise<{socket: import('node:net').Socket, head: Buffer}>} the socket and the first bytes after the
 *   server's answer
 */
function upgrade(url, token) {
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': key,
        'sec-websocket-version': '13',
        authorization: `Bearer ${token}`,
      },
    });
    request.on('upgrade', (response, socket, head) => {
      if (response.headers['sec-websocket-accept'] === acceptKey(key)) {
        resolve({ socket, head });
      } else {
        socket.destroy();
        reject(new Error('the hub answered the WebSocket upgrade with the wrong Sec-WebSocket-Accept'));
      }
    });
    request.on('response', response => {
      response.resume();
      reject(new Error(`the hub answered ${response.statusCode} instead of switching to a WebSocket`));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The Sec-WebSocket-Accept a server answers to `key` (RFC 6455, 4.2.2). */
function acceptKey(key) {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}
