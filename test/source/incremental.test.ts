import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, openSearchContexts } from '../support/engines.js';
import { configuredCatalog, discoverCatalog, lastStreamState, readSource, sourceConfig, type Catalog } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import type { JsonObject } from '../../src/json/json-value.js';

const BASE = Date.parse('2025-03-01T00:00:00.000Z');
/** The source sorts a `date` cursor in epoch milliseconds and a `date_nanos` one in nanoseconds; state holds nanoseconds for both. */
const TIMESTAMP_TYPES = ['date', 'date_nanos'] as const;
/** `note` and `code` are fields the cluster cannot sort on (text; a keyword without doc values). */
const mapping = (timestampType: string): JsonObject => ({ properties: { '@timestamp': { type: timestampType }, event: { properties: { id: { type: 'keyword' } } }, n: { type: 'long' }, note: { type: 'text' }, code: { type: 'keyword', doc_values: false } } });

function doc(id: string, at: number, n: number): { id: string; source: string } {
  return { id, source: JSON.stringify({ '@timestamp': new Date(at).toISOString(), event: { id }, n }) };
}

async function index(url: string, indexName: string, docs: Array<{ id: string; source: string }>): Promise<void> {
  const body = docs.map((d) => `{"index":{"_index":"${indexName}","_id":"${d.id}"}}\n${d.source}\n`).join('');
  const response = await fetch(`${url}/_bulk?refresh=true`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  const result = (await response.json()) as { errors: boolean };
  assert.equal(result.errors, false);
}

const ids = (records: Array<{ data: JsonObject }>): string[] => records.map((record) => String(record.data['_id'])).sort();

for (const engine of engines()) for (const timestampType of TIMESTAMP_TYPES) {
  const INDEX = timestampType === 'date' ? 'incremental-events' : 'incremental-events-nanos';
  describe(`incremental reads on ${engine.name}, @timestamp mapped ${timestampType}`, () => {
    let catalog: Catalog;
    // 600 documents one second apart; the last three share the last timestamp.
    const first = Array.from({ length: 600 }, (_, i) => doc(`old-${String(i).padStart(4, '0')}`, BASE + Math.min(i, 597) * 1000, i));
    const last = BASE + 597 * 1000;
    const boundary = [doc('new-at-boundary-a', last, 1), doc('new-at-boundary-0', last, 2)];
    const later = Array.from({ length: 5 }, (_, i) => doc(`new-later-${i}`, last + (i + 1) * 1000, i));
    const late = Array.from({ length: 3 }, (_, i) => doc(`late-${i}`, last - 120_000 + i, i));
    let firstState: JsonObject;

    before(async () => {
      await loadDocuments(engine.url, INDEX, first, { mappings: mapping(timestampType), shards: 2, deleteExisting: true });
      catalog = await discoverCatalog(sourceConfig(engine.url, { include_indices: [INDEX] }));
    });

    test('discover offers incremental with @timestamp as the default cursor', () => {
      const stream = catalog.streams[0]!;
      assert.deepEqual(stream.supported_sync_modes, ['full_refresh', 'incremental']);
      assert.deepEqual(stream.default_cursor_field, ['@timestamp']);
    });

    test('a first read returns everything and a state holding the last cursor value', async () => {
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], page_size: 50, checkpoint_interval_records: 100 }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }));
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), first.map((d) => d.id).sort());
      firstState = lastStreamState(output.states, INDEX)!;
      const cursor = ((((firstState['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject)['cursor']) as JsonObject;
      assert.equal(cursor['value'], (BigInt(last) * 1_000_000n).toString(), 'the cursor is the last @timestamp in epoch nanoseconds');
      assert.deepEqual([...(cursor['boundary_ids'] as string[])].sort(), ['old-0597', 'old-0598', 'old-0599']);
      assert.ok(output.states.length > 3, 'checkpoints along the way');
      const sliceMax = (((firstState['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject)['slice_max'];
      assert.equal(sliceMax, engine.name === 'es8' ? 2 : 1, 'one slice per primary shard where the server can slice a PIT');
    });

    test('the next read returns exactly the new documents, boundary value included, late ones excluded', async () => {
      await index(engine.url, INDEX, [...boundary, ...later, ...late]);
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], page_size: 3 }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }), [firstState]);
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), [...boundary, ...later].map((d) => d.id).sort());
      assert.equal(await openSearchContexts(engine.url), 0);
    });

    test('with a tiebreaker field the boundary is the same: nothing lost, nothing repeated', async () => {
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], tiebreaker_field: 'event.id' }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }), [firstState]);
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), [...boundary, ...later].map((d) => d.id).sort());
    });

    test('a tiebreaker_field no index of the stream maps is named in a WARN, and the read is still exact', async () => {
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], tiebreaker_field: 'event.idd' }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }), [firstState]);
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), [...boundary, ...later].map((d) => d.id).sort());
      const warned = output.logs.filter((line) => line.includes('tiebreaker_field "event.idd" is mapped in no index of stream'));
      assert.equal(warned.length, 1, output.logs.join('\n'));
      assert.match(warned[0] ?? '', /check its spelling/);
      const named = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], tiebreaker_field: 'event.id' }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }), [firstState]);
      assert.equal(named.logs.filter((line) => line.includes('is mapped in no index')).length, 0, 'no WARN for a mapped tiebreaker');
    });

    test('a lookback window also returns the late documents, with documented duplicates inside the window', async () => {
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], lookback_window_minutes: 5 }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }), [firstState]);
      assert.equal(output.result.code, 0, output.result.stderr);
      const got = new Set(ids(output.records));
      for (const d of [...boundary, ...later, ...late]) assert.ok(got.has(d.id), d.id);
      const windowStart = last - 5 * 60_000;
      const expectedDuplicates = first.filter((d) => Date.parse(JSON.parse(d.source)['@timestamp'] as string) >= windowStart).map((d) => d.id);
      assert.equal(got.size, boundary.length + later.length + late.length + expectedDuplicates.length);
      for (const id of expectedDuplicates) assert.ok(got.has(id), id);
    });

    test('a state whose cursor lies in the future yields no records and a valid state', async () => {
      const future = JSON.parse(JSON.stringify(firstState)) as JsonObject;
      const streamState = ((future['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject;
      // Within date_nanos' range (up to 2262) too.
      streamState['cursor'] = { field: '@timestamp', value: (BigInt(Date.parse('2200-01-01T00:00:00Z')) * 1_000_000n).toString(), boundary_ids: [] };
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX] }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }), [future]);
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.equal(output.records.length, 0);
      assert.equal(output.states.length, 1);
    });

    test('a cursor field that does not exist or cannot be sorted is a config error', async () => {
      for (const [cursorField, expected] of [[['nope'], new RegExp(`cursor field "nope" of stream "${INDEX}" does not exist in its mapping: choose one of`)], [['event', 'id'], /is of type keyword, which cannot be an incremental cursor/]] as const) {
        const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX] }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental', cursorField: [...cursorField] }));
        assert.notEqual(output.result.code, 0);
        assert.equal(output.errors[0]?.['failure_type'], 'config_error');
        assert.match(String(output.errors[0]?.['message']), expected);
      }
    });

    test('a tiebreaker_field the cluster cannot sort on is a config error that names tiebreaker_field', async () => {
      for (const field of ['note', 'code']) {
        const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], tiebreaker_field: field }), configuredCatalog(catalog, [INDEX], { syncMode: 'incremental' }));
        assert.notEqual(output.result.code, 0);
        assert.equal(output.errors[0]?.['failure_type'], 'config_error', JSON.stringify(output.errors));
        assert.match(String(output.errors[0]?.['message']), new RegExp(`cannot sort stream ${INDEX} on tiebreaker_field "${field}"\\. Set tiebreaker_field to a keyword field with doc values.*\\[${field}\\]`));
        assert.equal(await openSearchContexts(engine.url), 0);
      }
    });

    test('a sliced full refresh returns exactly the index', async () => {
      const output = await readSource(sourceConfig(engine.url, { include_indices: [INDEX], slices: 2, page_size: 40 }), configuredCatalog(catalog, [INDEX]));
      assert.equal(output.result.code, 0, output.result.stderr);
      const all = ids(output.records);
      assert.equal(new Set(all).size, all.length, 'no duplicates');
      assert.deepEqual(all, [...first, ...boundary, ...later, ...late].map((d) => d.id).sort());
      const state = ((((output.states.at(-1)!['state'] as JsonObject)['stream'] as JsonObject)['stream_state']) as JsonObject);
      assert.equal(state['slice_max'], 2);
    });
  });
}

for (const engine of engines()) {
  describe(`incremental reads on ${engine.name} with a double cursor`, () => {
    const INDEX = 'incremental-double';
    const scored = (id: string, score: number): { id: string; source: string } => ({ id, source: JSON.stringify({ id, score }) });
    // Fractions, negatives and a tie at the top (d-398, d-399): values no BigInt can hold, read in two slices where the server can slice.
    const first = Array.from({ length: 400 }, (_, i) => scored(`d-${String(i).padStart(3, '0')}`, i === 399 ? 298.25 : i - 100 + 0.25));
    let catalog: Catalog;

    before(async () => {
      await loadDocuments(engine.url, INDEX, first, { mappings: { properties: { id: { type: 'keyword' }, score: { type: 'double' } } }, shards: 2, deleteExisting: true });
      catalog = await discoverCatalog(sourceConfig(engine.url, { include_indices: [INDEX] }));
    });

    test('two slices complete with the greatest value as the cursor, and the next sync reads exactly the new documents', async () => {
      const config = sourceConfig(engine.url, { include_indices: [INDEX], page_size: 30, slices: engine.name === 'es8' ? 2 : 0 });
      const catalogFor = configuredCatalog(catalog, [INDEX], { syncMode: 'incremental', cursorField: ['score'] });
      const output = await readSource(config, catalogFor);
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(ids(output.records), first.map((d) => d.id).sort());
      const state = lastStreamState(output.states, INDEX)!;
      const streamState = (((state['state'] as JsonObject)['stream'] as JsonObject)['stream_state']) as JsonObject;
      if (engine.name === 'es8') assert.equal(streamState['slice_max'], 2);
      const cursor = streamState['cursor'] as JsonObject;
      assert.equal(cursor['value'], '298.25');
      assert.deepEqual([...(cursor['boundary_ids'] as string[])].sort(), ['d-398', 'd-399']);

      const added = [scored('new-at-boundary', 298.25), scored('new-above', 298.5), scored('new-below', 0.25)];
      await index(engine.url, INDEX, added);
      const next = await readSource(config, catalogFor, [state]);
      assert.equal(next.result.code, 0, next.result.stderr);
      assert.deepEqual(ids(next.records), ['new-above', 'new-at-boundary']);
      assert.equal(await openSearchContexts(engine.url), 0);
    });
  });
}
