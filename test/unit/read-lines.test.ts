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
