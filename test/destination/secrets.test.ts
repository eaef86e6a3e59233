/**
 * No secret of the destination config appears anywhere: every command
 * (spec, check, write), on success and failure paths, runs with marker
 * secrets in access_key_id, secret_access_key and session_token; all stdout
 * and stderr, and every object written to the bucket (body and metadata,
 * the Athena DDL file included), are searched for them.
 *
 * The success paths use real credentials that are markers: a MinIO user
 * whose access key id and secret are marker strings (made with mc), and
 * temporary credentials for that user from MinIO's STS AssumeRole (their
 * session token, key id and secret are searched for too).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { runCli, type CliResult } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, getObject, listKeys, minioClientPath, s3Client, s3TestEnv, uniqueBucketName } from '../support/s3-test-helpers.js';
import { configuredStream, recordLine, stateLine, testConfig, writeJsonFiles } from './destination-harness.js';

const execFileP = promisify(execFile);
const tag = randomBytes(4).toString('hex');
const MARKER_KEY_ID = `MARKERKEYID${tag}`.toUpperCase();
const MARKER_SECRET = `MarkerSecretAccessKey${tag}`;
const MARKER_TOKEN = `MarkerSessionToken${tag}`;
const SCHEMA = { type: 'object', properties: { i: { type: 'integer' }, note: { type: 'string' } } };

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Temporary credentials for a MinIO user, from STS AssumeRole (a SigV4-signed POST). */
async function assumeRole(endpoint: string, accessKeyId: string, secretAccessKey: string): Promise<Credentials> {
  const body = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900';
  const url = new URL(endpoint);
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${s3TestEnv().region}/sts/aws4_request`;
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', host: url.host, 'x-amz-content-sha256': sha(body), 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', ...names.map((name) => `${name}:${headers[name]}`), '', names.join(';'), sha(body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`);
  for (const part of [day, s3TestEnv().region, 'sts', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const response = await fetch(endpoint, {
    method: 'POST',
    body,
    headers: { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` },
  });
  const xml = await response.text();
  const field = (name: string): string => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1] ?? '';
  assert.equal(response.status, 200, xml);
  return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
}

describe('secrets never appear in output or in the bucket', () => {
  const env = s3TestEnv();
  const bucket = uniqueBucketName('dest-secrets');
  const outputs: Array<{ what: string; text: string }> = [];
  let temporary: Credentials;
  const mcConfig = join(tmpdir(), `mc-secrets-${process.pid}`);
  const mc = async (...args: string[]): Promise<void> => {
    const url = new URL(env.endpoint);
    await execFileP(await minioClientPath(), ['--config-dir', mcConfig, '--quiet', '--no-color', ...args], {
      env: { ...process.env, MC_HOST_espq: `${url.protocol}//${env.accessKeyId}:${env.secretAccessKey}@${url.host}` },
    });
  };

  before(async () => {
    await createBucket(bucket);
    await mc('admin', 'user', 'add', 'espq', MARKER_KEY_ID, MARKER_SECRET);
    await mc('admin', 'policy', 'attach', 'espq', 'readwrite', '--user', MARKER_KEY_ID);
    temporary = await assumeRole(env.endpoint, MARKER_KEY_ID, MARKER_SECRET);
  });
  after(async () => {
    await mc('admin', 'user', 'remove', 'espq', MARKER_KEY_ID).catch(() => undefined);
    await rm(mcConfig, { recursive: true, force: true });
    await deleteBucketRecursive(bucket);
  });

  const credentials = {
    marker: () => ({ method: 'access_key', access_key_id: MARKER_KEY_ID, secret_access_key: MARKER_SECRET }),
    temporary: () => ({ method: 'access_key', access_key_id: temporary.accessKeyId, secret_access_key: temporary.secretAccessKey, session_token: temporary.sessionToken }),
    wrongSecret: () => ({ method: 'access_key', access_key_id: MARKER_KEY_ID, secret_access_key: `${MARKER_SECRET}-wrong` }),
    badToken: () => ({ method: 'access_key', access_key_id: MARKER_KEY_ID, secret_access_key: MARKER_SECRET, session_token: MARKER_TOKEN }),
    unknownKey: () => ({ method: 'access_key', access_key_id: `${MARKER_KEY_ID}X`, secret_access_key: MARKER_SECRET, session_token: MARKER_TOKEN }),
  };

  async function run(what: string, args: string[], input?: string): Promise<CliResult> {
    const result = await runCli('destination-s3-parquet', args, input === undefined ? {} : { input });
    outputs.push({ what, text: result.stdout + result.stderr });
    return result;
  }

  async function configFile(config: Record<string, unknown>): Promise<string> {
    return (await writeJsonFiles({ config }))['config'] ?? '';
  }

  const status = (result: CliResult): string => (result.messages[0] as { connectionStatus?: { status: string } }).connectionStatus?.status ?? '';
  const traceOf = (result: CliResult): string => ((result.messages as Array<{ type: string; trace?: { error: { failure_type: string } } }>).find((m) => m.type === 'TRACE')?.trace?.error.failure_type ?? '');

  it('spec', async () => {
    const result = await run('spec', ['spec']);
    assert.equal(result.code, 0);
  });

  it('check: success with marker keys and with STS temporary credentials; failures with a wrong secret, an invalid or unknown token, an unreachable endpoint and an invalid config', async () => {
    assert.equal(status(await run('check ok', ['check', '--config', await configFile(testConfig(bucket, { credentials: credentials.marker() }))])), 'SUCCEEDED');
    assert.equal(status(await run('check sts ok', ['check', '--config', await configFile(testConfig(bucket, { credentials: credentials.temporary() }))])), 'SUCCEEDED');
    for (const [what, config] of [
      ['wrong secret', testConfig(bucket, { credentials: credentials.wrongSecret() })],
      ['bad token', testConfig(bucket, { credentials: credentials.badToken() })],
      ['unknown key', testConfig(bucket, { credentials: credentials.unknownKey() })],
      ['unreachable', testConfig(bucket, { endpoint: 'http://127.0.0.1:1', credentials: credentials.badToken() })],
      ['invalid config', testConfig(bucket, { credentials: { ...credentials.badToken(), extra: MARKER_SECRET }, region: 7 })],
    ] as const) {
      const result = await run(`check ${what}`, ['check', '--config', await configFile(config)]);
      assert.equal(result.code, 0);
      assert.equal(status(result), 'FAILED', what);
    }
  });

  it('write: success with marker keys and with STS credentials; failures at upload and at config', async () => {
    const catalog = (await writeJsonFiles({ catalog: { streams: [configuredStream('s', SCHEMA)] } }))['catalog'] ?? '';
    const input = (n: number): string => [...Array.from({ length: 20 }, (_, i) => recordLine('s', { i, note: `record ${i}` })), stateLine('s', n)].join('\n') + '\n';
    let result = await run('write ok', ['write', '--config', await configFile(testConfig(bucket, { credentials: credentials.marker() })), '--catalog', catalog], input(1));
    assert.equal(result.code, 0, result.stdout);
    result = await run('write sts ok', ['write', '--config', await configFile(testConfig(bucket, { credentials: credentials.temporary(), path_prefix: 'sts' })), '--catalog', catalog], input(2));
    assert.equal(result.code, 0, result.stdout);
    for (const [what, config, failureType] of [
      ['wrong secret', testConfig(bucket, { credentials: credentials.wrongSecret(), path_prefix: 'no' }), 'config_error'],
      ['bad token', testConfig(bucket, { credentials: credentials.badToken(), path_prefix: 'no' }), 'config_error'],
      ['unknown key', testConfig(bucket, { credentials: credentials.unknownKey(), path_prefix: 'no' }), 'config_error'],
      ['unreachable', testConfig(bucket, { endpoint: 'http://127.0.0.1:1', credentials: credentials.badToken(), path_prefix: 'no' }), 'transient_error'],
      ['invalid config', testConfig(bucket, { credentials: { ...credentials.badToken(), extra: MARKER_SECRET }, path_prefix: 'no' }), 'config_error'],
    ] as const) {
      result = await run(`write ${what}`, ['write', '--config', await configFile(config), '--catalog', catalog], input(3));
      assert.equal(result.code, 1, what);
      assert.equal(traceOf(result), failureType, `${what}: ${result.stdout}`);
    }
    assert.deepEqual(await listKeys(bucket, 'no/'), []);
  });

  it('no marker in any output, nor in any object or its metadata', async () => {
    const markers = [MARKER_KEY_ID, MARKER_SECRET, MARKER_TOKEN, temporary.accessKeyId, temporary.secretAccessKey, temporary.sessionToken];
    assert.ok(outputs.length >= 13, `${outputs.length} runs`);
    for (const { what, text } of outputs) for (const marker of markers) assert.ok(!text.includes(marker), `"${what}" printed a secret:\n${text}`);
    const keys = await listKeys(bucket);
    assert.ok(keys.some((key) => key.endsWith('_airbyte_athena_ddl.sql')) && keys.filter((key) => key.endsWith('.parquet')).length === 2, keys.join(', '));
    for (const key of keys) {
      const body = (await getObject(bucket, key)).toString('latin1');
      const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const metadata = JSON.stringify({ metadata: head.Metadata, type: head.ContentType, disposition: head.ContentDisposition, encoding: head.ContentEncoding });
      for (const marker of markers) {
        assert.ok(!body.includes(marker), `${key} holds a secret`);
        assert.ok(!metadata.includes(marker), `${key}'s metadata holds a secret`);
      }
    }
  });
});
