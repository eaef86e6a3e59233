/**
 * PyAirbyte drives our destination as Airbyte would, with a foreign source:
 * Airbyte's own source-faker from PyPI (scripts/setup-source-faker.sh,
 * $ESPQ_SOURCE_FAKER) is read by PyAirbyte (scripts/setup-pyairbyte.sh,
 * $ESPQ_PYAIRBYTE_PYTHON) and piped into destination-s3-parquet
 * (`get_destination(..., local_executable=...)` and `write`,
 * test/support/pyairbyte_faker_write.py) on the test MinIO, with PyAirbyte's
 * default write strategy: append_dedup for the faker's streams, which all
 * have a primary key (written as append with a WARN, see checkSyncModes).
 * PyAirbyte writes every optional protocol field as an explicit null, so
 * this is also the null-tolerant parsing at work. The wrapper PyAirbyte runs
 * as the destination keeps a copy of what it was given (catalog, stdin) and
 * printed. Then DuckDB (the venv of scripts/setup-python.sh) reads every
 * Parquet file back: every record PyAirbyte sent is there, once, each column
 * of the type the faker's catalog declares, every value equal to the one
 * sent, nothing in _airbyte_overflow. Nothing is mocked.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testConfig } from './destination-harness.js';
import { assertValidAirbyteMessages } from '../support/protocol-validator.js';
import { runPyAirbyteScript } from '../support/pyairbyte.js';
import { createBucket, deleteBucketRecursive, getObject, inspectParquet, listKeys, parseJsonLossless, REPO_ROOT, uniqueBucketName, type JsonValue, type ParquetInspection, type ParquetRow, type TypeTree } from '../support/s3-test-helpers.js';

type Schema = { type?: string | string[]; format?: string; airbyte_type?: string; properties?: Record<string, Schema> };
interface FakerStream {
  json_schema: Schema & { properties: Record<string, Schema> };
  primary_key: string[][];
  /** The data of every RECORD PyAirbyte sent the destination for the stream. */
  rows: Array<Record<string, JsonValue>>;
}
type Message = { type: string; record?: { stream: string; data: Record<string, JsonValue> }; log?: { level: string; message: string } };

const FAKER_CONFIG = { count: 150, seed: 1234, parallelism: 1, always_updated: false };

/**
 * An executable that runs our destination CLI with this node and tsx, for
 * `local_executable`; its `write` keeps a copy of the catalog (catalog.json),
 * of stdin (input.jsonl) and of stdout (output.jsonl) in `directory`.
 */
function writeDestinationExecutable(directory: string): string {
  const path = join(directory, 'destination-s3-parquet');
  const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
  const run = `${quote(process.execPath)} --import ${quote(import.meta.resolve('tsx'))} ${quote(join(REPO_ROOT, 'src/cli/destination-s3-parquet.ts'))} "$@"`;
  const dir = quote(directory);
  writeFileSync(path, [
    '#!/usr/bin/env bash',
    'set -o pipefail',
    'if [ "$1" = write ]; then',
    `  prev=; for arg in "$@"; do [ "$prev" = --catalog ] && cp "$arg" ${dir}/catalog.json; prev=$arg; done`,
    `  tee ${dir}/input.jsonl | ${run} | tee ${dir}/output.jsonl`,
    '  exit $?',
    'fi',
    `exec ${run}`,
    '',
  ].join('\n'));
  chmodSync(path, 0o755);
  return path;
}

/** The DuckDB type a declared JSON schema type must have in our Parquet files. */
function expectedType(schema: Schema): TypeTree {
  const type = (Array.isArray(schema.type) ? schema.type : [schema.type]).find((entry) => entry !== 'null');
  if (type === 'string' && (schema.format === 'date-time' || schema.airbyte_type === 'timestamp_with_timezone')) return 'TIMESTAMP WITH TIME ZONE';
  if (type === 'object' && schema.properties !== undefined) return { struct: Object.fromEntries(Object.entries(schema.properties).map(([name, child]) => [name, expectedType(child)])) };
  return { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' }[type ?? ''] ?? 'VARCHAR';
}

/** Whether a Parquet value equals the cached one, as the declared type compares. */
function sameValue(schema: Schema, actual: JsonValue | undefined, expected: JsonValue | undefined): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  const type = (Array.isArray(schema.type) ? schema.type : [schema.type]).find((entry) => entry !== 'null');
  if (type === 'string' && schema.format === 'date-time') return Date.parse(String(actual)) === Date.parse(String(expected));
  if (type === 'integer') return BigInt(String(actual)) === BigInt(String(expected));
  if (type === 'number') return Math.abs(Number(actual) - Number(expected)) <= 1e-9 * Math.max(1, Math.abs(Number(expected)));
  if (type === 'object') {
    const value = (typeof expected === 'string' ? parseJsonLossless(expected) : expected) as Record<string, JsonValue>;
    const got = actual as Record<string, JsonValue>;
    return Object.entries(schema.properties ?? {}).every(([name, child]) => sameValue(child, got[name], value[name]));
  }
  return actual === expected;
}

interface FakerRun {
  streams: Record<string, FakerStream>;
  /** The configured catalog PyAirbyte gave the destination. */
  catalog: { streams: Array<{ stream: { name: string }; destination_sync_mode: string }> };
  /** What the destination printed. */
  output: Message[];
  outputLines: string[];
}

async function runFakerIntoDestination(bucket: string): Promise<FakerRun> {
  const work = mkdtempSync(join(tmpdir(), 'espq-pyairbyte-faker-'));
  for (const directory of ['cache', 'tmp', 'logs']) mkdirSync(join(work, directory));
  const faker = process.env['ESPQ_SOURCE_FAKER'];
  assert.ok(faker, 'ESPQ_SOURCE_FAKER is not set: run the tests with `npm test`, which installs airbyte-source-faker (scripts/setup-source-faker.sh)');
  writeFileSync(join(work, 'source.json'), JSON.stringify(FAKER_CONFIG));
  writeFileSync(join(work, 'destination.json'), JSON.stringify(testConfig(bucket, { path_prefix: 'faker' })));
  const args = [
    join(REPO_ROOT, 'test/support/pyairbyte_faker_write.py'),
    '--source-executable', faker,
    '--destination-executable', writeDestinationExecutable(work),
    '--source-config', join(work, 'source.json'),
    '--destination-config', join(work, 'destination.json'),
  ];
  const printed = parseJsonLossless((await runPyAirbyteScript(args, work)).trim()) as { streams: Record<string, Omit<FakerStream, 'rows'>> };
  const lines = (name: string): Message[] => readFileSync(join(work, name), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => parseJsonLossless(line) as Message);
  const input = lines('input.jsonl');
  const streams = Object.fromEntries(Object.entries(printed.streams).map(([name, stream]) => [name, { ...stream, rows: input.filter((message) => message.type === 'RECORD' && message.record?.stream === name).map((message) => message.record!.data) }]));
  const outputLines = readFileSync(join(work, 'output.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '');
  return { streams, catalog: JSON.parse(readFileSync(join(work, 'catalog.json'), 'utf8')) as FakerRun['catalog'], output: lines('output.jsonl'), outputLines };
}

describe('PyAirbyte writes airbyte-source-faker into destination-s3-parquet', () => {
  const bucket = uniqueBucketName('espq-faker');
  let streams: Record<string, FakerStream>;
  let run: FakerRun;
  const files = new Map<string, ParquetInspection[]>();

  before(async () => {
    await createBucket(bucket);
    const started = Date.now();
    run = await runFakerIntoDestination(bucket);
    ({ streams } = run);
    const keys = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet'));
    for (const name of Object.keys(streams)) {
      const mine = keys.filter((key) => key.startsWith(`faker/${name}/`));
      files.set(name, await inspectParquet(await Promise.all(mine.map((key) => getObject(bucket, key))), { engine: 'duckdb' }));
    }
    const counts = Object.entries(streams).map(([name, stream]) => `${name} ${stream.rows.length}`).join(', ');
    console.error(`[pyairbyte-faker] source-faker -> PyAirbyte -> destination-s3-parquet in ${((Date.now() - started) / 1000).toFixed(0)}s: ${counts}`);
  });
  after(() => deleteBucketRecursive(bucket));

  test('the faker offers its three streams, each with rows', () => {
    assert.deepEqual(Object.keys(streams).sort(), ['products', 'purchases', 'users']);
    for (const [name, stream] of Object.entries(streams)) assert.ok(stream.rows.length > 0, `${name} has rows`);
  });

  test('PyAirbyte asked for append_dedup; the destination wrote append and said so in one WARN per stream', () => {
    assert.deepEqual(run.catalog.streams.map((entry) => entry.destination_sync_mode), run.catalog.streams.map(() => 'append_dedup'));
    const warnings = run.output.filter((message) => message.type === 'LOG' && message.log?.level === 'WARN').map((message) => message.log!.message);
    for (const { stream } of run.catalog.streams) assert.ok(warnings.some((warning) => warning.startsWith(`Stream "${stream.name}" asks for destination sync mode append_dedup`)), `a WARN for ${stream.name}: ${warnings.join(' | ')}`);
    assert.ok(run.output.some((message) => message.type === 'STATE'), 'states acknowledged');
    // PyAirbyte sends every optional field as null; what the destination prints (echoed states included) must still be valid.
    assertValidAirbyteMessages(run.outputLines);
  });

  for (const name of ['products', 'purchases', 'users']) {
    test(`${name}: DuckDB reads every row back once, each column of the declared type, every value as PyAirbyte sent it`, () => {
      const stream = streams[name]!;
      const inspections = files.get(name) ?? [];
      assert.ok(inspections.length >= 1, `Parquet files for ${name}`);
      for (const inspection of inspections) {
        for (const [column, schema] of Object.entries(stream.json_schema.properties)) {
          assert.deepEqual(inspection.type_tree[column], expectedType(schema), `${name}.${column}: declared ${JSON.stringify(schema)}`);
        }
        assert.ok(inspection.codecs.every((codec) => codec === 'SNAPPY'));
      }
      const rows = inspections.flatMap((inspection) => inspection.rows ?? []);
      const key = stream.primary_key[0]![0]!;
      const byKey = new Map<string, ParquetRow>();
      for (const row of rows) {
        assert.ok(!byKey.has(String(row[key])), `${name}: ${key} ${String(row[key])} appears once`);
        byKey.set(String(row[key]), row);
      }
      assert.equal(rows.length, stream.rows.length, `${name}: as many rows as PyAirbyte sent`);
      for (const expected of stream.rows) {
        const actual = byKey.get(String(expected[key]));
        assert.ok(actual !== undefined, `${name}: row ${String(expected[key])} is in Parquet`);
        for (const [column, schema] of Object.entries(stream.json_schema.properties)) {
          assert.ok(sameValue(schema, actual[column], expected[column]), `${name} ${String(expected[key])}.${column}: Parquet ${JSON.stringify(actual[column], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))} vs sent ${JSON.stringify(expected[column], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
        }
        assert.equal(actual['_airbyte_overflow'] ?? null, null, `${name} ${String(expected[key])}: nothing in _airbyte_overflow`);
      }
    });
  }
});
