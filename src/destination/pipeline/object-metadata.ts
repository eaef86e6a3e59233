import type { StreamTarget } from './stream-target.js';

/** S3 user metadata keys (x-amz-meta-*) of every data object. */
export const METADATA_STREAM = 'airbyte-stream';
export const METADATA_GENERATION = 'airbyte-generation-id';
export const METADATA_SYNC = 'airbyte-sync-run';
export const METADATA_ROWS = 'airbyte-rows';

/**
 * The metadata that identifies a data object: its stream (namespace and
 * name, URI-encoded since metadata must be ASCII), generation, sync run and
 * row count. Overwrite relies on the first two.
 */
export function objectMetadata(target: StreamTarget, rows: number, syncRun = ''): Record<string, string> {
  return {
    [METADATA_STREAM]: encodeURIComponent(`${target.descriptor.namespace ?? ''}/${target.descriptor.name}`),
    [METADATA_GENERATION]: String(target.rowContext.generationId),
    [METADATA_SYNC]: syncRun,
    [METADATA_ROWS]: String(rows),
  };
}
