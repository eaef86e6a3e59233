/**
 * Exercises the real MinIO server and the independent Parquet readers.
 *
 *   S3_ENDPOINT=http://127.0.0.1:PORT S3_ACCESS_KEY_ID=minioadmin S3_SECRET_ACCESS_KEY=minioadmin \
 *     node --import tsx --test test/support/s3-servers.test.ts
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

import {
  createBucket,
  deleteBucketRecursive,
  getObject,
  inspectParquet,
  listKeys,
  parseJsonLossless,
  putObject,
  REPO_ROOT,
  s3TestEnv,
  uniqueBucketName,
  venvPython,
} from './s3-test-helpers.js';

const execFileP = promisify(execFile);

function clientWith(overrides: { accessKeyId?: string; secretAccessKey?: string; region?: string }): S3Client {
  const env = s3TestEnv();
  return new S3Client({
    endpoint: env.endpoint,
    region: overrides.region ?? env.region,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: {
      accessKeyId: overrides.accessKeyId ?? env.accessKeyId,
      secretAccessKey: overrides.secretAccessKey ?? env.secretAccessKey,
    },
  });
}

async function s3ErrorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { name?: string }).name ?? String(err);
  }
  return 'no error';
}

describe('s3 test environment', () => {
  it('s3TestEnv throws a clear error when variables are missing', () => {
    const saved = process.env.S3_ENDPOINT;
    delete process.env.S3_ENDPOINT;
    try {
      assert.throws(() => s3TestEnv(), /S3_ENDPOINT.*npm test/s);
    } finally {
      process.env.S3_ENDPOINT = saved;
    }
  });

  it('lossless JSON keeps integers beyond 2^53 exact', () => {
    const v = parseJsonLossless('{"a":9007199254740993,"b":42,"c":1.5}') as Record<string, unknown>;
    assert.equal(v.a, 9007199254740993n);
    assert.equal(v.b, 42);
    assert.equal(v.c, 1.5);
  });
});

describe('MinIO (real S3 server)', () => {
  const bucket = uniqueBucketName('espq-support');

  before(async () => {
    await createBucket(bucket);
  });
  after(async () => {
    await deleteBucketRecursive(bucket);
  });

  it('put / list / get / delete', async () => {
    await putObject(bucket, 'dir/a.txt', 'hello');
    await putObject(bucket, 'dir/b.bin', Buffer.from([0, 1, 2, 255]));
    await putObject(bucket, 'other/c.txt', 'c');
    assert.deepEqual(await listKeys(bucket, 'dir/'), ['dir/a.txt', 'dir/b.bin']);
    assert.deepEqual(await listKeys(bucket), ['dir/a.txt', 'dir/b.bin', 'other/c.txt']);
    assert.equal((await getObject(bucket, 'dir/a.txt')).toString('utf8'), 'hello');
    assert.deepEqual([...(await getObject(bucket, 'dir/b.bin'))], [0, 1, 2, 255]);

    const tmpBucket = uniqueBucketName('espq-del');
    await createBucket(tmpBucket);
    await putObject(tmpBucket, 'x/y', 'z');
    await deleteBucketRecursive(tmpBucket);
    assert.equal(await s3ErrorName(listKeys(tmpBucket)), 'NoSuchBucket');
    await deleteBucketRecursive(tmpBucket); // idempotent
  });

  it('rejects: missing bucket, bad access key, bad secret, wrong region', async () => {
    const put = (c: S3Client, b = bucket) => c.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
    assert.equal(await s3ErrorName(put(clientWith({}), 'espq-no-such-bucket')), 'NoSuchBucket');
    assert.equal(await s3ErrorName(put(clientWith({ accessKeyId: 'no-such-key-id' }))), 'InvalidAccessKeyId');
    assert.equal(await s3ErrorName(put(clientWith({ secretAccessKey: 'wrong-secret' }))), 'SignatureDoesNotMatch');
    assert.equal(await s3ErrorName(put(clientWith({ region: 'eu-west-1' }))), 'AuthorizationHeaderMalformed');
  });

  it('read-only user: can list/get, PutObject is AccessDenied', async () => {
    const roBucket = uniqueBucketName('espq-ro');
    await execFileP('bash', [join(REPO_ROOT, 'scripts/servers/minio-users.sh'), s3TestEnv().endpoint, roBucket]);
    try {
      await putObject(roBucket, 'seed.txt', 'seed');
      const ro = clientWith({ accessKeyId: 'readonly', secretAccessKey: 'readonly-secret' });
      const listed = await ro.send(new ListObjectsV2Command({ Bucket: roBucket }));
      assert.deepEqual(listed.Contents?.map((o) => o.Key), ['seed.txt']);
      assert.equal(
        await s3ErrorName(ro.send(new PutObjectCommand({ Bucket: roBucket, Key: 'w', Body: 'x' }))),
        'AccessDenied',
      );
      assert.equal(
        await s3ErrorName(ro.send(new ListObjectsV2Command({ Bucket: bucket }))),
        'AccessDenied',
        'policy is limited to its bucket',
      );
    } finally {
      await deleteBucketRecursive(roBucket);
    }
  });

  it('Parquet written by python duckdb (SNAPPY) round-trips through S3 and both readers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'espq-duckdb-'));
    try {
      const file = join(dir, 'small.parquet');
      const code = [
        'import duckdb, sys',
        'con = duckdb.connect()',
        "con.execute(\"SET TimeZone='UTC'\")",
        'con.execute("""COPY (SELECT i::BIGINT AS id, \'row-\' || i AS name,',
        '  (TIMESTAMPTZ \'2024-01-02 03:04:05.678+00\' + i * INTERVAL 1 SECOND) AS ts,',
        '  CASE WHEN i = 0 THEN 9007199254740993::BIGINT ELSE NULL END AS big',
        '  FROM range(5) t(i)) TO \'""" + sys.argv[1] + """\' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2)""")',
      ].join('\n');
      await execFileP(venvPython(), ['-c', code, file]);

      await putObject(bucket, 'parquet/small.parquet', await readFile(file));
      const body = await getObject(bucket, 'parquet/small.parquet');
      assert.equal(body.subarray(0, 4).toString('latin1'), 'PAR1');

      const [pa] = await inspectParquet([body], { engine: 'pyarrow' });
      const [dk] = await inspectParquet(body, { engine: 'duckdb' });
      for (const r of [pa, dk]) {
        assert.ok(r);
        assert.equal(r.num_rows, 5);
        assert.deepEqual(r.codecs, ['SNAPPY']);
        assert.equal(r.rows?.length, 5);
        assert.match(r.created_by ?? '', /DuckDB/i);
        assert.equal(r.rows?.[0]?.id, 0);
        assert.equal(r.rows?.[0]?.name, 'row-0');
        assert.equal(r.rows?.[0]?.big, 9007199254740993n);
        assert.equal(r.rows?.[1]?.big, null);
        const ts = r.rows?.[1]?.ts;
        assert.equal(typeof ts, 'string');
        assert.equal(new Date(ts as string).toISOString(), '2024-01-02T03:04:06.678Z');
        assert.equal(r.row_group_rows.reduce((a, b) => a + b, 0), 5);
      }
      assert.equal(pa?.schema.id, 'int64');
      assert.equal(pa?.schema.ts, 'timestamp[us, tz=UTC]');
      assert.equal(dk?.schema.ts, 'TIMESTAMP WITH TIME ZONE');
      assert.equal(pa?.rows?.[1]?.ts, '2024-01-02T03:04:06.678000Z');
      assert.match(pa?.parquet_schema ?? '', /Timestamp\(isAdjustedToUTC=true, timeUnit=microseconds/);

      const [noRows] = await inspectParquet(file, { engine: 'pyarrow', rows: false });
      assert.equal(noRows?.rows, undefined);
      assert.equal(noRows?.num_rows, 5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
