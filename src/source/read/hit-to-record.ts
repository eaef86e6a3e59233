import type { JsonObject } from '../../json/json-value.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import type { Hit } from './search-response.js';

/**
 * A RECORD for one hit: its `_source`, conformed to the stream's schema
 * (see schema/conform-record.ts), plus `_id` and `_index`. The hit's freshly
 * parsed `_source` object becomes the record's data (no copy: this runs once
 * per document), so the hit must not be used afterwards.
 */
export function hitToRecord(stream: string, hit: Hit, emittedAt: number, conform: (source: JsonObject) => void): AirbyteMessage {
  const data: JsonObject = hit.source;
  conform(data);
  data['_id'] = hit.id;
  data['_index'] = hit.index;
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
}
