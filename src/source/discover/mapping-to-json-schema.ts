import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.js';

/**
 * Turns an index mapping into the JSON schema of the stream's records.
 *
 * What `_source` can hold decides the schema, not what the index searches:
 * - any field may be missing, null, one value or an array of values, so every
 *   field's `type` lists "null", then its main type, then what Elasticsearch
 *   also accepts in `_source` (numbers sent as strings, dates as epoch
 *   numbers), and last "array" with `items` describing the elements. The
 *   first non-null type is the field's main representation: a destination
 *   that needs one column type should use it. Fields seen holding arrays in
 *   a sample of documents (`arrayFields`, dotted paths) list "array" first;
 * - multi-fields, `alias` fields, `copy_to` targets (filled at index time,
 *   not in `_source`) and runtime fields are not in `_source`, so they are no columns;
 * - a type we do not know gets a permissive schema and never fails discover.
 * Every record also carries `_id` (the primary key) and `_index`.
 */
export function mappingToJsonSchema(mapping: JsonObject, arrayFields: ReadonlySet<string> = new Set()): JsonObject {
  const properties: JsonObject = {
    _id: { type: 'string', description: 'Document _id (primary key).' },
    _index: { type: 'string', description: 'The index the document was read from.' },
  };
  const fields = isJsonObject(mapping['properties']) ? mapping['properties'] : {};
  Object.assign(properties, propertiesSchema(fields, '', copyToTargets(fields, ''), arrayFields));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: mapping['dynamic'] !== 'strict',
    required: ['_id', '_index'],
    properties,
  };
}

/** Full paths of the fields that other fields `copy_to`. */
function copyToTargets(properties: JsonObject, prefix: string, found = new Set<string>()): Set<string> {
  for (const [name, field] of Object.entries(properties)) {
    if (!isJsonObject(field)) continue;
    const copyTo = field['copy_to'];
    for (const target of Array.isArray(copyTo) ? copyTo : [copyTo]) if (typeof target === 'string') found.add(target);
    if (isJsonObject(field['properties'])) copyToTargets(field['properties'], `${prefix}${name}.`, found);
  }
  return found;
}

function propertiesSchema(properties: JsonObject, prefix: string, skip: ReadonlySet<string>, arrays: ReadonlySet<string>): JsonObject {
  const result: JsonObject = {};
  for (const [name, field] of Object.entries(properties)) {
    if (!isJsonObject(field) || skip.has(prefix + name)) continue;
    const schema = fieldSchema(field, `${prefix}${name}`, skip, arrays);
    if (schema !== undefined) result[name] = schema;
  }
  return result;
}

type Scalar = { types: string[]; extra?: JsonObject };

const STRING: Scalar = { types: ['string'] };
// Elasticsearch coerces 7.9 or "42" into an integer field but keeps them as sent in _source.
const INTEGER: Scalar = { types: ['integer', 'number', 'string'] };
const NUMBER: Scalar = { types: ['number', 'string'] };

const SCALARS: Record<string, Scalar> = {
  keyword: STRING,
  text: STRING,
  wildcard: STRING,
  constant_keyword: STRING,
  match_only_text: STRING,
  search_as_you_type: STRING,
  version: STRING,
  ip: STRING,
  binary: { types: ['string'], extra: { contentEncoding: 'base64' } },
  long: INTEGER,
  integer: INTEGER,
  short: INTEGER,
  byte: INTEGER,
  unsigned_long: INTEGER,
  token_count: INTEGER,
  double: NUMBER,
  float: NUMBER,
  half_float: NUMBER,
  scaled_float: NUMBER,
  rank_feature: NUMBER,
  boolean: { types: ['boolean', 'string'] },
};

const RANGE_TYPES = new Set(['integer_range', 'long_range', 'float_range', 'double_range', 'date_range', 'ip_range']);
/** Fields whose values never appear in `_source` under their own name. */
const NOT_IN_SOURCE = new Set(['alias']);
const ISO_DATE_FORMATS = /^(strict_)?(date_optional_time|date_time|date_time_no_millis|date_optional_time_nanos)(\|\|epoch_millis|\|\|epoch_second)?$/;

/**
 * `"null"` + the element types + `"array"`, with `items` for the array form.
 * Elasticsearch flattens arrays of arrays (`[[1, 2], [3]]`), so an element
 * may itself be an array, two levels deep, then anything.
 */
function withArrays(element: JsonObject, arrayFirst: boolean): JsonObject {
  const types = Array.isArray(element['type']) ? (element['type'] as JsonValue[]) : [element['type'] ?? 'object'];
  const { type: _type, ...rest } = element;
  const inner = { type: ['null', ...types, 'array'], ...rest, items: {} };
  const items = { type: ['null', ...types, 'array'], ...rest, items: inner };
  return { type: arrayFirst ? ['null', 'array', ...types] : ['null', ...types, 'array'], ...rest, items };
}

function fieldSchema(field: JsonObject, path: string, skip: ReadonlySet<string>, arrays: ReadonlySet<string>): JsonObject | undefined {
  const orArray = (element: JsonObject): JsonObject => withArrays(element, arrays.has(path));
  const type = typeof field['type'] === 'string' ? field['type'] : isJsonObject(field['properties']) ? 'object' : undefined;
  if (type !== undefined && NOT_IN_SOURCE.has(type)) return undefined;
  const esType: JsonObject = type === undefined ? {} : { 'x-elasticsearch-type': type };
  if (type === 'object' || type === 'nested' || type === undefined) {
    const properties = isJsonObject(field['properties']) ? propertiesSchema(field['properties'], `${path}.`, skip, arrays) : {};
    const additional = field['dynamic'] !== 'strict';
    return orArray({ type: 'object', ...esType, properties, additionalProperties: additional });
  }
  const scalar = SCALARS[type];
  if (scalar !== undefined) return orArray({ type: scalar.types, ...esType, ...(scalar.extra ?? {}) });
  if (type === 'date' || type === 'date_nanos') {
    const format = typeof field['format'] === 'string' ? field['format'] : undefined;
    const iso = format === undefined || ISO_DATE_FORMATS.test(format);
    const annotations: JsonObject = iso ? { format: 'date-time' } : { 'x-elasticsearch-format': format ?? '' };
    return orArray({ type: ['string', 'integer'], ...esType, ...annotations });
  }
  if (type === 'geo_point') {
    // An object {lat, lon}, "lat,lon", a geohash, [lon, lat] or WKT "POINT (lon lat)".
    return orArray({ type: ['object', 'string', 'number'], ...esType, properties: { lat: { type: 'number' }, lon: { type: 'number' } } });
  }
  if (type === 'dense_vector' || type === 'sparse_vector' || type === 'rank_features') {
    return { type: ['null', 'array', 'object', 'number', 'string'], ...esType, items: { type: ['null', 'number', 'string', 'array'] } };
  }
  if (RANGE_TYPES.has(type)) {
    const bound = type === 'date_range' ? { type: ['string', 'integer'] } : type === 'ip_range' ? { type: ['string'] } : { type: ['number', 'string'] };
    const bounds = Object.fromEntries(['gte', 'gt', 'lte', 'lt'].map((key) => [key, bound]));
    return orArray({ type: ['object', 'string'], ...esType, properties: bounds });
  }
  if (type === 'flattened' || type === 'flat_object' || type === 'geo_shape' || type === 'shape' || type === 'percolator' || type === 'join') {
    // Free-form JSON (an object, a GeoJSON or WKT shape, a query): kept as it is.
    return { ...esType };
  }
  // A type we do not know: anything goes, so discover never fails on it.
  return { ...esType };
}
