import { randomUUID } from 'node:crypto';
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

/** Where `parseResponseJson` keeps, on a page's `hits.hits` array, the texts of its hits' `_source` (a symbol, not enumerable: no JSON, no key). */
const SOURCE_TEXTS: unique symbol = Symbol('source texts');

/**
 * The JSON texts the `_source` of each hit of `hits` (a page's `hits.hits`
 * array) was parsed from by `parseResponseJson`, in hit order, exactly as
 * the server sent them (one line: blanks the document was indexed with
 * kept, no line break); undefined where the page was parsed whole.
 */
export function sourceTextsOf(hits: readonly JsonValue[]): readonly string[] | undefined {
  return (hits as { [SOURCE_TEXTS]?: readonly string[] })[SOURCE_TEXTS];
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
 * Parses a search page with each hit's `_source` apart, keeping its text
 * (`sourceTextsOf`), so that a document forwarded unchanged is written from
 * the text the server sent instead of serialised again; undefined when the
 * page is not such a page (no hits, a hit without sort values, a line
 * break in the text: a document indexed pretty-printed), which the caller
 * parses whole. The spans are guessed from the keys around them and proven,
 * not trusted: the page with each span replaced by a placeholder string
 * must parse (exactly, see `parseExactly`) to hits whose `_source` is that
 * placeholder, one for each span in order, which holds only when every span
 * stands exactly where its hit's `_source` does; and each span must parse
 * (exactly) to an object. Together the parses read the page's bytes once.
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
  const texts: string[] = [];
  for (let index = 0; index < hits.length; index++) {
    const sourceText = text.slice(spans[2 * index] as number, spans[2 * index + 1] as number);
    const source = parseExactObject(sourceText);
    if (source === undefined) return undefined;
    (hits[index] as JsonObject)['_source'] = source;
    texts.push(sourceText);
  }
  Object.defineProperty(hits, SOURCE_TEXTS, { value: texts });
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
