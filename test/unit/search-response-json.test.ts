import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as losslessParse, isSafeNumber } from 'lossless-json';
import { parseResponseJson, sourceTextsOf } from '../../src/source/elasticsearch/search-response-json.js';
import { seededRandom as random } from '../support/seeded-random.js';

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

/** The page's hits, parsed, and the `_source` texts kept for them, if any. */
function sourcesAndTexts(text: string): { sources: unknown[]; texts: readonly string[] | undefined } {
  const body = parseResponseJson(text) as Page;
  return { sources: body.hits.hits.map((h) => h._source), texts: sourceTextsOf(body.hits.hits as unknown as never[]) };
}

test('the _source texts of a page are kept, each the span its hit was parsed from, keys like the page\'s own inside included', () => {
  const sources = ['{"n":1,"s":"x"}', '{ "msg" : "caf\\u00e9 \\/",  "n" : 1.50 }', '{}', '{"sort":[9007199254740993],"_source":{"a":[1]}}', '{"msg":"\\"sort\\":[1],\\"_source\\":{"}', '{"big":12345678901234567890,"l":[[1],[]]}'];
  const text = page(sources.map((source, index) => hit(index, source, `1700000000123456789,${index}`)));
  const { texts } = sourcesAndTexts(text);
  assert.deepEqual(parseResponseJson(text), oracle(text));
  assert.deepEqual(texts, sources, 'every text, byte for byte');
});

test('a page with a line break (a document indexed pretty-printed), or a hit without sort values, keeps no texts and parses the same', () => {
  for (const text of [page([hit(1, '{ "n" :\n 1 \n}', '1'), hit(2, '{"n":2}', '2')]), page([hit(1, '{"n":1}', '1').replace(',"sort":[1]', ''), hit(2, '{"n":2}', '2')]), page([hit(1, '{"n":1}', '1').replace(',"sort":[1]', '')])]) {
    assert.deepEqual(parseResponseJson(text), oracle(text), text);
    assert.equal(sourcesAndTexts(text).texts, undefined, text);
  }
});

test('random pages: the parse is exact, and every text kept parses to its hit\'s _source', () => {
  const next = random(5);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const scalars = ['null', 'true', '1.5', '9007199254740993', '"x"', '",\\"sort\\":["', '"\\"_source\\":{"', '"["', '"]}"', '"\\u00e9"'];
  const keys = ['"sort"', '"_source"', '"a"', '"_id"'];
  const value = (depth: number): string => {
    const roll = next();
    if (depth > 0 && roll < 0.2) return `[${Array.from({ length: Math.floor(next() * 3) }, () => value(depth - 1)).join(',')}]`;
    if (depth > 0 && roll < 0.45) return `{${keys.filter(() => next() < 0.4).map((key) => `${key}:${value(depth - 1)}`).join(pick([',', ' , ']))}}`;
    return pick(scalars);
  };
  let kept = 0;
  for (let index = 0; index < 500; index++) {
    const hits = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, id) => hit(id, `{${keys.filter(() => next() < 0.5).map((key) => `${key}:${value(3)}`).join(',')}}`, pick(['1', '1700000000123456789,2'])));
    const text = page(hits);
    assert.deepEqual(parseResponseJson(text), oracle(text), text);
    const { sources, texts } = sourcesAndTexts(text);
    if (texts === undefined) continue;
    kept++;
    assert.equal(texts.length, sources.length);
    texts.forEach((sourceText, at) => {
      assert.ok(text.includes(sourceText));
      assert.deepEqual(oracle(sourceText), sources[at], `text ${at} of ${text}`);
    });
  }
  assert.ok(kept > 100, `most pages keep their texts (${kept} of 500)`);
});
