import { isJsonObject, type JsonValue } from '../../json/json-value.js';
import { isUnsafeIntegerDigits, parseExactJsonSlowly, scanLongIntegers } from '../../json/exact-json.js';

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
  const body = parseExactly(text);
  if (body !== null && typeof body === 'object') TEXT_LENGTHS.set(body, text.length);
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
