import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import type { JsonObject, JsonValue } from '../../../src/json/json-value.js';
import { cursorCandidates } from '../../../src/source/schema/cursor-candidates.js';
import { findField } from '../../../src/source/schema/field-node.js';
import { fieldTreeToJsonSchema } from '../../../src/source/schema/field-tree-to-json-schema.js';
import { jsonSchemaToFieldTree } from '../../../src/source/schema/json-schema-to-field-tree.js';
import { mappingToFieldTree } from '../../../src/source/schema/mapping-to-field-tree.js';
import { mergeFieldTrees } from '../../../src/source/schema/merge-field-trees.js';

const noArrays = (): boolean => false;

const mapping: JsonObject = {
  properties: {
    name: { type: 'keyword' },
    title: { type: 'text', fields: { raw: { type: 'keyword' } }, copy_to: ['all_text'] },
    all_text: { type: 'text' },
    count: { type: 'long' },
    big: { type: 'unsigned_long' },
    price: { type: 'scaled_float', scaling_factor: 100 },
    ok: { type: 'boolean' },
    at: { type: 'date' },
    nanos: { type: 'date_nanos', format: 'strict_date_optional_time_nanos||epoch_second' },
    custom_at: { type: 'date', format: 'yyyy/MM/dd HH:mm:ss||epoch_millis' },
    where: { type: 'geo_point' },
    blob64: { type: 'binary' },
    user: { properties: { name: { type: 'keyword' }, age: { type: 'integer' } } },
    items: { type: 'nested', properties: { sku: { type: 'keyword' } } },
    alias_of_name: { type: 'alias', path: 'name' },
    blob: { type: 'flattened' },
    raw_stuff: { type: 'object', enabled: false },
    shape: { type: 'geo_shape' },
    vector: { type: 'dense_vector', dims: 3 },
    span: { type: 'long_range' },
    mystery: { type: 'some_future_type' },
  },
  runtime: { day: { type: 'keyword' } },
};

const schemaOf = (source: JsonObject, arrays: (path: string) => boolean = noArrays): JsonObject => fieldTreeToJsonSchema(mappingToFieldTree(source, arrays));
const props = (schema: JsonValue | undefined): Record<string, JsonObject> => (schema as JsonObject)['properties'] as Record<string, JsonObject>;

const table: Array<[string, JsonObject]> = [
  ['name', { type: ['null', 'string'], 'x-elasticsearch-type': 'keyword' }],
  ['count', { type: ['null', 'integer'], 'x-elasticsearch-type': 'long' }],
  ['big', { type: ['null', 'integer'], 'x-elasticsearch-type': 'unsigned_long' }],
  ['price', { type: ['null', 'number'], 'x-elasticsearch-type': 'scaled_float' }],
  ['ok', { type: ['null', 'boolean'], 'x-elasticsearch-type': 'boolean' }],
  ['at', { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone', 'x-elasticsearch-type': 'date' }],
  ['nanos', { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone', 'x-elasticsearch-type': 'date_nanos', 'x-elasticsearch-format': 'strict_date_optional_time_nanos||epoch_second' }],
  ['custom_at', { type: ['null', 'string'], 'x-elasticsearch-type': 'date', 'x-elasticsearch-format': 'yyyy/MM/dd HH:mm:ss||epoch_millis' }],
  ['blob64', { type: ['null', 'string'], contentEncoding: 'base64', 'x-elasticsearch-type': 'binary' }],
  ['blob', { 'x-elasticsearch-type': 'flattened' }],
  ['raw_stuff', { 'x-elasticsearch-type': 'object' }],
  ['shape', { 'x-elasticsearch-type': 'geo_shape' }],
  ['mystery', { 'x-elasticsearch-type': 'some_future_type' }],
  ['vector', { type: ['null', 'array'], items: { type: ['null', 'number'] }, 'x-elasticsearch-type': 'dense_vector' }],
];

test('every mapping type gets one declared type in the forms Airbyte destinations understand', () => {
  const properties = props(schemaOf(mapping));
  for (const [field, expected] of table) assert.deepEqual(properties[field], expected, field);
  assert.deepEqual(properties['user'], {
    type: ['null', 'object'],
    properties: { name: { type: ['null', 'string'], 'x-elasticsearch-type': 'keyword' }, age: { type: ['null', 'integer'], 'x-elasticsearch-type': 'integer' } },
    additionalProperties: true,
    'x-elasticsearch-type': 'object',
  });
  assert.deepEqual(properties['items'], {
    type: ['null', 'array'],
    items: { type: ['null', 'object'], properties: { sku: { type: ['null', 'string'], 'x-elasticsearch-type': 'keyword' } }, additionalProperties: true },
    'x-elasticsearch-type': 'nested',
  });
  assert.deepEqual(props(properties['where'])['lat'], { type: ['null', 'number'] });
  assert.deepEqual(props(properties['span'])['gte'], { type: ['null', 'integer'] });
});

test('multi-fields, aliases, copy_to targets and runtime fields are not fields; _id and _index are required', () => {
  const schema = schemaOf(mapping);
  const properties = props(schema);
  for (const absent of ['alias_of_name', 'all_text', 'day', 'raw']) assert.ok(!(absent in properties), absent);
  assert.deepEqual(schema['required'], ['_id', '_index']);
  assert.deepEqual(properties['_id'], { type: 'string', description: 'Document _id (primary key).' });
});

test('no property anywhere has more than one non-null type', () => {
  const check = (schema: JsonObject, path: string): void => {
    const type = schema['type'];
    if (Array.isArray(type)) assert.ok(type.filter((t) => t !== 'null').length <= 1, `${path}: ${JSON.stringify(type)}`);
    if (schema['items'] !== undefined) check(schema['items'] as JsonObject, `${path}[]`);
    for (const [name, inner] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonObject>)) check(inner, `${path}.${name}`);
  };
  check(schemaOf(mapping, (path) => path === 'name' || path === 'user'), '');
});

test('fields seen holding arrays (or named by the user) become lists of their type', () => {
  const properties = props(schemaOf(mapping, (path) => path === 'name' || path === 'user.name'));
  assert.deepEqual(properties['name'], { type: ['null', 'array'], items: { type: ['null', 'string'] }, 'x-elasticsearch-type': 'keyword' });
  assert.deepEqual(props(properties['user'])['name'], { type: ['null', 'array'], items: { type: ['null', 'string'] }, 'x-elasticsearch-type': 'keyword' });
  assert.deepEqual(props(properties['user'])['age']?.['type'], ['null', 'integer']);
});

test('the schema is linear in the mapping: each subtree described once, at any depth', () => {
  const deep = (depth: number): JsonObject => {
    let properties: JsonObject = { leaf: { type: 'keyword' }, n: { type: 'long' } };
    for (let level = 0; level < depth; level++) properties = { [`level${level}`]: { properties }, [`value${level}`]: { type: 'keyword' } };
    return { properties };
  };
  const ratio = (depth: number): number => JSON.stringify(schemaOf(deep(depth), () => true)).length / JSON.stringify(deep(depth)).length;
  assert.ok(ratio(19) < 6, `depth 19: schema ${ratio(19).toFixed(2)}x the mapping`);
  assert.ok(ratio(19) <= ratio(4) + 0.1, `the ratio does not grow with depth (${ratio(4).toFixed(2)} at 4, ${ratio(19).toFixed(2)} at 19)`);
  const wide: JsonObject = { properties: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field_${i}`, { type: i % 2 === 0 ? 'keyword' : 'long' }])) };
  assert.ok(JSON.stringify(schemaOf(wide)).length < 4 * JSON.stringify(wide).length);
});

test('the schema admits conformed documents', () => {
  const validate = new Ajv({ strict: false }).compile(schemaOf(mapping, (path) => path === 'name'));
  const documents = [
    { _id: '1', _index: 'i', name: ['a'], count: 42, price: 1.5, ok: true, at: '2023-11-14T22:13:20.000Z', where: { lat: 41.1, lon: -71.3 } },
    { _id: '2', _index: 'i', name: null, user: { name: 'x', age: 3 }, items: [{ sku: 'k' }], blob: { any: { thing: [1] } }, mystery: [{ a: 1 }], custom_at: '2024/01/02 03:04:05' },
    { _id: '3', _index: 'i', dynamic_field: 'added by dynamic mapping', vector: [1, 2, 3], span: { gte: 1, lt: 5 } },
  ];
  for (const document of documents) assert.ok(validate(document), JSON.stringify(validate.errors));
  assert.ok(!validate({ _id: '4', _index: 'i', count: 'not a number' }));
});

test('member indices merge into one tree: widest type, or free-form on conflict, never a failure', () => {
  const a = mappingToFieldTree({ properties: { n: { type: 'long' }, m: { type: 'long' }, s: { type: 'keyword' }, o: { properties: { x: { type: 'keyword' } } }, c: { type: 'keyword' }, d: { type: 'date' }, only_a: { type: 'boolean' } } }, noArrays);
  const b = mappingToFieldTree({ properties: { n: { type: 'double' }, m: { type: 'keyword' }, s: { type: 'keyword' }, o: { properties: { y: { type: 'long' } } }, c: { properties: { z: { type: 'long' } } }, d: { type: 'date', format: 'epoch_second' } } }, (path) => path === 's');
  const properties = props(fieldTreeToJsonSchema(mergeFieldTrees([a, b])));
  assert.deepEqual(properties['n'], { type: ['null', 'number'], 'x-elasticsearch-type': 'double|long' });
  assert.deepEqual(properties['m'], { type: ['null', 'string'], 'x-elasticsearch-type': 'keyword|long' });
  assert.deepEqual(properties['s'], { type: ['null', 'array'], items: { type: ['null', 'string'] }, 'x-elasticsearch-type': 'keyword' });
  assert.deepEqual(Object.keys(props(properties['o'])), ['x', 'y']);
  assert.deepEqual(properties['c'], { 'x-elasticsearch-type': 'keyword|object' });
  assert.deepEqual(properties['d']?.['type'], ['null', 'string'], 'epoch_millis in one index, epoch_second in another: numbers are ambiguous, text');
  assert.deepEqual(properties['only_a']?.['type'], ['null', 'boolean']);
});

test('cursor candidates: dates and numbers outside nested objects, not geo or range parts, not mixed types', () => {
  const tree = mappingToFieldTree(mapping, noArrays);
  const candidates = cursorCandidates(tree);
  assert.equal(candidates.get('at'), 'date');
  assert.equal(candidates.get('custom_at'), 'date');
  assert.equal(candidates.get('count'), 'numeric');
  assert.equal(candidates.get('user.age'), 'numeric');
  for (const absent of ['items.sku', 'where.lat', 'span.gte', 'name']) assert.ok(!candidates.has(absent), absent);
  const mixed = mergeFieldTrees([mappingToFieldTree({ properties: { t: { type: 'long' } } }, noArrays), mappingToFieldTree({ properties: { t: { type: 'keyword' } } }, noArrays)]);
  assert.equal(cursorCandidates(mixed).size, 0);
  assert.equal(findField(tree, 'user.age')?.esType, 'integer');
  assert.equal(findField(mappingToFieldTree({ properties: { 'a.b': { type: 'long' } } }, noArrays), 'a.b')?.esType, 'long');
});

test('a rendered schema reads back as the same tree; an older union schema is recognised', () => {
  const tree = mappingToFieldTree(mapping, (path) => path === 'name');
  const back = jsonSchemaToFieldTree(fieldTreeToJsonSchema(tree));
  assert.equal(back.legacy, false);
  assert.deepEqual(fieldTreeToJsonSchema(back.tree), fieldTreeToJsonSchema(tree));
  const legacy = jsonSchemaToFieldTree({ type: 'object', properties: { _id: { type: 'string' }, n: { type: ['null', 'integer', 'number', 'string', 'array'], items: {} }, tags: { type: ['null', 'array', 'string'], items: { type: ['null', 'string', 'array'] } } } });
  assert.equal(legacy.legacy, true);
  assert.deepEqual(legacy.tree.fields.get('n')?.type, { kind: 'integer' });
  assert.equal(legacy.tree.fields.get('tags')?.array, true);
  assert.ok(!legacy.tree.fields.has('_id'));
});
