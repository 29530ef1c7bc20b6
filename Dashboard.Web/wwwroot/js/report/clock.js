/**
 * Ids and times made on the phone at the moment of submitting.
 */

import { locale } from '/js/lang.js';

/**
 * A new id for a report, case or status: the time in base 36 and 96 random bits, 33 characters of the
 * API's id alphabet. Built from `crypto.getRandomValues` because `crypto.randomUUID` needs a secure
 * context and phones reach the server over plain http on the LAN.
 */
export function newId() {
  const random = new Uint8Array(12);
  crypto.getRandomValues(random);
  return `${Date.now().toString(36)}-${Array.from(random, byte => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** ISO 8601 in the phone's local time with its offset, as the API wants: `2026-11-21T11:35:59.123+08:00`. */
export function localIsoTime(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const absolute = Math.abs(offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
    + `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** A short local time for lists: `14:05:09`, with the date when it is not today. */
export function shortTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? time
    : `${date.toLocaleDateString(locale, { month: 'numeric', day: 'numeric' })} ${time}`;
}

function pad(value, width = 2) {
  return String(value).padStart(width, '0');
}
