import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as losslessParse, isSafeNumber } from 'lossless-json';
import { mayHoldUnsafeInteger, parseExactJson, parseExactJsonSlowly, stringifyExactJson } from '../../src/json/exact-json.js';

test('integers beyond 2^53 survive a round trip exactly', () => {
  const text = '{"a":9007199254740993,"b":18446744073709551615,"c":-9223372036854775808,"d":1.5,"e":12,"f":"9007199254740993"}';
  const value = parseExactJson(text) as Record<string, unknown>;
  assert.equal(value['a'], 9007199254740993n);
  assert.equal(value['b'], 18446744073709551615n);
  assert.equal(value['d'], 1.5);
  assert.equal(value['e'], 12);
  assert.equal(value['f'], '9007199254740993');
  assert.equal(stringifyExactJson(value), text);
});

test('text without long digit runs takes the native path and matches JSON.parse', () => {
  const text = '{"x":[1,2.5,"é",null,true],"y":{"z":123456789012345}}';
  assert.deepEqual(parseExactJson(text), JSON.parse(text));
  assert.equal(stringifyExactJson(parseExactJson(text)), text);
});

test('long numbers parse as lossless-json with the connector rule would', () => {
  const numbers = ['9007199254740991', '9007199254740992', '-9007199254740992', '9007199254740993', '18446744073709551615', '1234567890123456', '-0', '1e400', '123456789012345678901234567890.5', '1.5e300', '12345678901234567e2', '0.12345678901234567890', '100000000000000000000'];
  const text = `{"list":[${numbers.join(', ')}],"nested":{"a":[[99999999999999999999]]}}`;
  const expected = losslessParse(text, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : /^-?\d+$/.test(digits) ? BigInt(digits) : Number(digits)));
  assert.deepEqual(parseExactJson(text), expected);
  assert.deepEqual(parseExactJsonSlowly(text), expected);
  assert.equal(stringifyExactJson(parseExactJson('[9007199254740993,\n  -18446744073709551615 ]')), '[9007199254740993,-18446744073709551615]');
});

test('the pre-scan finds integers beyond 2^53 wherever a number can stand, and only those', () => {
  for (const text of ['[9007199254740993]', '{"a": -9007199254740993 }', '{"a":\n\t9007199254740993\r\n}', 'x'.repeat(31) + ',12345678901234567890]', '{"a":1,"b":[1,99999999999999999]}', '9007199254740993', ' -9007199254740993\n'])
    assert.equal(mayHoldUnsafeInteger(text), true, text);
  for (const text of ['[9007199254740991]', '{"a":1234567890123456}', '{"a":"9007199254740993"}', '{"a":1.9007199254740993}', '{"a":9007199254740993.5}', '{"a":1e9007199254740993}', ''])
    assert.equal(mayHoldUnsafeInteger(text), false, text);
});

test('deeply nested text with a bigint parses exactly', () => {
  const depth = 20_000;
  const text = '['.repeat(depth) + '9007199254740993' + ']'.repeat(depth);
  let value = parseExactJson(text);
  for (let level = 0; level < depth; level++) value = (value as unknown[])[0] as never;
  assert.equal(value, 9007199254740993n);
});

test('a bare long integer is exact too', () => {
  assert.equal(parseExactJson('18446744073709551615'), 18446744073709551615n);
  assert.equal(parseExactJson(' -9007199254740993 '), -9007199254740993n);
});
