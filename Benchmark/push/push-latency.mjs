/**
 * Push latency (spec section 8, issue 4): N hub clients subscribed to one unit, spread over child processes, while one
 * sender posts M reports a second for S seconds; for each report and each client, the time from the report's 202 to
 * the first snapshot the client received that includes it.
 *
 *   node Benchmark/push/push-latency.mjs --url http://127.0.0.1:5000 --unit xihaian --clients 1000 --rate 1000
 *     --seconds 30 --processes 4 --targets targets.json --interval 250
 *
 * `--targets` is a JSON array of {gridId, workerId} to report for, in turn; `--processes` defaults to one per 250
 * clients; `--interval` is the server's push interval, for the targets printed with the progress. Prints one JSON line
 * on stdout: {clients, connected, dropped, reports, accepted, rejected, measured, missing, pushes, p50, p95, p99, max},
 * where measured and missing count reports (every client got one, or some did not within 5 s after the end) and the
 * percentiles, in ms, are over every (report, client) pair. Progress goes to stderr; a broken run exits 1.
 */

import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { measureDelivery, measureLatency } from './latency.mjs';
import { sendReports } from './report-sender.mjs';
import { wallClock } from './wall-clock.mjs';

const clientsPerProcess = 250;
const connectTimeoutMilliseconds = 30_000;
const drainMilliseconds = 5_000;

const children = [];
process.on('SIGINT', () => stopChildren().finally(() => process.exit(130)));
process.on('SIGTERM', () => stopChildren().finally(() => process.exit(143)));

try {
  const options = await readOptions();
  console.log(JSON.stringify(await run(options)));
} catch (error) {
  console.error(`push-latency: ${error.message}`);
  process.exitCode = 1;
} finally {
  await stopChildren();
}

/** Subscribes every client, sends the reports, drains the pushes and computes the figures. */
async function run(options) {
  const { clients, processes } = options;
  progress(`${clients} clients over ${processes} processes subscribe to ${options.unit} at ${options.url}`);
  const connected = await openClients(options);
  progress(`${connected} clients subscribed; sending ${options.rate} reports/s for ${options.seconds} s`);
  broadcast({ type: 'start' });
  const sent = await sendReports(options);
  progress(`${sent.acceptedAt.length} of ${sent.reports} reports accepted in ${(sent.elapsedMilliseconds / 1000).toFixed(1)} s`
    + (sent.rejected > 0 ? `; ${sent.rejected} rejected: ${sent.firstErrors.join(' | ')}` : ''));
  if (sent.acceptedAt.length === 0) {
    throw new Error('no report was accepted');
  }

  const records = await drain(sent.lastAcceptedAt);
  const latency = measureLatency(sent.acceptedAt, records.clients);
  if (latency.pairs === 0) {
    throw new Error('no client received a snapshot that includes a report');
  }

  const result = {
    clients,
    connected,
    dropped: records.dropped,
    reports: sent.reports,
    accepted: sent.acceptedAt.length,
    rejected: sent.rejected,
    measured: latency.measured,
    missing: latency.missing,
    pushes: records.pushes,
    p50: latency.p50,
    p95: latency.p95,
    p99: latency.p99,
    max: latency.max,
  };
  const delivery = measureDelivery(records.clients);
  progress(`from a snapshot's asOf to its receipt: p50 ${delivery.p50} ms, p99 ${delivery.p99} ms, max ${delivery.max} ms`);
  progress(describe(result, options.interval));
  return result;
}

/**
 * Forks the child processes, gives each its share of the clients and waits until all of them are subscribed.
 * @returns {Promise<number>} the clients subscribed
 */
async function openClients({ url, unit, clients, processes }) {
  const childModule = new URL('./hub-clients.mjs', import.meta.url);
  const shares = Array.from({ length: processes }, (_, index) =>
    Math.floor(clients / processes) + (index < clients % processes ? 1 : 0));
  const ready = shares.filter(count => count > 0).map(count => {
    // The child's stdout goes to our stderr: stdout carries the one result line.
    const child = fork(childModule, [], { stdio: ['ignore', 2, 2, 'ipc'], serialization: 'advanced' });
    children.push(child);
    child.send({ type: 'open', url, unit, count });
    return reply(child, 'ready').then(message => message.connected);
  });
  const counts = await withTimeout(Promise.all(ready), connectTimeoutMilliseconds,
    `the ${clients} clients did not all subscribe within ${connectTimeoutMilliseconds / 1000} s`);
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Lets the clients take the snapshots that include the last report, up to 5 s, and collects their records.
 * @returns {Promise<{clients: import('./latency.mjs').ClientPushes[], dropped: number, pushes: number}>}
 */
async function drain(lastAcceptedAt) {
  const deadline = wallClock() + drainMilliseconds;
  const results = children.map(child => reply(child, 'result'));
  broadcast({ type: 'drain', after: lastAcceptedAt, deadline });
  const records = await withTimeout(Promise.all(results), drainMilliseconds + connectTimeoutMilliseconds,
    'the client processes did not hand over their records');
  const dropped = records.reduce((sum, record) => sum + record.dropped, 0);
  // A client process that is busy all the time reads its pushes late: then the latency measures the load generator.
  progress(`client processes busy ${records.map(record => `${Math.round(record.busy * 100)}%`).join(', ')} of the measured time`);
  if (dropped > 0) {
    progress(`${dropped} connections dropped: ${records.flatMap(record => record.firstDrops).slice(0, 3).join(' | ')}`);
  }

  return {
    clients: records.flatMap(record => record.clients),
    dropped,
    pushes: records.reduce((sum, record) => sum + record.pushes, 0),
  };
}

/** The next message of the given type from a child; fails when the child fails or exits first. */
function reply(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = message => {
      if (message.type === type) {
        done();
        resolve(message);
      } else if (message.type === 'failed') {
        done();
        reject(new Error(`a client process failed: ${message.message}`));
      }
    };
    // 'close' rather than 'exit': it comes after the last message, 'exit' may come before it.
    const onClose = code => {
      done();
      reject(new Error(`a client process ended (${code}) before it answered ${type}`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('close', onClose);
    };
    child.on('message', onMessage);
    child.on('close', onClose);
  });
}

function broadcast(message) {
  for (const child of children) {
    child.send(message);
  }
}

/** Ends every child still running and waits for it to exit. */
function stopChildren() {
  return Promise.all(children
    .filter(child => child.exitCode === null && child.signalCode === null)
    .map(child => new Promise(resolve => {
      child.once('exit', resolve);
      child.kill();
    })));
}

async function withTimeout(promise, milliseconds, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The figures against spec section 8's targets, for the human watching. */
function describe(result, interval) {
  const p50Target = interval / 2 + 50;
  const p99Target = interval + 100;
  return `p50 ${result.p50} ms (target <= ${p50Target}), p95 ${result.p95} ms, p99 ${result.p99} ms `
    + `(target <= ${p99Target}), max ${result.max} ms; ${result.pushes} pushes, ${result.missing} reports missing`;
}

function progress(line) {
  console.error(`push-latency: ${line}`);
}

/** Reads and checks the command line and the targets file. */
async function readOptions() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      unit: { type: 'string' },
      clients: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '30' },
      processes: { type: 'string' },
      targets: { type: 'string' },
      interval: { type: 'string', default: '250' },
    },
  });
  for (const required of ['url', 'unit', 'targets']) {
    if (values[required] === undefined) {
      throw new Error(`--${required} is required`);
    }
  }

  const clients = positiveInteger(values, 'clients');
  return {
    url: new URL(values.url).href,
    unit: values.unit,
    clients,
    rate: positiveInteger(values, 'rate'),
    seconds: positiveInteger(values, 'seconds'),
    processes: values.processes === undefined
      ? Math.max(1, Math.ceil(clients / clientsPerProcess))
      : positiveInteger(values, 'processes'),
    targets: await readTargets(values.targets),
    interval: positiveInteger(values, 'interval'),
  };
}

function positiveInteger(values, name) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} must be a whole number of at least 1, not '${values[name]}'`);
  }

  return value;
}

async function readTargets(file) {
  const targets = JSON.parse(await readFile(file, 'utf8'));
  const valid = Array.isArray(targets) && targets.length > 0
    && targets.every(t => typeof t?.gridId === 'string' && typeof t?.workerId === 'string');
  if (!valid) {
    throw new Error(`${file} must be a non-empty JSON array of {gridId, workerId}`);
  }

  return targets;
}
