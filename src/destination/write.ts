import { randomUUID } from 'node:crypto';
import { rm, unlink } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConnectorError, configError, systemError, transientError } from '../protocol/connector-error.js';
import { logMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../protocol/messages.js';
import type { DestinationConfig } from './config/destination-config-schema.js';
import { normaliseRecord } from './normalise/normalise-record.js';
import { classifyS3Error } from './s3/classify-s3-error.js';
import { encryptionParameters } from './s3/create-s3-client.js';
import { AckTracker } from './pipeline/ack-tracker.js';
import { deleteEarlierGenerations, writeAthenaDdl } from './pipeline/finalise-stream.js';
import { objectMetadata } from './pipeline/object-metadata.js';
import { createStreamTarget, rollBytes, streamId, type StreamTarget } from './pipeline/stream-target.js';
import type { ParquetConverter } from './pipeline/parquet-converter.js';
import { TaskPool } from './pipeline/task-pool.js';
import { UploadError, uploadFile } from './pipeline/upload-file.js';

/** When the open spool files of all streams together exceed this, the largest is uploaded early. */
export const MAX_OPEN_SPOOL_BYTES = 2 * 1024 ** 3;

export interface WriteDependencies {
  s3: S3Client;
  /** Turns spool files into Parquet files (DuckDB). */
  converter: ParquetConverter;
  /** A directory that belongs to this sync; it is removed at the end. */
  spoolDirectory: string;
  /** Sync start (for key variables); now by default. */
  startedAt?: Date;
  /** Called after each Parquet object is complete in S3 (for progress and summaries). */
  onFileUploaded?: (file: { stream: string; key: string; rows: number; bytes: number }) => void;
  /**
   * Cancels the write (SIGTERM, SIGINT): uploads in flight are cancelled and
   * aborted on the server, no further STATE is yielded, and the generator
   * throws a transient_error.
   */
  signal?: AbortSignal;
}

/** Refuses, before anything is written, sync modes this destination cannot honour. */
export function checkSyncModes(catalog: ConfiguredAirbyteCatalog): void {
  for (const configured of catalog.streams) {
    const mode = configured.destination_sync_mode;
    if (mode !== 'append' && mode !== 'overwrite') {
      throw configError(
        `Stream "${configured.stream.name}" asks for destination sync mode "${mode}", which S3 Parquet files cannot honour (no deduplication or updates in place): choose append or overwrite for it.`,
        { stream: configured.stream.namespace === undefined ? { name: configured.stream.name } : { name: configured.stream.name, namespace: configured.stream.namespace } },
      );
    }
  }
}

/**
 * The `write` command: consumes RECORD and STATE messages (see
 * parse-messages.ts) and yields the STATEs back, each only after every record
 * received before it is in a completed S3 object, in the order received;
 * plus LOG lines. Records are spooled per stream to local NDJSON files
 * (bounded memory), converted to Parquet by DuckDB and uploaded with at most
 * `max_uploads_in_flight` conversions/uploads at a time. At the end of input
 * everything is flushed, the Athena DDL of each stream is written and, for
 * overwrite, earlier generations are deleted. On any failure, or when
 * `deps.signal` is aborted, the generator throws (no further state is
 * yielded), in-flight multipart uploads are aborted on the server before it
 * returns, and local files are removed.
 */
export async function* write(
  config: DestinationConfig,
  catalog: ConfiguredAirbyteCatalog,
  messages: AsyncIterable<AirbyteMessage>,
  deps: WriteDependencies,
): AsyncGenerator<AirbyteMessage> {
  checkSyncModes(catalog);
  const sync = { startedAt: deps.startedAt ?? new Date(), uuid: randomUUID() };
  const targets = new Map<string, StreamTarget>();
  catalog.streams.forEach((configured, index) => targets.set(streamId(configured.stream), createStreamTarget(config, configured, index, deps.spoolDirectory, sync)));
  const targetBytes = config.target_file_size_mb * 1024 * 1024;
  const tracker = new AckTracker();
  const pool = new TaskPool(config.max_uploads_in_flight);
  const cancelled = cancelOnAbort(deps.signal, pool);
  const openSeqs = function* (): Generator<number> {
    for (const target of targets.values()) if (target.spool.firstSeq !== undefined) yield target.spool.firstSeq;
  };

  /** Closes the stream's spool file and starts its conversion and upload (waits for a free slot). */
  const submit = async (target: StreamTarget): Promise<void> => {
    const file = await target.spool.seal();
    if (file === undefined) return;
    const work = tracker.begin(file.firstSeq);
    const key = target.keys.fileKey(target.nextPart++);
    await pool.run(async (signal) => {
      const parquetPath = file.path.replace(/\.ndjson$/, '.parquet');
      try {
        let size: number;
        try {
          size = await deps.converter.convert(file, target.columns, parquetPath, { compression: config.compression, rowGroupSize: config.row_group_size });
        } catch (error) {
          throw systemError(`Converting ${file.rows} records of stream "${target.descriptor.name}" to Parquet failed: ${(error as Error).message}`, { cause: error, stream: target.descriptor });
        }
        target.parquetRatio = Math.min(1, Math.max(0.01, size / file.bytes));
        try {
          await uploadFile(deps.s3, {
            bucket: config.bucket,
            key,
            path: parquetPath,
            contentType: 'application/vnd.apache.parquet',
            metadata: objectMetadata(target, file.rows, sync.uuid),
            encryption: encryptionParameters(config),
            signal,
          });
        } catch (error) {
          const failed = error instanceof UploadError ? { error: error.sdkError, operation: error.operation } : { error, operation: undefined };
          throw classifyS3Error(failed.error, { action: 's3:PutObject', operation: failed.operation, bucket: config.bucket, key, region: config.region, endpoint: config.endpoint });
        }
        target.writtenKeys.add(key);
        deps.onFileUploaded?.({ stream: target.descriptor.name, key, rows: file.rows, bytes: size });
        tracker.finish(work);
      } finally {
        await Promise.allSettled([unlink(file.path), unlink(parquetPath)]);
      }
    });
  };

  const input = messages[Symbol.asyncIterator]();
  try {
    let seq = 0;
    let next = input.next();
    for (;;) {
      next.catch(() => undefined); // rejections are handled where it is awaited
      // While states wait for uploads, wake up when an upload finishes, not only when input arrives:
      // a state must not wait for the next message (stdin may stay open and quiet).
      // A failed upload must surface now, not when the next input arrives (stdin may stay open and quiet).
      pool.throwIfFailed();
      const arrived = await nextArrival(next, deps.signal, pool, pool.busy);
      if (arrived === 'cancelled') throw cancelled();
      pool.throwIfFailed();
      if (arrived === 'wake') {
        yield* tracker.release(openSeqs());
        continue;
      }
      if (arrived.done === true) break;
      const message = arrived.value;
      if (message.type === 'RECORD') {
        const record = message.record;
        const target = targets.get(streamId({ name: record.stream, namespace: record.namespace }));
        if (target === undefined) {
          throw systemError(`A record arrived for stream "${record.stream}"${record.namespace ? ` in namespace "${record.namespace}"` : ''}, which is not in the configured catalog: add the stream to the catalog or fix the source.`);
        }
        seq++;
        target.records++;
        await target.spool.append(normaliseRecord(record, target.rowContext), seq);
        if (target.spool.bytes >= rollBytes(target, targetBytes)) await submit(target);
        else if (target.spool.bytes > 64 * 1024 && openBytes(targets) > MAX_OPEN_SPOOL_BYTES) await submit(largestOpen(targets) ?? target);
      } else if (message.type === 'STATE') {
        tracker.addState(message, seq);
        const oldest = Math.min(...[...targets.values()].filter((t) => t.spool.firstSeq !== undefined).map((t) => t.spool.openedAt));
        if (Date.now() - oldest >= config.flush_interval_seconds * 1000) for (const target of targets.values()) await submit(target);
      }
      yield* tracker.release(openSeqs());
      next = input.next();
    }
    for (const target of targets.values()) await submit(target);
    await pool.drain();
    yield* tracker.release(openSeqs());
    for (const target of targets.values()) {
      pool.throwIfFailed(); // cancelled meanwhile
      // A stream without records this sync leaves its table definition as it was (an empty input writes nothing).
      if (target.writtenKeys.size > 0) await writeAthenaDdl(deps.s3, config, target);
      const deleted = await deleteEarlierGenerations(deps.s3, config, target);
      yield logMessage(
        'INFO',
        `Stream "${target.descriptor.name}": ${target.records} records in ${target.writtenKeys.size} files under s3://${config.bucket}/${target.keys.listPrefix()}${deleted > 0 ? `; ${deleted} files of earlier generations deleted` : ''}.`,
      );
    }
    if (tracker.pendingStates > 0) throw systemError(`${tracker.pendingStates} states could not be acknowledged although every upload finished.`);
  } catch (error) {
    throw error instanceof ConnectorError ? error : systemError(`The write failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  } finally {
    void input.return?.(undefined)?.catch(() => undefined); // not awaited: a pending read may never end
    await pool.abort();
    for (const target of targets.values()) await target.spool.discard();
    await rm(deps.spoolDirectory, { recursive: true, force: true });
  }
}

/**
 * Cancels the pool's uploads as soon as `signal` aborts; returns the error
 * the write then throws. One listener for the whole write.
 */
function cancelOnAbort(signal: AbortSignal | undefined, pool: TaskPool): () => ConnectorError {
  const error = transientError('The write was cancelled (SIGTERM or SIGINT): uploads in progress were aborted and records after the last echoed STATE were not written. Run the sync again from that state.');
  const cancel = (): void => pool.cancel(error);
  if (signal?.aborted === true) cancel();
  else signal?.addEventListener('abort', cancel, { once: true });
  return () => error;
}

/**
 * Waits for the next input message, for cancellation, or (with
 * `watchUploads`, while uploads run) for an upload to finish or fail, so a
 * state goes out, or a failure stops the write, even while stdin stays open
 * and quiet. A fresh wake-up
 * promise per call, unhooked afterwards: racing every message against one
 * long-lived promise would keep every message reachable until it settles.
 */
async function nextArrival<T>(next: Promise<T>, signal: AbortSignal | undefined, pool: TaskPool, watchUploads: boolean): Promise<T | 'wake' | 'cancelled'> {
  if (signal?.aborted === true) return 'cancelled';
  let unhook = (): void => undefined;
  const wake = new Promise<'wake' | 'cancelled'>((resolve) => {
    const onAbort = (): void => resolve('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const unwatch = watchUploads ? pool.onSettled(() => resolve('wake')) : (): void => undefined;
    unhook = () => {
      signal?.removeEventListener('abort', onAbort);
      unwatch();
    };
  });
  try {
    return await Promise.race([next, wake]);
  } finally {
    unhook();
  }
}

function openBytes(targets: Map<string, StreamTarget>): number {
  let total = 0;
  for (const target of targets.values()) total += target.spool.bytes;
  return total;
}

function largestOpen(targets: Map<string, StreamTarget>): StreamTarget | undefined {
  let largest: StreamTarget | undefined;
  for (const target of targets.values()) if (largest === undefined || target.spool.bytes > largest.spool.bytes) largest = target;
  return largest;
}
