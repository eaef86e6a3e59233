import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as losslessParse, isSafeNumber } from 'lossless-json';
import { ConnectorError } from '../../src/protocol/connector-error.js';
import { pageSourcesOf, parseResponseJson } from '../../src/source/elasticsearch/search-response-json.js';
import { parseSearchResponse, type Hit, type HitKey } from '../../src/source/read/search-response.js';
import type { JsonValue } from '../../src/json/json-value.js';
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

/** A page's hits as the read gets them: `parseSearchResponse`, then each hit read in turn (search-response.ts), with the texts kept and the count the parse first gave. */
function readHits(body: JsonValue): { hits: Hit[]; texts: Array<string | undefined>; kept: boolean; count: number; keys: readonly HitKey[] } {
  const raw = (body as Page).hits.hits as unknown as JsonValue[];
  const page = parseSearchResponse(body, 'the test');
  const hits: Hit[] = [];
  for (const hit of page.hits) hits.push(hit);
  return { hits, texts: hits.map((hit) => hit.sourceText), kept: pageSourcesOf(raw) !== undefined, count: page.hits.count, keys: page.hits.keys() };
}

/** `parseResponseJson`, with the hits as the read gets them (`readHits`) in place of the body's, in the shape of the page's text, so that the whole compares with the oracle. */
function parsePage(text: string): unknown {
  const body = parseResponseJson(text) as Page;
  if (!Array.isArray(body?.hits?.hits)) return body;
  const { hits, keys } = readHits(body as unknown as JsonValue);
  assert.deepEqual(keys, hits.map((hit) => ({ id: hit.id, sort: hit.sort })), 'the keys are the hits read');
  (body.hits as unknown as { hits: unknown[] }).hits = hits.map((hit) => ({ _index: hit.index, _id: hit.id, _score: null, _source: hit.source, ...(hit.sort.length === 0 ? {} : { sort: hit.sort }) })); // a hit without sort values reads as sorted by none
  return body;
}

test('19-digit date_nanos sort values are exact when the page is parsed natively', () => {
  const text = page([hit(1, '{"n":1,"s":"x"}', '1700000000123456789,"b]\\"c"'), hit(2, '{"n":2}', '1700000000123456790,4294967296'), hit(3, '{"n":3}', '-9223372036854775808,null')]);
  const body = parsePage(text) as Page;
  assert.deepEqual(body, oracle(text));
  assert.deepEqual(body.hits.hits.map((h) => h.sort), [[1700000000123456789n, 'b]"c'], [1700000000123456790n, 4294967296], [-9223372036854775808n, null]]);
});

test('unsafe integers in _source stay bigints beside 19-digit sort values', () => {
  const text = page([hit(1, '{"big":9007199254740993,"list":[18446744073709551615,1]}', '1700000000123456789'), hit(2, '{"n":2}', '1700000000123456790')]);
  const body = parsePage(text) as Page;
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
  for (const text of cases) assert.deepEqual(parsePage(text), oracle(text), text);
});

test('a page without integers beyond 2^53 is what JSON.parse gives', () => {
  const text = page([hit(1, '{"n":1234567890123456,"f":1.5}', '4294967296')]);
  assert.deepEqual(parsePage(text), JSON.parse(text));
});

test('invalid JSON is a SyntaxError on both paths', () => {
  assert.throws(() => parseResponseJson('{"a":'), SyntaxError);
  assert.throws(() => parseResponseJson('{"a":12345678901234567890'), SyntaxError);
});

/** The page's hits' `_source`, read, and the texts kept for them (undefined when the page kept none). */
function sourcesAndTexts(text: string): { sources: unknown[]; texts: ReadonlyArray<string | undefined> | undefined } {
  const { hits, texts, kept } = readHits(parseResponseJson(text));
  return { sources: hits.map((hit) => hit.source), texts: kept ? texts : undefined };
}

test('the _source texts of a page are kept, each the span its hit was parsed from, keys like the page\'s own inside included', () => {
  const sources = ['{"n":1,"s":"x"}', '{ "msg" : "caf\\u00e9 \\/",  "n" : 1.50 }', '{}', '{"sort":[9007199254740993],"_source":{"a":[1]}}', '{"msg":"\\"sort\\":[1],\\"_source\\":{"}', '{"big":12345678901234567890,"l":[[1],[]]}'];
  const text = page(sources.map((source, index) => hit(index, source, `1700000000123456789,${index}`)));
  const { texts } = sourcesAndTexts(text);
  assert.deepEqual(parsePage(text), oracle(text));
  assert.deepEqual(texts, sources, 'every text, byte for byte');
});

test('a page with a line break (a document indexed pretty-printed) keeps no texts and parses the same', () => {
  for (const text of [page([hit(1, '{ "n" :\n 1 \n}', '1'), hit(2, '{"n":2}', '2')]), page([hit(1, '{"n":1}', '1').replace(',"sort":[1]', '')])]) {
    assert.deepEqual(parsePage(text), oracle(text), text);
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
    assert.deepEqual(parsePage(text), oracle(text), text);
    const { sources, texts } = sourcesAndTexts(text);
    assert.deepEqual(sources, (oracle(text) as Page).hits.hits.map((h) => h._source), text);
    if (texts === undefined) continue;
    kept++;
    assert.equal(texts.length, sources.length);
    texts.forEach((sourceText, at) => {
      if (sourceText === undefined) return;
      assert.ok(text.includes(sourceText));
      assert.deepEqual(oracle(sourceText), sources[at], `text ${at} of ${text}`);
    });
  }
  assert.ok(kept > 100, `most pages keep their texts (${kept} of 500)`);
});

/** A document with a member `"sort":[...]` and a part shaped like a hit: split at the first, the page parses with placeholders to a hit too many. */
const MIMIC = '{"msg":"m","a":[{"b":1,"sort":[1]},{"_index":"forged","_id":"forged","_source":{"c":{}}}]}';

test('a document split wrongly ends the proof at its hit: that hit and the later ones, their number included, come from the page parsed whole', () => {
  const text = page([hit(0, '{"n":0}', '5'), hit(1, MIMIC, '6'), hit(2, '{"n":2,"big":12345678901234567890}', '7')]);
  const read = readHits(parseResponseJson(text));
  assert.equal(read.kept, true);
  assert.equal(read.count, 4, 'the parse with placeholders found a forged hit');
  assert.deepEqual(parsePage(text), oracle(text));
  assert.deepEqual(read.keys.map((key) => key.id), ['0', '1', '2']);
  assert.deepEqual(read.texts, ['{"n":0}', undefined, undefined], 'the hit before keeps its text');
  for (const first of [page([hit(1, MIMIC, '6')]), page([hit(1, MIMIC, '6'), hit(2, '{}', '7')])]) {
    assert.deepEqual(parsePage(first), oracle(first), first);
    assert.deepEqual(readHits(parseResponseJson(first)).texts.filter((one) => one !== undefined), [], first);
  }
});

test('a hit without sort values before one with them: the parse with placeholders merges them, the read does not', () => {
  const text = page([hit(1, '{"n":1}', '1').replace(',"sort":[1]', ''), hit(2, '{"n":2}', '2')]);
  const read = readHits(parseResponseJson(text));
  assert.equal(read.count, 1);
  assert.deepEqual(read.keys, [{ id: '1', sort: [] }, { id: '2', sort: [2] }]);
  assert.deepEqual(parsePage(text), oracle(text));
});

test('a page that is not JSON, found while reading a hit\'s _source, is a system error after the hits before it', () => {
  const text = page([hit(0, '{"n":0}', '0'), hit(1, '{"n":1', '1')]);
  const page0 = parseSearchResponse(parseResponseJson(text), 'the test');
  const seen: string[] = [];
  assert.throws(() => {
    for (const one of page0.hits) seen.push(one.id);
  }, (error: unknown) => error instanceof ConnectorError && error.failureType === 'system_error' && /not valid JSON/.test(error.message));
  assert.deepEqual(seen, ['0']);
});

test('a page\'s hits settle with their keys once read to the end, undefined when the reader stops first or never reads', async () => {
  const text = page([hit(0, '{"n":0}', '5'), hit(1, '{"n":1}', '6')]);
  const whole = parseSearchResponse(parseResponseJson(text), 'the test').hits;
  assert.equal(whole.proven, false);
  for (const _ of whole);
  assert.deepEqual(await whole.settled, [{ id: '0', sort: [5] }, { id: '1', sort: [6] }]);
  const stopped = parseSearchResponse(parseResponseJson(text), 'the test').hits;
  for (const _ of stopped) break;
  assert.equal(await stopped.settled, undefined);
  assert.throws(() => stopped.keys(), /read to its end/);
  const unread = parseSearchResponse(parseResponseJson(text), 'the test').hits;
  unread.close();
  assert.equal(await unread.settled, undefined);
  const parsedWhole = parseSearchResponse(parseResponseJson(page([hit(0, '{ "n" :\n 1 \n}', '1')])), 'the test').hits;
  assert.equal(parsedWhole.proven, true);
  assert.deepEqual(parsedWhole.keys(), [{ id: '0', sort: [1] }], 'a page parsed whole knows its keys before it is read');
});
