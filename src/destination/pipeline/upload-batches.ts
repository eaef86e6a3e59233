import { rm, unlink } from 'node:fs/promises';
import type { ConnectorError } from '../../protocol/connector-error.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { classifyS3Error } from '../s3/classify-s3-error.js';
import type { AckTracker } from './ack-tracker.js';
import type { BatchEvent } from './batch-records.js';
import { encodeParquet, parquetPath, type ParquetEncoder } from './encode-parquet.js';
import { nextArrival } from './next-arrival.js';
import { objectMetadata } from './object-metadata.js';
import type { TaskPool } from './task-pool.js';
import { UploadError, uploadFile } from './upload-file.js';

/** For the acknowledgement: a STATE in input order, word that a file became durable (or failed) since the last event, or a LOG line to pass on. */
export type AckEvent =
  | { readonly kind: 'state'; readonly message: AirbyteMessage; readonly watermark: number }
  | { readonly kind: 'progress' }
  | { readonly kind: 'log'; readonly message: AirbyteMessage };

/** A Parquet object now complete in the store. */
export interface UploadedFile {
  stream: string;
  key: string;
  rows: number;
  bytes: number;
}

export interface UploadOptions {
  readonly config: DestinationConfig;
  readonly store: ObjectStore;
  readonly encoder: ParquetEncoder;
  /** Bounds the work: at most `max_uploads_in_flight` files are encoded or uploaded at a time. */
  readonly pool: TaskPool;
  /** The ledger whose work each file finishes once durable. */
  readonly tracker: AckTracker;
  /** This sync's id, in each object's metadata. */
  readonly syncRun: string;
  readonly onFileUploaded?: ((file: UploadedFile) => void) | undefined;
  /** Cancels the write; the pool's tasks are cancelled through `pool.cancel` by whoever owns the signal. */
  readonly signal?: AbortSignal | undefined;
  /** The error thrown once `signal` is aborted. */
  readonly cancelled: () => ConnectorError;
}

/**
 * Stage 4 of the write path (upload, bounded): starts the encoding and
 * upload of each closed file as a pool task, waiting for a free slot first
 * (so at most `max_uploads_in_flight` run, and input waits meanwhile), and
 * passes STATEs (and LOG lines) on in order. Yields `progress` whenever a task has finished
 * since the last event, also while the input is quiet (it races the next
 * input against the pool), so states go out without waiting for input.
 *
 * A file's object key is taken when it is submitted (part numbers in input
 * order); once the object is complete its key is kept on the target, the
 * ledger work is finished and `onFileUploaded` is called; the local files
 * are removed either way. The first failure of any task (a system_error for
 * encoding, a classified S3 error for the upload) is thrown as soon as it
 * happens, as is `cancelled()` when `signal` aborts. At the end of input it
 * waits for every task. On return or throw it lets go of its input without
 * waiting (a pending read may never end); aborting the pool's remaining
 * tasks is the caller's job.
 */
export async function* uploadBatches(batches: AsyncIterable<BatchEvent>, options: UploadOptions): AsyncGenerator<AckEvent> {
  const { pool, signal } = options;
  const input = batches[Symbol.asyncIterator]();
  let seen = pool.settled;
  try {
    let next = input.next();
    for (;;) {
      next.catch(() => undefined); // rejections are handled where it is awaited
      pool.throwIfFailed();
      if (pool.settled !== seen) {
        seen = pool.settled;
        yield { kind: 'progress' };
      }
      const arrived = await nextArrival(next, signal, pool, pool.busy);
      if (arrived === 'cancelled') throw options.cancelled();
      pool.throwIfFailed();
      if (arrived === 'wake') continue;
      if (arrived.done === true) break;
      const event = arrived.value;
      if (event.kind === 'state' || event.kind === 'log') yield event;
      else await submit(event, options);
      next = input.next();
    }
    await pool.drain();
    yield { kind: 'progress' };
  } finally {
    void input.return?.(undefined)?.catch(() => undefined); // not awaited: a pending read may never end
  }
}

/**
 * Runs the encoding and upload of one closed spool file as a pool task;
 * resolves once the task has started. An unpartitioned file's key is taken
 * here, so part numbers follow the input order; the files of a partitioned
 * batch (one or more per partition) take theirs once encoded, each under
 * its `dt=` directory. The ledger work is finished once every file of the
 * batch is complete in the store.
 */
async function submit(batch: Extract<BatchEvent, { kind: 'batch' }>, options: UploadOptions): Promise<void> {
  const { target, file, work } = batch;
  const { config } = options;
  const reserved = target.partitioning.kind === 'event_time' ? undefined : target.keys.fileKey(target.nextPart++);
  await options.pool.run(async (signal) => {
    try {
      const encoded = await encodeParquet(options.encoder, file, target, { compression: config.compression, rowGroupSize: config.row_group_size });
      for (const part of encoded) {
        const key = reserved ?? target.keys.fileKey(target.nextPart++, part.partition);
        try {
          await uploadFile(options.store, { key, path: part.path, contentType: 'application/vnd.apache.parquet', metadata: objectMetadata(target, part.rows, options.syncRun), signal });
        } catch (error) {
          const failed = error instanceof UploadError ? { error: error.sdkError, operation: error.operation } : { error, operation: undefined };
          throw classifyS3Error(failed.error, { action: 's3:PutObject', operation: failed.operation, bucket: config.bucket, key, region: config.region, endpoint: config.endpoint });
        }
        target.writtenKeys.add(key);
        if (part.partition !== undefined) target.partitionsWritten.add(part.partition);
        options.onFileUploaded?.({ stream: target.descriptor.name, key, rows: part.rows, bytes: part.bytes });
      }
      options.tracker.finish(work);
    } finally {
      await Promise.allSettled(file.parts.flatMap((part) => [unlink(part.path), rm(parquetPath(part), { recursive: true, force: true })]));
    }
  });
}
