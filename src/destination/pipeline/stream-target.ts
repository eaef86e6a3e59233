import type { ConfiguredAirbyteStream, StreamDescriptor } from '../../protocol/messages.js';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import type { RowContext } from '../normalise/normalise-record.js';
import { PARTITION_COLUMN, partitionsAnything, streamPartitioning, type StreamPartitioning } from '../partition/partition-scheme.js';
import { compileRowPartition, type RowPartition } from '../partition/row-partition.js';
import { allColumns, type Field } from '../schema/column-type.js';
import { jsonSchemaToLayout } from '../schema/json-schema-to-layout.js';
import { StreamKeys, type SyncKeyContext } from './object-keys.js';
import { StreamSpool } from './spool.js';

/** First guess of Parquet bytes per spooled NDJSON byte (measured on log documents: about 0.2); replaced by the observed ratio. */
const INITIAL_PARQUET_RATIO = 0.2;

/** Everything the writer keeps about one configured stream during a sync. */
export interface StreamTarget {
  descriptor: StreamDescriptor;
  configured: ConfiguredAirbyteStream;
  columns: Field[];
  rowContext: RowContext;
  keys: StreamKeys;
  spool: StreamSpool;
  /** Number of the next file of this stream in this sync. */
  nextPart: number;
  /** Keys written by this sync (kept by overwrite). */
  writtenKeys: Set<string>;
  records: number;
  /** Records written with values nulled to fit, their originals stored whole (reject-record.ts). */
  rejected: number;
  /** Top-level fields nulled last when a row must shrink: the first element of the primary key's and cursor's paths. */
  keepFields: ReadonlySet<string>;
  /** Observed Parquet size per spooled byte, used to size spool files. */
  parquetRatio: number;
  /** Objects of this stream with a lower generation are deleted after success; 0 deletes nothing. */
  deleteBelowGeneration: number;
  /** How this stream's files are partitioned (partition-scheme.ts). */
  partitioning: StreamPartitioning;
  /** Event-time partitioning: the partition of a record's row, so that the spool gives each partition a file of its own. */
  partitionOf: RowPartition | undefined;
  /** The partition values this sync wrote files to (event-time partitioning). */
  partitionsWritten: Set<string>;
  /** Why event-time partitioning was asked for but does not apply to this stream (logged once), if so. */
  unpartitionedReason: string | undefined;
}

/** The key that identifies a stream in records and in the catalog. */
export function streamId(descriptor: { name: string; namespace?: string | null | undefined }): string {
  return `${descriptor.namespace ?? ''}\u0000${descriptor.name}`;
}

/**
 * Prepares one configured stream. `deleteBelowGeneration`: overwrite deletes
 * every earlier generation (below `minimum_generation_id`, or everything not
 * written by this sync when the platform sends no generation ids); append
 * deletes generations below `minimum_generation_id` when the platform asks
 * for it (a refresh), otherwise nothing.
 */
export function createStreamTarget(config: DestinationConfig, configured: ConfiguredAirbyteStream, index: number, spoolDirectory: string, sync: SyncKeyContext): StreamTarget {
  const { stream } = configured;
  const descriptor: StreamDescriptor = stream.namespace === undefined ? { name: stream.name } : { name: stream.name, namespace: stream.namespace };
  const layout = jsonSchemaToLayout(stream.json_schema, { reservedNames: partitionsAnything(config) ? [PARTITION_COLUMN] : [] });
  const columns = allColumns(layout);
  const { partitioning, reason } = streamPartitioning(config, columns, sync.startedAt);
  const partitionColumn = partitioning.kind === 'event_time' ? columns.find((column) => column.name === partitioning.column) : undefined;
  const generationId = configured.generation_id ?? 0;
  const minimum = configured.minimum_generation_id;
  const deleteBelowGeneration = configured.destination_sync_mode === 'overwrite' ? (minimum ?? Number.POSITIVE_INFINITY) : (minimum ?? 0);
  return {
    descriptor,
    configured,
    columns,
    rowContext: { layout, generationId, syncId: configured.sync_id ?? null },
    keys: new StreamKeys(config.path_prefix, config.object_key_template, partitioning.kind === 'sync_start' ? partitioning.value : undefined, stream, sync),
    spool: new StreamSpool(spoolDirectory, `stream${index}`),
    nextPart: 0,
    writtenKeys: new Set(),
    records: 0,
    rejected: 0,
    keepFields: keepFields(configured),
    parquetRatio: INITIAL_PARQUET_RATIO,
    deleteBelowGeneration,
    partitioning,
    partitionOf: partitioning.kind === 'event_time' && partitionColumn !== undefined ? compileRowPartition(partitionColumn, partitioning.granularity) : undefined,
    unpartitionedReason: reason,
    partitionsWritten: new Set(),
  };
}

/** The top-level fields of the stream's primary key and cursor (configured, else source-defined). */
function keepFields(configured: ConfiguredAirbyteStream): ReadonlySet<string> {
  const paths = [...(configured.primary_key ?? configured.stream.source_defined_primary_key ?? []), configured.cursor_field ?? configured.stream.default_cursor_field ?? []];
  return new Set(paths.map((path) => path[0]).filter((field): field is string => typeof field === 'string'));
}
