/**
 * HeapTextDecoder (src/source/elasticsearch/on-heap-text-connection.ts):
 * whatever the chunk splits and piece size, the text is what
 * `Buffer#toString('utf8')` of the whole gives, invalid bytes included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
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
  ['a byte order mark, kept as U+FEFF', Buffer.from('\ufeff{"a":"\ufeffé"}', 'utf8')],
  ['surrogate code points and overlong forms (invalid in UTF-8)', Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62, 0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0x63, 0xf4, 0x90, 0x80, 0x80])],
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

/** Bytes weighted towards UTF-8's lead and continuation bytes, so that characters (whole, cut short or malformed) are frequent. */
const utf8ishBytes = fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.constantFrom(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9, 0xef, 0xbb, 0xbf)), { maxLength: 64 });

test('any bytes, any chunk splits, any piece size: the text of the whole', () => {
  fc.assert(
    fc.property(utf8ishBytes, fc.array(fc.nat({ max: 64 }), { maxLength: 6 }), fc.integer({ min: 1, max: 9 }), (values, cuts, pieceBytes) => {
      const bytes = Buffer.from(values);
      const sorted = cuts.map((cut) => Math.min(cut, bytes.byteLength)).sort((a, b) => a - b);
      assert.equal(decode(bytes, sorted, pieceBytes), bytes.toString('utf8'));
    }),
    { numRuns: 5000 },
  );
});
