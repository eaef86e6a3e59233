import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { systemError, transientError } from '../../protocol/connector-error.js';
import { pageSourcesOf, type PageSources } from '../elasticsearch/search-response-json.js';

/** Where a hit stands in its page's order: what positions and checkpoints need. */
export interface HitKey {
  readonly id: string;
  /** The sort values of the hit, exactly as the server sent them. */
  readonly sort: readonly JsonValue[];
}

/** One document of a search page. */
export interface Hit extends HitKey {
  readonly index: string;
  readonly source: JsonObject;
  /** The JSON text `source` was parsed from, when the page kept it (search-response-json.ts). */
  readonly sourceText: string | undefined;
}

/**
 * The hits of a page, each document read as iteration reaches it: a page
 * that kept its `_source` texts parses each when its hit is yielded, so a
 * hit must be used before the next is asked for (its document is dropped
 * then). Iterate once.
 *
 * Such a page is provisional until iterated: `count` and `last` come from
 * the parse with placeholders, which each document read proves for the hits
 * up to it (`PageSources`). When a document's text turns out not to be
 * where the page was split, the page is parsed whole and its hits from
 * there on, how many and which, come from that parse. `settled` tells,
 * once iteration ends, the hits the page really held.
 */
export class PageHits implements Iterable<Hit> {
  /** Resolves when iteration ends: the keys of every hit the page held, or undefined when it stopped first. */
  readonly settled: Promise<readonly HitKey[] | undefined>;
  #settle: (keys: readonly HitKey[] | undefined) => void = () => undefined;
  /** The hits the page held, once known: at once for a page parsed whole, else when iteration reached the end. */
  #held: readonly JsonObject[] | undefined;
  #keys: readonly HitKey[] | undefined;

  constructor(
    private readonly what: string,
    /** The body's hits, each with a string `_id` and `_index`. */
    private readonly raw: readonly JsonObject[],
    /** The page's `_source` texts, where it kept them (`raw`'s `_source` are then placeholders). */
    private readonly sources: PageSources | undefined,
  ) {
    this.settled = new Promise((resolve) => (this.#settle = resolve));
    if (sources === undefined) this.#held = raw;
  }

  /** Whether `count` and `last` are proven before iteration (the page was parsed whole). */
  get proven(): boolean {
    return this.sources === undefined;
  }

  /** The number of hits (provisional unless `proven`). */
  get count(): number {
    return this.raw.length;
  }

  /** The last hit's sort values (provisional unless `proven`); undefined for an empty page. */
  get last(): readonly JsonValue[] | undefined {
    const raw = this.raw[this.raw.length - 1];
    return raw === undefined ? undefined : sortOf(raw);
  }

  /** The keys of every hit the page held, once it was iterated to its end (at once for a proven page). */
  keys(): readonly HitKey[] {
    if (this.#held === undefined) throw new Error('The keys of a page are known once it was read to its end.');
    this.#keys ??= this.#held.map((raw) => ({ id: raw['_id'] as string, sort: sortOf(raw) }));
    return this.#keys;
  }

  /** Ends a page whatever its reader did: `settled` resolves, undefined when the page was not read to its end. */
  close(): void {
    this.#settle(this.#held === undefined ? undefined : this.keys());
  }

  *[Symbol.iterator](): Iterator<Hit> {
    let hits = this.raw;
    /** The page's texts while the proof holds; none once the page is read whole. */
    let sources = this.sources;
    try {
      for (let position = 0; position < hits.length; position++) {
        const kept = sources?.source(position);
        if (sources !== undefined && kept === undefined) {
          hits = checkedHits(sources.whole(), this.what);
          sources = undefined;
        }
        const raw = hits[position];
        if (raw === undefined) break;
        const id = raw['_id'] as string;
        const index = raw['_index'] as string;
        const source = kept?.source ?? (isJsonObject(raw['_source']) ? raw['_source'] : {});
        yield { id, index, source, sourceText: kept?.text, sort: sortOf(raw) };
      }
      this.#held = hits;
    } finally {
      this.close();
    }
  }
}

function sortOf(raw: JsonObject): readonly JsonValue[] {
  const sort = raw['sort'];
  return Array.isArray(sort) ? sort : [];
}

/** The hits of a body, each checked to have an `_id` and an `_index`. */
function checkedHits(hits: readonly JsonValue[], what: string): readonly JsonObject[] {
  for (const raw of hits) {
    if (!isJsonObject(raw) || typeof raw['_id'] !== 'string' || typeof raw['_index'] !== 'string') throw systemError(`The search on ${what} returned a hit without _id or _index.`);
  }
  return hits as readonly JsonObject[];
}

/** A page of hits plus the ids the server handed back for the next request. */
export interface SearchPage {
  readonly hits: PageHits;
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
  const hits = new PageHits(what, checkedHits(rawHits, what), pageSourcesOf(rawHits));
  const page: { hits: PageHits; pitId?: string; scrollId?: string } = { hits };
  if (typeof body['pit_id'] === 'string') page.pitId = body['pit_id'];
  if (typeof body['_scroll_id'] === 'string') page.scrollId = body['_scroll_id'];
  return page;
}

function describeShardFailure(failure: JsonValue): string {
  if (!isJsonObject(failure)) return 'unknown failure';
  const reason = isJsonObject(failure['reason']) ? failure['reason'] : {};
  return `index ${String(failure['index'] ?? '?')} shard ${String(failure['shard'] ?? '?')}: ${String(reason['type'] ?? '')} ${String(reason['reason'] ?? '')}`.trim();
}
