import type { JsonObject } from '../../json/json-value.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import { recordWithDataText } from '../../protocol/record-data-text.js';
import type { Hit } from './search-response.js';

/**
 * A RECORD for one hit: its `_source`, conformed to the stream's schema
 * (see schema/conform-record.ts), plus `_id` and `_index`. The hit's freshly
 * parsed `_source` object becomes the record's data (no copy: this runs once
 * per document), so the hit must not be used afterwards. When conforming
 * changed nothing and the page kept the `_source` text (search-response-
 * json.ts), the record carries its data's text, that text with `_id` and
 * `_index` added (record-data-text.ts), so the document is not serialised
 * again.
 */
export function hitToRecord(stream: string, hit: Hit, emittedAt: number, conform: (source: JsonObject) => boolean): AirbyteMessage {
  const data: JsonObject = hit.source;
  const changed = conform(data);
  const sourceText = changed || Object.hasOwn(data, '_id') || Object.hasOwn(data, '_index') ? undefined : hit.sourceText?.trimEnd();
  const text = sourceText?.endsWith('}') === true ? `${sourceText.slice(0, -1)}${hasKeys(data) ? ',' : ''}"_id":${JSON.stringify(hit.id)},"_index":${JSON.stringify(hit.index)}}` : undefined;
  data['_id'] = hit.id;
  data['_index'] = hit.index;
  return { type: 'RECORD', record: text === undefined ? { stream, data, emitted_at: emittedAt } : recordWithDataText(stream, data, emittedAt, text) };
}

function hasKeys(object: JsonObject): boolean {
  for (const _key in object) return true;
  return false;
}
