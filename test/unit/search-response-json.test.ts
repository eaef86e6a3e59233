import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as losslessParse, isSafeNumber } from 'lossless-json';
import { parseResponseJson } from '../../src/source/elasticsearch/search-response-json.js';

/** The exact parse everything is checked against: lossless-json with the connector's number rule. */
function oracle(text: string): unknown {
  return losslessParse(text, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : /^-?\d+$/.test(digits) ? BigInt(digits) : Number(digits)));
}

function page(hits: string[]): string {
  return `{"pit_id":"abc==","took":3,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[${hits.join(',')}]}}`;
}

function hit(id: number, source: string, sort: string): string {
  return `{"_index":"logs","_id":"${id}","_score":null,"_source":${source},"sort":[${sort}]}`;
}

type Page = { hits: { hits: Array<{ _source: Record<string, unknown>; sort: unknown[] }> } };

test('19-digit date_nanos sort values are exact when the page is parsed natively', () => {
  const text = page([hit(1, '{"n":1,"s":"x"}', '1700000000123456789,"b]\\"c"'), hit(2, '{"n":2}', '1700000000123456790,4294967296'), hit(3, '{"n":3}', '-9223372036854775808,null')]);
  const body = parseResponseJson(text) as Page;
  assert.deepEqual(body, oracle(text));
  assert.deepEqual(body.hits.hits.map((h) => h.sort), [[1700000000123456789n, 'b]"c'], [1700000000123456790n, 4294967296], [-9223372036854775808n, null]]);
});

test('unsafe integers in _source stay bigints beside 19-digit sort values', () => {
  const text = page([hit(1, '{"big":9007199254740993,"list":[18446744073709551615,1]}', '1700000000123456789'), hit(2, '{"n":2}', '1700000000123456790')]);
  const body = parseResponseJson(text) as Page;
  assert.deepEqual(body, oracle(text));
  assert.equal(body.hits.hits[0]?._source['big'], 9007199254740993n);
  assert.deepEqual(body.hits.hits[0]?._source['list'], [18446744073709551615n, 1]);
  assert.equal(body.hits.hits[1]?.sort[0], 1700000000123456790n);
});

test('a _source key named sort, digits in strings and pretty-printed pages still parse exactly', () => {
  const cases = [
    page([hit(1, '{"sort":[9007199254740993]}', '9007199254740992'), hit(2, '{}', '1700000000123456790')]),
    page([hit(1, '{"sort":[1]}', '1700000000123456789'), hit(2, '{}', '1700000000123456790')]),
    page([hit(1, '{"msg":"a:12345678901234567890,"}', '1700000000123456789')]),
    page([hit(1, '{"msg":"\\"sort\\":[12345678901234567890]"}', '1700000000123456789')]),
    page([hit(1, '{ "n" :\n 12345678901234567890 \n}', '1700000000123456789')]),
    '{"count":12345678901234567890}',
    page([]),
    page([hit(1, '{"n":1}', '9007199254740991,1234567890123456')]),
  ];
  for (const text of cases) assert.deepEqual(parseResponseJson(text), oracle(text), text);
});

test('a page without integers beyond 2^53 is what JSON.parse gives', () => {
  const text = page([hit(1, '{"n":1234567890123456,"f":1.5}', '4294967296')]);
  assert.deepEqual(parseResponseJson(text), JSON.parse(text));
});

test('invalid JSON is a SyntaxError on both paths', () => {
  assert.throws(() => parseResponseJson('{"a":'), SyntaxError);
  assert.throws(() => parseResponseJson('{"a":12345678901234567890'), SyntaxError);
});
