import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { ConnectorError, configError, systemError, transientError } from '../protocol/connector-error.js';
import { logMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../protocol/messages.js';
import type { DestinationConfig } from './config/destination-config-schema.js';
import type { ObjectStore } from './object-store/object-store.js';
import { acknowledgeStates } from './pipeline/acknowledge-states.js';
import { AckTracker } from './pipeline/ack-tracker.js';
import { batchPolicy } from './pipeline/batch-policy.js';
import { batchRecords } from './pipeline/batch-records.js';
import type { ParquetEncoder } from './pipeline/encode-parquet.js';
import { finaliseStreams } from './pipeline/finalise-stream.js';
import { guardMessages } from './pipeline/message-guards.js';
import { parseMessages, receivedObjects } from './pipeline/parse-messages.js';
import { storeRejectedRecord } from './pipeline/reject-record.js';
import { routeByStream } from './pipeline/route-by-stream.js';
import { createStreamTarget, streamId, type StreamTarget } from './pipeline/stream-target.js';
import { TaskPool } from './pipeline/task-pool.js';
import { uploadBatches, type UploadedFile } from './pipeline/upload-batches.js';

export { MAX_OPEN_SPOOL_BYTES } from './pipeline/batch-policy.js';

export interface WriteDependencies {
  /** Where the objects go: S3 (s3-object-store.ts), or memory in unit tests. */
  store: ObjectStore;
  /** Turns spool files into Parquet files (DuckDB). */
  converter: ParquetEncoder;
  /** A directory that belongs to this sync; it is removed at the end. */
  spoolDirectory: string;
  /** Sync start (for key variables); now by default. */
  startedAt?: Date;
  /** Called after each Parquet object is complete in S3 (for progress and summaries). */
  onFileUploaded?: (file: UploadedFile) => void;
  /**
   * Cancels the write (SIGTERM, SIGINT): uploads in flight are cancelled and
   * aborted on the server, no further STATE is yielded, and the generator
   * throws a transient_error.
   */
  signal?: AbortSignal;
}

/**
 * The destination's input, in either form; the guards run inside `write`
 * for both. `lines`: stdin lines (the CLI), parsed with `parseMessages`: a
 * line above 256 MB is refused before it is parsed, a line that is not a
 * message or a RECORD/STATE without its required fields stops the sync
 * naming the line. `messages`: message objects (`sync`, in one process),
 * guarded by `guardMessages` for the same fields. For both, the size of a
 * record is measured on the spool line it becomes, which is produced
 * anyway: above 32 MB (or nested too deep to serialise) its largest values
 * are nulled and the record as received is stored whole under the stream's
 * `_airbyte_rejected/` (fit-row.ts, reject-record.ts); the sync goes on.
 */
export type DestinationInput = { readonly kind: 'lines'; readonly lines: AsyncIterable<string> } | { readonly kind: 'messages'; readonly messages: AsyncIterable<AirbyteMessage> };

/**
 * Refuses, before anything is written, sync modes this destination cannot
 * honour (update, soft_delete: files are never changed in place), and
 * returns one WARN sentence per stream in append_dedup. Like Airbyte's own
 * S3 destination, which clears a stream only for overwrite and appends for
 * every other mode, append_dedup is written as append: files cannot be
 * deduplicated, so the reader deduplicates (by primary key, latest
 * `_airbyte_extracted_at`). The spec offers append and overwrite only, so
 * the platform never picks append_dedup; PyAirbyte sends it by default for
 * streams with a primary key.
 */
export function checkSyncModes(catalog: ConfiguredAirbyteCatalog): string[] {
  const warnings: string[] = [];
  for (const configured of catalog.streams) {
    const mode = configured.destination_sync_mode;
    const { name, namespace } = configured.stream;
    if (mode === 'append_dedup') {
      const key = configured.primary_key === undefined ? '' : ` (primary key ${configured.primary_key.map((path) => path.join('.')).join(', ')})`;
      warnings.push(`Stream "${name}" asks for destination sync mode append_dedup, which S3 Parquet files cannot honour, so its records are appended without deduplication${key}: deduplicate when reading, by the primary key and the latest _airbyte_extracted_at.`);
    } else if (mode !== 'append' && mode !== 'overwrite') {
      throw configError(
        `Stream "${name}" asks for destination sync mode "${mode}", which S3 Parquet files cannot honour (no updates or deletes in place): choose append or overwrite for it.`,
        { stream: namespace === undefined ? { name } : { name, namespace } },
      );
    }
  }
  return warnings;
}

/**
 * The `write` command, for the CLI and `sync` alike: consumes RECORD and
 * STATE messages and yields the STATEs back, each only after every record
 * received before it is in a completed object, in the order received; plus
 * LOG lines. One pull-based pipeline, a stage per file:
 *
 *   input guards -> route (by stream) -> batch (fit rows, store rejected
 *     records, spool files, batch policy)
 *     -> encode + upload (bounded by max_uploads_in_flight) -> acknowledge
 *
 * Memory stays bounded: records are spooled per stream to local NDJSON
 * files, and input is read only as fast as files are converted and
 * uploaded. At the end of input everything is flushed, the Athena DDL of
 * each stream is written and, for overwrite, earlier generations are
 * deleted. On any failure, or when `deps.signal` is aborted, the generator
 * throws (no further state is yielded), in-flight multipart uploads are
 * aborted on the server before it returns, and local files are removed.
 */
export async function* write(config: DestinationConfig, catalog: ConfiguredAirbyteCatalog, input: DestinationInput, deps: WriteDependencies): AsyncGenerator<AirbyteMessage> {
  for (const warning of checkSyncModes(catalog)) yield logMessage('WARN', warning);
  const sync = { startedAt: deps.startedAt ?? new Date(), uuid: randomUUID() };
  const targets = new Map<string, StreamTarget>();
  catalog.streams.forEach((configured, index) => targets.set(streamId(configured.stream), createStreamTarget(config, configured, index, deps.spoolDirectory, sync)));
  const tracker = new AckTracker();
  const pool = new TaskPool(config.max_uploads_in_flight);
  const cancelled = cancelOnAbort(deps.signal, pool);
  const stopped = new AbortController();
  const messages = input.kind === 'lines' ? parseMessages(input.lines) : receivedObjects(guardMessages(input.messages));
  const batches = batchRecords(routeByStream(messages, targets), {
    policy: batchPolicy(config),
    tracker,
    targets: [...targets.values()],
    reject: (rejected) => storeRejectedRecord(rejected, { config, store: deps.store, syncRun: sync.uuid, signal: deps.signal }),
    stopped: stopped.signal,
  });
  const uploads = uploadBatches(batches, {
    config,
    store: deps.store,
    encoder: deps.converter,
    pool,
    tracker,
    syncRun: sync.uuid,
    onFileUploaded: deps.onFileUploaded,
    signal: deps.signal,
    cancelled,
  });
  try {
    yield* acknowledgeStates(uploads, tracker);
    yield* finaliseStreams(deps.store, config, targets.values(), () => pool.throwIfFailed());
    if (tracker.pendingStates > 0) throw systemError(`${tracker.pendingStates} states could not be acknowledged although every upload finished.`);
  } catch (error) {
    throw error instanceof ConnectorError ? error : systemError(`The write failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  } finally {
    stopped.abort();
    void uploads.return(undefined).catch(() => undefined); // not awaited: its input may be waiting for a read that never ends
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
