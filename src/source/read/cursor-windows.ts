import type { JsonObject, JsonValue } from '../../json/json-value.js';
import { MISSING_DATE_SORT_VALUE, nanosToSortValue, type ReadStrategy } from './read-strategy.js';

/**
 * Windows on the cursor of an incremental read.
 *
 * Why: a read sorted on its cursor is not in index order, and Elasticsearch
 * 8.14 does not skip the documents before a `search_after` position: every
 * page visits every document of every shard (profile: `next_doc_count` 1.5M
 * per shard per page on a 3M index), so a read costs the server in
 * proportion to the square of the index (raw reads on `@timestamp`: 55
 * Elasticsearch CPU-s at 1M documents, 377 at 3M). Each request is therefore
 * limited to a window `[from, to)` of cursor values, which the server finds
 * in its points index: 22.6 CPU-s at 1M, 54.8 at 3M.
 *
 * Why it loses nothing: every request still is `search_after` the slice's
 * position in the same sort, so a window only ever cuts off the end of the
 * answer, and the next window starts where the last one was known to be
 * read up to: the last hit's value after a full page (the documents after
 * it have that value or a later one), the end of the window after a short
 * page (every document in it after the position was returned). Windows
 * start at or below the smallest value of the read and end above its
 * largest; what is left after them (the documents without a cursor value,
 * sorted last, and any a read without point in time sees arrive later) is
 * read without a window, as every request was before.
 *
 * Units: whole milliseconds for a date cursor (also where it is sorted in
 * nanoseconds: a bound in whole milliseconds means the same on `date` and
 * `date_nanos` fields), the value itself for an integer cursor.
 */

/** The smallest and largest cursor value of the read, widened to whole units. */
export interface CursorSpan {
  readonly min: bigint;
  readonly max: bigint;
}

/** One request's cursor values: from `from` (inclusive) to `to` (exclusive). */
export interface CursorWindow {
  readonly from: bigint;
  readonly to: bigint;
}

/** The last whole millisecond a `date_nanos` value can hold (2262-04-11T23:47:16.854Z). */
const LAST_NANOS_MILLI = 9_223_372_036_854;

/**
 * The span from a `min` and `max` aggregation of the cursor (numbers, as
 * Elasticsearch gives them: milliseconds for dates, doubles for integers),
 * one unit wider on each side; none when the read has no cursor value or a
 * value a double cannot hold exactly.
 *
 * `nanos`: the cursor is sorted as `date_nanos` (an index family that maps
 * it as `date_nanos` somewhere). Its values outside 1970..2262 have no
 * nanosecond sort value (Elasticsearch 8.14 refuses such a sort: "before
 * the epoch in 1970 and cannot be converted to nanoseconds"), so such a
 * read gets no windows, which would only hide them from some requests.
 * Windows never go below 0 or past the last millisecond a `date_nanos`
 * bound can name; anything later is read without one.
 */
export function cursorSpan(min: JsonValue | undefined, max: JsonValue | undefined, nanos: boolean): CursorSpan | undefined {
  if (typeof min !== 'number' || typeof max !== 'number') return undefined;
  if (nanos && (min < 0 || max >= LAST_NANOS_MILLI + 1)) return undefined;
  const low = nanos ? Math.max(0, Math.floor(min) - 1) : Math.floor(min) - 1;
  const high = nanos ? Math.min(LAST_NANOS_MILLI, Math.ceil(max) + 1) : Math.ceil(max) + 1;
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) return undefined;
  return { min: BigInt(low), max: BigInt(high) };
}

/** A position's cursor value (the first sort value) in window units; none for the missing-value sentinel or a value that is no integer. */
export function windowValue(strategy: ReadStrategy, sortValue: JsonValue | undefined): bigint | undefined {
  const cursor = strategy.cursor;
  if (cursor === undefined) return undefined;
  let value: bigint;
  if (typeof sortValue === 'bigint') value = sortValue;
  else if (typeof sortValue === 'number' && Number.isInteger(sortValue)) value = BigInt(sortValue);
  else return undefined;
  if (cursor.kind !== 'date') return value;
  if (value >= MISSING_DATE_SORT_VALUE) return undefined;
  return cursor.sortsInMillis ? value : nanosToSortValue(value, true);
}

/** The first window of a slice, from `from` (its position's value, or the start of the span), 1/1024 of the span wide; none from the end of the span on. */
export function firstWindow(span: CursorSpan, from: bigint): CursorWindow | undefined {
  return windowFrom(span, from, (span.max - span.min) / 1024n);
}

/**
 * The window after a page of `window`. A full page ended at `last`: the
 * next window starts there, twice as wide as the page needed, so that it
 * holds about two pages. A short page exhausted the window: the next one
 * starts at its end, twice as wide. None once past the span, or after a
 * full page whose last value has no window units (the read goes on
 * without windows, which is always exact).
 */
export function nextWindow(span: CursorSpan, window: CursorWindow, full: boolean, last: bigint | undefined): CursorWindow | undefined {
  if (!full) return windowFrom(span, window.to, 2n * (window.to - window.from));
  return last === undefined ? undefined : windowFrom(span, last, 2n * (last - window.from));
}

/** `[from, from + width)`, at least one unit wide and never past the end of the span; none from the end of the span on. */
function windowFrom(span: CursorSpan, from: bigint, width: bigint): CursorWindow | undefined {
  if (from >= span.max) return undefined;
  const to = from + (width > 0n ? width : 1n);
  return { from, to: to < span.max ? to : span.max };
}

/** The window as a filter on the cursor field. */
export function windowFilter(strategy: ReadStrategy, window: CursorWindow): JsonObject {
  const field = strategy.cursor?.field ?? '';
  const bounds: JsonObject = strategy.cursor?.kind === 'date' ? { gte: window.from.toString(), lt: window.to.toString(), format: 'epoch_millis' } : { gte: window.from, lt: window.to };
  return { range: { [field]: bounds } };
}
