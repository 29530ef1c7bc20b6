/**
 * Push latency from what the run recorded: the wall-clock times of the 202s, and per client the pushed snapshots as
 * (receipt time, asOf). A snapshot includes a report when its asOf is not before the report's 202: the server applies
 * a report to every unit up the tree before it answers, so this is conservative by at most the 202's travel time.
 */

/** Latencies are counted in buckets of 0.1 ms, the precision of the figures printed. */
const bucketsPerMillisecond = 10;

/**
 * @typedef {object} ClientPushes
 * @property {Float64Array} receipts wall-clock ms at which the client got each pushed snapshot, in order of arrival
 * @property {Float64Array} asOfs the asOf of each of those snapshots, as wall-clock ms
 */

/**
 * @typedef {object} LatencyFigures
 * @property {number} measured reports that every client got in a snapshot that includes them
 * @property {number} missing reports that some client did not get in such a snapshot
 * @property {number} pairs (report, client) pairs with a latency
 * @property {number|null} p50 ms, one decimal; null without pairs
 * @property {number|null} p95
 * @property {number|null} p99
 * @property {number|null} max
 */

/**
 * For each report and each client, the time from the report's 202 to the first snapshot the client received that
 * includes it; a merge over the sorted 202 times and each client's pushes.
 * @param {Float64Array} acceptedAt wall-clock ms of each 202
 * @param {ClientPushes[]} clients
 * @returns {LatencyFigures}
 */
export function measureLatency(acceptedAt, clients) {
  const sorted = Float64Array.from(acceptedAt).sort();
  const histogram = new LatencyHistogram();
  let measured = sorted.length;
  for (const client of clients) {
    measured = Math.min(measured, mergeClient(sorted, client, histogram));
  }

  return {
    measured,
    missing: sorted.length - measured,
    pairs: histogram.count,
    ...histogram.figures(),
  };
}

/**
 * How long the pushed snapshots took from being built (asOf) to being read by a client: the part of the latency after
 * the server's push schedule, which grows without bound when the clients cannot keep up.
 * @param {ClientPushes[]} clients
 * @returns {{p50: number|null, p95: number|null, p99: number|null, max: number|null}}
 */
export function measureDelivery(clients) {
  const histogram = new LatencyHistogram();
  for (const { receipts, asOfs } of clients) {
    for (let push = 0; push < receipts.length; push++) {
      histogram.add(receipts[push] - asOfs[push]);
    }
  }

  return histogram.figures();
}

/**
 * Adds one client's latencies to the histogram.
 * @returns {number} how many of the sorted reports the client got: the ones it missed are always the last ones,
 *   since a snapshot that includes a report includes every earlier one
 */
function mergeClient(sorted, { receipts, asOfs }, histogram) {
  let push = 0;
  let newest = -Infinity;
  for (let report = 0; report < sorted.length; report++) {
    // The newest asOf so far, so that one out-of-order snapshot cannot hide a later one that includes the report.
    while (push < receipts.length && Math.max(newest, asOfs[push]) < sorted[report]) {
      newest = Math.max(newest, asOfs[push]);
      push++;
    }

    if (push === receipts.length) {
      return report;
    }

    histogram.add(receipts[push] - sorted[report]);
  }

  return sorted.length;
}

/** Counts latencies in 0.1 ms buckets, growing as needed; the maximum is kept exactly. */
class LatencyHistogram {
  #buckets = new Float64Array(64 * 1024);
  #max = 0;
  count = 0;

  /** @param {number} milliseconds */
  add(milliseconds) {
    // Two processes' clocks may differ by a fraction of a millisecond: a snapshot never arrives before its asOf.
    const latency = Math.max(0, milliseconds);
    const bucket = Math.round(latency * bucketsPerMillisecond);
    if (bucket >= this.#buckets.length) {
      this.#grow(bucket + 1);
    }

    this.#buckets[bucket]++;
    this.#max = Math.max(this.#max, latency);
    this.count++;
  }

  /** @returns {{p50: number|null, p95: number|null, p99: number|null, max: number|null}} */
  figures() {
    if (this.count === 0) {
      return { p50: null, p95: null, p99: null, max: null };
    }

    return {
      p50: this.#percentile(0.5),
      p95: this.#percentile(0.95),
      p99: this.#percentile(0.99),
      max: Math.round(this.#max * bucketsPerMillisecond) / bucketsPerMillisecond,
    };
  }

  /** The nearest-rank percentile. */
  #percentile(fraction) {
    const rank = Math.max(1, Math.ceil(fraction * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < this.#buckets.length; bucket++) {
      seen += this.#buckets[bucket];
      if (seen >= rank) {
        return bucket / bucketsPerMillisecond;
      }
    }

    return this.#max;
  }

  #grow(size) {
    const grown = new Float64Array(Math.max(size, this.#buckets.length * 2));
    grown.set(this.#buckets);
    this.#buckets = grown;
  }
}
