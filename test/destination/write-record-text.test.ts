/**
 * write, end to end against the real S3 server: rows written from the text
 * their records arrived as (record-line.ts) read back, with pyarrow and
 * DuckDB, as the values the records hold: lines as our source, the Python
 * CDK and hand-written JSON lay them out (blanks, escapes, number forms),
 * and duplicated keys, which DuckDB refuses in the text, with the last
 * value as JSON.parse reads it, in partitioned and unpartitioned files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseExactJson } from '../../src/json/exact-json.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import { runCli } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, getObject, inspectParquet, listKeys, uniqueBucketName, type ParquetInspection } from '../support/s3-test-helpers.js';
import { configuredStream, stateLine, testConfig, writeJsonFiles } from './destination-harness.js';

const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: ['null', 'string'] },
    score: { type: 'number' },
    ok: { type: 'boolean' },
    at: { type: 'string', format: 'date-time' },
    tags: { type: 'array', items: { type: 'string' } },
    user: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } },
  },
};

const ROWS = 3000;

/** The data of record `i`, as text laid out in one of several ways; some with duplicated keys. */
function dataText(i: number): string {
  const at = new Date(Date.UTC(2024, 0, 1 + (i % 2), 3, 4, 5) + i).toISOString();
  switch (i % 10) {
    case 1: // the Python CDK's blanks, escapes, number forms
      return `{"id": ${i}, "name": "caf\\u00e9 \\/ \\"q\\" \\\\ ${i}", "score": 1e3, "ok": false, "at": "${at}", "tags": [], "user": {"name": "v", "age": 1.0}}`;
    case 2: // a duplicated key: the last value counts
      return `{"id":${i},"name":"first","score":2.5,"name":"last ${i}","ok":true,"at":"${at}"}`;
    case 3: // a duplicated key in a struct
      return `{"id":${i},"user":{"age":1,"name":"n","age":${i}},"at":"${at}"}`;
    case 4: // strings that look like the line's own keys; blanks a line may hold
      return ` {"id":${i},\t"name":"\\",\\"emitted_at\\":1}},\\"data\\":{","at":"${at}",\r"tags":["data","emitted_at"]}  `;
    default:
      return `{"id":${i},"name":"é😀 ${i}","score":${i}.25,"ok":${i % 2 === 0},"at":"${at}","tags":["a","b"],"user":{"name":"u${i}","age":${i % 90}}}`;
  }
}

/** Record `i`'s line: mostly our source's layout, one in ten the Python CDK's. */
function line(stream: string, i: number): string {
  if (i % 10 === 1) return `{"type": "RECORD", "record": {"stream": "${stream}", "data": ${dataText(i)}, "emitted_at": 1700000000000}}`;
  return `{"type":"RECORD","record":{"stream":"${stream}","data":${dataText(i)},"emitted_at":1700000000000}}`;
}

/** The row expected back: the data as JSON.parse reads it (the last of duplicated keys), timestamps as the readers print them. */
function expectedRow(i: number): JsonObject {
  const data = parseExactJson(dataText(i)) as JsonObject;
  const row: JsonObject = {};
  for (const key of Object.keys(SCHEMA.properties)) row[key] = data[key] ?? null;
  row['at'] = String(data['at']).replace(/Z$/, '000Z');
  if (typeof row['user'] === 'object' && row['user'] !== null) row['user'] = { name: (row['user'] as JsonObject)['name'] ?? null, age: (row['user'] as JsonObject)['age'] ?? null };
  return row;
}

describe('write: rows written from their records\' text', () => {
  const bucket = uniqueBucketName('dest-text');
  let files: Array<{ key: string; engines: ParquetInspection[] }> = [];

  before(async () => {
    await createBucket(bucket);
    // One write unpartitioned, one partitioned by day of `at` (a file of its own per day).
    for (const [stream, partitioning] of [['flat', { partitioning: 'none' }], ['days', { partitioning: 'event_time', partition_field: 'at' }]] as const) {
      const paths = await writeJsonFiles({ config: testConfig(bucket, partitioning), catalog: { streams: [configuredStream(stream, SCHEMA)] } });
      const input = Array.from({ length: ROWS }, (_, i) => line(stream, i));
      input.push(stateLine(stream, 1));
      const result = await runCli('destination-s3-parquet', ['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? ''], { input: input.join('\n') + '\n' });
      const output = result.stdout + result.stderr;
      assert.equal(result.code, 0, output);
      assert.equal(result.messages.filter((m) => (m as { type: string }).type === 'STATE').length, 1, output);
    }
    const keys = (await listKeys(bucket)).filter((k) => k.endsWith('.parquet'));
    const bodies = await Promise.all(keys.map((k) => getObject(bucket, k)));
    const [pyarrow, duckdb] = [await inspectParquet(bodies, { engine: 'pyarrow' }), await inspectParquet(bodies, { engine: 'duckdb' })];
    files = keys.map((key, index) => ({ key, engines: [pyarrow[index] as ParquetInspection, duckdb[index] as ParquetInspection] }));
  });

  after(() => deleteBucketRecursive(bucket));

  for (const stream of ['flat', 'days']) {
    for (const [index, engine] of ['pyarrow', 'duckdb'].entries()) {
      it(`stream ${stream}: every row holds the values of its record, the last of duplicated keys (${engine})`, () => {
        const mine = files.filter((file) => file.key.startsWith(`${stream}/`));
        assert.equal(mine.length, stream === 'flat' ? 1 : 2, `one file, or one per day: ${files.map((file) => file.key).join(', ')}`);
        const rows = mine.flatMap((file) => file.engines[index]?.rows ?? []);
        assert.equal(rows.length, ROWS);
        rows.sort((a, b) => Number(a['id']) - Number(b['id']));
        for (const [i, actual] of rows.entries()) {
          const { _airbyte_raw_id: _id, _airbyte_extracted_at: _at, _airbyte_generation_id: _generation, _airbyte_meta: meta, _airbyte_overflow: overflow, ...data } = actual;
          assert.deepStrictEqual(data as JsonValue, expectedRow(i), `row ${i} from ${dataText(i)}`);
          assert.deepStrictEqual((meta as JsonObject)['changes'], [], `row ${i}: nothing nulled`);
          assert.equal(overflow, null);
        }
      });
    }
  }
});
