import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, openSearchContexts } from '../support/engines.js';
import { configuredCatalog, discoverCatalog, readSource, sourceConfig, sourceOf, type Catalog, type ReadOutput } from '../support/source-harness.js';
import { detectAvailableFieldTypes } from '../fixtures/crafted/detect-field-types.js';
import { loadCraftedFixtures, type CraftedFixtures } from '../fixtures/crafted/load-crafted-fixtures.js';
import { BEYOND_DOUBLE, CRAFTED_FIELDS, expectedSource, isFieldAvailable } from '../fixtures/crafted/crafted-index.js';
import { expectedStreamSource } from '../fixtures/crafted/crafted-extras.js';
import type { JsonObject } from '../../src/json/json-value.js';
import { CONVERSION_KINDS, checkConformedRecord, emptyReport, plainJsonObject, type OracleReport } from '../support/conform-oracle.js';
import { streamProperties } from '../support/declared-type.js';

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

    /** The read of every stream, once, with the oracle's findings per stream. */
    let read: Promise<{ output: ReadOutput; reports: Map<string, OracleReport> }> | undefined;
    const readAll = (): Promise<{ output: ReadOutput; reports: Map<string, OracleReport> }> => (read ??= readAndCheck());
    async function readAndCheck(): Promise<{ output: ReadOutput; reports: Map<string, OracleReport> }> {
      const output = await readSource(config, configuredCatalog(catalog, catalog.streams.map((stream) => stream.name)));
      const reports = new Map<string, OracleReport>();
      for (const stream of catalog.streams) {
        const properties = streamProperties(stream.json_schema);
        const report = emptyReport();
        reports.set(stream.name, report);
        for (const record of output.records.filter((candidate) => candidate.stream === stream.name)) {
          const id = String(record.data['_id']);
          const original = stream.name === 'crafted-stream' ? expectedStreamSource(id) : expectedSource(id, available);
          checkConformedRecord(plainJsonObject(original), sourceOf(record.data), properties, report, `${stream.name}/${id}`);
        }
      }
      return { output, reports };
    }

    test('read returns every document of every stream once, with statuses and states, and closes its point in time', async () => {
      const { output } = await readAll();
      assert.equal(output.result.code, 0, output.result.stdout.slice(-2000) + output.result.stderr);
      for (const stream of catalog.streams) {
        const records = output.records.filter((record) => record.stream === stream.name);
        const ids = records.map((record) => String(record.data['_id'])).sort();
        if (stream.name === 'crafted' || stream.name === 'crafted-alias') {
          assert.deepEqual(ids, [...fixtures.documentIds].sort(), stream.name);
          for (const record of records) assert.equal(record.data['_index'], 'crafted');
        } else if (stream.name === 'crafted-empty') {
          assert.equal(records.length, 0);
        } else {
          assert.deepEqual(ids, [...fixtures.dataStream.documentIds].sort(), stream.name);
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
      assert.equal(await openSearchContexts(engine.url), 0, 'no PIT or scroll left open');
    });

    test('every value is as in _source or one of the documented lossless conversions of it', async () => {
      const { output, reports } = await readAll();
      for (const [stream, report] of reports) assert.deepEqual(report.problems, [], `${stream}: values neither as in _source nor converted without loss`);
      const bigLong = output.records.find((record) => record.stream === 'crafted' && record.data['_id'] === 'big-long');
      assert.deepEqual(bigLong?.data['long_field'], [BEYOND_DOUBLE], 'the big long arrived exactly');
    });

    test('the crafted documents exercise every conversion, and their misfits travel unchanged', async () => {
      const crafted = (await readAll()).reports.get('crafted')!;
      for (const kind of CONVERSION_KINDS) {
        assert.ok((crafted.conversions.get(kind) ?? []).length > 0, `the crafted documents exercise the conversion ${kind}`);
      }
      for (const misfit of [
        'crafted/coerced-strings#/integer_field/0', // 7.9 in an integer field
        'crafted/geo-geohash#/geo_point_field/0', // a geohash
        'crafted/arrays-of-arrays#/keyword_field/0', // a list inside a list of strings
        'crafted/arrays-of-arrays#/short_field/1',
        'crafted/dates#/date_custom_field', // epoch millis in a custom-format date, declared a string
      ]) {
        assert.ok(crafted.unchangedMisfits.includes(misfit), `${misfit} is a misfit and unchanged (misfits: ${crafted.unchangedMisfits.join(', ')})`);
      }
    });

    test('every value the README says converts without loss is converted', async () => {
      const { reports } = await readAll();
      const missed = [...reports.values()].flatMap((report) => report.missedConversions);
      assert.deepEqual(missed, [], 'values sent unconverted');
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
