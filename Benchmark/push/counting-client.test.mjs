/** Run with `node --test Benchmark/push/`; needs Dashboard.Web's npm packages (its build restores them). */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { CountingClient } from './counting-client.mjs';
import { parseWallTime } from './wall-clock.mjs';

// A WebSocket server to play the hub: ws, which the official client brings along.
const dashboard = createRequire(new URL('../../Dashboard.Web/package.json', import.meta.url));
const { Server } = createRequire(dashboard.resolve('@microsoft/signalr'))('ws');

const separator = '\u001e';
const asOf = '2026-11-21T04:31:00.1234567+00:00';

/**
 * A hub that answers the handshake and Subscribe, then does `afterSubscribe(socket)`.
 * @returns {Promise<{url: string, headers: Promise<object>, close: () => Promise<void>}>}
 */
async function fakeHub({ subscribeError, afterSubscribe = () => {} }) {
  const server = new Server({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const headers = new Promise(resolve => {
    server.on('connection', (socket, request) => {
      resolve(request.headers);
      socket.on('message', text => {
        const message = JSON.parse(text.slice(0, -1));
        if (message.protocol === 'json') {
          socket.send(`{}${separator}`);
        } else if (message.target === 'Subscribe') {
          socket.send(JSON.stringify(subscribeError === undefined
            ? { type: 3, invocationId: message.invocationId, result: { unitId: message.arguments[0] } }
            : { type: 3, invocationId: message.invocationId, error: subscribeError }) + separator);
          afterSubscribe(socket);
        }
      });
    });
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    headers,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

function metrics(version) {
  return JSON.stringify({ type: 1, target: 'Metrics', arguments: [{ unitId: 'xihaian', name: '西海岸新区', level: 'district', version, asOf }] })
    + separator;
}

/** Resolves once `done()` holds after a push, or fails after two seconds. */
function pushed(client, done) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${client.pushes} pushes arrived`)), 2_000);
    client.onPush = () => {
      if (done()) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
}

test('a counting client subscribes with the bearer token and records each pushed snapshot', async () => {
  const hub = await fakeHub({
    afterSubscribe: socket => {
      socket.send(metrics(1) + JSON.stringify({ type: 1, target: 'activity', arguments: [[]] }) + separator);
      socket.send(metrics(2));
    },
  });
  const client = new CountingClient(hub.url, 'secret-token', 'xihaian');
  try {
    const twoPushes = pushed(client, () => client.pushes === 2);
    await client.open();
    await twoPushes;

    assert.equal((await hub.headers).authorization, 'Bearer secret-token');
    assert.deepEqual(Array.from(client.records().asOfs), [parseWallTime(asOf), parseWallTime(asOf)]);
    assert.equal(client.activity, 1);
    assert.equal(client.newestAsOf, parseWallTime(asOf));
    assert.equal(client.dropped, false);
  } finally {
    await client.close();
    await hub.close();
  }
});

test('a refused subscription fails the open with the server\'s message', async () => {
  const hub = await fakeHub({ subscribeError: '无权订阅该单位。' });
  const client = new CountingClient(hub.url, 'secret-token', 'elsewhere');
  try {
    await assert.rejects(client.open(), /无权订阅该单位/);
  } finally {
    await client.close();
    await hub.close();
  }
});

test('a connection the server closes counts as dropped, with its reason', async () => {
  let clientLeft;
  const left = new Promise(resolve => {
    clientLeft = resolve;
  });
  const hub = await fakeHub({
    afterSubscribe: socket => {
      socket.on('close', clientLeft);
      socket.send(JSON.stringify({ type: 7, error: 'Server is shutting down.' }) + separator);
    },
  });
  const client = new CountingClient(hub.url, 'secret-token', 'xihaian');
  try {
    await client.open();
    await left;

    assert.equal(client.dropped, true);
    assert.match(client.dropReason, /Server is shutting down/);
  } finally {
    await client.close();
    await hub.close();
  }
});
