import { configError } from '../protocol/connector-error.js';
import { isJsonObject } from '../json/json-value.js';

/**
 * Splits the sync's config input: either two files (`--source-config`,
 * `--destination-config`) or one combined file `{"source": {...},
 * "destination": {...}}`. Returns the raw halves; each connector validates its own.
 */
export function splitSyncConfig(input: { combined?: unknown; source?: unknown; destination?: unknown }, combinedPath?: string): { source: unknown; destination: unknown } {
  if (input.combined !== undefined) {
    if (!isJsonObject(input.combined) || input.combined['source'] === undefined || input.combined['destination'] === undefined) {
      throw configError(`The --config file ${combinedPath ?? ''} must be an object with "source" (the source-elasticsearch config) and "destination" (the destination-s3-parquet config).`);
    }
    const extra = Object.keys(input.combined).filter((key) => key !== 'source' && key !== 'destination');
    if (extra.length > 0) throw configError(`The --config file ${combinedPath ?? ''} has unknown top-level keys ${extra.map((k) => `"${k}"`).join(', ')}: keep only "source" and "destination".`);
    return { source: input.combined['source'], destination: input.combined['destination'] };
  }
  if (input.source === undefined || input.destination === undefined) {
    throw configError('Give either --config with a combined {"source", "destination"} file, or both --source-config and --destination-config.');
  }
  return { source: input.source, destination: input.destination };
}

/**
 * `sync`'s defaults for the destination half, over the connector's own:
 * partitioning by event time (`@timestamp` unless `partition_field` says
 * otherwise) unless the config chooses a partitioning, `hive_partitioning`
 * included. Streams without that timestamp column stay unpartitioned.
 * Anything but an object is returned as it is, for the destination's
 * validation to refuse.
 */
export function withSyncDestinationDefaults(destination: unknown): unknown {
  if (!isJsonObject(destination) || 'partitioning' in destination || 'hive_partitioning' in destination) return destination;
  return { ...destination, partitioning: 'event_time' };
}
