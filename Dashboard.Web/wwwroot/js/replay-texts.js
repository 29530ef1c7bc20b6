/** The replay's texts in Simplified Chinese and English. */

import { textsFor } from './lang.js';

/** The texts of the current language. */
export const replayText = textsFor({
  zh: {
    band: '回放',
    play: '播放',
    pause: '暂停',
    speed: '速度',
    speedValue: '{0} 倍速',
    scrubber: '回放时间',
    loading: '正在载入回放…',
    notRecorded: '{0} 的日志没有记录事件发生时间（早于本版本的数据），无法回放这一天。',
    busy: '另一个回放正在生成，稍后自动重试…',
    failed: '回放载入失败：{0}',
  },
  en: {
    band: 'Replay',
    play: 'Play',
    pause: 'Pause',
    speed: 'Speed',
    speedValue: '×{0}',
    scrubber: 'Replayed time',
    loading: 'Loading the replay…',
    notRecorded: 'The log holds no event times for {0} (stored before they were kept): this day cannot be replayed.',
    busy: 'Another replay is being built; trying again shortly…',
    failed: 'The replay could not be loaded: {0}',
  },
});
