import type { JsonObject } from '../../json/json-value.js';
import { ENCODED_LINE, type AirbyteMessage } from '../../protocol/messages.js';
import type { Hit } from './search-response.js';

/**
 * A RECORD for one hit: its `_source`, conformed to the stream's schema
 * (see schema/conform-record.ts; `conform` says whether it changed the
 * document), plus `_id` and `_index`. The hit's freshly parsed `_source`
 * object becomes the record's data (no copy: this runs once per document),
 * so the hit must not be used afterwards.
 *
 * When conforming changed nothing and the document has no `_id` or `_index`
 * key of its own, the message also carries its encoded line (`ENCODED_LINE`),
 * made of the hit's one-line `_source` text as the server sent it: the same
 * values as the data object, exactly, without serialising it again.
 */
export function hitToRecord(stream: string, hit: Hit, emittedAt: number, conform: (source: JsonObject) => boolean): AirbyteMessage {
  const data: JsonObject = hit.source;
  const changed = conform(data);
  const text = hit.sourceText;
  const line = changed || text === undefined || Object.hasOwn(data, '_id') || Object.hasOwn(data, '_index') ? undefined : recordLine(stream, text, hit, emittedAt);
  data['_id'] = hit.id;
  data['_index'] = hit.index;
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt }, [ENCODED_LINE]: line };
}

/** The RECORD line `stringifyExactJson` would write for this message, with the `_source` text in place of its serialisation. */
function recordLine(stream: string, sourceText: string, hit: Hit, emittedAt: number): string {
  const ids = `"_id":${JSON.stringify(hit.id)},"_index":${JSON.stringify(hit.index)}}`;
  const empty = isEmptyObjectText(sourceText);
  return `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":${empty ? '{' : sourceText.slice(0, -1) + ','}${ids},"emitted_at":${emittedAt}}}`;
}

/** Whether the text of an object (`{...}`) holds no member: only blanks between the braces. */
function isEmptyObjectText(text: string): boolean {
  for (let at = 1; at < text.length - 1; at++) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09) return false;
  }
  return true;
}
