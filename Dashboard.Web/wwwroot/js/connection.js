/**
 * The wall's SignalR connection to /hubs/metrics, authenticated by the browser's cookie: starts and reconnects with
 * backoff (the very first start too), keeps one unit subscribed and subscribes again after every reconnect, so what
 * the wall shows is redrawn from a fresh snapshot. It gives up only when the server says the wall's sign-in no
 * longer holds (a revoked display link closes the connection at once; every retry asks). `signalR` is the global of
 * /lib/signalr/signalr.min.js, and `signalR.protocols.msgpack` that of /lib/signalr/signalr-protocol-msgpack.min.js.
 * Every 10 s it sends the hub a heartbeat with the time of the last push received, for the operators' list of walls.
 * The hub protocol is JSON; `?protocol=messagepack` asks for MessagePack, which carries the same documents. Measured in
 * the push benchmark (issue 14, README's Performance), MessagePack's snapshots are a quarter smaller but take about a
 * third longer to decode, and a wall receives a few tens of kilobytes a second either way.
 */

import { retryDelay } from './retry.js';
import { checkSession } from './session.js';

const hubUrl = '/hubs/metrics';

/** How often a connected wall tells the server it is alive, and when it last received a push (issue 13, section 3). */
export const heartbeatMilliseconds = 10_000;

/**
 * @typedef {object} LinkHandlers
 * @property {(unitId: string) => void} subscribing a (re)subscribe is about to be asked for: forget the version shown,
 *   since a restarted server counts versions from the start again
 * @property {(snapshot: object) => void} snapshot the result of a (re)subscribe
 * @property {(snapshot: object) => void} metrics a pushed snapshot of a subscribed unit
 * @property {(items: object[]) => void} activity a pushed batch of feed items, oldest first
 * @property {(banners: object[]) => void} [banners] the active banners of the subscribed unit, the whole list
 * @property {(delayMilliseconds: number) => void} [reload] an operator's order to reload the page after that delay
 * @property {(unitId: string) => void} subscribed a (re)subscribe succeeded: time to refill the feed
 * @property {(state: 'connecting'|'online'|'offline') => void} state the connection's state
 * @property {(unitId: string, message: string) => void} refused the hub refused to subscribe (an unknown unit, or one
 *   out of the wall's scope)
 * @property {(status: number) => void} denied the wall's sign-in no longer holds (401, 403): the link has stopped
 */

/**
 * Opens the connection and keeps it open for the life of the page.
 * @param {LinkHandlers} handlers
 * @returns {{ show: (unitId: string) => void, deny: (status: number) => void }} `show` switches the subscription to
 *   another unit
 */
export function openLink(handlers) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl)
    .withHubProtocol(hubProtocol(new URLSearchParams(location.search).get('protocol')))
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: context => {
        checkAccess();
        return retryDelay(context.previousRetryCount);
      },
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  let wanted = null;
  let subscribed = null;
  let everConnected = false;
  let denied = false;

  // When the last push arrived (ms since 1970, this machine's clock): the heartbeat carries it to the operators.
  let lastPushAt = null;
  const received = handle => (...args) => {
    lastPushAt = Date.now();
    handle(...args);
  };
  connection.on('metrics', received(snapshot => handlers.metrics(snapshot)));
  connection.on('activity', received(items => handlers.activity(Array.isArray(items) ? items : [])));
  connection.on('banners', received(banners => handlers.banners?.(Array.isArray(banners) ? banners : [])));
  connection.on('reload', delay => handlers.reload?.(Number(delay) || 0));
  setInterval(() => {
    if (connection.state === signalR.HubConnectionState.Connected) {
      connection.invoke('Heartbeat', lastPushAt).catch(() => {});
    }
  }, heartbeatMilliseconds);
  connection.onreconnecting(() => {
    subscribed = null;
    handlers.state('offline');
  });
  connection.onreconnected(() => connected());
  // Automatic reconnect never gives up with this policy, but a server that closes the connection on purpose
  // (a graceful shutdown) ends it without a retry: start again.
  connection.onclose(() => {
    subscribed = null;
    if (denied) {
      return;
    }
    handlers.state(everConnected ? 'offline' : 'connecting');
    start(0);
  });

  function connected() {
    everConnected = true;
    handlers.state('online');
    if (wanted !== null) {
      subscribe(wanted);
    }
  }

  async function start(attempt) {
    if (denied) {
      return;
    }
    try {
      await connection.start();
      connected();
    } catch {
      if (connection.state === signalR.HubConnectionState.Disconnected && !await checkAccess()) {
        setTimeout(() => start(attempt + 1), retryDelay(attempt));
      }
    }
  }

  /** Asks whether the wall is still signed in; once it is not, stops for good and says so. True when it is not. */
  async function checkAccess() {
    if (!denied) {
      const session = await checkSession();
      if (session.outcome === 'denied') {
        deny(session.status);
      }
    }
    return denied;
  }

  function deny(status) {
    if (!denied) {
      denied = true;
      subscribed = null;
      handlers.denied(status);
      connection.stop().catch(() => {});
    }
  }

  async function subscribe(unitId) {
    const previous = subscribed;
    subscribed = unitId;
    if (previous !== null && previous !== unitId) {
      connection.invoke('Unsubscribe', previous).catch(() => {});
    }
    try {
      handlers.subscribing(unitId);
      const snapshot = await connection.invoke('Subscribe', unitId);
      if (wanted === unitId && snapshot) {
        handlers.snapshot(snapshot);
        handlers.subscribed(unitId);
      }
    } catch (error) {
      if (wanted === unitId && connection.state === signalR.HubConnectionState.Connected) {
        subscribed = null;
        handlers.refused(unitId, hubMessage(error));
      }
    }
  }

  handlers.state('connecting');
  start(0);

  return {
    /** Stops the connection for good: the page learnt by itself that its sign-in no longer holds. */
    deny,
    show(unitId) {
      if (wanted === unitId) {
        return;
      }
      wanted = unitId;
      if (connection.state === signalR.HubConnectionState.Connected) {
        subscribe(unitId);
      }
    },
  };
}

/** MessagePack when `?protocol=messagepack` asks for it, JSON otherwise (`?protocol=json` too). */
function hubProtocol(asked) {
  return asked === 'messagepack' ? new signalR.protocols.msgpack.MessagePackHubProtocol() : new signalR.JsonHubProtocol();
}

/** The hub's own message: the client wraps it as "An unexpected error occurred invoking 'Subscribe' on the server. HubException: ...". */
function hubMessage(error) {
  const message = String(error?.message ?? error);
  const marker = 'HubException: ';
  const at = message.indexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : message;
}
