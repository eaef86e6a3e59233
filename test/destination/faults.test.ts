/**
 * Faults between the destination and S3, injected by a real HTTP proxy in
 * front of the real MinIO: 500, 503, 503 SlowDown (S3's XML body) and
 * connection resets on UploadPart, PutObject and CompleteMultipartUpload are
 * retried; when retries run out the upload is aborted and no state is echoed
 * for the unwritten records; kill -9 and SIGTERM mid-upload. Every case ends
 * with a rerun from the last echoed state and a read-back with pyarrow:
 * every record in the bucket exactly once.
 *
 * Parts are 5 MB here (DESTINATION_S3_PART_SIZE_MB), so ~16 MB files are
 * multipart uploads of 4 parts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { FaultProxy, s3Error } from '../support/fault-proxy.js';
import { createBucket, deleteBucketRecursive, getObject, inspectParquet, listKeys, s3Client, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { configuredStream, LiveDestination, recordLine, stateLine, testConfig, writeJsonFiles } from './destination-harness.js';

process.env['DESTINATION_S3_PART_SIZE_MB'] = '5'; // inherited by the destination processes

const SCHEMA = { type: 'object', properties: { i: { type: 'integer' }, blob: { type: 'string' } } };
const UPLOAD_PART = /x-id=UploadPart/;
const PUT_DATA_OBJECT = /\.parquet\?x-id=PutObject/;
const COMPLETE = /^POST [^?]*\?uploadId=[^&]*$/;

type Message = { type: string; state?: { stream: { stream_state: { n: number } } }; trace?: { type: string; error: { message: string; failure_type: string } } };

/** Records i in [from, to): `big` ones carry ~100 KB of incompressible text each (160 make a 4-part upload). */
class Records {
  readonly blobs = new Map<number, string>();
  lines(from: number, to: number, big: boolean): string[] {
    const lines: string[] = [];
    for (let i = from; i < to; i++) {
      const blob = big ? randomBytes(75_000).toString('base64') : `small ${i}`;
      this.blobs.set(i, blob);
      lines.push(recordLine('s', { i, blob }));
    }
    return lines;
  }

  /** Reads every Parquet object of the bucket back with pyarrow; asserts each record is there exactly once with its value. */
  async assertAllExactlyOnce(bucket: string): Promise<void> {
    const keys = (await listKeys(bucket)).filter((key) => key.endsWith('.parquet'));
    const files = await inspectParquet(await Promise.all(keys.map((key) => getObject(bucket, key))));
    const seen = new Map<number, number>();
    for (const file of files) {
      for (const row of file.rows ?? []) {
        const i = Number(row['i']);
        seen.set(i, (seen.get(i) ?? 0) + 1);
        assert.equal(row['blob'], this.blobs.get(i), `record ${i} has its value`);
      }
    }
    const missing = [...this.blobs.keys()].filter((i) => !seen.has(i));
    const repeated = [...seen].filter(([, count]) => count > 1).map(([i]) => i);
    assert.deepEqual({ missing: missing.length, repeated: repeated.length }, { missing: 0, repeated: 0 }, `missing ${missing.slice(0, 10).join(',')}; repeated ${repeated.slice(0, 10).join(',')}`);
    assert.equal(seen.size, this.blobs.size);
  }
}

async function openUploads(bucket: string): Promise<number> {
  return (await s3Client().send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0;
}

function states(destination: LiveDestination): number[] {
  return (destination.messages() as Message[]).filter((m) => m.type === 'STATE').map((m) => m.state?.stream.stream_state.n ?? -1);
}

async function start(bucket: string, endpoint: string, overrides: Record<string, unknown> = {}): Promise<LiveDestination> {
  const paths = await writeJsonFiles({ config: testConfig(bucket, { endpoint, flush_interval_seconds: 0, ...overrides }), catalog: { streams: [configuredStream('s', SCHEMA)] } });
  return new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
}

const stateEchoed = (n: number) => (line: string): boolean => line.includes(`"stream_state":{"n":${n}}`);

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('faults between the destination and S3', () => {
  let proxy: FaultProxy;
  const buckets: string[] = [];
  const newBucket = async (): Promise<string> => {
    const bucket = uniqueBucketName('dest-fault');
    buckets.push(bucket);
    await createBucket(bucket);
    return bucket;
  };
  before(async () => {
    proxy = await new FaultProxy(s3TestEnv().endpoint, { preserveHost: true }).start();
  });
  after(async () => {
    await proxy.stop();
    for (const bucket of buckets) await deleteBucketRecursive(bucket);
  });

  /** A fresh bucket and destination whose first file (50 small records, state 1) is in S3 and acknowledged. */
  const firstFileWritten = async (): Promise<{ bucket: string; records: Records; destination: LiveDestination }> => {
    proxy.clear();
    const bucket = await newBucket();
    const records = new Records();
    const destination = await start(bucket, proxy.url);
    await destination.send([...records.lines(0, 50, false), stateLine('s', 1)]);
    await destination.waitForLine(stateEchoed(1));
    return { bucket, records, destination };
  };

  /** Sends a 4-part file and state 2 whose part 2 hangs; returns once parts 1 to 3 were sent, with the proxy log offset before them. */
  const stallSecondPart = async (destination: LiveDestination, records: Records): Promise<{ unsent: string[]; before: number }> => {
    proxy.inject(UPLOAD_PART, { kind: 'stall', ms: 120_000 }, 1, 1); // part 1 goes through, part 2 hangs
    const unsent = records.lines(50, 210, true);
    const before = proxy.seen.length;
    await destination.send([...unsent, stateLine('s', 2)]); // stdin stays open, as under Airbyte
    await waitFor(() => proxy.unfired() === 0 && proxy.seen.slice(before).filter((line) => UPLOAD_PART.test(line)).length >= 3, 'parts 1 to 3 sent');
    return { unsent, before };
  };

  /** Reruns from state 1 without faults (the records after it, then state 2); it must exit 0. */
  const rerunFromFirstState = async (bucket: string, unsent: string[]): Promise<LiveDestination> => {
    proxy.clear();
    const rerun = await start(bucket, proxy.url);
    await rerun.send([...unsent, stateLine('s', 2)]);
    rerun.end();
    assert.equal(await rerun.exited, 0, rerun.stderr);
    return rerun;
  };

  it('500, 503, 503 SlowDown and resets on UploadPart, PutObject and CompleteMultipartUpload are retried: every record once, every state echoed', async () => {
    proxy.clear();
    const bucket = await newBucket();
    const records = new Records();
    // Each fault lets one matching request through first, so no request fails more often than its 5 attempts allow.
    for (const fault of [s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'), s3Error(503, 'ServiceUnavailable', 'Please reduce your request rate.'), s3Error(503, 'SlowDown', 'Please reduce your request rate.', 1), { kind: 'reset-before-response' } as const, { kind: 'reset-after-upstream' } as const]) {
      proxy.inject(UPLOAD_PART, fault, 1, 1);
      proxy.inject(PUT_DATA_OBJECT, fault, 1, 1);
    }
    proxy.inject(COMPLETE, s3Error(503, 'SlowDown', 'Please reduce your request rate.'), 1);
    proxy.inject(COMPLETE, s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'), 1, 1);
    // The server completes the upload but the response is lost: the retry finds no such upload, the object is there.
    proxy.inject(COMPLETE, { kind: 'reset-after-upstream' }, 1, 1);
    proxy.inject(COMPLETE, { kind: 'reset-mid-body' }, 1, 1);
    const destination = await start(bucket, proxy.url);
    let n = 0;
    for (let round = 0; round < 6; round++) {
      await destination.send([...records.lines(n, n + 160, true), stateLine('s', round * 2 + 1)]);
      n += 160;
      await destination.send([...records.lines(n, n + 50, false), stateLine('s', round * 2 + 2)]);
      n += 50;
      await destination.waitForLine(stateEchoed(round * 2 + 2), 120_000);
    }
    destination.end();
    assert.equal(await destination.exited, 0, destination.stderr + destination.lines.join('\n'));
    assert.equal(proxy.unfired(), 0, 'every fault was injected');
    assert.deepEqual(states(destination), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(await openUploads(bucket), 0);
    await records.assertAllExactlyOnce(bucket);
  });

  it('when retries run out on UploadPart: the upload is aborted, no state for the unwritten records, one transient_error; a rerun from the last state completes the data', async () => {
    const { bucket, records, destination } = await firstFileWritten();
    proxy.inject(UPLOAD_PART, s3Error(503, 'SlowDown', 'Please reduce your request rate.'), 1_000);
    const unwritten = records.lines(50, 210, true);
    await destination.send([...unwritten, stateLine('s', 2)]);
    const code = await destination.exited;
    assert.equal(code, 1);
    const messages = destination.messages() as Message[];
    assert.deepEqual(states(destination), [1], 'no state for the records that were not written');
    const traces = messages.filter((m) => m.type === 'TRACE');
    assert.equal(traces.length, 1);
    assert.equal(messages.at(-1)?.type, 'TRACE');
    assert.equal(traces[0]?.trace?.error.failure_type, 'transient_error');
    assert.match(traces[0]?.trace?.error.message ?? '', /^S3 kept failing during UploadPart of part \d of 4 \(s3:PutObject\) on s3:\/\/dest-fault-[^/]+\/s\/.*\.parquet \(SlowDown\) after retries: try again later\.$/);
    assert.equal(await openUploads(bucket), 0, 'the multipart upload was aborted');
    assert.equal((await listKeys(bucket)).filter((key) => key.endsWith('.parquet')).length, 1, 'only the first file is visible');

    const rerun = await rerunFromFirstState(bucket, unwritten);
    assert.deepEqual(states(rerun), [2]);
    await records.assertAllExactlyOnce(bucket);
  });

  it('kill -9 mid-upload: no partial object under a final key, and a rerun from the last state loses nothing (the incomplete upload stays until a lifecycle rule aborts it)', async () => {
    const { bucket, records, destination } = await firstFileWritten();
    const { unsent, before } = await stallSecondPart(destination, records);
    destination.child.kill('SIGKILL');
    await destination.exited;
    assert.deepEqual(states(destination), [1]);
    const inFlightKey = decodeURIComponent(/^PUT \/[^/]+\/([^?]+)\?/.exec(proxy.seen.slice(before).find((line) => UPLOAD_PART.test(line)) ?? '')?.[1] ?? '');
    const keys = await listKeys(bucket);
    assert.ok(!keys.includes(inFlightKey), 'the object being uploaded is not visible');
    const parquetKeys = keys.filter((key) => key.endsWith('.parquet'));
    assert.equal(parquetKeys.length, 1);
    const files = await inspectParquet(await Promise.all(parquetKeys.map((key) => getObject(bucket, key))), { rows: false });
    assert.deepEqual(files.map((file) => file.num_rows), [50], 'every visible object is a whole Parquet file');
    assert.equal(await openUploads(bucket), 1, 'the incomplete multipart upload stays on the server (a lifecycle rule aborts it)');

    await rerunFromFirstState(bucket, unsent);
    await records.assertAllExactlyOnce(bucket);
  });

  it('SIGTERM mid-upload: stops at once, aborts the upload, no state for unwritten records, exits 1 with a transient_error', async () => {
    const { bucket, records, destination } = await firstFileWritten();
    const { unsent } = await stallSecondPart(destination, records);
    assert.equal(await openUploads(bucket), 1);
    const signalledAt = Date.now();
    destination.child.kill('SIGTERM');
    assert.equal(await destination.exited, 1);
    assert.ok(Date.now() - signalledAt < 15_000, `stopped in ${Date.now() - signalledAt} ms`);
    const messages = destination.messages() as Message[];
    assert.deepEqual(states(destination), [1]);
    const traces = messages.filter((m) => m.type === 'TRACE');
    assert.equal(traces.length, 1);
    assert.equal(traces[0]?.trace?.error.failure_type, 'transient_error');
    assert.match(traces[0]?.trace?.error.message ?? '', /^The write was cancelled \(SIGTERM or SIGINT\).*Run the sync again from that state\.$/);
    assert.equal(await openUploads(bucket), 0, 'the multipart upload was aborted');
    assert.equal((await listKeys(bucket)).filter((key) => key.endsWith('.parquet')).length, 1);

    await rerunFromFirstState(bucket, unsent);
    await records.assertAllExactlyOnce(bucket);
  });
});
