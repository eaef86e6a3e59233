import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceValue, MISFIT, type Misfit } from '../../../src/destination/normalise/coerce-value.js';
import { formatTimestampMicros, parseTimestampMicros } from '../../../src/destination/normalise/parse-timestamp.js';
import { normaliseRecord } from '../../../src/destination/normalise/normalise-record.js';
import { jsonSchemaToLayout } from '../../../src/destination/schema/json-schema-to-layout.js';
import { parseExactJson } from '../../../src/json/exact-json.js';
import type { ColumnType } from '../../../src/destination/schema/column-type.js';
import type { JsonValue } from '../../../src/json/json-value.js';

const I: ColumnType = { kind: 'integer' };
const N: ColumnType = { kind: 'number' };
const S: ColumnType = { kind: 'string' };
const B: ColumnType = { kind: 'boolean' };
const T: ColumnType = { kind: 'timestamp' };
const D: ColumnType = { kind: 'date' };
const J: ColumnType = { kind: 'json' };

const cases: Array<[ColumnType, JsonValue, JsonValue | typeof MISFIT]> = [
  [I, 42, 42],
  [I, '42', 42],
  [I, '-7', -7],
  [I, '042', MISFIT],
  [I, '4.0', 4],
  [I, '15001.000000000', 15001],
  [I, '-0', 0],
  [I, '4.5', MISFIT],
  [I, '4.', MISFIT],
  [I, '1e3', MISFIT],
  [I, ' 42', MISFIT],
  [I, '9223372036854775807.000', 9223372036854775807n],
  [I, '-9223372036854775808.0', -9223372036854775808n],
  [I, '9223372036854775808.0', MISFIT],
  [I, 1.5, MISFIT],
  [I, 9223372036854775807n, 9223372036854775807n],
  [I, -9223372036854775808n, -9223372036854775808n],
  [I, 9223372036854775808n, MISFIT],
  [I, '9223372036854775807', 9223372036854775807n],
  [I, '9223372036854775808', MISFIT],
  [I, [1], MISFIT],
  [I, true, MISFIT],
  [N, 1.5, 1.5],
  [N, '1.5', 1.5],
  [N, '1.50', 1.5],
  [N, '15001.000000000', 15001],
  [N, '-2.5e3', -2500],
  [N, '1E-2', 0.01],
  [N, '9007199254740993', MISFIT],
  [N, '9007199254740993.000', MISFIT],
  [N, '9007199254740992', 9007199254740992],
  [N, '1e400', MISFIT],
  [N, '+1', MISFIT],
  [N, '.5', MISFIT],
  [N, '01', MISFIT],
  [N, '1 ', MISFIT],
  [N, 'NaN', MISFIT],
  [N, 'Infinity', MISFIT],
  [N, '', MISFIT],
  [N, 9007199254740993n, MISFIT],
  [N, 9007199254740992n, 9007199254740992],
  [N, 'abc', MISFIT],
  [S, 'é😀', 'é😀'],
  [S, 'a\ud800b', MISFIT],
  [S, '\ude00', MISFIT],
  [J, '\ud800', '"\\ud800"'],
  [S, 42, '42'],
  [S, 12345678901234567890n, '12345678901234567890'],
  [S, false, 'false'],
  [S, { a: 1 }, MISFIT],
  [S, ['a'], MISFIT],
  [B, 'true', true],
  [B, 'yes', MISFIT],
  [T, '2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000000Z'],
  [T, '2024-01-02T03:04:05.123456+02:00', '2024-01-02T01:04:05.123456Z'],
  [T, '2024-01-02T03:04:05.5', '2024-01-02T03:04:05.500000Z'],
  [T, '2024-01-02', '2024-01-02T00:00:00.000000Z'],
  [T, '2024-01-02 03:04', '2024-01-02T03:04:00.000000Z'],
  [T, 1700000000000, '2023-11-14T22:13:20.000000Z'],
  [T, '1700000000000', '2023-11-14T22:13:20.000000Z'],
  [T, -1, '1969-12-31T23:59:59.999000Z'],
  [T, '2024-01-02T03:04:05.123456789Z', MISFIT],
  [T, '2024-01-02T03:04:05.123456000Z', '2024-01-02T03:04:05.123456Z'],
  [T, '2023-02-29', MISFIT],
  [T, 'yesterday', MISFIT],
  [T, '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000000Z'],
  [D, '2024-02-29', '2024-02-29'],
  [D, '2024-02-30', MISFIT],
  [D, 1700000000000, MISFIT],
  [J, { a: [1, 12345678901234567890n] }, '{"a":[1,12345678901234567890]}'],
  [J, 'x', '"x"'],
  [I, null, null],
];
for (const [type, value, expected] of cases) {
  test(`coerce ${String(value)} (${typeof value}) to ${type.kind}`, () => {
    assert.deepEqual(coerceValue(value, type, '/f', []), expected);
  });
}

test('timestamps round-trip through microseconds', () => {
  assert.equal(formatTimestampMicros(parseTimestampMicros('1969-07-20T20:17:40.000001Z') ?? 0n), '1969-07-20T20:17:40.000001Z');
});

test('list elements that do not fit become null and are reported', () => {
  const misfits: Misfit[] = [];
  assert.deepEqual(coerceValue([1, 'x', 3], { kind: 'list', element: I }, '/l', misfits), [1, null, 3]);
  assert.deepEqual(misfits, [{ pointer: '/l/1', value: 'x', reason: 'type' }]);
});

test('a record: misfits and undeclared fields go to the overflow column and _airbyte_meta.changes', () => {
  const layout = jsonSchemaToLayout({
    type: 'object',
    properties: { n: { type: ['null', 'integer', 'string', 'array'] }, u: { type: 'object', properties: { 'a/b': { type: 'integer' } } } },
  });
  const line = normaliseRecord(
    { stream: 's', emitted_at: 1700000000000, data: { n: [1, 2], u: { 'a/b': 'x', z: true }, extra: { deep: 12345678901234567890n } }, meta: { changes: [{ field: 'q', change: 'TRUNCATED', reason: 'SOURCE_FIELD_SIZE_LIMITATION' }] } },
    { layout, generationId: 3, syncId: 9 },
  );
  const row = parseExactJson(line) as Record<string, JsonValue>;
  assert.deepEqual(Object.keys(row), ['_airbyte_raw_id', '_airbyte_extracted_at', '_airbyte_generation_id', '_airbyte_meta', 'n', 'u', '_airbyte_overflow']);
  assert.equal(row['n'], null);
  assert.deepEqual(row['u'], { 'a/b': null });
  assert.equal(row['_airbyte_generation_id'], 3);
  assert.equal(row['_airbyte_extracted_at'], '2023-11-14T22:13:20.000000Z');
  assert.deepEqual(parseExactJson(row['_airbyte_overflow'] as string), { '/n': [1, 2], '/u/a~1b': 'x', '/u/z': true, '/extra': { deep: 12345678901234567890n } });
  assert.deepEqual(row['_airbyte_meta'], {
    sync_id: 9,
    changes: [
      { field: 'q', change: 'TRUNCATED', reason: 'SOURCE_FIELD_SIZE_LIMITATION' },
      { field: '/n', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
      { field: '/u/a~1b', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
      { field: '/u/z', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' },
      { field: '/extra', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' },
    ],
  });
});

test('a schemaless stream keeps the whole record in _airbyte_data, no changes', () => {
  const line = normaliseRecord({ stream: 's', emitted_at: 0, data: { a: 1 } }, { layout: jsonSchemaToLayout({ type: 'object' }), generationId: 0, syncId: null });
  const row = parseExactJson(line) as Record<string, JsonValue>;
  assert.equal(row['_airbyte_data'], '{"a":1}');
  assert.equal(row['_airbyte_overflow'], null);
});
