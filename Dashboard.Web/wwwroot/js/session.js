/**
 * Who the wall is signed in as (`GET /api/me`, with the browser's cookie: a display link's or a leader's sign-in),
 * and whether that sign-in still holds. A revoked display link or an ended session answers 401, and nothing the wall
 * retries will change that.
 */

/**
 * @typedef {{id: string, name: string, role: string, unitId: string|null, workerId: string|null}} SignedInUser
 * @typedef {{outcome: 'signedIn', user: SignedInUser} | {outcome: 'denied', status: number} | {outcome: 'unreachable'}} SessionCheck
 */

/** @returns {Promise<SessionCheck>} `unreachable` when the server cannot tell (offline, restarting, a 5xx) */
export async function checkSession() {
  try {
    const response = await fetch('/api/me', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (response.status === 401 || response.status === 403) {
      return { outcome: 'denied', status: response.status };
    }
    return response.ok ? { outcome: 'signedIn', user: await response.json() } : { outcome: 'unreachable' };
  } catch {
    return { outcome: 'unreachable' };
  }
}

/** The sign-in page, coming back to the current address afterwards. */
export function signInAddress() {
  return `/signin?returnUrl=${encodeURIComponent(location.pathname + location.search)}`;
}
