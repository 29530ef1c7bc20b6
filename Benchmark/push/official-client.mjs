/**
 * A subscribed hub client on the official @microsoft/signalr client, as a wall runs it: it decodes every message. The
 * push run's latency figures come from a sample of these; the other connections are counting clients
 * (counting-client.mjs), which cost far less.
 */

import { createRequire } from 'node:module';
import { parseWallTime, wallClock } from './wall-clock.mjs';

// The official client, restored by the Dashboard.Web build; no dependency of our own.
const signalR = createRequire(new URL('../../Dashboard.Web/package.json', import.meta.url))('@microsoft/signalr');

/** One subscribed hub client and the snapshots pushed to it, as (receipt time, asOf). */
export class OfficialClient {
  #connection;
  #unit;
  #receipts = [];
  #asOfs = [];
  #closing = false;
  newestAsOf = -Infinity;
  pushes = 0;
  activity = 0;
  dropped = false;
  dropReason = '';
  onPush = () => {};

  /**
   * @param {string} url the server
   * @param {string} token the bearer token
   * @param {string} unit the unit to subscribe to
   */
  constructor(url, token, unit) {
    this.#unit = unit;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL('/hubs/metrics', url).href, {
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
        accessTokenFactory: () => token,
      })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.#connection.on('metrics', snapshot => this.#received(snapshot));
    this.#connection.on('activity', () => this.activity++);
    this.#connection.onclose(error => this.#lost(error));
    this.#connection.onreconnecting(error => this.#lost(error));
  }

  async open() {
    await this.#connection.start();
    await this.#connection.invoke('Subscribe', this.#unit);
  }

  /** The official client pings the server itself. */
  ping() {}

  /** Drops what came before the measured window. */
  forget() {
    this.#receipts = [];
    this.#asOfs = [];
    this.pushes = 0;
    this.activity = 0;
  }

  /** @returns {{receipts: Float64Array, asOfs: Float64Array}} */
  records() {
    return { receipts: Float64Array.from(this.#receipts), asOfs: Float64Array.from(this.#asOfs) };
  }

  close() {
    this.#closing = true;
    return this.#connection.stop();
  }

  #received(snapshot) {
    const receipt = wallClock();
    const asOf = parseWallTime(snapshot.asOf);
    this.#receipts.push(receipt);
    this.#asOfs.push(asOf);
    this.newestAsOf = Math.max(this.newestAsOf, asOf);
    this.pushes++;
    this.onPush();
  }

  #lost(error) {
    if (!this.#closing && !this.dropped) {
      this.dropped = true;
      this.dropReason = error?.message ?? 'closed by the server';
    }
  }
}
