/**
 * Memory stays bounded as input grows: with input far larger than the
 * spool's write buffer and the target file size, the spool rolls into many
 * files instead of growing, and the process's peak RSS stays flat.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createBucket, deleteBucketRecursive, listKeys, s3Client, uniqueBucketName } from '../support/s3-test-helpers.js';
import { configuredStream, LiveDestination, testConfig, writeJsonFiles } from './destination-harness.js';
import { LOG_SCHEMA, logInputLines, peakRss } from './log-stream.js';

describe('write: bounded memory', () => {
  const bucket = uniqueBucketName('dest-spool');
  after(() => deleteBucketRecursive(bucket));

  it('rolls spool files instead of growing with input (45 MB of input, 1 MB files)', async () => {
    await createBucket(bucket);
    const records = 40_000;
    const paths = await writeJsonFiles({ config: testConfig(bucket, { target_file_size_mb: 1, flush_interval_seconds: 3600 }), catalog: { streams: [configuredStream('logs', LOG_SCHEMA)] } });
    const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
    let peak = 0;
    const sampler = setInterval(() => void peakRss(destination.child.pid ?? 0).then((rss) => (peak = Math.max(peak, rss))), 50);
    let inputBytes = 0;
    const batch: string[] = [];
    for (const line of logInputLines('logs', records, 5_000)) {
      inputBytes += line.length + 1;
      batch.push(line);
      if (batch.length >= 1000) await destination.send(batch.splice(0));
    }
    await destination.send(batch);
    destination.end();
    const code = await destination.exited;
    clearInterval(sampler);
    assert.equal(code, 0, destination.stderr);
    const keys = (await listKeys(bucket)).filter((k) => k.endsWith('.parquet'));
    let rows = 0;
    let largest = 0;
    for (const key of keys) {
      const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      rows += Number(head.Metadata?.['airbyte-rows']);
      largest = Math.max(largest, head.ContentLength ?? 0);
    }
    assert.equal(rows, records);
    assert.ok(inputBytes > 40 * 1024 * 1024, `input is ${inputBytes} bytes`);
    assert.ok(keys.length >= 5, `spool rolled into ${keys.length} files`);
    assert.ok(largest < 4 * 1024 * 1024, `largest file ${largest} bytes, target 1 MB`);
    assert.ok(peak > 0 && peak < 400 * 1024 * 1024, `peak RSS ${Math.round(peak / 2 ** 20)} MB`);
    const states = destination.messages().filter((m) => (m as { type: string }).type === 'STATE');
    assert.equal(states.length, records / 5_000 + 1);
    console.log(`# ${keys.length} files, input ${Math.round(inputBytes / 2 ** 20)} MB, peak RSS ${Math.round(peak / 2 ** 20)} MB`);
  });
});
