/**
 * Response texts of a megabyte and more (src/source/elasticsearch/on-heap-text-connection.ts):
 * decoded exactly, multi-byte characters across the decoder's pieces
 * included, and a body above `maxResponseSize` refused as the stock
 * connection refuses it. On a real Elasticsearch and OpenSearch. That the
 * texts stay on the V8 heap is a memory figure: the benchmark measures it
 * (source peak RSS, README "Benchmark").
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, type Client } from '@elastic/elasticsearch';
import { engines } from '../support/engines.js';
import { sourceConfig } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { parseSourceConfig } from '../../src/source/config/parse-source-config.js';
import { createClient } from '../../src/source/elasticsearch/create-client.js';
import { isJsonObject, type JsonObject } from '../../src/json/json-value.js';

const INDEX = 'response-text';
/** 1, 2, 3 and 4 bytes in UTF-8: a 10-byte run, 2.75 MB in all, whose characters straddle the 256 KB piece boundaries. */
const TEXT = 'aé€😀'.repeat(275_000);
/** Mostly ASCII, with a 3-byte character every 100,001 characters: pieces of both kinds, a character split between them somewhere. */
const MIXED = ('x'.repeat(100_000) + '€').repeat(25);
const mapping: JsonObject = { properties: { text: { type: 'object', enabled: false } } };

/** The client the connector itself builds for `url`. */
function client(url: string): Client {
  return createClient(parseSourceConfig(sourceConfig(url), 'the test config'));
}

for (const engine of engines()) {
  describe(`response texts on ${engine.name}`, () => {
    before(async () => {
      await loadDocuments(engine.url, INDEX, [{ id: 'big', source: JSON.stringify({ text: { value: TEXT } }) }, { id: 'mixed', source: JSON.stringify({ text: { value: MIXED } }) }], { mappings: mapping, shards: 1, deleteExisting: true });
    });

    for (const [id, expected, what] of [['big', TEXT, 'multi-byte characters'], ['mixed', MIXED, 'ASCII with a few multi-byte characters']] as const) {
      test(`a response of 2.5 MB or more, ${what}, arrives exactly`, async () => {
        const es = client(engine.url);
        try {
          const body = await es.transport.request({ method: 'GET', path: `/${INDEX}/_doc/${id}` });
          const source = isJsonObject(body) ? body['_source'] : undefined;
          const text = isJsonObject(source) && isJsonObject(source['text']) ? source['text']['value'] : undefined;
          assert.equal(typeof text, 'string');
          assert.ok(text === expected, `the text arrived changed: ${String(text).length} characters instead of ${expected.length}`);
        } finally {
          await es.close();
        }
      });
    }

    test('a body above maxResponseSize is refused, naming both sizes', async () => {
      const es = client(engine.url);
      try {
        await assert.rejects(
          es.transport.request({ method: 'GET', path: `/${INDEX}/_doc/big` }, { maxResponseSize: 1024 * 1024 }),
          (error: unknown) => error instanceof errors.RequestAbortedError && /bigger than the maximum allowed string \(1048576\)/.test(error.message),
        );
        const small = await es.transport.request({ method: 'GET', path: '/' });
        assert.ok(isJsonObject(small) && isJsonObject(small['version']), 'the connection still answers after a refused body');
      } finally {
        await es.close();
      }
    });
  });
}
