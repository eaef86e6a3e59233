import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExactJson, stringifyExactJson } from '../../src/json/exact-json.js';

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
