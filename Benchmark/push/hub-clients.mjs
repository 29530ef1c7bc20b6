/**
 * A child process of the push-latency run: holds its share of the hub clients and records, for each client, every
 * pushed snapshot as (receipt time, asOf). It takes orders from the parent over IPC and hands the records over at the
 * end: `open` → `ready`, `start`, `drain` → `result`. It ends itself when the parent goes away.
 */

import { createRequire } from 'node:module';
import { wallClock, parseWallTime } from './wall-clock.mjs';

// The official client, restored by the Dashboard.Web build; no dependency of our own.
const signalR = createRequire(new URL('../../Dashboard.Web/package.json', import.meta.url))('@microsoft/signalr');

/** Connections opened at once: a burst of a thousand handshakes only makes them time out. */
const openingAtOnce = 25;

/** @type {HubClient[]} */
const clients = [];
let pushes = 0;
let busySince = performance.eventLoopUtilization();

process.on('message', message => {
  handle(message).catch(error => send({ type: 'failed', message: error.message }));
});
process.on('disconnect', () => closeAll().finally(() => process.exit(0)));

async function handle(message) {
  switch (message.type) {
    case 'open':
      await openAll(message);
      send({ type: 'ready', connected: clients.length });
      break;
    case 'start':
      pushes = 0;
      busySince = performance.eventLoopUtilization();
      for (const client of clients) {
        client.forget();
      }
      break;
    case 'drain':
      await drain(message);
      break;
  }
}

/** Opens and subscribes `count` clients, a few at a time. */
async function openAll({ url, unit, count }) {
  let next = 0;
  const opener = async () => {
    while (next < count) {
      next++;
      const client = new HubClient(url, unit);
      await client.open();
      clients.push(client);
    }
  };
  await Promise.all(Array.from({ length: Math.min(openingAtOnce, count) }, opener));
}

/**
 * Waits until every client got a snapshot with an asOf not before `after` (the last 202), or until the deadline, then
 * closes the clients and sends their records.
 */
async function drain({ after, deadline }) {
  await new Promise(resolve => {
    const timer = setTimeout(resolve, Math.max(0, deadline - wallClock()));
    const check = () => {
      if (clients.every(client => client.newestAsOf >= after)) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const client of clients) {
      client.onPush = check;
    }
    check();
  });
  await closeAll();
  await send({
    type: 'result',
    clients: clients.map(client => client.records()),
    dropped: clients.filter(client => client.dropped).length,
    firstDrops: clients.filter(client => client.dropped).slice(0, 3).map(client => client.dropReason),
    pushes,
    busy: performance.eventLoopUtilization(busySince).utilization,
  });
  process.disconnect();
}

function closeAll() {
  return Promise.allSettled(clients.map(client => client.close()));
}

/** Sends a message to the parent; resolves once it is written. */
function send(message) {
  return new Promise(resolve => {
    if (!process.connected) {
      resolve();
      return;
    }

    process.send(message, undefined, undefined, () => resolve());
  });
}

/** One subscribed hub client and the snapshots pushed to it. */
class HubClient {
  #connection;
  #unit;
  #receipts = [];
  #asOfs = [];
  #closing = false;
  newestAsOf = -Infinity;
  dropped = false;
  dropReason = '';
  onPush = () => {};

  constructor(url, unit) {
    this.#unit = unit;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL('/hubs/metrics', url).href, { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.#connection.on('metrics', snapshot => this.#received(snapshot));
    this.#connection.on('activity', () => {});
    this.#connection.onclose(error => this.#lost(error));
    this.#connection.onreconnecting(error => this.#lost(error));
  }

  async open() {
    await this.#connection.start();
    await this.#connection.invoke('Subscribe', this.#unit);
  }

  /** Drops what came before the measured window. */
  forget() {
    this.#receipts = [];
    this.#asOfs = [];
  }

  /** @returns {{receipts: Float64Array, asOfs: Float64Array}} */
  records() {
    return { receipts: Float64Array.from(this.#receipts), asOfs: Float64Array.from(this.#asOfs) };
  }

  close() {
    this.#closing = true;
    return this.#connection.stop();
  }

  #received(snapshot) {
    const receipt = wallClock();
    const asOf = parseWallTime(snapshot.asOf);
    this.#receipts.push(receipt);
    this.#asOfs.push(asOf);
    this.newestAsOf = Math.max(this.newestAsOf, asOf);
    pushes++;
    this.onPush();
  }

  #lost(error) {
    if (!this.#closing && !this.dropped) {
      this.dropped = true;
      this.dropReason = error?.message ?? 'closed by the server';
    }
  }
}
