/**
 * A subscribed hub client on the official @microsoft/signalr client, as a wall runs it: it decodes every message, in
 * the JSON protocol or in MessagePack (@microsoft/signalr-protocol-msgpack). The push run's latency figures come from
 * a sample of these; the other connections are counting clients (counting-client.mjs), which cost far less. Each
 * keeps the time its protocol spent decoding the messages that brought a snapshot: what a wall pays per snapshot.
 */

import { createRequire } from 'node:module';
import { PushRecord } from './push-record.mjs';
import { parseWallTime } from './wall-clock.mjs';

// The official client, restored by the Dashboard.Web build; no dependency of our own.
const dashboard = createRequire(new URL('../../Dashboard.Web/package.json', import.meta.url));
const signalR = dashboard('@microsoft/signalr');
const { MessagePackHubProtocol } = dashboard('@microsoft/signalr-protocol-msgpack');

/** One subscribed hub client and the snapshots pushed to it, as (receipt time, asOf). */
export class OfficialClient extends PushRecord {
  #connection;
  #unit;
  /** Milliseconds spent decoding the messages that brought a snapshot, and how many snapshots they brought. */
  decoding = { milliseconds: 0, snapshots: 0 };

  /**
   * @param {string} url the server
   * @param {string} token the bearer token
   * @param {string} unit the unit to subscribe to
   * @param {'json' | 'messagepack'} protocol the hub protocol
   */
  constructor(url, token, unit, protocol = 'json') {
    super();
    this.#unit = unit;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL('/hubs/metrics', url).href, {
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
        accessTokenFactory: () => token,
      })
      .withHubProtocol(this.#timed(protocol === 'messagepack' ? new MessagePackHubProtocol() : new signalR.JsonHubProtocol()))
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

  forget() {
    super.forget();
    this.decoding = { milliseconds: 0, snapshots: 0 };
  }

  /** `protocol`, timing its parseMessages for the input that holds snapshots. */
  #timed(protocol) {
    const parse = protocol.parseMessages.bind(protocol);
    protocol.parseMessages = (input, logger) => {
      const start = performance.now();
      const messages = parse(input, logger);
      const elapsed = performance.now() - start;
      const snapshots = messages.filter(message => message.type === signalR.MessageType.Invocation
        && message.target.toLowerCase() === 'metrics').length;
      if (snapshots > 0) {
        this.decoding.milliseconds += elapsed;
        this.decoding.snapshots += snapshots;
      }

      return messages;
    };
    return protocol;
  }

  /** The official client pings the server itself. */
  ping() {}

  close() {
    this.closing();
    return this.#connection.stop();
  }
}
