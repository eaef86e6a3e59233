/**
 * check: succeeds on a writable bucket and fails with a distinct, actionable
 * message for each failure: missing bucket, access denied (naming the
 * action), wrong region, unreachable endpoint, bad credentials.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, listKeys, REPO_ROOT, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { testConfig, writeJsonFiles } from './destination-harness.js';

const execFileP = promisify(execFile);

async function check(config: Record<string, unknown>): Promise<{ status: string; message: string; output: string }> {
  const paths = await writeJsonFiles({ config });
  const result = await runCli('destination-s3-parquet', ['check', '--config', paths['config'] ?? '']);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.messages.length, 1);
  const message = result.messages[0] as { type: string; connectionStatus: { status: string; message?: string } };
  assert.equal(message.type, 'CONNECTION_STATUS');
  return { status: message.connectionStatus.status, message: message.connectionStatus.message ?? '', output: result.stdout + result.stderr };
}

describe('check', () => {
  const bucket = uniqueBucketName('dest-check');
  const readonlyBucket = uniqueBucketName('ro-check');
  before(async () => {
    await createBucket(bucket);
    await execFileP(join(REPO_ROOT, 'scripts/servers/minio-users.sh'), [s3TestEnv().endpoint, readonlyBucket]);
  });
  after(async () => {
    await deleteBucketRecursive(bucket);
    await deleteBucketRecursive(readonlyBucket);
  });

  it('succeeds and leaves no probe object behind', async () => {
    const result = await check(testConfig(bucket, { path_prefix: 'probe/here' }));
    assert.equal(result.status, 'SUCCEEDED', result.message);
    assert.deepEqual(await listKeys(bucket), []);
  });

  const failures: Array<[string, () => Record<string, unknown>, RegExp]> = [
    ['missing bucket', () => testConfig('no-such-bucket-here-42'), /^Bucket "no-such-bucket-here-42" does not exist at http.*create it/],
    ['access denied names the action', () => testConfig(readonlyBucket, { credentials: { method: 'access_key', access_key_id: 'readonly', secret_access_key: 'readonly-secret' } }), /^Access denied: the credentials may not perform s3:PutObject on s3:\/\//],
    ['wrong region', () => testConfig(bucket, { region: 'eu-west-3' }), /is not in region "eu-west-3".*set "region"/],
    ['unreachable endpoint', () => testConfig(bucket, { endpoint: 'http://127.0.0.1:1' }), /^Could not reach http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/],
    ['unknown access key', () => testConfig(bucket, { credentials: { method: 'access_key', access_key_id: 'nobody-key', secret_access_key: 'whatever-secret' } }), /access key id is not known/],
    ['wrong secret', () => testConfig(bucket, { credentials: { method: 'access_key', access_key_id: s3TestEnv().accessKeyId, secret_access_key: 'wrong-secret-value' } }), /secret access key does not match/],
    ['invalid config', () => ({ bucket }), /"region" is required/],
  ];
  const seen = new Set<string>();
  for (const [name, config, expected] of failures) {
    it(`fails clearly: ${name}`, async () => {
      const result = await check(config());
      assert.equal(result.status, 'FAILED');
      assert.match(result.message, expected);
      assert.ok(!seen.has(result.message.slice(0, 30)), 'each failure has its own message');
      seen.add(result.message.slice(0, 30));
      for (const secret of ['readonly-secret', 'whatever-secret', 'wrong-secret-value', s3TestEnv().secretAccessKey]) assert.ok(!result.output.includes(secret), `secret ${secret} printed`);
    });
  }
});
