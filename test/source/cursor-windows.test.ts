/**
 * Incremental reads ask for one window of cursor values at a time
 * (src/source/read/cursor-windows.ts). Data made to trip a window: more ties
 * at one millisecond than a page holds, bursts, gaps of decades, dates
 * before 1970 and after 2200, multi-valued cursors whose values fall in
 * windows far apart, documents without a value, and (in a family with a
 * date_nanos index) values a fraction of a millisecond apart, in shards
 * that some windows leave without values (which made Elasticsearch number
 * the shards afresh, until the reads turned its pre-filter round off).
 * Every read must return every document exactly once, through a recording
 * proxy that shows the windows were used.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, openSearchContexts } from '../support/engines.js';
import { RecordingProxy } from '../support/recording-proxy.js';
import { configuredCatalog, discoverCatalog, lastStreamState, readSource, sourceConfig, type Catalog } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import type { JsonObject } from '../../src/json/json-value.js';

const MILLIS_INDEX = 'cursor-windows-ms';
const NANOS_INDEX = 'cursor-windows-ns';
const FAMILY_MILLIS_INDEX = 'cursor-windows-fms';
const FAMILY = 'cursor-windows-all';
const T0 = Date.parse('2025-03-01T00:00:00.000Z');

type Doc = { id: string; source: string };
const at = (id: string, timestamp: unknown): Doc => ({ id, source: JSON.stringify(timestamp === undefined ? { id } : { id, '@timestamp': timestamp }) });
const iso = (millis: number): string => new Date(millis).toISOString();

/** Within 1970..2262: Elasticsearch refuses to sort a date before 1970 as date_nanos. */
function modernDocs(prefix: string): Doc[] {
  return [
    ...Array.from({ length: 40 }, (_, i) => at(`${prefix}tie-${i}`, iso(T0))),
    ...Array.from({ length: 200 }, (_, i) => at(`${prefix}burst-${i}`, iso(T0 + 1 + Math.floor(i / 7)))),
    ...Array.from({ length: 30 }, (_, i) => at(`${prefix}sparse-${i}`, iso(T0 + (i + 1) * 37 * 86_400_000))),
    at(`${prefix}epoch`, iso(0)),
    at(`${prefix}far-future`, '2200-01-01T00:00:00.000Z'),
    at(`${prefix}multi-a`, ['2024-01-01T00:00:00.000Z', '2199-01-01T00:00:00.000Z']),
    at(`${prefix}multi-b`, ['2199-06-01T00:00:00.000Z', '1999-01-01T00:00:00.000Z']),
    ...Array.from({ length: 5 }, (_, i) => at(`${prefix}missing-${i}`, undefined)),
  ];
}

const millisDocs = [...modernDocs('ms-'), at('ms-before-1970', '1950-06-01T12:00:00.000Z'), at('ms-minus-one', iso(-1))];
const familyMillisDocs = modernDocs('fam-ms-');
const nanosDocs = [
  at('ns-0', '2025-03-01T00:00:00.000000001Z'),
  at('ns-1', '2025-03-01T00:00:00.000500000Z'),
  at('ns-2', '2025-03-01T00:00:00.000999999Z'),
  ...Array.from({ length: 20 }, (_, i) => at(`ns-same-${i}`, '2025-03-01T00:00:00.001000001Z')),
  at('ns-epoch', '1970-01-01T00:00:00.000000001Z'),
  at('ns-late', '2262-01-01T00:00:00.123456789Z'),
];

const ids = (records: Array<{ data: JsonObject }>): string[] => records.map((record) => String(record.data['_id'])).sort();
const sorted = (docs: Doc[]): string[] => docs.map((doc) => doc.id).sort();
/** How many of the request bodies carry a window on @timestamp. */
const windowed = (bodies: string[]): number => bodies.filter((body) => /"range":\{"@timestamp":\{"gte":"-?\d+","lt":"-?\d+","format":"epoch_millis"\}\}/.test(body)).length;

for (const engine of engines()) {
  describe(`windowed incremental reads on ${engine.name}`, () => {
    let proxy: RecordingProxy;
    let millisCatalog: Catalog;
    let familyCatalog: Catalog;
    const family = { include_indices: ['cursor-windows-*'], index_families: [{ name: FAMILY, patterns: [FAMILY_MILLIS_INDEX, NANOS_INDEX] }] };

    before(async () => {
      const mapping = (type: string): JsonObject => ({ properties: { id: { type: 'keyword' }, '@timestamp': { type } } });
      await loadDocuments(engine.url, MILLIS_INDEX, millisDocs, { mappings: mapping('date'), shards: 2, deleteExisting: true });
      await loadDocuments(engine.url, FAMILY_MILLIS_INDEX, familyMillisDocs, { mappings: mapping('date'), shards: 2, deleteExisting: true });
      await loadDocuments(engine.url, NANOS_INDEX, nanosDocs, { mappings: mapping('date_nanos'), shards: 1, deleteExisting: true });
      proxy = await new RecordingProxy(engine.url).start();
      millisCatalog = await discoverCatalog(sourceConfig(engine.url, { include_indices: [MILLIS_INDEX] }));
      familyCatalog = await discoverCatalog(sourceConfig(engine.url, family));
    });
    after(async () => {
      await proxy.stop();
    });

    for (const slices of [1, 2]) {
      test(`a date cursor sorted in milliseconds, ${slices} slice(s), pages of 7: every document once, through windows`, async () => {
        const before = proxy.bodies.length;
        const output = await readSource(sourceConfig(proxy.url, { include_indices: [MILLIS_INDEX], page_size: 7, slices }), configuredCatalog(millisCatalog, [MILLIS_INDEX], { syncMode: 'incremental' }));
        assert.equal(output.result.code, 0, output.result.stderr);
        assert.deepEqual(ids(output.records), sorted(millisDocs));
        const used = windowed(proxy.bodies.slice(before));
        assert.ok(used > 20, `${used} requests carried a window`);
        assert.equal(await openSearchContexts(engine.url), 0);
      });
    }

    test('a family whose date index holds a date nanoseconds cannot hold: a config_error that says to change the cursor or its mapping', async () => {
      const outOfRange = 'cursor-windows-out';
      await loadDocuments(engine.url, outOfRange, [at('out-1950', '1950-06-01T12:00:00.000Z'), at('out-modern', iso(T0))], { mappings: { properties: { id: { type: 'keyword' }, '@timestamp': { type: 'date' } } }, shards: 1, deleteExisting: true });
      try {
        const mixed = { include_indices: [outOfRange, NANOS_INDEX], index_families: [{ name: 'cursor-windows-mixed', patterns: [outOfRange, NANOS_INDEX] }] };
        const catalog = await discoverCatalog(sourceConfig(engine.url, mixed));
        const output = await readSource(sourceConfig(engine.url, mixed), configuredCatalog(catalog, ['cursor-windows-mixed'], { syncMode: 'incremental' }));
        assert.notEqual(output.result.code, 0);
        const error = output.errors[0];
        assert.equal(error?.['failure_type'], 'config_error', JSON.stringify(output.errors));
        assert.match(String(error?.['message']), /cannot be read incrementally on @timestamp: an index of the stream maps it date_nanos.*nanosecond.*map @timestamp as date \(not date_nanos\) in every index/);
        assert.equal(await openSearchContexts(engine.url), 0);
      } finally {
        await fetch(`${engine.url}/${outOfRange}`, { method: 'DELETE' });
      }
    });

    test('a family with a date_nanos index (sorted in nanoseconds): every document once, through windows; the next sync reads only what came after', async () => {
      const before = proxy.bodies.length;
      const output = await readSource(sourceConfig(proxy.url, { ...family, page_size: 7 }), configuredCatalog(familyCatalog, [FAMILY], { syncMode: 'incremental' }));
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), sorted([...familyMillisDocs, ...nanosDocs]));
      assert.ok(windowed(proxy.bodies.slice(before)) > 20);

      const state = lastStreamState(output.states, FAMILY);
      assert.ok(state !== undefined);
      const later = [at('ns-after-0', '2262-01-01T00:00:00.123456790Z'), at('ns-after-1', '2262-01-01T00:00:00.123456790Z')];
      await loadDocuments(engine.url, NANOS_INDEX, later, { createIndex: false });
      const next = await readSource(sourceConfig(proxy.url, { ...family, page_size: 1 }), configuredCatalog(familyCatalog, [FAMILY], { syncMode: 'incremental' }), [state]);
      assert.equal(next.result.code, 0, next.result.stderr);
      assert.deepEqual(ids(next.records), sorted(later));
    });
  });
}
