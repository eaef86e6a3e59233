/**
 * HeapTextDecoder (src/source/elasticsearch/on-heap-text-connection.ts):
 * whatever the chunk splits and piece size, the text is what
 * `Buffer#toString('utf8')` of the whole gives, invalid bytes included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapTextDecoder } from '../../src/source/elasticsearch/on-heap-text-connection.js';

function decode(bytes: Buffer, cuts: readonly number[], pieceBytes: number): string {
  const decoder = new HeapTextDecoder(pieceBytes);
  let from = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    decoder.write(bytes.subarray(from, cut));
    from = cut;
  }
  return decoder.end();
}

const samples: Array<[string, Buffer]> = [
  ['ASCII and 2-, 3- and 4-byte characters', Buffer.from('ab é€😀 cd€€x😀', 'utf8')],
  ['ASCII runs between multi-byte characters', Buffer.from('abcdef€ghijkl😀mnopqr', 'utf8')],
  ['invalid bytes: orphan continuations, a truncated character, a bad lead byte', Buffer.concat([Buffer.from('ab'), Buffer.from([0x80, 0x80]), Buffer.from('c'), Buffer.from([0xe2, 0x82]), Buffer.from('d'), Buffer.from([0xff]), Buffer.from('e€'), Buffer.from([0xf0, 0x9f])])],
];

for (const [what, bytes] of samples) {
  test(`every split into three chunks, pieces of 1 to 5 bytes: ${what}`, () => {
    const expected = bytes.toString('utf8');
    for (let pieceBytes = 1; pieceBytes <= 5; pieceBytes++) {
      for (let first = 0; first <= bytes.byteLength; first++) {
        for (let second = first; second <= bytes.byteLength; second++) {
          assert.equal(decode(bytes, [first, second], pieceBytes), expected, `cuts ${first}, ${second}, pieces of ${pieceBytes}`);
        }
      }
    }
  });
}

test('large pieces: one chunk of a megabyte', () => {
  const bytes = Buffer.from(('x'.repeat(1000) + '€').repeat(1000), 'utf8');
  assert.equal(decode(bytes, [], 256 * 1024), bytes.toString('utf8'));
});
