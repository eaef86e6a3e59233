import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { engine, openSearchContexts } from '../support/engines.js';
import { tempJson } from '../support/source-harness.js';
import { createBucket, getObject, inspectParquet, listKeys, s3Client, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { generateLogBulkItems, LOG_INDEX_MAPPING } from '../../src/sample-data/log-documents.js';

const INDEX = 'sync-logs';
const COUNT = 60_000;

interface SyncRun {
  code: number | null;
  stderr: string;
}

function runSync(args: string[], options: { signalAfterAck?: NodeJS.Signals; statePath?: string } = {}): Promise<SyncRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', 'src/cli/sync.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Signal once the first state was acknowledged (a progress line says so).
      if (options.signalAfterAck !== undefined && !signalled && /[1-9]\d* states acknowledged/.test(stderr)) {
        signalled = true;
        child.kill(options.signalAfterAck);
      }
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function parquetIds(bucket: string): Promise<string[]> {
  const keys = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet'));
  const files = await Promise.all(keys.map((key) => getObject(bucket, key)));
  const inspections = await inspectParquet(files, { engine: 'duckdb' });
  return inspections.flatMap((inspection) => (inspection.rows ?? []).map((row) => String(row['_id'])));
}

describe('sync: the source into the destination in one process', () => {
  const es = engine('es8');
  const s3 = s3TestEnv();
  before(async () => {
    await loadDocuments(es.url, INDEX, generateLogBulkItems({ count: COUNT }), { mappings: LOG_INDEX_MAPPING, shards: 2, deleteExisting: true });
  });

  const config = (bucket: string, extra: Record<string, unknown> = {}): string =>
    tempJson({
      source: { endpoint: { mode: 'nodes', urls: [es.url] }, include_indices: [INDEX], page_size: 500, checkpoint_interval_records: 2_000 },
      destination: {
        bucket,
        region: s3.region,
        endpoint: s3.endpoint,
        path_style: true,
        credentials: { method: 'access_key', access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey },
        target_file_size_mb: 2,
        flush_interval_seconds: 1,
        ...extra,
      },
    });

  test('syncs every document into Parquet, saves the acknowledged state, reports progress and a summary; a rerun adds nothing', async () => {
    const bucket = uniqueBucketName('sync');
    await createBucket(bucket);
    const statePath = tempJson([]);
    const first = await runSync(['--config', config(bucket), '--state', statePath, '--progress-interval', '0.2']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /\[sync\] \d+ of ~60000 documents, [\d.]+ [KMG]?B read, \d+ docs\/s, \d+ states acknowledged, ETA/);
    assert.match(first.stderr, /Done: 60000 documents in \d+ files, [\d.]+ MB in, [\d.]+ MB of Parquet out, in (\d+h)?(\d+m)?(\d+s)? \(/);
    const ids = await parquetIds(bucket);
    assert.equal(ids.length, COUNT);
    assert.equal(new Set(ids).size, COUNT);
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Array<{ state: { stream: { stream_state: { status: string; cursor: { value: string } } } } }>;
    assert.equal(state.length, 1);
    assert.equal(state[0]!.state.stream.stream_state.status, 'done');
    const second = await runSync(['--config', config(bucket), '--state', statePath]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /Done: 0 documents/);
    assert.equal((await parquetIds(bucket)).length, COUNT, 'the incremental rerun added nothing');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} stops cleanly: no point in time open, no unfinished upload, the state file resumes with nothing missing`, async () => {
      const bucket = uniqueBucketName('sync-signal');
      await createBucket(bucket);
      const statePath = tempJson([]);
      const stopped = await runSync(['--config', config(bucket), '--state', statePath, '--progress-interval', '0.1'], { signalAfterAck: signal });
      assert.equal(stopped.code, signal === 'SIGTERM' ? 143 : 130, stopped.stderr);
      assert.match(stopped.stderr, new RegExp(`${signal} received: stopping cleanly`));
      assert.equal(await openSearchContexts(es.url), 0, 'the point in time was closed');
      const uploads = await s3Client().send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      assert.equal((uploads.Uploads ?? []).length, 0, 'no multipart upload left open');
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as unknown[];
      assert.equal(saved.length, 1, 'the state file holds the last acknowledged state');
      const resumed = await runSync(['--config', config(bucket), '--state', statePath]);
      assert.equal(resumed.code, 0, resumed.stderr);
      const ids = await parquetIds(bucket);
      assert.equal(new Set(ids).size, COUNT, 'every document is in the bucket after the rerun');
    });
  }

  test('a 40 MB document does not stop the sync: its row is written with the blob nulled and flagged, the record whole in _airbyte_rejected/, a WARN says where', async () => {
    const index = 'sync-oversized';
    const big = 'B'.repeat(40 * 1024 * 1024);
    await loadDocuments(es.url, index, [
      { id: '1', source: JSON.stringify({ n: 1, blob: 'small' }) },
      { id: '2', source: JSON.stringify({ n: 2, blob: big, note: 'kept' }) },
      { id: '3', source: JSON.stringify({ n: 3, blob: 'also small' }) },
    ], { mappings: { properties: { n: { type: 'integer' }, blob: { type: 'text', index: false }, note: { type: 'keyword' } } }, deleteExisting: true });
    const bucket = uniqueBucketName('sync-oversized');
    await createBucket(bucket);
    const run = await runSync(['--config', tempJson({ ...JSON.parse(readFileSync(config(bucket), 'utf8')), source: { endpoint: { mode: 'nodes', urls: [es.url] }, include_indices: [index] } }), '--state', tempJson([])]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /\[sync\] WARN Record \d of the input \(stream "sync-oversized"\) was written with 1 value\(s\) nulled \(\/blob\) because the row would be above 32 MB; the record as received is in s3:\/\/\S+\/sync-oversized\/_airbyte_rejected\//);
    assert.match(run.stderr, /Done: 3 documents/);
    const keys = await listKeys(bucket);
    const rejected = keys.filter((key) => key.includes('/_airbyte_rejected/'));
    assert.equal(rejected.length, 1);
    const stored = (await getObject(bucket, rejected[0] ?? '')).toString('utf8');
    assert.ok(stored.endsWith('}\n') && stored.indexOf('\n') === stored.length - 1, 'one line');
    const message = JSON.parse(stored) as { type: string; record: { stream: string; data: Record<string, unknown>; emitted_at: number } };
    assert.equal(message.type, 'RECORD');
    assert.equal(message.record.stream, index);
    assert.deepEqual({ ...message.record.data, blob: message.record.data['blob'] === big }, { n: 2, blob: true, note: 'kept', _id: '2', _index: index });
    const files = await Promise.all(keys.filter((key) => key.endsWith('.parquet')).map((key) => getObject(bucket, key)));
    const rows = (await inspectParquet(files, { engine: 'duckdb' })).flatMap((file) => file.rows ?? []).sort((a, b) => Number(a['n']) - Number(b['n']));
    assert.deepEqual(rows.map((row) => [row['n'], row['blob'], row['note'] ?? null, (row['_airbyte_meta'] as { changes: unknown[] }).changes]), [
      [1, 'small', null, []],
      [2, null, 'kept', [{ field: '/blob', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' }]],
      [3, 'also small', null, []],
    ]);
  });

  test('a document with a lone surrogate escape ("\\ud800", which Elasticsearch stores and returns) is delivered: those strings nulled and flagged, kept exact in _airbyte_overflow', async () => {
    const index = 'sync-lone-surrogate';
    await loadDocuments(es.url, index, [
      { id: '1', source: JSON.stringify({ n: 1, msg: 'a\ud800b', o: { s: '\udc00', t: 'kept' } }) },
      { id: '2', source: JSON.stringify({ n: 2, msg: 'pair \ud83d\ude00', o: { s: 'plain' } }) },
    ], { mappings: { properties: { n: { type: 'integer' }, msg: { type: 'keyword' }, o: { properties: { s: { type: 'keyword' }, t: { type: 'keyword' } } } } }, deleteExisting: true });
    const bucket = uniqueBucketName('sync-surrogate');
    await createBucket(bucket);
    const parsed = JSON.parse(readFileSync(config(bucket), 'utf8')) as { source: Record<string, unknown>; destination: Record<string, unknown> };
    const run = await runSync(['--config', tempJson({ ...parsed, source: { ...parsed.source, include_indices: [index] } }), '--state', tempJson([])]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Done: 2 documents/);
    const files = await Promise.all((await listKeys(bucket)).filter((key) => key.endsWith('.parquet')).map((key) => getObject(bucket, key)));
    const rows = (await inspectParquet(files, { engine: 'duckdb' })).flatMap((file) => file.rows ?? []).sort((a, b) => Number(a['n']) - Number(b['n']));
    const pick = (row: Record<string, unknown>): unknown => [row['n'], row['msg'], row['o'], row['_airbyte_overflow'] === null ? null : JSON.parse(String(row['_airbyte_overflow'])), (row['_airbyte_meta'] as { changes: unknown[] }).changes];
    assert.deepEqual(rows.map(pick), [
      [1, null, { s: null, t: 'kept' }, { '/msg': 'a\ud800b', '/o/s': '\udc00' }, [
        { field: '/msg', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
        { field: '/o/s', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
      ]],
      [2, 'pair \ud83d\ude00', { s: 'plain', t: null }, null, []],
    ]);
  });

  test('by default it partitions by @timestamp and delivers documents without one; later syncs warn with their count', async () => {
    const index = 'sync-missing-timestamp';
    const at = (i: number): string => new Date(Date.UTC(2025, 2, 1 + (i % 10), 12)).toISOString();
    const docs = Array.from({ length: 100 }, (_, i) => ({ id: `d${i}`, source: JSON.stringify(i % 20 === 7 ? { n: i } : { '@timestamp': at(i), n: i }) }));
    await loadDocuments(es.url, index, docs, { mappings: { properties: { '@timestamp': { type: 'date' }, n: { type: 'long' } } }, shards: 1, deleteExisting: true });
    const bucket = uniqueBucketName('sync-missing');
    await createBucket(bucket);
    const statePath = tempJson([]);
    const combined = (): string => {
      const parsed = JSON.parse(readFileSync(config(bucket), 'utf8')) as { source: Record<string, unknown>; destination: Record<string, unknown> };
      return tempJson({ ...parsed, source: { ...parsed.source, include_indices: [index] } });
    };
    const first = await runSync(['--config', combined(), '--state', statePath]);
    assert.equal(first.code, 0, first.stderr);
    const keys = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet'));
    assert.ok(keys.every((key) => /\/dt=\d{4}-\d{2}-\d{2}\//.test(key)), keys.join('\n'));
    assert.equal(new Set(keys.map((key) => /dt=([^/]+)/.exec(key)?.[1])).size, 11, '10 days and the catch-all 1970-01-01');
    const ids = await parquetIds(bucket);
    assert.equal(ids.length, 100, 'the 5 documents without @timestamp are delivered too');
    const catchAll = keys.filter((key) => key.includes('/dt=1970-01-01/'));
    const undated = (await inspectParquet(await Promise.all(catchAll.map((key) => getObject(bucket, key))), { engine: 'duckdb' })).flatMap((file) => (file.rows ?? []).map((row) => String(row['_id'])));
    assert.deepEqual(undated.sort(), ['d27', 'd47', 'd67', 'd7', 'd87']);

    const more = [
      { id: 'late-undated-1', source: JSON.stringify({ n: 1 }) },
      { id: 'late-undated-2', source: JSON.stringify({ n: 2 }) },
      // After the cursor (the last day's 12:00), indexed late, long after that day: it belongs to that day's partition.
      { id: 'new-dated', source: JSON.stringify({ '@timestamp': '2025-03-10T18:00:00Z', n: 3 }) },
    ];
    await loadDocuments(es.url, index, more, { createIndex: false });
    const second = await runSync(['--config', combined(), '--state', statePath]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /7 documents of stream sync-missing-timestamp have no value in the cursor field @timestamp: an incremental sync reads only documents after its cursor.*reset the stream/);
    assert.equal((await parquetIds(bucket)).length, 101, 'the new dated document');
    const added = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet') && !keys.includes(key));
    assert.equal(added.length, 1);
    assert.match(added[0] ?? '', /\/dt=2025-03-10\//, 'the late event went to the partition of its own day, not the sync day');
  });

  test('a bad config exits 1 with the reason', async () => {
    const run = await runSync(['--config', tempJson({ source: {}, destination: {} }), '--state', tempJson([])]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Sync failed: config_error: The "source" part of .* is not a valid config: "endpoint" is required: add it/);
  });
});
