/**
 * The replay's clock without the page (issue 13, section 4): the options in the address, where the play head is after
 * some time at some speed, which frame and which feed items a minute shows, and the replayed time as text. The play
 * head is in minutes after the replayed day's local midnight (the server's), so the text never depends on the
 * browser's time zone.
 */

/** The speeds a replay plays at: replayed seconds per second. */
export const speeds = [1, 10, 60, 300, 600];

/** The speed without `?speed=`, or with one not in {@link speeds}: an hour a minute. */
export const defaultSpeed = 60;

/** How many feed items a minute shows: as many as the live feed keeps. */
export const feedLength = 30;

const minuteMilliseconds = 60_000;

/**
 * `?replay=YYYY-MM-DD&speed=N` of an address: the day (null when absent or not a date) and the speed.
 * @param {string} search `location.search`
 * @returns {{ date: string | null, speed: number }}
 */
export function replayOptions(search) {
  const query = new URLSearchParams(search);
  const date = query.get('replay');
  const speed = Number(query.get('speed'));
  return {
    date: date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
    speed: speeds.includes(speed) ? speed : defaultSpeed,
  };
}

/**
 * A same-site address with the replay's `?replay=` and `?speed=` of `search` kept, so a drill-down replays too.
 * @param {string} path the address without them
 * @param {string} search `location.search`
 */
export function withReplay(path, search) {
  const { date, speed } = replayOptions(search);
  if (date === null) {
    return path;
  }
  const url = new URL(path, 'http://wall');
  url.searchParams.set('replay', date);
  url.searchParams.set('speed', String(speed));
  return url.pathname + url.search;
}

/**
 * The play head after `elapsedMilliseconds` of real time at `speed`, stopped at the day's last minute.
 * @param {number} position minutes after midnight, fractional
 * @param {number} elapsedMilliseconds
 * @param {number} speed replayed seconds per second
 * @param {number} minutes how many minutes the day plays (1440, or fewer for today)
 */
export function advance(position, elapsedMilliseconds, speed, minutes) {
  return Math.min(position + (Math.max(0, elapsedMilliseconds) * speed) / minuteMilliseconds, lastMinute(minutes));
}

/** The last minute the play head may stand on. */
export function lastMinute(minutes) {
  return Math.max(0, minutes - 1);
}

/**
 * The wall's snapshot at `minute`: the latest frame at or before it, or the midnight snapshot.
 * @param {{ start: object, frames: { minute: number, snapshot: object }[] }} replay frames in minute order
 * @param {number} minute whole minutes after midnight
 */
export function frameAt(replay, minute) {
  let low = 0;
  let high = replay.frames.length - 1;
  let found = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (replay.frames[middle].minute <= minute) {
      found = replay.frames[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found ? found.snapshot : replay.start;
}

/**
 * The feed at `minute`: the newest {@link feedLength} items that happened by the end of that minute's first instant
 * (as its frame counts them), oldest first.
 * @param {{ at: string }[]} feed the day's items, oldest first
 * @param {string} midnight the replayed day's midnight (ISO 8601)
 * @param {number} minute whole minutes after midnight
 */
export function feedAt(feed, midnight, minute) {
  const until = Date.parse(midnight) + minute * minuteMilliseconds;
  let end = 0;
  while (end < feed.length && Date.parse(feed[end].at) <= until) {
    end++;
  }
  return feed.slice(Math.max(0, end - feedLength), end);
}

/**
 * The replayed time as the band shows it: `2026-03-14 09:05`.
 * @param {string} date YYYY-MM-DD
 * @param {number} position minutes after midnight, fractional
 */
export function clockText(date, position) {
  const minute = Math.floor(position);
  const hours = String(Math.floor(minute / 60)).padStart(2, '0');
  return `${date} ${hours}:${String(minute % 60).padStart(2, '0')}`;
}
