import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLines } from '../../src/protocol/read-lines.js';

async function collect(chunks: Array<Buffer | string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines((async function* () { yield* chunks; })())) lines.push(line);
  return lines;
}

test('splits lines across chunk boundaries, strips \\r\\n, keeps a last line without newline', async () => {
  assert.deepEqual(await collect(['{"a":1}\n{"b"', ':2}\r\n\n{"c":3}']), ['{"a":1}', '{"b":2}', '', '{"c":3}']);
});

test('decodes multi-byte characters split between chunks', async () => {
  const bytes = Buffer.from('{"s":"é😀"}\n', 'utf8');
  assert.deepEqual(await collect([bytes.subarray(0, 8), bytes.subarray(8, 11), bytes.subarray(11)]), ['{"s":"é😀"}']);
});

test('pulls input only as lines are consumed', async () => {
  let pulled = 0;
  const input = (async function* () {
    for (let i = 0; i < 1000; i++) {
      pulled++;
      yield `line ${i}\n`;
    }
  })();
  const lines = readLines(input);
  await lines.next();
  await lines.next();
  assert.ok(pulled <= 3, `pulled ${pulled} chunks for 2 lines`);
  await lines.return(undefined);
});

test('ASCII chunks and UTF-8 chunks mixed, a character split before an ASCII chunk, and invalid bytes decode as the UTF-8 decoder does', async () => {
  const text = `{"a":"plain"}\n{"s":"é😀ü"}\n${'{"n":1}\n'.repeat(50)}{"z":"€"}\n{"t":"x"}`;
  const bytes = Buffer.from(text, 'utf8');
  for (const size of [1, 2, 3, 5, 7, 13, 64, 1000]) {
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    assert.deepEqual(await collect(chunks), text.split('\n'), `chunks of ${size} bytes`);
  }
  const broken = [Buffer.from([0x7b, 0x22, 0xf0, 0x9f]), Buffer.from('"}\n{"b":1}\n', 'latin1'), Buffer.from([0xff, 0x0a])];
  const expected = Buffer.concat(broken).toString('utf8').split('\n').slice(0, -1);
  assert.deepEqual(await collect(broken), expected);
  assert.ok((expected[0] as string).includes('\ufffd'));
});

test('text and byte chunks in one stream, \\r\\n split between chunks, an empty last piece', async () => {
  assert.deepEqual(await collect(['{"a":', Buffer.from('1}\r'), '\n{"b":"é"', Buffer.from('}\n', 'utf8'), Buffer.from('x\r'), 'y']), ['{"a":1}', '{"b":"é"}', 'x\ry']);
  assert.deepEqual(await collect([Buffer.from('a\r'), Buffer.from('\nb\n')]), ['a', 'b']);
  assert.deepEqual(await collect([Buffer.from('a\n')]), ['a']);
  assert.deepEqual(await collect([Buffer.from('\n\n')]), ['', '']);
});

test('a chunk whose memory the stream reuses: the line in progress is kept', async () => {
  const shared = Buffer.alloc(4);
  const lines: string[] = [];
  const input = (async function* () {
    shared.write('ab\ncd');
    yield shared;
    shared.write('ef\ngh');
    yield shared;
  })();
  for await (const line of readLines(input)) lines.push(line);
  // 'c' was overwritten by 'e' in the shared memory: the copy kept it.
  assert.deepEqual(lines, ['ab', 'cef', 'g']);
});
