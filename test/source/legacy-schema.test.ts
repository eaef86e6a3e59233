/**
 * A connection saved before typed schemas (0.1.0: every field a union of
 * types with nested `items`) keeps working: its catalog and its state, as
 * that version wrote them (test/fixtures/legacy/), read on with a WARN that
 * asks for a schema refresh, and the records are the same as with a fresh catalog.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/json/json-value.js';
import { parseExactJson } from '../../src/json/exact-json.js';
import { engine } from '../support/engines.js';
import { readSource, sourceConfig } from '../support/source-harness.js';
import { ACCEPTANCE_INDEX, expectedRecordLines, idsAfterSampleState, loadAcceptanceData } from '../acceptance/acceptance-data.js';

const fixture = (name: string): JsonObject => parseExactJson(readFileSync(new URL(`../fixtures/legacy/${name}`, import.meta.url), 'utf8')) as JsonObject;

describe('a connection saved with a 0.1.0 schema and state', () => {
  const es = engine('es8');
  const config = sourceConfig(es.url, { include_indices: ['acceptance-*'] });
  const catalog = fixture('configured_catalog-0.1.0.json');
  const expected = new Map(expectedRecordLines().map((line) => {
    const data = (parseExactJson(line) as JsonObject)['data'] as JsonObject;
    return [String(data['_id']), data];
  }));

  before(async () => {
    await loadAcceptanceData(es.url);
  });

  test('reads on from its state, with a WARN to refresh the schema, and the same records as today', async () => {
    const output = await readSource(config, catalog, fixture('sample_state-0.1.0.json'));
    assert.equal(output.result.code, 0, output.result.stderr);
    const records = output.records.filter((record) => record.stream === ACCEPTANCE_INDEX);
    assert.deepEqual(records.map((record) => String(record.data['_id'])).sort(), idsAfterSampleState().sort());
    for (const record of records) assert.deepEqual(record.data, expected.get(String(record.data['_id'])));
    assert.ok(output.logs.some((log) => log.includes(`The schema of stream ${ACCEPTANCE_INDEX} was discovered by an earlier version`) && log.includes('Refresh the connection')), output.logs.join('\n'));
    assert.equal(output.errors.length, 0);
  });
});
