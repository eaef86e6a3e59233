import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { engines, openSearchContexts } from '../support/engines.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, sourceOf, type Catalog } from '../support/source-harness.js';
import { detectAvailableFieldTypes } from '../fixtures/crafted/detect-field-types.js';
import { loadCraftedFixtures, type CraftedFixtures } from '../fixtures/crafted/load-crafted-fixtures.js';
import { CRAFTED_FIELDS, expectedSource, isFieldAvailable } from '../fixtures/crafted/crafted-index.js';
import { expectedStreamSource } from '../fixtures/crafted/crafted-extras.js';
import type { JsonObject } from '../../src/json/json-value.js';

for (const engine of engines()) {
  describe(`source-elasticsearch on ${engine.name}`, () => {
    let available: Set<string>;
    let fixtures: CraftedFixtures;
    let catalog: Catalog;
    // page_size 7 forces several pages for the 26 crafted documents.
    const config = sourceConfig(engine.url, { include_indices: ['crafted*'], include_aliases: true, page_size: 7 });

    before(async () => {
      available = await detectAvailableFieldTypes(engine.url);
      fixtures = await loadCraftedFixtures(engine.url, available);
      catalog = await discoverCatalog(config);
    });

    test('discover offers one stream per index, alias and data stream, with _id as primary key', () => {
      const names = catalog.streams.map((stream) => stream.name);
      const expected = ['crafted', 'crafted-alias', 'crafted-empty', ...(fixtures.dataStream.created ? ['crafted-stream'] : [])].sort();
      assert.deepEqual(names, expected);
      for (const stream of catalog.streams) {
        assert.deepEqual(stream.source_defined_primary_key, [['_id']]);
        assert.ok(stream.supported_sync_modes.includes('full_refresh'));
      }
      if (fixtures.dataStream.created) {
        const dataStream = catalog.streams.find((stream) => stream.name === 'crafted-stream')!;
        assert.deepEqual(dataStream.default_cursor_field, ['@timestamp']);
        assert.ok(dataStream.supported_sync_modes.includes('incremental'));
      }
    });

    test('the crafted schema has a column for each mapped field in _source, and none for alias, copy_to targets or runtime fields', () => {
      const properties = catalog.streams.find((stream) => stream.name === 'crafted')!.json_schema['properties'] as Record<string, JsonObject>;
      for (const field of CRAFTED_FIELDS) {
        if (!isFieldAvailable(field, available)) continue;
        assert.equal(field.name in properties, field.inSource !== false, `field ${field.name}`);
      }
      assert.deepEqual(properties['_id'], { type: 'string', description: 'Document _id (primary key).' });
      assert.ok('_index' in properties);
    });

    test('read returns exactly the documents of every stream, field by field, valid against the schema', async () => {
      const streams = catalog.streams.map((stream) => stream.name);
      const output = await readSource(config, configuredCatalog(catalog, streams));
      assert.equal(output.result.code, 0, output.result.stdout.slice(-2000) + output.result.stderr);
      const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
      for (const stream of catalog.streams) {
        const validate = ajv.compile(stream.json_schema);
        const records = output.records.filter((record) => record.stream === stream.name);
        for (const record of records) {
          // ajv cannot see bigint: validate a copy where big integers are numbers of the same kind.
          const plain = JSON.parse(JSON.stringify(record.data, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown;
          assert.ok(validate(plain), `${stream.name}/${String(record.data['_id'])}: ${ajv.errorsText(validate.errors)}`);
        }
        const ids = records.map((record) => String(record.data['_id'])).sort();
        if (stream.name === 'crafted' || stream.name === 'crafted-alias') {
          assert.deepEqual(ids, [...fixtures.documentIds].sort(), stream.name);
          for (const record of records) {
            assert.equal(record.data['_index'], 'crafted');
            assert.deepEqual(sourceOf(record.data), expectedSource(String(record.data['_id']), available), `document ${String(record.data['_id'])}`);
          }
        } else if (stream.name === 'crafted-empty') {
          assert.equal(records.length, 0);
        } else {
          assert.equal(records.length, 5);
          for (const record of records) assert.deepEqual(sourceOf(record.data), expectedStreamSource(String(record.data['_id'])));
        }
        const statuses = output.statuses.filter((s) => s.stream === stream.name).map((s) => s.status);
        assert.deepEqual(statuses, ['STARTED', 'RUNNING', 'COMPLETE'], stream.name);
        const states = output.states.filter((message) => JSON.stringify(message).includes(`"name":"${stream.name}"`));
        assert.ok(states.length >= 1, `a STATE for ${stream.name}`);
        const last = states.at(-1)!['state'] as JsonObject;
        assert.equal(last['type'], 'STREAM');
        const total = states.reduce((sum, message) => sum + Number(((message['state'] as JsonObject)['sourceStats'] as JsonObject)['recordCount']), 0);
        assert.equal(total, records.length, `recordCount of ${stream.name}`);
      }
      assert.ok(output.records.some((record) => record.data['long_field'] === 9007199254740993n || JSON.stringify(record.data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).includes('9007199254740993')), 'the big long arrived exactly');
      assert.equal(await openSearchContexts(engine.url), 0, 'no PIT or scroll left open');
    });

    test('a stream that is gone is a config error before anything is read', async () => {
      const stale = { streams: [{ stream: { name: 'no-such-index', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] };
      const output = await readSource(config, stale);
      assert.notEqual(output.result.code, 0);
      assert.equal(output.records.length, 0);
      assert.equal(output.errors.length, 1);
      assert.equal(output.errors[0]!['failure_type'], 'config_error');
      assert.match(String(output.errors[0]!['message']), /Stream "no-such-index" of the catalog is not in the source.*Run discover again/);
    });
  });
}
