import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { mappingToJsonSchema } from '../../src/source/discover/mapping-to-json-schema.js';
import type { JsonObject } from '../../src/json/json-value.js';

const mapping: JsonObject = {
  properties: {
    name: { type: 'keyword' },
    title: { type: 'text', fields: { raw: { type: 'keyword' } }, copy_to: ['all_text'] },
    all_text: { type: 'text' },
    count: { type: 'long' },
    price: { type: 'scaled_float', scaling_factor: 100 },
    ok: { type: 'boolean' },
    at: { type: 'date' },
    custom_at: { type: 'date', format: 'yyyy/MM/dd HH:mm:ss||epoch_millis' },
    where: { type: 'geo_point' },
    user: { properties: { name: { type: 'keyword' }, age: { type: 'integer' } } },
    items: { type: 'nested', properties: { sku: { type: 'keyword' } } },
    alias_of_name: { type: 'alias', path: 'name' },
    blob: { type: 'flattened' },
    mystery: { type: 'some_future_type' },
  },
  runtime: { day: { type: 'keyword' } },
};

const table: Array<[string, unknown]> = [
  ['name', { type: ['null', 'string', 'array'] }],
  ['count', { type: ['null', 'integer', 'number', 'string', 'array'] }],
  ['price', { type: ['null', 'number', 'string', 'array'] }],
  ['ok', { type: ['null', 'boolean', 'string', 'array'] }],
];

test('scalar fields list null, their main type, what _source may also hold, and array', () => {
  const properties = mappingToJsonSchema(mapping)['properties'] as Record<string, JsonObject>;
  for (const [field, expected] of table) assert.deepEqual(properties[field]?.['type'], (expected as JsonObject)['type'], field);
  assert.equal(properties['at']?.['format'], 'date-time');
  assert.equal(properties['custom_at']?.['format'], undefined);
  assert.equal(properties['custom_at']?.['x-elasticsearch-format'], 'yyyy/MM/dd HH:mm:ss||epoch_millis');
});

test('multi-fields, aliases, copy_to targets and runtime fields are not columns; _id and _index are', () => {
  const schema = mappingToJsonSchema(mapping);
  const properties = schema['properties'] as Record<string, JsonObject>;
  assert.ok(!('alias_of_name' in properties));
  assert.ok(!('all_text' in properties));
  assert.ok(!('day' in properties));
  assert.ok(!('raw' in properties) && properties['title'] !== undefined);
  assert.deepEqual(schema['required'], ['_id', '_index']);
  assert.ok(properties['mystery'] !== undefined && properties['blob'] !== undefined);
});

test('the schema admits what _source can hold', () => {
  const validate = new Ajv({ strict: false }).compile(mappingToJsonSchema(mapping));
  const documents = [
    { _id: '1', _index: 'i', name: 'a', count: 9007199254740993, price: '1.5', ok: 'true', at: 1700000000000, where: '41.1,-71.3' },
    { _id: '2', _index: 'i', name: ['a', 'b'], count: [1, 2], user: [{ name: 'x', age: 3 }], items: { sku: 'k' }, where: [-71.3, 41.1] },
    { _id: '3', _index: 'i', name: null, user: null, blob: { any: { thing: [1] } }, mystery: [{ a: 1 }], custom_at: '2024/01/02 03:04:05' },
    { _id: '4', _index: 'i', where: { lat: 1, lon: 2 }, dynamic_field: 'added by dynamic mapping' },
  ];
  for (const document of documents) assert.ok(validate(document), JSON.stringify(validate.errors));
  assert.ok(!validate({ _id: '5', _index: 'i', count: { not: 'a number' } }));
});

test('fields seen holding arrays list "array" first, so destinations make them lists', () => {
  const properties = mappingToJsonSchema(mapping, new Set(['name', 'user.name']))['properties'] as Record<string, JsonObject>;
  assert.deepEqual(properties['name']?.['type'], ['null', 'array', 'string']);
  assert.deepEqual(((properties['user']?.['properties'] as Record<string, JsonObject>)['name'])?.['type'], ['null', 'array', 'string']);
  assert.deepEqual(((properties['user']?.['properties'] as Record<string, JsonObject>)['age'])?.['type'], ['null', 'integer', 'number', 'string', 'array']);
});
