/**
 * Discover on real Elasticsearch 8 and OpenSearch 2 (issue 10): objects 19
 * levels deep, a 2,000-field mapping and every mapping type the node accepts.
 * Each catalog stream must stay within a small constant factor of its
 * index's `_mapping` JSON, and every property at every depth must declare
 * exactly one non-null type (or none: free-form), with the type the mapping
 * implies.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { engines, type Engine } from '../support/engines.js';
import { discoverCatalog, sourceConfig, type Catalog } from '../support/source-harness.js';
import { allowsNull, nonNullTypes, schemaAt, schemaNodes, singleTypeViolations, unwrapArrays } from '../support/stream-schema.js';
import { detectAvailableFieldTypes } from '../fixtures/crafted/detect-field-types.js';
import { CRAFTED_FIELDS, craftedDocuments, craftedMapping, isFieldAvailable } from '../fixtures/crafted/crafted-index.js';
import { loadDocuments } from '../../src/sample-data/bulk-load.js';
import { requestJson, searchEngineTarget } from '../../src/sample-data/search-engine-http.js';
import { stringifyExactJson } from '../../src/json/exact-json.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/json/json-value.js';

/**
 * A stream may be at most this many times its `_mapping` text, plus a fixed
 * allowance for what every stream carries whatever its mapping (`_id`,
 * `_index`, sync modes, cursor and key). A per-field annotation costs a
 * constant; a repeated subtree multiplies, and fails this at once.
 */
const MAX_SIZE_RATIO = 4;
const STREAM_ENVELOPE_BYTES = 2048;

/** Object levels of the deep index: the most Elasticsearch's default `index.mapping.depth.limit` (20) admits. */
const DEPTH = 19;
const WIDE_GROUPS = 40;
const WIDE_FIELDS_PER_GROUP = 50;

const PREFIX = 'discover-size';
const DEEP_INDEX = `${PREFIX}-deep`;
const WIDE_INDEX = `${PREFIX}-wide`;
const TYPES_INDEX = `${PREFIX}-types`;
/** Deleted by name: Elasticsearch 8 refuses wildcard deletes (`action.destructive_requires_name`). */
const INDICES = [DEEP_INDEX, WIDE_INDEX, TYPES_INDEX].join(',');

/** The one type a destination should make of each mapping type, after arrays are unwrapped. */
type Expected = 'integer' | 'number' | 'boolean' | 'string' | 'timestamp' | 'free-form';
const EXPECTED_BY_MAPPING_TYPE: Readonly<Record<string, Expected>> = {
  long: 'integer', integer: 'integer', short: 'integer', byte: 'integer', unsigned_long: 'integer',
  double: 'number', float: 'number', half_float: 'number', scaled_float: 'number',
  boolean: 'boolean',
  keyword: 'string', text: 'string', ip: 'string', version: 'string', wildcard: 'string',
  constant_keyword: 'string', match_only_text: 'string', search_as_you_type: 'string',
  date: 'timestamp', date_nanos: 'timestamp',
  flattened: 'free-form', flat_object: 'free-form', geo_shape: 'free-form',
};

/**
 * Mapping types beyond the crafted fixture, each probed on the node (one
 * throwaway index per type) and added to the types index where accepted.
 * Types the table above does not name are only checked for one declared type.
 */
const EXTRA_TYPES: ReadonlyArray<{ readonly name: string; readonly mapping: JsonObject }> = [
  { name: 'version', mapping: { type: 'version' } },
  { name: 'search_as_you_type', mapping: { type: 'search_as_you_type' } },
  { name: 'completion', mapping: { type: 'completion' } },
  { name: 'token_count', mapping: { type: 'token_count', analyzer: 'standard' } },
  { name: 'rank_feature', mapping: { type: 'rank_feature' } },
  { name: 'rank_features', mapping: { type: 'rank_features' } },
  { name: 'histogram', mapping: { type: 'histogram' } },
  { name: 'aggregate_metric_double', mapping: { type: 'aggregate_metric_double', metrics: ['min', 'max'], default_metric: 'max' } },
  { name: 'long_range', mapping: { type: 'long_range' } },
  { name: 'float_range', mapping: { type: 'float_range' } },
  { name: 'double_range', mapping: { type: 'double_range' } },
  { name: 'ip_range', mapping: { type: 'ip_range' } },
  { name: 'point', mapping: { type: 'point' } },
  { name: 'shape', mapping: { type: 'shape' } },
  { name: 'xy_point', mapping: { type: 'xy_point' } },
  { name: 'xy_shape', mapping: { type: 'xy_shape' } },
  { name: 'join', mapping: { type: 'join', relations: { question: 'answer' } } },
  { name: 'percolator', mapping: { type: 'percolator' } },
  { name: 'knn_vector', mapping: { type: 'knn_vector', dimension: 3 } },
  { name: 'counted_keyword', mapping: { type: 'counted_keyword' } },
  { name: 'sparse_vector', mapping: { type: 'sparse_vector' } },
  { name: 'murmur3', mapping: { type: 'murmur3' } },
  { name: 'annotated_text', mapping: { type: 'annotated_text' } },
];

/** The deep index: level k is object `lk` with `name_k` (keyword), `count_k` (long) and `l(k+1)`; level 19 also holds `leaf` (keyword) and `ratio` (double). */
function deepMapping(): { mapping: JsonObject; document: JsonObject } {
  let mapping: JsonObject = { properties: { leaf: { type: 'keyword' }, ratio: { type: 'double' } } };
  let document: JsonObject = { leaf: 'bottom', ratio: 0.5 };
  for (let level = DEPTH; level >= 1; level--) {
    const properties = mapping['properties'] as JsonObject;
    properties[`name_${level}`] = { type: 'keyword' };
    properties[`count_${level}`] = { type: 'long' };
    document[`name_${level}`] = `level ${level}`;
    document[`count_${level}`] = level;
    const parentProperties: JsonObject = {};
    parentProperties[`l${level}`] = mapping;
    mapping = { properties: parentProperties };
    document = { [`l${level}`]: document };
  }
  return { mapping: { dynamic: 'strict', ...mapping }, document };
}

const DEEP_PATH = Array.from({ length: DEPTH }, (_, i) => `l${i + 1}`);

/** The wide index: groups `g00`…`g39` of fields `f00`…`f49` whose mapping type cycles through WIDE_TYPES. */
const WIDE_TYPES = ['keyword', 'long', 'double', 'boolean', 'date', 'text', 'ip', 'integer'] as const;
function wideFieldType(group: number, field: number): (typeof WIDE_TYPES)[number] {
  return WIDE_TYPES[(group * WIDE_FIELDS_PER_GROUP + field) % WIDE_TYPES.length]!;
}
function wideName(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(2, '0')}`;
}
function wideValue(type: (typeof WIDE_TYPES)[number], n: number): JsonValue {
  switch (type) {
    case 'keyword': return `value-${n}`;
    case 'text': return `some text ${n}`;
    case 'long': return n * 1_000_003;
    case 'integer': return n;
    case 'double': return n + 0.25;
    case 'boolean': return n % 2 === 0;
    case 'date': return new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
    case 'ip': return `10.0.${n % 256}.${(n * 7) % 256}`;
  }
}
function wideMapping(): { mapping: JsonObject; documents: JsonObject[] } {
  const properties: JsonObject = {};
  const documents: JsonObject[] = [{}, {}, {}];
  for (let group = 0; group < WIDE_GROUPS; group++) {
    const fields: JsonObject = {};
    for (let field = 0; field < WIDE_FIELDS_PER_GROUP; field++) {
      const type = wideFieldType(group, field);
      fields[wideName('f', field)] = type === 'text' ? { type, fields: { raw: { type: 'keyword' } } } : { type };
    }
    properties[wideName('g', group)] = { properties: fields };
    documents.forEach((document, d) => {
      const values: JsonObject = {};
      for (let field = 0; field < WIDE_FIELDS_PER_GROUP; field++) values[wideName('f', field)] = wideValue(wideFieldType(group, field), group * 100 + field + d);
      document[wideName('g', group)] = values;
    });
  }
  return { mapping: { dynamic: 'strict', properties }, documents };
}

/** The mapping type of a crafted field's mapping (`object` when it only has properties). */
function mappingType(mapping: JsonObject): string {
  const type = mapping['type'];
  return typeof type === 'string' ? type : 'object';
}

async function acceptedExtraTypes(url: string): Promise<Array<{ name: string; mapping: JsonObject }>> {
  const target = searchEngineTarget(url);
  const accepted: Array<{ name: string; mapping: JsonObject }> = [];
  for (const extra of EXTRA_TYPES) {
    const index = `${PREFIX}-probe-${extra.name.replaceAll('_', '-')}`;
    await requestJson(target, 'DELETE', `/${index}`, { okStatuses: [404] });
    const response = await requestJson(target, 'PUT', `/${index}`, {
      body: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { probe: extra.mapping } } },
      okStatuses: [400],
    });
    if (response.status === 200) accepted.push(extra);
    await requestJson(target, 'DELETE', `/${index}`, { okStatuses: [404] });
  }
  return accepted;
}

interface Discovered {
  readonly catalog: Catalog;
  readonly mappingBytes: number;
  readonly seconds: number;
}

/** Runs the real CLI's discover on one index and fetches that index's `_mapping` text. */
async function discoverIndex(engine: Engine, index: string): Promise<Discovered> {
  const mapping = await requestJson(searchEngineTarget(engine.url), 'GET', `/${index}/_mapping`);
  const started = performance.now();
  const catalog = await discoverCatalog(sourceConfig(engine.url, { include_indices: [index], include_data_streams: false }));
  return { catalog, mappingBytes: mapping.text.length, seconds: (performance.now() - started) / 1000 };
}

function streamOf(discovered: Discovered, index: string): Catalog['streams'][number] {
  const stream = discovered.catalog.streams.find((candidate) => candidate.name === index);
  assert.ok(stream, `a stream named ${index} in ${discovered.catalog.streams.map((s) => s.name).join(', ')}`);
  return stream;
}

function assertSizeLinear(t: TestContext, discovered: Discovered, index: string): void {
  const stream = streamOf(discovered, index);
  const streamBytes = stringifyExactJson(stream).length;
  const ratio = streamBytes / discovered.mappingBytes;
  t.diagnostic(`${index}: mapping ${discovered.mappingBytes} B, stream ${streamBytes} B (${ratio.toFixed(2)}x), discover ${discovered.seconds.toFixed(1)} s`);
  assert.ok(
    streamBytes <= MAX_SIZE_RATIO * discovered.mappingBytes + STREAM_ENVELOPE_BYTES,
    `${index}: the stream is ${streamBytes} bytes, more than ${MAX_SIZE_RATIO}x its ${discovered.mappingBytes}-byte mapping`,
  );
}

function assertOneTypeEverywhere(t: TestContext, discovered: Discovered, index: string): void {
  const root = streamOf(discovered, index).json_schema;
  assert.deepEqual(singleTypeViolations(root), [], `${index}: the root schema`);
  assert.deepEqual(nonNullTypes(root), ['object'], `${index}: the root schema is an object`);
  const problems: string[] = [];
  let nodes = 0;
  let freeForm = 0;
  for (const node of schemaNodes(root)) {
    nodes++;
    if (node.schema['type'] === undefined) freeForm++;
    for (const problem of singleTypeViolations(node.schema)) problems.push(`${node.path}: ${problem}`);
  }
  t.diagnostic(`${index}: ${nodes} schemas below the root, ${freeForm} free-form`);
  assert.ok(nodes > 0, `${index}: the schema declares properties`);
  assert.deepEqual(problems.slice(0, 20), [], `${index}: ${problems.length} schemas without exactly one non-null type`);
}

/** Asserts the schema a field of mapping type `type` got (arrays unwrapped: a field seen as an array may be declared one). */
function assertFieldType(schema: JsonObject | undefined, type: string, label: string): void {
  const expected = EXPECTED_BY_MAPPING_TYPE[type];
  assert.ok(expected, `no expectation for mapping type ${type}`);
  assert.ok(schema, `${label}: declared in the schema`);
  const element = unwrapArrays(schema);
  if (expected === 'free-form') {
    assert.deepEqual(nonNullTypes(element), [], `${label} (${type}) is free-form: ${JSON.stringify(schema)}`);
    assert.ok(!('properties' in element) && !('items' in element), `${label} (${type}) is free-form: ${JSON.stringify(schema)}`);
    return;
  }
  assert.ok(allowsNull(element), `${label} (${type}) allows null: ${JSON.stringify(schema)}`);
  if (expected === 'timestamp') {
    assert.deepEqual(nonNullTypes(element), ['string'], `${label} (${type}): ${JSON.stringify(schema)}`);
    assert.equal(element['format'], 'date-time', `${label} (${type}): ${JSON.stringify(schema)}`);
    assert.equal(element['airbyte_type'], 'timestamp_with_timezone', `${label} (${type}): ${JSON.stringify(schema)}`);
  } else {
    assert.deepEqual(nonNullTypes(element), [expected], `${label} (${type}): ${JSON.stringify(schema)}`);
  }
}

for (const engine of engines()) {
  describe(`discover size and shape on ${engine.name}`, () => {
    const target = searchEngineTarget(engine.url);
    let available: Set<string>;
    let extras: Array<{ name: string; mapping: JsonObject }>;

    before(async () => {
      await requestJson(target, 'DELETE', `/${INDICES}?ignore_unavailable=true`);
      available = await detectAvailableFieldTypes(engine.url);
      extras = await acceptedExtraTypes(engine.url);

      const deep = deepMapping();
      await loadDocuments(engine.url, DEEP_INDEX, [{ id: 'deep-1', source: JSON.stringify(deep.document) }], { mappings: deep.mapping });

      const wide = wideMapping();
      await loadDocuments(engine.url, WIDE_INDEX, wide.documents.map((document, i) => ({ id: `wide-${i}`, source: JSON.stringify(document) })), {
        mappings: wide.mapping,
        settings: { 'index.mapping.total_fields.limit': 5000 },
      });

      const types = craftedMapping(available);
      const properties = types['properties'] as JsonObject;
      for (const extra of extras) properties[`extra_${extra.name}`] = extra.mapping;
      await loadDocuments(engine.url, TYPES_INDEX, craftedDocuments(available), { mappings: types });
    });

    after(async () => {
      await requestJson(target, 'DELETE', `/${INDICES}?ignore_unavailable=true`);
    });

    describe(`objects ${DEPTH} levels deep`, () => {
      let discovered: Discovered;
      before(async () => {
        discovered = await discoverIndex(engine, DEEP_INDEX);
      });

      test('the catalog stays within a constant factor of the mapping', (t) => assertSizeLinear(t, discovered, DEEP_INDEX));
      test('every property at every depth declares exactly one non-null type', (t) => assertOneTypeEverywhere(t, discovered, DEEP_INDEX));
      test(`the level-${DEPTH} leaf is reachable through properties, every level an object`, () => {
        const root = streamOf(discovered, DEEP_INDEX).json_schema;
        for (let level = 1; level <= DEPTH; level++) {
          const path = DEEP_PATH.slice(0, level);
          const object = schemaAt(root, path);
          assert.ok(object, `${path.join('.')} is declared`);
          assert.deepEqual(nonNullTypes(object), ['object'], `${path.join('.')}: ${JSON.stringify(object).slice(0, 200)}`);
          assert.ok(isJsonObject(object['properties']), `${path.join('.')} has properties`);
          assertFieldType(schemaAt(root, [...path, `name_${level}`]), 'keyword', `${path.join('.')}.name_${level}`);
          assertFieldType(schemaAt(root, [...path, `count_${level}`]), 'long', `${path.join('.')}.count_${level}`);
        }
        assertFieldType(schemaAt(root, [...DEEP_PATH, 'leaf']), 'keyword', 'the leaf');
        assertFieldType(schemaAt(root, [...DEEP_PATH, 'ratio']), 'double', 'the leaf ratio');
      });
    });

    describe(`a ${WIDE_GROUPS * WIDE_FIELDS_PER_GROUP}-field mapping`, () => {
      let discovered: Discovered;
      before(async () => {
        discovered = await discoverIndex(engine, WIDE_INDEX);
      });

      test('the catalog stays within a constant factor of the mapping', (t) => assertSizeLinear(t, discovered, WIDE_INDEX));
      test('every property at every depth declares exactly one non-null type', (t) => assertOneTypeEverywhere(t, discovered, WIDE_INDEX));
      test('every one of the fields is declared with the type of its mapping', () => {
        const root = streamOf(discovered, WIDE_INDEX).json_schema;
        let checked = 0;
        for (let group = 0; group < WIDE_GROUPS; group++) {
          const groupSchema = schemaAt(root, [wideName('g', group)]);
          assert.ok(groupSchema, `${wideName('g', group)} is declared`);
          assert.deepEqual(nonNullTypes(groupSchema), ['object'], wideName('g', group));
          const declared = Object.keys(groupSchema['properties'] as JsonObject).sort();
          assert.deepEqual(declared, Array.from({ length: WIDE_FIELDS_PER_GROUP }, (_, f) => wideName('f', f)), `${wideName('g', group)}: exactly its fields, no multi-field subfield`);
          for (let field = 0; field < WIDE_FIELDS_PER_GROUP; field++) {
            const path = [wideName('g', group), wideName('f', field)];
            assertFieldType(schemaAt(root, path), wideFieldType(group, field), path.join('.'));
            checked++;
          }
        }
        assert.equal(checked, WIDE_GROUPS * WIDE_FIELDS_PER_GROUP);
      });
    });

    describe('every mapping type the node accepts', () => {
      let discovered: Discovered;
      before(async () => {
        discovered = await discoverIndex(engine, TYPES_INDEX);
      });

      test('the catalog stays within a constant factor of the mapping', (t) => {
        t.diagnostic(`features: ${[...available].sort().join(', ')}; extra types accepted: ${extras.map((extra) => extra.name).join(', ')}`);
        assertSizeLinear(t, discovered, TYPES_INDEX);
      });
      test('every property at every depth declares exactly one non-null type', (t) => assertOneTypeEverywhere(t, discovered, TYPES_INDEX));

      test('each mapping type gets the type a destination should make of it', (t) => {
        const root = streamOf(discovered, TYPES_INDEX).json_schema;
        const checked: string[] = [];
        for (const field of CRAFTED_FIELDS) {
          if (!isFieldAvailable(field, available) || field.inSource === false) continue;
          const type = mappingType(field.mapping);
          if (field.name === 'disabled_object') {
            const schema = schemaAt(root, [field.name]);
            assert.ok(schema, 'disabled_object is declared');
            assert.deepEqual(nonNullTypes(unwrapArrays(schema)), [], `a disabled object is free-form: ${JSON.stringify(schema)}`);
            checked.push(field.name);
          } else if (field.name === 'date_custom_field') {
            // A custom format is neither ISO nor epoch: a string, but not promised as a timestamp.
            const schema = schemaAt(root, [field.name]);
            assert.ok(schema, 'date_custom_field is declared');
            assert.deepEqual(nonNullTypes(unwrapArrays(schema)), ['string'], `date_custom_field: ${JSON.stringify(schema)}`);
            checked.push(field.name);
          } else if (type in EXPECTED_BY_MAPPING_TYPE) {
            assertFieldType(schemaAt(root, [field.name]), type, field.name);
            checked.push(field.name);
          }
        }
        for (const extra of extras) {
          const type = mappingType(extra.mapping);
          if (type in EXPECTED_BY_MAPPING_TYPE) {
            assertFieldType(schemaAt(root, [`extra_${extra.name}`]), type, `extra_${extra.name}`);
            checked.push(`extra_${extra.name}`);
          } else {
            assert.ok(schemaAt(root, [`extra_${extra.name}`]), `extra_${extra.name} (${type}) is declared`);
          }
        }
        t.diagnostic(`type checked: ${checked.join(', ')}`);
        const core = CRAFTED_FIELDS.filter((field) => field.requires === 'core' && field.inSource !== false && mappingType(field.mapping) in EXPECTED_BY_MAPPING_TYPE);
        assert.ok(core.length >= 12, 'the crafted fixture has the core mapping types');
        for (const field of core) assert.ok(checked.includes(field.name), `${field.name} was type checked`);
      });

      test('objects declare their properties; nested objects are arrays of objects', () => {
        const root = streamOf(discovered, TYPES_INDEX).json_schema;
        const object = schemaAt(root, ['object_field']);
        assert.ok(object);
        assert.deepEqual(nonNullTypes(unwrapArrays(object)), ['object'], `object_field: ${JSON.stringify(object)}`);
        assertFieldType(schemaAt(root, ['object_field', 'name']), 'keyword', 'object_field.name');
        assertFieldType(schemaAt(root, ['object_field', 'count']), 'integer', 'object_field.count');
        assertFieldType(schemaAt(root, ['object_field', 'inner', 'flag']), 'boolean', 'object_field.inner.flag');

        for (const path of [['nested_field'], ['nested_field', 'children']]) {
          const nested = schemaAt(root, path);
          assert.ok(nested, `${path.join('.')} is declared`);
          assert.deepEqual(nonNullTypes(nested), ['array'], `${path.join('.')} (nested): ${JSON.stringify(nested).slice(0, 300)}`);
          const items = nested['items'];
          assert.ok(isJsonObject(items), `${path.join('.')} has items`);
          assert.deepEqual(nonNullTypes(items), ['object'], `${path.join('.')} items are objects`);
          assert.ok(isJsonObject(items['properties']), `${path.join('.')} items declare properties`);
        }
        assertFieldType(schemaAt(root, ['nested_field', 'value']), 'long', 'nested_field.value');
        assertFieldType(schemaAt(root, ['nested_field', 'parts', 'qty']), 'integer', 'nested_field.parts.qty');
        assertFieldType(schemaAt(root, ['nested_field', 'children', 'code']), 'keyword', 'nested_field.children.code');
      });
    });
  });
}
