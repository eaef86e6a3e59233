import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/json/json-value.js';
import { compileConformer } from '../../../src/source/schema/conform-record.js';
import { mappingToFieldTree } from '../../../src/source/schema/mapping-to-field-tree.js';

const mapping: JsonObject = {
  properties: {
    n: { type: 'long' },
    at: { type: 'date' },
    s: { type: 'keyword' },
    tags: { type: 'keyword' },
    where: { type: 'geo_point' },
    constructor: { type: 'keyword' },
    toString: { type: 'long' },
    kubernetes: { properties: { labels: { properties: { app: { type: 'keyword' } } } } },
    plain: { properties: { a: { type: 'keyword' }, b: { type: 'keyword' } } },
  },
};
const conform = compileConformer(mappingToFieldTree(mapping, (path) => path === 'tags' || path === 'constructor'));

test('the conformer says whether it changed the document', () => {
  const unchanged: JsonObject[] = [
    { n: 1, at: '2024-01-02T03:04:05.123Z', s: 'x', tags: ['a'], where: { lat: 1, lon: 2 }, kubernetes: { labels: { app: 'a' } }, plain: { a: 'x', c: 'y.z' }, extra: { 'a.b': 1 } },
    {},
    { n: 'not a number', at: 'yesterday', s: ['a', 'b'], 'undeclared.dotted': 1 },
  ];
  for (const source of unchanged) {
    const before = structuredClone(source);
    assert.equal(conform(source), false, JSON.stringify(before));
    assert.deepEqual(source, before);
  }
  const changes: Array<[JsonObject, JsonObject]> = [
    [{ n: '42' }, { n: 42 }],
    [{ at: '2024-01-02' }, { at: '2024-01-02T00:00:00Z' }],
    [{ tags: 'one' }, { tags: ['one'] }],
    [{ where: '1.5,2.5' }, { where: { lat: 1.5, lon: 2.5 } }],
    [{ 'kubernetes.labels.app': 'x' }, { kubernetes: { labels: { app: 'x' } } }],
    [{ kubernetes: { 'labels.app': 'x' } }, { kubernetes: { labels: { app: 'x' } } }],
    [{ constructor: 'c' }, { constructor: ['c'] }],
  ];
  for (const [source, expected] of changes) {
    assert.equal(conform(source), true, JSON.stringify(source));
    assert.deepEqual(source, expected);
  }
});

test('declared fields named like Object.prototype members are conformed only when the document has them', () => {
  const source: JsonObject = { s: 'x' };
  assert.equal(conform(source), false);
  assert.deepEqual(Object.keys(source), ['s']);
  const own = JSON.parse('{"toString":"12","constructor":"c"}') as JsonObject;
  assert.equal(conform(own), true);
  assert.deepEqual(own, JSON.parse('{"toString":12,"constructor":["c"]}'));
});
