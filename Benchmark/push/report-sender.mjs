/**
 * The one sender of the push-latency run: posts unique visit reports to POST /api/reports at a steady rate, scheduled
 * by absolute time rather than by the answers, with a bounded number of requests in flight over keep-alive
 * connections, and records the wall-clock time each 202 arrived.
 */

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { wallClock } from './wall-clock.mjs';

/** Enough to keep the rate while the server commits in groups, few enough not to queue up in the server. */
const maxInFlight = 64;

/**
 * @typedef {object} SendOutcome
 * @property {Float64Array} acceptedAt wall-clock ms at which each 202 arrived
 * @property {number} reports reports sent
 * @property {number} rejected reports answered with anything but 202, or not answered
 * @property {string[]} firstErrors what the first few rejections were
 * @property {number} lastAcceptedAt the latest 202, wall-clock ms
 * @property {number} elapsedMilliseconds from the first send to the last answer
 */

/**
 * Sends rate × seconds reports, spread over the targets in turn.
 * @param {{url: string, rate: number, seconds: number, targets: {gridId: string, workerId: string}[]}} options
 * @returns {Promise<SendOutcome>}
 */
export async function sendReports({ url, rate, seconds, targets }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const endpoint = new URL('/api/reports', url);
  const run = randomBytes(4).toString('hex');
  const total = rate * seconds;
  const acceptedAt = new Float64Array(total);
  const outcome = { accepted: 0, rejected: 0, firstErrors: [] };
  const inFlight = new Set();
  const start = wallClock();
  try {
    for (let index = 0; index < total; index++) {
      await waitUntil(start + (index * 1000) / rate);
      while (inFlight.size >= maxInFlight) {
        await Promise.race(inFlight);
      }

      const report = reportBody(`bench-${run}-${index}`, targets[index % targets.length]);
      const request = postReport(agent, endpoint, report)
        .then(at => { acceptedAt[outcome.accepted++] = at; }, error => reject(outcome, error))
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }

    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }

  const accepted = acceptedAt.subarray(0, outcome.accepted);
  return {
    acceptedAt: accepted,
    reports: total,
    rejected: outcome.rejected,
    firstErrors: outcome.firstErrors,
    lastAcceptedAt: accepted.reduce((latest, at) => Math.max(latest, at), -Infinity),
    elapsedMilliseconds: wallClock() - start,
  };
}

/** A valid visit report that happened now. */
function reportBody(id, { gridId, workerId }) {
  return JSON.stringify({ id, gridId, workerId, kind: 'visit', occurredAt: new Date().toISOString() });
}

/**
 * Posts one report.
 * @returns {Promise<number>} the wall-clock time the 202 arrived; rejects on any other answer
 */
function postReport(agent, endpoint, body) {
  return new Promise((resolve, fail) => {
    const request = http.request(endpoint, {
      agent,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, response => {
      const at = wallClock();
      const chunks = [];
      response.on('data', chunk => chunks.push(chunk));
      response.on('end', () => response.statusCode === 202
        ? resolve(at)
        : fail(new Error(`${response.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`)));
      response.on('error', fail);
    });
    request.on('error', fail);
    request.end(body);
  });
}

function reject(outcome, error) {
  outcome.rejected++;
  if (outcome.firstErrors.length < 3) {
    outcome.firstErrors.push(error.message);
  }
}

function waitUntil(wallTime) {
  const wait = wallTime - wallClock();
  return wait > 0 ? new Promise(resolve => setTimeout(resolve, wait)) : Promise.resolve();
}
