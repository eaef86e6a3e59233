/**
 * Event-time partitioning against the real MinIO of the test setup, checked
 * by readers no one here wrote: DuckDB and pyarrow read the files with Hive
 * partitioning, and Spark SQL (Hive support) runs the DDL and the ALTER
 * TABLE statements the destination wrote beside them, then counts the rows
 * per partition. Records arrive unsorted over 40 days (partition-bounds.test.ts has 366), with
 * timestamps that are missing, null, not timestamps, or carry offsets
 * across midnight; an append sync adds late events to old days; an
 * overwrite sync removes the earlier generation in every partition.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, downloadPrefix, getObject, listKeys, REPO_ROOT, uniqueBucketName, venvPython } from '../support/s3-test-helpers.js';
import { configuredStream, testConfig, writeJsonFiles } from './destination-harness.js';

const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: ['null', 'integer'] },
    '@timestamp': { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
    message: { type: ['null', 'string'] },
  },
};
const PLAIN_SCHEMA = { type: 'object', properties: { id: { type: ['null', 'integer'] } } };
const DAY_MS = 86_400_000;
const YEAR_START = Date.UTC(2024, 0, 1);

/** A seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Event {
  id: number;
  timestamp: unknown;
  /** The partition the row must land in. */
  dt: string;
}

/** `count` events spread unsorted over the first `days` days of 2024, with the partition each belongs to. */
function events(count: number, firstId: number, seed: number, days = 40): Event[] {
  const next = random(seed);
  const list: Event[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(YEAR_START + Math.floor(next() * days) * DAY_MS + Math.floor(next() * DAY_MS));
    list.push({ id: firstId + i, timestamp: at.toISOString(), dt: at.toISOString().slice(0, 10) });
  }
  return list;
}

const AWKWARD: Event[] = [
  { id: 1, timestamp: '2024-03-02T00:30:00+02:00', dt: '2024-03-01' }, // the offset moves it to the UTC day before
  { id: 2, timestamp: '2024-03-01T23:30:00-02:00', dt: '2024-03-02' }, // and to the day after
  { id: 3, timestamp: null, dt: '1970-01-01' },
  { id: 4, timestamp: undefined, dt: '1970-01-01' },
  { id: 5, timestamp: 'not a timestamp', dt: '1970-01-01' },
  { id: 6, timestamp: 12345, dt: '1970-01-01' },
];

function recordLines(stream: string, list: readonly Event[]): string[] {
  return list.map((event) => {
    const data: Record<string, unknown> = { id: event.id, message: `event ${event.id}` };
    if (event.timestamp !== undefined) data['@timestamp'] = event.timestamp;
    return JSON.stringify({ type: 'RECORD', record: { stream, data, emitted_at: 1_700_000_000_000 } });
  });
}

function stateLine(n: number): string {
  return JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'events' }, stream_state: { n } } } });
}

/** (id, dt) of every row, as DuckDB or pyarrow reads the Hive-partitioned copy. */
function readPartitioned(engine: 'duckdb' | 'pyarrow', directory: string): Map<number, string> {
  const out = execFileSync(venvPython(), [join(REPO_ROOT, 'test/support/read_partitioned.py'), engine, directory, 'id'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const rows = new Map<number, string>();
  for (const line of out.split('\n').filter((l) => l !== '')) {
    const { key, dt } = JSON.parse(line) as { key: number; dt: string };
    assert.ok(!rows.has(key), `${engine}: row ${key} is there twice`);
    rows.set(key, dt);
  }
  return rows;
}

function sparkPython(): string {
  const python = process.env['ESPQ_SPARK_PYTHON'];
  if (python === undefined || python === '') throw new Error('ESPQ_SPARK_PYTHON is not set: run the tests with `npm test`, which installs PySpark (scripts/setup-spark.sh)');
  return python;
}

/** Spark SQL with Hive support runs the DDL and the partition statements (or MSCK REPAIR TABLE) on the local copy. */
function sparkCounts(directory: string, location: string, partitions: 'statements' | 'msck'): { counts: Record<string, number>; total: number; columns: string[] } {
  const work = mkdtempSync(join(tmpdir(), 'spark-ddl-'));
  const args = [join(REPO_ROOT, 'test/support/spark_ddl.py'), join(directory, '_airbyte_athena_ddl.sql'), partitions === 'msck' ? '--msck' : join(directory, '_airbyte_athena_partitions.sql'), location, directory, work];
  const out = execFileSync(sparkPython(), args, { encoding: 'utf8', cwd: work, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { counts: Record<string, number>; total: number; columns: string[] };
}

function expectedCounts(list: readonly Event[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of list) counts[event.dt] = (counts[event.dt] ?? 0) + 1;
  return counts;
}

describe('event-time partitioning (MinIO, DuckDB, pyarrow, Spark SQL)', () => {
  const bucket = uniqueBucketName('espq-partition');
  const prefix = 'lake/events/';
  const first = [...AWKWARD, ...events(3000, 100, 7)];
  const late = events(200, 10_000, 8); // a second (append) sync: late events for days already written
  let firstRun: Awaited<ReturnType<typeof runCli>>;
  let copy: string;

  async function writeSync(lines: string[], mode: 'append' | 'overwrite', generation: number): Promise<Awaited<ReturnType<typeof runCli>>> {
    const config = testConfig(bucket, { path_prefix: 'lake', partitioning: 'event_time', flush_interval_seconds: 0, target_file_size_mb: 1 });
    const catalog = {
      streams: [
        configuredStream('events', SCHEMA, { destination_sync_mode: mode, generation_id: generation, minimum_generation_id: mode === 'overwrite' ? generation : 0 }),
        configuredStream('plain', PLAIN_SCHEMA),
      ],
    };
    const paths = await writeJsonFiles({ config, catalog });
    return runCli('destination-s3-parquet', ['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? ''], { input: lines.join('\n') + '\n' });
  }

  before(async () => {
    await createBucket(bucket);
    const lines = recordLines('events', first);
    // Two states in between, so files are flushed while records of every day keep arriving.
    lines.splice(1000, 0, stateLine(1));
    lines.splice(2000, 0, stateLine(2));
    lines.push(JSON.stringify({ type: 'RECORD', record: { stream: 'plain', data: { id: 1 }, emitted_at: 1 } }), stateLine(3));
    firstRun = await writeSync(lines, 'append', 1);
    assert.equal(firstRun.code, 0, firstRun.stdout + firstRun.stderr);
    copy = mkdtempSync(join(tmpdir(), 'partitioned-'));
    await downloadPrefix(bucket, prefix, copy);
  });

  after(async () => {
    await deleteBucketRecursive(bucket);
  });

  test('every state is acknowledged and every row is in the partition of its own UTC day, for DuckDB and pyarrow', () => {
    assert.equal(firstRun.messages.filter((m) => (m as { type: string }).type === 'STATE').length, 3);
    for (const engine of ['duckdb', 'pyarrow'] as const) {
      const rows = readPartitioned(engine, copy);
      assert.equal(rows.size, first.length, `${engine}: every row, none lost`);
      for (const event of first) assert.equal(rows.get(event.id), event.dt, `${engine}: row ${event.id} (timestamp ${JSON.stringify(event.timestamp)})`);
    }
  });

  test('keys are dt=YYYY-MM-DD directories under the stream directory; a stream without the column is not partitioned and says why', async () => {
    const keys = await listKeys(bucket, 'lake/');
    const parquet = keys.filter((k) => k.endsWith('.parquet'));
    for (const key of parquet.filter((k) => k.startsWith(prefix))) assert.match(key.slice(prefix.length), /^dt=\d{4}-\d{2}-\d{2}\/[^/]+\.parquet$/);
    const plain = parquet.filter((k) => k.startsWith('lake/plain/'));
    assert.equal(plain.length, 1);
    assert.doesNotMatch(plain[0] ?? '', /dt=/);
    assert.match(firstRun.stdout, /Stream \\"plain\\".*not partitioned by event time: it has no column \\"@timestamp\\"/);
    assert.match(firstRun.stdout, /Stream \\"events\\": 3006 records in \d+ files in \d+ partitions/);
  });

  test('the DDL projects the days written, from the catch-all partition to NOW', async () => {
    const ddl = (await getObject(bucket, `${prefix}_airbyte_athena_ddl.sql`)).toString('utf8');
    assert.match(ddl, /PARTITIONED BY \(`dt` string\)/);
    assert.match(ddl, /'projection.dt.range'='1970-01-01,NOW'/);
    assert.match(ddl, /'projection.dt.format'='yyyy-MM-dd'/);
    const statements = (await getObject(bucket, `${prefix}_airbyte_athena_partitions.sql`)).toString('utf8');
    const listed = [...statements.matchAll(/PARTITION \(`dt` = '([^']+)'\)/g)].map((m) => m[1]);
    assert.deepEqual(listed, Object.keys(expectedCounts(first)).sort());
  });

  test('Spark SQL runs the DDL and the ALTER TABLE statements as written and counts every row per partition', () => {
    const spark = sparkCounts(copy, `s3://${bucket}/${prefix}`, 'statements');
    assert.equal(spark.total, first.length);
    assert.deepEqual(spark.counts, expectedCounts(first));
    assert.ok(spark.columns.includes('@timestamp'), `a column named as in the source: ${spark.columns.join(', ')}`);
    assert.equal(spark.columns.at(-1), 'dt', 'the partition column comes last');
  });

  test('late events of an append sync go to their own days; Spark finds them with MSCK REPAIR TABLE too', async () => {
    const run = await writeSync([...recordLines('events', late), stateLine(4)], 'append', 1);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const all = [...first, ...late];
    const copyAll = mkdtempSync(join(tmpdir(), 'partitioned-late-'));
    await downloadPrefix(bucket, prefix, copyAll);
    const rows = readPartitioned('duckdb', copyAll);
    assert.equal(rows.size, all.length);
    for (const event of late) assert.equal(rows.get(event.id), event.dt, `late row ${event.id}`);
    const spark = sparkCounts(copyAll, `s3://${bucket}/${prefix}`, 'msck');
    assert.deepEqual(spark.counts, expectedCounts(all));
  });

  test('an overwrite sync removes the earlier generation in every partition, after success', async () => {
    const fresh = events(50, 20_000, 9);
    const run = await writeSync([...recordLines('events', fresh), stateLine(5)], 'overwrite', 2);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const copyFresh = mkdtempSync(join(tmpdir(), 'partitioned-fresh-'));
    await downloadPrefix(bucket, prefix, copyFresh);
    const rows = readPartitioned('pyarrow', copyFresh);
    assert.deepEqual([...rows.keys()].sort((a, b) => a - b), fresh.map((e) => e.id).sort((a, b) => a - b));
    const statements = (await getObject(bucket, `${prefix}_airbyte_athena_partitions.sql`)).toString('utf8');
    assert.deepEqual([...statements.matchAll(/PARTITION \(`dt` = '([^']+)'\)/g)].map((m) => m[1]), Object.keys(expectedCounts(fresh)).sort(), 'the partition statements list only the partitions left');
    const spark = sparkCounts(copyFresh, `s3://${bucket}/${prefix}`, 'statements');
    assert.deepEqual(spark.counts, expectedCounts(fresh));
  });
});
