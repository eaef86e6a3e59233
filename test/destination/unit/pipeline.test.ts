import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckTracker } from '../../../src/destination/pipeline/ack-tracker.js';
import { StreamKeys } from '../../../src/destination/pipeline/object-keys.js';
import { StreamSpool } from '../../../src/destination/pipeline/spool.js';
import { parseMessages } from '../../../src/destination/pipeline/parse-messages.js';
import { stringifyDeepJson } from '../../../src/json/exact-json.js';
import type { AirbyteMessage } from '../../../src/protocol/messages.js';

const state = (n: number): AirbyteMessage => ({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's' }, stream_state: { n } } } });

test('a state is released only when no unfinished work holds records before it, in order', () => {
  const tracker = new AckTracker();
  const a = tracker.begin(1); // records 1..10
  tracker.addState(state(1), 10);
  const b = tracker.begin(11); // records 11..20
  tracker.addState(state(2), 20);
  tracker.addState(state(3), 20);
  assert.deepEqual(tracker.release([]), []);
  tracker.finish(b);
  assert.deepEqual(tracker.release([]), [], 'state 2 waits for state 1 (order)');
  tracker.finish(a);
  assert.deepEqual(tracker.release([21]), [state(1), state(2), state(3)]);
  tracker.addState(state(4), 25);
  assert.deepEqual(tracker.release([21]), [], 'an open spool file holding record 21 blocks it');
  assert.deepEqual(tracker.release([]), [state(4)]);
});

test('object keys: defaults, zero padding, hive partition, DDL key, sanitised names', () => {
  const context = { startedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), uuid: 'u-1' };
  const keys = new StreamKeys('raw/es', '${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${HOUR}_${EPOCH}_${UUID}_${PART_NUMBER}.parquet', '2024-01-02', { name: 'a/b', namespace: 'ns' }, context);
  assert.equal(keys.fileKey(3), `raw/es/ns/a_b/dt=2024-01-02/2024_01_02_03_${context.startedAt.getTime()}_u-1_00003.parquet`);
  assert.equal(keys.ddlKey(), 'raw/es/ns/a_b/_airbyte_athena_ddl.sql');
  assert.equal(keys.listPrefix(), 'raw/es/ns/a_b/');
  const bare = new StreamKeys('', '${NAMESPACE}/${STREAM_NAME}/${UUID}_${PART_NUMBER}.parquet', undefined, { name: 'logs' }, context);
  assert.equal(bare.fileKey(0), 'logs/u-1_00000.parquet');
  assert.equal(bare.fileKey(7, '2023-12-31-23'), 'logs/dt=2023-12-31-23/u-1_00007.parquet', 'an event-time partition of the file');
  assert.equal(keys.partitionsDdlKey(), 'raw/es/ns/a_b/_airbyte_athena_partitions.sql');
});

test('the spool writes to disk and rolls to a new file after seal', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
  try {
    const spool = new StreamSpool(dir, 's');
    for (let i = 1; i <= 1000; i++) await spool.append(JSON.stringify({ i, pad: 'x'.repeat(500) }), i);
    const first = await spool.seal();
    await spool.append('{"i":1001}', 1001);
    const second = await spool.seal();
    assert.equal(first?.rows, 1000);
    assert.equal(first?.firstSeq, 1);
    assert.equal(second?.firstSeq, 1001);
    assert.equal((await readFile(first?.path ?? '', 'utf8')).split('\n').length, 1001);
    assert.equal((await readdir(dir)).length, 2);
    assert.equal(await spool.seal(), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function* lines(items: string[]): AsyncGenerator<string> {
  yield* items;
}

test('parseMessages keeps RECORD and STATE, skips others, and stops on invalid lines', async () => {
  const ok: AirbyteMessage[] = [];
  for await (const m of parseMessages(lines(['', '{"type":"LOG","log":{"level":"INFO","message":"x"}}', '{"type":"RECORD","record":{"stream":"s","data":{"n":12345678901234567890},"emitted_at":1}}', JSON.stringify(state(1))]))) ok.push(m.message);
  assert.equal(ok.length, 2);
  assert.equal(ok[0]?.type === 'RECORD' && ok[0].record.data['n'], 12345678901234567890n);
  await assert.rejects(async () => {
    for await (const _ of parseMessages(lines(['{"type":"RECORD","record":{"stream":"s"}}']))) void _;
  }, /line 1 is a RECORD without/);
  await assert.rejects(async () => {
    for await (const _ of parseMessages(lines(['not json']))) void _;
  }, /line 1 is not valid JSON/);
});

test('parseMessages reads a line nested 5,000 levels deep with an unsafe integer exactly, and refuses a line above 256 MB before parsing it, naming the line', async () => {
  const deep = `{"type":"RECORD","record":{"stream":"s","data":{"n":12345678901234567890,"s":"12345678901234567890","x":1.5,"tree":${'{"a":'.repeat(5000)}-98765432109876543210${'}'.repeat(5000)}},"emitted_at":1}}`;
  const received: Array<{ message: AirbyteMessage; text: string | undefined }> = [];
  for await (const m of parseMessages(lines([deep]))) received.push(m);
  assert.equal(received[0]?.text, deep, 'the line travels with its message');
  const data = received[0]?.message.type === 'RECORD' ? received[0].message.record.data : {};
  assert.equal(data['n'], 12345678901234567890n);
  assert.equal(data['s'], '12345678901234567890');
  assert.equal(data['x'], 1.5);
  let tree: unknown = data['tree'];
  let levels = 0;
  while (typeof tree === 'object' && tree !== null) {
    tree = (tree as Record<string, unknown>)['a'];
    levels++;
  }
  assert.deepEqual([levels, tree], [5000, -98765432109876543210n]);
  assert.equal(stringifyDeepJson(received[0]?.message), deep, 'the iterative serialiser gives the same text back');

  const huge = `{"type":"RECORD","record":{"stream":"s","data":{"blob":"${'x'.repeat(257 * 1024 * 1024)}"},"emitted_at":1}}`;
  await assert.rejects(async () => {
    for await (const _ of parseMessages(lines([JSON.stringify(state(1)), huge]))) void _;
  }, /^ConnectorError: Input line 2 is a message of 257\.0 MB, above the 256 MB this destination reads per line, so the sync stopped: trim or exclude the oversized document at the source/);
});
