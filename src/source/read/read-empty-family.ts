import { logMessage, streamStateMessage, streamStatusMessage } from '../../protocol/message-factory.js';
import type { AirbyteMessage, ConfiguredAirbyteStream } from '../../protocol/messages.js';
import type { JsonObject } from '../../json/json-value.js';
import type { StreamTarget } from '../discover/resolve-streams.js';
import type { ServerInfo } from '../elasticsearch/server-info.js';
import type { StreamStateV1 } from '../state/stream-state.js';

/**
 * Reads an index family whose patterns match no open index now (all its
 * indices deleted, or none created yet): STARTED, a WARN, RUNNING, a
 * completed STATE and COMPLETE, without a request to the cluster (OpenSearch
 * 2 cannot open a point in time over nothing). The STATE keeps the saved
 * incremental cursor, so the next sync reads from where the last one ended;
 * an interrupted read's positions are dropped (their indices are gone).
 */
export async function* readEmptyFamily(target: StreamTarget, server: ServerInfo, configured: ConfiguredAirbyteStream, saved: StreamStateV1 | undefined): AsyncGenerator<AirbyteMessage> {
  const descriptor = { name: target.name };
  yield streamStatusMessage(descriptor, 'STARTED');
  yield logMessage('WARN', `Index family ${target.name} matches no open index now (patterns ${JSON.stringify(target.search)}): it yields no records this sync. Indices created later that match its patterns are read by the next sync.`);
  yield streamStatusMessage(descriptor, 'RUNNING');
  const state: StreamStateV1 = {
    version: 1,
    stream: target.name,
    sync_mode: configured.sync_mode,
    read_mode: saved?.read_mode ?? server.readMode,
    status: 'done',
    slice_max: 1,
    slices: [{ id: 0, done: true }],
    ...(configured.sync_mode === 'incremental' && saved?.cursor !== undefined ? { cursor: saved.cursor } : {}),
  };
  yield streamStateMessage(descriptor, state as unknown as JsonObject, 0);
  yield streamStatusMessage(descriptor, 'COMPLETE');
}
