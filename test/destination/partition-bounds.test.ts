/**
 * Resource bounds of event-time partitioning: a full refresh of a year of
 * daily logs (366 partitions) whose records arrive unsorted across them,
 * written to the real MinIO. Peak RSS of the destination stays under the
 * 512 MB bound, local disk (the spool directory, sampled) under the stated
 * bound, each batch writes one file per partition it holds, and every row
 * lands in its day (DuckDB).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { generateLogDocuments } from '../../src/sample-data/log-documents.js';
import { createBucket, deleteBucketRecursive, downloadPrefix, listKeys, REPO_ROOT, uniqueBucketName, venvPython } from '../support/s3-test-helpers.js';
import { configuredStream, LiveDestination, testConfig, writeJsonFiles } from './destination-harness.js';
import { LOG_SCHEMA, peakRss } from './log-stream.js';

/** Bytes under `directory`, recursively (0 once it is gone). */
function directoryBytes(directory: string): number {
  let total = 0;
  try {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
    }
  } catch {
    // files come and go while the destination runs
  }
  return total;
}

describe('event-time partitioning: bounded resources over 366 daily partitions', () => {
  const bucket = uniqueBucketName('espq-partition-bounds');
  after(() => deleteBucketRecursive(bucket));

  it('keeps memory and local disk within their bounds and loses no row', async () => {
    try {
      await run();
    } catch (error) {
      console.error('# partition bounds failed:', error);
      throw error;
    }
  });

  async function run(): Promise<void> {
    await createBucket(bucket);
    const records = 40_000;
    const targetMb = 4;
    const spool = mkdtempSync(join(tmpdir(), 'partition-spool-'));
    const config = testConfig(bucket, { partitioning: 'event_time', target_file_size_mb: targetMb, flush_interval_seconds: 3600, local_spool_directory: spool });
    const paths = await writeJsonFiles({ config, catalog: { streams: [configuredStream('logs', LOG_SCHEMA)] } });
    const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
    let peak = 0;
    let disk = 0;
    const sampler = setInterval(() => {
      disk = Math.max(disk, directoryBytes(spool));
      void peakRss(destination.child.pid ?? 0).then((rss) => (peak = Math.max(peak, rss)));
    }, 100);
    const perDay = new Map<string, number>();
    let state = 0;
    const batch: string[] = [];
    let i = 0;
    let code: number | null;
    try {
      for (const document of generateLogDocuments({ count: records })) {
      // Spread over the 366 days of 2024, unsorted: a prime stride visits every day in turn.
      const at = new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 366) * 86_400_000 + (i % 86_400) * 1000);
      const day = at.toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      batch.push(JSON.stringify({ type: 'RECORD', record: { stream: 'logs', data: { ...document, '@timestamp': at.toISOString() }, emitted_at: 1_714_521_600_000 + i } }));
      if (++i % 5000 === 0) batch.push(JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'logs' }, stream_state: { position: ++state } } } }));
      if (batch.length >= 1000) await destination.send(batch.splice(0));
    }
      await destination.send(batch);
      destination.end();
      code = await destination.exited;
    } finally {
      clearInterval(sampler);
      destination.child.kill();
    }
    assert.equal(code, 0, destination.stderr);
    const states = destination.messages().filter((m) => (m as { type: string }).type === 'STATE').length;
    assert.equal(states, records / 5000, 'every state acknowledged');
    assert.equal(perDay.size, 366);

    const keys = (await listKeys(bucket, 'logs/')).filter((k) => k.endsWith('.parquet'));
    const copy = mkdtempSync(join(tmpdir(), 'partition-bounds-'));
    await downloadPrefix(bucket, 'logs/', copy);
    const out = execFileSync(venvPython(), ['-c', 'import duckdb,sys,json; print(json.dumps(dict(duckdb.sql(f"SELECT dt, count(*) FROM read_parquet(\'{sys.argv[1]}/**/*.parquet\', hive_partitioning=true, hive_types={{\'dt\': VARCHAR}}) GROUP BY dt").fetchall())))', copy], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out) as Record<string, number>, Object.fromEntries(perDay), 'every row in the partition of its day');
    console.log(`# ${records} records over 366 days: ${keys.length} files, peak RSS ${Math.round(peak / 2 ** 20)} MB, peak spool disk ${Math.round(disk / 2 ** 20)} MB`);
    assert.ok(peak > 0 && peak < 512 * 2 ** 20, `peak RSS ${Math.round(peak / 2 ** 20)} MB`);
    // The stated bound (README): the open spool file plus max_uploads_in_flight (2) batches being
    // converted and uploaded, each about 7 x the target file size (spool, DuckDB's copy, Parquet).
    assert.ok(disk < 3 * 7 * targetMb * 2 ** 20, `peak local disk ${Math.round(disk / 2 ** 20)} MB, above 3 x 7 x the ${targetMb} MB target file size`);
    assert.ok(keys.length <= 366 * Math.ceil(records / 10_000), `${keys.length} files: at most one per partition per batch`);
  }
});
