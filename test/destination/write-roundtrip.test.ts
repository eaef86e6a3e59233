/**
 * write, end to end against the real S3 server: every file read back with
 * pyarrow and with DuckDB (independent Python readers) — row counts, column
 * types, codec, row group sizes and every value, including nested values,
 * arrays, nulls, unicode, big integers and values that did not fit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import type { JsonValue } from '../../src/json/json-value.js';
import { runCli } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, getObject, inspectParquet, listKeys, s3TestEnv, uniqueBucketName, type ParquetInspection } from '../support/s3-test-helpers.js';
import { configuredStream, testConfig, writeJsonFiles } from './destination-harness.js';

const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: ['null', 'integer', 'string', 'array'], items: { type: 'integer' } },
    big: { type: ['null', 'integer'] },
    message: { type: ['null', 'string'] },
    Host: { type: 'string' },
    host: { type: 'string' },
    ts: { type: ['null', 'string'], format: 'date-time' },
    day: { type: 'string', format: 'date' },
    score: { type: 'number' },
    ok: { type: 'boolean' },
    user: { type: ['null', 'object'], properties: { name: { type: 'string' }, age: { type: 'integer' }, roles: { type: 'array', items: { type: 'string' } } } },
    events: { type: 'array', items: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, code: { type: 'integer' } } } },
    free: { type: 'object' },
  },
};

const ROWS = 5000;
const ROW_GROUP = 2048;
const ts = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

/** One input record and the row expected back, built by hand from the documented rules. */
function sample(i: number): { data: Record<string, JsonValue>; row: Record<string, JsonValue>; overflow: Record<string, JsonValue> | null; changes: string[] } {
  const baseMs = Date.UTC(2024, 0, 1) + i * 1000;
  const tsInputs: Array<[JsonValue, string]> = [
    [new Date(baseMs).toISOString(), ts(baseMs)],
    [new Date(baseMs + 2 * 3600_000).toISOString().replace('Z', '+02:00'), ts(baseMs)],
    [new Date(baseMs).toISOString().replace('Z', ''), ts(baseMs)],
    [baseMs, ts(baseMs)],
  ];
  const [tsIn, tsOut] = tsInputs[i % 4] ?? tsInputs[0]!;
  const data: Record<string, JsonValue> = {
    id: i,
    big: i === 0 ? 9223372036854775807n : i === 1 ? -9223372036854775808n : 9007199254740993n + BigInt(i),
    message: i % 3 === 0 ? null : `é😀中文 line ${i} "quoted" \\ back\nslash`,
    Host: `H${i}`,
    host: `h${i}`,
    ts: i === 5 ? '2024-03-01' : tsIn,
    day: '2024-02-29',
    score: i + 0.25,
    ok: i % 2 === 0,
    user: i % 3 === 0 ? null : { name: `ü${i}`, age: i, roles: i % 5 === 0 ? [] : ['a', null, 'c'] },
    events: [{ at: new Date(baseMs).toISOString(), code: i }, { at: null, code: null }],
    free: { nested: { list: [1, 'two', null, { deep: true }] }, n: i },
  };
  const row: Record<string, JsonValue> = {
    id: i,
    big: data['big'] ?? null,
    message: data['message'] ?? null,
    Host: `H${i}`,
    host_2: `h${i}`,
    ts: i === 5 ? '2024-03-01T00:00:00.000000Z' : tsOut,
    day: '2024-02-29',
    score: i + 0.25,
    ok: i % 2 === 0,
    user: i % 3 === 0 ? null : { name: `ü${i}`, age: i, roles: i % 5 === 0 ? [] : ['a', null, 'c'] },
    events: [{ at: ts(baseMs), code: i }, { at: null, code: null }],
    free: stringifyExactJson(data['free']),
  };
  let overflow: Record<string, JsonValue> | null = null;
  const changes: string[] = [];
  if (i % 500 === 7) {
    data['id'] = [1, 2];
    data['big'] = 9223372036854775808n;
    data['ok'] = 'maybe';
    data['user'] = { name: 'x', age: 1.5, roles: ['r', 5, { no: 1 }], extra: 'kept' };
    data['undeclared'] = { a: [1, 2] };
    data['score'] = '3.5';
    Object.assign(row, { id: null, big: null, ok: null, score: 3.5, user: { name: 'x', age: null, roles: ['r', '5', null] } });
    overflow = { '/id': [1, 2], '/big': 9223372036854775808n, '/ok': 'maybe', '/user/age': 1.5, '/user/roles/2': { no: 1 }, '/user/extra': 'kept', '/undeclared': { a: [1, 2] } };
    changes.push('/id', '/big', '/ok', '/user/roles/2', '/user/age', '/user/extra', '/undeclared');
  }
  return { data, row, overflow, changes };
}

describe('write: round trip through S3, read back with pyarrow and DuckDB', () => {
  const bucket = uniqueBucketName('dest-rt');
  let files: ParquetInspection[][] = [];
  let keys: string[] = [];
  let stdout = '';

  before(async () => {
    await createBucket(bucket);
    const config = testConfig(bucket, { path_prefix: 'lake/raw', row_group_size: ROW_GROUP, hive_partitioning: true });
    const paths = await writeJsonFiles({ config, catalog: { streams: [configuredStream('logs', SCHEMA, { generation_id: 4, minimum_generation_id: 0, sync_id: 77 })] } });
    const input = Array.from({ length: ROWS }, (_, i) => stringifyExactJson({ type: 'RECORD', record: { stream: 'logs', data: sample(i).data, emitted_at: 1_700_000_000_000 + i } }));
    input.push(JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'logs' }, stream_state: { n: 1 } } } }));
    const result = await runCli('destination-s3-parquet', ['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? ''], { input: input.join('\n') + '\n' });
    stdout = result.stdout + result.stderr;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(result.messages.filter((m) => (m as { type: string }).type === 'STATE').length, 1);
    keys = await listKeys(bucket);
    const parquetKeys = keys.filter((k) => k.endsWith('.parquet'));
    const bodies = await Promise.all(parquetKeys.map((k) => getObject(bucket, k)));
    files = [await inspectParquet(bodies, { engine: 'pyarrow' }), await inspectParquet(bodies, { engine: 'duckdb' })];
  });

  after(() => deleteBucketRecursive(bucket));

  it('writes one Parquet file under a Hive partition and the Athena DDL beside it', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const parquet = keys.filter((k) => k.endsWith('.parquet'));
    assert.equal(parquet.length, 1);
    assert.match(parquet[0] ?? '', new RegExp(`^lake/raw/logs/dt=${today}/\\d{4}_\\d{2}_\\d{2}_\\d+_[0-9a-f-]{36}_00000\\.parquet$`));
    assert.ok(keys.includes('lake/raw/logs/_airbyte_athena_ddl.sql'));
    const ddl = (await getObject(bucket, 'lake/raw/logs/_airbyte_athena_ddl.sql')).toString('utf8');
    assert.match(ddl, /CREATE EXTERNAL TABLE IF NOT EXISTS `logs` \(/);
    assert.match(ddl, /`user` struct<`name`:string,`age`:bigint,`roles`:array<string>>/);
    assert.match(ddl, /`events` array<struct<`at`:timestamp,`code`:bigint>>/);
    assert.match(ddl, /`host_2` string/);
    assert.match(ddl, /PARTITIONED BY \(`dt` string\)/);
    assert.match(ddl, new RegExp(`LOCATION 's3://${bucket}/lake/raw/logs/'`));
    assert.match(ddl, /'projection.enabled'='true'/);
  });

  it('row counts, row groups and codec', () => {
    for (const [engine] of files.entries()) {
      const file = files[engine]?.[0];
      assert.ok(file);
      assert.equal(file.num_rows, ROWS);
      assert.deepEqual(file.row_group_rows, [2048, 2048, 904]);
      assert.deepEqual(file.codecs, ['SNAPPY']);
    }
  });

  it('column types (pyarrow)', () => {
    const schema = files[0]?.[0]?.schema ?? {};
    assert.equal(schema['_airbyte_extracted_at'], 'timestamp[us, tz=UTC]');
    assert.equal(schema['ts'], 'timestamp[us, tz=UTC]');
    assert.equal(schema['id'], 'int64');
    assert.equal(schema['big'], 'int64');
    assert.equal(schema['day'], 'date32[day]');
    assert.equal(schema['score'], 'double');
    assert.equal(schema['ok'], 'bool');
    assert.equal(schema['user'], 'struct<name: string, age: int64, roles: list<element: string>>');
    assert.equal(schema['events'], 'list<element: struct<at: timestamp[us, tz=UTC], code: int64>>');
    assert.equal(schema['free'], 'string');
    assert.equal(schema['_airbyte_meta'], 'struct<sync_id: int64, changes: list<element: struct<field: string, change: string, reason: string>>>');
    assert.deepEqual(Object.keys(schema), ['_airbyte_raw_id', '_airbyte_extracted_at', '_airbyte_generation_id', '_airbyte_meta', 'id', 'big', 'message', 'Host', 'host_2', 'ts', 'day', 'score', 'ok', 'user', 'events', 'free', '_airbyte_overflow']);
    assert.match(files[0]?.[0]?.parquet_schema ?? '', /optional group field_id=-1 events \(List\) \{\n\s+repeated group field_id=-1 list \{\n\s+optional group field_id=-1 element/);
  });

  it('column types (DuckDB)', () => {
    const schema = files[1]?.[0]?.schema ?? {};
    assert.equal(schema['ts'], 'TIMESTAMP WITH TIME ZONE');
    assert.equal(schema['big'], 'BIGINT');
    assert.match(schema['user'] ?? '', /^STRUCT\(/);
    assert.match(schema['events'] ?? '', /\[\]$/);
  });

  for (const [index, engine] of ['pyarrow', 'duckdb'].entries()) {
    it(`every value equals what was sent (${engine})`, () => {
      const rows = files[index]?.[0]?.rows ?? [];
      assert.equal(rows.length, ROWS);
      const ids = new Set<string>();
      for (const [i, actual] of rows.entries()) {
        const expected = sample(i);
        const { _airbyte_raw_id: rawId, _airbyte_extracted_at: extractedAt, _airbyte_generation_id: generation, _airbyte_meta: meta, _airbyte_overflow: overflow, ...data } = actual;
        assert.match(String(rawId), /^[0-9a-f-]{36}$/);
        ids.add(String(rawId));
        assert.equal(extractedAt, ts(1_700_000_000_000 + i).replace(/(\.\d{3})000Z/, '$1000Z'));
        assert.equal(generation, 4);
        assert.deepEqual(data, expected.row, `row ${i}`);
        const m = meta as { sync_id: JsonValue; changes: Array<{ field: string; change: string; reason: string }> };
        assert.equal(m.sync_id, 77);
        assert.deepEqual(m.changes.map((c) => c.field).sort(), [...expected.changes].sort(), `changes of row ${i}`);
        for (const change of m.changes) assert.equal(change.change, 'NULLED');
        if (expected.overflow === null) assert.equal(overflow, null);
        else assert.equal(overflow, stringifyExactJson(expected.overflow));
      }
      assert.equal(ids.size, ROWS);
    });
  }

  it('prints no secret', () => {
    assert.ok(!stdout.includes(s3TestEnv().secretAccessKey));
  });
});
