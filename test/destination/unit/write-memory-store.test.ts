/**
 * The write path on the in-memory object store: acknowledgement, failure
 * and cancellation, deterministically (store calls are held by gates, the
 * input stays open and quiet until the test ends it). The same guarantees
 * are tested against MinIO through the CLI in ../write-acknowledgement.test.ts
 * and ../faults.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { stringifyDeepJson } from '../../../src/json/exact-json.js';
import { MemoryObjectStore, storeError } from '../../../src/destination/object-store/memory-object-store.js';
import { PART_SIZE_BYTES } from '../../../src/destination/pipeline/upload-file.js';
import { METADATA_ROWS } from '../../../src/destination/pipeline/object-metadata.js';
import { write, type DestinationInput } from '../../../src/destination/write.js';
import { ConnectorError } from '../../../src/protocol/connector-error.js';
import type { AirbyteMessage } from '../../../src/protocol/messages.js';
import { MAX_MESSAGE_BYTES } from '../../../src/destination/pipeline/message-guards.js';
import { catalogOf, consume, fakeEncoder, Feed, gate, record, settle, spoolDirectory, state, unitConfig, until } from './memory-write-harness.js';

const parquetKeys = (store: MemoryObjectStore): string[] => [...store.objects.keys()].filter((key) => key.endsWith('.parquet')).sort();
const isParquetPut = (operation: string, key: string): boolean => (operation === 'putObject' || operation === 'createMultipartUpload') && key.endsWith('.parquet');

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

test('a STATE is not echoed until the upload holding its records completes, while the input stays open and quiet', async () => {
  const store = new MemoryObjectStore();
  const held = gate();
  store.intercept = (call) => (isParquetPut(call.operation, call.key) ? held.promise : undefined);
  const feed = new Feed<AirbyteMessage>();
  const out = consume(write(unitConfig(), catalogOf('s'), { kind: 'messages', messages: feed }, { store, converter: fakeEncoder(), spoolDirectory: await spoolDirectory() }));

  feed.push(record('s', 1), record('s', 2), state(1)); // flush_interval_seconds 0: the STATE closes the file
  await until(() => store.calls.some((call) => isParquetPut(call.operation, call.key)), 'the upload to start');
  await settle();
  assert.deepEqual(out.states(), [], 'no state while its upload is in flight');
  assert.deepEqual(parquetKeys(store), []);

  held.open();
  await until(() => out.states().length === 1, 'the state after the upload');
  const [key] = parquetKeys(store);
  assert.equal(store.objects.get(key ?? '')?.metadata[METADATA_ROWS], '2', 'the object with both records is complete when the state goes out');
  assert.deepEqual(out.states(), [state(1)]);

  feed.push(record('s', 3), state(2));
  feed.end();
  await out.done;
  assert.deepEqual(out.states(), [state(1), state(2)]);
  assert.equal(parquetKeys(store).length, 2);
  assert.ok(store.objects.has('s/_airbyte_athena_ddl.sql'), 'the DDL is written at the end');
  assert.match(JSON.stringify(out.messages.at(-1)), /Stream \\"s\\": 3 records in 2 files/);
});

test('states come out in the order received, even when a later upload finishes first', async () => {
  const store = new MemoryObjectStore();
  const gates = { a: gate(), b: gate() };
  store.intercept = (call) => (isParquetPut(call.operation, call.key) ? gates[call.key.startsWith('a/') ? 'a' : 'b'].promise : undefined);
  const feed = new Feed<AirbyteMessage>();
  const out = consume(write(unitConfig({ max_uploads_in_flight: 2 }), catalogOf('a', 'b'), { kind: 'messages', messages: feed }, { store, converter: fakeEncoder(), spoolDirectory: await spoolDirectory() }));

  feed.push(record('a', 1), state(1), record('b', 2), state(2));
  await until(() => store.calls.filter((call) => isParquetPut(call.operation, call.key)).length === 2, 'both uploads to start');
  gates.b.open();
  await until(() => parquetKeys(store).length === 1, "b's object");
  await settle();
  assert.deepEqual(out.states(), [], 'state 2 waits for state 1, whose records are still uploading');

  gates.a.open();
  await until(() => out.states().length === 2, 'both states');
  assert.deepEqual(out.states(), [state(1), state(2)]);
  feed.end();
  await out.done;
});

test('a failed upload echoes no later STATE, aborts its multipart upload and fails the write', async () => {
  const store = new MemoryObjectStore();
  store.intercept = (call) => {
    if (call.operation === 'uploadPart') throw storeError('InternalError', 500, 'We encountered an internal error.');
  };
  const feed = new Feed<AirbyteMessage>();
  const spool = await spoolDirectory();
  // The first file is small (one PutObject), the second takes a multipart upload.
  const converter = fakeEncoder((index) => (index === 0 ? 100 : PART_SIZE_BYTES + 1));
  const out = consume(write(unitConfig(), catalogOf('s'), { kind: 'messages', messages: feed }, { store, converter, spoolDirectory: spool }));

  feed.push(record('s', 1), state(1));
  await until(() => out.states().length === 1, 'the first state');
  feed.push(record('s', 2), state(2), record('s', 3), state(3));
  await assert.rejects(out.done, (error: unknown) => error instanceof ConnectorError && error.failureType === 'transient_error' && /S3 kept failing during UploadPart of part 1 of 2/.test(error.message));
  assert.deepEqual(out.states(), [state(1)], 'nothing after the failed upload');
  assert.equal(store.uploads.size, 0, 'the multipart upload was aborted');
  assert.ok(store.calls.some((call) => call.operation === 'abortMultipartUpload'));
  assert.equal(parquetKeys(store).length, 1, 'only the first file');
  assert.ok(!store.objects.has('s/_airbyte_athena_ddl.sql'), 'no finalisation after a failure');
  assert.equal(await exists(spool), false, 'the spool directory is removed');
});

test('cancellation (SIGTERM) aborts the uploads in flight and echoes nothing further, with the input still open', async () => {
  const store = new MemoryObjectStore();
  const never = gate(); // parts of the second file never complete: only the signal ends them
  store.intercept = (call) => (call.operation === 'uploadPart' ? never.promise : undefined);
  const feed = new Feed<AirbyteMessage>();
  const controller = new AbortController();
  const spool = await spoolDirectory();
  const converter = fakeEncoder((index) => (index === 0 ? 100 : PART_SIZE_BYTES + 1));
  const out = consume(write(unitConfig(), catalogOf('s'), { kind: 'messages', messages: feed }, { store, converter, spoolDirectory: spool, signal: controller.signal }));

  feed.push(record('s', 1), state(1));
  await until(() => out.states().length === 1, 'the first state');
  feed.push(record('s', 2), state(2), record('s', 3));
  await until(() => store.calls.some((call) => call.operation === 'uploadPart'), 'the second upload to send parts');
  controller.abort();
  await assert.rejects(out.done, (error: unknown) => error instanceof ConnectorError && error.failureType === 'transient_error' && /^The write was cancelled/.test(error.message));
  assert.deepEqual(out.states(), [state(1)], 'no state after the cancellation');
  assert.equal(store.uploads.size, 0, 'the multipart upload in flight was aborted on the server');
  assert.equal(parquetKeys(store).length, 1);
  assert.equal(await exists(spool), false, 'the spool directory is removed');
  feed.push(state(3)); // late input changes nothing
  await settle();
  assert.deepEqual(out.states(), [state(1)]);
});

test('cancellation while the input is quiet and nothing uploads ends the write at once', async () => {
  const store = new MemoryObjectStore();
  const feed = new Feed<AirbyteMessage>();
  const controller = new AbortController();
  const out = consume(write(unitConfig({ flush_interval_seconds: 900 }), catalogOf('s'), { kind: 'messages', messages: feed }, { store, converter: fakeEncoder(), spoolDirectory: await spoolDirectory(), signal: controller.signal }));
  feed.push(record('s', 1), state(1));
  await settle();
  assert.deepEqual(out.states(), [], 'the file is still open: its records are not in the store');
  controller.abort();
  await assert.rejects(out.done, /The write was cancelled/);
  assert.deepEqual(store.calls, [], 'nothing was written');
});

test('message objects (sync) and lines (CLI) go through the same guards', async () => {
  const cases: Array<{ input: DestinationInput; expected: RegExp }> = [
    {
      input: { kind: 'messages', messages: (async function* () { yield record('s', 1); yield { type: 'RECORD', record: { stream: 's', data: { n: 2 } } } as unknown as AirbyteMessage; })() },
      expected: /^Input message 2 is a RECORD without stream, data \(an object\) and emitted_at \(a number\), so the sync stopped\.$/,
    },
    {
      input: { kind: 'messages', messages: (async function* () { yield { type: 'STATE' } as unknown as AirbyteMessage; })() },
      expected: /^Input message 1 is a STATE without a state object, so the sync stopped\.$/,
    },
    {
      input: { kind: 'lines', lines: (async function* () { yield JSON.stringify(record('s', 1)); yield '{"type":"RECORD","record":{"stream":"s","data":[]}}'; })() },
      expected: /^Input line 2 is a RECORD without stream, data \(an object\) and emitted_at \(a number\), so the sync stopped\.$/,
    },
  ];
  for (const { input, expected } of cases) {
    const store = new MemoryObjectStore();
    const out = consume(write(unitConfig(), catalogOf('s'), input, { store, converter: fakeEncoder(), spoolDirectory: await spoolDirectory() }));
    await assert.rejects(out.done, (error: unknown) => error instanceof ConnectorError && error.failureType === 'system_error' && expected.test(error.message));
    assert.deepEqual(out.states(), []);
    assert.deepEqual(parquetKeys(store), [], 'nothing written');
  }
});

test('overwrite deletes earlier generations of the stream in the store once the sync succeeded', async () => {
  const store = new MemoryObjectStore();
  const catalog = catalogOf('s');
  const configured = catalog.streams[0];
  assert.ok(configured !== undefined);
  configured.destination_sync_mode = 'overwrite';
  configured.generation_id = 2;
  configured.minimum_generation_id = 2;
  await store.putObject({ key: 's/old.parquet', body: 'x', metadata: { 'airbyte-stream': encodeURIComponent('/s'), 'airbyte-generation-id': '1' } });
  await store.putObject({ key: 's/foreign.parquet', body: 'x', metadata: {} });
  const feed = new Feed<AirbyteMessage>();
  feed.push(record('s', 1), state(1));
  feed.end();
  const out = consume(write(unitConfig(), catalog, { kind: 'messages', messages: feed }, { store, converter: fakeEncoder(), spoolDirectory: await spoolDirectory() }));
  await out.done;
  assert.deepEqual(out.states(), [state(1)]);
  const keys = parquetKeys(store);
  assert.equal(keys.length, 2);
  assert.ok(keys.includes('s/foreign.parquet') && !keys.includes('s/old.parquet'));
  assert.match(JSON.stringify(out.messages.at(-1)), /1 files of earlier generations deleted/);
  assert.equal(feed.returned, true, 'the input was let go');
});

/** The objects under the stream's _airbyte_rejected/ directory. */
const rejectedKeys = (store: MemoryObjectStore): string[] => [...store.objects.keys()].filter((key) => key.startsWith('s/_airbyte_rejected/')).sort();

/** The stand-in encoder, keeping the text of each spool file it converts. */
function recordingEncoder(): { converter: ReturnType<typeof fakeEncoder>; spooled: string[] } {
  const spooled: string[] = [];
  const converter = fakeEncoder();
  const convert = converter.convert.bind(converter);
  converter.convert = async (input, columns, output, options) => {
    spooled.push(await readFile(input.path, 'utf8'));
    return convert(input, columns, output, options);
  };
  return { converter, spooled };
}

/** The rows of the spool files the encoder saw. */
function rowsOf(texts: string[]): Array<Record<string, unknown>> {
  return texts.flatMap((text) => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>));
}

test('a record above 32 MB and one nested 5,000 levels deep (message objects, as sync passes them): the rows are written with the offending values nulled and flagged, the records go whole to _airbyte_rejected/, and the STATE after them waits for that object', async () => {
  const store = new MemoryObjectStore();
  const held = gate();
  store.intercept = (call) => (call.operation === 'putObject' && call.key.includes('/_airbyte_rejected/') ? held.promise : undefined);
  const { converter, spooled } = recordingEncoder();
  const catalog = catalogOf('s');
  const stream = catalog.streams[0];
  assert.ok(stream !== undefined);
  stream.stream.json_schema = { type: 'object', properties: { n: { type: 'integer' }, blob: { type: 'string' }, tree: { type: 'object' }, note: { type: 'string' } } };
  stream.primary_key = [['n']];
  const big = 'B'.repeat(MAX_MESSAGE_BYTES + 1024);
  let tree: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < 5000; level++) tree = { a: tree };
  const oversized: AirbyteMessage = { type: 'RECORD', record: { stream: 's', data: { n: 1, blob: big, note: 'kept' }, emitted_at: 1_700_000_000_000 } };
  const deep: AirbyteMessage = { type: 'RECORD', record: { stream: 's', data: { n: 2, tree: tree as never, note: 'kept too' }, emitted_at: 1_700_000_000_000 } };
  const feed = new Feed<AirbyteMessage>();
  const out = consume(write(unitConfig(), catalog, { kind: 'messages', messages: feed }, { store, converter, spoolDirectory: await spoolDirectory() }));

  feed.push(record('s', 0), state(1), oversized, state(2));
  await until(() => store.calls.some((call) => call.key.includes('/_airbyte_rejected/')), 'the rejected record to be stored');
  await until(() => out.states().length === 1, 'the state before the oversized record');
  await settle();
  assert.deepEqual(out.states(), [state(1)], 'the STATE after the oversized record waits for its rejected-records object');
  held.open();
  await until(() => out.states().length === 2, 'the state after the oversized record');
  feed.push(deep, state(3));
  feed.end();
  await out.done;
  assert.deepEqual(out.states(), [state(1), state(2), state(3)]);

  const keys = rejectedKeys(store);
  assert.equal(keys.length, 2);
  assert.match(keys[0] ?? '', /^s\/_airbyte_rejected\/\d+_[0-9a-f-]{36}_0000000002\.jsonl$/);
  assert.equal(store.objects.get(keys[0] ?? '')?.body.toString('utf8'), `${JSON.stringify(oversized)}\n`, 'the oversized record whole');
  assert.equal(store.objects.get(keys[1] ?? '')?.body.toString('utf8'), `${stringifyDeepJson(deep)}\n`, 'the deep record whole');

  const rows = rowsOf(spooled).sort((a, b) => Number(a['n']) - Number(b['n']));
  assert.deepEqual(rows.map((row) => [row['n'], row['blob'], row['note'], row['tree'], (row['_airbyte_meta'] as { changes: unknown[] }).changes]), [
    [0, null, null, null, []],
    [1, null, 'kept', null, [{ field: '/blob', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' }]],
    [2, null, 'kept too', null, [{ field: '/tree', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' }]],
  ]);
  const warnings = out.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN').map((m) => (m.type === 'LOG' ? m.log.message : ''));
  assert.equal(warnings.length, 3, warnings.join('\n'));
  assert.match(warnings[0] ?? '', /^Record 2 of the input \(stream "s"\) was written with 1 value\(s\) nulled \(\/blob\) because the row would be above 32 MB; the record as received is in s3:\/\/unit-bucket\/s\/_airbyte_rejected\//);
  assert.match(warnings[1] ?? '', /^Record 3 of the input \(stream "s"\) was written with 1 value\(s\) nulled \(\/tree\) because nested too deep to serialise/);
  assert.match(warnings[2] ?? '', /^Stream "s": 3 records in \d+ files under s3:\/\/unit-bucket\/s\/; 2 of them written with values nulled \(too large or too deeply nested\), the records as received in s\/_airbyte_rejected\/\.$/);
});

test('input lines: the rejected-records object holds the line byte for byte; the largest values go first, the primary key last', async () => {
  const store = new MemoryObjectStore();
  const catalog = catalogOf('s');
  const stream = catalog.streams[0];
  assert.ok(stream !== undefined);
  stream.stream.json_schema = { type: 'object', properties: { n: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } } };
  stream.primary_key = [['n']];
  const part = (share: number): number => Math.floor(MAX_MESSAGE_BYTES * share);
  // The key is the largest value; a, then b (escaped in the line, two bytes a character in the row) must go for the row to fit; c is small and stays.
  const line = `{"type":"RECORD", "record":{"stream":"s","data":{"n":"${'k'.repeat(part(0.6))}","a":"${'a'.repeat(part(0.5))}","b":"${'\\u00e9'.repeat(part(0.225))}","c":"small"},"emitted_at":1700000000000.0}}`;
  const { converter, spooled } = recordingEncoder();
  const input: DestinationInput = { kind: 'lines', lines: (async function* () { yield line; yield JSON.stringify(state(1)); })() };
  const out = consume(write(unitConfig(), catalog, input, { store, converter, spoolDirectory: await spoolDirectory() }));
  await out.done;
  assert.deepEqual(out.states(), [state(1)]);
  const [key] = rejectedKeys(store);
  assert.equal(store.objects.get(key ?? '')?.body.toString('utf8'), `${line}\n`, 'byte for byte, spacing, escapes and 1700000000000.0 included');
  const [row] = rowsOf(spooled);
  assert.equal(row?.['n'], 'k'.repeat(part(0.6)));
  assert.equal(row?.['c'], 'small');
  // Nulled: absent from the row text (a record that fits after nulling is written as it is), which DuckDB reads as null.
  assert.ok(row !== undefined && (row['a'] ?? null) === null && (row['b'] ?? null) === null, 'a and b are nulled');
  assert.deepEqual((row?.['_airbyte_meta'] as { changes: unknown[] }).changes, [
    { field: '/a', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' },
    { field: '/b', change: 'NULLED', reason: 'DESTINATION_RECORD_SIZE_LIMITATION' },
  ]);
});

test('a failed PutObject of a rejected record stops the write before its row or any later STATE', async () => {
  const store = new MemoryObjectStore();
  store.intercept = (call) => {
    if (call.key.includes('/_airbyte_rejected/')) throw storeError('AccessDenied', 403, 'Access Denied');
  };
  const feed = new Feed<AirbyteMessage>();
  const out = consume(write(unitConfig(), catalogOf('s'), { kind: 'messages', messages: feed }, { store, converter: fakeEncoder(), spoolDirectory: await spoolDirectory() }));
  feed.push({ type: 'RECORD', record: { stream: 's', data: { n: 1, x: 'x'.repeat(MAX_MESSAGE_BYTES) }, emitted_at: 1 } }, state(1));
  await assert.rejects(out.done, (error: unknown) => error instanceof ConnectorError && error.failureType === 'config_error' && /_airbyte_rejected/.test(error.message));
  assert.deepEqual(out.states(), []);
  assert.deepEqual(parquetKeys(store), []);
});
