/**
 * A document the source does not change travels in its RECORD line as the
 * `_source` text the server sent (search-response-json.ts, hit-to-record.ts,
 * message-writer.ts), and the line still reads as the document: blanks,
 * escapes, number forms and integers beyond 2^53 as indexed; text that
 * looks like the page's own keys; a document shaped like hits, which
 * splits its page wrongly (the page is then read whole from its hit on); an
 * empty document; a document the source
 * conforms (written from its values); pages with a pretty-printed document
 * (parsed whole). On a real Elasticsearch and OpenSearch; every line is
 * validated against the protocol (run-cli.ts).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../support/engines.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig } from '../support/source-harness.js';
import { parseExactJson } from '../../src/json/exact-json.js';
import type { JsonObject } from '../../src/json/json-value.js';

const INDEX = 'forwarded-source';
const PRETTY_INDEX = 'forwarded-source-pretty';
const mappings = { properties: { msg: { type: 'keyword' }, n: { type: 'double' }, big: { type: 'keyword' }, at: { type: 'date' } } };

/** Documents as indexed, byte for byte. */
const DOCUMENTS: Record<string, string> = {
  spaced: '{ "msg" : "caf\\u00e9 \\/ \\"q\\"",  "n" : 1.50, "big": 12345678901234567890 }',
  keys: '{"msg":"x,\\"sort\\":[1],\\"_source\\":{\\"a\\":[2]}","n":2}',
  // A member "sort" with an array, then a part shaped like a hit: the page split at the first parses to a forged hit too many.
  mimic: '{"msg":"m","a":[{"b":1,"sort":[1]},{"_index":"forged","_id":"forged","_source":{"c":{}}}]}',
  empty: '{}',
  epoch: '{"msg":"converted","at":1700000000000}',
};
const PRETTY = '{\n  "msg": "pretty",\n  "n": 3\n}';

async function index(url: string, name: string, documents: Record<string, string>): Promise<void> {
  await fetch(`${url}/${name}`, { method: 'DELETE' });
  const created = await fetch(`${url}/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings }) });
  assert.equal(created.status, 200, await created.text());
  for (const [id, body] of Object.entries(documents)) {
    const response = await fetch(`${url}/${name}/_doc/${id}?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    assert.ok(response.status === 201 || response.status === 200, await response.text());
  }
}

for (const engine of engines()) {
  describe(`unchanged documents forwarded as their text on ${engine.name}`, () => {
    let lines: string[] = [];
    let records: Array<{ stream: string; data: JsonObject }> = [];

    before(async () => {
      await index(engine.url, INDEX, DOCUMENTS);
      await index(engine.url, PRETTY_INDEX, { pretty: PRETTY, plain: '{"msg":"plain","n":4}' });
      const config = sourceConfig(engine.url, { include_indices: [INDEX, PRETTY_INDEX] });
      const output = await readSource(config, configuredCatalog(await discoverCatalog(config), [INDEX, PRETTY_INDEX]));
      assert.equal(output.result.code, 0, output.result.stdout + output.result.stderr);
      lines = output.result.stdout.split('\n').filter((line) => line.startsWith('{"type":"RECORD"'));
      records = output.records;
    });

    test('each document arrives with its values: integers beyond 2^53 exact, dates conformed', () => {
      const byId = new Map(records.map((record) => [record.data['_id'], record]));
      assert.equal(records.length, 7);
      assert.deepStrictEqual(byId.get('mimic')?.data, { msg: 'm', a: [{ b: 1, sort: [1] }, { _index: 'forged', _id: 'forged', _source: { c: {} } }], _id: 'mimic', _index: INDEX });
      assert.equal(byId.get('forged'), undefined, 'no hit forged by a document');
      assert.deepStrictEqual(byId.get('spaced')?.data, { msg: 'café / "q"', n: 1.5, big: 12345678901234567890n, _id: 'spaced', _index: INDEX });
      assert.deepStrictEqual(byId.get('keys')?.data, { msg: 'x,"sort":[1],"_source":{"a":[2]}', n: 2, _id: 'keys', _index: INDEX });
      assert.deepStrictEqual(byId.get('empty')?.data, { _id: 'empty', _index: INDEX });
      assert.deepStrictEqual(byId.get('epoch')?.data, { msg: 'converted', at: '2023-11-14T22:13:20.000Z', _id: 'epoch', _index: INDEX });
      assert.deepStrictEqual(byId.get('pretty')?.data, { msg: 'pretty', n: 3, _id: 'pretty', _index: PRETTY_INDEX });
      assert.deepStrictEqual(byId.get('plain')?.data, { msg: 'plain', n: 4, _id: 'plain', _index: PRETTY_INDEX });
    });

    test('the RECORD line of an unchanged document holds its text as the server sent it', () => {
      const lineOf = (id: string): string => lines.find((line) => (parseExactJson(line) as { record: { data: JsonObject } }).record.data['_id'] === id) ?? '';
      assert.ok(lineOf('spaced').includes(`"data":${DOCUMENTS['spaced']?.slice(0, -1)},"_id":"spaced","_index":"${INDEX}"}`), lineOf('spaced'));
      assert.ok(lineOf('keys').includes(`"data":${DOCUMENTS['keys']?.slice(0, -1)},"_id":"keys"`), lineOf('keys'));
      assert.ok(lineOf('empty').includes(`"data":{"_id":"empty","_index":"${INDEX}"}`), lineOf('empty'));
      // Changed by the source, or on a page with a line break: serialised from values.
      assert.ok(lineOf('epoch').includes('"at":"2023-11-14T22:13:20.000Z"'), lineOf('epoch'));
      assert.ok(lineOf('pretty').includes('"data":{"msg":"pretty","n":3,"_id":"pretty"'), lineOf('pretty'));
      for (const line of lines) assert.ok(!line.includes('\n'));
    });
  });
}
