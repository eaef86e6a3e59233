import { configError } from '../../protocol/connector-error.js';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import type { Field } from '../schema/column-type.js';

/** The Hive partition column of every partitioned table. */
export const PARTITION_COLUMN = 'dt';

export type Granularity = 'day' | 'hour' | 'month';

/** How one granularity is written: in directory names (DuckDB strftime), in Athena's projection, and its catch-all value. */
export interface GranularityFormat {
  /** strftime pattern of the partition value (DuckDB). */
  readonly strftime: string;
  /** Athena partition projection: `projection.dt.format` (Java DateTimeFormatter). */
  readonly projectionFormat: string;
  /** Athena partition projection: `projection.dt.interval.unit`. */
  readonly projectionUnit: 'DAYS' | 'HOURS' | 'MONTHS';
  /**
   * The partition of rows whose timestamp is missing, null or outside years
   * 1..9999: the first value of the format's range, so the projection (which
   * starts at the smallest partition written) still covers it.
   */
  readonly catchAll: string;
}

export const GRANULARITY_FORMATS: Readonly<Record<Granularity, GranularityFormat>> = {
  day: { strftime: '%Y-%m-%d', projectionFormat: 'yyyy-MM-dd', projectionUnit: 'DAYS', catchAll: '1970-01-01' },
  hour: { strftime: '%Y-%m-%d-%H', projectionFormat: 'yyyy-MM-dd-HH', projectionUnit: 'HOURS', catchAll: '1970-01-01-00' },
  month: { strftime: '%Y-%m', projectionFormat: 'yyyy-MM', projectionUnit: 'MONTHS', catchAll: '1970-01' },
};

/**
 * How the files of one stream are laid out:
 * - `none`: directly in the stream directory;
 * - `sync_start`: every file of the sync under `dt=<value>` (the sync start's UTC day);
 * - `event_time`: each row under the partition of its own `column` (a
 *   timestamp or date column of the layout), at `granularity`, in UTC.
 */
export type StreamPartitioning =
  | { readonly kind: 'none' }
  | { readonly kind: 'sync_start'; readonly value: string }
  | { readonly kind: 'event_time'; readonly column: string; readonly granularity: Granularity };

/** The partitioning a config asks for, with the deprecated `hive_partitioning` folded in; throws a config_error on a contradiction. */
export function configuredPartitioning(config: Pick<DestinationConfig, 'partitioning' | 'hive_partitioning'>): DestinationConfig['partitioning'] {
  if (!config.hive_partitioning) return config.partitioning;
  if (config.partitioning === 'event_time') {
    throw configError('The config sets both "hive_partitioning": true (partitions by sync start) and "partitioning": "event_time": remove "hive_partitioning", which is deprecated.');
  }
  return 'sync_start';
}

/** Whether the config partitions any stream (the partition column is then reserved in every stream's layout). */
export function partitionsAnything(config: Pick<DestinationConfig, 'partitioning' | 'hive_partitioning'>): boolean {
  return configuredPartitioning(config) !== 'none';
}

/**
 * The partitioning of one stream, given its columns: `event_time` needs a
 * top-level column named `partition_field` of a timestamp or date type;
 * a stream without one is not partitioned (`reason` says why, for a log line).
 */
export function streamPartitioning(
  config: Pick<DestinationConfig, 'partitioning' | 'hive_partitioning' | 'partition_field' | 'partition_granularity'>,
  columns: readonly Field[],
  startedAt: Date,
): { partitioning: StreamPartitioning; reason?: string } {
  switch (configuredPartitioning(config)) {
    case 'none':
      return { partitioning: { kind: 'none' } };
    case 'sync_start':
      return { partitioning: { kind: 'sync_start', value: formatPartition(startedAt, 'day') } };
    case 'event_time': {
      const column = columns.find((c) => c.name === config.partition_field);
      if (column === undefined) return { partitioning: { kind: 'none' }, reason: `it has no column "${config.partition_field}" (partition_field)` };
      if (column.type.kind !== 'timestamp' && column.type.kind !== 'date') {
        return { partitioning: { kind: 'none' }, reason: `its column "${config.partition_field}" (partition_field) is of type ${column.type.kind}, not a timestamp or date` };
      }
      return { partitioning: { kind: 'event_time', column: column.name, granularity: config.partition_granularity } };
    }
  }
}

/** The directory segment of a partition value: `dt=<value>`. */
export function partitionDirectory(value: string): string {
  return `${PARTITION_COLUMN}=${value}`;
}

/** The partition value of a `dt=<value>` key segment, or undefined when the key has none directly under `prefix`. */
export function partitionOfKey(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const segment = key.slice(prefix.length).split('/')[0] ?? '';
  return segment.startsWith(`${PARTITION_COLUMN}=`) && key.slice(prefix.length).includes('/') ? segment.slice(PARTITION_COLUMN.length + 1) : undefined;
}

/** The partition value of instant `at` (UTC) at `granularity`, as directory names and the projection write it. */
export function formatPartition(at: Date, granularity: Granularity): string {
  return partitionOfUtcText(at.toISOString(), granularity);
}

/** The partition value at `granularity` of UTC ISO text: `YYYY-MM-DDThh:...`, or a date alone (`YYYY-MM-DD`, hour 00). */
export function partitionOfUtcText(iso: string, granularity: Granularity): string {
  switch (granularity) {
    case 'day':
      return iso.slice(0, 10);
    case 'hour':
      return `${iso.slice(0, 10)}-${iso.length > 10 ? iso.slice(11, 13) : '00'}`;
    case 'month':
      return iso.slice(0, 7);
  }
}
