import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, openSearchContexts } from '../support/engines.js';
import { runCli } from '../support/run-cli.js';
import { configuredCatalog, discoverCatalog, lastStreamState, readSource, sourceConfig, tempJson, type Catalog, type ReadOutput } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { requestJson, searchEngineTarget } from '../../src/sample-data/search-engine-http.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';

/**
 * A family of 30 daily indices `famlogs-2025.11.DD` whose mappings differ
 * from day to day, read as one stream `famlogs`; `famother` stays a stream
 * of its own. Day DD holds DOCS_PER_DAY documents with ids `dDD-N`.
 */
const DAYS = 30;
const DOCS_PER_DAY = 9;
const FAMILY = 'famlogs';
const OTHER = 'famother';
const LATER_INDEX = 'famlogs-2025.12.01';
const EMPTY_FAMILY = 'famempty';
const pad = (n: number): string => String(n).padStart(2, '0');
const dayIndex = (day: number): string => `famlogs-2025.11.${pad(day)}`;

/** The mapping of day `day`: the same fields typed differently over the month, one field on one day only. */
function dayMapping(day: number): JsonObject {
  const properties: JsonObject = {
    '@timestamp': { type: 'date' },
    message: { type: 'text' },
    bytes: { type: day <= 10 ? 'integer' : day <= 20 ? 'long' : 'double' },
    status: { type: day % 2 === 0 ? 'keyword' : 'long' },
    host: { properties: day <= 15 ? { name: { type: 'keyword' } } : { name: { type: 'keyword' }, ip: { type: 'ip' } } },
    extra: day <= 25 ? { type: 'keyword' } : { properties: { a: { type: 'keyword' } } },
    tags: { type: 'keyword' },
  };
  if (day === 7) properties['only_day_7'] = { type: 'long' };
  return { properties };
}

function dayDocument(day: number, n: number, at: string): JsonObject {
  const source: JsonObject = {
    '@timestamp': at,
    message: `day ${day} document ${n}`,
    bytes: day <= 20 ? day * 100 + n : day * 100 + n + 0.5,
    status: day % 2 === 0 ? String(200 + n) : 200 + n,
    host: day <= 15 ? { name: `h${n}` } : { name: `h${n}`, ip: `10.0.0.${n}` },
    extra: day <= 25 ? `x${n}` : { a: `x${n}` },
    tags: day <= 15 ? ['t1', `t${n}`] : `t${n}`,
  };
  if (day === 7) source['only_day_7'] = n;
  return source;
}

async function load(url: string, index: string, docs: Array<{ id: string; source: JsonObject }>, mappings?: JsonObject): Promise<void> {
  const items = docs.map((doc) => ({ id: doc.id, source: JSON.stringify(doc.source) }));
  if (mappings === undefined) await loadDocuments(url, index, items, { createIndex: false });
  else await loadDocuments(url, index, items, { mappings, shards: 2, deleteExisting: true });
}

/** Every record's `_id` mapped to its `_index`, failing on a document read twice. */
function originsOf(output: ReadOutput, stream: string): Map<string, string> {
  const origins = new Map<string, string>();
  for (const record of output.records.filter((r) => r.stream === stream)) {
    const id = String(record.data['_id']);
    assert.ok(!origins.has(id), `document ${id} read twice`);
    origins.set(id, String(record.data['_index']));
  }
  return origins;
}

const sorted = (map: ReadonlyMap<string, string>): Array<[string, string]> => [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));

/** Checks the shape every property of a stream schema must have: one non-null type each. */
function assertOneTypeEverywhere(schema: JsonObject, path: string): void {
  const type = schema['type'];
  if (type === undefined) {
    assert.ok(Object.keys(schema).every((key) => key.startsWith('x-') || key === 'description'), `${path} is either typed or free-form {}: ${JSON.stringify(schema)}`);
    return;
  }
  assert.ok(Array.isArray(type) && type.length === 2 && type[0] === 'null' && typeof type[1] === 'string', `${path} has type ["null", T]: ${JSON.stringify(type)}`);
  if (type[1] === 'object' && schema['properties'] !== undefined) for (const [name, inner] of Object.entries(schema['properties'] as JsonObject)) assertOneTypeEverywhere(inner as JsonObject, `${path}.${name}`);
  if (type[1] === 'array') assertOneTypeEverywhere(schema['items'] as JsonObject, `${path}[]`);
}

for (const engine of engines()) {
  describe(`index families on ${engine.name}`, () => {
    const familyConfig = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
      sourceConfig(engine.url, { include_indices: ['famlogs-*', OTHER], index_families: [{ name: FAMILY, patterns: ['famlogs-*'] }], page_size: 7, checkpoint_interval_records: 40, ...extra });
    /** `_id` -> `_index` of every document the family holds. */
    const expected = new Map<string, string>();
    let catalog: Catalog;
    let firstState: JsonObject;

    before(async () => {
      const target = searchEngineTarget(engine.url);
      for (const index of [LATER_INDEX, 'famempty-1']) await requestJson(target, 'DELETE', `/${index}`, { okStatuses: [404] });
      for (let day = 1; day <= DAYS; day++) {
        const docs = Array.from({ length: DOCS_PER_DAY }, (_, n) => ({ id: `d${pad(day)}-${n}`, source: dayDocument(day, n, `2025-11-${pad(day)}T${pad(n)}:00:00.000Z`) }));
        await load(engine.url, dayIndex(day), docs, dayMapping(day));
        for (const doc of docs) expected.set(doc.id, dayIndex(day));
      }
      await load(engine.url, OTHER, [{ id: 'o-1', source: { '@timestamp': '2025-11-01T00:00:00.000Z', other: true } }], { properties: { '@timestamp': { type: 'date' }, other: { type: 'boolean' } } });
      catalog = await discoverCatalog(familyConfig());
    });

    test('discover offers one stream for the family and none for its indices', () => {
      assert.deepEqual(catalog.streams.map((stream) => stream.name), [FAMILY, OTHER]);
      const stream = catalog.streams[0]!;
      assert.deepEqual(stream.supported_sync_modes, ['full_refresh', 'incremental']);
      assert.deepEqual(stream.default_cursor_field, ['@timestamp']);
    });

    test('the schema merges the daily mappings: widest type, merged objects, arrays, free-form on conflict', () => {
      const properties = catalog.streams[0]!.json_schema['properties'] as Record<string, JsonObject>;
      for (const [name, property] of Object.entries(properties)) if (name !== '_id' && name !== '_index') assertOneTypeEverywhere(property, name);
      const { '@timestamp': timestamp, message, bytes, status, host, extra, tags, only_day_7: onlyDay7 } = properties;
      assert.deepEqual({ type: timestamp?.['type'], format: timestamp?.['format'], airbyte_type: timestamp?.['airbyte_type'] }, { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' });
      assert.deepEqual(message?.['type'], ['null', 'string']);
      assert.deepEqual(bytes?.['type'], ['null', 'number'], 'integer + long + double become number');
      assert.deepEqual(status?.['type'], ['null', 'string'], 'long + keyword become string');
      assert.deepEqual(host?.['type'], ['null', 'object']);
      assert.deepEqual(Object.keys(host?.['properties'] as JsonObject).sort(), ['ip', 'name'], 'object + object are merged');
      assert.equal(extra?.['type'], undefined, 'keyword + object become free-form');
      assert.equal(extra?.['properties'], undefined);
      assert.deepEqual(tags?.['type'], ['null', 'array'], 'arrays seen in some daily indices make the field an array');
      assert.deepEqual((tags?.['items'] as JsonObject)['type'], ['null', 'string']);
      assert.deepEqual(onlyDay7?.['type'], ['null', 'integer'], 'a field of one daily index is in the schema');
    });

    test('check succeeds and probes the family', async () => {
      const result = await runCli('source-elasticsearch', ['check', '--config', tempJson(familyConfig())]);
      const status = (result.messages as JsonObject[]).find((m) => m['type'] === 'CONNECTION_STATUS')?.['connectionStatus'] as JsonObject;
      assert.equal(status['status'], 'SUCCEEDED', String(status['message']));
      assert.match(String(status['message']), /2 stream\(s\) match/);
    });

    for (const slices of [1, 3]) {
      test(`a full refresh in ${slices} slice(s) reads every document once, each with its _index`, async () => {
        const output = await readSource(familyConfig({ slices }), configuredCatalog(catalog, [FAMILY]));
        assert.equal(output.result.code, 0, output.result.stderr);
        assert.deepEqual(sorted(originsOf(output, FAMILY)), sorted(expected));
        assert.ok(output.records.every((record) => record.stream === FAMILY));
        const state = ((lastStreamState(output.states, FAMILY)!['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject;
        assert.equal(state['slice_max'], slices);
        assert.equal(await openSearchContexts(engine.url), 0, 'the point in time or scroll is closed');
      });
    }

    test('a first incremental sync reads everything, with a state keyed by the family name', async () => {
      const output = await readSource(familyConfig({ slices: 2 }), configuredCatalog(catalog, [FAMILY], { syncMode: 'incremental' }));
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(sorted(originsOf(output, FAMILY)), sorted(expected));
      firstState = lastStreamState(output.states, FAMILY)!;
      const streamState = ((firstState['state'] as JsonObject)['stream'] as JsonObject)['stream_state'] as JsonObject;
      assert.equal(streamState['stream'], FAMILY);
      assert.equal((streamState['cursor'] as JsonObject)['field'], '@timestamp');
    });

    test('the next incremental sync, without a new discover, reads exactly the new documents, a new daily index included, and warns about its misfit mapping', async () => {
      const added = new Map<string, string>();
      const late = Array.from({ length: 4 }, (_, n) => ({ id: `d30-late-${n}`, source: dayDocument(30, n, `2025-11-30T23:${pad(n)}:00.000Z`) }));
      await load(engine.url, dayIndex(30), late);
      for (const doc of late) added.set(doc.id, dayIndex(30));
      // The new day's bytes is a keyword holding text: it does not fit the number of the schema.
      const laterMapping = { properties: { ...(dayMapping(1)['properties'] as JsonObject), bytes: { type: 'keyword' } } };
      const fresh = Array.from({ length: 5 }, (_, n) => ({ id: `d31-${n}`, source: { ...dayDocument(1, n, `2025-12-01T${pad(n)}:00:00.000Z`), bytes: `n/a-${n}` } }));
      await load(engine.url, LATER_INDEX, fresh, laterMapping);
      for (const doc of fresh) added.set(doc.id, LATER_INDEX);
      for (const [id, index] of added) expected.set(id, index);

      const output = await readSource(familyConfig({ slices: 2 }), configuredCatalog(catalog, [FAMILY], { syncMode: 'incremental' }), [firstState]);
      assert.equal(output.result.code, 0, output.result.stderr);
      assert.deepEqual(sorted(originsOf(output, FAMILY)), sorted(added));
      const misfit = output.records.find((record) => record.data['_id'] === 'd31-0');
      assert.equal(misfit?.data['bytes'], 'n/a-0', 'a misfit value travels as it is');
      assert.ok(output.logs.some((log) => log.includes(LATER_INDEX) && log.includes('bytes')), `a WARN names ${LATER_INDEX} and bytes: ${JSON.stringify(output.logs)}`);
    });

    test('exclude_indices applies to the family: excluded daily indices are not read', async () => {
      const excluded = [dayIndex(2), 'famlogs-2025.11.1*', 'famlogs-absent'];
      const output = await readSource(familyConfig({ exclude_indices: excluded, slices: 2 }), configuredCatalog(catalog, [FAMILY]));
      assert.equal(output.result.code, 0, output.result.stderr);
      const kept = [...expected].filter(([, index]) => index !== dayIndex(2) && !index.startsWith('famlogs-2025.11.1'));
      assert.deepEqual(sorted(originsOf(output, FAMILY)), kept.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
      assert.equal(await openSearchContexts(engine.url), 0);
    });

    test('a family named like an index is a config error naming the field', async () => {
      const result = await runCli('source-elasticsearch', ['discover', '--config', tempJson(familyConfig({ index_families: [{ name: OTHER, patterns: ['famlogs-*'] }] }))]);
      assert.notEqual(result.code, 0);
      const error = (result.messages as JsonObject[]).find((m) => m['type'] === 'TRACE')?.['trace'] as JsonObject;
      assert.equal((error['error'] as JsonObject)['failure_type'], 'config_error');
      assert.match(String((error['error'] as JsonObject)['message']), /"index_families\[0\]\.name" is "famother", which is also the name of an index, alias or data stream on the cluster: give the family another name/);
    });

    test('a family matching no index is not discovered, check warns, and read yields no records until its first index exists', async () => {
      const config = familyConfig({ index_families: [{ name: FAMILY, patterns: ['famlogs-*'] }, { name: EMPTY_FAMILY, patterns: ['famempty-*'] }] });
      assert.deepEqual((await discoverCatalog(config)).streams.map((stream) => stream.name), [FAMILY, OTHER]);
      const checked = await runCli('source-elasticsearch', ['check', '--config', tempJson(config)]);
      const logs = (checked.messages as JsonObject[]).filter((m) => m['type'] === 'LOG').map((m) => String((m['log'] as JsonObject)['message']));
      assert.ok(logs.some((log) => /Index family famempty matches no open index now/.test(log)), JSON.stringify(logs));

      const stream: JsonValue = { name: EMPTY_FAMILY, json_schema: { type: 'object', properties: {} }, supported_sync_modes: ['full_refresh'] };
      const emptyCatalog = { streams: [{ stream, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] };
      const empty = await readSource(config, emptyCatalog);
      assert.equal(empty.result.code, 0, empty.result.stderr);
      assert.equal(empty.records.length, 0);
      assert.ok(empty.logs.some((log) => /Index family famempty matches no open index now/.test(log)));
      assert.deepEqual(empty.statuses.map((s) => s.status), ['STARTED', 'RUNNING', 'COMPLETE']);
      assert.equal(empty.states.length, 1);

      await load(engine.url, 'famempty-1', [{ id: 'e-1', source: { n: 1 } }], { properties: { n: { type: 'long' } } });
      const filled = await readSource(config, emptyCatalog);
      assert.equal(filled.result.code, 0, filled.result.stderr);
      assert.deepEqual(sorted(originsOf(filled, EMPTY_FAMILY)), [['e-1', 'famempty-1']]);
    });
  });
}
