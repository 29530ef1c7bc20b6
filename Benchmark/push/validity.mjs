/**
 * Whether a push run measured the server (issue 10). A load generator process that is busy most of the time reads
 * its pushes late, so the latency grows with the generator and not with the server; a dropped connection leaves
 * the figures without its share. Either way the figures are not a result.
 */

/**
 * The share of one core, and of the time for the event loop, above which a generator process counts as saturated,
 * unless the run says otherwise.
 */
export const defaultLimit = 0.7;

/**
 * @typedef {object} GeneratorProcess
 * @property {string} name
 * @property {number} cpu the share of one core it used over the measured window
 * @property {number} busy the share of that window its event loop was busy
 */

/**
 * Why the run's figures do not measure the server; none when they do.
 * @param {{processes: GeneratorProcess[], dropped: number, limit: number}} run the generator's processes, the
 *   connections dropped, and the limit
 * @returns {string[]}
 */
export function invalidReasons({ processes, dropped, limit }) {
  const reasons = processes
    .filter(process => isSaturated(process, limit))
    .map(({ name, cpu, busy }) => `${name} saturated: ${percent(cpu)} of a core, busy ${percent(busy)} (limit ${percent(limit)})`);
  if (dropped > 0) {
    reasons.push(`${dropped} connection${dropped === 1 ? '' : 's'} dropped`);
  }

  return reasons;
}

/**
 * Whether a generator process was too busy to read its pushes on time: it used more than `limit` of a core, or, on a
 * machine too full to give it that, its event loop was busy more than `limit` of the time.
 * @param {GeneratorProcess} process
 */
export function isSaturated({ cpu, busy }, limit) {
  return cpu > limit || busy > limit;
}

/** A share of one core as a whole percentage. */
export function percent(share) {
  return `${Math.round(share * 100)}%`;
}
