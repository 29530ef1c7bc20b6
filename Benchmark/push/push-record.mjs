/**
 * What a hub client of the push run records, whichever client it is (official-client.mjs, counting-client.mjs): each
 * pushed snapshot as (receipt time, asOf), the counts of pushes and activity batches, and whether the connection
 * dropped. The clients extend it and call `received`, `countActivity`, `closing` and `lost`.
 */

import { wallClock } from './wall-clock.mjs';

export class PushRecord {
  #receipts = [];
  #asOfs = [];
  #closing = false;
  newestAsOf = -Infinity;
  pushes = 0;
  /** The bytes of the pushed snapshots' hub messages, where the client sees them (counting clients). */
  snapshotBytes = 0;
  activity = 0;
  dropped = false;
  dropReason = '';
  onPush = () => {};

  /** Drops what came before the measured window. */
  forget() {
    this.#receipts = [];
    this.#asOfs = [];
    this.pushes = 0;
    this.snapshotBytes = 0;
    this.activity = 0;
  }

  /** @returns {{receipts: Float64Array, asOfs: Float64Array}} */
  records() {
    return { receipts: Float64Array.from(this.#receipts), asOfs: Float64Array.from(this.#asOfs) };
  }

  /** A snapshot whose asOf is `asOf` (wall-clock milliseconds) arrived at `receipt`. */
  received(asOf, receipt = wallClock()) {
    this.#receipts.push(receipt);
    this.#asOfs.push(asOf);
    this.newestAsOf = Math.max(this.newestAsOf, asOf);
    this.pushes++;
    this.onPush();
  }

  countActivity() {
    this.activity++;
  }

  /** The client closes the connection itself: what follows is not a drop. */
  closing() {
    this.#closing = true;
  }

  /** The connection ended for `reason`; a drop unless the client was closing it. */
  lost(reason) {
    if (!this.#closing && !this.dropped) {
      this.dropped = true;
      this.dropReason = reason;
    }
  }

  /** Whether the connection is still meant to be open. */
  get live() {
    return !this.#closing && !this.dropped;
  }
}
