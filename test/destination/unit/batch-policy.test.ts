import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchPolicy, filesToClose, MAX_OPEN_SPOOL_BYTES, rollBytes, type BatchCandidate, type BatchPolicy } from '../../../src/destination/pipeline/batch-policy.js';
import { unitConfig } from './memory-write-harness.js';

const MB = 1024 * 1024;
const policy: BatchPolicy = { targetFileBytes: 10 * MB, minSpoolBytes: MB, maxOpenSpoolBytes: 100 * MB, earlyCloseMinBytes: 64 * 1024, maxAgeMs: 60_000 };

interface Stream extends BatchCandidate {
  name: string;
}
/** A stream with an open spool file of `bytes`, opened at `openedAt`; `bytes` 0 means no open file. */
const stream = (name: string, bytes: number, openedAt = 0, parquetRatio = 0.2): Stream => ({ name, parquetRatio, spool: { bytes, openedAt, firstSeq: bytes === 0 ? undefined : 1 } });
const names = (streams: Stream[]): string[] => streams.map((s) => s.name);

test('the policy of a config: target size and flush interval from it, documented bounds otherwise', () => {
  assert.deepEqual(batchPolicy(unitConfig({ target_file_size_mb: 64, flush_interval_seconds: 30 })), {
    targetFileBytes: 64 * MB,
    minSpoolBytes: MB,
    maxOpenSpoolBytes: MAX_OPEN_SPOOL_BYTES,
    earlyCloseMinBytes: 64 * 1024,
    maxAgeMs: 30_000,
  });
});

test('size: a file closes at the spooled bytes that make the target Parquet size, never below the floor', () => {
  assert.equal(rollBytes(policy, stream('a', 1, 0, 0.2)), 50 * MB);
  assert.equal(rollBytes(policy, stream('a', 1, 0, 1)), 10 * MB);
  assert.equal(rollBytes({ ...policy, targetFileBytes: 1024 }, stream('a', 1, 0, 0.5)), MB, 'the 1 MB floor');
  const cases: Array<[bytes: number, ratio: number, closes: boolean]> = [
    [50 * MB - 1, 0.2, false],
    [50 * MB, 0.2, true],
    [10 * MB, 1, true],
    [9 * MB, 1, false],
  ];
  for (const [bytes, ratio, closes] of cases) {
    const grown = stream('a', bytes, 0, ratio);
    assert.deepEqual(names(filesToClose(policy, { after: 'record', stream: grown }, [grown, stream('b', 5 * MB)])), closes ? ['a'] : [], `${bytes} bytes at ratio ${ratio}`);
  }
});

test('memory: when the open files together exceed the bound, the largest closes, once the grown stream holds more than 64 KB', () => {
  const big = stream('big', 60 * MB, 0, 1); // at ratio 1 it passed its own 10 MB roll size
  const large = stream('large', 45 * MB);
  const larger = stream('larger', 49 * MB);
  const small = stream('small', 7 * MB);
  assert.deepEqual(names(filesToClose(policy, { after: 'record', stream: small }, [large, larger, small])), ['larger'], '101 MB open: the largest');
  assert.deepEqual(names(filesToClose(policy, { after: 'record', stream: small }, [large, small])), [], '52 MB open');
  const tiny = stream('tiny', 64 * 1024);
  assert.deepEqual(names(filesToClose(policy, { after: 'record', stream: tiny }, [large, larger, small, tiny])), [], 'the grown stream holds only 64 KB');
  assert.deepEqual(names(filesToClose(policy, { after: 'record', stream: big }, [big])), ['big'], 'its own size first');
});

test('age: a STATE closes every open file, in catalog order, once the oldest is as old as the flush interval', () => {
  const streams = [stream('a', 10, 5_000), stream('idle', 0), stream('b', 10, 1_000)];
  assert.deepEqual(names(filesToClose(policy, { after: 'state', now: 60_999 }, streams)), []);
  assert.deepEqual(names(filesToClose(policy, { after: 'state', now: 61_000 }, streams)), ['a', 'b']);
  assert.deepEqual(names(filesToClose(policy, { after: 'state', now: 1e12 }, [stream('idle', 0)])), [], 'nothing open');
  assert.deepEqual(names(filesToClose({ ...policy, maxAgeMs: 0 }, { after: 'state', now: 1_000 }, streams)), ['a', 'b'], 'flush interval 0: every STATE');
});

test('end: every open file closes, in catalog order', () => {
  assert.deepEqual(names(filesToClose(policy, { after: 'end' }, [stream('a', 1), stream('idle', 0), stream('b', 1)])), ['a', 'b']);
});
