/**
 * STATE is an acknowledgement: each state is echoed only once the objects
 * holding every record before it exist in the bucket; a failure while
 * uploading (the S3 server stopped mid-write) echoes no state for unwritten
 * records, leaves nothing under a final key and exits non-zero with a TRACE error.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { createBucket, deleteBucketRecursive, listKeys, REPO_ROOT, s3Client, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { configuredStream, LiveDestination, recordLine, stateLine, testConfig, writeJsonFiles } from './destination-harness.js';

const execFileP = promisify(execFile);
const SCHEMA = { type: 'object', properties: { i: { type: 'integer' }, blob: { type: 'string' } } };

/** Rows stored so far, from the objects' metadata. */
async function storedRows(client: S3Client, bucket: string): Promise<number> {
  let rows = 0;
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const object of listed.Contents ?? []) {
    if (!object.Key?.endsWith('.parquet')) continue;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: object.Key }));
    rows += Number(head.Metadata?.['airbyte-rows'] ?? 0);
  }
  return rows;
}

describe('write: STATE echoed only after the records before it are in S3', () => {
  const bucket = uniqueBucketName('dest-ack');
  after(() => deleteBucketRecursive(bucket));

  it('echoes each state after its objects exist, in order', async () => {
    await createBucket(bucket);
    const paths = await writeJsonFiles({ config: testConfig(bucket, { flush_interval_seconds: 0 }), catalog: { streams: [configuredStream('s', SCHEMA)] } });
    const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
    let sent = 0;
    for (let batch = 1; batch <= 3; batch++) {
      const lines = Array.from({ length: 200 * batch }, () => recordLine('s', { i: ++sent, blob: 'x'.repeat(100) }));
      await destination.send([...lines, stateLine('s', batch)]);
      // The process stays alive (stdin open): the state must come without end of input.
      await destination.waitForLine((line) => line.includes(`"stream_state":{"n":${batch}}`));
      assert.equal(await storedRows(s3Client(), bucket), sent, `all ${sent} records before state ${batch} are in S3 when it is echoed`);
    }
    destination.end();
    assert.equal(await destination.exited, 0, destination.stderr);
    const states = destination.messages().filter((m) => (m as { type: string }).type === 'STATE');
    assert.deepEqual(states.map((m) => (m as { state: { stream: { stream_state: { n: number } } } }).state.stream.stream_state.n), [1, 2, 3]);
  });

  it('a state waits for its records when flush_interval_seconds is large, and is echoed at end of input', async () => {
    const paths = await writeJsonFiles({ config: testConfig(bucket, { flush_interval_seconds: 3600, path_prefix: 'late' }), catalog: { streams: [configuredStream('s', SCHEMA)] } });
    const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
    await destination.send([recordLine('s', { i: 1, blob: 'a' }), stateLine('s', 1)]);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(destination.lines.filter((l) => l.includes('"STATE"')).length, 0, 'no state before its record is uploaded');
    assert.deepEqual(await listKeys(bucket, 'late/'), []);
    destination.end();
    assert.equal(await destination.exited, 0);
    assert.equal(destination.lines.filter((l) => l.includes('"STATE"')).length, 1);
    assert.equal((await listKeys(bucket, 'late/')).filter((k) => k.endsWith('.parquet')).length, 1);
  });
});

describe('write: the S3 server stops mid-write', () => {
  const workdir = join(tmpdir(), `dest-minio-fail-${process.pid}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  after(async () => {
    await execFileP(join(REPO_ROOT, 'scripts/servers/stop-server.sh'), [workdir]).catch(() => undefined);
    await rm(workdir, { recursive: true, force: true });
  });

  it('echoes no state for unwritten records, leaves no object under a final key, exits 1 with a TRACE error', async () => {
    const { stdout } = await execFileP(join(REPO_ROOT, 'scripts/servers/start-minio.sh'), [String(port), workdir]);
    const endpoint = stdout.trim();
    const env = s3TestEnv();
    const client = new S3Client({ endpoint, region: env.region, forcePathStyle: true, credentials: { accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' }, maxAttempts: 1 });
    const bucket = 'fail-mid-write';
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const config = testConfig(bucket, { endpoint, credentials: { method: 'access_key', access_key_id: 'minioadmin', secret_access_key: 'minioadmin' }, flush_interval_seconds: 0, target_file_size_mb: 512 });
    const paths = await writeJsonFiles({ config, catalog: { streams: [configuredStream('s', SCHEMA)] } });
    const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
    await destination.send([recordLine('s', { i: 0, blob: 'first' }), stateLine('s', 1)]);
    await destination.waitForLine((line) => line.includes('"stream_state":{"n":1}'));
    const keysBefore = (await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((o) => o.Key) ?? [];
    // ~80 MB of incompressible text: one Parquet file far above the 16 MB part size, so a multipart upload.
    const big = Array.from({ length: 800 }, (_, i) => recordLine('s', { i: i + 1, blob: randomBytes(75_000).toString('base64') }));
    await destination.send([...big, stateLine('s', 2)]);
    // Stop the server as soon as the multipart upload has started.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket })).catch(() => ({ Uploads: [] }));
      if ((uploads.Uploads ?? []).length > 0) break;
      assert.ok(Date.now() < deadline, 'no multipart upload started');
      assert.equal(destination.lines.filter((l) => l.includes('"stream_state":{"n":2}')).length, 0, 'the upload finished before the server could be stopped');
      await new Promise((r) => setTimeout(r, 5));
    }
    await execFileP(join(REPO_ROOT, 'scripts/servers/stop-server.sh'), [workdir]);
    destination.end();
    const code = await destination.exited;
    assert.notEqual(code, 0);
    const messages = destination.messages() as Array<{ type: string; state?: { stream: { stream_state: { n: number } } }; trace?: { type: string; error: { message: string; failure_type: string } } }>;
    assert.deepEqual(messages.filter((m) => m.type === 'STATE').map((m) => m.state?.stream.stream_state.n), [1], 'state 2 is not echoed');
    const trace = messages.find((m) => m.type === 'TRACE');
    assert.equal(trace?.trace?.type, 'ERROR');
    assert.match(trace?.trace?.error.message ?? '', /Could not reach|kept failing/);
    assert.equal(messages[messages.length - 1]?.type, 'TRACE');
    // Restart the same server: only the first file is visible.
    await execFileP(join(REPO_ROOT, 'scripts/servers/start-minio.sh'), [String(port), workdir]);
    const keysAfter = (await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((o) => o.Key) ?? [];
    assert.deepEqual(keysAfter, keysBefore);
    assert.equal(keysAfter.filter((k) => k?.endsWith('.parquet')).length, 1);
    client.destroy();
  });
});
