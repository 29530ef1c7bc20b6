/**
 * How the push run spreads its connections over the client processes, and its sample of official clients over the
 * connections: evenly, so that no process carries more than its share and the sample is not just the first
 * connections the server sends to.
 */

/**
 * `total` split into `parts` whole shares that differ by at most one, the larger ones first.
 * @returns {number[]}
 */
export function shares(total, parts) {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

/**
 * Whether the connection opened `index`-th of `count` is one of `sample` spread evenly over them.
 * @returns {boolean}
 */
export function isSampled(index, count, sample) {
  const taken = Math.min(sample, count);
  return Math.floor(((index + 1) * taken) / count) > Math.floor((index * taken) / count);
}
