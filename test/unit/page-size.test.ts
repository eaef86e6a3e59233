import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPageSize, nextPageSize, PAGE_BUDGET_CHARS, sizeForSample } from '../../src/source/read/page-size.js';

/** The sizes a slice asks for, page after page, when every document takes `docChars` characters and the index never runs out. */
function ramp(limit: number, docChars: number, pages: number): number[] {
  const sizes = [firstPageSize(limit)];
  while (sizes.length < pages) {
    const asked = sizes.at(-1)!;
    sizes.push(nextPageSize(limit, asked, asked, asked * docChars));
  }
  return sizes;
}

test('small documents reach page_size on the sixth request, growing 4 times per request', () => {
  assert.deepEqual(ramp(1000, 1100, 8), [1, 4, 16, 64, 256, 1000, 1000, 1000]);
  assert.deepEqual(ramp(1, 1100, 3), [1, 1, 1]);
});

test('large documents keep pages near the budget of response text, and one document per page when one is larger than it', () => {
  const twoMb = 2 * 1024 * 1024;
  assert.deepEqual(ramp(1000, twoMb, 4), [1, 4, 4, 4]);
  assert.deepEqual(ramp(1000, 10 * 1024 * 1024, 3), [1, 1, 1]);
  for (const docChars of [700, 5_000, 64_000, 900_000, 3_000_000]) {
    for (const size of ramp(10_000, docChars, 12).slice(1)) assert.ok(size * docChars <= PAGE_BUDGET_CHARS || size === 1, `${size} documents of ${docChars} characters`);
  }
});

test('documents that grow shrink the next page at once; a page without hits or a length says nothing about sizes', () => {
  assert.equal(nextPageSize(1000, 1000, 1000, 1000 * 1_000_000), 8);
  assert.equal(nextPageSize(1000, 64, 0, 120), 64, 'an empty page asks for as many again');
  assert.equal(nextPageSize(1000, 64, 64, undefined), 256, 'without a length it grows as for small documents');
  assert.equal(nextPageSize(1000, 64, 10, 10 * 2_000_000), 4, 'a short page tells the size per document too');
});

test('a scroll takes its page size from a sample', () => {
  assert.equal(sizeForSample(1000, 10, 10 * 1100), 1000);
  assert.equal(sizeForSample(1000, 10, 10 * 3 * 1024 * 1024), 2);
  assert.equal(sizeForSample(1000, 3, 3 * 20 * 1024 * 1024), 1);
  assert.equal(sizeForSample(1000, 0, 200), 1000, 'an empty sample says nothing');
  assert.equal(sizeForSample(500, 10, undefined), 500);
});
