import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorSpan, firstWindow, nextWindow, windowFilter, windowValue, type CursorSpan, type CursorWindow } from '../../src/source/read/cursor-windows.js';
import { MISSING_DATE_SORT_VALUE, type ReadStrategy } from '../../src/source/read/read-strategy.js';
import { seededRandom } from '../support/seeded-random.js';

const strategy = (kind: 'date' | 'numeric', sortsInMillis: boolean): ReadStrategy => ({
  syncMode: 'incremental',
  readMode: 'pit',
  sort: [],
  sortKinds: ['numeric', 'numeric'],
  query: { match_all: {} },
  cursor: { field: '@timestamp', kind, includesMissing: true, sortsInMillis, windowed: true },
});

test('the span is one unit wider than the aggregation on each side; none without values, beyond exact doubles, or outside date_nanos for a nanosecond sort', () => {
  assert.deepEqual(cursorSpan(1_740_787_200_123, 1_740_787_200_999, false), { min: 1_740_787_200_122n, max: 1_740_787_201_000n });
  assert.deepEqual(cursorSpan(-1.5, 2.25, false), { min: -3n, max: 4n });
  assert.equal(cursorSpan(null, null, false), undefined);
  assert.equal(cursorSpan(undefined, 5, false), undefined);
  assert.equal(cursorSpan(-1e18, 1e18, false), undefined);
  assert.equal(cursorSpan(-1, 10, true), undefined, 'a date before 1970 in a nanosecond sort is clamped by the server');
  assert.equal(cursorSpan(0, 9_223_372_036_855, true), undefined, 'a date after 2262 likewise');
  assert.deepEqual(cursorSpan(0, 9_223_372_036_854.5, true), { min: 0n, max: 9_223_372_036_854n });
});

test('a position becomes whole milliseconds (rounded down) or stays the integer it is; the missing-value sentinel and fractions have none', () => {
  assert.equal(windowValue(strategy('date', true), 1_740_787_200_123), 1_740_787_200_123n);
  assert.equal(windowValue(strategy('date', false), 1_740_787_200_123_999_999n), 1_740_787_200_123n);
  assert.equal(windowValue(strategy('date', false), -1n), -1n);
  assert.equal(windowValue(strategy('date', true), MISSING_DATE_SORT_VALUE), undefined);
  assert.equal(windowValue(strategy('date', false), MISSING_DATE_SORT_VALUE), undefined);
  assert.equal(windowValue(strategy('numeric', false), 12.5), undefined);
  assert.equal(windowValue(strategy('numeric', false), 9_007_199_254_740_993n), 9_007_199_254_740_993n);
  assert.equal(windowValue(strategy('date', true), 'a'), undefined);
});

test('a window filters in whole epoch milliseconds for dates and exact integers for numbers', () => {
  assert.deepEqual(windowFilter(strategy('date', false), { from: -5n, to: 7n }), { range: { '@timestamp': { gte: '-5', lt: '7', format: 'epoch_millis' } } });
  assert.deepEqual(windowFilter(strategy('numeric', false), { from: 2n ** 60n, to: 2n ** 60n + 1n }), { range: { '@timestamp': { gte: 2n ** 60n, lt: 2n ** 60n + 1n } } });
});

test('windows never pass the end of the span, and a full page without a window value ends them', () => {
  const span: CursorSpan = { min: 0n, max: 100n };
  assert.deepEqual(firstWindow(span, 0n), { from: 0n, to: 1n });
  assert.deepEqual(firstWindow(span, 99n), { from: 99n, to: 100n });
  assert.equal(firstWindow(span, 100n), undefined);
  assert.deepEqual(nextWindow(span, { from: 10n, to: 20n }, false, undefined), { from: 20n, to: 40n });
  assert.deepEqual(nextWindow(span, { from: 10n, to: 20n }, true, 13n), { from: 13n, to: 19n });
  assert.deepEqual(nextWindow(span, { from: 10n, to: 20n }, true, 10n), { from: 10n, to: 11n }, 'ties: at least one unit');
  assert.deepEqual(nextWindow(span, { from: 60n, to: 90n }, false, undefined), { from: 90n, to: 100n });
  assert.equal(nextWindow(span, { from: 90n, to: 100n }, false, undefined), undefined);
  assert.equal(nextWindow(span, { from: 10n, to: 20n }, true, undefined), undefined);
});

/**
 * A model of the read: documents sorted by (value, tiebreaker); a request
 * returns up to `size` documents after the position whose value is in the
 * window (any value, for the multi-valued ones, while they sort by their
 * smallest), and the read goes on as slice-pages.ts does. Every document
 * must come exactly once, in sort order, whatever the data.
 */
test('windowed pages return every document once and in sort order: ties beyond a page, gaps, bursts, multi-valued documents, no value', () => {
  const random = seededRandom(20261202);
  for (let round = 0; round < 300; round++) {
    const docs: Array<{ values: bigint[]; key: bigint; tie: number }> = [];
    const count = 1 + Math.floor(random() * 400);
    let at = BigInt(Math.floor(random() * 2000) - 1000);
    for (let i = 0; i < count; i++) {
      const step = random();
      at += step < 0.4 ? 0n : step < 0.9 ? BigInt(Math.floor(random() * 5)) : BigInt(Math.floor(random() * 100_000));
      const values = random() < 0.1 ? [at, at + BigInt(Math.floor(random() * 200_000))] : [at];
      docs.push({ values, key: values.reduce((a, b) => (a < b ? a : b)), tie: i });
    }
    const missing = Math.floor(random() * 3);
    for (let i = 0; i < missing; i++) docs.push({ values: [], key: MISSING_DATE_SORT_VALUE, tie: count + i });
    const sorted = [...docs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.tie - b.tie));
    const valued = docs.filter((doc) => doc.values.length > 0).flatMap((doc) => doc.values);
    const span = cursorSpan(Number(valued.reduce((a, b) => (a < b ? a : b))), Number(valued.reduce((a, b) => (a > b ? a : b))), false);
    assert.ok(span !== undefined);
    const size = 1 + Math.floor(random() * 20);
    const after = (doc: { key: bigint; tie: number }, position: { key: bigint; tie: number } | undefined): boolean => position === undefined || doc.key > position.key || (doc.key === position.key && doc.tie > position.tie);
    const request = (position: { key: bigint; tie: number } | undefined, window: CursorWindow | undefined) =>
      sorted.filter((doc) => after(doc, position) && (window === undefined || doc.values.some((value) => value >= window.from && value < window.to))).slice(0, size);

    const read: typeof docs = [];
    let position: { key: bigint; tie: number } | undefined;
    let window = firstWindow(span, span.min);
    let requests = 0;
    for (let more = true; more; ) {
      const page = request(position, window);
      requests++;
      read.push(...page);
      const full = page.length >= size;
      if (page.length > 0) position = page[page.length - 1];
      if (window !== undefined) {
        window = nextWindow(span, window, full, full && position !== undefined && position.key !== MISSING_DATE_SORT_VALUE ? position.key : undefined);
        more = true;
      } else more = full;
      assert.ok(requests < 10_000, 'the read ends');
    }
    assert.deepEqual(read.map((doc) => doc.tie), sorted.map((doc) => doc.tie), `round ${round}: every document once, in sort order`);
  }
});
