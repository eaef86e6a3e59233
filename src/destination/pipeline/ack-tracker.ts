import type { AirbyteMessage } from '../../protocol/messages.js';

/**
 * Decides when a STATE may be echoed. Records are numbered from 1 in input
 * order; a STATE received after record N covers records 1..N (of every
 * stream: the safe reading for STREAM, GLOBAL and LEGACY states alike).
 * Work that is not yet durable in S3 (open spool files and files being
 * converted or uploaded) is registered with its first record number (the
 * batch stage registers a spool file with its first record, the upload
 * stage finishes it once the object is complete); a STATE
 * is released when no unfinished work starts at or before its watermark,
 * and states are released strictly in the order received.
 */
export class AckTracker {
  private readonly states: Array<{ message: AirbyteMessage; watermark: number }> = [];
  private readonly unfinished = new Map<number, number>();
  private nextId = 0;

  /** Registers a STATE received after `watermark` records. */
  addState(message: AirbyteMessage, watermark: number): void {
    this.states.push({ message, watermark });
  }

  /** Registers work holding records from `firstSeq` on; returns its id for `finish`. */
  begin(firstSeq: number): number {
    const id = this.nextId++;
    this.unfinished.set(id, firstSeq);
    return id;
  }

  /** Marks the work durable. */
  finish(id: number): void {
    this.unfinished.delete(id);
  }

  /**
   * States now safe to echo, in order; they are removed from the tracker.
   * `openFirstSeqs`: first record numbers of more unfinished work not
   * registered with `begin`.
   */
  release(openFirstSeqs: Iterable<number> = []): AirbyteMessage[] {
    let oldest = Infinity;
    for (const seq of this.unfinished.values()) oldest = Math.min(oldest, seq);
    for (const seq of openFirstSeqs) oldest = Math.min(oldest, seq);
    const released: AirbyteMessage[] = [];
    for (let head = this.states[0]; head !== undefined && head.watermark < oldest; head = this.states[0]) {
      this.states.shift();
      released.push(head.message);
    }
    return released;
  }

  get pendingStates(): number {
    return this.states.length;
  }
}
