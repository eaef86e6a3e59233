/**
 * Page sizes follow the documents' size in bytes (src/source/read/page-size.ts):
 * with the default page_size of 1000, documents of 3 MB would make pages of
 * 3 GB. Read through a recording proxy, on a PIT server (es8) and a scroll
 * server (os2): every document once, and the sizes the requests asked for.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, openSearchContexts } from '../support/engines.js';
import { RecordingProxy } from '../support/recording-proxy.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, type Catalog } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { PAGE_BUDGET_CHARS } from '../../src/source/read/page-size.js';
import type { JsonObject } from '../../src/json/json-value.js';

const BIG = 'page-size-big';
const SMALL = 'page-size-small';
const BIG_CHARS = 3 * 1024 * 1024;
const mapping: JsonObject = { properties: { '@timestamp': { type: 'date' }, blob: { type: 'object', enabled: false } } };
const bigDocs = Array.from({ length: 12 }, (_, i) => ({ id: `big-${i}`, source: JSON.stringify({ '@timestamp': new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), blob: { text: String.fromCharCode(97 + i).repeat(BIG_CHARS) } }) }));
const smallDocs = Array.from({ length: 3000 }, (_, i) => ({ id: `small-${i}`, source: JSON.stringify({ '@timestamp': new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), blob: { text: 'x' } }) }));

/** The `size` of every search request that reads documents (a scroll's continuations carry none). */
const sizes = (bodies: string[]): number[] => bodies.filter((body) => body.includes('"sort"')).map((body) => Number((JSON.parse(body) as JsonObject)['size']));
const ids = (records: Array<{ data: JsonObject }>): string[] => records.map((record) => String(record.data['_id'])).sort();

for (const engine of engines()) {
  describe(`page sizes by bytes on ${engine.name}`, () => {
    let proxy: RecordingProxy;
    let catalog: Catalog;

    before(async () => {
      await loadDocuments(engine.url, BIG, bigDocs, { mappings: mapping, shards: 1, deleteExisting: true });
      await loadDocuments(engine.url, SMALL, smallDocs, { mappings: mapping, shards: 1, deleteExisting: true });
      proxy = await new RecordingProxy(engine.url).start();
      catalog = await discoverCatalog(sourceConfig(engine.url, { include_indices: [BIG, SMALL] }));
    });
    after(async () => {
      await proxy.stop();
    });

    for (const syncMode of ['full_refresh', 'incremental'] as const) {
      test(`3 MB documents with page_size 1000 (${syncMode}): every document once, in pages that hold what the budget does`, async () => {
        const before = proxy.bodies.length;
        const output = await readSource(sourceConfig(proxy.url, { include_indices: [BIG] }), configuredCatalog(catalog, [BIG], { syncMode }));
        assert.equal(output.result.code, 0, output.result.stderr);
        assert.deepEqual(ids(output.records), bigDocs.map((doc) => doc.id).sort());
        const asked = sizes(proxy.bodies.slice(before));
        const most = Math.floor(PAGE_BUDGET_CHARS / BIG_CHARS);
        assert.ok(asked.length > 0 && asked.every((size) => size <= most), `every request asked for at most ${most} documents: ${asked.join(', ')}`);
        assert.equal(await openSearchContexts(engine.url), 0);
      });
    }

    test('small documents: pages grow to page_size', async () => {
      const before = proxy.bodies.length;
      const output = await readSource(sourceConfig(proxy.url, { include_indices: [SMALL], page_size: 500 }), configuredCatalog(catalog, [SMALL]));
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), smallDocs.map((doc) => doc.id).sort());
      const asked = sizes(proxy.bodies.slice(before));
      // A PIT read ramps up from one document; a scroll asks for its size once, from samples of 1 and 10 documents.
      assert.deepEqual(asked.slice(0, 6), engine.name === 'es8' ? [1, 4, 16, 64, 256, 500] : [1, 10, 500], asked.join(', '));
      assert.ok(asked.slice(5).every((size) => size === 500), asked.join(', '));
    });
  });
}
