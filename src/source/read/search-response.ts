import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { systemError, transientError } from '../../protocol/connector-error.js';
import { sourceTextsOf } from '../elasticsearch/search-response-json.js';

/** One document of a search page. */
export interface Hit {
  readonly id: string;
  readonly index: string;
  readonly source: JsonObject;
  /** The JSON text `source` was parsed from, when the page kept it (search-response-json.ts). */
  readonly sourceText: string | undefined;
  /** The sort values of the hit, exactly as the server sent them. */
  readonly sort: readonly JsonValue[];
}

/** A page of hits plus the ids the server handed back for the next request. */
export interface SearchPage {
  readonly hits: readonly Hit[];
  readonly pitId?: string;
  readonly scrollId?: string;
}

/**
 * Checks and unpacks a search response. A response with failed shards is an
 * error, never a short page: reading on would silently skip documents.
 */
export function parseSearchResponse(body: JsonValue, what: string): SearchPage {
  if (!isJsonObject(body)) throw systemError(`The search on ${what} returned no JSON object.`);
  const shards = isJsonObject(body['_shards']) ? body['_shards'] : undefined;
  const failed = shards?.['failed'];
  if (typeof failed === 'number' && failed > 0) {
    const reasons = Array.isArray(shards?.['failures']) ? shards['failures'].map(describeShardFailure).join('; ') : 'no reason given';
    throw transientError(`${failed} shard(s) failed while reading ${what}, so the page is incomplete and the read stopped rather than skip documents: ${reasons}. Check the cluster health and rerun; the read resumes from the last state.`);
  }
  if (body['timed_out'] === true) throw transientError(`The search on ${what} timed out on the server, so the page may be incomplete; the read stopped rather than skip documents. Rerun, or raise request_timeout_seconds.`);
  const outer = isJsonObject(body['hits']) ? body['hits'] : undefined;
  const rawHits = Array.isArray(outer?.['hits']) ? outer['hits'] : [];
  const texts = sourceTextsOf(rawHits);
  const hits: Hit[] = [];
  for (const raw of rawHits) {
    if (!isJsonObject(raw) || typeof raw['_id'] !== 'string' || typeof raw['_index'] !== 'string') throw systemError(`The search on ${what} returned a hit without _id or _index.`);
    const source = isJsonObject(raw['_source']) ? raw['_source'] : {};
    hits.push({ id: raw['_id'], index: raw['_index'], source, sourceText: texts?.[hits.length], sort: Array.isArray(raw['sort']) ? raw['sort'] : [] });
  }
  const page: { hits: Hit[]; pitId?: string; scrollId?: string } = { hits };
  if (typeof body['pit_id'] === 'string') page.pitId = body['pit_id'];
  if (typeof body['_scroll_id'] === 'string') page.scrollId = body['_scroll_id'];
  return page;
}

function describeShardFailure(failure: JsonValue): string {
  if (!isJsonObject(failure)) return 'unknown failure';
  const reason = isJsonObject(failure['reason']) ? failure['reason'] : {};
  return `index ${String(failure['index'] ?? '?')} shard ${String(failure['shard'] ?? '?')}: ${String(reason['type'] ?? '')} ${String(reason['reason'] ?? '')}`.trim();
}
