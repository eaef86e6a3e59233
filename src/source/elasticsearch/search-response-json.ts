import { randomUUID } from 'node:crypto';
import { systemError } from '../../protocol/connector-error.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';
import { isUnsafeIntegerDigits, parseExactJsonSlowly, parseExactObject, scanLongIntegers } from '../../json/exact-json.js';

/** How each hit's sort values are introduced in the compact JSON Elasticsearch and OpenSearch write. */
const SORT_KEY = '"sort":[';

/**
 * Parses a response body exactly, like `parseExactJson`, but faster for the
 * usual search page whose only integers beyond 2^53 are its hits' sort
 * values (`date_nanos` cursors, `_shard_doc` and `long` tiebreakers): the
 * native parser reads the page, and only the `"sort":[...]` arrays that
 * hold such an integer are parsed again exactly, from their text.
 *
 * The shortcut is taken only when the text proves it right, else the whole
 * text is parsed exactly (same values, slower):
 * - the text holds `"sort":[` exactly once per hit, every hit has a sort
 *   array, so the k-th occurrence is the k-th hit's own sort key (a key
 *   `sort` inside a `_source` adds an occurrence);
 * - every integer beyond 2^53 in the text lies inside one of those arrays
 *   (one in a `_source`, or a digit run in a string that looks like one,
 *   lies outside);
 * - each array re-parsed exactly has the natively parsed values.
 */
export function parseResponseJson(text: string): JsonValue {
  const body = parseWithSourceTexts(text) ?? parseExactly(text);
  if (body !== null && typeof body === 'object') TEXT_LENGTHS.set(body, text.length);
  return body;
}

/** Where `parseResponseJson` keeps, on a page's `hits.hits` array, the `_source` texts of its hits (a symbol, not enumerable: no JSON, no key). */
const PAGE_SOURCES: unique symbol = Symbol('page sources');

/** One hit's `_source`: the object, and the JSON text it was parsed from when the page kept it. */
export interface HitSource {
  readonly source: JsonObject;
  /** Exactly as the server sent it (one line: blanks the document was indexed with kept, no line break). */
  readonly text: string | undefined;
}

/**
 * The `_source` texts of the hits of a page parsed by `parseResponseJson`
 * with its texts kept; undefined where the page was parsed whole (its hits'
 * `_source` are then objects in the body). Where it is defined, the hits'
 * `_source` members in the body hold a placeholder, not the document, and
 * the body is provisional: see `PageSources`.
 */
export function pageSourcesOf(hits: readonly JsonValue[]): PageSources | undefined {
  return (hits as { [PAGE_SOURCES]?: PageSources })[PAGE_SOURCES];
}

/**
 * A page's `_source` texts, to be parsed one at a time as records are made,
 * so that each document's objects die young (a page parsed at once outlives
 * garbage collections and is copied to the old generation).
 *
 * The body parsed with placeholders (`parseWithSourceTexts`) is proven only
 * span by span: when spans 0..k-1 each parse to an object, the page's text
 * up to span k is read as the placeholder parse read it, so hits 0..k-1
 * (their `_id`, `_index`, sort values and `_source`) are exact. A span that
 * does not parse to an object was guessed wrong (a document holding a
 * member `"sort":[...]`), and from its hit on the body means nothing, not
 * even its number of hits: the hits from there are read from `whole()`.
 */
export class PageSources {
  constructor(
    private readonly text: string,
    /** Start and end (exclusive) of each hit's `_source` span, in hit order. */
    private readonly spans: readonly number[],
  ) {}

  /** The k-th hit's `_source` and its text, parsed on each call (the caller owns the object); undefined when the span is not an object, which ends the proof. */
  source(position: number): HitSource | undefined {
    const text = this.text.slice(this.spans[2 * position] as number, this.spans[2 * position + 1] as number);
    const source = parseExactObject(text);
    return source === undefined ? undefined : { source, text };
  }

  /** The page's `hits.hits`, parsed whole, exactly; a page that is not JSON is a system error. */
  whole(): readonly JsonValue[] {
    let body: JsonValue;
    try {
      body = parseExactly(this.text);
    } catch (error) {
      throw systemError(`The search returned a page that is not valid JSON (${(error as Error).message}), so the read stopped rather than skip documents. Rerun; if it recurs, check what sits between the connector and the cluster (a proxy rewriting responses).`);
    }
    const outer = isJsonObject(body) ? body['hits'] : undefined;
    const hits = isJsonObject(outer) ? outer['hits'] : undefined;
    return Array.isArray(hits) ? hits : [];
  }
}

/**
 * Stands in for each hit's `_source` while the rest of a page is parsed:
 * a string with 122 random bits, drawn once per process, which no response
 * holds except by guessing them.
 */
const SOURCE_PLACEHOLDER = `espq-source-${randomUUID()}`;
const SOURCE_PLACEHOLDER_TOKEN = JSON.stringify(SOURCE_PLACEHOLDER);
/** A hit's `_source` follows this key and, as Elasticsearch and OpenSearch order a hit's members, is followed by its sort values. */
const SOURCE_KEY = '"_source":';
const SORT_AFTER_SOURCE = ',"sort":[';

/**
 * The index of the next `,"sort":[` from `from`, or -1. Found by its `[`,
 * which documents hold far less often than the comma a text search starts
 * from: over a page of 1,000 log documents, 0.05 ms for every `[` against
 * 0.5 ms for every `,"sort":[`.
 */
function sortAfter(text: string, from: number): number {
  const opener = SORT_AFTER_SOURCE.length - 1;
  for (let at = text.indexOf('[', from + opener); at !== -1; at = text.indexOf('[', at + 1)) {
    if (text.startsWith(SORT_AFTER_SOURCE, at - opener)) return at - opener;
  }
  return -1;
}

/**
 * Parses a search page but for each hit's `_source`, whose text is kept
 * (`pageSourcesOf`) and parsed as its record is made, so that a document
 * forwarded unchanged is written from the text the server sent instead of
 * serialised again; undefined when the
 * page is not such a page (no hits, a hit without sort values, a line
 * break in the text: a document indexed pretty-printed), which the caller
 * parses whole. The spans are guessed from the keys around them and proven,
 * not trusted: the page with each span replaced by a placeholder string
 * must parse (exactly, see `parseExactly`) to hits whose `_source` is that
 * placeholder, one for each span in order; and each span must parse
 * (exactly) to an object, which is checked as each is read (`PageSources`).
 * Together the parses read the page's bytes once.
 */
function parseWithSourceTexts(text: string): JsonValue | undefined {
  if (text.includes('\n') || text.includes('\r')) return undefined;
  const pieces: string[] = [];
  const spans: number[] = [];
  let at = 0;
  for (let key = text.indexOf(SOURCE_KEY); key !== -1; key = text.indexOf(SOURCE_KEY, at)) {
    const start = key + SOURCE_KEY.length;
    const end = sortAfter(text, start);
    if (end === -1) return undefined;
    pieces.push(text.slice(at, start), SOURCE_PLACEHOLDER_TOKEN);
    spans.push(start, end);
    at = end;
  }
  if (spans.length === 0) return undefined;
  pieces.push(text.slice(at));
  let body: JsonValue;
  try {
    body = parseExactly(pieces.join(''));
  } catch {
    return undefined;
  }
  const outer = isJsonObject(body) ? body['hits'] : undefined;
  const hits = isJsonObject(outer) ? outer['hits'] : undefined;
  if (!Array.isArray(hits) || hits.length * 2 !== spans.length) return undefined;
  for (const hit of hits) if (!isJsonObject(hit) || hit['_source'] !== SOURCE_PLACEHOLDER) return undefined;
  Object.defineProperty(hits, PAGE_SOURCES, { value: new PageSources(text, spans) });
  return body;
}

/** The length of the text each parsed response body came from (for page sizes, see read/page-size.ts). */
const TEXT_LENGTHS = new WeakMap<object, number>();

/** The number of characters of the response text `body` was parsed from by `parseResponseJson`; undefined for any other value. */
export function responseTextLength(body: JsonValue): number | undefined {
  return body !== null && typeof body === 'object' ? TEXT_LENGTHS.get(body) : undefined;
}

function parseExactly(text: string): JsonValue {
  const unsafe: number[] = [];
  scanLongIntegers(text, (start, end) => {
    if (isUnsafeIntegerDigits(text.slice(start, end))) unsafe.push(start);
    return false;
  });
  if (unsafe.length === 0) return JSON.parse(text) as JsonValue;
  const body = JSON.parse(text) as JsonValue;
  return restoreExactSortValues(text, body, unsafe) ? body : parseExactJsonSlowly(text);
}

/** Replaces, in `body`, the sort arrays that hold the unsafe integers starting at `unsafe` (text order) by exact ones; false when the text does not prove the shortcut right. */
function restoreExactSortValues(text: string, body: JsonValue, unsafe: readonly number[]): boolean {
  const outer = isJsonObject(body) ? body['hits'] : undefined;
  const hits = isJsonObject(outer) ? outer['hits'] : undefined;
  if (!Array.isArray(hits) || hits.length === 0) return false;
  const keys: number[] = [];
  for (let at = text.indexOf(SORT_KEY); at !== -1; at = text.indexOf(SORT_KEY, at + SORT_KEY.length)) {
    if (keys.length === hits.length) return false;
    keys.push(at);
  }
  if (keys.length !== hits.length) return false;
  let hit = 0;
  let restored = -1;
  let arrayEnd = -1;
  for (const start of unsafe) {
    while (hit + 1 < keys.length && (keys[hit + 1] as number) < start) hit++;
    if ((keys[hit] as number) > start) return false;
    if (hit !== restored) {
      const open = (keys[hit] as number) + SORT_KEY.length - 1;
      arrayEnd = scalarArrayEnd(text, open);
      const raw = hits[hit];
      if (arrayEnd < 0 || !isJsonObject(raw)) return false;
      const native = raw['sort'];
      const exact = parseExactJsonSlowly(text.slice(open, arrayEnd + 1));
      if (!Array.isArray(native) || !Array.isArray(exact) || !sameValues(exact, native)) return false;
      raw['sort'] = exact;
      restored = hit;
    }
    if (start >= arrayEnd) return false;
  }
  return true;
}

/** The index of the `]` closing the array of scalars opened at `open`, or -1 (a nested array or object, or no end). */
function scalarArrayEnd(text: string, open: number): number {
  for (let at = open + 1; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x5d) return at; // ]
    if (code === 0x5b || code === 0x7b) return -1; // [ {
    if (code === 0x22) {
      // a string: skip to its closing quote, over escapes
      for (at++; at < text.length; at++) {
        const inner = text.charCodeAt(at);
        if (inner === 0x5c) at++;
        else if (inner === 0x22) break;
      }
    }
  }
  return -1;
}

/** Whether the exactly parsed scalars are the natively parsed ones (a bigint as the double it rounds to). */
function sameValues(exact: readonly JsonValue[], native: readonly JsonValue[]): boolean {
  if (exact.length !== native.length) return false;
  for (let index = 0; index < exact.length; index++) {
    const value = exact[index];
    if ((typeof value === 'bigint' ? Number(value) : value) !== native[index]) return false;
  }
  return true;
}
