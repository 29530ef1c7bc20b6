/**
 * One wall clock, with fractions of a millisecond, for every process of the run: the times of the 202s, the receipts
 * of the pushes and the server's asOf are compared with each other.
 */

/** Now, as milliseconds since the Unix epoch with a sub-millisecond fraction. */
export function wallClock() {
  return performance.timeOrigin + performance.now();
}

/**
 * An ISO 8601 time with any number of fractional digits as milliseconds since the Unix epoch; Date.parse alone drops
 * what lies below a millisecond.
 * @param {string} iso e.g. the server's `2026-11-21T04:31:00.1234567+00:00`
 * @returns {number}
 */
export function parseWallTime(iso) {
  const fraction = /\.\d{3}(\d+)/.exec(iso);
  const belowMillisecond = fraction ? Number(`0.${fraction[1]}`) : 0;
  return Date.parse(iso) + belowMillisecond;
}
