/**
 * A child process of the push-latency run: holds its share of the hub connections, a sample of them on the official
 * client and the rest on counting clients, and records for each every pushed snapshot as (receipt time, asOf). It
 * takes orders from the parent over IPC and hands the records over at the end: `open` → `ready`, `start`, `drain` →
 * `result`, which says how much of a core the process used from `start` to `drain`, how busy its event loop was and
 * how many snapshots arrived meanwhile, with the bytes the counting clients saw and the time the official ones spent
 * decoding (issue 14). It ends itself when the parent goes away.
 */

import { CountingClient } from './counting-client.mjs';
import { ownLoad } from './cpu.mjs';
import { OfficialClient } from './official-client.mjs';
import { isSampled } from './spread.mjs';
import { bearerToken } from './token.mjs';
import { wallClock } from './wall-clock.mjs';

/** Connections opened at once: a burst of a thousand handshakes only makes them time out. */
const openingAtOnce = 25;

/** The server closes a connection that sends nothing for 30 s; the official client pings every 15 s, and so do we. */
const pingMilliseconds = 15_000;

/** @type {{client: OfficialClient | CountingClient, sampled: boolean}[]} */
const connections = [];
let loadSinceStart = ownLoad();
let load = { cpu: 0, busy: 0, milliseconds: 0, pushes: 0 };

process.on('message', message => {
  handle(message).catch(error => send({ type: 'failed', message: error.message }));
});
process.on('disconnect', () => closeAll().finally(() => process.exit(0)));
setInterval(() => connections.forEach(({ client }) => client.ping()), pingMilliseconds).unref();

async function handle(message) {
  switch (message.type) {
    case 'open':
      await openAll(message);
      send({ type: 'ready', connected: connections.length });
      break;
    case 'start':
      loadSinceStart = ownLoad();
      for (const { client } of connections) {
        client.forget();
      }

      break;
    case 'drain':
      load = { ...loadSinceStart(), pushes: connections.reduce((sum, { client }) => sum + client.pushes, 0) };
      await drain(message);
      break;
  }
}

/** Opens and subscribes `count` connections, `sample` of them official clients spread among them, a few at a time. */
async function openAll({ url, unit, count, sample, protocol }) {
  const token = bearerToken();
  let next = 0;
  const opener = async () => {
    while (next < count) {
      const sampled = isSampled(next++, count, sample);
      const client = sampled ? new OfficialClient(url, token, unit, protocol) : new CountingClient(url, token, unit, protocol);
      await client.open();
      connections.push({ client, sampled });
    }
  };
  await Promise.all(Array.from({ length: Math.min(openingAtOnce, count) }, opener));
}

/**
 * Waits until every connection got a snapshot with an asOf not before `after` (the last 202), or until the deadline,
 * then closes the connections and sends their records.
 */
async function drain({ after, deadline }) {
  await new Promise(resolve => {
    const timer = setTimeout(resolve, Math.max(0, deadline - wallClock()));
    let behind = 0;
    const caughtUp = () => {
      if (--behind === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const { client } of connections) {
      if (client.newestAsOf < after) {
        behind++;
        client.onPush = () => {
          if (client.newestAsOf >= after) {
            client.onPush = () => {};
            caughtUp();
          }
        };
      }
    }

    if (behind === 0) {
      clearTimeout(timer);
      resolve();
    }
  });
  await closeAll();
  const clients = connections.map(({ client }) => client);
  const dropped = clients.filter(client => client.dropped);
  const sampled = connections.filter(({ sampled }) => sampled).map(({ client }) => client);
  const counted = connections.filter(({ sampled }) => !sampled).map(({ client }) => client);
  await send({
    type: 'result',
    sampled: sampled.map(client => client.records()),
    counted: counted.map(client => client.records()),
    dropped: dropped.length,
    firstDrops: dropped.slice(0, 3).map(client => client.dropReason),
    pushes: clients.reduce((sum, client) => sum + client.pushes, 0),
    activity: clients.reduce((sum, client) => sum + client.activity, 0),
    countedSnapshots: counted.reduce((sum, client) => sum + client.pushes, 0),
    snapshotBytes: counted.reduce((sum, client) => sum + client.snapshotBytes, 0),
    decoding: sampled.reduce((sum, { decoding }) => ({
      milliseconds: sum.milliseconds + decoding.milliseconds,
      snapshots: sum.snapshots + decoding.snapshots,
    }), { milliseconds: 0, snapshots: 0 }),
    load,
  });
  process.disconnect();
}

function closeAll() {
  return Promise.allSettled(connections.map(({ client }) => client.close()));
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
