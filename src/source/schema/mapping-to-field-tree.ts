import { isJsonObject, type JsonObject } from '../../json/json-value.js';
import { parseDateFormat } from './date-format.js';
import type { FieldMap, FieldNode, FieldTree, FieldType } from './field-node.js';

/** Whether a dotted path is declared a list (seen holding arrays, or named by the user). */
export type ArrayRule = (path: string) => boolean;

const STRING: FieldType = { kind: 'string' };
const INTEGER: FieldType = { kind: 'integer' };
const NUMBER: FieldType = { kind: 'number' };
const FREE: FieldType = { kind: 'free' };

/**
 * Mapping types with a fixed scalar shape. `unsigned_long` is an integer:
 * values above 2^63-1 travel as exact JSON integers (every digit), which
 * INT64 destinations null and report in `_airbyte_meta`, and which
 * destination-s3-parquet keeps in `_airbyte_overflow`.
 */
const SCALARS: Readonly<Record<string, FieldType>> = {
  keyword: STRING, text: STRING, wildcard: STRING, constant_keyword: STRING, match_only_text: STRING,
  search_as_you_type: STRING, version: STRING, ip: STRING, annotated_text: STRING, icu_collation_keyword: STRING,
  counted_keyword: STRING, murmur3: STRING,
  // `_source` holds the text; only the index holds its token count.
  token_count: STRING,
  binary: { kind: 'string', binary: true },
  long: INTEGER, integer: INTEGER, short: INTEGER, byte: INTEGER, unsigned_long: INTEGER,
  double: NUMBER, float: NUMBER, half_float: NUMBER, scaled_float: NUMBER, rank_feature: NUMBER,
  boolean: { kind: 'boolean' },
};

/** Vectors: always a list of numbers. */
const VECTORS = new Set(['dense_vector', 'knn_vector']);
const RANGE_BOUNDS: Readonly<Record<string, FieldType>> = {
  integer_range: INTEGER, long_range: INTEGER, float_range: NUMBER, double_range: NUMBER, ip_range: STRING,
};
/** Fields whose values never appear in `_source` under their own name. */
const NOT_IN_SOURCE = new Set(['alias']);

/**
 * The fields of one index mapping. What `_source` holds decides, not what
 * the index searches: multi-fields, `alias` fields, `copy_to` targets and
 * runtime fields are not in `_source`, so they are no fields. Each subtree
 * is described once, so the tree (and its schema) grows linearly with the mapping.
 */
export function mappingToFieldTree(mapping: JsonObject, arrays: ArrayRule): FieldTree {
  const properties = isJsonObject(mapping['properties']) ? mapping['properties'] : {};
  const skip = copyToTargets(properties, '', new Set());
  return { fields: fieldsOf(properties, '', skip, arrays), open: mapping['dynamic'] !== 'strict' };
}

function fieldsOf(properties: JsonObject, prefix: string, skip: ReadonlySet<string>, arrays: ArrayRule): FieldMap {
  const fields = new Map<string, FieldNode>();
  for (const [name, field] of Object.entries(properties)) {
    const path = prefix + name;
    if (!isJsonObject(field) || skip.has(path)) continue;
    const node = fieldOf(field, path, skip, arrays);
    if (node !== undefined) fields.set(name, node);
  }
  return fields;
}

function fieldOf(field: JsonObject, path: string, skip: ReadonlySet<string>, arrays: ArrayRule): FieldNode | undefined {
  const esType = typeof field['type'] === 'string' ? field['type'] : 'object';
  if (NOT_IN_SOURCE.has(esType)) return undefined;
  const node = (type: FieldType, array = arrays(path), format?: string): FieldNode => (format === undefined ? { type, array, esType } : { type, array, esType, format });
  if (esType === 'object' || esType === 'nested') {
    // A disabled object is stored, not parsed: anything may be in it.
    if (field['enabled'] === false) return node(FREE);
    const properties = isJsonObject(field['properties']) ? field['properties'] : {};
    const type: FieldType = { kind: 'object', fields: fieldsOf(properties, `${path}.`, skip, arrays), open: field['dynamic'] !== 'strict' };
    return node(type, esType === 'nested' || arrays(path));
  }
  const scalar = SCALARS[esType];
  if (scalar !== undefined) return node(scalar);
  if (esType === 'date' || esType === 'date_nanos') {
    const format = typeof field['format'] === 'string' ? field['format'] : undefined;
    return node(dateType(format), arrays(path), format);
  }
  if (esType === 'geo_point') return node(GEO_POINT);
  if (VECTORS.has(esType)) return node(NUMBER, true);
  if (esType === 'date_range') {
    // The bounds carry the range's type and format, so a schema read back still knows how they read numbers.
    const format = typeof field['format'] === 'string' ? field['format'] : undefined;
    return node(rangeOf(dateType(format), 'date', format));
  }
  const bound = RANGE_BOUNDS[esType];
  if (bound !== undefined) return node(rangeOf(bound, '', undefined));
  // flattened, flat_object, geo_shape, shape, point, join, percolator, completion, histogram, sparse vectors
  // and any type we do not know: free-form, and discover never fails on them.
  return node(FREE);
}

/** A geo_point as `{lat, lon}`; the conformer turns the other forms Elasticsearch accepts into it. */
const GEO_POINT: FieldType = {
  kind: 'object',
  open: false,
  fields: new Map([
    ['lat', { type: NUMBER, array: false, esType: '' }],
    ['lon', { type: NUMBER, array: false, esType: '' }],
  ]),
};

/** A date of this format: a timestamp where its text is ISO (reading numbers as its epoch unit), else text. */
function dateType(format: string | undefined): FieldType {
  const parsed = parseDateFormat(format);
  return !parsed.iso ? STRING : parsed.epoch === undefined ? { kind: 'timestamp' } : { kind: 'timestamp', epoch: parsed.epoch };
}

function rangeOf(bound: FieldType, esType: string, format: string | undefined): FieldType {
  const node: FieldNode = format === undefined ? { type: bound, array: false, esType } : { type: bound, array: false, esType, format };
  const fields = new Map<string, FieldNode>(['gte', 'gt', 'lte', 'lt'].map((key) => [key, node]));
  return { kind: 'object', fields, open: false };
}

/** Full paths of the fields that other fields `copy_to` (filled at index time, not in `_source`). */
function copyToTargets(properties: JsonObject, prefix: string, found: Set<string>): Set<string> {
  for (const [name, field] of Object.entries(properties)) {
    if (!isJsonObject(field)) continue;
    const copyTo = field['copy_to'];
    for (const target of Array.isArray(copyTo) ? copyTo : [copyTo]) if (typeof target === 'string') found.add(target);
    if (isJsonObject(field['properties'])) copyToTargets(field['properties'], `${prefix}${name}.`, found);
  }
  return found;
}
