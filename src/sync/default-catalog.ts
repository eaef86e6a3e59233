import type { AirbyteCatalog, ConfiguredAirbyteCatalog } from '../protocol/messages.js';

/**
 * The catalog a standalone sync uses when none is given: every discovered
 * stream; incremental on its default cursor (appending new documents) where
 * the stream has one, else a full refresh that replaces the stream's earlier
 * files once it succeeded (overwrite, with the sync's start as generation).
 */
export function defaultConfiguredCatalog(catalog: AirbyteCatalog, generationId: number): ConfiguredAirbyteCatalog {
  return {
    streams: catalog.streams.map((stream) => {
      const incremental = stream.supported_sync_modes.includes('incremental') && stream.default_cursor_field !== undefined;
      return incremental
        ? { stream, sync_mode: 'incremental', cursor_field: stream.default_cursor_field, destination_sync_mode: 'append', generation_id: generationId, minimum_generation_id: 0 }
        : { stream, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite', generation_id: generationId, minimum_generation_id: generationId };
    }),
  };
}
