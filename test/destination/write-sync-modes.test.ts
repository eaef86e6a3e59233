/**
 * Sync modes: overwrite removes only earlier generations' files of that
 * stream, and only after success; append never removes anything; append_dedup
 * is append with a WARN; a mode we cannot honour is refused before anything is
 * written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, listKeys, putObject, uniqueBucketName } from '../support/s3-test-helpers.js';
import { configuredStream, recordLine, stateLine, testConfig, writeJsonFiles } from './destination-harness.js';

const SCHEMA = { type: 'object', properties: { i: { type: 'integer' } } };
const parquet = (keys: string[], stream: string): string[] => keys.filter((k) => k.startsWith(`${stream}/`) && k.endsWith('.parquet'));

async function sync(bucket: string, streams: Array<Record<string, unknown>>, input: string[]): Promise<Awaited<ReturnType<typeof runCli>>> {
  const paths = await writeJsonFiles({ config: testConfig(bucket), catalog: { streams } });
  return runCli('destination-s3-parquet', ['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? ''], { input: input.join('\n') + '\n' });
}

describe('write: append and overwrite', () => {
  const bucket = uniqueBucketName('dest-modes');
  before(() => createBucket(bucket));
  after(() => deleteBucketRecursive(bucket));

  it('append adds files and removes nothing; overwrite removes earlier generations of its stream only after success', async () => {
    const records = (stream: string, n: number): string[] => [...Array.from({ length: n }, (_, i) => recordLine(stream, { i })), stateLine(stream, n)];
    let result = await sync(bucket, [configuredStream('a', SCHEMA, { generation_id: 1, minimum_generation_id: 0 }), configuredStream('b', SCHEMA, { generation_id: 1, minimum_generation_id: 0 })], [...records('a', 3), ...records('b', 3)]);
    assert.equal(result.code, 0, result.stdout);
    await putObject(bucket, 'a/foreign.parquet', 'not ours');
    result = await sync(bucket, [configuredStream('a', SCHEMA, { generation_id: 2, minimum_generation_id: 0 }), configuredStream('b', SCHEMA, { generation_id: 2, minimum_generation_id: 0 })], [...records('a', 2), ...records('b', 2)]);
    assert.equal(result.code, 0);
    const afterAppend = await listKeys(bucket);
    assert.equal(parquet(afterAppend, 'a').length, 3, 'append keeps generation 1 (and the foreign file)');
    assert.equal(parquet(afterAppend, 'b').length, 2);

    // A failing overwrite sync (invalid input line after some records) deletes nothing.
    result = await sync(bucket, [configuredStream('a', SCHEMA, { destination_sync_mode: 'overwrite', generation_id: 3, minimum_generation_id: 3 })], [...records('a', 2), 'this is not json']);
    assert.notEqual(result.code, 0);
    const trace = result.messages.find((m) => (m as { type: string }).type === 'TRACE') as { trace: { error: { message: string } } } | undefined;
    assert.match(trace?.trace.error.message ?? '', /not valid JSON/);
    const afterFailure = await listKeys(bucket);
    for (const key of afterAppend) assert.ok(afterFailure.includes(key), `${key} survives a failed overwrite`);

    // A successful overwrite of stream a (generation 4) removes a's generations 1..3, keeps b and the foreign object.
    result = await sync(bucket, [configuredStream('a', SCHEMA, { destination_sync_mode: 'overwrite', generation_id: 4, minimum_generation_id: 4 })], records('a', 5));
    assert.equal(result.code, 0, result.stdout);
    const afterOverwrite = await listKeys(bucket);
    const aFiles = parquet(afterOverwrite, 'a');
    assert.deepEqual(aFiles.filter((k) => k !== 'a/foreign.parquet').length, 1, 'only the new generation of a remains');
    assert.ok(aFiles.includes('a/foreign.parquet'), 'objects not written by this destination are left alone');
    assert.deepEqual(parquet(afterOverwrite, 'b'), parquet(afterAppend, 'b'), 'other streams are untouched');
    assert.ok(result.lines.some((l) => l.includes('files of earlier generations deleted')));
  });

  it('writes append_dedup as append, with a WARN saying no deduplication happens', async () => {
    const dedup = uniqueBucketName('dest-dedup');
    await createBucket(dedup);
    try {
      const streams = [configuredStream('d', SCHEMA, { destination_sync_mode: 'append_dedup', primary_key: [['i']], generation_id: 1, minimum_generation_id: 0 })];
      const input = [recordLine('d', { i: 1 }), recordLine('d', { i: 1 }), stateLine('d', 2)];
      let result = await sync(dedup, streams, input);
      assert.equal(result.code, 0, result.stdout);
      const warnings = result.messages.filter((m) => (m as { type: string }).type === 'LOG' && (m as { log: { level: string } }).log.level === 'WARN') as Array<{ log: { message: string } }>;
      assert.equal(warnings.length, 1, result.stdout);
      assert.match(warnings[0]!.log.message, /Stream "d" asks for destination sync mode append_dedup.*appended without deduplication \(primary key i\)/);
      assert.equal(result.messages.filter((m) => (m as { type: string }).type === 'STATE').length, 1, 'the state is acknowledged');
      result = await sync(dedup, [{ ...streams[0]!, generation_id: 2 }], input);
      assert.equal(result.code, 0, result.stdout);
      assert.equal(parquet(await listKeys(dedup), 'd').length, 2, 'a second append_dedup sync adds its file and removes nothing, as append');
    } finally {
      await deleteBucketRecursive(dedup);
    }
  });

  it('refuses update and soft_delete with a config error before writing anything', async () => {
    const empty = uniqueBucketName('dest-update');
    await createBucket(empty);
    try {
      for (const mode of ['update', 'soft_delete']) {
        const result = await sync(empty, [configuredStream('a', SCHEMA), configuredStream('d', SCHEMA, { destination_sync_mode: mode })], [recordLine('a', { i: 1 }), stateLine('a', 1)]);
        assert.equal(result.code, 1);
        const trace = result.messages[0] as { type: string; trace: { error: { message: string; failure_type: string } } };
        assert.equal(trace.type, 'TRACE');
        assert.equal(trace.trace.error.failure_type, 'config_error');
        assert.match(trace.trace.error.message, new RegExp(`"${mode}".*choose append or overwrite`));
      }
      assert.deepEqual(await listKeys(empty), []);
    } finally {
      await deleteBucketRecursive(empty);
    }
  });
});
