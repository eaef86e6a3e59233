import type { AirbyteMessage } from '../../protocol/messages.js';
import { normaliseRecord } from '../normalise/normalise-record.js';
import type { AckTracker } from './ack-tracker.js';
import { filesToClose, type BatchPolicy } from './batch-policy.js';
import type { RoutedMessage } from './route-by-stream.js';
import type { SpoolFile } from './spool.js';
import type { StreamTarget } from './stream-target.js';

/**
 * A closed spool file of one stream, ready to encode and upload; `work` is
 * its entry in the acknowledgement ledger, which the uploader must finish
 * once the file is durable. Or a STATE, passed on in input order.
 */
export type BatchEvent =
  | { readonly kind: 'batch'; readonly target: StreamTarget; readonly file: SpoolFile; readonly work: number }
  | { readonly kind: 'state'; readonly message: AirbyteMessage; readonly watermark: number };

export interface BatchOptions {
  readonly policy: BatchPolicy;
  /** The acknowledgement ledger: each spool file is registered when it gets its first record. */
  readonly tracker: AckTracker;
  /** Every configured stream, in catalog order. */
  readonly targets: readonly StreamTarget[];
  /** Checks each spool line before it is written (the size cap of input without lines); throws to stop. */
  readonly checkLine?: ((line: string, seq: number) => void) | undefined;
  /** Aborted when the write is over: the stage then stops at the next message, writing nothing more. */
  readonly stopped: AbortSignal;
  /** The clock of the age rule; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Stage 2 of the write path (batch): normalises each record to its
 * stream's columns (normalise-record.ts) and appends it to the stream's
 * spool file on local disk (memory stays bounded by the spool's write
 * buffer), and closes files as the batch policy decides (batch-policy.ts):
 * after a record (size), after a STATE (age) and at the end of input.
 * A STATE is yielded before the files it closes; every file closed is
 * yielded before the next input message is read, so the consumer's pace
 * (the bounded uploads) holds back the input.
 *
 * A spool file is registered in the ledger from its first record on, so a
 * STATE after its records waits for it whether it is open, closed or
 * uploading. Files left open when the stage stops are the caller's to
 * discard (`StreamSpool.discard`).
 */
export async function* batchRecords(routed: AsyncIterable<RoutedMessage>, options: BatchOptions): AsyncGenerator<BatchEvent> {
  const { policy, tracker, targets, checkLine, stopped } = options;
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
      const { target, seq } = message;
      const line = normaliseRecord(message.record, target.rowContext);
      checkLine?.(line, seq);
      if (!openWork.has(target)) openWork.set(target, tracker.begin(seq));
      await target.spool.append(line, seq);
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
