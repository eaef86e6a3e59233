/**
 * PyAirbyte (PyPI `airbyte`) reads our source into its DuckDB cache, as a
 * new Airbyte user would (issue 10): each field's declared type must give a
 * typed column (integer BIGINT, number numeric, boolean BOOLEAN, date a
 * TIMESTAMP, keyword VARCHAR), and every row and value must match the index,
 * epoch-millisecond dates as the same instant as their ISO form.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../support/engines.js';
import { pyairbytePython, readWithPyAirbyte, type PyAirbyteRead } from '../support/pyairbyte.js';
import { sourceConfig } from '../support/source-harness.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { requestJson, searchEngineTarget } from '../../src/sample-data/search-engine-http.js';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/json/json-value.js';

const INDEX = 'pyairbyte_types';
const DOCUMENTS = 36;

const MAPPING: JsonObject = {
  dynamic: 'strict',
  properties: {
    count: { type: 'long' },
    price: { type: 'double' },
    active: { type: 'boolean' },
    seen_at: { type: 'date' },
    name: { type: 'keyword' },
    host: { properties: { name: { type: 'keyword' }, port: { type: 'integer' } } },
    tags: { type: 'keyword' },
  },
};

const BASE_MS = Date.UTC(2024, 4, 1, 12, 34, 56, 789);

/**
 * One document: `seen_at` cycles through forms the default date format
 * (`strict_date_optional_time||epoch_millis`) accepts: ISO in UTC, epoch
 * milliseconds, ISO with an offset, ISO without fraction, epoch milliseconds
 * as a string. Some fields are null or missing.
 */
function documentSource(i: number): Record<string, JsonValue> {
  const instant = BASE_MS + i * 3_600_123;
  const forms: JsonValue[] = [
    new Date(instant).toISOString(),
    instant,
    isoWithOffset(instant, 2 * 60),
    new Date(instant - (instant % 1000)).toISOString().replace('.000Z', 'Z'),
    String(instant),
  ];
  const source: Record<string, JsonValue> = {
    count: i === 0 ? 9223372036854775807n : i === 1 ? -9223372036854775808n : i === 2 ? 9007199254740993n : (i - 10) * 1_000_000_007,
    price: (i * 37 - 500) / 8,
    active: i % 3 === 0,
    seen_at: forms[i % forms.length]!,
    name: i % 7 === 0 ? `naïve ✓ ${i}` : `name-${i}`,
    host: { name: `host-${i % 4}`, port: 8000 + i },
    tags: i % 2 === 0 ? ['a', `t${i}`] : `single-${i}`,
  };
  if (i % 9 === 4) {
    source['price'] = null;
    delete source['active'];
    delete source['host'];
  }
  if (i % 11 === 5) {
    source['seen_at'] = null;
    delete source['tags'];
  }
  return source;
}

/** `instant` as ISO text in a zone `offsetMinutes` east of UTC, for example 2024-05-01T14:34:56.789+02:00. */
function isoWithOffset(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const hours = String(Math.floor(offsetMinutes / 60)).padStart(2, '0');
  const minutes = String(offsetMinutes % 60).padStart(2, '0');
  return `${local}+${hours}:${minutes}`;
}

/** The instant a `date` value of `_source` stands for, in milliseconds. */
function expectedInstant(value: JsonValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    assert.ok(!Number.isNaN(parsed), `test fixture date ${value} parses`);
    return parsed;
  }
  throw new TypeError(`not a date value: ${String(value)}`);
}

/** JSON.stringify replacer for bigints. */
function bigintText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function column(read: PyAirbyteRead, name: string): string {
  const found = read.columns.find((candidate) => candidate.name === name);
  assert.ok(found, `a column ${name} in ${read.columns.map((c) => `${c.name} ${c.dataType}`).join(', ')}`);
  return found.dataType;
}

/** A JSON column's value, parsed, or null. */
function jsonCell(value: JsonValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  assert.equal(typeof value, 'string', `a JSON cell is JSON text: ${String(value)}`);
  return JSON.parse(value as string) as unknown;
}

describe('PyAirbyte', () => {
  test('its venv is installed (ESPQ_PYAIRBYTE_PYTHON)', () => {
    assert.ok(pyairbytePython().length > 0);
  });

  for (const engine of engines()) {
    describe(`reads ${engine.name} into its DuckDB cache`, () => {
      const target = searchEngineTarget(engine.url);
      const sources = new Map<string, Record<string, JsonValue>>();
      let read: PyAirbyteRead;

      before(async () => {
        await requestJson(target, 'DELETE', `/${INDEX}`, { okStatuses: [404] });
        const items = Array.from({ length: DOCUMENTS }, (_, i) => {
          const id = `doc-${String(i).padStart(2, '0')}`;
          const source = documentSource(i);
          sources.set(id, source);
          return { id, source: stringifyExactJson(source) };
        });
        await loadDocuments(engine.url, INDEX, items, { mappings: MAPPING, shards: 2 });
        read = await readWithPyAirbyte(sourceConfig(engine.url, { include_indices: [INDEX], page_size: 10 }) as JsonObject, INDEX);
      });

      after(async () => {
        await requestJson(target, 'DELETE', `/${INDEX}`, { okStatuses: [404] });
      });

      test('each field gets a typed column', (t: TestContext) => {
        t.diagnostic(`airbyte ${read.airbyteVersion}, duckdb ${read.duckdbVersion}, table ${read.table}: ${read.columns.map((c) => `${c.name} ${c.dataType}`).join(', ')}`);
        assert.equal(column(read, 'count'), 'BIGINT');
        assert.match(column(read, 'price'), /^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL)\b/, 'number is a numeric column');
        assert.equal(column(read, 'active'), 'BOOLEAN');
        assert.match(column(read, 'seen_at'), /^TIMESTAMP( WITH TIME ZONE)?$/);
        assert.equal(column(read, 'name'), 'VARCHAR');
        assert.equal(column(read, '_id'), 'VARCHAR');
        // Objects and arrays are JSON columns in PyAirbyte's DuckDB cache.
        assert.equal(column(read, 'host'), 'JSON');
        assert.equal(column(read, 'tags'), 'JSON');
      });

      test('the table has as many rows as the index has documents', async () => {
        const count = (await requestJson(target, 'GET', `/${INDEX}/_count`)).body;
        assert.ok(isJsonObject(count));
        assert.equal(count['count'], DOCUMENTS);
        assert.equal(read.rowCount, DOCUMENTS);
        assert.equal(read.rows.length, DOCUMENTS);
        assert.equal(read.recordsProcessed, DOCUMENTS);
        assert.deepEqual(read.rows.map((row) => row['_id']), [...sources.keys()].sort());
      });

      test('every integer, number, boolean, string, object and array matches its document', () => {
        const mismatches: string[] = [];
        const check = (id: string, field: string, actual: unknown, expected: unknown): void => {
          try {
            assert.deepEqual(actual, expected);
          } catch {
            mismatches.push(`${id} ${field}: ${JSON.stringify(expected, bigintText)} -> ${JSON.stringify(actual, bigintText)}`);
          }
        };
        for (const row of read.rows) {
          const id = String(row['_id']);
          const source = sources.get(id);
          assert.ok(source, `row ${id} is a document of the index`);
          check(id, '_index', row['_index'], INDEX);
          check(id, 'count', String(row['count']), String(source['count']));
          const price = source['price'];
          check(id, 'price', row['price'] === null ? null : Number(row['price']), price ?? null);
          check(id, 'active', row['active'], source['active'] ?? null);
          check(id, 'name', row['name'], source['name']);
          check(id, 'host', jsonCell(row['host']), source['host'] ?? null);
          // Discover saw arrays in tags, so it is declared an array: a single value arrives as a one-element array.
          const tags = source['tags'];
          check(id, 'tags', jsonCell(row['tags']), tags === undefined ? null : Array.isArray(tags) ? tags : [tags]);
        }
        assert.deepEqual(mismatches, []);
      });

      test('every timestamp is the instant of its document: ISO in UTC or with an offset, epoch milliseconds as number or text', () => {
        const mismatches: string[] = [];
        for (const row of read.rows) {
          const id = String(row['_id']);
          const seenAt = sources.get(id)?.['seen_at'];
          const cell = row['seen_at'];
          if (seenAt === null || seenAt === undefined) {
            if (cell !== null) mismatches.push(`${id}: null -> ${String(cell)}`);
          } else if (typeof cell !== 'string' || Date.parse(cell) !== expectedInstant(seenAt)) {
            mismatches.push(`${id}: ${JSON.stringify(seenAt)} (${new Date(expectedInstant(seenAt)).toISOString()}) -> ${String(cell)}`);
          }
        }
        assert.deepEqual(mismatches, []);
      });
    });
  }
});
