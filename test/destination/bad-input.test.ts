/**
 * Bad input to the destination, against the real MinIO: each case gets a
 * message naming what is wrong and how to fix it, the right failure_type
 * (CONNECTION_STATUS FAILED in check), a non-zero exit where the command
 * cannot proceed, and nothing written that should not be. Values that do not
 * fit the schema are kept in _airbyte_overflow and flagged, not dropped; a
 * record too large or too deep for a row is written with those values
 * nulled and kept whole in _airbyte_rejected/.
 * (An unsupported destination sync mode: write-sync-modes.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { runCli, type CliResult } from '../support/run-cli.js';
import { createBucket, deleteBucketRecursive, getObject, inspectParquet, listKeys, s3Client, uniqueBucketName } from '../support/s3-test-helpers.js';
import { configuredStream, LiveDestination, recordLine, stateLine, testConfig, writeJsonFiles } from './destination-harness.js';

const SCHEMA = { type: 'object', properties: { i: { type: 'integer' }, blob: { type: 'string' }, at: { type: 'string', format: 'date-time' } } };
type Trace = { type: string; trace: { type: string; error: { message: string; failure_type: string } } };

function write(paths: Record<string, string>, input: string[]): Promise<CliResult> {
  return runCli('destination-s3-parquet', ['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? ''], { input: input.length === 0 ? '' : input.join('\n') + '\n' });
}

/** The run failed with exactly one TRACE error (the last line), no STATE, exit 1; returns the error. */
function failure(result: CliResult): { message: string; failure_type: string } {
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const messages = result.messages as Trace[];
  assert.deepEqual(messages.filter((m) => m.type === 'STATE'), [], 'no state echoed');
  const traces = messages.filter((m) => m.type === 'TRACE');
  assert.equal(traces.length, 1);
  assert.equal(messages.at(-1), traces[0]);
  assert.equal(traces[0]?.trace.type, 'ERROR');
  return traces[0]!.trace.error;
}

describe('bad input to the destination', () => {
  const bucket = uniqueBucketName('dest-bad');
  let paths: Record<string, string>;
  before(async () => {
    await createBucket(bucket);
    paths = await writeJsonFiles({ config: testConfig(bucket), catalog: { streams: [configuredStream('s', SCHEMA)] } });
  });
  after(() => deleteBucketRecursive(bucket));

  /** Nothing written by the runs with the shared config (prefix s/): no object, and no pending multipart upload at all. */
  async function assertNothingWritten(): Promise<void> {
    assert.deepEqual(await listKeys(bucket, 's/'), []);
    assert.equal((await s3Client().send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0, 0);
  }

  it('a line that is not JSON stops the sync (system_error naming the line); nothing is written', async () => {
    const error = failure(await write(paths, [recordLine('s', { i: 1 }), stateLine('s', 1), '{"type": "RECORD", "record": {', recordLine('s', { i: 2 })]));
    assert.equal(error.failure_type, 'system_error');
    assert.equal(error.message, 'Input line 3 is not valid JSON, so the sync stopped: the source must print one Airbyte message per line.');
    await assertNothingWritten();
  });

  it('a RECORD for a stream not in the catalog stops the sync (system_error naming the stream); nothing is written', async () => {
    const error = failure(await write(paths, [recordLine('s', { i: 1 }), JSON.stringify({ type: 'RECORD', record: { stream: 'nope', namespace: 'ns', data: { i: 2 }, emitted_at: 1 } }), stateLine('s', 1)]));
    assert.equal(error.failure_type, 'system_error');
    assert.equal(error.message, 'A record arrived for stream "nope" in namespace "ns", which is not in the configured catalog: add the stream to the catalog or fix the source.');
    await assertNothingWritten();
  });

  it('a RECORD without data stops the sync; nothing is written', async () => {
    const error = failure(await write(paths, [JSON.stringify({ type: 'RECORD', record: { stream: 's', emitted_at: 1 } })]));
    assert.equal(error.failure_type, 'system_error');
    assert.match(error.message, /^Input line 1 is a RECORD without stream, data \(an object\) and emitted_at/);
    await assertNothingWritten();
  });

  it('a STATE that is no valid AirbyteStateMessage (STREAM without stream_descriptor) stops the sync naming the line, and is never echoed; nothing is written', async () => {
    const error = failure(await write(paths, [recordLine('s', { i: 1 }), '{"type":"STATE","state":{"type":"STREAM","stream":{"stream_state":{"position":0}}}}']));
    assert.equal(error.failure_type, 'system_error');
    assert.equal(error.message, "Input line 2 is a STATE whose stream has no stream_descriptor object (see the Airbyte protocol's AirbyteStateMessage), which cannot be echoed, so the sync stopped.");
    await assertNothingWritten();
  });

  it('SSE-KMS on a store without KMS (MinIO): write ends in a config_error naming "encryption" at once, check answers FAILED naming it', async () => {
    const kmsPaths = await writeJsonFiles({ config: testConfig(bucket, { path_prefix: 'kms', encryption: { method: 'sse_kms' } }) });
    const started = Date.now();
    const error = failure(await write({ config: kmsPaths['config'] ?? '', catalog: paths['catalog'] ?? '' }, [recordLine('s', { i: 1 }), stateLine('s', 1)]));
    assert.equal(error.failure_type, 'config_error');
    assert.match(error.message, /does not implement a feature .* The likely cause is "encryption": .*set "encryption" to "none"/);
    assert.ok(Date.now() - started < 30_000, 'not retried');
    const check = await runCli('destination-s3-parquet', ['check', '--config', kmsPaths['config'] ?? '']);
    const status = (check.messages as Array<{ type: string; connectionStatus: { status: string; message: string } }>)[0];
    assert.equal(status?.connectionStatus.status, 'FAILED');
    assert.match(status?.connectionStatus.message ?? '', /The likely cause is "encryption"/);
    assert.deepEqual(await listKeys(bucket, 'kms/'), []);
  });

  it('an empty input: exit 0, no state, nothing written', async () => {
    const result = await write(paths, []);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual((result.messages as Trace[]).filter((m) => m.type !== 'LOG'), []);
    await assertNothingWritten();
  });

  it('records that do not match the schema are written with the values kept in _airbyte_overflow and flagged in _airbyte_meta', async () => {
    const prefixPaths = await writeJsonFiles({ config: testConfig(bucket, { path_prefix: 'mismatch' }), catalog: { streams: [configuredStream('s', SCHEMA)] } });
    const result = await write(prefixPaths, [
      recordLine('s', { i: 'seven', blob: 42, at: 'not a date', extra: { a: [1, 2] } }),
      recordLine('s', { i: [1, 2], blob: { x: 1 }, at: '2024-05-01T10:00:00+02:00' }),
      stateLine('s', 1),
    ]);
    assert.equal(result.code, 0, result.stdout);
    assert.equal((result.messages as Trace[]).filter((m) => m.type === 'STATE').length, 1);
    const keys = (await listKeys(bucket, 'mismatch/')).filter((key) => key.endsWith('.parquet'));
    const [file] = await inspectParquet(await getObject(bucket, keys[0] ?? ''));
    const rows = [...(file?.rows ?? [])].sort((a, b) => String(a['_airbyte_overflow']).localeCompare(String(b['_airbyte_overflow'])));
    assert.equal(rows.length, 2);
    const pick = (row: (typeof rows)[number]): unknown => ({
      i: row['i'],
      blob: row['blob'],
      at: row['at'],
      overflow: JSON.parse(String(row['_airbyte_overflow'])),
      changes: (row['_airbyte_meta'] as { changes: unknown[] }).changes,
    });
    assert.deepEqual(rows.map(pick), [
      {
        i: null,
        blob: '42',
        at: null,
        overflow: { '/i': 'seven', '/at': 'not a date', '/extra': { a: [1, 2] } },
        changes: [
          { field: '/i', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          { field: '/at', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          { field: '/extra', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' },
        ],
      },
      {
        i: null,
        blob: null,
        at: '2024-05-01T08:00:00.000000Z',
        overflow: { '/i': [1, 2], '/blob': { x: 1 } },
        changes: [
          { field: '/i', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          { field: '/blob', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
        ],
      },
    ]);
  });

  it('a string with a lone surrogate (the JSON escape "\\ud800") is no UTF-8: its column gets null, the value keeps its escape in _airbyte_overflow, pointers and names get U+FFFD; pyarrow and DuckDB read every row', async () => {
    const schema = {
      type: 'object',
      properties: { i: { type: 'integer' }, msg: { type: 'string' }, n: { type: 'object', properties: { s: { type: 'string' } } }, tags: { type: 'array', items: { type: 'string' } }, any: {}, 'col\ud800': { type: 'string' } },
    };
    const prefixPaths = await writeJsonFiles({ config: testConfig(bucket, { path_prefix: 'surrogate' }), catalog: { streams: [configuredStream('s', schema)] } });
    const lone = { i: 1, msg: 'a\ud800b', n: { s: 'x\udc00' }, tags: ['\ud83d', 'ok'], any: { 'k\ud800': 'v\udfff' }, 'extra\ud800': '\ud800', 'col\ud800': 'pair \ud83d\ude00' };
    const source = JSON.stringify({ type: 'RECORD', record: { stream: 's', data: lone, emitted_at: 1, meta: { changes: [{ field: '/x\ud800', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' }] } } });
    assert.ok(source.includes('"msg":"a\\ud800b"'), 'the line holds the escape');
    const result = await write(prefixPaths, [source, recordLine('s', { i: 2, msg: 'plain', n: { s: '\ud83d\ude00' }, tags: ['ok'] }), stateLine('s', 1)]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal((result.messages as Trace[]).filter((m) => m.type === 'STATE').length, 1);
    const keys = (await listKeys(bucket, 'surrogate/')).filter((key) => key.endsWith('.parquet'));
    const files = await Promise.all(keys.map((key) => getObject(bucket, key)));
    const byEngine = await Promise.all((['pyarrow', 'duckdb'] as const).map(async (engine) => (await inspectParquet(files, { engine })).flatMap((file) => file.rows ?? []).sort((a, b) => Number(a['i']) - Number(b['i']))));
    const pick = (row: Record<string, unknown>): unknown => ({
      i: row['i'],
      msg: row['msg'],
      n: row['n'],
      tags: row['tags'],
      any: row['any'] === null ? null : JSON.parse(String(row['any'])),
      renamed: row['col\ufffd'],
      overflow: row['_airbyte_overflow'] === null ? null : JSON.parse(String(row['_airbyte_overflow'])),
      changes: (row['_airbyte_meta'] as { changes: unknown[] }).changes,
    });
    assert.deepEqual(byEngine[0]?.map(pick), byEngine[1]?.map(pick), 'pyarrow and DuckDB read the same rows');
    assert.deepEqual(byEngine[0]?.map(pick), [
      {
        i: 1,
        msg: null,
        n: { s: null },
        tags: [null, 'ok'],
        any: { 'k\ud800': 'v\udfff' },
        renamed: 'pair \ud83d\ude00',
        overflow: { '/msg': 'a\ud800b', '/n/s': 'x\udc00', '/tags/0': '\ud83d', '/extra\ud800': '\ud800' },
        changes: [
          { field: '/x\ufffd', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' },
          { field: '/msg', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          { field: '/n/s', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          { field: '/tags/0', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          { field: '/extra\ufffd', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' },
        ],
      },
      { i: 2, msg: 'plain', n: { s: '\ud83d\ude00' }, tags: ['ok'], any: null, renamed: null, overflow: null, changes: [] },
    ]);
  });

  /** Runs `write` on `input` as a live process; returns the result, the peak RSS (kB), and what the rejected-records directory held when the first STATE was echoed. */
  async function liveWrite(paths: Record<string, string>, input: string[], rejectedPrefix: string): Promise<{ result: CliResult; peakKb: number; rejectedAtState: string[]; seconds: number }> {
    const started = Date.now();
    const destination = new LiveDestination(['write', '--config', paths['config'] ?? '', '--catalog', paths['catalog'] ?? '']);
    let peakKb = 0;
    const poll = setInterval(() => {
      void readFile(`/proc/${destination.child.pid}/status`, 'utf8').then((status) => (peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))), () => undefined);
    }, 20);
    await destination.send(input);
    destination.end();
    await destination.waitForLine((line) => line.includes('"type":"STATE"'), 300_000);
    const rejectedAtState = await listKeys(bucket, rejectedPrefix);
    const code = await destination.exited;
    clearInterval(poll);
    const result = { code, signal: null, stdout: destination.lines.join('\n'), stderr: destination.stderr, lines: destination.lines, messages: destination.messages() };
    return { result, peakKb, rejectedAtState, seconds: (Date.now() - started) / 1000 };
  }

  /** The rows of every Parquet file under `prefix`, read by pyarrow and by DuckDB (which must agree), sorted by `i`. */
  async function parquetRows(prefix: string): Promise<Array<Record<string, unknown>>> {
    const keys = (await listKeys(bucket, prefix)).filter((key) => key.endsWith('.parquet'));
    const files = await Promise.all(keys.map((key) => getObject(bucket, key)));
    const byEngine = await Promise.all((['pyarrow', 'duckdb'] as const).map(async (engine) => (await inspectParquet(files, { engine })).flatMap((file) => file.rows ?? []).sort((a, b) => Number(a['i']) - Number(b['i']))));
    const pick = (row: Record<string, unknown>): unknown => ({ i: row['i'], blob: row['blob'], overflow: row['_airbyte_overflow'], changes: (row['_airbyte_meta'] as { changes: unknown[] }).changes });
    assert.deepEqual(byEngine[0]?.map(pick), byEngine[1]?.map(pick), 'pyarrow and DuckDB read the same rows');
    return byEngine[0] ?? [];
  }

  it('a record of 30 MB is written whole; one of 40 MB does not stop the write: its row keeps the small values, the blob is nulled and flagged, the line is stored byte for byte in _airbyte_rejected/ before the STATE after it, with bounded memory', async () => {
    const prefixPaths = await writeJsonFiles({ config: testConfig(bucket, { path_prefix: 'large' }), catalog: { streams: [configuredStream('s', SCHEMA, { primary_key: [['i']] })] } });
    // 30 MB: below the cap, written and read back whole.
    const large = 'L'.repeat(30 * 1024 * 1024);
    let result = await write(prefixPaths, [recordLine('s', { i: 1, blob: large }), recordLine('s', { i: 2, blob: 'small' }), stateLine('s', 1)]);
    assert.equal(result.code, 0, result.stdout);
    let rows = await parquetRows('large/');
    assert.deepEqual(rows.map((row) => [row['i'], (row['blob'] as string).length, row['blob'] === large]), [[1, large.length, true], [2, 5, false]]);
    assert.deepEqual(await listKeys(bucket, 'large/s/_airbyte_rejected/'), []);

    // 40 MB: written with the blob nulled; the line as received is in _airbyte_rejected/ when the STATE after it is echoed.
    const oversized = `{"type":"RECORD","record":{"stream":"s","data":{"i":4,"blob":"${'H'.repeat(40 * 1024 * 1024)}","at":"2024-05-01T10:00:00Z"},"emitted_at":1700000000000.0 }}`;
    const run = await liveWrite(prefixPaths, [recordLine('s', { i: 3, blob: 'before' }), oversized, stateLine('s', 2), recordLine('s', { i: 5, blob: 'after' }), stateLine('s', 3)], 'large/s/_airbyte_rejected/');
    result = run.result;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const messages = result.messages as Array<{ type: string; log?: { level: string; message: string } }>;
    assert.equal(messages.filter((m) => m.type === 'STATE').length, 2);
    assert.equal(run.rejectedAtState.length, 1, 'the rejected-records object is complete when the STATE after the record is echoed');
    const [rejectedKey] = run.rejectedAtState;
    assert.match(rejectedKey ?? '', /^large\/s\/_airbyte_rejected\/\d+_[0-9a-f-]{36}_0000000002\.jsonl$/);
    assert.ok((await getObject(bucket, rejectedKey ?? '')).equals(Buffer.from(`${oversized}\n`)), 'the line byte for byte');
    const warnings = messages.filter((m) => m.log?.level === 'WARN').map((m) => m.log?.message ?? '');
    assert.match(warnings[0] ?? '', /^Record 2 of the input \(stream "s"\) was written with 1 value\(s\) nulled \(\/blob\) because the row would be above 32 MB; the record as received is in s3:\/\/\S+\/large\/s\/_airbyte_rejected\/\S+\.jsonl/);
    assert.match(warnings.at(-1) ?? '', /^Stream "s": 3 records in 1 files under \S+; 1 of them written with values nulled \(too large or too deeply nested\), the records as received in large\/s\/_airbyte_rejected\/\.$/);
    rows = (await parquetRows('large/')).filter((row) => Number(row['i']) >= 3);
    assert.deepEqual(rows.map((row) => [row['i'], row['blob'], row['at'], (row['_airbyte_meta'] as { changes: unknown[] }).changes]), [
      [3, 'before', null, []],
      [4, null, '2024-05-01T10:00:00.000000Z', [{ field: '/blob', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' }]],
      [5, 'after', null, []],
    ]);
    process.stderr.write(`# 40 MB record: destination write ${run.seconds.toFixed(1)} s, peak RSS ${Math.round(run.peakKb / 1024)} MB\n`);
    assert.ok(run.peakKb > 0 && run.peakKb < 700 * 1024, `peak RSS ${Math.round(run.peakKb / 1024)} MB`);
  });

  it('a record nested 5,000 levels deep does not stop the write: the deep value is nulled and flagged, an unsafe integer beside it stays exact, the line is stored byte for byte in _airbyte_rejected/', async () => {
    const prefixPaths = await writeJsonFiles({ config: testConfig(bucket, { path_prefix: 'deep' }), catalog: { streams: [configuredStream('s', SCHEMA)] } });
    const deep = `{"type":"RECORD","record":{"stream":"s","data":{"i":9007199254740993,"blob":"kept","tree":${'{"a":'.repeat(5000)}12345678901234567890${'}'.repeat(5000)}},"emitted_at":1700000000000}}`;
    const run = await liveWrite(prefixPaths, [deep, stateLine('s', 1)], 'deep/s/_airbyte_rejected/');
    assert.equal(run.result.code, 0, run.result.stdout + run.result.stderr);
    assert.equal(run.rejectedAtState.length, 1);
    assert.equal((await getObject(bucket, run.rejectedAtState[0] ?? '')).toString('utf8'), `${deep}\n`);
    const rows = await parquetRows('deep/');
    assert.deepEqual(rows.map((row) => [row['i'], row['blob'], row['_airbyte_overflow'], (row['_airbyte_meta'] as { changes: unknown[] }).changes]), [
      [9007199254740993n, 'kept', null, [{ field: '/tree', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' }]],
    ]);
  });

  describe('catalog', () => {
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['missing', async () => '/nonexistent/catalog.json', /^The --catalog file \/nonexistent\/catalog\.json does not exist: pass the path of a JSON file with --catalog catalog\.json\.$/],
      ['not JSON', async () => textFile('{"streams": ['), /^The --catalog file \S+ is not valid JSON \(.*\): fix the syntax\.$/],
      ['without streams', async () => (await writeJsonFiles({ catalog: { stream: [] } }))['catalog'] ?? '', /is not a valid configured catalog: the top level must have required property 'streams'\. Run discover and build the catalog from its streams\.$/],
      ['a stream without json_schema', async () => (await writeJsonFiles({ catalog: { streams: [{ stream: { name: 's' }, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] } }))['catalog'] ?? '', /\/streams\/0\/stream must have required property 'json_schema'/],
      ['a stream listed twice', async () => (await writeJsonFiles({ catalog: { streams: [configuredStream('s', SCHEMA), configuredStream('s', SCHEMA)] } }))['catalog'] ?? '', /lists stream "s" twice: keep one entry per stream\.$/],
    ];
    for (const [name, catalogPath, expected] of cases) {
      it(`${name}: config_error, nothing written`, async () => {
        const error = failure(await write({ config: paths['config'] ?? '', catalog: await catalogPath() }, [recordLine('s', { i: 1 }), stateLine('s', 1)]));
        assert.equal(error.failure_type, 'config_error');
        assert.match(error.message, expected);
        await assertNothingWritten();
      });
    }
  });

  describe('config', () => {
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['missing file', async () => '/nonexistent/config.json', /^The --config file \/nonexistent\/config\.json does not exist: pass the path of a JSON file with --config config\.json\.$/],
      ['not JSON', async () => textFile('{"bucket": '), /^The --config file \S+ is not valid JSON \(.*\): fix the syntax\.$/],
      ['an unknown key', async () => (await writeJsonFiles({ config: testConfig(bucket, { part_size_mb: 5 }) }))['config'] ?? '', /"part_size_mb"/],
      ['a wrong type', async () => (await writeJsonFiles({ config: testConfig(bucket, { target_file_size_mb: '128' }) }))['config'] ?? '', /"target_file_size_mb".*integer/],
      ['a missing required key', async () => (await writeJsonFiles({ config: { bucket } }))['config'] ?? '', /"region" is required/],
      // Found by the property test (issue 14): an internal error, a hang, or a failure naming no field.
      ['a spool directory with a newline', async () => (await writeJsonFiles({ config: testConfig(bucket, { local_spool_directory: '\n/tmp' }) }))['config'] ?? '', /"local_spool_directory" contains a control character/],
      ['a spool directory that does not exist', async () => (await writeJsonFiles({ config: testConfig(bucket, { local_spool_directory: '/nonexistent/spool' }) }))['config'] ?? '', /^Cannot create the local spool directory in "local_spool_directory" \("\/nonexistent\/spool"\): ENOENT\. Set "local_spool_directory" to an existing directory/],
      ['an access key id with CR LF', async () => (await writeJsonFiles({ config: testConfig(bucket, { credentials: { ...(testConfig(bucket)['credentials'] as object), access_key_id: 'minioad\r\nmin' } }) }))['config'] ?? '', /"credentials\.access_key_id" contains a character outside printable ASCII/],
      ['a session token of 1.1 MB', async () => (await writeJsonFiles({ config: testConfig(bucket, { credentials: { ...(testConfig(bucket)['credentials'] as object), session_token: 'T'.repeat(1_100_000) } }) }))['config'] ?? '', /"credentials\.session_token" is longer than the 8192 characters/],
      ['a key template with a lone surrogate', async () => (await writeJsonFiles({ config: testConfig(bucket, { object_key_template: '${STREAM_NAME}/\ud800_${UUID}_${PART_NUMBER}.parquet' }) }))['config'] ?? '', /"object_key_template" contains a lone UTF-16 surrogate/],
    ];
    for (const [name, configPath, expected] of cases) {
      it(`${name}: write fails with a config_error, check answers FAILED; nothing written`, async () => {
        const path = await configPath();
        const error = failure(await write({ config: path, catalog: paths['catalog'] ?? '' }, [recordLine('s', { i: 1 }), stateLine('s', 1)]));
        assert.equal(error.failure_type, 'config_error');
        assert.match(error.message, expected);
        const check = await runCli('destination-s3-parquet', ['check', '--config', path]);
        assert.equal(check.code, 0);
        const status = (check.messages as Array<{ type: string; connectionStatus: { status: string; message: string } }>)[0];
        assert.equal(status?.type, 'CONNECTION_STATUS');
        assert.equal(status?.connectionStatus.status, 'FAILED');
        assert.equal(status?.connectionStatus.message, error.message);
        await assertNothingWritten();
      });
    }
  });
});

async function textFile(text: string): Promise<string> {
  const path = (await writeJsonFiles({ file: null }))['file'] ?? '';
  await writeFile(path, text);
  return path;
}
