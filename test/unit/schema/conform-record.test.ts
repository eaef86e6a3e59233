import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/json/json-value.js';
import { compileConformer } from '../../../src/source/schema/conform-record.js';
import { instantText } from '../../../src/source/schema/instant-text.js';
import { mappingToFieldTree } from '../../../src/source/schema/mapping-to-field-tree.js';

const mapping: JsonObject = {
  properties: {
    n: { type: 'long' },
    x: { type: 'double' },
    ok: { type: 'boolean' },
    s: { type: 'keyword' },
    at: { type: 'date' },
    secs: { type: 'date', format: 'epoch_second' },
    iso_only: { type: 'date', format: 'strict_date_optional_time' },
    tags: { type: 'keyword' },
    where: { type: 'geo_point' },
    places: { type: 'geo_point' },
    kubernetes: { properties: { labels: { properties: { app: { type: 'keyword' }, tier: { type: 'keyword' } } }, pod: { type: 'keyword' } } },
    items: { type: 'nested', properties: { qty: { type: 'integer' } } },
    range: { type: 'date_range' },
  },
};
const conform = compileConformer(mappingToFieldTree(mapping, (path) => path === 'tags' || path === 'places'));
const conformed = (source: JsonObject): JsonObject => {
  conform(source);
  return source;
};

test('lossless conversions: numeric strings, booleans, epochs, single values into lists', () => {
  assert.deepEqual(conformed({ n: '42', x: '1.5', ok: 'false', tags: 'one', s: 7 }), { n: 42, x: 1.5, ok: false, tags: ['one'], s: 7 });
  assert.deepEqual(conformed({ n: '18446744073709551615', x: '12345678901234567890' }), { n: 18446744073709551615n, x: 12345678901234567890n });
  assert.deepEqual(conformed({ at: 1700000000123, secs: 1700000000, iso_only: '2024-01-02' }), { at: '2023-11-14T22:13:20.123Z', secs: '2023-11-14T22:13:20.000Z', iso_only: '2024-01-02T00:00:00Z' });
  assert.deepEqual(conformed({ items: { qty: '3' } }), { items: [{ qty: 3 }] });
  assert.deepEqual(conformed({ range: { gte: 0, lt: '2024-01-01T10:00' } }), { range: { gte: '1970-01-01T00:00:00.000Z', lt: '2024-01-01T10:00:00Z' } });
});

test('values that do not fit travel exactly as they are', () => {
  const source = { n: 'not a number', x: '1.5.2', ok: 'yes', at: 'yesterday', iso_only: 1700000000000, s: ['a', 'b'], n2: { any: 1 } };
  assert.deepEqual(conformed(structuredClone(source)), source);
  assert.deepEqual(conformed({ n: [1, '2'] }), { n: [1, '2'] }, 'an array in a field declared single travels as it is');
  assert.deepEqual(conformed({ tags: null, n: null }), { tags: null, n: null });
});

test('geo points in every text and array form become {lat, lon}; a geohash stays', () => {
  assert.deepEqual(conformed({ where: '41.12,-71.34' }), { where: { lat: 41.12, lon: -71.34 } });
  assert.deepEqual(conformed({ where: [-71.34, 41.12] }), { where: { lat: 41.12, lon: -71.34 } });
  assert.deepEqual(conformed({ where: 'POINT (-71.34 41.12)' }), { where: { lat: 41.12, lon: -71.34 } });
  assert.deepEqual(conformed({ where: { lat: '41.12', lon: -71.34 } }), { where: { lat: 41.12, lon: -71.34 } });
  assert.deepEqual(conformed({ where: 'drm3btev3e86' }), { where: 'drm3btev3e86' });
  assert.deepEqual(conformed({ places: [-71.34, 41.12] }), { places: [{ lat: 41.12, lon: -71.34 }] });
  assert.deepEqual(conformed({ places: ['1,2', [3, 4]] }), { places: [{ lat: 1, lon: 2 }, { lat: 4, lon: 3 }] });
});

test('dotted keys under declared objects become the objects Elasticsearch reads them as', () => {
  assert.deepEqual(conformed({ 'kubernetes.labels.app': 'web', kubernetes: { pod: 'p1' } }), { kubernetes: { pod: 'p1', labels: { app: 'web' } } });
  assert.deepEqual(conformed({ 'kubernetes.labels.app': 'web', 'kubernetes.labels.tier': 'front' }), { kubernetes: { labels: { app: 'web', tier: 'front' } } });
  const clash = { 'kubernetes.pod': 'a', kubernetes: { pod: 'b' } };
  assert.deepEqual(conformed(structuredClone(clash)), clash, 'nothing is overwritten: the dotted key stays');
  assert.deepEqual(conformed({ 'unknown.key': 1 }), { 'unknown.key': 1 });
});

test('instants: exact epoch conversion with every fractional digit, ISO completed, out of range untouched', () => {
  const cases: Array<[Parameters<typeof instantText>[0], 'millis' | 'seconds' | undefined, string | undefined]> = [
    ['2024-01-02T03:04:05.123456789Z', 'millis', '2024-01-02T03:04:05.123456789Z'],
    ['2024-01-02T03:04:05+0100', 'millis', '2024-01-02T03:04:05+01:00'],
    ['2024-01-02T03:04', undefined, '2024-01-02T03:04:00Z'],
    ['2024-02', undefined, '2024-02-01T00:00:00Z'],
    ['1700000000123.456789', 'millis', '2023-11-14T22:13:20.123456789Z'],
    ['1700000000.5', 'seconds', '2023-11-14T22:13:20.500Z'],
    [-1, 'millis', '1969-12-31T23:59:59.999Z'],
    ['-0.5', 'millis', '1969-12-31T23:59:59.9995Z'],
    [0n, 'seconds', '1970-01-01T00:00:00.000Z'],
    [1700000000123, undefined, undefined],
    ['2024-02-30', 'millis', undefined],
    [300000000000000, 'millis', undefined],
    ['1700000000123.4567891', 'millis', undefined],
    [true, 'millis', undefined],
  ];
  for (const [value, unit, expected] of cases) assert.equal(instantText(value, unit), expected, `${String(value)} (${String(unit)})`);
});
