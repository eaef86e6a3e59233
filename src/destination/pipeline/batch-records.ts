import type { AirbyteMessage } from '../../protocol/messages.js';
import { fitRow } from '../normalise/fit-row.js';
import type { AckTracker } from './ack-tracker.js';
import { filesToClose, type BatchPolicy } from './batch-policy.js';
import { MAX_MESSAGE_BYTES } from './message-guards.js';
import type { RejectedRecord } from './reject-record.js';
import type { RoutedMessage } from './route-by-stream.js';
import type { SpoolFile } from './spool.js';
import type { StreamTarget } from './stream-target.js';

/**
 * A closed spool file of one stream, ready to encode and upload; `work` is
 * its entry in the acknowledgement ledger, which the uploader must finish
 * once the file is durable. Or a STATE, passed on in input order. Or a
 * LOG line for the output (a record written with values nulled).
 */
export type BatchEvent =
  | { readonly kind: 'batch'; readonly target: StreamTarget; readonly file: SpoolFile; readonly work: number }
  | { readonly kind: 'state'; readonly message: AirbyteMessage; readonly watermark: number }
  | { readonly kind: 'log'; readonly message: AirbyteMessage };

export interface BatchOptions {
  readonly policy: BatchPolicy;
  /** The acknowledgement ledger: each spool file is registered when it gets its first record. */
  readonly tracker: AckTracker;
  /** Every configured stream, in catalog order. */
  readonly targets: readonly StreamTarget[];
  /**
   * Stores a record whose row had values nulled to fit, whole
   * (reject-record.ts); awaited before its row is spooled. Returns the WARN
   * line to pass on.
   */
  readonly reject: (rejected: RejectedRecord) => Promise<AirbyteMessage>;
  /** The largest spool line (row) written; `MAX_MESSAGE_BYTES` by default. */
  readonly maxRowBytes?: number;
  /** Aborted when the write is over: the stage then stops at the next message, writing nothing more. */
  readonly stopped: AbortSignal;
  /** The clock of the age rule; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Stage 2 of the write path (batch): normalises each record to its
 * stream's columns, made to fit (fit-row.ts: at most 32 MB, nesting Node
 * can serialise), and appends it to the stream's
 * spool file on local disk (memory stays bounded by the spool's write
 * buffer), and closes files as the batch policy decides (batch-policy.ts):
 * after a record (size), after a STATE (age) and at the end of input.
 * A STATE is yielded before the files it closes; every file closed is
 * yielded before the next input message is read, so the consumer's pace
 * (the bounded uploads) holds back the input.
 *
 * A record whose row had values nulled is first stored whole (`reject`,
 * awaited), then its row is spooled and a WARN yielded: its original is
 * durable before any later STATE can be acknowledged.
 *
 * A spool file is registered in the ledger from its first record on, so a
 * STATE after its records waits for it whether it is open, closed or
 * uploading. Files left open when the stage stops are the caller's to
 * discard (`StreamSpool.discard`).
 */
export async function* batchRecords(routed: AsyncIterable<RoutedMessage>, options: BatchOptions): AsyncGenerator<BatchEvent> {
  const { policy, tracker, targets, reject, stopped } = options;
  const maxRowBytes = options.maxRowBytes ?? MAX_MESSAGE_BYTES;
  const now = options.now ?? Date.now;
  const openWork = new Map<StreamTarget, number>();
  const close = async function* (chosen: readonly StreamTarget[]): AsyncGenerator<BatchEvent> {
    for (const target of chosen) {
      const work = openWork.get(target);
      if (work === undefined) continue;
      openWork.delete(target);
      const file = await target.spool.seal();
      if (file === undefined) tracker.finish(work);
      else yield { kind: 'batch', target, file, work };
    }
  };
  for await (const message of routed) {
    if (stopped.aborted) return;
    if (message.kind === 'record') {
      const { target, seq, record, text, dataText } = message;
      const { line, nulled } = fitRow(record, target.rowContext, target.keepFields, maxRowBytes, dataText);
      if (nulled.length > 0) yield { kind: 'log', message: await reject({ target, seq, record, text, nulled }) };
      if (stopped.aborted) return;
      if (!openWork.has(target)) openWork.set(target, tracker.begin(seq));
      await target.spool.append(line, seq, target.partitionOf?.(record, nulled));
      const chosen = filesToClose(policy, { after: 'record', stream: target }, targets);
      if (chosen.length > 0) yield* close(chosen);
    } else {
      yield message;
      yield* close(filesToClose(policy, { after: 'state', now: now() }, targets));
    }
  }
  if (stopped.aborted) return;
  yield* close(filesToClose(policy, { after: 'end' }, targets));
}
