import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignColumnNames } from '../../../src/destination/schema/column-names.js';
import { columnType, jsonSchemaToLayout } from '../../../src/destination/schema/json-schema-to-layout.js';
import { duckdbType } from '../../../src/destination/schema/duckdb-types.js';
import { athenaDdl, hiveType } from '../../../src/destination/schema/athena-ddl.js';
import { allColumns, type ColumnType } from '../../../src/destination/schema/column-type.js';

const cases: Array<[string, unknown, ColumnType]> = [
  ['string', { type: 'string' }, { kind: 'string' }],
  ['nullable integer', { type: ['null', 'integer'] }, { kind: 'integer' }],
  ['first non-null type wins', { type: ['null', 'integer', 'string', 'array'], items: { type: 'integer' } }, { kind: 'integer' }],
  ['number', { type: 'number' }, { kind: 'number' }],
  ['airbyte integer', { type: 'number', airbyte_type: 'integer' }, { kind: 'integer' }],
  ['date-time', { type: ['null', 'string'], format: 'date-time' }, { kind: 'timestamp' }],
  ['airbyte timestamp', { type: 'string', airbyte_type: 'timestamp_with_timezone' }, { kind: 'timestamp' }],
  ['date', { type: 'string', format: 'date' }, { kind: 'date' }],
  ['well-known ref', { $ref: 'WellKnownTypes.json#/definitions/TimestampWithTimezone' }, { kind: 'timestamp' }],
  ['schemaless object', { type: 'object' }, { kind: 'json' }],
  ['array without items', { type: 'array' }, { kind: 'json' }],
  ['array of strings', { type: 'array', items: { type: 'string' } }, { kind: 'list', element: { kind: 'string' } }],
  ['union of different types', { oneOf: [{ type: 'string' }, { type: 'integer' }] }, { kind: 'json' }],
  ['union of one type', { anyOf: [{ type: 'null' }, { type: 'string' }] }, { kind: 'string' }],
  ['unknown type', { type: 'foo' }, { kind: 'json' }],
  ['no schema', true, { kind: 'json' }],
  ['struct', { type: 'object', properties: { a: { type: 'boolean' } } }, { kind: 'struct', fields: [{ source: 'a', name: 'a', type: { kind: 'boolean' } }] }],
];
for (const [name, schema, expected] of cases) {
  test(`type mapping: ${name}`, () => assert.deepEqual(columnType(schema as never), expected));
}

test('names colliding case-insensitively stay distinct, deterministically', () => {
  const names = assignColumnNames(['host', 'Host', 'HOST', 'host_2']);
  assert.deepEqual(Object.fromEntries(names), { HOST: 'HOST', Host: 'Host_3', host: 'host_4', host_2: 'host_2' });
  assert.deepEqual(Object.fromEntries(assignColumnNames(['HOST', 'host_2', 'host', 'Host'])), Object.fromEntries(names));
  assert.equal(new Set([...names.values()].map((n) => n.toLowerCase())).size, 4);
});

test('data columns never take a meta column name or the partition column', () => {
  const layout = jsonSchemaToLayout({ type: 'object', properties: { _airbyte_raw_id: { type: 'string' }, DT: { type: 'string' } } }, { reservedNames: ['dt'] });
  assert.deepEqual(layout.fields.map((f) => f.name), ['_airbyte_raw_id_2', 'DT_2']);
});

test('struct fields colliding case-insensitively are renamed too', () => {
  const type = columnType({ type: 'object', properties: { a: { type: 'string' }, A: { type: 'string' } } });
  assert.equal(type.kind, 'struct');
  if (type.kind === 'struct') assert.deepEqual(type.fields.map((f) => [f.source, f.name]), [['a', 'a_2'], ['A', 'A']]);
});

test('DuckDB and Hive type names', () => {
  const type: ColumnType = { kind: 'struct', fields: [{ source: 'a b', name: 'a b', type: { kind: 'list', element: { kind: 'timestamp' } } }] };
  assert.equal(duckdbType(type), 'STRUCT("a b" TIMESTAMPTZ[])');
  assert.equal(hiveType(type), 'struct<`a b`:array<timestamp>>');
});

test('Athena DDL with partition projection', () => {
  const ddl = athenaDdl({ table: 'logs', columns: allColumns({ fields: [], schemaless: true }), location: 's3://b/p/logs', partitioned: true, compression: 'SNAPPY' });
  assert.match(ddl, /^CREATE EXTERNAL TABLE IF NOT EXISTS `logs` \(/);
  assert.match(ddl, /`_airbyte_data` string/);
  assert.match(ddl, /PARTITIONED BY \(`dt` string\)/);
  assert.match(ddl, /LOCATION 's3:\/\/b\/p\/logs\/'/);
  assert.match(ddl, /'projection.dt.type'='date'/);
  assert.match(ddl, /'storage.location.template'='s3:\/\/b\/p\/logs\/dt=\$\{dt\}\/'/);
});
