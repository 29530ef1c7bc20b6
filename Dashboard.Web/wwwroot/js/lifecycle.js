/**
 * The case lifecycle as pages offer it (README, Case lifecycle; the server decides and answers 409 otherwise): which
 * actions a case in a state may take. `urge` (督办) leaves the state as it is, on any open case.
 */

const offered = {
  reported: ['dispatch', 'escalate', 'extend', 'urge', 'cancel'],
  dispatched: ['resolve', 'escalate', 'extend', 'urge', 'cancel'],
  resolved: ['close', 'reject', 'urge'],
  closed: [],
  cancelled: [],
};

/** The actions a case may take now, in the order a page shows them; no escalation above the district. */
export function allowedActions(state, handlingLevel) {
  return (offered[state] ?? []).filter(action => action !== 'escalate' || handlingLevel !== 'district');
}

/** The open states: reported, dispatched, resolved. */
export const openStates = ['reported', 'dispatched', 'resolved'];
