import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamSpool } from '../../../src/destination/pipeline/spool.js';

test('a sealed spool file counts its bytes and its longest line exactly, with multi-byte text, lines beyond the write buffer and many buffers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'spool-bytes-'));
  try {
    const spool = new StreamSpool(dir, 's');
    const short = '{"a":"é😀"}';
    const long = `{"a":"${'é'.repeat(100_000)}"}`;
    const lines = [short, ...Array.from({ length: 3000 }, (_, index) => `{"n":${index},"s":"${'ü'.repeat(index % 200)}"}`), long, short];
    for (const [index, line] of lines.entries()) await spool.append(line, index + 1);
    const file = await spool.seal();
    assert.ok(file !== undefined);
    const written = await readFile(file.path);
    assert.equal(file.bytes, written.length);
    assert.equal(written.toString('utf8'), `${lines.join('\n')}\n`);
    assert.equal(file.rows, lines.length);
    assert.equal(file.maxLineBytes, Buffer.byteLength(long) + 1);
    assert.equal(file.firstSeq, 1);
    // Short lines only: the bound holds every line.
    for (const line of lines.slice(0, 100)) await spool.append(line, 1);
    const second = await spool.seal();
    assert.ok(second !== undefined);
    assert.equal(second.maxLineBytes, Math.max(...lines.slice(0, 100).map((line) => Buffer.byteLength(line) + 1)));
    assert.equal((await readFile(second.path, 'utf8')), `${lines.slice(0, 100).join('\n')}\n`);
    assert.equal(second.bytes, (await readFile(second.path)).length);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
