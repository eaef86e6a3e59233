import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignColumnNames } from '../../../src/destination/schema/column-names.js';
import { columnType, jsonSchemaToLayout } from '../../../src/destination/schema/json-schema-to-layout.js';
import { duckdbType } from '../../../src/destination/schema/duckdb-types.js';
import { addPartitionsDdl, athenaDdl, hiveType } from '../../../src/destination/schema/athena-ddl.js';
import { allColumns, type ColumnType } from '../../../src/destination/schema/column-type.js';
import { GRANULARITY_FORMATS } from '../../../src/destination/partition/partition-scheme.js';

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

test('a lone surrogate in a key becomes U+FFFD in its name, which stays distinct (keys in code-unit order: the first takes the name)', () => {
  assert.deepEqual(Object.fromEntries(assignColumnNames(['a\ud800', 'a\ufffd', 'b\udc00c'])), { 'a\ud800': 'a\ufffd', 'a\ufffd': 'a\ufffd_2', 'b\udc00c': 'b\ufffdc' });
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

test('Athena DDL with partition projection over the partitions written, and ALTER TABLE statements', () => {
  const partitions = { format: GRANULARITY_FORMATS.day, values: ['2024-03-02', '1970-01-01', '2024-03-01'], now: '2026-12-01' };
  const ddl = athenaDdl({ table: 'logs', columns: allColumns({ fields: [], schemaless: true }), location: 's3://b/p/logs', partitions, compression: 'SNAPPY' });
  assert.match(ddl, /^CREATE EXTERNAL TABLE IF NOT EXISTS `logs` \(/);
  assert.match(ddl, /`_airbyte_data` string/);
  assert.match(ddl, /PARTITIONED BY \(`dt` string\)/);
  assert.match(ddl, /LOCATION 's3:\/\/b\/p\/logs\/'/);
  assert.match(ddl, /'projection.dt.type'='date'/);
  assert.match(ddl, /'projection.dt.format'='yyyy-MM-dd'/);
  assert.match(ddl, /'projection.dt.range'='1970-01-01,NOW'/, 'from the smallest partition (the catch-all) to NOW');
  assert.match(ddl, /'projection.dt.interval.unit'='DAYS'/);
  assert.match(ddl, /'storage.location.template'='s3:\/\/b\/p\/logs\/dt=\$\{dt\}\/'/);
  const future = athenaDdl({ table: 'logs', columns: [], location: 's3://b/p/logs/', partitions: { format: GRANULARITY_FORMATS.hour, values: ['2030-01-01-05', '2024-01-01-00'], now: '2026-12-01-12' }, compression: 'SNAPPY' });
  assert.match(future, /'projection.dt.range'='2024-01-01-00,2030-01-01-05'/, 'a partition after now ends the range');
  assert.match(future, /'projection.dt.format'='yyyy-MM-dd-HH'/);
  assert.match(future, /'projection.dt.interval.unit'='HOURS'/);
  const unpartitioned = athenaDdl({ table: 'logs', columns: [], location: 's3://b/p/logs/', partitions: undefined, compression: 'SNAPPY' });
  assert.doesNotMatch(unpartitioned, /PARTITIONED BY|projection/);
  const alter = addPartitionsDdl({ table: 'logs', location: 's3://b/p/logs', values: Array.from({ length: 150 }, (_, i) => `2024-01-${String((i % 31) + 1).padStart(2, '0')}-${String(Math.floor(i / 31)).padStart(2, '0')}`) });
  assert.equal(alter.match(/^ALTER TABLE `logs` ADD IF NOT EXISTS$/gm)?.length, 2, '150 partitions in statements of at most 100');
  assert.match(alter, /^  PARTITION \(`dt` = '2024-01-01-00'\) LOCATION 's3:\/\/b\/p\/logs\/dt=2024-01-01-00\/'$/m);
});
