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
import { Client, errors } from '@elastic/elasticsearch';
import type { ClientOptions } from '@elastic/elasticsearch/client';
import { engines } from '../support/engines.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { CompatibleTransport } from '../../src/source/elasticsearch/compatible-transport.js';
import { OnHeapTextConnection } from '../../src/source/elasticsearch/on-heap-text-connection.js';
import { isJsonObject, type JsonObject } from '../../src/json/json-value.js';

const INDEX = 'response-text';
/** 1, 2, 3 and 4 bytes in UTF-8: a 7-byte run of 1,100,000 characters (~2.5 MB) whose characters straddle every 256 KB piece boundary somewhere. */
const TEXT = 'aé€😀'.repeat(275_000);
/** Mostly ASCII, with a 3-byte character every 100,001 characters: pieces of both kinds, a character split between them somewhere. */
const MIXED = ('x'.repeat(100_000) + '€').repeat(25);
const mapping: JsonObject = { properties: { text: { type: 'object', enabled: false } } };

function client(url: string): Client {
  return new Client({
    node: url,
    Transport: CompatibleTransport as unknown as ClientOptions['Transport'],
    Connection: OnHeapTextConnection as unknown as ClientOptions['Connection'],
    maxRetries: 0,
  });
}

for (const engine of engines()) {
  describe(`response texts on ${engine.name}`, () => {
    before(async () => {
      await loadDocuments(engine.url, INDEX, [{ id: 'big', source: JSON.stringify({ text: { value: TEXT } }) }, { id: 'mixed', source: JSON.stringify({ text: { value: MIXED } }) }], { mappings: mapping, shards: 1, deleteExisting: true });
    });

    for (const [id, expected, what] of [['big', TEXT, 'multi-byte characters'], ['mixed', MIXED, 'ASCII with a few multi-byte characters']] as const) {
      test(`a 2.5 MB response of ${what} arrives exactly`, async () => {
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
