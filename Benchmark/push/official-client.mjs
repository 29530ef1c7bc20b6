/**
 * A subscribed hub client on the official @microsoft/signalr client, as a wall runs it: it decodes every message. The
 * push run's latency figures come from a sample of these; the other connections are counting clients
 * (counting-client.mjs), which cost far less.
 */

import { createRequire } from 'node:module';
import { PushRecord } from './push-record.mjs';
import { parseWallTime } from './wall-clock.mjs';

// The official client, restored by the Dashboard.Web build; no dependency of our own.
const signalR = createRequire(new URL('../../Dashboard.Web/package.json', import.meta.url))('@microsoft/signalr');

/** One subscribed hub client and the snapshots pushed to it, as (receipt time, asOf). */
export class OfficialClient extends PushRecord {
  #connection;
  #unit;

  /**
   * @param {string} url the server
   * @param {string} token the bearer token
   * @param {string} unit the unit to subscribe to
   */
  constructor(url, token, unit) {
    super();
    this.#unit = unit;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL('/hubs/metrics', url).href, {
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
        accessTokenFactory: () => token,
      })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.#connection.on('metrics', snapshot => this.received(parseWallTime(snapshot.asOf)));
    this.#connection.on('activity', () => this.countActivity());
    this.#connection.onclose(error => this.lost(error?.message ?? 'closed by the server'));
    this.#connection.onreconnecting(error => this.lost(error?.message ?? 'closed by the server'));
  }

  async open() {
    await this.#connection.start();
    await this.#connection.invoke('Subscribe', this.#unit);
  }

  /** The official client pings the server itself. */
  ping() {}

  close() {
    this.closing();
    return this.#connection.stop();
  }
}
