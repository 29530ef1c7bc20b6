/**
 * Push latency (spec section 8, issues 4 and 10): N hub clients subscribed to one unit, spread over child processes,
 * while one sender posts M reports a second for S seconds; for each report and each client, the time from the
 * report's 202 to the first snapshot the client received that includes it. A sample of the clients runs the official
 * client and gives the figures; the others are counting clients, which read each snapshot's asOf without decoding
 * it, so the load generator stays well under its CPU and the figures measure the server.
 *
 *   node Benchmark/push/push-latency.mjs --url http://127.0.0.1:5000 --unit xihaian --clients 1000 --rate 1000
 *     --seconds 30 --processes 4 --sample 50 --targets targets.json --interval 250 --busy-limit 70 --server-pid 1234
 *     --protocol json
 *
 * `--targets` is a JSON array of {gridId, workerId} to report for, in turn; `--processes` defaults to one per 250
 * clients; `--sample` (default 50) is how many clients run the official client; `--interval` is the server's push
 * interval, for the targets printed with the progress; `--busy-limit` (default 70) is the percentage of one core, or
 * of the time for its event loop, above which a generator process counts as saturated; `--server-pid`, when given,
 * has the server's CPU measured too (Linux), and may be given once for each process of a server that runs in several
 * (a cluster's web node and silos); `--protocol` (json, the default, or messagepack) is the hub protocol every
 * client speaks (issue 14).
 *
 * Prints one JSON line on stdout: {protocol, clients, sampled, connected, dropped, reports, accepted, rejected,
 * measured, missing, pushes, p50, p95, p99, max, allP50, allP99, snapshotBytes, clientCpuPerSnapshot,
 * decodePerSnapshot, generator: [{name, cpu, busy, milliseconds, saturated}], serverCpu, serverProcesses: [{pid, cpu}],
 * machineCpu, otherCpu, cores, invalid}. snapshotBytes is the mean size of a pushed snapshot's hub message as the counting clients read it (with
 * its record separator or length prefix, without the WebSocket frame's header); clientCpuPerSnapshot the client
 * processes' CPU time per snapshot they received, in microseconds (mostly counting clients, which do not decode);
 * decodePerSnapshot the official clients' time in their protocol's parseMessages per snapshot, in microseconds
 * (wall-clock time, so it includes waits for a core). Measured and missing count reports (every client got one, or some did not
 * within 5 s after the end); p50 to max, in ms, are over every (report, sampled client) pair, allP50 and allP99 over
 * every client. CPU figures are shares of one core over the sending window, busy the share of it a generator
 * process's event loop was busy; serverCpu (all the server's processes, each in serverProcesses) and otherCpu (the
 * machine's CPU outside the server and the generator) are
 * null when the server's is not measured. Invalid lists why the figures do not measure the server (a saturated
 * generator process, dropped connections), empty for a valid run. Progress goes to stderr; a broken run exits 1, an
 * invalid one 0.
 */

import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { machineCpu, ownLoad, processCpu } from './cpu.mjs';
import { measureDelivery, measureLatency } from './latency.mjs';
import { sendReports } from './report-sender.mjs';
import { shares } from './spread.mjs';
import { defaultLimit, invalidReasons, isSaturated, percent } from './validity.mjs';
import { wallClock } from './wall-clock.mjs';

const clientsPerProcess = 250;
const connectTimeoutMilliseconds = 30_000;
const drainMilliseconds = 5_000;
const protocols = ['json', 'messagepack'];

/** Other work on the machine, as a share of one core, that takes enough from the server to be worth a warning. */
const otherCpuWarning = 0.25;

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
  const { clients, processes, sample } = options;
  progress(`${clients} clients (${sample} on the official client) over ${processes} processes subscribe to ${options.unit} `
    + `at ${options.url} in the ${options.protocol} protocol`);
  const connected = await openClients(options);
  progress(`${connected} clients subscribed; sending ${options.rate} reports/s for ${options.seconds} s`);
  const senderLoad = ownLoad();
  const serverCpu = options.serverPids.map(pid => ({ pid, cpu: processCpu(pid) }));
  const cpuOfMachine = machineCpu();
  broadcast({ type: 'start' });
  const sent = await sendReports(options);
  const serverProcesses = serverCpu.map(({ pid, cpu }) => ({ pid, cpu: cpu() }));
  const cpu = {
    sender: senderLoad(),
    server: serverProcesses.length === 0 || serverProcesses.some(({ cpu }) => cpu === null) ? null : sum(serverProcesses, ({ cpu }) => cpu),
    machine: cpuOfMachine(),
  };
  progress(`${sent.acceptedAt.length} of ${sent.reports} reports accepted in ${(sent.elapsedMilliseconds / 1000).toFixed(1)} s`
    + (sent.rejected > 0 ? `; ${sent.rejected} rejected: ${sent.firstErrors.join(' | ')}` : ''));
  if (sent.acceptedAt.length === 0) {
    throw new Error('no report was accepted');
  }

  const records = await drain(sent.lastAcceptedAt);
  const latency = measureLatency(sent.acceptedAt, records.sampled);
  const everyClient = measureLatency(sent.acceptedAt, [...records.sampled, ...records.counted]);
  if (latency.pairs === 0) {
    throw new Error('no sampled client received a snapshot that includes a report');
  }

  const generator = [
    { name: 'the report sender', ...cpu.sender },
    ...records.loads.map((load, index) => ({ name: `client process ${index + 1}`, ...load })),
  ].map(member => ({ ...member, saturated: isSaturated(member, options.limit) }));
  const result = {
    protocol: options.protocol,
    clients,
    sampled: records.sampled.length,
    connected,
    dropped: records.dropped,
    reports: sent.reports,
    accepted: sent.acceptedAt.length,
    rejected: sent.rejected,
    measured: everyClient.measured,
    missing: everyClient.missing,
    pushes: records.pushes,
    p50: latency.p50,
    p95: latency.p95,
    p99: latency.p99,
    max: latency.max,
    allP50: everyClient.p50,
    allP99: everyClient.p99,
    snapshotBytes: round(records.snapshotBytes / records.countedSnapshots),
    clientCpuPerSnapshot: round((sum(records.loads, load => load.milliseconds) * 1000) / sum(records.loads, load => load.pushes)),
    decodePerSnapshot: round((records.decoding.milliseconds * 1000) / records.decoding.snapshots),
    generator,
    serverCpu: cpu.server,
    serverProcesses,
    machineCpu: cpu.machine,
    otherCpu: cpu.server === null ? null : Math.max(0, cpu.machine - cpu.server - generator.reduce((sum, { cpu }) => sum + cpu, 0)),
    cores: os.cpus().length,
    invalid: invalidReasons({ processes: generator, dropped: records.dropped, limit: options.limit }),
  };
  const delivery = measureDelivery(records.sampled);
  progress(`from a snapshot's asOf to its receipt by a sampled client: p50 ${delivery.p50} ms, p99 ${delivery.p99} ms, max ${delivery.max} ms`);
  progress(`every client: p50 ${everyClient.p50} ms, p99 ${everyClient.p99} ms; ${records.activity} activity batches`);
  progress(`${options.protocol}: a snapshot's message ${result.snapshotBytes} bytes; client processes ${result.clientCpuPerSnapshot} µs `
    + `of CPU per snapshot received; an official client ${result.decodePerSnapshot} µs decoding one`);
  progress(describeCpu(result));
  progress(describe(result, options.interval));
  if (result.otherCpu > otherCpuWarning) {
    progress(`WARNING: other processes used ${percent(result.otherCpu)} of a core: the server shared the machine`);
  }

  if (result.invalid.length > 0) {
    progress(`INVALID: these figures do not measure the server: ${result.invalid.join('; ')}`);
  }

  return result;
}

/**
 * Forks the child processes, gives each its share of the clients and waits until all of them are subscribed.
 * @returns {Promise<number>} the clients subscribed
 */
async function openClients({ url, unit, clients, processes, sample, protocol }) {
  const childModule = new URL('./hub-clients.mjs', import.meta.url);
  const samples = shares(sample, processes);
  const ready = shares(clients, processes).filter(count => count > 0).map((count, index) => {
    // The child's stdout goes to our stderr: stdout carries the one result line.
    const child = fork(childModule, [], { stdio: ['ignore', 2, 2, 'ipc'], serialization: 'advanced' });
    children.push(child);
    child.send({ type: 'open', url, unit, count, sample: samples[index], protocol });
    return reply(child, 'ready').then(message => message.connected);
  });
  const counts = await withTimeout(Promise.all(ready), connectTimeoutMilliseconds,
    `the ${clients} clients did not all subscribe within ${connectTimeoutMilliseconds / 1000} s`);
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Lets the clients take the snapshots that include the last report, up to 5 s, and collects their records.
 * @returns {Promise<{sampled: import('./latency.mjs').ClientPushes[], counted: import('./latency.mjs').ClientPushes[],
 *   dropped: number, pushes: number, activity: number, countedSnapshots: number, snapshotBytes: number,
 *   decoding: {milliseconds: number, snapshots: number}, loads: {cpu: number, busy: number, milliseconds: number,
 *   pushes: number}[]}>} loads: each client process's share of one core, of the time its event loop was busy, its CPU
 *   time and the snapshots it received until the drain
 */
async function drain(lastAcceptedAt) {
  const deadline = wallClock() + drainMilliseconds;
  const results = children.map(child => reply(child, 'result'));
  broadcast({ type: 'drain', after: lastAcceptedAt, deadline });
  const records = await withTimeout(Promise.all(results), drainMilliseconds + connectTimeoutMilliseconds,
    'the client processes did not hand over their records');
  const dropped = records.reduce((sum, record) => sum + record.dropped, 0);
  if (dropped > 0) {
    progress(`${dropped} connections dropped: ${records.flatMap(record => record.firstDrops).slice(0, 3).join(' | ')}`);
  }

  return {
    sampled: records.flatMap(record => record.sampled),
    counted: records.flatMap(record => record.counted),
    dropped,
    pushes: records.reduce((sum, record) => sum + record.pushes, 0),
    activity: records.reduce((sum, record) => sum + record.activity, 0),
    countedSnapshots: sum(records, record => record.countedSnapshots),
    snapshotBytes: sum(records, record => record.snapshotBytes),
    decoding: {
      milliseconds: sum(records, record => record.decoding.milliseconds),
      snapshots: sum(records, record => record.decoding.snapshots),
    },
    loads: records.map(record => record.load),
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

/** The CPU each side used while the reports went out: a generator process busy near all the time reads its pushes late. */
function describeCpu({ generator, serverCpu, serverProcesses, machineCpu, otherCpu, cores }) {
  const processes = generator.map(({ name, cpu, busy }) => `${name} ${percent(cpu)} (busy ${percent(busy)})`).join(', ');
  const total = generator.reduce((sum, { cpu }) => sum + cpu, 0);
  const each = serverCpu === null || serverProcesses.length < 2
    ? ''
    : ` (${serverProcesses.map(({ pid, cpu }) => `pid ${pid} ${percent(cpu)}`).join(', ')})`;
  return `CPU, as a share of one core: ${processes} (generator ${percent(total)} in all); server `
    + `${serverCpu === null ? 'not measured' : percent(serverCpu)}${each}; machine ${percent(machineCpu)} of ${cores * 100}%`
    + (otherCpu === null ? '' : `, of which ${percent(otherCpu)} other processes`);
}

function sum(items, value) {
  return items.reduce((total, item) => total + value(item), 0);
}

/** A figure to one decimal, or null when there was nothing to divide. */
function round(value) {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : null;
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
      sample: { type: 'string', default: '50' },
      targets: { type: 'string' },
      interval: { type: 'string', default: '250' },
      'busy-limit': { type: 'string', default: String(defaultLimit * 100) },
      'server-pid': { type: 'string', multiple: true, default: [] },
      protocol: { type: 'string', default: 'json' },
    },
  });
  for (const required of ['url', 'unit', 'targets']) {
    if (values[required] === undefined) {
      throw new Error(`--${required} is required`);
    }
  }

  if (!protocols.includes(values.protocol)) {
    throw new Error(`--protocol must be ${protocols.join(' or ')}, not '${values.protocol}'`);
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
    sample: Math.min(positiveInteger(values, 'sample'), clients),
    targets: await readTargets(values.targets),
    interval: positiveInteger(values, 'interval'),
    limit: positiveInteger(values, 'busy-limit') / 100,
    serverPids: values['server-pid'].map(pid => positiveInteger({ 'server-pid': pid }, 'server-pid')),
    protocol: values.protocol,
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
