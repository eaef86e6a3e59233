import type { JsonObject } from '../../json/json-value.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import type { Hit } from './search-response.js';

/** A RECORD for one hit: its `_source` plus `_id` and `_index`. */
export function hitToRecord(stream: string, hit: Hit, emittedAt: number): AirbyteMessage {
  const data: JsonObject = { ...hit.source, _id: hit.id, _index: hit.index };
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
}
