/**
 * Numbers, rates and times as a wall shows them: counts the Chinese way (1.2万, 3.4亿), rates as percentages
 * (96.4%), times in the viewer's local time.
 */

import { language, locale } from './lang.js';

const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const compactEnglish = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });
const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const shortTime = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });

/** A count: `9,876`, `1.2万`, `12.3万`, `1.23亿` (English: `12.3K`, `1.2M`); `—` when missing. */
export function formatCount(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  if (Math.abs(value) < 10000) {
    return plain.format(value);
  }
  if (language === 'en') {
    return compactEnglish.format(value);
  }
  const tenThousands = Number((value / 1e4).toFixed(1));
  if (Math.abs(tenThousands) < 1e4) {
    return `${trimmed(tenThousands, 1)}万`;
  }
  return `${trimmed(value / 1e8, 2)}亿`;
}

/** A rate of 0..1 as a percentage with one decimal: `96.4%`; `—` when null (no case due this month). */
export function formatRate(rate) {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return '—';
  }
  return `${trimmed(rate * 100, 1)}%`;
}

/** A score of 0..100 (综合指标值) with one decimal: `82.5`; `—` when null (no case due this month). */
export function formatScore(score) {
  if (score === null || score === undefined || !Number.isFinite(score)) {
    return '—';
  }
  return trimmed(score, 1);
}

/** An average with at most one decimal: `2.5`, `0`. */
export function formatAverage(value) {
  return trimmed(value, 1);
}

/** `14:03:27` in local time. */
export function formatTime(at) {
  return time.format(at);
}

/** `14:03` in local time. */
export function formatShortTime(at) {
  return shortTime.format(at);
}

/** `2026年11月21日周六` or `Sat 21 November 2026`. */
export function formatDate(at) {
  return date.format(at);
}

/** `11-21` from a local date `2026-11-21`, for chart labels. */
export function formatDay(isoDate) {
  return typeof isoDate === 'string' && isoDate.length >= 10 ? isoDate.slice(5, 10) : '';
}

function trimmed(value, digits) {
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
