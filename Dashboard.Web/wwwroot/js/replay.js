/**
 * The wall's replay mode (`?replay=YYYY-MM-DD&speed=N`, issue 13, section 4): instead of the hub, it loads the day of
 * the shown unit (`GET /api/units/{id}/replay`) and hands the wall the snapshot and the feed of each replayed minute,
 * which it draws with its live code. A band says 回放 and the replayed time; play/pause (the space key too), a
 * scrubber over the day and a speed select drive it. It has the shape of the live link (`show`, `deny`), so the wall
 * switches units the same way in both modes.
 */

import { element } from './dom.js';
import { withLanguage } from './lang.js';
import { advance, clockText, feedAt, frameAt, lastMinute, speeds } from './replay-clock.js';
import { replayText } from './replay-texts.js';
import { fill } from './texts.js';

const tickMilliseconds = 200;
const busyRetryMilliseconds = 5000;

/**
 * @typedef {object} ReplayHandlers
 * @property {(snapshot: object) => void} frame the snapshot of the replayed minute
 * @property {(items: object[]) => void} feed the feed of the replayed minute, replacing the one shown
 * @property {(state: string) => void} state `'replay'` once a day is loaded
 * @property {(message: string) => void} message something to say above the tiles (a day not recorded, a failure)
 * @property {(unitId: string, message: string) => void} refused the server refused the unit (unknown, out of scope)
 * @property {(status: number) => void} denied the wall's sign-in no longer holds
 */

/**
 * Builds the band and its controls, and plays the day of whichever unit is shown.
 * @param {{ date: string, speed: number }} options
 * @param {ReplayHandlers} handlers
 * @returns {{ show: (unitId: string) => void, deny: (status: number) => void }}
 */
export function openReplay(options, handlers) {
  const controls = createBand(options);
  let replay = null;
  let unitId = null;
  let position = 0;
  let shownMinute = -1;
  let playing = true;
  let speed = options.speed;
  let lastTick = performance.now();

  controls.play.addEventListener('click', toggle);
  controls.speed.addEventListener('change', () => {
    speed = Number(controls.speed.value);
    document.body.dataset.replaySpeed = String(speed);
  });
  controls.scrubber.addEventListener('input', () => seek(Number(controls.scrubber.value)));
  document.addEventListener('keydown', event => {
    if (event.key === ' ' && !['BUTTON', 'SELECT', 'TEXTAREA'].includes(event.target?.tagName)) {
      event.preventDefault();
      toggle();
    }
  });
  setInterval(tick, tickMilliseconds);
  showPlaying();

  function tick() {
    const now = performance.now();
    const elapsed = now - lastTick;
    lastTick = now;
    if (!replay || !playing) {
      return;
    }
    position = advance(position, elapsed, speed, replay.minutes);
    if (position >= lastMinute(replay.minutes)) {
      playing = false;
      showPlaying();
    }
    render();
  }

  function toggle() {
    if (replay && !playing && position >= lastMinute(replay.minutes)) {
      position = 0;
    }
    playing = !playing;
    lastTick = performance.now();
    showPlaying();
  }

  function seek(minute) {
    position = replay ? Math.min(Math.max(0, minute), lastMinute(replay.minutes)) : minute;
    render();
  }

  function render() {
    controls.time.textContent = clockText(options.date, position);
    const minute = Math.floor(position);
    document.body.dataset.replayMinute = String(minute);
    if (!replay || minute === shownMinute) {
      return;
    }
    shownMinute = minute;
    controls.scrubber.value = String(minute);
    // Updated at the replayed minute, as the live wall's time says when its numbers were true.
    handlers.frame({ ...frameAt(replay, minute), asOf: new Date(Date.parse(replay.midnight) + minute * 60_000).toISOString() });
    handlers.feed(feedAt(replay.feed, replay.midnight, minute));
  }

  function showPlaying() {
    controls.play.textContent = playing ? replayText.pause : replayText.play;
    controls.play.setAttribute('aria-pressed', String(playing));
    document.body.dataset.replayPlaying = String(playing);
  }

  async function load(wanted) {
    controls.note.textContent = replayText.loading;
    try {
      const response = await fetch(`/api/units/${encodeURIComponent(wanted)}/replay?date=${options.date}`, { headers: { Accept: 'application/json' } });
      if (wanted !== unitId) {
        return;
      }
      if (response.status === 401) {
        handlers.denied(response.status);
        return;
      }
      if (response.status === 503) {
        controls.note.textContent = replayText.busy;
        setTimeout(() => wanted === unitId && load(wanted), busyRetryMilliseconds);
        return;
      }
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        const detail = problem.errors?.date?.[0] ?? problem.detail ?? String(response.status);
        controls.note.textContent = '';
        if (response.status === 403 || response.status === 404) {
          handlers.refused(wanted, detail);
        } else {
          handlers.message(fill(replayText.failed, detail));
        }
        return;
      }
      const day = await response.json();
      if (wanted !== unitId) {
        // Another unit was asked for while this day was read.
        return;
      }
      controls.note.textContent = '';
      // A day without event times is not a quiet day: it is said, the numbers greyed and the play stopped.
      document.body.classList.toggle('replay-unrecorded', !day.recorded);
      if (!day.recorded) {
        handlers.message(fill(replayText.notRecorded, options.date));
        playing = false;
        showPlaying();
      }
      replay = { ...day, frames: day.frames ?? [], feed: day.feed ?? [] };
      controls.scrubber.max = String(lastMinute(day.minutes));
      shownMinute = -1;
      seek(position);
      handlers.state('replay');
    } catch (error) {
      controls.note.textContent = fill(replayText.failed, error.message);
    }
  }

  return {
    show(wanted) {
      unitId = wanted;
      replay = null;
      load(wanted);
    },
    deny(status) {
      handlers.denied(status);
    },
  };
}

/** The band under the header: 回放 and the replayed time, play/pause, the scrubber and the speed. */
function createBand(options) {
  const band = element('section', 'replay-band');
  band.id = 'replay';
  band.setAttribute('aria-label', replayText.band);
  const label = element('strong', 'replay-label', replayText.band);
  const time = element('span', 'replay-time', clockText(options.date, 0));
  time.id = 'replay-time';
  time.setAttribute('role', 'timer');
  const play = element('button', 'replay-play');
  play.id = 'replay-play';
  play.type = 'button';
  const scrubber = element('input', 'replay-scrubber');
  scrubber.id = 'replay-scrubber';
  scrubber.type = 'range';
  scrubber.min = '0';
  scrubber.max = '1439';
  scrubber.step = '1';
  scrubber.value = '0';
  scrubber.setAttribute('aria-label', replayText.scrubber);
  const speed = element('select', 'replay-speed');
  speed.id = 'replay-speed';
  speed.setAttribute('aria-label', replayText.speed);
  for (const value of speeds) {
    const option = element('option', '', fill(replayText.speedValue, value));
    option.value = String(value);
    option.selected = value === options.speed;
    speed.append(option);
  }
  const note = element('span', 'replay-note');
  note.id = 'replay-note';
  const live = element('a', 'replay-live', '×');
  live.href = withLanguage(location.pathname);
  live.setAttribute('aria-label', 'live');
  band.append(label, time, play, scrubber, speed, note, live);
  document.querySelector('.wall-header').after(band);
  document.body.classList.add('replaying');
  document.body.dataset.replaySpeed = String(options.speed);
  return { time, play, scrubber, speed, note };
}
